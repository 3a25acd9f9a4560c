"""Use cases: every change goes through here, with the acting user, in one audited transaction."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Connection, Row, delete, func, select, update

from ekinerja.gcpause import no_gc
from ekinerja.model import (
    LEVELS,
    PERSPECTIVES,
    Indicator,
    InvalidPlan,
    Link,
    Objective,
    PlanDocument,
    Problem,
)
from ekinerja.periods import parse_period
from ekinerja.permissions import unit_subtree
from ekinerja.storage import repository as repo
from ekinerja.storage.database import Database
from ekinerja.storage.schema import (
    ROLES,
    AuditRow,
    CausalLinkRow,
    ClosedPeriodRow,
    IndicatorRow,
    LinkRow,
    ObjectiveRow,
    RealizationRow,
    TargetRow,
    UnitRow,
    UserRow,
    WeightVersionRow,
)

_audit = AuditRow.__table__
_closed_periods = ClosedPeriodRow.__table__
_users = UserRow.__table__
_objectives = ObjectiveRow.__table__
_indicators = IndicatorRow.__table__
_links = LinkRow.__table__
_causal = CausalLinkRow.__table__
_targets = TargetRow.__table__
_realizations = RealizationRow.__table__
_units = UnitRow.__table__
_versions = WeightVersionRow.__table__

STRUCTURE_ROLES = frozenset({"admin", "planner"})
RECORD_ROLES = frozenset({"admin", "operator", "employee"})


# -- errors and users ---------------------------------------------------------------------------


class ServiceError(Exception):
    """A refused change, with a bilingual message ("pesan / message")."""


class PermissionDenied(ServiceError):
    """The acting user may not do this."""


class ConflictError(ServiceError):
    """Someone else changed the same thing since the user saw it; nothing was overwritten."""


class NotFound(ServiceError):
    """A plan, objective, indicator, user or version that does not exist."""


@dataclass(frozen=True)
class User:
    """The acting user: a role of ekinerja.permissions.ROLES, optionally tied to a unit and an
    employee (NIP); `address` is where the request came from (audited), None from the shell."""

    username: str
    name: str = ""
    role: str = "viewer"
    unit: str | None = None
    nip: str | None = None
    address: str | None = None


def system_user() -> User:
    """The built-in administrator used by command-line tools."""
    return User("system", "Sistem / System", "admin")


def _require(user: User | None, roles: frozenset[str], action: str) -> User:
    if user is None or user.role not in roles:
        who = "anonim / anonymous" if user is None else f"{user.username} ({user.role})"
        raise PermissionDenied(
            f"tidak diizinkan / not allowed: {who} tidak boleh / may not {action}"
        )
    return user


# -- transactions ------------------------------------------------------------------------------


@contextmanager
def _write(db: Database) -> Iterator[Connection]:
    """One write transaction: bumps the revision first (taking the write lock)."""
    _ensure_schema(db)
    with db.connect() as conn:
        repo.bump_revision(conn)
        yield conn


@contextmanager
def _read(db: Database) -> Iterator[Connection]:
    """One consistent read transaction (a snapshot on PostgreSQL)."""
    _ensure_schema(db)
    with db.connect(snapshot=True) as conn:
        yield conn


def _ensure_schema(db: Database) -> None:
    if not getattr(db, "_schema_ok", False):
        db.check_schema()
        db._schema_ok = True  # type: ignore[attr-defined]


def _plan_row(conn: Connection, plan_code: str | None) -> Row[Any]:
    if plan_code is None:
        codes = repo.plan_codes(conn)
        if len(codes) == 1:
            plan_code = codes[0]
        elif not codes:
            raise NotFound("belum ada rencana di basis data / no plan in the database")
        else:
            raise ServiceError(
                "pilih rencana dengan --plan / choose a plan with --plan: " + ", ".join(codes)
            )
    row = repo.find_plan(conn, plan_code)
    if row is None:
        raise NotFound(f'rencana tidak ditemukan / plan not found: "{plan_code}"')
    return row


def _audit_one(
    conn: Connection,
    user: User,
    plan_code: str | None,
    entity: str,
    key: str,
    action: str,
    old: Any = None,
    new: Any = None,
    reason: str | None = None,
) -> None:
    repo.write_audit(
        conn,
        [
            {
                "username": user.username,
                "plan_code": plan_code,
                "entity": entity,
                "key": key,
                "action": action,
                "old": old,
                "new": new,
                "reason": reason,
                "address": user.address,
            }
        ],
    )


def _validate_structure(conn: Connection, plan_row: Row[Any], with_data: bool = False) -> None:
    """Refuse (InvalidPlan) when the plan inside this transaction no longer validates.

    Without ``with_data`` targets and realizations are left out: a change that cannot make
    them invalid (adding, moving, removing nodes) is checked on the structure alone.
    """
    skip = () if with_data else ("targets", "realizations")
    errors = _validation_errors(repo.read_document(conn, plan_row, skip=skip))
    if errors:
        raise InvalidPlan(errors)


def _validation_errors(doc: PlanDocument) -> list[Problem]:
    try:
        from ekinerja.cascade import validate
    except ImportError:  # pragma: no cover - cascade validation not installed yet
        return []
    with no_gc():
        problems = validate(doc)
    return [p for p in problems if p.severity == "error"]


# -- revision, plans, users ---------------------------------------------------------------------


def revision(db: Database) -> int:
    """The database revision: bumped by every write; caches key on it."""
    with _read(db) as conn:
        return repo.read_revision(conn)


def list_plans(db: Database) -> list[dict[str, Any]]:
    """Every plan in the database: code, name, start_year, end_year."""
    with _read(db) as conn:
        rows = conn.execute(select(repo.plans).order_by(repo.plans.c.code)).all()
    return [
        {"code": r.code, "name": r.name, "start_year": r.start_year, "end_year": r.end_year}
        for r in rows
    ]


def _user_from_row(row: Row[Any]) -> User:
    return User(row.username, row.name, row.role, row.unit, row.nip)


def get_user(db: Database, username: str) -> User:
    """The user of that name (NotFound otherwise)."""
    with _read(db) as conn:
        row = conn.execute(select(_users).where(_users.c.username == username)).first()
    if row is None:
        raise NotFound(f'pengguna tidak ditemukan / user not found: "{username}"')
    return _user_from_row(row)


def list_users(db: Database) -> list[User]:
    """Every user, by username."""
    with _read(db) as conn:
        rows = conn.execute(select(_users).order_by(_users.c.username)).all()
    return [_user_from_row(r) for r in rows]


def ensure_user(
    db: Database,
    username: str,
    name: str = "",
    role: str = "viewer",
    unit: str | None = None,
    nip: str | None = None,
    *,
    actor: User | None = None,
) -> User:
    """Create the user, or update name/role/unit/NIP when they differ; admin only (audited)."""
    actor = _require(
        actor or system_user(), frozenset({"admin"}), "mengelola pengguna / manage users"
    )
    if role not in ROLES:
        raise ServiceError(f'peran tidak dikenal / unknown role "{role}" ({", ".join(ROLES)})')
    if not username.strip():
        raise ServiceError("nama pengguna kosong / empty username")
    wanted = User(username, name, role, unit, nip)
    with _write(db) as conn:
        row = conn.execute(select(_users).where(_users.c.username == username)).first()
        if row is None:
            conn.execute(
                _users.insert().values(
                    username=username,
                    name=name,
                    role=role,
                    unit=unit,
                    nip=nip,
                    created_at=repo.now(),
                )
            )
            _audit_one(conn, actor, None, "user", username, "add", None, asdict(wanted))
        else:
            current = _user_from_row(row)
            if current != wanted:
                conn.execute(
                    update(_users)
                    .where(_users.c.id == row.id)
                    .values(name=name, role=role, unit=unit, nip=nip)
                )
                _audit_one(
                    conn, actor, None, "user", username, "update", asdict(current), asdict(wanted)
                )
    return wanted


# -- import / export / load ---------------------------------------------------------------------


@dataclass
class ImportReport:
    """What an import did (or, with dry_run, would do)."""

    plan_code: str
    created: bool
    dry_run: bool
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    changes: list[str] = field(default_factory=list)
    revision: int | None = None

    @property
    def total(self) -> int:
        """How many items were added, changed or removed."""
        return sum(sum(c.values()) for c in self.counts.values())

    def summary(self) -> str:
        """One line: the plan and the counts per list."""
        verb = "akan / would" if self.dry_run else "selesai / done"
        mode = "baru / new" if self.created else "diperbarui / updated"
        parts = []
        for name, count in self.counts.items():
            shown = ", ".join(f"{k} {v}" for k, v in count.items() if v)
            if shown:
                parts.append(f"{name}: {shown}")
        body = "; ".join(parts) if parts else "tidak ada perubahan / no changes"
        return f"{self.plan_code} ({mode}, {verb}): {body}"


class _DryRun(Exception):
    def __init__(self, report: ImportReport):
        super().__init__("dry run")
        self.report = report


def document_size(doc: PlanDocument) -> int:
    """How many rows an import of `doc` writes at most (for a progress bar)."""
    return sum(len(getattr(doc, e.name)) for e in repo.ENTITIES)


def import_document(
    db: Database,
    user: User | None,
    doc: PlanDocument,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
    reason: str | None = None,
) -> ImportReport:
    """Import a whole plan in one transaction; an existing plan (same code) is updated by code.

    Every change to an existing plan is audited; replaced realizations are kept as history.
    With ``dry_run`` nothing is written and the report says what would change.
    ``progress(n)`` is called as rows are processed (total: ``document_size(doc)``).
    """
    user = _require(user, STRUCTURE_ROLES, "mengimpor rencana / import plans")
    errors = _validation_errors(doc)
    if errors:
        raise InvalidPlan(errors)
    try:
        with _write(db) as conn:
            report = _import(conn, user, doc, dry_run, progress, reason)
            report.revision = repo.read_revision(conn)
            if dry_run:
                raise _DryRun(report)
    except _DryRun as stop:
        stop.report.revision = None
        return stop.report
    if report.total >= 10_000:
        db.checkpoint()
    return report


def _import(
    conn: Connection,
    user: User,
    doc: PlanDocument,
    dry_run: bool,
    progress: Callable[[int], None] | None,
    reason: str | None,
) -> ImportReport:
    code = doc.plan.code
    existing = repo.find_plan(conn, code)
    stamp = repo.now()
    fields = repo.plan_fields(doc.plan)
    if existing is None:
        plan_id = conn.execute(
            repo.plans.insert()
            .values(**fields, created_at=stamp, updated_at=stamp)
            .returning(repo.plans.c.id)
        ).scalar_one()
        report = ImportReport(code, True, dry_run)
        for entity in repo.ENTITIES:
            extra = (
                {"author": user.username, "recorded_at": stamp, "superseded": False}
                if entity.name == "realizations"
                else None
            )
            n = repo.insert_items(conn, plan_id, entity, getattr(doc, entity.name), extra, progress)
            report.counts[entity.name] = {"add": n, "update": 0, "remove": 0}
        _audit_one(
            conn,
            user,
            code,
            "plan",
            code,
            "add",
            None,
            {**fields, "counts": {k: v["add"] for k, v in report.counts.items()}},
            reason,
        )
        return report

    report = ImportReport(code, False, dry_run)
    old_fields = {k: existing._mapping[k] for k in fields}
    if old_fields != fields:
        changed = [k for k in fields if old_fields[k] != fields[k]]
        conn.execute(update(repo.plans).where(repo.plans.c.id == existing.id).values(**fields))
        report.changes.append(f"plan {code}: " + ", ".join(changed))
        report.counts["plan"] = {"add": 0, "update": 1, "remove": 0}
        _audit_one(
            conn,
            user,
            code,
            "plan",
            code,
            "update",
            {k: old_fields[k] for k in changed},
            {k: fields[k] for k in changed},
            reason,
        )
    conn.execute(update(repo.plans).where(repo.plans.c.id == existing.id).values(updated_at=stamp))
    audit: list[dict[str, Any]] = []
    touched_parents: set[str] = set()
    for entity in repo.ENTITIES:
        _sync(
            conn,
            user,
            existing.id,
            code,
            entity,
            getattr(doc, entity.name),
            report,
            audit,
            touched_parents,
            reason,
            stamp,
        )
        if progress is not None:
            progress(len(getattr(doc, entity.name)))
    repo.write_audit(conn, audit)
    for parent in sorted(touched_parents):
        version = repo.weight_version(conn, existing.id, parent)
        if version:
            repo.add_weight_version(
                conn,
                existing.id,
                parent,
                version + 1,
                user.username,
                reason or "impor / import",
                repo.current_weights(conn, existing.id, parent),
            )
    return report


def _sync(
    conn: Connection,
    user: User,
    plan_id: int,
    plan_code: str,
    entity: repo.Entity,
    items: list[Any],
    report: ImportReport,
    audit: list[dict[str, Any]],
    touched_parents: set[str],
    reason: str | None,
    stamp: Any,
) -> None:
    """Make one list of a stored plan equal to `items` (by key), recording every change."""
    table = entity.table
    query = select(table.c.id, table.c.seq, *[table.c[f] for f in entity.fields]).where(
        table.c.plan_id == plan_id
    )
    if entity.name == "realizations":
        query = query.where(table.c.superseded.is_(False))
    key_index = [entity.fields.index(k) for k in entity.key]
    stored: dict[tuple[Any, ...], Row[Any]] = {}
    for row in conn.execute(query):
        values = tuple(row)[2:]
        stored[tuple(values[i] for i in key_index)] = row
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    removed: list[int] = []
    counts = {"add": 0, "update": 0, "remove": 0}
    is_realization = entity.name == "realizations"
    extra = {"author": user.username, "recorded_at": stamp, "superseded": False}

    def record(
        action: str, key: str, old: dict[str, Any] | None, new: dict[str, Any] | None
    ) -> None:
        counts[action] += 1
        audit.append(
            {
                "username": user.username,
                "plan_code": plan_code,
                "entity": entity.name[:-1],
                "key": key,
                "action": action,
                "old": old,
                "new": new,
                "reason": reason,
                "address": user.address,
            }
        )
        fields = f" ({', '.join(new)})" if action == "update" and new else ""
        report.changes.append(f"{entity.name} {key}: {action}{fields}")

    def weight_parent(values: tuple[Any, ...]) -> str | None:
        if entity.name == "links":
            return str(values[0])
        if entity.name == "indicators":
            return str(values[1])
        return None

    for seq, item in enumerate(items):
        values = repo.values_of(entity, item)
        key_values = tuple(values[i] for i in key_index)
        key = entity.key_of(values)
        row = stored.pop(key_values, None)
        new = dict(zip(entity.fields, values, strict=True))
        if row is None:
            inserts.append(
                {**new, "plan_id": plan_id, "seq": seq, **(extra if is_realization else {})}
            )
            record("add", key, None, new)
            parent = weight_parent(values)
            if parent:
                touched_parents.add(parent)
            continue
        old_values = tuple(row)[2:]
        if old_values != values:
            changed = [
                f for f, a, b in zip(entity.fields, old_values, values, strict=True) if a != b
            ]
            old = {f: old_values[entity.fields.index(f)] for f in changed}
            record("update", key, old, {f: new[f] for f in changed})
            if "weight" in changed or "objective" in changed:
                for vals in (old_values, values):
                    parent = weight_parent(vals)
                    if parent:
                        touched_parents.add(parent)
            if is_realization:
                removed.append(row.id)
                inserts.append({**new, "plan_id": plan_id, "seq": seq, **extra})
            else:
                updates.append({"row_id": row.id, "seq": seq, **{f: new[f] for f in changed}})
        elif row.seq != seq:
            updates.append({"row_id": row.id, "seq": seq})
    for row in stored.values():
        old_values = tuple(row)[2:]
        record(
            "remove",
            entity.key_of(old_values),
            dict(zip(entity.fields, old_values, strict=True)),
            None,
        )
        removed.append(row.id)
        parent = weight_parent(old_values)
        if parent:
            touched_parents.add(parent)
    if is_realization:
        repo.update_by_id(conn, table, [{"row_id": i, "superseded": True} for i in removed])
    else:
        repo.delete_ids(conn, table, removed)
    repo.update_by_id(conn, table, updates)
    repo.insert_many(conn, table, inserts)
    report.counts[entity.name] = counts


def load_document(db: Database, plan_code: str | None = None) -> PlanDocument:
    """The plan document from the database (the only plan when `plan_code` is None)."""
    with _read(db) as conn:
        return repo.read_document(conn, _plan_row(conn, plan_code))


def export_document(db: Database, plan_code: str | None = None) -> PlanDocument:
    """The plan document to write to a file (same content as imported)."""
    return load_document(db, plan_code)


@dataclass
class _CachedEngine:
    """A compiled plan and what it reflects: the revision and the last audit record read."""

    revision: int
    audit_id: int
    engine: Any


_ENGINES: dict[tuple[str, str | None], _CachedEngine] = {}
_ENGINES_LOCK = threading.Lock()
_BUILD_LOCKS: dict[tuple[str, str | None], threading.Lock] = {}
ENGINE_CACHE_SIZE = 8  # compiled plans kept (one per database and plan)
#: Audited entities that never change scores (the engine is kept as it is).
_NEUTRAL_ENTITIES = frozenset({"period", "user"})


def _realization_changes(
    conn: Connection, plan_row: Row[Any], since: int
) -> tuple[list[tuple[str, str, float | None]] | None, int]:
    """Realization entries audited after audit id `since` for this plan, and the last audit id.

    None instead of the changes when anything else that affects scores changed (a rebuild).
    Writes are serialised by the revision row, so audit ids follow commit order.
    """
    rows = conn.execute(
        select(_audit.c.id, _audit.c.plan_code, _audit.c.entity, _audit.c.key)
        .where(_audit.c.id > since)
        .order_by(_audit.c.id)
    ).all()
    last = rows[-1].id if rows else since
    keys: list[tuple[str, str]] = []
    for row in rows:
        if row.entity in _NEUTRAL_ENTITIES or (
            row.plan_code is not None and row.plan_code != plan_row.code
        ):
            continue
        if row.entity != "realization" or "@" not in row.key:
            return None, last
        indicator, period = row.key.rsplit("@", 1)
        keys.append((indicator, period))
    changes: list[tuple[str, str, float | None]] = []
    for indicator, period in dict.fromkeys(keys):
        value = conn.execute(
            select(_realizations.c.value).where(
                _realizations.c.plan_id == plan_row.id,
                _realizations.c.indicator == indicator,
                _realizations.c.period == period,
                _realizations.c.superseded.is_(False),
            )
        ).scalar_one_or_none()
        changes.append((indicator, period, value))
    return changes, last


def load_engine(db: Database, plan_code: str | None = None) -> Any:
    """The compiled scoring Engine of a plan, cached by (database, plan, revision).

    A second call with an unchanged database revision returns the same object; the revision is
    read from the database, so several processes stay coherent. When only realizations were
    entered since the cached engine, it follows them (Engine.with_realizations) instead of
    recompiling; one thread rebuilds while the others wait for its result.
    """
    from ekinerja.rollup import Engine

    key = (db.url, plan_code)
    current = revision(db)
    with _ENGINES_LOCK:
        hit = _ENGINES.get(key)
        build_lock = _BUILD_LOCKS.setdefault(key, threading.Lock())
    if hit is not None and hit.revision == current:
        return hit.engine
    with build_lock:
        with _ENGINES_LOCK:
            hit = _ENGINES.get(key)
        if hit is not None and hit.revision >= revision(db):
            return hit.engine
        with _read(db) as conn:
            rev = repo.read_revision(conn)
            plan_row = _plan_row(conn, plan_code)
            changes = None
            if hit is not None:
                changes, audit_id = _realization_changes(conn, plan_row, hit.audit_id)
            else:
                audit_id = conn.execute(select(func.max(_audit.c.id))).scalar_one() or 0
            doc = None if changes is not None else repo.read_document(conn, plan_row)
        if changes is not None and hit is not None:
            engine = hit.engine.with_realizations(changes) if changes else hit.engine
        else:
            with no_gc():
                engine = Engine(doc)
        with _ENGINES_LOCK:
            _ENGINES.pop(key, None)
            _ENGINES[key] = _CachedEngine(rev, audit_id, engine)
            while len(_ENGINES) > ENGINE_CACHE_SIZE:
                del _ENGINES[next(iter(_ENGINES))]
        return engine


def bench_load(url: str, plan_code: str | None = None) -> dict[str, float]:
    """Time a cold load of a plan: read the document, compile the Engine (ms) and counts."""
    from ekinerja.rollup import Engine

    db = Database(url)
    try:
        start = time.perf_counter()
        doc = load_document(db, plan_code)
        read = time.perf_counter()
        with no_gc():
            Engine(doc)
        done = time.perf_counter()
    finally:
        db.dispose()
    return {
        "read ms": (read - start) * 1000,
        "compile ms": (done - read) * 1000,
        "cold load ms": (done - start) * 1000,
        "nodes": float(len(doc.objectives) + len(doc.indicators)),
    }


# -- periods -----------------------------------------------------------------------------------


def _check_period(plan_row: Row[Any], period: str) -> str:
    try:
        parsed = parse_period(period)
    except ValueError as exc:
        raise ServiceError(str(exc)) from exc
    if not plan_row.start_year <= parsed.year <= plan_row.end_year:
        raise ServiceError(
            f'periode "{period}" di luar tahun rencana / outside the plan years '
            f"{plan_row.start_year}–{plan_row.end_year}"
        )
    return str(parsed)


def _closed(conn: Connection, plan_id: int, period: str) -> bool:
    parsed = parse_period(period)
    candidates = {str(parsed)}
    parent = parsed.parent()
    while parent is not None:
        candidates.add(str(parent))
        parent = parent.parent()
    found = conn.execute(
        select(func.count()).where(
            _closed_periods.c.plan_id == plan_id, _closed_periods.c.period.in_(candidates)
        )
    ).scalar_one()
    return bool(found)


def _refuse_closed(conn: Connection, plan_id: int, period: str) -> None:
    if _closed(conn, plan_id, period):
        raise ServiceError(f'periode "{period}" sudah ditutup / period "{period}" is closed')


def is_period_closed(db: Database, plan_code: str | None, period: str) -> bool:
    """True when the period, or a period enclosing it, is closed."""
    with _read(db) as conn:
        plan_row = _plan_row(conn, plan_code)
        return _closed(conn, plan_row.id, _check_period(plan_row, period))


def closed_periods(db: Database, plan_code: str | None = None) -> list[str]:
    """The closed periods of a plan."""
    with _read(db) as conn:
        plan_row = _plan_row(conn, plan_code)
        return sorted(
            conn.execute(
                select(_closed_periods.c.period).where(_closed_periods.c.plan_id == plan_row.id)
            ).scalars(),
            key=parse_period,
        )


def close_period(
    db: Database, user: User | None, plan_code: str | None, period: str, reason: str | None = None
) -> int:
    """Close a period (and its sub-periods) to changes of realizations and targets."""
    user = _require(user, STRUCTURE_ROLES, "menutup periode / close periods")
    with _write(db) as conn:
        plan_row = _plan_row(conn, plan_code)
        period = _check_period(plan_row, period)
        if not conn.execute(
            select(_closed_periods.c.id).where(
                _closed_periods.c.plan_id == plan_row.id, _closed_periods.c.period == period
            )
        ).first():
            conn.execute(
                _closed_periods.insert().values(
                    plan_id=plan_row.id,
                    period=period,
                    closed_by=user.username,
                    closed_at=repo.now(),
                    reason=reason,
                )
            )
            _audit_one(conn, user, plan_row.code, "period", period, "close", None, None, reason)
        return repo.read_revision(conn)


def reopen_period(
    db: Database, user: User | None, plan_code: str | None, period: str, reason: str
) -> int:
    """Reopen a closed period; a reason is required and audited."""
    user = _require(user, STRUCTURE_ROLES, "membuka periode / reopen periods")
    _need_reason(reason)
    with _write(db) as conn:
        plan_row = _plan_row(conn, plan_code)
        period = _check_period(plan_row, period)
        result = conn.execute(
            delete(_closed_periods).where(
                _closed_periods.c.plan_id == plan_row.id, _closed_periods.c.period == period
            )
        )
        if not result.rowcount:
            raise NotFound(f'periode "{period}" tidak ditutup / period "{period}" is not closed')
        _audit_one(conn, user, plan_row.code, "period", period, "reopen", None, None, reason)
        return repo.read_revision(conn)


def _need_reason(reason: str | None) -> str:
    if not reason or not reason.strip():
        raise ServiceError("alasan wajib diisi / a reason is required")
    return reason.strip()


# -- realizations ------------------------------------------------------------------------------


def _number(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ServiceError(f"{what} harus berupa angka / {what} must be a number: {value!r}")
    return float(value)


def _unit_subtree(conn: Connection, plan_id: int, unit: str) -> frozenset[str]:
    pairs = conn.execute(
        select(_units.c.code, _units.c.parent).where(_units.c.plan_id == plan_id)
    )
    return unit_subtree([(code, parent) for code, parent in pairs], unit)


def _may_record(conn: Connection, user: User, plan_id: int, objective: Row[Any]) -> bool:
    if user.role == "admin":
        return True
    if user.role == "operator" and user.unit:
        return objective.unit is not None and objective.unit in _unit_subtree(
            conn, plan_id, user.unit
        )
    if user.role == "employee" and user.nip:
        return objective.owner == user.nip
    return False


def _row_by_code(conn: Connection, table: Any, plan_id: int, code: str, missing: str) -> Row[Any]:
    """The row of `code` in `table` of a plan; NotFound(`missing`: "code") when there is none."""
    row = conn.execute(
        select(table).where(table.c.plan_id == plan_id, table.c.code == code)
    ).first()
    if row is None:
        raise NotFound(f'{missing}: "{code}"')
    return row


def _indicator_row(conn: Connection, plan_id: int, code: str) -> Row[Any]:
    return _row_by_code(
        conn, _indicators, plan_id, code, "indikator tidak ditemukan / indicator not found"
    )


def _objective_row(conn: Connection, plan_id: int, code: str) -> Row[Any]:
    return _row_by_code(
        conn, _objectives, plan_id, code, "sasaran tidak ditemukan / objective not found"
    )


def record_realization(
    db: Database,
    user: User | None,
    plan_code: str | None,
    indicator: str,
    period: str,
    value: float,
    *,
    note: str | None = None,
    evidence: str | None = None,
) -> int:
    """Record a realization; a replaced entry is kept as history. Returns the new revision."""
    user = _require(user, RECORD_ROLES, "mengisi realisasi / record realizations")
    number = _number(value, "realisasi / realization")
    with _write(db) as conn:
        plan_row = _plan_row(conn, plan_code)
        period = _check_period(plan_row, period)
        ind = _indicator_row(conn, plan_row.id, indicator)
        objective = _objective_row(conn, plan_row.id, ind.objective)
        if not _may_record(conn, user, plan_row.id, objective):
            raise PermissionDenied(
                f"tidak diizinkan / not allowed: {user.username} tidak boleh mengisi realisasi "
                f'"{indicator}" / may not record realizations of "{indicator}"'
            )
        _refuse_closed(conn, plan_row.id, period)
        current = conn.execute(
            select(
                _realizations.c.id,
                _realizations.c.seq,
                _realizations.c.value,
                _realizations.c.note,
                _realizations.c.evidence,
            ).where(
                _realizations.c.plan_id == plan_row.id,
                _realizations.c.indicator == indicator,
                _realizations.c.period == period,
                _realizations.c.superseded.is_(False),
            )
        ).first()
        if current is not None:
            conn.execute(
                update(_realizations)
                .where(_realizations.c.id == current.id)
                .values(superseded=True)
            )
            seq = current.seq
        else:
            seq = (
                int(
                    conn.execute(
                        select(func.coalesce(func.max(_realizations.c.seq), -1)).where(
                            _realizations.c.plan_id == plan_row.id
                        )
                    ).scalar_one()
                )
                + 1
            )
        conn.execute(
            _realizations.insert().values(
                plan_id=plan_row.id,
                seq=seq,
                indicator=indicator,
                period=period,
                value=number,
                note=note,
                evidence=evidence,
                author=user.username,
                recorded_at=repo.now(),
                superseded=False,
            )
        )
        old = (
            None
            if current is None
            else {"value": current.value, "note": current.note, "evidence": current.evidence}
        )
        _audit_one(
            conn,
            user,
            plan_row.code,
            "realization",
            f"{indicator}@{period}",
            "add" if current is None else "update",
            old,
            {"value": number, "note": note, "evidence": evidence},
        )
        return repo.read_revision(conn)


def realization_history(
    db: Database, plan_code: str | None, indicator: str, period: str | None = None
) -> list[dict[str, Any]]:
    """Every entry of an indicator (optionally one period), oldest first, superseded included."""
    with _read(db) as conn:
        plan_row = _plan_row(conn, plan_code)
        query = select(_realizations).where(
            _realizations.c.plan_id == plan_row.id, _realizations.c.indicator == indicator
        )
        if period is not None:
            query = query.where(_realizations.c.period == _check_period(plan_row, period))
        rows = conn.execute(query.order_by(_realizations.c.id)).all()
    return sorted(
        (
            {
                "period": r.period,
                "value": r.value,
                "note": r.note,
                "evidence": r.evidence,
                "author": r.author,
                "recorded_at": repo.utc(r.recorded_at),
                "superseded": r.superseded,
            }
            for r in rows
        ),
        key=lambda e: parse_period(e["period"]),
    )


# -- weights -----------------------------------------------------------------------------------


def weight_versions(db: Database, plan_code: str | None, parent: str) -> list[dict[str, Any]]:
    """Every stored version of a parent's weights, oldest first (empty: never changed)."""
    with _read(db) as conn:
        plan_row = _plan_row(conn, plan_code)
        rows = conn.execute(
            select(_versions)
            .where(_versions.c.plan_id == plan_row.id, _versions.c.parent == parent)
            .order_by(_versions.c.version)
        ).all()
    return [
        {
            "version": r.version,
            "author": r.author,
            "at": repo.utc(r.at),
            "reason": r.reason,
            "weights": {k: float(v) for k, v in r.weights.items()},
        }
        for r in rows
    ]


def current_weights(
    db: Database, plan_code: str | None, parent: str
) -> tuple[int, dict[str, float]]:
    """(version, weights) of a parent now: pass the version back as ``seen_version``."""
    with _read(db) as conn:
        plan_row = _plan_row(conn, plan_code)
        _objective_row(conn, plan_row.id, parent)
        return (
            repo.weight_version(conn, plan_row.id, parent),
            repo.current_weights(conn, plan_row.id, parent),
        )


def _apply_weights(
    conn: Connection,
    user: User,
    plan_row: Row[Any],
    parent: str,
    weights: dict[str, float],
    seen_version: int,
    reason: str,
) -> int:
    _objective_row(conn, plan_row.id, parent)
    version = repo.weight_version(conn, plan_row.id, parent)
    if version != seen_version:
        latest = conn.execute(
            select(_versions.c.author, _versions.c.at).where(
                _versions.c.plan_id == plan_row.id,
                _versions.c.parent == parent,
                _versions.c.version == version,
            )
        ).first()
        by = f" ({latest.author}, {latest.at:%Y-%m-%d %H:%M})" if latest else ""
        raise ConflictError(
            f'bobot "{parent}" sudah diubah orang lain{by}: versi {version}, bukan {seen_version}; '
            f'muat ulang / the weights of "{parent}" were changed by someone else{by}: '
            f"version {version}, not {seen_version}; reload"
        )
    old = repo.current_weights(conn, plan_row.id, parent)
    unknown = sorted(set(weights) - set(old))
    if unknown:
        raise ServiceError(
            f'bukan anak dari "{parent}" / not children of "{parent}": ' + ", ".join(unknown)
        )
    new = dict(old)
    for child, w in weights.items():
        number = _number(w, "bobot / weight")
        if number < 0:
            raise ServiceError(f"bobot negatif / negative weight: {child} = {number}")
        new[child] = number
    if new and not any(new.values()):
        raise ServiceError(f'semua bobot "{parent}" nol / all weights of "{parent}" are zero')
    if version == 0:
        repo.add_weight_version(
            conn,
            plan_row.id,
            parent,
            1,
            user.username,
            "bobot awal sebelum perubahan / initial weights before the change",
            old,
        )
        version = 1
    for child, w in new.items():
        if old[child] == w:
            continue
        conn.execute(
            update(_links)
            .where(
                _links.c.plan_id == plan_row.id, _links.c.parent == parent, _links.c.child == child
            )
            .values(weight=w)
        )
        conn.execute(
            update(_indicators)
            .where(
                _indicators.c.plan_id == plan_row.id,
                _indicators.c.code == child,
                _indicators.c.objective == parent,
            )
            .values(weight=w)
        )
    repo.add_weight_version(conn, plan_row.id, parent, version + 1, user.username, reason, new)
    _audit_one(conn, user, plan_row.code, "weights", parent, "update", old, new, reason)
    return version + 1


def set_weights(
    db: Database,
    user: User | None,
    plan_code: str | None,
    parent: str,
    weights: dict[str, float],
    *,
    seen_version: int,
    reason: str,
) -> int:
    """Set some or all child weights of `parent`; returns the new weight version.

    ``seen_version`` is the version the user saw (``current_weights``); when someone changed
    the weights since, ConflictError is raised and nothing is written. The first change of a
    parent also stores its previous weights as version 1.
    """
    user = _require(user, STRUCTURE_ROLES, "mengubah bobot / change weights")
    reason = _need_reason(reason)
    with _write(db) as conn:
        plan_row = _plan_row(conn, plan_code)
        return _apply_weights(conn, user, plan_row, parent, weights, seen_version, reason)


def restore_weights(
    db: Database,
    user: User | None,
    plan_code: str | None,
    parent: str,
    version: int,
    *,
    seen_version: int,
    reason: str,
) -> int:
    """Roll a parent's weights back to an earlier version (as a new version)."""
    user = _require(user, STRUCTURE_ROLES, "mengubah bobot / change weights")
    reason = _need_reason(reason)
    with _write(db) as conn:
        plan_row = _plan_row(conn, plan_code)
        row = conn.execute(
            select(_versions.c.weights).where(
                _versions.c.plan_id == plan_row.id,
                _versions.c.parent == parent,
                _versions.c.version == version,
            )
        ).first()
        if row is None:
            raise NotFound(
                f"versi bobot tidak ditemukan / weight version not found: {parent} v{version}"
            )
        children = repo.current_weights(conn, plan_row.id, parent)
        weights = {k: float(v) for k, v in row.weights.items() if k in children}
        return _apply_weights(conn, user, plan_row, parent, weights, seen_version, reason)


# -- structure ---------------------------------------------------------------------------------


_OBJECTIVE_FIELDS = ("name", "level", "perspective", "unit", "owner")
_INDICATOR_FIELDS = (
    "objective",
    "name",
    "measure_unit",
    "polarity",
    "aggregation",
    "negative_method",
    "cap",
)


def _next_seq(conn: Connection, table: Any, plan_id: int) -> int:
    value = conn.execute(
        select(func.coalesce(func.max(table.c.seq), -1)).where(table.c.plan_id == plan_id)
    ).scalar_one()
    return int(value) + 1


def _check_objective_fields(values: dict[str, Any]) -> None:
    if "level" in values and values["level"] not in LEVELS:
        raise ServiceError(f'tingkat tidak dikenal / unknown level "{values["level"]}"')
    if values.get("perspective") is not None and values["perspective"] not in PERSPECTIVES:
        raise ServiceError(
            f'perspektif tidak dikenal / unknown perspective "{values["perspective"]}"'
        )
    if "name" in values and not str(values["name"]).strip():
        raise ServiceError("nama kosong / empty name")


def _code_taken(conn: Connection, plan_id: int, code: str) -> bool:
    for table in (_objectives, _indicators):
        if conn.execute(
            select(table.c.id).where(table.c.plan_id == plan_id, table.c.code == code)
        ).first():
            return True
    return False


def add_objective(
    db: Database,
    user: User | None,
    plan_code: str | None,
    objective: Objective,
    *,
    parent: str | None,
    weight: float = 1.0,
    reason: str | None = None,
) -> int:
    """Add an objective under `parent` (None only for the vision); returns the revision."""
    user = _require(user, STRUCTURE_ROLES, "mengubah struktur / change the structure")
    values = asdict(objective)
    _check_objective_fields(values)
    weight = _number(weight, "bobot / weight")
    with _write(db) as conn:
        plan_row = _plan_row(conn, plan_code)
        if _code_taken(conn, plan_row.id, objective.code):
            raise ServiceError(f'kode sudah dipakai / code already used: "{objective.code}"')
        _insert_row(conn, user, plan_row, _objectives, "objective", objective.code, values, reason)
        if parent is not None:
            _objective_row(conn, plan_row.id, parent)
            _insert_link(conn, user, plan_row, Link(parent, objective.code, weight), reason)
        _validate_structure(conn, plan_row)
        return repo.read_revision(conn)


def _insert_link(
    conn: Connection, user: User, plan_row: Row[Any], link: Link, reason: str | None
) -> None:
    conn.execute(
        _links.insert().values(
            plan_id=plan_row.id,
            seq=_next_seq(conn, _links, plan_row.id),
            parent=link.parent,
            child=link.child,
            weight=float(link.weight),
        )
    )
    _audit_one(
        conn,
        user,
        plan_row.code,
        "link",
        f"{link.parent}>{link.child}",
        "add",
        None,
        asdict(link),
        reason,
    )


def _remove_link(
    conn: Connection, user: User, plan_row: Row[Any], link: Row[Any], reason: str | None
) -> None:
    conn.execute(delete(_links).where(_links.c.id == link.id))
    _audit_one(
        conn,
        user,
        plan_row.code,
        "link",
        f"{link.parent}>{link.child}",
        "remove",
        {"parent": link.parent, "child": link.child, "weight": link.weight},
        None,
        reason,
    )


def _insert_row(
    conn: Connection,
    user: User,
    plan_row: Row[Any],
    table: Any,
    entity: str,
    code: str,
    values: dict[str, Any],
    reason: str | None,
) -> None:
    """Append one objective / indicator row to a plan and audit it."""
    conn.execute(
        table.insert().values(
            plan_id=plan_row.id, seq=_next_seq(conn, table, plan_row.id), **values
        )
    )
    _audit_one(conn, user, plan_row.code, entity, code, "add", None, values, reason)


def _refuse_unknown_fields(
    changes: dict[str, Any], allowed: tuple[str, ...], *, weight_hint: bool = False
) -> None:
    """ServiceError naming the fields of `changes` not in `allowed` (with a set_weights hint)."""
    unknown = sorted(set(changes) - set(allowed))
    if unknown:
        raise ServiceError(
            "kolom tidak dikenal / unknown fields: "
            + ", ".join(unknown)
            + (
                " (bobot lewat set_weights / weights through set_weights)"
                if weight_hint and "weight" in unknown
                else ""
            )
        )


def _update_row(
    conn: Connection,
    user: User,
    plan_row: Row[Any],
    table: Any,
    entity: str,
    row: Row[Any],
    changes: dict[str, Any],
    reason: str | None,
) -> bool:
    """Write and audit the fields of `changes` that differ from `row`; False when none do."""
    old = {k: row._mapping[k] for k in changes if row._mapping[k] != changes[k]}
    new = {k: changes[k] for k in old}
    if not new:
        return False
    conn.execute(update(table).where(table.c.id == row.id).values(**new))
    _audit_one(conn, user, plan_row.code, entity, row.code, "update", old, new, reason)
    return True


def update_objective(
    db: Database,
    user: User | None,
    plan_code: str | None,
    code: str,
    *,
    reason: str | None = None,
    **changes: Any,
) -> int:
    """Change fields of an objective (name, level, perspective, unit, owner)."""
    user = _require(user, STRUCTURE_ROLES, "mengubah struktur / change the structure")
    _refuse_unknown_fields(changes, _OBJECTIVE_FIELDS)
    _check_objective_fields(changes)
    with _write(db) as conn:
        plan_row = _plan_row(conn, plan_code)
        row = _objective_row(conn, plan_row.id, code)
        if _update_row(conn, user, plan_row, _objectives, "objective", row, changes, reason):
            _validate_structure(conn, plan_row)
        return repo.read_revision(conn)


def move_objective(
    db: Database,
    user: User | None,
    plan_code: str | None,
    code: str,
    new_parent: str,
    *,
    old_parent: str | None = None,
    weight: float | None = None,
    reason: str | None = None,
) -> int:
    """Move an objective under `new_parent` (from `old_parent`, or from all its parents)."""
    user = _require(user, STRUCTURE_ROLES, "mengubah struktur / change the structure")
    with _write(db) as conn:
        plan_row = _plan_row(conn, plan_code)
        _objective_row(conn, plan_row.id, code)
        _objective_row(conn, plan_row.id, new_parent)
        query = select(_links).where(_links.c.plan_id == plan_row.id, _links.c.child == code)
        if old_parent is not None:
            query = query.where(_links.c.parent == old_parent)
        old_links = conn.execute(query).all()
        if old_parent is not None and not old_links:
            raise NotFound(f'tautan tidak ditemukan / link not found: "{old_parent}>{code}"')
        for link in old_links:
            _remove_link(conn, user, plan_row, link, reason)
        if weight is None:
            weight = old_links[0].weight if old_links else 1.0
        if (
            conn.execute(
                select(_links.c.id).where(
                    _links.c.plan_id == plan_row.id,
                    _links.c.parent == new_parent,
                    _links.c.child == code,
                )
            ).first()
            is None
        ):
            _insert_link(
                conn,
                user,
                plan_row,
                Link(new_parent, code, _number(weight, "bobot / weight")),
                reason,
            )
        _validate_structure(conn, plan_row)
        return repo.read_revision(conn)


def _remove_indicator_rows(
    conn: Connection, user: User, plan_row: Row[Any], code: str, reason: str | None
) -> None:
    row = _indicator_row(conn, plan_row.id, code)
    old = {f: row._mapping[f] for f in repo.ENTITY["indicators"].fields}
    for table in (_targets, _realizations):
        conn.execute(delete(table).where(table.c.plan_id == plan_row.id, table.c.indicator == code))
    conn.execute(delete(_indicators).where(_indicators.c.id == row.id))
    _audit_one(conn, user, plan_row.code, "indicator", code, "remove", old, None, reason)


def remove_objective(
    db: Database, user: User | None, plan_code: str | None, code: str, *, reason: str | None = None
) -> int:
    """Remove an objective without child objectives, with its indicators, links and data."""
    user = _require(user, STRUCTURE_ROLES, "mengubah struktur / change the structure")
    with _write(db) as conn:
        plan_row = _plan_row(conn, plan_code)
        row = _objective_row(conn, plan_row.id, code)
        children = (
            conn.execute(
                select(_links.c.child).where(
                    _links.c.plan_id == plan_row.id, _links.c.parent == code
                )
            )
            .scalars()
            .all()
        )
        if children:
            raise ServiceError(
                f'"{code}" masih punya sasaran anak / still has child objectives: '
                + ", ".join(children)
            )
        for ind in (
            conn.execute(
                select(_indicators.c.code).where(
                    _indicators.c.plan_id == plan_row.id, _indicators.c.objective == code
                )
            )
            .scalars()
            .all()
        ):
            _remove_indicator_rows(conn, user, plan_row, ind, reason)
        for link in conn.execute(
            select(_links).where(_links.c.plan_id == plan_row.id, _links.c.child == code)
        ).all():
            _remove_link(conn, user, plan_row, link, reason)
        conn.execute(
            delete(_causal).where(
                _causal.c.plan_id == plan_row.id,
                (_causal.c.cause == code) | (_causal.c.effect == code),
            )
        )
        old = {f: row._mapping[f] for f in repo.ENTITY["objectives"].fields}
        conn.execute(delete(_objectives).where(_objectives.c.id == row.id))
        _audit_one(conn, user, plan_row.code, "objective", code, "remove", old, None, reason)
        _validate_structure(conn, plan_row)
        return repo.read_revision(conn)


def add_indicator(
    db: Database,
    user: User | None,
    plan_code: str | None,
    indicator: Indicator,
    *,
    reason: str | None = None,
) -> int:
    """Add an indicator under its objective."""
    user = _require(user, STRUCTURE_ROLES, "mengubah struktur / change the structure")
    values = dict(
        zip(
            repo.ENTITY["indicators"].fields,
            repo.values_of(repo.ENTITY["indicators"], indicator),
            strict=True,
        )
    )
    _number(values["weight"], "bobot / weight")
    with _write(db) as conn:
        plan_row = _plan_row(conn, plan_code)
        if _code_taken(conn, plan_row.id, indicator.code):
            raise ServiceError(f'kode sudah dipakai / code already used: "{indicator.code}"')
        _objective_row(conn, plan_row.id, indicator.objective)
        _insert_row(conn, user, plan_row, _indicators, "indicator", indicator.code, values, reason)
        _validate_structure(conn, plan_row)
        return repo.read_revision(conn)


def update_indicator(
    db: Database,
    user: User | None,
    plan_code: str | None,
    code: str,
    *,
    reason: str | None = None,
    **changes: Any,
) -> int:
    """Change fields of an indicator (weights change through ``set_weights``)."""
    user = _require(user, STRUCTURE_ROLES, "mengubah struktur / change the structure")
    _refuse_unknown_fields(changes, _INDICATOR_FIELDS, weight_hint=True)
    with _write(db) as conn:
        plan_row = _plan_row(conn, plan_code)
        row = _indicator_row(conn, plan_row.id, code)
        if "objective" in changes:
            _objective_row(conn, plan_row.id, changes["objective"])
        if _update_row(conn, user, plan_row, _indicators, "indicator", row, changes, reason):
            _validate_structure(conn, plan_row, with_data=True)
        return repo.read_revision(conn)


def remove_indicator(
    db: Database, user: User | None, plan_code: str | None, code: str, *, reason: str | None = None
) -> int:
    """Remove an indicator with its targets and realizations."""
    user = _require(user, STRUCTURE_ROLES, "mengubah struktur / change the structure")
    with _write(db) as conn:
        plan_row = _plan_row(conn, plan_code)
        _remove_indicator_rows(conn, user, plan_row, code, reason)
        _validate_structure(conn, plan_row)
        return repo.read_revision(conn)


def set_target(
    db: Database,
    user: User | None,
    plan_code: str | None,
    indicator: str,
    period: str,
    value: float | None = None,
    *,
    low: float | None = None,
    high: float | None = None,
    reason: str | None = None,
) -> int:
    """Set a target value or range [low, high]; all None removes the target."""
    user = _require(user, STRUCTURE_ROLES, "mengubah target / change targets")
    if value is not None and (low is not None or high is not None):
        raise ServiceError("nilai atau rentang, bukan keduanya / a value or a range, not both")
    if (low is None) != (high is None):
        raise ServiceError("rentang perlu low dan high / a range needs low and high")
    if value is not None:
        value = _number(value, "target")
        if value < 0:
            raise ServiceError(f"target negatif / negative target: {value}")
    if low is not None and high is not None:
        low, high = _number(low, "low"), _number(high, "high")
        if not 0 < low <= high:
            raise ServiceError(
                f"rentang tidak sah / invalid range [{low}, {high}] (0 < low ≤ high)"
            )
    with _write(db) as conn:
        plan_row = _plan_row(conn, plan_code)
        period = _check_period(plan_row, period)
        _indicator_row(conn, plan_row.id, indicator)
        _refuse_closed(conn, plan_row.id, period)
        row = conn.execute(
            select(_targets).where(
                _targets.c.plan_id == plan_row.id,
                _targets.c.indicator == indicator,
                _targets.c.period == period,
            )
        ).first()
        new = None if value is None and low is None else {"value": value, "low": low, "high": high}
        old = None if row is None else {"value": row.value, "low": row.low, "high": row.high}
        if old == new:
            return repo.read_revision(conn)
        key = f"{indicator}@{period}"
        if row is not None and new is None:
            conn.execute(delete(_targets).where(_targets.c.id == row.id))
            action = "remove"
        elif row is not None:
            conn.execute(update(_targets).where(_targets.c.id == row.id).values(**new))  # type: ignore[arg-type]
            action = "update"
        elif new is not None:
            conn.execute(
                _targets.insert().values(
                    plan_id=plan_row.id,
                    seq=_next_seq(conn, _targets, plan_row.id),
                    indicator=indicator,
                    period=period,
                    **new,
                )
            )
            action = "add"
        else:
            return repo.read_revision(conn)
        _audit_one(conn, user, plan_row.code, "target", key, action, old, new, reason)
        return repo.read_revision(conn)


# -- audit -------------------------------------------------------------------------------------


def audit_log(
    db: Database,
    plan_code: str | None = None,
    *,
    entity: str | None = None,
    key: str | None = None,
    username: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Audit records, newest first, filtered by plan / entity / key / user."""
    query = select(_audit)
    if plan_code is not None:
        query = query.where(_audit.c.plan_code == plan_code)
    if entity is not None:
        query = query.where(_audit.c.entity == entity)
    if key is not None:
        query = query.where(_audit.c.key == key)
    if username is not None:
        query = query.where(_audit.c.username == username)
    query = query.order_by(_audit.c.id.desc()).limit(limit).offset(offset)
    with _read(db) as conn:
        rows = conn.execute(query).all()
    return [
        {
            "at": repo.utc(r.at),
            "username": r.username,
            "plan_code": r.plan_code,
            "entity": r.entity,
            "key": r.key,
            "action": r.action,
            "old": r.old,
            "new": r.new,
            "reason": r.reason,
            "address": r.address,
        }
        for r in rows
    ]
