"""Follow-ups of red indicators (rencana tindak lanjut): their rows, with the indicator's
objective, unit and owner for the scope checks."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import Connection, Row, select, update

from ekinerja.storage.database import now
from ekinerja.storage.realizations import with_indicator_scope
from ekinerja.storage.schema import FollowUpRow, table_of

table = table_of(FollowUpRow)


def add(conn: Connection, plan_id: int, indicator: str, period: str,
        achievement: float | None, cause: str, action: str, recommendation: str | None,
        due_on: date, author: str) -> int:
    """Insert an open follow-up; its id."""
    result = conn.execute(table.insert().values(
        plan_id=plan_id, indicator=indicator, period=period, achievement=achievement,
        cause=cause, action=action, recommendation=recommendation, due_on=due_on,
        status="open", author=author, recorded_at=now(),
    ))
    return int(result.inserted_primary_key[0])


def close(conn: Connection, follow_up_id: int, note: str, author: str) -> None:
    """Mark a follow-up done with a note on what was done."""
    conn.execute(update(table).where(table.c.id == follow_up_id).values(
        status="done", done_note=note, closed_by=author, closed_at=now()))


def _query(plan_id: int) -> Any:
    f = table
    scope, joined = with_indicator_scope(f)
    return (
        select(f, *scope)
        .select_from(joined)
        .where(f.c.plan_id == plan_id)
    )


def find(conn: Connection, plan_id: int, follow_up_id: int) -> Row[Any] | None:
    """One follow-up with its indicator's objective, unit and owner, or None."""
    return conn.execute(_query(plan_id).where(table.c.id == follow_up_id)).first()


def follow_ups(conn: Connection, plan_id: int, *, status: str | None = None,
               periods: Iterable[str] | None = None) -> list[Row[Any]]:
    """The follow-ups of a plan (of a status, in some periods), earliest due first."""
    query = _query(plan_id)
    if status is not None:
        query = query.where(table.c.status == status)
    if periods is not None:
        query = query.where(table.c.period.in_(list(periods)))
    return list(conn.execute(query.order_by(table.c.due_on, table.c.id)))


def followed_up(conn: Connection, plan_id: int, period: str) -> set[str]:
    """The indicators with at least one follow-up (open or done) in a period."""
    c = table.c
    query = select(c.indicator).where(c.plan_id == plan_id, c.period == period).distinct()
    return set(conn.execute(query).scalars())
