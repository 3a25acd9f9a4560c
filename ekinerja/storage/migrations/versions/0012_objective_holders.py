"""Organisation: the history of who held each objective (succession). A new table only:
existing data is kept.

Revision ID: 0012
Revises: 0006a
Create Date: 2026-12-01 08:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create objective_holders."""
    op.create_table(
        "objective_holders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("objective", sa.String(length=200), nullable=False),
        sa.Column("holder", sa.String(length=40), nullable=False),
        sa.Column("since", sa.Date(), nullable=True),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("author", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], ondelete="CASCADE",
                                name=op.f("fk_objective_holders_plan_id_plans")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_objective_holders")),
    )
    op.create_index("ix_objective_holders_plan_id_objective", "objective_holders",
                    ["plan_id", "objective"])


def downgrade() -> None:
    """Drop objective_holders."""
    op.drop_index("ix_objective_holders_plan_id_objective", table_name="objective_holders")
    op.drop_table("objective_holders")
