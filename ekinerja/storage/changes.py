"""The change log: what each write changed that a compiled plan follows without recompiling.

A service that changes realizations, weights or names records them with their new values; a
structure edit (objectives, indicators, links, targets) records its steps, which a compiled plan
applies without reading the plan again (Engine.with_structure); anything else records
``reload``. Writes are serialised by the revision row, so change ids follow commit order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select

from ekinerja.storage.schema import ChangeRow, table_of

REALIZATIONS = "realizations"  # items: [indicator, period, value or None (removed), status]
WEIGHTS = "weights"  # items: [parent, child, weight]
NAMES = "names"  # items: [objective or indicator code, name]: moves no score
#: items: [entity, key, action, old, new], the steps of one structure edit (services.audit)
STRUCTURE = "structure"
RELOAD = "reload"  # anything else that moves scores (settings, imports...): no items
KINDS = (REALIZATIONS, WEIGHTS, NAMES, STRUCTURE, RELOAD)
#: More items than this in one write are recorded as a reload (cheaper than following them).
MAX_ITEMS = 10_000


@dataclass(frozen=True)
class Change:
    """One recorded change of a plan: its id (commit order), kind and items."""

    id: int
    plan_code: str
    kind: str
    items: list[Any]


change_table = table_of(ChangeRow)


def record(conn: Connection, plan_code: str, kind: str, items: Sequence[Any] = ()) -> None:
    """Record what this write changed in a plan (nothing for realizations/weights without items)."""
    if kind not in KINDS:
        raise ValueError(f"unknown change kind {kind!r}")
    if kind != RELOAD and not items:
        return
    if len(items) > MAX_ITEMS:
        kind, items = RELOAD, ()
    conn.execute(
        change_table.insert().values(
            plan_code=plan_code, kind=kind, entries=[list(item) for item in items]
        )
    )


def structure_items(steps: Sequence[dict[str, Any]]) -> list[list[Any]]:
    """The items of a STRUCTURE change: each step of the edit as [entity, key, action, old,
    new]."""
    return [[s["entity"], s["key"], s["action"], s["old"], s["new"]] for s in steps]


def last_id(conn: Connection) -> int:
    """The id of the newest change (0 when none)."""
    return int(conn.execute(select(func.max(change_table.c.id))).scalar_one() or 0)


def since(conn: Connection, plan_code: str, after: int) -> list[Change]:
    """The changes of a plan recorded after change id `after`, oldest first."""
    table = change_table
    rows = conn.execute(
        select(table.c.id, table.c.plan_code, table.c.kind, table.c.entries)
        .where(table.c.id > after, table.c.plan_code == plan_code)
        .order_by(table.c.id)
    )
    return [Change(r.id, r.plan_code, r.kind, list(r.entries)) for r in rows]
