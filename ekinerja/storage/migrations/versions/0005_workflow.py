"""Realization workflow: each entry's status (draft, submitted, verified, rejected) with who
and when, evidence files, and an e-mail address per account (reminders). Existing
realizations become `verified`, so scores do not change.

Revision ID: 0005
Revises: 0007
Create Date: 2026-12-01 05:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0007"  # re-chained after main (0004 -> 0008 -> 0010 -> 0006 -> 0007)
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Add the workflow columns to realizations (existing rows verified) and evidence_files."""
    op.add_column("realizations", sa.Column("status", sa.String(length=20), nullable=False,
                                            server_default=sa.text("'verified'")))
    op.add_column("realizations", sa.Column("submitted_by", sa.String(length=100)))
    op.add_column("realizations", sa.Column("submitted_at", _STAMP))
    op.add_column("realizations", sa.Column("reviewed_by", sa.String(length=100)))
    op.add_column("realizations", sa.Column("reviewed_at", _STAMP))
    op.add_column("realizations", sa.Column("review_reason", sa.Text()))
    op.add_column("realizations", sa.Column("evidence_file_id", sa.Integer()))
    op.add_column("users", sa.Column("email", sa.String(length=254)))
    op.create_table(
        "evidence_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by", sa.String(length=100), nullable=False),
        sa.Column("uploaded_at", _STAMP, nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"],
                                name=op.f("fk_evidence_files_plan_id_plans"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_files")),
    )


def downgrade() -> None:
    """Drop evidence_files and the workflow columns."""
    op.drop_table("evidence_files")
    op.drop_column("users", "email")
    for column in ("evidence_file_id", "review_reason", "reviewed_at", "reviewed_by",
                   "submitted_at", "submitted_by", "status"):
        op.drop_column("realizations", column)
