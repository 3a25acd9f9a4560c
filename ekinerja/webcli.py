"""The `ekinerja serve` command: the web app on a database or, read-only, on a plan file."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from ekinerja.storage.database import Database


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Alamat / host address.")
@click.option("--port", default=8050, show_default=True, type=int, help="Port.")
@click.option(
    "--database",
    envvar="EKINERJA_DATABASE_URL",
    default=None,
    help="URL basis data / database URL (default: EKINERJA_DATABASE_URL or the SQLite file).",
)
@click.option("--plan", "plan_code", default=None, help="Kode rencana / plan code.")
@click.option(
    "--plan-file",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Tampilkan berkas rencana (JSON/xlsx) hanya-baca / show a plan file read-only.",
)
@click.option("--lang", type=click.Choice(["id", "en"]), default=None,
              help="Bahasa bawaan / default language (default: EKINERJA_LANG or id).")
@click.option("--debug", is_flag=True, help="Mode debug Dash / Dash debug mode.")
@click.option("--upgrade", is_flag=True,
              help="Perbarui skema basis data dulu / upgrade the database schema first.")
def serve_command(host: str, port: int, database: str | None, plan_code: str | None,
                  plan_file: str | None, lang: str | None, debug: bool, upgrade: bool) -> None:
    """Jalankan aplikasi web / run the web app (http://HOST:PORT); everything but /login,
    /healthz and the static assets asks to sign in.

    The accounts live in the database (--database, EKINERJA_DATABASE_URL or the default SQLite
    file), with --plan-file too. On a database whose schema is missing, outdated or newer than
    the program it refuses to start with a one-line message (`--upgrade` upgrades it first).
    """
    from ekinerja.app import create_app
    from ekinerja.settings import from_environment
    from ekinerja.storage.cli import _errors

    with _errors():
        settings = from_environment(database_url=database, plan_code=plan_code,
                                    plan_file=plan_file, locale=lang, debug=debug or None,
                                    warm=True)
    _check_database(database, upgrade)
    app = create_app(settings)
    source = plan_file or database or "default database"
    click.echo(f"ekinerja: http://{host}:{port}  ({source})", err=True)
    app.run(host=host, port=port, debug=debug)


def _check_database(url: str | None, upgrade: bool) -> None:
    """Exit with a one-line message unless the database is on this program's schema."""
    from ekinerja.storage.cli import _errors
    from ekinerja.storage.database import Database

    with _errors():
        db = Database(url)
        click.echo(f"basis data / database: {db.location}", err=True)
        try:
            if upgrade:
                db.upgrade()
            db.check_schema()
            _warn_without_accounts(db)
        finally:
            db.dispose()


def _warn_without_accounts(db: Database) -> None:
    from ekinerja import accounts

    if not any(a.has_password and not a.disabled for a in accounts.list_accounts(db)):
        click.echo("peringatan / warning: belum ada akun yang dapat masuk / no account can sign "
                   "in yet: ekinerja init --admin NAME (atau / or ekinerja user add)", err=True)


def register(group: click.Group) -> None:
    """Add `serve` to the main `ekinerja` group."""
    group.add_command(serve_command)
