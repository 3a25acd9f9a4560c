"""Named queries of a plan's organisation: its units and employees in plan order, the
objectives an employee owns, and who held an objective when (table `objective_holders`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, Row, Table, and_, or_, select, update

from ekinerja.storage.database import now
from ekinerja.storage.schema import EmployeeRow, ObjectiveHolderRow, ObjectiveRow, UnitRow

units: Table = UnitRow.__table__  # type: ignore[assignment]
employees: Table = EmployeeRow.__table__  # type: ignore[assignment]
objectives: Table = ObjectiveRow.__table__  # type: ignore[assignment]
holders: Table = ObjectiveHolderRow.__table__  # type: ignore[assignment]


def unit_rows(conn: Connection, plan_id: int) -> list[Row[Any]]:
    """The units of a plan in plan order."""
    return list(conn.execute(select(units).where(units.c.plan_id == plan_id)
                             .order_by(units.c.seq)))


def employee_rows(conn: Connection, plan_id: int) -> list[Row[Any]]:
    """The employees of a plan in plan order."""
    return list(conn.execute(select(employees).where(employees.c.plan_id == plan_id)
                             .order_by(employees.c.seq)))


def owned_objectives(conn: Connection, plan_id: int, nip: str) -> list[Row[Any]]:
    """The objectives an employee owns, in plan order."""
    return list(conn.execute(select(objectives).where(objectives.c.plan_id == plan_id,
                                                      objectives.c.owner == nip)
                             .order_by(objectives.c.seq)))


def set_owner(conn: Connection, row_id: int, owner: str | None) -> None:
    """Set the owner of one objective row."""
    conn.execute(update(objectives).where(objectives.c.id == row_id).values(owner=owner))


def open_holding(conn: Connection, plan_id: int, objective: str) -> Row[Any] | None:
    """The holder row of an objective still running (`until` None), or None."""
    return conn.execute(select(holders).where(
        holders.c.plan_id == plan_id, holders.c.objective == objective,
        holders.c.until.is_(None)).order_by(holders.c.id.desc())).first()


def close_holding(conn: Connection, row_id: int, until: date) -> None:
    """End a holding on `until` (the successor holds from that day)."""
    conn.execute(update(holders).where(holders.c.id == row_id).values(until=until))


def add_holding(conn: Connection, plan_id: int, objective: str, holder: str,
                since: date | None, until: date | None, author: str) -> None:
    """Append one holding of an objective."""
    conn.execute(holders.insert().values(plan_id=plan_id, objective=objective, holder=holder,
                                         since=since, until=until, author=author, at=now()))


def holdings(conn: Connection, plan_id: int, objective: str | None = None) -> list[Row[Any]]:
    """The holdings of a plan (of one objective), oldest first."""
    query = select(holders).where(holders.c.plan_id == plan_id)
    if objective is not None:
        query = query.where(holders.c.objective == objective)
    return list(conn.execute(query.order_by(holders.c.objective, holders.c.id)))


def holders_on(conn: Connection, plan_id: int, day: date) -> dict[str, str]:
    """Objective -> the holder on `day`, for the objectives with a holding history covering it."""
    query = select(holders.c.objective, holders.c.holder).where(
        holders.c.plan_id == plan_id,
        or_(holders.c.since.is_(None), holders.c.since <= day),
        or_(holders.c.until.is_(None), and_(holders.c.until > day)),
    ).order_by(holders.c.id)
    return {row.objective: row.holder for row in conn.execute(query)}
