"""Users of a database (every plan): rows by username, adding and changing them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Row, Table, select, update

from ekinerja.storage.database import now
from ekinerja.storage.schema import UserRow

user_table: Table = UserRow.__table__  # type: ignore[assignment]


def find_user(conn: Connection, username: str) -> Row[Any] | None:
    """The row of a username, or None."""
    return conn.execute(select(user_table).where(user_table.c.username == username)).first()


def all_users(conn: Connection) -> list[Row[Any]]:
    """Every user row, by username."""
    return list(conn.execute(select(user_table).order_by(user_table.c.username)).all())


def insert_user(conn: Connection, **fields: Any) -> None:
    """Add a user (username, name, role, unit, nip)."""
    conn.execute(user_table.insert().values(**fields, created_at=now()))


def update_user(conn: Connection, row_id: int, **fields: Any) -> None:
    """Set columns of a user row."""
    conn.execute(update(user_table).where(user_table.c.id == row_id).values(**fields))
