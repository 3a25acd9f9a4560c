"""Import snapshots: the plan as it was before an import (table import_snapshots).

A snapshot holds the plan row's fields and, per list, its stored rows in document order as
JSON arrays of the entity's fields (``{"format": "ekinerja-snapshot/1", "plan": {...},
"fields": {"targets": ["indicator", ...]}, "lists": {"targets": [[...], ...]}}``): made from
the rows the import reads anyway and serialised with orjson, without a document object per
row. Snapshots of earlier versions hold an `ekinerja/1` document; both restore.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import starmap
from typing import Any

import orjson
from sqlalchemy import Connection, Row, select

from ekinerja import model
from ekinerja.storage.database import now
from ekinerja.storage.repository import (
    ENTITIES,
    ENTITY,
    driver_value,
    set_items,
    settings_from_json,
)
from ekinerja.storage.schema import ImportSnapshotRow, table_of

snapshot_table = table_of(ImportSnapshotRow)
_LISTED = (snapshot_table.c.id, snapshot_table.c.plan_code, snapshot_table.c.taken_at,
           snapshot_table.c.author, snapshot_table.c.reason)
SNAPSHOT_FORMAT = "ekinerja-snapshot/1"
#: The plan row's fields a snapshot keeps.
PLAN_FIELDS = ("code", "name", "start_year", "end_year", "settings")


def rows_json(rows: Sequence[tuple[Any, ...]]) -> bytes:
    """Stored rows (id, seq, *fields), in document order, as a JSON array of their fields."""
    return orjson.dumps([row[2:] for row in rows])


def add(conn: Connection, plan_code: str, author: str, reason: str | None,
        plan: dict[str, Any], lists: dict[str, bytes]) -> int:
    """Store a snapshot of a plan row's fields and of each list's rows (`rows_json`); returns
    its id. The document (up to millions of rows) is assembled as bytes and handed to the
    driver as text, a plain DBAPI insert (SQLAlchemy's JSON type would encode it again with
    the standard library's encoder, several times slower at this size)."""
    head = orjson.dumps({"format": SNAPSHOT_FORMAT, "plan": plan,
                         "fields": {e.name: e.fields for e in ENTITIES if e.name in lists}})
    body = b",".join(orjson.dumps(name) + b":" + part for name, part in lists.items())
    text = (head[:-1] + b',"lists":{' + body + b"}}").decode("utf-8")
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


def plan_document(document: dict[str, Any],
                  parse: Callable[[Any], model.PlanDocument]) -> model.PlanDocument:
    """The plan document a snapshot holds (`parse`: the reader of an `ekinerja/1` document,
    for snapshots of earlier versions)."""
    if document.get("format") != SNAPSHOT_FORMAT:
        return parse(document)
    plan = document["plan"]
    doc = model.PlanDocument(model.Plan(plan["code"], plan["name"], int(plan["start_year"]),
                                        int(plan["end_year"]),
                                        settings_from_json(plan["settings"])))
    for name, rows in document["lists"].items():
        entity = ENTITY[name]
        fields = tuple(document["fields"][name])
        if fields == entity.fields:
            items = list(starmap(entity.cls, rows))
        else:  # written by a version that stored other fields: by name
            items = [entity.cls(**dict(zip(fields, row, strict=True))) for row in rows]
        set_items(doc, entity, items)
    return doc


def listed(conn: Connection, plan_code: str | None = None) -> list[Row[Any]]:
    """Snapshots without their documents, newest first."""
    query = select(*_LISTED).order_by(snapshot_table.c.id.desc())
    if plan_code is not None:
        query = query.where(snapshot_table.c.plan_code == plan_code)
    return list(conn.execute(query))


def document(conn: Connection, snapshot_id: int) -> Row[Any] | None:
    """One snapshot with its document (None when there is no such id)."""
    return conn.execute(select(snapshot_table).where(snapshot_table.c.id == snapshot_id)).first()
