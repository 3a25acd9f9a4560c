"""`ekinerja remind` (for cron or a systemd timer): mail each person what is missing, overdue or
waiting for their verification; `ekinerja user email`: where an account's reminders go."""

from __future__ import annotations

from datetime import date

import click

from ekinerja.clihelp import HelpCommand
from ekinerja.messages import N_, Message
from ekinerja.storage.cli import PLAN_IN_DATABASE, _errors, database_option, open_database


@click.command("remind", cls=HelpCommand, help=N_(
    "Mail the reminders.\n\nEach account with an e-mail address gets its missing and overdue "
    "realizations, drafts and rejected entries, and what waits for its verification. Deadlines: "
    "EKINERJA_DEADLINE_DAYS after each period ends; mail over EKINERJA_SMTP_*. Exit 0 sent (or "
    "nothing to send), 2 no mail server configured (without --dry-run)."))
@database_option
@click.option("--plan", "plan_code", help=PLAN_IN_DATABASE)
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help=N_("the day to count deadlines from (default: today)."))
@click.option("--dry-run", is_flag=True, help=N_("print the mails instead of sending them."))
def remind_command(database: str | None, plan_code: str | None, today: object,
                   dry_run: bool) -> None:
    from ekinerja.services import deadlines, mail
    from ekinerja.settings import from_environment

    with _errors():
        settings = from_environment()
        day = today.date() if today is not None else date.today()  # type: ignore[attr-defined]
        if not dry_run and not settings.smtp_host:
            click.echo(Message(N_("EKINERJA_SMTP_HOST is not set (or use --dry-run)")).bilingual(),
                       err=True)
            raise SystemExit(2)
        db = open_database(database)
        found = deadlines.reminders(db, plan_code, day, settings.deadline_days)
        messages = [mail.compose(r, settings.mail_from, settings.app_url) for r in found]
        if dry_run:
            for message in messages:
                click.echo(message.as_string())
            click.echo(Message(N_("{count} mails (not sent)"),
                               {"count": str(len(messages))}).bilingual(), err=True)
            return
        sent = mail.send(messages, mail.SmtpSettings(
            settings.smtp_host or "", settings.smtp_port, settings.smtp_user,
            settings.smtp_password, settings.smtp_starttls, settings.mail_from))
        click.echo(Message(N_("{count} mails sent"), {"count": str(sent)}).bilingual(), err=True)


@click.command("email", cls=HelpCommand, help=N_(
    "Set the e-mail address of an account's reminders ('' clears it)."))
@click.argument("username")
@click.argument("address")
@database_option
def user_email_command(username: str, address: str, database: str | None) -> None:
    from ekinerja import services
    from ekinerja.services import deadlines

    with _errors():
        db = open_database(database)
        deadlines.set_account_email(db, services.system_user(), username, address)
        click.echo(f"{username}: {address or '—'}")


def register(group: click.Group) -> None:
    """Add `remind` to the main group and `email` to its `user` group."""
    group.add_command(remind_command)
    users = group.commands.get("user")
    if isinstance(users, click.Group):
        users.add_command(user_email_command)
