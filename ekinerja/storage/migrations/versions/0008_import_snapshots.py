"""Import snapshots: the plan as it was before each import, to bring it back
(`ekinerja db restore`).

Revision ID: 0008
Revises: 0004
Create Date: 2026-12-01 05:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the import_snapshots table (existing data is not touched)."""
    op.create_table(
        "import_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_code", sa.String(length=200), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author", sa.String(length=100), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_snapshots")),
    )
    op.create_index(op.f("ix_import_snapshots_plan_code"), "import_snapshots", ["plan_code"])


def downgrade() -> None:
    """Drop the import_snapshots table."""
    op.drop_index(op.f("ix_import_snapshots_plan_code"), table_name="import_snapshots")
    op.drop_table("import_snapshots")
