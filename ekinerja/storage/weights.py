"""Weights of a parent's children (links and indicators) and their stored versions."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Row, func, select, update

from ekinerja.storage.database import now
from ekinerja.storage.schema import IndicatorRow, LinkRow, WeightVersionRow, tables_of

link_table, indicator_table, version_table = tables_of(LinkRow, IndicatorRow, WeightVersionRow)


def child_weights(conn: Connection, plan_id: int, parent: str) -> dict[str, float]:
    """The child weights of an objective: child objectives (links) then indicators, each in
    plan order (sorted here, so that the lookup uses the parent's index, not a scan)."""
    links, indicators = link_table, indicator_table
    found = [
        sorted(conn.execute(select(table.c.seq, table.c.id, column, table.c.weight).where(
            table.c.plan_id == plan_id, where == parent)).all())
        for table, column, where in ((links, links.c.child, links.c.parent),
                                     (indicators, indicators.c.code, indicators.c.objective))
    ]
    return {child: float(weight) for rows in found for _seq, _id, child, weight in rows}


def set_child_weight(
    conn: Connection, plan_id: int, parent: str, child: str, weight: float
) -> None:
    """Set the weight of one child of a parent (its link, or the indicator under it)."""
    links, indicators = link_table, indicator_table
    conn.execute(
        update(links)
        .where(links.c.plan_id == plan_id, links.c.parent == parent, links.c.child == child)
        .values(weight=weight)
    )
    conn.execute(
        update(indicators)
        .where(
            indicators.c.plan_id == plan_id,
            indicators.c.code == child,
            indicators.c.objective == parent,
        )
        .values(weight=weight)
    )


def weight_version(conn: Connection, plan_id: int, parent: str) -> int:
    """The latest weight version of a parent (0 when its weights never changed)."""
    value = conn.execute(
        select(func.max(version_table.c.version)).where(
            version_table.c.plan_id == plan_id, version_table.c.parent == parent
        )
    ).scalar()
    return int(value or 0)


def find_version(conn: Connection, plan_id: int, parent: str, version: int) -> Row[Any] | None:
    """One stored version of a parent's weights (author, at, reason, weights), or None."""
    table = version_table
    return conn.execute(
        select(table.c.author, table.c.at, table.c.reason, table.c.weights).where(
            table.c.plan_id == plan_id, table.c.parent == parent, table.c.version == version
        )
    ).first()


def weight_versions(conn: Connection, plan_id: int, parent: str) -> list[Row[Any]]:
    """Every stored version of a parent's weights, oldest first."""
    table = version_table
    return list(
        conn.execute(
            select(table)
            .where(table.c.plan_id == plan_id, table.c.parent == parent)
            .order_by(table.c.version)
        ).all()
    )


def add_weight_version(
    conn: Connection,
    plan_id: int,
    parent: str,
    version: int,
    author: str,
    reason: str | None,
    weights: dict[str, float],
) -> None:
    """Append one version of a parent's weights."""
    conn.execute(
        version_table.insert().values(
            plan_id=plan_id,
            parent=parent,
            version=version,
            author=author,
            at=now(),
            reason=reason,
            weights=weights,
        )
    )
