"""The rows the validation of one structure edit reads (services/neighbourhood.py): positions
in a plan's lists, levels, parents, a parent's pool, an indicator's rules and targets; a few
rows each, found through the (plan, code), (plan, parent) and (plan, child) indexes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import (
    Connection,
    Row,
    Select,
    Table,
    and_,
    bindparam,
    case,
    func,
    or_,
    select,
    union,
    union_all,
)

from ekinerja.storage.structure import (
    indicator_table,
    link_table,
    objective_table,
    target_table,
)


def position(conn: Connection, table: Table, plan_id: int, seq: int) -> int:
    """The place of a row in its plan list (document order is by seq)."""
    query = select(func.count()).select_from(table).where(
        table.c.plan_id == plan_id, table.c.seq < seq
    )
    return int(conn.execute(query).scalar_one())


def seq_of(conn: Connection, table: Table, plan_id: int, code: str) -> int | None:
    """The seq of the objective or indicator `code` (by `table`), None when there is none."""
    row = conn.execute(select(table.c.seq).where(
        table.c.plan_id == plan_id, table.c.code == code)).first()
    return None if row is None else int(row.seq)


def levels(conn: Connection, plan_id: int, codes: Iterable[str]) -> dict[str, str]:
    """The level of each existing objective among `codes`."""
    codes = sorted(set(codes))
    if not codes:
        return {}
    table = objective_table
    query = select(table.c.code, table.c.level).where(
        table.c.plan_id == plan_id, table.c.code.in_(codes)
    )
    return dict(conn.execute(query).all())  # type: ignore[arg-type]


def parents_of_any(conn: Connection, plan_id: int, children: Sequence[str]) -> set[str]:
    """Every parent of any of `children` (one level up)."""
    table = link_table
    rows = conn.execute(select(table.c.parent, table.c.seq).where(  # seq: the child index
        table.c.plan_id == plan_id, table.c.child.in_(children))).all()
    return {row.parent for row in rows}


def parents(conn: Connection, plan_id: int, child: str) -> list[str]:
    """The parents of `child`, in list order."""
    table = link_table
    query = select(table.c.parent, table.c.seq).where(
        table.c.plan_id == plan_id, table.c.child == child)
    return [row.parent for row in sorted(conn.execute(query).all(), key=lambda r: r.seq)]


def link_row(conn: Connection, plan_id: int, parent: str, child: str) -> Row[Any] | None:
    """The link parent -> child (seq, weight), or None."""
    table = link_table
    return conn.execute(select(table.c.seq, table.c.weight).where(
        table.c.plan_id == plan_id, table.c.parent == parent, table.c.child == child
    )).first()


def visions(conn: Connection, plan_id: int) -> list[Row[Any]]:
    """The vision objectives (code, seq), in list order."""
    table = objective_table
    return list(conn.execute(select(table.c.code, table.c.seq).where(
        table.c.plan_id == plan_id, table.c.level == "vision"
    ).order_by(table.c.seq)).all())


def links_touching(conn: Connection, plan_id: int, codes: Sequence[str],
                   pairs: Sequence[tuple[str, str]]) -> list[Row[Any]]:
    """The links (seq, parent, child) from or to any of `codes`, and those of `pairs`."""
    table = link_table
    queries = []
    if codes:
        queries.append(select(table.c.seq, table.c.parent, table.c.child).where(
            table.c.plan_id == plan_id, table.c.parent.in_(codes)))
        queries.append(select(table.c.seq, table.c.parent, table.c.child).where(
            table.c.plan_id == plan_id, table.c.child.in_(codes)))
    for parent, child in pairs:
        queries.append(select(table.c.seq, table.c.parent, table.c.child).where(
            table.c.plan_id == plan_id, table.c.parent == parent, table.c.child == child))
    if not queries:
        return []
    return list(conn.execute(union(*queries) if len(queries) > 1 else queries[0]).all())


def pool_links(conn: Connection, plan_id: int, parent: str) -> list[Row[Any]]:
    """The links (seq, weight, child) under `parent`, in list order."""
    links = link_table
    # sorted here: ORDER BY seq would lead SQLite to the (plan, seq) index, a scan
    return sorted(conn.execute(
        select(links.c.seq, links.c.weight, links.c.child)
        .where(links.c.plan_id == plan_id, links.c.parent == parent)
    ).all(), key=lambda r: r.seq)


def _pool_summary_query() -> Select[Any]:
    links, objectives, indicators = link_table, objective_table, indicator_table
    plan_id, parent = bindparam("plan_id"), bindparam("parent")
    weights = union_all(
        select(links.c.weight.label("weight")).join(objectives, and_(
            objectives.c.plan_id == links.c.plan_id, objectives.c.code == links.c.child))
        .where(links.c.plan_id == plan_id, links.c.parent == parent),
        select(indicators.c.weight.label("weight"))
        .where(indicators.c.plan_id == plan_id, indicators.c.objective == parent),
    ).subquery()
    weight = weights.c.weight
    fine = or_(weight == 0, and_(weight >= bindparam("low"), weight <= bindparam("high")))
    return select(
        func.count().label("count"),
        func.coalesce(func.sum(weight), 0.0).label("total"),
        func.coalesce(func.sum(case((weight != 0, 1), else_=0)), 0).label("nonzero"),
        func.coalesce(func.sum(case((fine, 0), else_=1)), 0).label("outside"),
    )


_POOL_SUMMARY: list[Select[Any]] = []  # built once (building it costs more than running it)


def pool_summary(conn: Connection, plan_id: int, parent: str, low: float, high: float
                 ) -> Row[Any]:
    """The weights under `parent` (its links to objectives and its indicators) in one row,
    without reading them: `count`, `total`, `nonzero` (how many are not 0) and `outside`
    (how many are neither 0 nor in [low, high], NULL counted there)."""
    if not _POOL_SUMMARY:
        _POOL_SUMMARY.append(_pool_summary_query())
    return conn.execute(_POOL_SUMMARY[0], {"plan_id": plan_id, "parent": parent,
                                           "low": low, "high": high}).one()


def pool_indicators(conn: Connection, plan_id: int, parent: str) -> list[Row[Any]]:
    """The indicators (seq, weight) of `parent`, in list order."""
    indicators = indicator_table
    return sorted(conn.execute(
        select(indicators.c.seq, indicators.c.weight)
        .where(indicators.c.plan_id == plan_id, indicators.c.objective == parent)
    ).all(), key=lambda r: r.seq)


def indicator_rules(conn: Connection, plan_id: int, code: str) -> Row[Any] | None:
    """An indicator's seq, cap and polarity, or None."""
    table = indicator_table
    return conn.execute(select(table.c.seq, table.c.cap, table.c.polarity).where(
        table.c.plan_id == plan_id, table.c.code == code)).first()


def indicator_targets(conn: Connection, plan_id: int, code: str) -> list[Row[Any]]:
    """An indicator's targets (seq, period, value, low, high)."""
    targets = target_table
    return list(conn.execute(select(targets.c.seq, targets.c.period, targets.c.value,
                                    targets.c.low, targets.c.high).where(
        targets.c.plan_id == plan_id, targets.c.indicator == code)).all())


def objectives_of_indicators(conn: Connection, plan_id: int, codes: Iterable[str]
                             ) -> list[str]:
    """The objective of each of the indicators `codes`."""
    table = indicator_table
    return list(conn.execute(select(table.c.objective).where(
        table.c.plan_id == plan_id, table.c.code.in_(sorted(codes)))).scalars())
