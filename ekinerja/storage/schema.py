"""The database schema: SQLAlchemy 2.0 typed ORM tables for plans, users, audit and history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar, cast

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Double,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from ekinerja.permissions import ROLES

CODE = String(200)
ADDRESS = String(64)  # an IPv4 or IPv6 address as text

_NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with a naming convention so migrations name constraints stably."""

    metadata = MetaData(naming_convention=_NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, float: Double}


def table_of(row: type[Base]) -> Table:
    """The Core table of a mapped row class, for the storage modules' queries (typed as the
    Table it is: `__table__` is declared a FromClause)."""
    return cast(Table, row.__table__)


def tables_of(*rows: type[Base]) -> tuple[Table, ...]:
    """The Core tables of several mapped row classes (see `table_of`)."""
    return tuple(map(table_of, rows))


def _seq_index(table: str) -> Index:
    """Rows of a plan in document order: bulk loads scan this index without sorting."""
    return Index(f"ix_{table}_plan_id_seq", "plan_id", "seq")


def _current_index(table: str, *key: str) -> Index:
    """At most one entry in force per key of a plan: replaced entries stay (``superseded``)."""
    return Index(
        f"uq_{table}_current",
        "plan_id",
        *key,
        unique=True,
        sqlite_where=text("superseded = 0"),
        postgresql_where=text("superseded = false"),
    )


def _history_args(table: str, *key: str) -> tuple[Any, ...]:
    """The table arguments of one list of a plan that keeps history: its document-order index
    and at most one entry in force per key."""
    return (_seq_index(table), _current_index(table, *key))


def _item_args(table: str, *key: str, extra: tuple[Any, ...] = ()) -> tuple[Any, ...]:
    """The table arguments of one list of a plan: its document-order index and its key."""
    return (_seq_index(table), UniqueConstraint("plan_id", *key), *extra)


class _PlanItem:
    """The columns of every item of a plan's lists: its id, its plan, its place in the list."""

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    seq: Mapped[int]


class _PlanRow:
    """The columns of every item of a plan's two long lists (targets, realizations): as
    `_PlanItem`, with the plan checked by a foreign key on SQLite only (`plan_row_args`)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int]
    seq: Mapped[int]


def plan_row_args(table: str) -> ForeignKeyConstraint:
    """The plan of a row of a long list: a foreign key on SQLite; on PostgreSQL triggers check
    it once per statement and delete a deleted plan's rows (migration 0016: a foreign key
    there is a check per row, most of the time a large import takes)."""
    return ForeignKeyConstraint(["plan_id"], ["plans.id"], ondelete="CASCADE",
                                name=f"fk_{table}_plan_id_plans").ddl_if(dialect="sqlite")


def applies_to(dialect: str) -> Any:
    """An Alembic ``include_object`` hook: leave out what the schema declares for another
    database only (``ddl_if(dialect=...)``) when comparing the schema with a database."""

    def include(obj: Any, _name: Any, _type: str, _reflected: bool, _compare_to: Any) -> bool:
        condition = getattr(obj, "_ddl_if", None)
        return condition is None or condition.dialect in (None, dialect)

    return include


class _PlanRecord:
    """The first columns of a plan's records outside its lists: an id and the plan."""

    id: Mapped[int] = mapped_column(primary_key=True, sort_order=-1)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"),
                                         sort_order=-1)


class _Authored:
    """The last columns of a record someone wrote: who, and when."""

    author: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class RevisionRow(Base):
    """The database revision counter: one row, bumped by every write (caches key on it)."""

    __tablename__ = "db_revision"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


class PlanRow(Base):
    """A plan (RPJMD / Renstra period); several can live in one database."""

    __tablename__ = "plans"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(CODE, unique=True)
    name: Mapped[str] = mapped_column(Text)
    start_year: Mapped[int]
    end_year: Mapped[int]
    settings: Mapped[dict[str, Any]]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class UnitRow(_PlanItem, Base):
    """An organisation unit of a plan."""

    __tablename__ = "units"
    __table_args__ = _item_args("units", "code")
    code: Mapped[str] = mapped_column(CODE)
    name: Mapped[str] = mapped_column(Text)
    parent: Mapped[str | None] = mapped_column(CODE)
    kind: Mapped[str] = mapped_column(String(20))


class EmployeeRow(_PlanItem, Base):
    """A civil servant (ASN) of a plan, by NIP."""

    __tablename__ = "employees"
    __table_args__ = _item_args("employees", "nip")
    nip: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(CODE)
    position: Mapped[str] = mapped_column(Text)
    supervisor: Mapped[str | None] = mapped_column(String(40))


class ObjectiveRow(_PlanItem, Base):
    """A cascade node (vision ... individual RHK)."""

    __tablename__ = "objectives"
    __table_args__ = _item_args("objectives", "code")
    code: Mapped[str] = mapped_column(CODE)
    name: Mapped[str] = mapped_column(Text)
    level: Mapped[str] = mapped_column(String(40))
    perspective: Mapped[str | None] = mapped_column(String(40))
    unit: Mapped[str | None] = mapped_column(CODE)
    owner: Mapped[str | None] = mapped_column(String(40))


class IndicatorRow(_PlanItem, Base):
    """A measured leaf under an objective."""

    __tablename__ = "indicators"
    __table_args__ = _item_args(  # the second index finds a parent's indicators (its weights)
        "indicators",
        "code",
        extra=(Index("ix_indicators_plan_id_objective", "plan_id", "objective"),),
    )
    code: Mapped[str] = mapped_column(CODE)
    objective: Mapped[str] = mapped_column(CODE)
    name: Mapped[str] = mapped_column(Text)
    measure_unit: Mapped[str] = mapped_column(Text)
    weight: Mapped[float]
    polarity: Mapped[str] = mapped_column(String(20))
    aggregation: Mapped[str] = mapped_column(String(20))
    negative_method: Mapped[str | None] = mapped_column(String(40))
    cap: Mapped[float | None]


class LinkRow(_PlanItem, Base):
    """A weighted cascade link parent -> child."""

    __tablename__ = "links"
    __table_args__ = _item_args(  # the second index finds an objective's parents
        "links", "parent", "child", extra=(Index("ix_links_plan_id_child", "plan_id", "child"),)
    )
    parent: Mapped[str] = mapped_column(CODE)
    child: Mapped[str] = mapped_column(CODE)
    weight: Mapped[float]


class CausalLinkRow(_PlanItem, Base):
    """A strategy-map arrow cause -> effect."""

    __tablename__ = "causal_links"
    __table_args__ = _item_args("causal_links", "cause", "effect")
    cause: Mapped[str] = mapped_column(CODE)
    effect: Mapped[str] = mapped_column(CODE)


class TargetRow(_PlanRow, Base):
    """A target of one indicator in one period: a value or a range [low, high]."""

    __tablename__ = "targets"
    __table_args__ = (*_item_args("targets", "indicator", "period"), plan_row_args("targets"))
    indicator: Mapped[str] = mapped_column(CODE)
    period: Mapped[str] = mapped_column(String(10))
    value: Mapped[float | None]
    low: Mapped[float | None]
    high: Mapped[float | None]


class RealizationRow(_PlanRow, Base):
    """A realization entry; a replaced entry stays with ``superseded`` set (history)."""

    __tablename__ = "realizations"
    __table_args__ = (*_history_args("realizations", "indicator", "period"),
                      plan_row_args("realizations"))
    indicator: Mapped[str] = mapped_column(CODE)
    period: Mapped[str] = mapped_column(String(10))
    value: Mapped[float]
    note: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(String(100))
    recorded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    superseded: Mapped[bool] = mapped_column(Boolean, default=False)
    # The workflow (docs/workflow.md): draft -> submitted -> verified | rejected, who and when.
    status: Mapped[str] = mapped_column(String(20), default="verified",
                                        server_default=text("'verified'"))
    submitted_by: Mapped[str | None] = mapped_column(String(100))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reviewed_by: Mapped[str | None] = mapped_column(String(100))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    review_reason: Mapped[str | None] = mapped_column(Text)
    evidence_file_id: Mapped[int | None] = mapped_column(Integer)  # an evidence_files id


class EvidenceFileRow(_PlanRecord, Base):
    """An evidence file of a realization (PDF, image, office document), kept for good: each
    realization entry points at its file, so a replaced entry keeps the file it had."""

    __tablename__ = "evidence_files"
    name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by: Mapped[str] = mapped_column(String(100))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class UserRow(Base):
    """An account (all plans): a role of docs/accounts.md, optionally tied to a unit and a NIP.

    ``password_hash`` is an argon2id hash (None: the account cannot sign in yet).
    """

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(
            "role IN (" + ", ".join(f"'{role}'" for role in ROLES) + ")", name="role"
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(20))
    unit: Mapped[str | None] = mapped_column(CODE)
    nip: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    password_hash: Mapped[str | None] = mapped_column(Text)
    password_changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    must_change_password: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    disabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    last_sign_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_sign_in_address: Mapped[str | None] = mapped_column(ADDRESS)
    email: Mapped[str | None] = mapped_column(String(254))  # reminders (docs/workflow.md)


class SignInThrottleRow(Base):
    """Failed sign-ins per user name (``kind`` "user") and per address (``kind`` "address").

    Kept in the database so that every worker process sees the same lockouts; a name that
    has no account is counted like one that has (no hint that it exists).
    """

    __tablename__ = "sign_in_throttle"
    __table_args__ = (UniqueConstraint("kind", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    key: Mapped[str] = mapped_column(String(200))
    failures: Mapped[int] = mapped_column(Integer)
    window_started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AppSecretRow(Base):
    """A generated secret shared by every worker (the session signing key)."""

    __tablename__ = "app_secrets"
    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AuditRow(Base):
    """An append-only audit record: who (account and address), when, plan, entity, key,
    action, old -> new, reason."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    username: Mapped[str] = mapped_column(String(100))
    plan_code: Mapped[str | None] = mapped_column(CODE, index=True)
    entity: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(String(20))
    old: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    new: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(Text)
    address: Mapped[str | None] = mapped_column(ADDRESS)


class WeightVersionRow(_PlanRecord, Base):
    """One version of a parent's child weights (links and indicators)."""

    __tablename__ = "weight_versions"
    __table_args__ = (UniqueConstraint("plan_id", "parent", "version"),)
    parent: Mapped[str] = mapped_column(CODE)
    version: Mapped[int]
    author: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    reason: Mapped[str | None] = mapped_column(Text)
    weights: Mapped[dict[str, Any]]


class ClosedPeriodRow(_PlanRecord, Base):
    """A closed period of a plan: no realization or target may change in it."""

    __tablename__ = "closed_periods"
    __table_args__ = (UniqueConstraint("plan_id", "period"),)
    period: Mapped[str] = mapped_column(String(10))
    closed_by: Mapped[str] = mapped_column(String(100))
    closed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    reason: Mapped[str | None] = mapped_column(Text)


class ChangeRow(Base):
    """What one write changed that a compiled plan must follow: the realizations or weights it
    set (with their new values), or ``reload`` for anything else that moves scores."""

    __tablename__ = "change_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_code: Mapped[str] = mapped_column(CODE, index=True)
    kind: Mapped[str] = mapped_column(String(20))
    entries: Mapped[list[Any]] = mapped_column(JSON)


class StructureEditRow(_PlanRecord, Base):
    """One structure edit made in the app (docs/workshop.md): who, when, what it was, and the
    steps it took (the audit's old -> new of each row), so that it can be undone."""

    __tablename__ = "structure_edits"
    __table_args__ = (Index("ix_structure_edits_plan_id_id", "plan_id", "id"),)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    username: Mapped[str] = mapped_column(String(100))
    label: Mapped[dict[str, Any]] = mapped_column(JSON)
    steps: Mapped[list[Any]] = mapped_column(JSON)
    undo_of: Mapped[int | None]
    undone_by: Mapped[int | None]


class MapPositionRow(_PlanRecord, Base):
    """Where a planner placed an objective by hand on a strategy map: per plan, per map (the
    scope: "" for the province, else the agency's code), in the drawing's coordinates. A node
    without a row keeps its automatic place (docs/workshop.md)."""

    __tablename__ = "map_positions"
    __table_args__ = (UniqueConstraint("plan_id", "scope", "node"),)
    scope: Mapped[str] = mapped_column(CODE)
    node: Mapped[str] = mapped_column(CODE)
    x: Mapped[float]
    y: Mapped[float]


class IndicatorManualRow(_PlanRecord, Base):
    """The IKU flag of an indicator and its Manual IKU (operational definition, formula, data
    source, who collects the data and when): the fields the SAKIP evaluation asks for."""

    __tablename__ = "indicator_manuals"
    __table_args__ = (UniqueConstraint("plan_id", "indicator"),)
    indicator: Mapped[str] = mapped_column(CODE)
    iku: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    definition: Mapped[str] = mapped_column(Text, default="", server_default="")
    formula: Mapped[str] = mapped_column(Text, default="", server_default="")
    data_source: Mapped[str] = mapped_column(Text, default="", server_default="")
    collector: Mapped[str] = mapped_column(Text, default="", server_default="")
    schedule: Mapped[str] = mapped_column(Text, default="", server_default="")


class IndicatorBaselineRow(_PlanRecord, Base):
    """The baseline of an indicator (nilai awal): its value in the year before the plan, the
    first figure of a SAKIP Renstra row. Not part of the plan file (docs/workshop.md)."""

    __tablename__ = "indicator_baselines"
    __table_args__ = (UniqueConstraint("plan_id", "indicator", "year"),)
    indicator: Mapped[str] = mapped_column(CODE)
    year: Mapped[int]
    value: Mapped[float]


class ImportSnapshotRow(Base):
    """A plan as it was just before an import (the ekinerja/1 document), to restore it."""

    __tablename__ = "import_snapshots"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_code: Mapped[str] = mapped_column(CODE, index=True)
    taken_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    author: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str | None] = mapped_column(Text)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)


class AccessTokenRow(Base):
    """A personal access token of the JSON API (docs/api.md): its SHA-256 hash (the token is
    shown once), the account it acts as, a scope (read or write) and an expiry."""

    __tablename__ = "access_tokens"
    __table_args__ = (
        CheckConstraint("scope IN ('read', 'write')", name="scope"),
        UniqueConstraint("token_hash"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64))
    scope: Mapped[str] = mapped_column(String(10))
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SkpRatingRow(_PlanItem, Base):
    """A supervisor's SKP ratings of an employee in a period (docs/skp.md); a replaced rating
    stays with ``superseded`` set (history). ``work`` None: the proposal stands; ``notes`` holds
    a note per BerAKHLAK value; ``reason`` why the work rating differs from the proposal."""

    __tablename__ = "skp_ratings"
    __table_args__ = _history_args("skp_ratings", "employee", "period")
    employee: Mapped[str] = mapped_column(String(40))
    period: Mapped[str] = mapped_column(String(10))
    behaviour: Mapped[str] = mapped_column(String(20))
    work: Mapped[str | None] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    feedback: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(String(100))
    recorded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    superseded: Mapped[bool] = mapped_column(Boolean, default=False)


class SkpNoteRow(_PlanRecord, Base):
    """An employee's own note on their SKP in a period (docs/skp.md); a replaced note stays
    with ``superseded`` set (history)."""

    __tablename__ = "skp_notes"
    __table_args__ = (_current_index("skp_notes", "employee", "period"),)
    employee: Mapped[str] = mapped_column(String(40))
    period: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    superseded: Mapped[bool] = mapped_column(Boolean, default=False)


class UnitPredikatRow(_PlanItem, Base):
    """The organisation predikat of a unit in a period (docs/skp.md), with history."""

    __tablename__ = "unit_predikat"
    __table_args__ = _history_args("unit_predikat", "unit", "period")
    unit: Mapped[str] = mapped_column(CODE)
    period: Mapped[str] = mapped_column(String(10))
    predikat: Mapped[str] = mapped_column(String(20))
    author: Mapped[str | None] = mapped_column(String(100))
    recorded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    superseded: Mapped[bool] = mapped_column(Boolean, default=False)


class RhkKindRow(_PlanItem, Base):
    """The `rhk_kind` of an individual objective that is not `main` (docs/skp.md)."""

    __tablename__ = "rhk_kinds"
    __table_args__ = _item_args("rhk_kinds", "objective")
    objective: Mapped[str] = mapped_column(CODE)
    kind: Mapped[str] = mapped_column(String(20))
class AgreementVersionRow(_PlanRecord, Base):
    """One frozen version of a unit head's Perjanjian Kinerja for a year: version 1 `awal`,
    then each `perubahan` with its date and reason; `content` holds what was signed (parties,
    objectives, indicators and targets) as it stood then."""

    __tablename__ = "agreement_versions"
    __table_args__ = (
        UniqueConstraint("plan_id", "unit", "year", "version"),
        CheckConstraint("kind IN ('awal', 'perubahan')", name="kind"),
    )
    unit: Mapped[str] = mapped_column(CODE)
    year: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))
    signed_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    content: Mapped[dict[str, Any]]


class LkeAnswerRow(_PlanRecord, _Authored, Base):
    """The evaluator's answer to one LKE criterion for a unit (or the region's unit) and year,
    with a note and an evidence link; changed in place (each change is audited)."""

    __tablename__ = "lke_answers"
    __table_args__ = (UniqueConstraint("plan_id", "unit", "year", "criterion"),)
    unit: Mapped[str] = mapped_column(CODE)
    year: Mapped[int] = mapped_column(Integer)
    criterion: Mapped[str] = mapped_column(String(10))
    answer: Mapped[str | None] = mapped_column(String(1))
    note: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(Text)


class LkeFindingRow(_PlanRecord, _Authored, Base):
    """A finding of an LKE with its recommendation and the follow-up status."""

    __tablename__ = "lke_findings"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'in_progress', 'done')", name="status"),
        Index("ix_lke_findings_plan_id_unit_year", "plan_id", "unit", "year"),
    )
    unit: Mapped[str] = mapped_column(CODE)
    year: Mapped[int] = mapped_column(Integer)
    criterion: Mapped[str | None] = mapped_column(String(10))
    finding: Mapped[str] = mapped_column(Text)
    recommendation: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12))
    follow_up: Mapped[str | None] = mapped_column(Text)


class BudgetRow(_PlanRecord, _Authored, Base):
    """The budget (pagu) of a program or activity — an objective of the cascade — in a year,
    and its realization when known (rupiah)."""

    __tablename__ = "budgets"
    __table_args__ = (UniqueConstraint("plan_id", "objective", "year"),)
    objective: Mapped[str] = mapped_column(CODE)
    year: Mapped[int] = mapped_column(Integer)
    amount: Mapped[float]
    realization: Mapped[float | None]


class FollowUpRow(_PlanRecord, Base):
    """A follow-up (rencana tindak lanjut) of an indicator in the two lowest bands in a
    period: its cause, the corrective action, a due date and optionally a recommendation;
    `open`, then `done` with a note on what was done (docs/workflow.md)."""

    __tablename__ = "follow_ups"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'done')", name="status"),
        Index("ix_follow_ups_plan_id_indicator_period", "plan_id", "indicator", "period"),
    )
    indicator: Mapped[str] = mapped_column(CODE)
    period: Mapped[str] = mapped_column(String(10))
    achievement: Mapped[float | None]  # when recorded
    cause: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(Text)
    recommendation: Mapped[str | None] = mapped_column(Text)
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10))
    done_note: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    closed_by: Mapped[str | None] = mapped_column(String(100))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ObjectiveHolderRow(_PlanRecord, _Authored, Base):
    """Who held an objective (an RHK) from when until when (docs/organisation.md): written when
    a successor takes over a leaving employee's objectives, so that a past period's score is
    attributed to whoever held the objective then. ``since`` None: from the start of the plan;
    ``until`` None: still held (the successor holds from ``until`` of the row before)."""

    __tablename__ = "objective_holders"
    __table_args__ = (Index("ix_objective_holders_plan_id_objective", "plan_id", "objective"),)
    objective: Mapped[str] = mapped_column(CODE)
    holder: Mapped[str] = mapped_column(String(40))
    since: Mapped[date | None] = mapped_column(Date)
    until: Mapped[date | None] = mapped_column(Date)


class CommentRow(_PlanRecord, _Authored, Base):
    """A comment on an objective or an indicator of a plan (docs/workflow.md): a short thread
    per item, oldest first."""

    __tablename__ = "comments"
    __table_args__ = (Index("ix_comments_plan_id_item", "plan_id", "item_kind", "item"),)
    item_kind: Mapped[str] = mapped_column(String(10))  # "objective" | "indicator"
    item: Mapped[str] = mapped_column(CODE)
    body: Mapped[str] = mapped_column(Text)


class CommentMentionRow(Base):
    """An account mentioned (@username) in a comment: its in-app notification until read."""

    __tablename__ = "comment_mentions"
    __table_args__ = (UniqueConstraint("comment_id", "username"),
                      Index("ix_comment_mentions_username", "username", "read_at"))
    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    username: Mapped[str] = mapped_column(String(100))
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
