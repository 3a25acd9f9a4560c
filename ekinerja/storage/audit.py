"""The append-only audit log: appending records and reading them back, newest first."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from ekinerja.storage.database import now, utc
from ekinerja.storage.repository import insert_many
from ekinerja.storage.schema import AuditRow, table_of

audit_table = table_of(AuditRow)


def append(conn: Connection, records: list[dict[str, Any]]) -> None:
    """Append audit records (dicts with the audit_log columns; ``at`` defaults to now)."""
    stamp = now()
    rows = [
        {"at": stamp, "reason": None, "old": None, "new": None, "address": None, **r}
        for r in records
    ]
    insert_many(conn, audit_table, rows)


FILTERS = ("plan_code", "entity", "key", "username")  # what records may be filtered by


def records(
    conn: Connection, *, limit: int = 100, offset: int = 0, **filters: str | None
) -> list[dict[str, Any]]:
    """Audit records, newest first; `filters` (FILTERS) of None are ignored."""
    unknown = set(filters) - set(FILTERS)
    if unknown:
        raise TypeError(f"unknown audit filters: {', '.join(sorted(unknown))}")
    query = select(audit_table)
    for name, value in filters.items():
        if value is not None:
            query = query.where(audit_table.c[name] == value)
    query = query.order_by(audit_table.c.id.desc()).limit(limit).offset(offset)
    columns = (
        "username", "plan_code", "entity", "key", "action", "old", "new", "reason", "address"
    )
    return [
        {"at": utc(r.at), **{c: r._mapping[c] for c in columns}} for r in conn.execute(query)
    ]
