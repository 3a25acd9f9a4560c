"""Named queries of a plan's organisation: its units and employees in plan order, the
objectives an employee owns, and who held an objective when (table `objective_holders`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, Row, Table, and_, delete, func, or_, select, update

from ekinerja.storage.database import now
from ekinerja.storage.schema import (
    AgreementVersionRow,
    EmployeeRow,
    LkeAnswerRow,
    LkeFindingRow,
    ObjectiveHolderRow,
    ObjectiveRow,
    SkpNoteRow,
    SkpRatingRow,
    UnitPredikatRow,
    UnitRow,
    UserRow,
    table_of,
    tables_of,
)

units, employees, objectives, holders = tables_of(
    UnitRow, EmployeeRow, ObjectiveRow, ObjectiveHolderRow)

#: What refers to a unit or an employee and keeps it from being removed: (the kind referred to,
#: what, table, column, per plan). Objectives and accounts are named; the others are counted.
REFERENCES: tuple[tuple[str, str, Any, str, bool], ...] = (
    ("units", "objectives", ObjectiveRow, "unit", True),
    ("units", "accounts", UserRow, "unit", False),
    ("units", "unit_predikat", UnitPredikatRow, "unit", True),
    ("units", "agreements", AgreementVersionRow, "unit", True),
    ("units", "lke_answers", LkeAnswerRow, "unit", True),
    ("units", "lke_findings", LkeFindingRow, "unit", True),
    ("employees", "objectives", ObjectiveRow, "owner", True),
    ("employees", "holdings", ObjectiveHolderRow, "holder", True),
    ("employees", "skp_ratings", SkpRatingRow, "employee", True),
    ("employees", "skp_notes", SkpNoteRow, "employee", True),
    ("employees", "accounts", UserRow, "nip", False),
)


def _in_plan_order(conn: Connection, table: Table, plan_id: int, *where: Any
                   ) -> list[Row[Any]]:
    """The rows of `table` in a plan (and matching `where`), in plan order."""
    return list(conn.execute(select(table).where(table.c.plan_id == plan_id, *where)
                             .order_by(table.c.seq)))


def unit_rows(conn: Connection, plan_id: int) -> list[Row[Any]]:
    """The units of a plan in plan order."""
    return _in_plan_order(conn, units, plan_id)


def employee_rows(conn: Connection, plan_id: int) -> list[Row[Any]]:
    """The employees of a plan in plan order."""
    return _in_plan_order(conn, employees, plan_id)


def owned_objectives(conn: Connection, plan_id: int, nip: str) -> list[Row[Any]]:
    """The objectives an employee owns, in plan order."""
    return _in_plan_order(conn, objectives, plan_id, objectives.c.owner == nip)


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


def references(conn: Connection, plan_id: int, kind: str, key: str) -> dict[str, list[str]]:
    """What refers to unit `key` (kind "units") or employee `key` ("employees") besides the
    organisation itself: what -> the codes of the objectives, or the usernames of the
    accounts, or one entry per other row. Only what has some is listed."""
    found: dict[str, list[str]] = {}
    for referred, what, row_class, column, per_plan in REFERENCES:
        if referred != kind:
            continue
        table = table_of(row_class)
        named = {"objectives": table.c.get("code"), "accounts": table.c.get("username")}
        condition = table.c[column] == key
        if per_plan:
            condition = and_(condition, table.c.plan_id == plan_id)
        label = named.get(what)
        if label is not None:
            values = [str(v) for v in conn.execute(select(label).where(condition)
                                                   .order_by(label)).scalars()]
        else:
            count = int(conn.execute(select(func.count()).select_from(table)
                                     .where(condition)).scalar_one())
            values = [str(k) for k in range(count)]
        if values:
            found[what] = values
    return found


def delete_row(conn: Connection, plan_id: int, kind: str, key: str) -> None:
    """Delete one unit (by code) or employee (by NIP) of a plan."""
    table, column = (units, "code") if kind == "units" else (employees, "nip")
    conn.execute(delete(table).where(table.c.plan_id == plan_id, table.c[column] == key))


def remove_holding(conn: Connection, row_id: int) -> None:
    """Delete one holding (the undo of a handover)."""
    conn.execute(delete(holders).where(holders.c.id == row_id))


def reopen_holding(conn: Connection, row_id: int) -> None:
    """Make a closed holding run again (`until` None: the undo of a handover)."""
    conn.execute(update(holders).where(holders.c.id == row_id).values(until=None))

