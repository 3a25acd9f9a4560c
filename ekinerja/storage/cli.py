"""Database commands of `ekinerja`: init, db upgrade/status/backup/restore, demo, import,
export."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from ekinerja.clihelp import HelpCommand, HelpGroup
from ekinerja.data import EXAMPLE_PLAN
from ekinerja.messages import N_, Message
from ekinerja.model import InvalidPlan, PlanDocument
from ekinerja.storage.database import Database, DatabaseError

MAX_CHANGES_SHOWN = 200
ERROR = N_("error")  # the label of a failure's line: "kesalahan / error: ..."
SCHEMA = N_("schema")
BACKUP = N_("backup")
PLAN_COUNTS = N_("{plan}, {objectives} objectives, {indicators} indicators")
PLAN_WHEN_SEVERAL = N_("plan code (when several).")
PLAN_IN_DATABASE = N_("plan code in the database.")

database_option = click.option(
    "--database",
    "database",
    envvar="EKINERJA_DATABASE_URL",
    metavar="URL",
    help=N_("database URL (default: the per-user SQLite file)."),
)


@contextmanager
def _errors() -> Iterator[None]:
    """Turn database, validation and service errors into one-line messages and exit codes."""
    from sqlalchemy.exc import DBAPIError

    from ekinerja import services
    from ekinerja.settings import SettingError

    try:
        yield
    except SettingError as exc:
        click.echo(Message(N_("setting error")).bilingual() + f": {exc}", err=True)
        sys.exit(2)
    except DatabaseError as exc:
        click.echo(f"{Message(ERROR).bilingual()}: {exc}", err=True)
        sys.exit(exc.exit_code)
    except InvalidPlan as exc:
        for problem in exc.problems:
            if problem.severity == "error":
                click.echo(f"{Message(ERROR).bilingual()}: {problem}", err=True)
        sys.exit(2)
    except services.ServiceError as exc:
        click.echo(f"{Message(ERROR).bilingual()}: {exc}", err=True)
        sys.exit(getattr(exc, "exit_code", 1))
    except DBAPIError as exc:
        first = str(exc.orig or exc).strip().splitlines()[0]
        click.echo(Message(N_("database error")).bilingual() + f": {first}", err=True)
        sys.exit(1)


def _database(url: str | None) -> Database:
    """A Database closed when the command ends; its location printed first."""
    db = Database(url)
    click.get_current_context().call_on_close(db.dispose)
    click.echo(Message(N_("database")).bilingual() + f": {db.location}", err=True)
    return db


def open_database(url: str | None, *, upgrade: bool = False) -> Database:
    """Open the database, print where it is, and upgrade or check its schema."""
    db = _database(url)
    if upgrade:
        db.upgrade()
    else:
        db.check_schema()
    return db


def _read_plan(path: str) -> PlanDocument:
    """The plan of a file to import: the fast checked reader when it can (ekinerja.planfile)."""
    from ekinerja.planfile import read_plan

    return read_plan(path)


def _import(db: Database, doc: PlanDocument, dry_run: bool, allow_removals: bool = False
            ) -> Any:
    from ekinerja import services

    size = services.document_size(doc)
    user = services.system_user()
    if size < 20_000 or not sys.stderr.isatty():
        return services.import_document(db, user, doc, dry_run=dry_run,
                                        allow_removals=allow_removals)
    label = Message(N_("import")).bilingual()
    with click.progressbar(length=size, label=label, file=sys.stderr) as bar:
        update: Callable[[int], None] = bar.update
        return services.import_document(db, user, doc, dry_run=dry_run, progress=update,
                                        allow_removals=allow_removals)


def _print_report(report: Any) -> None:
    if not report.created:
        for line in report.changes[:MAX_CHANGES_SHOWN]:
            click.echo(f"  {line}")
        hidden = len(report.changes) - MAX_CHANGES_SHOWN
        if hidden > 0:
            click.echo("  " + Message(N_("… {count} more"), {"count": str(hidden)}).bilingual())
    click.echo(report.summary())


@click.command("init", cls=HelpCommand,
               help=N_("Create or upgrade the database and the first admin."))
@database_option
@click.option("--admin", "admin", default="admin", show_default=True,
              help=N_("admin user name."))
@click.option("--name", default="Administrator", show_default=True,
              help=N_("admin full name."))
@click.option("--password-stdin", is_flag=True,
              help=N_("read the admin's password from standard input (else one is generated "
                      "and printed once, for a new admin)."))
def init_command(database: str | None, admin: str, name: str, password_stdin: bool) -> None:
    from ekinerja.services import accounts
    from ekinerja.settings import from_environment
    from ekinerja.usercli import new_password, show_generated

    with _errors():
        accounts.check_username(admin)
        password, generated = new_password(password_stdin)
        db = open_database(database, upgrade=True)
        account, now_set = accounts.ensure_admin(
            db, admin, password, name=name,
            min_length=from_environment().password_min_length)
        click.echo(Message(N_("ready")).bilingual() + f": {db.location} "
                   f"(admin: {account.username})")
        if now_set is None:
            click.echo(Message(N_("admin {username} already has a password (change: ekinerja "
                                  "user passwd {username})"),
                               {"username": account.username}).bilingual(), err=True)
        elif generated:
            show_generated(account.username, now_set)
        else:
            click.echo(Message(N_("password set")).bilingual() + f": {account.username}")


@click.group("db", cls=HelpGroup, help=N_("Database commands."))
def db_group() -> None:
    pass


@db_group.command("upgrade", help=N_("Bring the database schema up to date (Alembic "
                                      "migrations)."))
@database_option
def db_upgrade(database: str | None) -> None:
    with _errors():
        db = _database(database)
        before = db.current_revision()
        db.upgrade()
        after = db.current_revision()
        click.echo(f"{Message(SCHEMA).bilingual()}: {before or '-'} -> {after}")


@db_group.command("status", help=N_("Show the schema version and the plans."))
@database_option
def db_status(database: str | None) -> None:
    from ekinerja import services

    with _errors():
        db = open_database(database)
        revision = Message(N_("revision")).bilingual()
        click.echo(f"{Message(SCHEMA).bilingual()}: {db.current_revision()}  "
                   f"{revision}: {services.revision(db)}")
        for plan in services.list_plans(db):
            click.echo(
                f"  {plan['code']}: {plan['name']} ({plan['start_year']}–{plan['end_year']})"
            )


@db_group.command("backup", help=N_(
    "Copy the live SQLite database to FILE, or to a time-stamped file in a folder with --keep N "
    "rotation (for a schedule, e.g. cron)."))
@click.argument("file", type=click.Path(), required=False)
@click.option("--dir", "folder", type=click.Path(file_okay=False),
              help=N_("folder of time-stamped backups (default: backups/ next to the "
                      "database)."))
@click.option("--keep", type=click.IntRange(1), default=None,
              help=N_("keep the newest N backups in the folder, delete older ones."))
@database_option
def db_backup(file: str | None, folder: str | None, keep: int | None,
              database: str | None) -> None:
    from ekinerja.storage import backups

    with _errors():
        db = _database(database)
        if file is not None and keep is None and folder is None:
            click.echo(f"{Message(BACKUP).bilingual()}: {db.backup(file)}")
            return
        made, removed = backups.rotate(db, folder or file, keep)
        click.echo(f"{Message(BACKUP).bilingual()}: {made}")
        for old in removed:
            click.echo("  " + Message(N_("removed")).bilingual() + f": {old}")


@db_group.command("restore", help=N_(
    "Bring a plan back to its snapshot before an import, or the database back from a backup."))
@click.option("--snapshot", "snapshot_id", type=int,
              help=N_("the import snapshot to restore (default: the newest)."))
@click.option("--plan", "plan_code", help=PLAN_WHEN_SEVERAL)
@click.option("--list", "list_only", is_flag=True, help=N_("list the snapshots."))
@click.option("--from-backup", "backup", type=click.Path(exists=True, dir_okay=False),
              help=N_("put a backup file (ekinerja db backup) in place of the database (stop "
                      "the server first)."))
@database_option
def db_restore(snapshot_id: int | None, plan_code: str | None, list_only: bool,
               backup: str | None, database: str | None) -> None:
    from ekinerja import services
    from ekinerja.storage import backups

    with _errors():
        db = _database(database)
        if backup is not None:
            click.echo(Message(N_("restored")).bilingual() + f": {backups.restore(db, backup)}")
            return
        db.check_schema()
        if list_only:
            for s in services.import_snapshots(db, plan_code):
                click.echo(f"  {s['id']}: {s['plan_code']} {s['taken_at']:%Y-%m-%d %H:%M:%S} "
                           f"{s['author']} {s['reason'] or ''}")
            return
        report = services.restore_snapshot(db, services.system_user(), snapshot_id, plan_code)
        _print_report(report)


@click.command("demo", cls=HelpCommand,
               help=N_("Create or refresh the demo database from the NTB example."))
@database_option
def demo_command(database: str | None) -> None:
    with _errors():
        doc = _read_plan(str(EXAMPLE_PLAN))
        db = open_database(database, upgrade=True)
        report = _import(db, doc, dry_run=False, allow_removals=True)  # a refresh, by design
        click.echo(report.summary())
        _print_current_score(db, doc.plan.code)
        _print_demo_accounts(db)


def _print_demo_accounts(db: Database) -> None:
    """Create or reset one account per role, tied to units and employees of the example."""
    from ekinerja import passwords
    from ekinerja.services import accounts

    password = passwords.generate()
    made = accounts.refresh_demo_accounts(db, password)
    click.echo(Message(N_("demo accounts, one per role:")).bilingual())
    for account in made:
        click.echo(f"  {account.username:<15} {account.role:<10} {account.unit or '-':<18} "
                   f"{account.nip or '-'}")
    click.echo(Message(N_("password of every demo account")).bilingual() + f": {password}")


def _print_current_score(db: Database, plan_code: str) -> None:
    from ekinerja import services
    from ekinerja.report import default_period

    engine = services.load_engine(db, plan_code)
    period = default_period(engine)
    evaluation = engine.evaluate(period)
    score = evaluation.objective(evaluation.root)["score"]
    shown = "-" if score is None else f"{score:.2f}"
    click.echo(Message(N_("score")).bilingual() + f" {evaluation.root} {period}: {shown}")


@click.command("import", cls=HelpCommand, help=N_(
    "Import a plan (JSON / xlsx) in one transaction.\n\nA list (sheet or JSON key) absent from "
    "the file leaves that part of the plan as it is; removing stored items needs "
    "--allow-removals. The plan as it was is kept as a snapshot first: `ekinerja db restore` "
    "brings it back."))
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help=N_("only show what changes."))
@click.option("--allow-removals", is_flag=True,
              help=N_("allow removing stored items missing from a list the file holds (a list "
                      "absent from the file is kept)."))
@database_option
def import_command(file: str, dry_run: bool, allow_removals: bool, database: str | None) -> None:
    from ekinerja import services

    with _errors():
        # the database first: a missing or outdated schema is said before a long read
        db = open_database(database, upgrade=False)
        doc = _read_plan(file)
        try:
            report = _import(db, doc, dry_run, allow_removals)
        except services.RemovalsRefused as exc:
            _print_report(exc.report)
            raise
        _print_report(report)
        if report.snapshot is not None:
            click.echo(Message(N_("snapshot before the import")).bilingual()
                       + f": {report.snapshot} (ekinerja db restore --snapshot {report.snapshot})")


@click.command("export", cls=HelpCommand,
               help=N_("Export a plan to a JSON or workbook (xlsx) file."))
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--plan", "plan_code", help=PLAN_WHEN_SEVERAL)
@database_option
def export_command(file: str, plan_code: str | None, database: str | None) -> None:
    from ekinerja import interchange, services

    with _errors():
        db = open_database(database)
        doc = services.load_document(db, plan_code)
        interchange.save(doc, file)
        click.echo(f"{file}: " + Message(PLAN_COUNTS, {
            "plan": doc.plan.code, "objectives": str(len(doc.objectives)),
            "indicators": str(len(doc.indicators))}).bilingual())


def register(group: click.Group) -> None:
    """Add the database commands to the main `ekinerja` group."""
    for command in (init_command, db_group, demo_command, import_command, export_command):
        group.add_command(command)
