"""LKE answers and findings of a unit (or the region's unit) and year."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Row, select, update

from ekinerja.storage.database import now
from ekinerja.storage.schema import LkeAnswerRow, LkeFindingRow, tables_of

answers_table, findings_table = tables_of(LkeAnswerRow, LkeFindingRow)


def answers(conn: Connection, plan_id: int, unit: str, year: int) -> list[Row[Any]]:
    """Every stored answer of a unit and year."""
    c = answers_table.c
    query = select(answers_table).where(c.plan_id == plan_id, c.unit == unit, c.year == year)
    return list(conn.execute(query))


def find_answer(conn: Connection, plan_id: int, unit: str, year: int, criterion: str
                ) -> Row[Any] | None:
    """One stored answer, or None."""
    c = answers_table.c
    query = select(answers_table).where(c.plan_id == plan_id, c.unit == unit, c.year == year,
                                        c.criterion == criterion)
    return conn.execute(query).first()


def put_answer(conn: Connection, plan_id: int, unit: str, year: int, criterion: str,
               answer: str | None, note: str | None, evidence: str | None, author: str
               ) -> None:
    """Insert or replace an answer."""
    existing = find_answer(conn, plan_id, unit, year, criterion)
    values = {"answer": answer, "note": note, "evidence": evidence, "author": author,
              "at": now()}
    if existing is None:
        conn.execute(answers_table.insert().values(plan_id=plan_id, unit=unit, year=year,
                                                   criterion=criterion, **values))
    else:
        conn.execute(update(answers_table).where(answers_table.c.id == existing.id)
                     .values(**values))


def answered_years(conn: Connection, plan_id: int, unit: str) -> dict[int, list[Row[Any]]]:
    """Every year of a unit with stored answers, and those answers."""
    c = answers_table.c
    query = select(answers_table).where(c.plan_id == plan_id, c.unit == unit).order_by(c.year)
    result: dict[int, list[Row[Any]]] = {}
    for row in conn.execute(query):
        result.setdefault(row.year, []).append(row)
    return result


def findings(conn: Connection, plan_id: int, unit: str, year: int) -> list[Row[Any]]:
    """The findings of a unit and year, oldest first."""
    c = findings_table.c
    query = select(findings_table).where(c.plan_id == plan_id, c.unit == unit, c.year == year
                                         ).order_by(c.id)
    return list(conn.execute(query))


def find_finding(conn: Connection, plan_id: int, finding_id: int) -> Row[Any] | None:
    """One finding of a plan, or None."""
    c = findings_table.c
    return conn.execute(select(findings_table).where(c.plan_id == plan_id,
                                                     c.id == finding_id)).first()


def add_finding(conn: Connection, plan_id: int, unit: str, year: int, criterion: str | None,
                finding: str, recommendation: str, author: str) -> int:
    """Store a new open finding; its id."""
    result = conn.execute(findings_table.insert().values(
        plan_id=plan_id, unit=unit, year=year, criterion=criterion, finding=finding,
        recommendation=recommendation, status="open", follow_up=None, author=author, at=now(),
    ))
    return int(result.inserted_primary_key[0])


def set_follow_up(conn: Connection, finding_id: int, status: str, follow_up: str | None
                  ) -> None:
    """Change a finding's follow-up status and text."""
    conn.execute(update(findings_table).where(findings_table.c.id == finding_id)
                 .values(status=status, follow_up=follow_up))
