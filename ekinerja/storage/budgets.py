"""Budgets of programs and activities (objectives of the cascade) per year."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Row, select, update

from ekinerja.storage.database import now
from ekinerja.storage.schema import BudgetRow, table_of

budgets_table = table_of(BudgetRow)


def budgets(conn: Connection, plan_id: int) -> list[Row[Any]]:
    """Every budget of a plan."""
    c = budgets_table.c
    return list(conn.execute(select(budgets_table).where(c.plan_id == plan_id)
                             .order_by(c.year, c.objective)))


def put_budget(conn: Connection, plan_id: int, objective: str, year: int, amount: float,
               realization: float | None, author: str) -> Row[Any] | None:
    """Insert or replace a budget; the row it replaced (None for a new one)."""
    c = budgets_table.c
    old = conn.execute(select(budgets_table).where(c.plan_id == plan_id,
                                                   c.objective == objective,
                                                   c.year == year)).first()
    values = {"amount": amount, "realization": realization, "author": author, "at": now()}
    if old is None:
        conn.execute(budgets_table.insert().values(plan_id=plan_id, objective=objective,
                                                   year=year, **values))
    else:
        conn.execute(update(budgets_table).where(c.id == old.id).values(**values))
    return old
