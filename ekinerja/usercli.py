"""The `ekinerja user` commands: add, list, edit, passwd, disable, enable, import-employees.

Exit status: 0 done; 2 bad input (unknown role, unit or employee, empty or invalid name, short
password); 1 a refused change (the name exists, no such user, the last admin).
"""

from __future__ import annotations

import io
import json
import os
import select
import sys
from pathlib import Path
from typing import Any

import click

from ekinerja.clihelp import HelpGroup
from ekinerja.messages import N_, Message
from ekinerja.storage.cli import ERROR, _errors, database_option, open_database

STDIN_WAIT_SECONDS = 1.0
PASSWORD = N_("password")
DISPLAY_NAME = N_("display name.")
PASSWORD_STDIN = N_("read the password from standard input (else one is generated and printed "
                    "once).")


def _settings() -> Any:
    from ekinerja.settings import from_environment

    return from_environment()


def _piped_line() -> str | None:
    """A line piped into standard input without --password-stdin (None when stdin is a
    terminal, empty, or nothing arrives within a second: never waits on a person)."""
    stream = sys.stdin
    if stream is None or stream.closed:
        return None
    try:
        if stream.isatty():
            return None
        fd = stream.fileno()
    except (OSError, ValueError, io.UnsupportedOperation):  # in-memory (tests): read it
        return stream.readline().rstrip("\r\n") or None
    ready, _, _ = select.select([fd], [], [], STDIN_WAIT_SECONDS)
    if not ready:
        return None
    return stream.readline().rstrip("\r\n") or None


def new_password(from_stdin: bool) -> tuple[str | None, bool]:
    """The password to set and whether it was generated (None: generate).

    With `from_stdin` the first line of standard input (a prompt without echo on a
    terminal); without it a line piped in is used too, else one is generated."""
    if from_stdin:
        if sys.stdin is not None and sys.stdin.isatty():
            return click.prompt(Message(PASSWORD).bilingual(), hide_input=True,
                                confirmation_prompt=True, err=True), False
        line = sys.stdin.readline() if sys.stdin is not None else ""
        password = line.rstrip("\r\n")
        if not password:
            click.echo(f"{Message(ERROR).bilingual()}: "
                       + Message(N_("no password on standard input")).bilingual(), err=True)
            sys.exit(2)
        return password, False
    piped = _piped_line()
    if piped is not None:
        click.echo(Message(N_("password read from standard input")).bilingual(), err=True)
        return piped, False
    return None, True


def show_generated(username: str, password: str) -> None:
    """Print a generated password once (stdout, last line) with a warning on stderr."""
    click.echo(Message(N_("keep this password now: it is not shown again")).bilingual(),
               err=True)
    click.echo(f"{Message(PASSWORD).bilingual()} ({username}): {password}")


def _describe(account: Any) -> str:
    ties = [f"unit {account.unit}" if account.unit else "",
            f"NIP {account.nip}" if account.nip else ""]
    shown = ", ".join(t for t in ties if t)
    return f"{account.username} ({account.role}{', ' + shown if shown else ''})"


@click.group("user", cls=HelpGroup, help=N_(
    "Manage accounts.\n\nRoles: admin, planner, evaluator, head, operator, employee, viewer."))
def user_group() -> None:
    pass


@user_group.command("add", help=N_("Add an account."))
@click.argument("username")
@click.option("--role", required=True, metavar="ROLE",
              help=N_("role: admin | planner | evaluator | head | operator | employee | viewer."))
@click.option("--unit", metavar="CODE", help=N_("unit code (scope: its subtree)."))
@click.option("--employee", "nip", metavar="NIP", help=N_("the employee's NIP."))
@click.option("--name", "display", metavar="TEXT", help=DISPLAY_NAME)
@click.option("--password-stdin", is_flag=True, help=PASSWORD_STDIN)
@database_option
def user_add(username: str, role: str, unit: str | None, nip: str | None, display: str | None,
             password_stdin: bool, database: str | None) -> None:
    from ekinerja import passwords, permissions
    from ekinerja.services import accounts, system_user

    with _errors():
        accounts.check_username(username)
        accounts.check_role(role)
        password, generated = new_password(password_stdin)
        db = open_database(database)
        chosen = passwords.generate() if password is None else password
        account = accounts.create_account(
            db, system_user(), username, role, chosen, name=display, unit=unit, nip=nip,
            generated=generated, min_length=_settings().password_min_length)
        click.echo(Message(N_("account created")).bilingual() + f": {_describe(account)}")
        for need in permissions.missing_ties(account.role, account.unit, account.nip):
            click.echo(Message(N_("warning")).bilingual() + ": " + Message(
                N_("without --{need}, {role} can change nothing"),
                {"need": need, "role": account.role}).bilingual(), err=True)
        if generated:
            show_generated(account.username, chosen)


def compact(msgid: str) -> str:
    """A table cell in both languages without spaces ("nonaktif/disabled")."""
    message = Message(msgid)
    return f"{message.text('id')}/{message.text('en')}"


def _yes(value: bool) -> str:
    return compact(N_("disabled")) if value else "-"


def _when(account: Any) -> str:
    at = account.last_sign_in_at
    return "-" if at is None else at.strftime("%Y-%m-%d %H:%M UTC")


@user_group.command("list", help=N_(
    "List the accounts: role, unit, employee, disabled, last sign-in."))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@database_option
def user_list(fmt: str, database: str | None) -> None:
    from ekinerja.services import accounts

    with _errors():
        db = open_database(database)
        found = accounts.list_accounts(db)
    if fmt == "json":
        click.echo(json.dumps([a.as_dict() for a in found], ensure_ascii=False, indent=2))
        return
    header = (compact(N_("user")), compact(N_("role")), "unit", compact(N_("employee")),
              "status", compact(N_("last sign-in")))
    rows = [(a.username, a.role, a.unit or "-", a.nip or "-", _yes(a.disabled), _when(a))
            for a in found]
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        click.echo("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())


@user_group.command("edit", help=N_("Change an account's role, unit, employee or name."))
@click.argument("username")
@click.option("--role", metavar="ROLE", help=N_("new role."))
@click.option("--unit", metavar="CODE", help=N_("new unit."))
@click.option("--employee", "nip", metavar="NIP", help=N_("new NIP."))
@click.option("--name", "display", metavar="TEXT", help=DISPLAY_NAME)
@database_option
def user_edit(username: str, role: str | None, unit: str | None, nip: str | None,
              display: str | None, database: str | None) -> None:
    from ekinerja.services import accounts, system_user

    changes: dict[str, Any] = {}
    for key, value in (("role", role), ("unit", unit), ("nip", nip), ("name", display)):
        if value is not None:
            changes[key] = value or None
    with _errors():
        db = open_database(database)
        account = accounts.update_account(db, system_user(), username, **changes)
        click.echo(Message(N_("account")).bilingual() + f": {_describe(account)}")


@user_group.command("passwd", help=N_(
    "Set a new password (other sessions of the account end)."))
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help=PASSWORD_STDIN)
@click.option("--must-change", is_flag=True, help=N_("must be replaced at the next sign-in."))
@database_option
def user_passwd(username: str, password_stdin: bool, must_change: bool,
                database: str | None) -> None:
    from ekinerja import passwords
    from ekinerja.services import accounts, system_user

    with _errors():
        password, generated = new_password(password_stdin)
        db = open_database(database)
        chosen = passwords.generate() if password is None else password
        account = accounts.set_password(db, system_user(), username, chosen, generated=generated,
                                        must_change_password=must_change,
                                        min_length=_settings().password_min_length)
        click.echo(Message(N_("password changed")).bilingual() + f": {account.username}")
        if generated:
            show_generated(account.username, chosen)


def _switch(username: str, database: str | None, disabled: bool) -> None:
    from ekinerja.services import accounts, system_user

    with _errors():
        db = open_database(database)
        account = accounts.set_disabled(db, system_user(), username, disabled)
        state = Message(N_("account disabled") if disabled else N_("account enabled"))
        click.echo(f"{state.bilingual()}: {account.username}")


@user_group.command("disable", help=N_(
    "Disable an account (it can no longer sign in; sessions end)."))
@click.argument("username")
@database_option
def user_disable(username: str, database: str | None) -> None:
    _switch(username, database, True)


@user_group.command("enable", help=N_("Enable an account again."))
@click.argument("username")
@database_option
def user_enable(username: str, database: str | None) -> None:
    _switch(username, database, False)


@user_group.command("import-employees", help=N_(
    "Create an employee account (user name = NIP) for every employee of a plan without one, "
    "with one-time passwords."))
@click.option("--plan", "plan_code", metavar="CODE", help=N_("plan code."))
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False),
              help=N_("workbook of the one-time passwords (readable by its owner only)."))
@database_option
def user_import_employees(plan_code: str | None, output: str, database: str | None) -> None:
    from ekinerja.services import accounts, system_user

    target = Path(output)
    with _errors():
        if target.suffix.lower() != ".xlsx":
            click.echo(f"{Message(ERROR).bilingual()}: "
                       + Message(N_("-o must be an .xlsx file")).bilingual(), err=True)
            sys.exit(2)
        if target.exists():
            click.echo(f"{Message(ERROR).bilingual()}: "
                       + Message(N_("file exists")).bilingual() + f": {target}", err=True)
            sys.exit(1)
        db = open_database(database)

        def deliver(credentials: list[accounts.Credential]) -> None:
            _write_private(target, accounts.credentials_workbook(credentials))

        try:
            result = accounts.create_employee_accounts(db, system_user(), plan_code, deliver)
        except BaseException:
            target.unlink(missing_ok=True)  # no passwords of accounts that do not exist
            raise
        created, exist = Message(N_("accounts created")), Message(N_("already exist"))
        click.echo(f"{result.plan_code}: {len(result.created)} {created.bilingual()}, "
                   f"{len(result.skipped)} {exist.bilingual()}; "
                   + Message(N_("passwords")).bilingual() + f": {target}")


def _write_private(path: Path, data: bytes) -> None:
    """Write a file only its owner may read (0600), refusing to replace one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def register(group: click.Group) -> None:
    """Add `user` (with `user token`) to the main `ekinerja` group."""
    from ekinerja.tokencli import token_group

    user_group.add_command(token_group)
    group.add_command(user_group)
