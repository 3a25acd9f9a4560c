"""SAKIP: each frozen version (awal, perubahan) of a unit head's Perjanjian Kinerja; the LKE
answers per unit and year, the LKE findings with their follow-up; budgets of programs and
activities.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 05:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the agreement_versions, lke_answers, lke_findings and budgets tables (new
    tables: existing data is untouched)."""
    op.create_table(
        "agreement_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=200), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("author", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.CheckConstraint("kind IN ('awal', 'perubahan')",
                           name=op.f("ck_agreement_versions_kind")),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"],
                                name=op.f("fk_agreement_versions_plan_id_plans"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreement_versions")),
        sa.UniqueConstraint("plan_id", "unit", "year", "version",
                            name=op.f("uq_agreement_versions_plan_id_unit_year_version")),
    )


    op.create_table(
        "lke_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=200), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("criterion", sa.String(length=10), nullable=False),
        sa.Column("answer", sa.String(length=1), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=True),
        sa.Column("author", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"],
                                name=op.f("fk_lke_answers_plan_id_plans"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lke_answers")),
        sa.UniqueConstraint("plan_id", "unit", "year", "criterion",
                            name=op.f("uq_lke_answers_plan_id_unit_year_criterion")),
    )
    op.create_table(
        "lke_findings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=200), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("criterion", sa.String(length=10), nullable=True),
        sa.Column("finding", sa.Text(), nullable=False),
        sa.Column("recommendation", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("follow_up", sa.Text(), nullable=True),
        sa.Column("author", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status IN ('open', 'in_progress', 'done')",
                           name=op.f("ck_lke_findings_status")),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"],
                                name=op.f("fk_lke_findings_plan_id_plans"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lke_findings")),
    )
    op.create_index("ix_lke_findings_plan_id_unit_year", "lke_findings",
                    ["plan_id", "unit", "year"])
    op.create_table(
        "budgets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("objective", sa.String(length=200), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Double(), nullable=False),
        sa.Column("realization", sa.Double(), nullable=True),
        sa.Column("author", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"],
                                name=op.f("fk_budgets_plan_id_plans"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budgets")),
        sa.UniqueConstraint("plan_id", "objective", "year",
                            name=op.f("uq_budgets_plan_id_objective_year")),
    )


def downgrade() -> None:
    """Drop the budget, LKE and agreement tables."""
    op.drop_table("budgets")
    op.drop_index("ix_lke_findings_plan_id_unit_year", table_name="lke_findings")
    op.drop_table("lke_findings")
    op.drop_table("lke_answers")
    op.drop_table("agreement_versions")
