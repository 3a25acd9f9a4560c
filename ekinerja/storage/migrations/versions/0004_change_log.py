"""Change log: what each write changed that compiled plans follow without recompiling; and the
indexes that find a parent's indicators and an objective's parents without a scan.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the change_log table and the two lookup indexes."""
    op.create_table(
        "change_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_code", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("entries", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_log")),
    )
    op.create_index(op.f("ix_change_log_plan_code"), "change_log", ["plan_code"], unique=False)
    op.create_index("ix_indicators_plan_id_objective", "indicators", ["plan_id", "objective"])
    op.create_index("ix_links_plan_id_child", "links", ["plan_id", "child"])


def downgrade() -> None:
    """Drop the indexes and the change_log table."""
    op.drop_index("ix_links_plan_id_child", table_name="links")
    op.drop_index("ix_indicators_plan_id_objective", table_name="indicators")
    op.drop_index(op.f("ix_change_log_plan_code"), table_name="change_log")
    op.drop_table("change_log")
