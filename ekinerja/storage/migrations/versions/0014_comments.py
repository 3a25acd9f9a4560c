"""Comments on objectives and indicators, and the accounts they mention (docs/workflow.md).
New tables only: existing data is kept.

Revision ID: 0014
Revises: 0006a
Create Date: 2026-12-01 08:35:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create comments and comment_mentions."""
    op.create_table(
        "comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("item_kind", sa.String(length=10), nullable=False),
        sa.Column("item", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"],
                                name=op.f("fk_comments_plan_id_plans"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comments")),
    )
    op.create_index("ix_comments_plan_id_item", "comments", ["plan_id", "item_kind", "item"])
    op.create_table(
        "comment_mentions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["comment_id"], ["comments.id"],
                                name=op.f("fk_comment_mentions_comment_id_comments"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comment_mentions")),
        sa.UniqueConstraint("comment_id", "username",
                            name=op.f("uq_comment_mentions_comment_id_username")),
    )
    op.create_index("ix_comment_mentions_username", "comment_mentions",
                    ["username", "read_at"])


def downgrade() -> None:
    """Drop comment_mentions and comments."""
    op.drop_table("comment_mentions")
    op.drop_table("comments")
