"""Perjanjian Kinerja versions: the frozen versions of a unit head's PK for a year."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, Row, func, select

from ekinerja.storage.database import now
from ekinerja.storage.schema import AgreementVersionRow, table_of

versions_table = table_of(AgreementVersionRow)


def _of(plan_id: int, unit: str, year: int) -> Any:
    c = versions_table.c
    return (c.plan_id == plan_id) & (c.unit == unit) & (c.year == year)


def versions(conn: Connection, plan_id: int, unit: str, year: int) -> list[Row[Any]]:
    """Every version of a unit's PK for a year, oldest first."""
    query = select(versions_table).where(_of(plan_id, unit, year)).order_by(
        versions_table.c.version)
    return list(conn.execute(query))


def latest_version(conn: Connection, plan_id: int, unit: str, year: int) -> int:
    """The number of the latest version (0: none yet)."""
    query = select(func.max(versions_table.c.version)).where(_of(plan_id, unit, year))
    return conn.execute(query).scalar_one() or 0


def find_version(conn: Connection, plan_id: int, unit: str, year: int, version: int
                 ) -> Row[Any] | None:
    """One version, or None."""
    query = select(versions_table).where(_of(plan_id, unit, year),
                                         versions_table.c.version == version)
    return conn.execute(query).first()


def add_version(conn: Connection, plan_id: int, unit: str, year: int, version: int, kind: str,
                signed_on: date, reason: str | None, author: str, content: dict[str, Any]
                ) -> None:
    """Store a new frozen version (never updated afterwards)."""
    conn.execute(versions_table.insert().values(
        plan_id=plan_id, unit=unit, year=year, version=version, kind=kind,
        signed_on=signed_on, reason=reason, author=author, at=now(), content=content,
    ))
