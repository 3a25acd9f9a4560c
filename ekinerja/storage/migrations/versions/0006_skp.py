"""SKP: supervisors' ratings and units' organisation predikat, each with history, and the
`rhk_kind` of RHK that are not main (docs/skp.md). New tables only: existing data is kept.

Revision ID: 0006
Revises: 0010
Create Date: 2026-12-01 05:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _item() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
    ]


def _item_constraints(table: str) -> list[sa.SchemaItem]:
    return [
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name=op.f(f"fk_{table}_plan_id_plans"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def _history() -> list[sa.Column]:
    return [
        sa.Column("author", sa.String(length=100), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("superseded", sa.Boolean(), nullable=False),
    ]


def _current_index(table: str, *key: str) -> None:
    op.create_index(
        f"uq_{table}_current",
        table,
        ["plan_id", *key],
        unique=True,
        sqlite_where=sa.text("superseded = 0"),
        postgresql_where=sa.text("superseded = false"),
    )


def upgrade() -> None:
    """Create skp_ratings, unit_predikat and rhk_kinds."""
    op.create_table(
        "skp_ratings",
        *_item(),
        sa.Column("employee", sa.String(length=40), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("behaviour", sa.String(length=20), nullable=False),
        sa.Column("work", sa.String(length=20), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("notes", sa.JSON(), nullable=True),
        sa.Column("feedback", sa.Text(), nullable=True),
        *_history(),
        *_item_constraints("skp_ratings"),
    )
    op.create_index("ix_skp_ratings_plan_id_seq", "skp_ratings", ["plan_id", "seq"])
    _current_index("skp_ratings", "employee", "period")
    op.create_table(
        "unit_predikat",
        *_item(),
        sa.Column("unit", sa.String(length=200), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("predikat", sa.String(length=20), nullable=False),
        *_history(),
        *_item_constraints("unit_predikat"),
    )
    op.create_index("ix_unit_predikat_plan_id_seq", "unit_predikat", ["plan_id", "seq"])
    _current_index("unit_predikat", "unit", "period")
    op.create_table(
        "rhk_kinds",
        *_item(),
        sa.Column("objective", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        *_item_constraints("rhk_kinds"),
        sa.UniqueConstraint("plan_id", "objective", name=op.f("uq_rhk_kinds_plan_id_objective")),
    )
    op.create_index("ix_rhk_kinds_plan_id_seq", "rhk_kinds", ["plan_id", "seq"])


def downgrade() -> None:
    """Drop the three tables."""
    for table in ("rhk_kinds", "unit_predikat", "skp_ratings"):
        op.drop_table(table)
