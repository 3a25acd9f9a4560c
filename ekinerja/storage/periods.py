"""Closed periods of a plan: closing, reopening, and whether a period is closed."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, delete, func, select

from ekinerja.storage.database import now
from ekinerja.storage.schema import ClosedPeriodRow, table_of

closed_table = table_of(ClosedPeriodRow)


def any_closed(conn: Connection, plan_id: int, periods: Iterable[str]) -> bool:
    """Whether any of these periods is closed in the plan."""
    found = conn.execute(
        select(func.count()).where(
            closed_table.c.plan_id == plan_id, closed_table.c.period.in_(list(periods))
        )
    ).scalar_one()
    return bool(found)


def closed_periods(conn: Connection, plan_id: int) -> list[str]:
    """Every closed period of a plan (unordered)."""
    query = select(closed_table.c.period).where(closed_table.c.plan_id == plan_id)
    return list(conn.execute(query).scalars())


def close_period(
    conn: Connection, plan_id: int, period: str, closed_by: str, reason: str | None
) -> bool:
    """Close a period; False (nothing written) when it was closed already."""
    if any_closed(conn, plan_id, [period]):
        return False
    conn.execute(
        closed_table.insert().values(
            plan_id=plan_id, period=period, closed_by=closed_by, closed_at=now(), reason=reason
        )
    )
    return True


def reopen_period(conn: Connection, plan_id: int, period: str) -> bool:
    """Reopen a closed period; False when it was not closed."""
    result = conn.execute(
        delete(closed_table).where(
            closed_table.c.plan_id == plan_id, closed_table.c.period == period
        )
    )
    return bool(result.rowcount)
