"""Strategy-map positions placed by hand (`map_positions`): per plan, map (scope) and node."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Row, delete, select, update

from ekinerja.storage.schema import MapPositionRow, table_of

position_table = table_of(MapPositionRow)


def positions(conn: Connection, plan_id: int, scope: str) -> dict[str, tuple[float, float]]:
    """The nodes placed by hand on one map: code -> (x, y)."""
    table = position_table
    rows = conn.execute(select(table.c.node, table.c.x, table.c.y).where(
        table.c.plan_id == plan_id, table.c.scope == scope).order_by(table.c.id))
    return {r.node: (float(r.x), float(r.y)) for r in rows}


def find_position(conn: Connection, plan_id: int, scope: str, node: str) -> Row[Any] | None:
    """The stored place of one node on one map, or None."""
    table = position_table
    return conn.execute(select(table).where(table.c.plan_id == plan_id, table.c.scope == scope,
                                            table.c.node == node)).first()


def put_position(conn: Connection, plan_id: int, scope: str, node: str, x: float, y: float
                 ) -> None:
    """Place a node (insert or update its row)."""
    table = position_table
    if find_position(conn, plan_id, scope, node) is None:
        conn.execute(table.insert().values(plan_id=plan_id, scope=scope, node=node, x=x, y=y))
    else:
        conn.execute(update(table).where(table.c.plan_id == plan_id, table.c.scope == scope,
                                         table.c.node == node).values(x=x, y=y))


def delete_position(conn: Connection, plan_id: int, scope: str, node: str) -> None:
    """Give a node back its automatic place."""
    table = position_table
    conn.execute(delete(table).where(table.c.plan_id == plan_id, table.c.scope == scope,
                                     table.c.node == node))
