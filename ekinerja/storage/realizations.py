"""Realization entries: the current one of an indicator and period, superseding it, history."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Row, Table, false, select, update

from ekinerja.storage.database import now
from ekinerja.storage.repository import next_seq
from ekinerja.storage.schema import RealizationRow

realization_table: Table = RealizationRow.__table__  # type: ignore[assignment]


def current_realization(
    conn: Connection, plan_id: int, indicator: str, period: str
) -> Row[Any] | None:
    """The entry in force for an indicator and period (id, seq, value, note, evidence) or None."""
    table = realization_table
    return conn.execute(
        select(table.c.id, table.c.seq, table.c.value, table.c.note, table.c.evidence).where(
            table.c.plan_id == plan_id,
            table.c.indicator == indicator,
            table.c.period == period,
            table.c.superseded == false(),  # "= false": the partial unique index serves it
        )
    ).first()


def supersede_realization(conn: Connection, row_id: int) -> None:
    """Mark an entry as replaced (it stays as history)."""
    table = realization_table
    conn.execute(update(table).where(table.c.id == row_id).values(superseded=True))


def add_realization(
    conn: Connection,
    plan_id: int,
    indicator: str,
    period: str,
    value: float,
    *,
    seq: int | None,
    note: str | None,
    evidence: str | None,
    author: str,
) -> None:
    """Append an entry in force; `seq` None puts it at the end of the plan's list."""
    if seq is None:
        seq = next_seq(conn, realization_table, plan_id)
    entry = {"indicator": indicator, "period": period, "value": value, "note": note,
             "evidence": evidence, "author": author}
    conn.execute(
        realization_table.insert().values(
            plan_id=plan_id, seq=seq, **entry, recorded_at=now(), superseded=False
        )
    )


def realization_entries(
    conn: Connection, plan_id: int, indicator: str, period: str | None = None
) -> list[Row[Any]]:
    """Every entry of an indicator (optionally one period), superseded ones included, by id."""
    table = realization_table
    query = select(table).where(table.c.plan_id == plan_id, table.c.indicator == indicator)
    if period is not None:
        query = query.where(table.c.period == period)
    return list(conn.execute(query.order_by(table.c.id)).all())
