"""The `ekinerja serve` command: the web app on a database or, read-only, on a plan file."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from ekinerja.clihelp import HelpCommand
from ekinerja.messages import N_, Message

if TYPE_CHECKING:
    from ekinerja.storage.database import Database


@click.command("serve", cls=HelpCommand, help=N_(
    "Run the web app (http://HOST:PORT).\n\nUnder gunicorn (production: worker processes, "
    "timeouts, recycled workers; --dev for the Flask development server); everything but "
    "/login, /healthz and the static assets asks to sign in. The accounts live in the database "
    "(--database, EKINERJA_DATABASE_URL or the default SQLite file), with --plan-file too. On a "
    "database whose schema is missing, outdated or newer than the program it refuses to start "
    "with a one-line message (`--upgrade` upgrades it first)."))
@click.option("--host", default="127.0.0.1", show_default=True, help=N_("host address."))
@click.option("--port", default=8050, show_default=True, type=int, help=N_("port."))
@click.option(
    "--database",
    envvar="EKINERJA_DATABASE_URL",
    default=None,
    help=N_("database URL (default: EKINERJA_DATABASE_URL or the SQLite file)."),
)
@click.option("--plan", "plan_code", default=None, help=N_("plan code."))
@click.option(
    "--plan-file",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help=N_("show a plan file read-only."),
)
@click.option("--lang", type=click.Choice(["id", "en"]), default=None,
              help=N_("default language (default: EKINERJA_LANG or id)."))
@click.option("--debug", is_flag=True, default=None,
              help=N_("Dash dev tools (default: EKINERJA_DEBUG); never the interactive "
                      "debugger."))
@click.option("--upgrade", is_flag=True,
              help=N_("upgrade the database schema first."))
@click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True,
              envvar="EKINERJA_WORKERS",
              help=N_("worker processes (gunicorn)."))
@click.option("--threads", type=click.IntRange(1, 64), default=8, show_default=True,
              envvar="EKINERJA_THREADS", help=N_("threads per worker."))
@click.option("--timeout", type=click.IntRange(5, 3600), default=60, show_default=True,
              envvar="EKINERJA_TIMEOUT",
              help=N_("seconds a request may take before its worker is replaced."))
@click.option("--max-requests", type=click.IntRange(0), default=10_000, show_default=True,
              envvar="EKINERJA_MAX_REQUESTS",
              help=N_("replace a worker after N requests (0: never)."))
@click.option("--dev", is_flag=True,
              help=N_("Flask development server (one process; for working on the code, never "
                      "in production)."))
def serve_command(host: str, port: int, database: str | None, plan_code: str | None,
                  plan_file: str | None, lang: str | None, debug: bool | None, upgrade: bool,
                  workers: int, threads: int, timeout: int, max_requests: int,
                  dev: bool) -> None:
    from ekinerja import server, weblog
    from ekinerja.settings import from_environment
    from ekinerja.storage.cli import _errors

    with _errors():
        settings = from_environment(database_url=database, plan_code=plan_code,
                                    plan_file=plan_file, locale=lang, debug=debug,
                                    warm=True)
    _check_database(settings.database_url, upgrade)
    weblog.configure_logging()
    options = server.ServeOptions(host=host, port=port, workers=workers, threads=threads,
                                  timeout=timeout, max_requests=max_requests)
    source = plan_file or database or Message(N_("default database")).bilingual()
    mode = "dev" if dev else f"gunicorn, {workers} x {threads}"
    click.echo(f"ekinerja: http://{host}:{port}  ({source}; {mode})", err=True)
    if dev:
        from ekinerja.app import create_app

        server.run_development(create_app(settings), options, settings.debug)
    else:
        server.run_gunicorn(lambda: _wsgi_app(settings), options)


def _wsgi_app(settings: Any) -> Any:
    """The Flask server of the app (built in each gunicorn worker)."""
    from ekinerja.app import create_app

    return create_app(settings).server


def _check_database(url: str | None, upgrade: bool) -> None:
    """Exit with a one-line message unless the database is on this program's schema."""
    from ekinerja.storage.cli import _errors
    from ekinerja.storage.database import Database

    with _errors():
        db = Database(url)
        click.echo(Message(N_("database")).bilingual() + f": {db.location}", err=True)
        try:
            if upgrade:
                db.upgrade()
            db.check_schema()
            if db.sqlite_file is not None:  # the data and the session key: owner only
                from ekinerja.server import protect_file

                protect_file(db.sqlite_file)
            _warn_without_accounts(db)
        finally:
            db.dispose()


def _warn_without_accounts(db: Database) -> None:
    from ekinerja.services import accounts

    if not any(a.has_password and not a.disabled for a in accounts.list_accounts(db)):
        click.echo(Message(N_("warning")).bilingual() + ": " + Message(N_(
            "no account can sign in yet: ekinerja init --admin NAME (or ekinerja user add)")
        ).bilingual(), err=True)


def register(group: click.Group) -> None:
    """Add `serve` to the main `ekinerja` group."""
    group.add_command(serve_command)
