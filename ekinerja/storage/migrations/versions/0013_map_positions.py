"""Strategy maps placed by hand: the position of an objective per plan and map (scope). A new
table only: existing data is kept, and every map keeps its automatic layout until a planner
moves a node.

Revision ID: 0013
Revises: 0006a
Create Date: 2026-12-01 08:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create map_positions."""
    op.create_table(
        "map_positions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=200), nullable=False),
        sa.Column("node", sa.String(length=200), nullable=False),
        sa.Column("x", sa.Double(), nullable=False),
        sa.Column("y", sa.Double(), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], ondelete="CASCADE",
                                name=op.f("fk_map_positions_plan_id_plans")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_map_positions")),
        sa.UniqueConstraint("plan_id", "scope", "node",
                            name=op.f("uq_map_positions_plan_id_scope_node")),
    )


def downgrade() -> None:
    """Drop map_positions."""
    op.drop_table("map_positions")
