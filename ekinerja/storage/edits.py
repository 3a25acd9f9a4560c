"""Structure edits made in the app (their steps, for undo), indicators' Manual IKU rows and
baselines (the value in the year before the plan)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Row, delete, select, update

from ekinerja.storage.database import now, utc
from ekinerja.storage.schema import (
    IndicatorBaselineRow,
    IndicatorManualRow,
    StructureEditRow,
    table_of,
    tables_of,
)

edit_table, manual_table = tables_of(StructureEditRow, IndicatorManualRow)

MANUAL_FIELDS = ("iku", "definition", "formula", "data_source", "collector", "schedule")


def append_edit(conn: Connection, plan_id: int, username: str, label: dict[str, Any],
                steps: list[dict[str, Any]], undo_of: int | None = None) -> int:
    """Store one edit with its steps; returns its id."""
    result = conn.execute(
        edit_table.insert().values(plan_id=plan_id, at=now(), username=username, label=label,
                                   steps=steps, undo_of=undo_of, undone_by=None)
    )
    return int(result.inserted_primary_key[0])


def mark_undone(conn: Connection, edit_id: int, by: int) -> None:
    """Note that edit `edit_id` was undone by edit `by`."""
    conn.execute(update(edit_table).where(edit_table.c.id == edit_id).values(undone_by=by))


def find_edit(conn: Connection, plan_id: int, edit_id: int) -> Row[Any] | None:
    """One edit of a plan, or None."""
    return conn.execute(
        select(edit_table).where(edit_table.c.plan_id == plan_id, edit_table.c.id == edit_id)
    ).first()


def recent_edits(conn: Connection, plan_id: int, limit: int = 20) -> list[dict[str, Any]]:
    """The plan's newest edits first: id, at, username, label, undo_of, undone_by, steps."""
    table = edit_table
    rows = conn.execute(
        select(table).where(table.c.plan_id == plan_id).order_by(table.c.id.desc()).limit(limit)
    )
    return [
        {"id": r.id, "at": utc(r.at), "username": r.username, "label": r.label,
         "undo_of": r.undo_of, "undone_by": r.undone_by, "steps": list(r.steps)}
        for r in rows
    ]


def find_manual(conn: Connection, plan_id: int, indicator: str) -> Row[Any] | None:
    """The Manual IKU row of an indicator, or None."""
    table = manual_table
    return conn.execute(
        select(table).where(table.c.plan_id == plan_id, table.c.indicator == indicator)
    ).first()


def manuals(conn: Connection, plan_id: int) -> dict[str, dict[str, Any]]:
    """Every Manual IKU row of a plan, by indicator code."""
    table = manual_table
    rows = conn.execute(select(table).where(table.c.plan_id == plan_id))
    return {r.indicator: {f: r._mapping[f] for f in MANUAL_FIELDS} for r in rows}


def put_manual(conn: Connection, plan_id: int, indicator: str, values: dict[str, Any]) -> None:
    """Insert or replace the Manual IKU row of an indicator."""
    row = find_manual(conn, plan_id, indicator)
    if row is None:
        conn.execute(manual_table.insert().values(plan_id=plan_id, indicator=indicator, **values))
    else:
        conn.execute(update(manual_table).where(manual_table.c.id == row.id).values(**values))


def delete_manual(conn: Connection, plan_id: int, indicator: str) -> None:
    """Delete the Manual IKU row of an indicator (if any)."""
    table = manual_table
    conn.execute(delete(table).where(table.c.plan_id == plan_id, table.c.indicator == indicator))


baseline_table = table_of(IndicatorBaselineRow)


def find_baseline(conn: Connection, plan_id: int, indicator: str, year: int) -> float | None:
    """The baseline value of an indicator in a year, or None."""
    table = baseline_table
    return conn.execute(
        select(table.c.value).where(table.c.plan_id == plan_id, table.c.indicator == indicator,
                                    table.c.year == year)
    ).scalar_one_or_none()


def baselines(conn: Connection, plan_id: int, year: int) -> dict[str, float]:
    """Every indicator's baseline value of a plan in a year, by indicator code."""
    table = baseline_table
    rows = conn.execute(select(table.c.indicator, table.c.value).where(
        table.c.plan_id == plan_id, table.c.year == year))
    return {r.indicator: r.value for r in rows}


def put_baseline(conn: Connection, plan_id: int, indicator: str, year: int,
                 value: float | None) -> None:
    """Set (None: delete) the baseline value of an indicator in a year."""
    table = baseline_table
    where = (table.c.plan_id == plan_id, table.c.indicator == indicator, table.c.year == year)
    if value is None:
        conn.execute(delete(table).where(*where))
    elif find_baseline(conn, plan_id, indicator, year) is None:
        conn.execute(table.insert().values(plan_id=plan_id, indicator=indicator, year=year,
                                           value=value))
    else:
        conn.execute(update(table).where(*where).values(value=value))
