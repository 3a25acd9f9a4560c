"""Named queries of a realization batch (the API's bulk upload): the indicators of a plan with
their objective's unit and owner, the entries in force, and superseding / adding many at once."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Row, false, select, update

from ekinerja.storage.realizations import realization_table
from ekinerja.storage.repository import BATCH, insert_many, next_seq
from ekinerja.storage.schema import IndicatorRow, ObjectiveRow, tables_of

_indicators, _objectives = tables_of(IndicatorRow, ObjectiveRow)


def indicator_scopes(conn: Connection, plan_id: int, codes: set[str]
                     ) -> dict[str, tuple[str | None, str | None]]:
    """Those of `codes` that are indicators of the plan -> (their objective's unit, owner)."""
    i, o = _indicators, _objectives
    wanted = sorted(codes)
    found: dict[str, tuple[str | None, str | None]] = {}
    for start in range(0, len(wanted), BATCH):
        query = (select(i.c.code, o.c.unit, o.c.owner)
                 .join(o, (o.c.plan_id == i.c.plan_id) & (o.c.code == i.c.objective))
                 .where(i.c.plan_id == plan_id, i.c.code.in_(wanted[start : start + BATCH])))
        found.update({code: (unit, owner) for code, unit, owner in conn.execute(query)})
    return found


def current_entries(conn: Connection, plan_id: int, indicators: set[str]
                    ) -> dict[tuple[str, str], Row[Any]]:
    """The entries in force of these indicators (every period): (indicator, period) -> row."""
    table = realization_table
    wanted = sorted(indicators)
    found: dict[tuple[str, str], Row[Any]] = {}
    for start in range(0, len(wanted), BATCH):
        query = select(table.c.id, table.c.seq, table.c.indicator, table.c.period,
                       table.c.value, table.c.note, table.c.evidence).where(
            table.c.plan_id == plan_id, table.c.superseded == false(),
            table.c.indicator.in_(wanted[start : start + BATCH]))
        for row in conn.execute(query):
            found[(row.indicator, row.period)] = row
    return found


def supersede_many(conn: Connection, ids: list[int]) -> None:
    """Mark entries as replaced (they stay as history)."""
    table = realization_table
    for start in range(0, len(ids), BATCH):
        conn.execute(update(table).where(table.c.id.in_(ids[start : start + BATCH]))
                     .values(superseded=True))


def next_position(conn: Connection, plan_id: int) -> int:
    """The `seq` after the plan's last realization."""
    return next_seq(conn, realization_table, plan_id)


def add_many(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Add entries in force (dicts with every column but id)."""
    insert_many(conn, realization_table, rows)
