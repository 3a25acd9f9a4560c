"""The `ekinerja user token` commands: create, list and revoke personal access tokens of the
JSON API (docs/api.md). The shell acts as the built-in administrator.

Exit status: 0 done; 2 bad input (empty name, unknown scope, days out of range); 1 a refused
change (no such user or token).
"""

from __future__ import annotations

import json

import click

from ekinerja.clihelp import HelpGroup
from ekinerja.messages import N_, Message
from ekinerja.storage.cli import _errors, database_option, open_database
from ekinerja.usercli import compact


@click.group("token", cls=HelpGroup, help=N_("API access tokens (shown once, stored hashed)."))
def token_group() -> None:
    pass


@token_group.command("create", help=N_(
    "Create a token for an account; it is printed once (last line)."))
@click.argument("username")
@click.option("--name", "token_name", required=True, metavar="TEXT",
              help=N_("what the token is for (e.g. simpeg-sync)."))
@click.option("--scope", type=click.Choice(["read", "write"]), default="read", show_default=True,
              help=N_("read: GET only; write: changes too."))
@click.option("--days", type=int, default=90, show_default=True,
              help=N_("days until it expires."))
@database_option
def token_create(username: str, token_name: str, scope: str, days: int,
                 database: str | None) -> None:
    from ekinerja.services import system_user, tokens

    with _errors():
        db = open_database(database)
        token, info = tokens.create_token(db, system_user(), username, token_name, scope, days)
    click.echo(Message(N_("keep this token now: it is not shown again")).bilingual(), err=True)
    expires = Message(N_("expires")).bilingual()
    click.echo(f"token #{info.id} ({info.username}, {info.scope}, {expires} "
               f"{info.expires_at:%Y-%m-%d}):", err=True)
    click.echo(token)


@token_group.command("list", help=N_(
    "List tokens (of USERNAME, else of every account); never the token."))
@click.argument("username", required=False)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@database_option
def token_list(username: str | None, fmt: str, database: str | None) -> None:
    from ekinerja.services import system_user, tokens

    with _errors():
        db = open_database(database)
        found = tokens.list_tokens(db, system_user(), username or "*")
    rows = [t.as_dict() for t in found]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    header = ("id", compact(N_("user")), compact(N_("name")), compact(N_("prefix")),
              compact(N_("scope")), "status", compact(N_("expires")), compact(N_("last used")))
    table = [(r["id"], r["username"], r["name"], r["prefix"] + "…", r["scope"], r["state"],
              (r["expires_at"] or "-")[:10], (r["last_used_at"] or "-")[:16]) for r in rows]
    widths = [max(len(str(r[i])) for r in [header, *table]) for i in range(len(header))]
    for row in [header, *table]:
        click.echo("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())


@token_group.command("revoke", help=N_("Revoke a token by its id (`user token list`)."))
@click.argument("token_id", type=int)
@database_option
def token_revoke(token_id: int, database: str | None) -> None:
    from ekinerja.services import system_user, tokens

    with _errors():
        db = open_database(database)
        info = tokens.revoke_token(db, system_user(), token_id)
    click.echo(f"token #{info.id} ({info.username}, {info.name}) "
               + Message(N_("revoked")).bilingual())
