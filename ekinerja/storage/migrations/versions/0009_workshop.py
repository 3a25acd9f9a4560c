"""The planner's workshop: structure edits (undoable from the history) and the IKU flag with
its Manual IKU per indicator. Existing data is kept: both tables start empty.

Revision ID: 0009
Revises: 0005
Create Date: 2026-12-01 05:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create structure_edits and indicator_manuals."""
    op.create_table(
        "structure_edits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("label", sa.JSON(), nullable=False),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.Column("undo_of", sa.Integer(), nullable=True),
        sa.Column("undone_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], ondelete="CASCADE",
                                name=op.f("fk_structure_edits_plan_id_plans")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_structure_edits")),
    )
    op.create_index("ix_structure_edits_plan_id_id", "structure_edits", ["plan_id", "id"])
    op.create_table(
        "indicator_manuals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("indicator", sa.String(length=200), nullable=False),
        sa.Column("iku", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("definition", sa.Text(), server_default="", nullable=False),
        sa.Column("formula", sa.Text(), server_default="", nullable=False),
        sa.Column("data_source", sa.Text(), server_default="", nullable=False),
        sa.Column("collector", sa.Text(), server_default="", nullable=False),
        sa.Column("schedule", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], ondelete="CASCADE",
                                name=op.f("fk_indicator_manuals_plan_id_plans")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_manuals")),
        sa.UniqueConstraint(
            "plan_id", "indicator", name=op.f("uq_indicator_manuals_plan_id_indicator")
        ),
    )


def downgrade() -> None:
    """Drop both tables."""
    op.drop_table("indicator_manuals")
    op.drop_index("ix_structure_edits_plan_id_id", table_name="structure_edits")
    op.drop_table("structure_edits")
