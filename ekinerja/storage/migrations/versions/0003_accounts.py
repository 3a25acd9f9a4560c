"""Accounts: passwords, disabled and last sign-in on users, the seven roles, sign-in lockouts,
the shared session secret, and the acting account's address in the audit log.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The roles of DESIGN.md §7 as they were when this revision was written (not imported:
#: a migration must not change when the code does).
ROLES = ("admin", "planner", "evaluator", "head", "operator", "employee", "viewer")


def upgrade() -> None:
    """Add the account columns and tables; existing users keep their data (no password yet)."""
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("password_hash", sa.Text(), nullable=True))
        batch.add_column(
            sa.Column("password_changed_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch.add_column(
            sa.Column(
                "must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch.add_column(
            sa.Column("disabled", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("last_sign_in_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("last_sign_in_address", sa.String(length=64), nullable=True))
        batch.create_check_constraint(
            op.f("ck_users_role"), "role IN (" + ", ".join(f"'{role}'" for role in ROLES) + ")"
        )
    # not batch: audit_log is append-only (triggers of 0002); adding a column keeps its rows
    op.add_column("audit_log", sa.Column("address", sa.String(length=64), nullable=True))
    op.create_table(
        "sign_in_throttle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_throttle")),
        sa.UniqueConstraint("kind", "key", name=op.f("uq_sign_in_throttle_kind_key")),
    )
    op.create_table(
        "app_secrets",
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_app_secrets")),
    )


def downgrade() -> None:
    """Drop them again (passwords, lockouts and the session secret are lost)."""
    op.drop_table("app_secrets")
    op.drop_table("sign_in_throttle")
    if op.get_bind().dialect.name == "sqlite":  # SQLite ≥ 3.35 drops a column in place
        op.execute("ALTER TABLE audit_log DROP COLUMN address")
    else:
        op.drop_column("audit_log", "address")
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint(op.f("ck_users_role"), type_="check")
        for column in ("last_sign_in_address", "last_sign_in_at", "disabled",
                       "must_change_password", "password_changed_at", "password_hash"):
            batch.drop_column(column)
