"""SKP ratings and unit predikat of a plan: the entries in force, replacing one, history."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Row, Table, false, select, update

from ekinerja.storage import schema
from ekinerja.storage.database import now
from ekinerja.storage.repository import next_seq

rating_table, predikat_table, employee_table, note_table = schema.tables_of(
    schema.SkpRatingRow, schema.UnitPredikatRow, schema.EmployeeRow, schema.SkpNoteRow)


def find_employee(conn: Connection, plan_id: int, nip: str) -> Row[Any] | None:
    """An employee of a plan (nip, name, unit, supervisor), or None."""
    table = employee_table
    return conn.execute(
        select(table.c.nip, table.c.name, table.c.unit, table.c.supervisor).where(
            table.c.plan_id == plan_id, table.c.nip == nip
        )
    ).first()


def _in_force(conn: Connection, table: Table, plan_id: int, **key: str) -> Row[Any] | None:
    """The row of `table` in force (not superseded) for `key` (column=value), or None."""
    return conn.execute(
        select(table).where(table.c.plan_id == plan_id, table.c.superseded == false(),
                            *[table.c[column] == value for column, value in key.items()])
    ).first()


def _supersede(conn: Connection, table: Table, current: Row[Any] | None) -> None:
    """Mark `current` (a row of `table`, or None) replaced: it stays as history."""
    if current is not None:
        conn.execute(update(table).where(table.c.id == current.id).values(superseded=True))


def current_rating(conn: Connection, plan_id: int, employee: str, period: str) -> Row[Any] | None:
    """The rating in force of an employee in a period (every column), or None."""
    return _in_force(conn, rating_table, plan_id, employee=employee, period=period)


def replace_rating(
    conn: Connection, plan_id: int, current: Row[Any] | None, values: dict[str, Any], author: str
) -> None:
    """Put a rating in force (employee, period, behaviour, work, reason, notes, feedback); the
    one it replaces stays as history, and the new one takes its place in the list."""
    _supersede(conn, rating_table, current)
    seq = next_seq(conn, rating_table, plan_id) if current is None else current.seq
    conn.execute(
        rating_table.insert().values(
            plan_id=plan_id, seq=seq, **values, author=author, recorded_at=now(), superseded=False
        )
    )


def current_ratings(conn: Connection, plan_id: int, period: str | None = None) -> list[Row[Any]]:
    """Every rating in force of a plan (optionally one period), in list order."""
    table = rating_table
    query = select(table).where(table.c.plan_id == plan_id, table.c.superseded == false())
    if period is not None:
        query = query.where(table.c.period == period)
    return list(conn.execute(query.order_by(table.c.seq)).all())


def rating_entries(conn: Connection, plan_id: int, employee: str, period: str) -> list[Row[Any]]:
    """Every rating of an employee in a period, replaced ones included, oldest first."""
    table = rating_table
    query = select(table).where(
        table.c.plan_id == plan_id, table.c.employee == employee, table.c.period == period
    )
    return list(conn.execute(query.order_by(table.c.id)).all())


def current_unit_predikat(
    conn: Connection, plan_id: int, period: str | None = None
) -> list[Row[Any]]:
    """Every unit predikat in force of a plan (unit, period, predikat), in list order."""
    table = predikat_table
    query = select(table.c.unit, table.c.period, table.c.predikat).where(
        table.c.plan_id == plan_id, table.c.superseded == false()
    )
    if period is not None:
        query = query.where(table.c.period == period)
    return list(conn.execute(query.order_by(table.c.seq)).all())


def note_entries(conn: Connection, plan_id: int, employee: str, period: str) -> list[Row[Any]]:
    """Every note of an employee on their SKP of a period, replaced ones included, oldest
    first (the last one not superseded is in force)."""
    table = note_table
    query = select(table).where(
        table.c.plan_id == plan_id, table.c.employee == employee, table.c.period == period
    )
    return list(conn.execute(query.order_by(table.c.id)).all())


def replace_note(conn: Connection, plan_id: int, employee: str, period: str, note: str,
                 author: str) -> Row[Any] | None:
    """Put an employee's note in force; the one it replaces stays as history. Returns it."""
    table = note_table
    current = _in_force(conn, table, plan_id, employee=employee, period=period)
    _supersede(conn, table, current)
    conn.execute(table.insert().values(plan_id=plan_id, employee=employee, period=period,
                                       note=note, author=author, recorded_at=now(),
                                       superseded=False))
    return current


def replace_unit_predikat(conn: Connection, plan_id: int, unit: str, period: str,
                          predikat: str | None, author: str) -> Row[Any] | None:
    """Put a unit's organisation predikat of a period in force (None: clear it); the one it
    replaces stays as history with `superseded` set. Returns the replaced row, or None."""
    table = predikat_table
    current = _in_force(conn, table, plan_id, unit=unit, period=period)
    _supersede(conn, table, current)
    if predikat is not None:
        seq = next_seq(conn, table, plan_id) if current is None else current.seq
        conn.execute(table.insert().values(plan_id=plan_id, seq=seq, unit=unit, period=period,
                                           predikat=predikat, author=author, recorded_at=now(),
                                           superseded=False))
    return current


def unit_predikat_entries(conn: Connection, plan_id: int, unit: str | None = None
                          ) -> list[Row[Any]]:
    """Every organisation predikat of a plan (optionally of one unit), replaced ones included,
    oldest first."""
    table = predikat_table
    query = select(table).where(table.c.plan_id == plan_id)
    if unit is not None:
        query = query.where(table.c.unit == unit)
    return list(conn.execute(query.order_by(table.c.id)).all())
