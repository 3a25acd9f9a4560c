"""Named queries of personal access tokens (SQLAlchemy Core): add, find by hash, list, revoke."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, select, update

from ekinerja.storage.schema import AccessTokenRow, UserRow, tables_of

tokens, users = tables_of(AccessTokenRow, UserRow)

_COLUMNS = (tokens, users.c.username)


def add_token(conn: Connection, values: dict[str, Any]) -> int:
    """Store one token (its hash, never the token); its id."""
    return int(conn.execute(tokens.insert().values(**values).returning(tokens.c.id)).scalar_one())


def find_by_hash(conn: Connection, token_hash: str) -> Row[Any] | None:
    """The token row of a hash, with its account's user name, or None."""
    query = (select(*_COLUMNS).join(users, users.c.id == tokens.c.user_id)
             .where(tokens.c.token_hash == token_hash))
    return conn.execute(query).first()


def find_by_id(conn: Connection, token_id: int) -> Row[Any] | None:
    """The token row of an id, with its account's user name, or None."""
    query = (select(*_COLUMNS).join(users, users.c.id == tokens.c.user_id)
             .where(tokens.c.id == token_id))
    return conn.execute(query).first()


def list_tokens(conn: Connection, user_id: int | None = None) -> list[Row[Any]]:
    """Tokens (of one account, or all), oldest first, with their account's user name."""
    query = select(*_COLUMNS).join(users, users.c.id == tokens.c.user_id)
    if user_id is not None:
        query = query.where(tokens.c.user_id == user_id)
    return list(conn.execute(query.order_by(tokens.c.id)))


def revoke(conn: Connection, token_id: int, at: datetime) -> None:
    """Mark a token revoked (it stays listed)."""
    conn.execute(update(tokens).where(tokens.c.id == token_id).values(revoked_at=at))


def touch(conn: Connection, token_id: int, at: datetime) -> None:
    """Stamp a token's last use."""
    conn.execute(update(tokens).where(tokens.c.id == token_id).values(last_used_at=at))
