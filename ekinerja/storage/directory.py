"""Named queries of a plan's units and employees for a directory sync (SIMPEG): read them by
key, add and change many at once."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Row, select

from ekinerja.storage.repository import insert_many, next_seq, update_by_id
from ekinerja.storage.schema import EmployeeRow, UnitRow, tables_of

units, employees = tables_of(UnitRow, EmployeeRow)
TABLES = {"units": (units, "code"), "employees": (employees, "nip")}


def rows_by_key(conn: Connection, plan_id: int, kind: str) -> dict[str, Row[Any]]:
    """The units (by code) or employees (by NIP) of a plan."""
    table, key = TABLES[kind]
    query = select(table).where(table.c.plan_id == plan_id)
    return {row._mapping[key]: row for row in conn.execute(query)}


def add_rows(conn: Connection, plan_id: int, kind: str, rows: list[dict[str, Any]]) -> None:
    """Append units or employees at the end of the plan's list (dicts of their columns)."""
    table, _ = TABLES[kind]
    start = next_seq(conn, table, plan_id)
    insert_many(conn, table, [{"plan_id": plan_id, "seq": start + i, **row}
                              for i, row in enumerate(rows)])


def change_rows(conn: Connection, kind: str, rows: list[dict[str, Any]]) -> None:
    """Change units or employees (dicts with `row_id` and the columns to set)."""
    table, _ = TABLES[kind]
    update_by_id(conn, table, rows)
