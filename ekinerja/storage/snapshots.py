"""Import snapshots: the plan document as it was before an import (table import_snapshots)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Row, Table, select

from ekinerja.storage.database import now
from ekinerja.storage.repository import driver_value
from ekinerja.storage.schema import ImportSnapshotRow

snapshot_table: Table = ImportSnapshotRow.__table__  # type: ignore[assignment]
_LISTED = (snapshot_table.c.id, snapshot_table.c.plan_code, snapshot_table.c.taken_at,
           snapshot_table.c.author, snapshot_table.c.reason)


def add(conn: Connection, plan_code: str, author: str, reason: str | None,
        document: dict[str, Any]) -> int:
    """Store a snapshot; returns its id.

    The document (a whole plan: up to millions of items) is serialised with orjson and handed
    to the driver as text, a plain DBAPI insert, rather than through SQLAlchemy's JSON type
    (the standard library's encoder, several times slower at this size).
    """
    import orjson

    text = orjson.dumps(document).decode("utf-8")
    marker = "%s" if conn.dialect.paramstyle in ("format", "pyformat") else "?"
    sql = (f"INSERT INTO {snapshot_table.name} (plan_code, taken_at, author, reason, document) "
           f"VALUES ({', '.join([marker] * 5)}) RETURNING id")
    params = (plan_code, driver_value(conn, now()), author, reason, text)
    cursor = conn.connection.cursor()
    try:
        cursor.execute(sql, params)
        return int(cursor.fetchone()[0])
    finally:
        cursor.close()


def listed(conn: Connection, plan_code: str | None = None) -> list[Row[Any]]:
    """Snapshots without their documents, newest first."""
    query = select(*_LISTED).order_by(snapshot_table.c.id.desc())
    if plan_code is not None:
        query = query.where(snapshot_table.c.plan_code == plan_code)
    return list(conn.execute(query))


def document(conn: Connection, snapshot_id: int) -> Row[Any] | None:
    """One snapshot with its document (None when there is no such id)."""
    return conn.execute(select(snapshot_table).where(snapshot_table.c.id == snapshot_id)).first()
