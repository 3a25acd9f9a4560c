"""The baseline of an indicator (nilai awal): its value in the year before the plan, as a
SAKIP Renstra shows it. Kept in the database only (the plan file's periods stay inside the
plan's years). A new table only: existing data is kept.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 11:45:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create indicator_baselines."""
    op.create_table(
        "indicator_baselines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("indicator", sa.String(length=200), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("value", sa.Double(), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], ondelete="CASCADE",
                                name=op.f("fk_indicator_baselines_plan_id_plans")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_baselines")),
        sa.UniqueConstraint("plan_id", "indicator", "year",
                            name=op.f("uq_indicator_baselines_plan_id_indicator_year")),
    )


def downgrade() -> None:
    """Drop indicator_baselines."""
    op.drop_table("indicator_baselines")
