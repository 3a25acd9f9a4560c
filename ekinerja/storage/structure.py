"""Items of a plan's cascade, one at a time: objectives, indicators, links, targets, units."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Row, Table, delete, func, select, update

from ekinerja.storage.repository import next_seq
from ekinerja.storage.schema import (
    CausalLinkRow,
    IndicatorRow,
    LinkRow,
    ObjectiveRow,
    RealizationRow,
    RhkKindRow,
    TargetRow,
    UnitRow,
    tables_of,
)

(objective_table, indicator_table, link_table, causal_table, target_table, realization_table,
 unit_table, rhk_kind_table) = tables_of(ObjectiveRow, IndicatorRow, LinkRow, CausalLinkRow,
                                         TargetRow, RealizationRow, UnitRow, RhkKindRow)


def _by_code(conn: Connection, table: Table, plan_id: int, code: str) -> Row[Any] | None:
    return conn.execute(
        select(table).where(table.c.plan_id == plan_id, table.c.code == code)
    ).first()


def _append(conn: Connection, table: Table, plan_id: int, values: dict[str, Any]) -> None:
    seq = next_seq(conn, table, plan_id)
    conn.execute(table.insert().values(plan_id=plan_id, seq=seq, **values))


def _set(conn: Connection, table: Table, row_id: int, values: dict[str, Any]) -> None:
    conn.execute(update(table).where(table.c.id == row_id).values(**values))


# -- objectives and indicators ------------------------------------------------------------------


def find_objective(conn: Connection, plan_id: int, code: str) -> Row[Any] | None:
    """The objective row of a code, or None."""
    return _by_code(conn, objective_table, plan_id, code)


def find_indicator(conn: Connection, plan_id: int, code: str) -> Row[Any] | None:
    """The indicator row of a code, or None."""
    return _by_code(conn, indicator_table, plan_id, code)


def code_taken(conn: Connection, plan_id: int, code: str) -> bool:
    """Whether an objective or an indicator of the plan has this code (one namespace)."""
    return find_objective(conn, plan_id, code) is not None or (
        find_indicator(conn, plan_id, code) is not None
    )


def add_objective(conn: Connection, plan_id: int, values: dict[str, Any]) -> None:
    """Append an objective to the plan."""
    _append(conn, objective_table, plan_id, values)


def add_indicator(conn: Connection, plan_id: int, values: dict[str, Any]) -> None:
    """Append an indicator to the plan."""
    _append(conn, indicator_table, plan_id, values)


def update_objective(conn: Connection, row_id: int, values: dict[str, Any]) -> None:
    """Set fields of an objective row."""
    _set(conn, objective_table, row_id, values)


def update_indicator(conn: Connection, row_id: int, values: dict[str, Any]) -> None:
    """Set fields of an indicator row."""
    _set(conn, indicator_table, row_id, values)


def indicators_of(conn: Connection, plan_id: int, objective: str) -> list[str]:
    """Codes of the indicators under an objective."""
    table = indicator_table
    query = select(table.c.code).where(table.c.plan_id == plan_id, table.c.objective == objective)
    return list(conn.execute(query).scalars())


def delete_indicator(conn: Connection, plan_id: int, code: str, row_id: int) -> None:
    """Delete an indicator with its targets and realizations (history included)."""
    for table in (target_table, realization_table):
        conn.execute(delete(table).where(table.c.plan_id == plan_id, table.c.indicator == code))
    conn.execute(delete(indicator_table).where(indicator_table.c.id == row_id))


def delete_objective(conn: Connection, plan_id: int, code: str, row_id: int) -> None:
    """Delete an objective row, the causal links that name it and its `rhk_kind`."""
    kinds = rhk_kind_table
    conn.execute(delete(kinds).where(kinds.c.plan_id == plan_id, kinds.c.objective == code))
    causal = causal_table
    conn.execute(
        delete(causal).where(
            causal.c.plan_id == plan_id, (causal.c.cause == code) | (causal.c.effect == code)
        )
    )
    conn.execute(delete(objective_table).where(objective_table.c.id == row_id))


# -- links ------------------------------------------------------------------------------------


def links_to(conn: Connection, plan_id: int, child: str, parent: str | None = None
             ) -> list[Row[Any]]:
    """The cascade links into `child` (only the one from `parent` when given)."""
    table = link_table
    query = select(table).where(table.c.plan_id == plan_id, table.c.child == child)
    if parent is not None:
        query = query.where(table.c.parent == parent)
    return list(conn.execute(query).all())


def child_objectives(conn: Connection, plan_id: int, parent: str) -> list[str]:
    """Codes of the objectives linked under `parent`."""
    table = link_table
    query = select(table.c.child).where(table.c.plan_id == plan_id, table.c.parent == parent)
    return list(conn.execute(query).scalars())


def add_link(conn: Connection, plan_id: int, parent: str, child: str, weight: float) -> None:
    """Append a cascade link."""
    _append(conn, link_table, plan_id, {"parent": parent, "child": child, "weight": weight})


def delete_link(conn: Connection, row_id: int) -> None:
    """Delete a cascade link row."""
    conn.execute(delete(link_table).where(link_table.c.id == row_id))


# -- targets and units --------------------------------------------------------------------------


def find_target(conn: Connection, plan_id: int, indicator: str, period: str) -> Row[Any] | None:
    """The target row of an indicator and period, or None."""
    table = target_table
    return conn.execute(
        select(table).where(
            table.c.plan_id == plan_id, table.c.indicator == indicator, table.c.period == period
        )
    ).first()


def add_target(
    conn: Connection, plan_id: int, indicator: str, period: str, values: dict[str, Any]
) -> None:
    """Append a target (value, low, high)."""
    _append(conn, target_table, plan_id, {"indicator": indicator, "period": period, **values})


def update_target(conn: Connection, row_id: int, values: dict[str, Any]) -> None:
    """Set value, low and high of a target row."""
    _set(conn, target_table, row_id, values)


def delete_target(conn: Connection, row_id: int) -> None:
    """Delete a target row."""
    conn.execute(delete(target_table).where(target_table.c.id == row_id))


def unit_parents(conn: Connection, plan_id: int) -> list[tuple[str, str | None]]:
    """(code, parent) of every unit of a plan."""
    table = unit_table
    query = select(table.c.code, table.c.parent).where(table.c.plan_id == plan_id)
    return [(code, parent) for code, parent in conn.execute(query)]


# -- what an edit touches -------------------------------------------------------------------------


def links_from(conn: Connection, plan_id: int, parent: str) -> list[Row[Any]]:
    """The cascade links out of `parent`."""
    table = link_table
    return list(conn.execute(
        select(table).where(table.c.plan_id == plan_id, table.c.parent == parent)
    ).all())


def set_link_weight(conn: Connection, row_id: int, weight: float) -> None:
    """Set the weight of a cascade link row."""
    _set(conn, link_table, row_id, {"weight": weight})


def targets_of(conn: Connection, plan_id: int, indicator: str) -> list[Row[Any]]:
    """The target rows of an indicator."""
    table = target_table
    return list(conn.execute(
        select(table).where(table.c.plan_id == plan_id, table.c.indicator == indicator)
        .order_by(table.c.seq)
    ).all())


def realization_count(conn: Connection, plan_id: int, indicators: list[str]) -> int:
    """How many realization entries (history included) the indicators have."""
    if not indicators:
        return 0
    table = realization_table
    query = select(func.count()).select_from(table).where(
        table.c.plan_id == plan_id, table.c.indicator.in_(indicators))
    return int(conn.execute(query).scalar_one())


def causal_links_of(conn: Connection, plan_id: int, code: str) -> list[Row[Any]]:
    """The strategy-map arrows that name an objective."""
    causal = causal_table
    return list(conn.execute(
        select(causal).where(
            causal.c.plan_id == plan_id, (causal.c.cause == code) | (causal.c.effect == code)
        )
    ).all())


def add_causal_link(conn: Connection, plan_id: int, cause: str, effect: str) -> None:
    """Append a strategy-map arrow."""
    _append(conn, causal_table, plan_id, {"cause": cause, "effect": effect})


def delete_objective_row(conn: Connection, plan_id: int, code: str) -> None:
    """Delete an objective row by code (its causal links must be gone already)."""
    table = objective_table
    conn.execute(delete(table).where(table.c.plan_id == plan_id, table.c.code == code))


def delete_indicator_row(conn: Connection, plan_id: int, code: str) -> None:
    """Delete an indicator row by code (its targets and realizations must be gone already)."""
    table = indicator_table
    conn.execute(delete(table).where(table.c.plan_id == plan_id, table.c.code == code))


def delete_causal_link(conn: Connection, plan_id: int, cause: str, effect: str) -> None:
    """Delete one strategy-map arrow."""
    causal = causal_table
    conn.execute(delete(causal).where(causal.c.plan_id == plan_id, causal.c.cause == cause,
                                      causal.c.effect == effect))
