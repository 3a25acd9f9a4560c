"""Importing a whole plan in one transaction: a new plan, or an existing one updated by code.

Every change to an existing plan is audited; replaced realizations are kept as history; the
weights of every parent whose children changed get a new version (when they were versioned).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import astuple, dataclass, field
from operator import eq, itemgetter
from typing import Any

from sqlalchemy import Connection, Row

from ekinerja.messages import N_, Message
from ekinerja.model import InvalidPlan, PlanDocument
from ekinerja.planfile import CheckedDocument
from ekinerja.services import audit
from ekinerja.services.access import Action, User, require
from ekinerja.services.errors import ConflictError, NotFound, ServiceError
from ekinerja.services.structure import validation_errors
from ekinerja.storage import audit as audit_records
from ekinerja.storage import changes, repository, snapshots
from ekinerja.storage import weights as stored_weights
from ekinerja.storage.database import BUSY_TIMEOUT_MS, Database, now, read_revision
from ekinerja.storage.repository import Entity

Progress = Callable[[int], None]

PLAN_CHANGED = N_("The plan changed since the preview: nothing was imported. Check the file "
                  "again and confirm the new preview.")


@dataclass(frozen=True)
class Change:
    """One item an import adds, changes or removes: its list, key, action and the fields before
    and after (only the changed fields of an update)."""

    list: str
    key: str
    action: str  # "add", "update" or "remove"
    old: dict[str, Any] | None
    new: dict[str, Any] | None


@dataclass
class ImportReport:
    """What an import did (or, with dry_run, would do)."""

    plan_code: str
    created: bool
    dry_run: bool
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    changes: list[str] = field(default_factory=list)
    revision: int | None = None
    kept: list[str] = field(default_factory=list)  # lists absent from the file: left as stored
    snapshot: int | None = None  # the snapshot of the plan taken before the import
    details: list[Change] = field(default_factory=list)  # each change of an update, in order

    def fingerprint(self) -> str:
        """A digest of what the import does: equal for a preview and an import that write the
        same (`import_document(expected=...)` refuses an import whose digest differs)."""
        body = [self.plan_code, self.created, sorted(self.kept),
                {k: dict(v) for k, v in sorted(self.counts.items())},
                [astuple(c) for c in self.details]]
        text = json.dumps(body, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    @property
    def removals(self) -> int:
        """How many stored items the import removes (or would remove)."""
        return sum(c.get("remove", 0) for c in self.counts.values())

    @property
    def total(self) -> int:
        """How many items were added, changed or removed."""
        return sum(sum(c.values()) for c in self.counts.values())

    def summary(self) -> str:
        """One line: the plan and the counts per list."""
        verb = Message(N_("would") if self.dry_run else N_("done"))
        mode = Message(N_("new") if self.created else N_("updated"))
        parts = []
        for name, count in self.counts.items():
            shown = ", ".join(f"{k} {v}" for k, v in count.items() if v)
            if shown:
                parts.append(f"{name}: {shown}")
        body = "; ".join(parts) if parts else Message(N_("no changes"))
        kept = Message(N_("; kept as stored (absent from the file): {names}"),
                       {"names": ", ".join(self.kept)}) if self.kept else ""
        return Message(N_("{plan} ({mode}, {verb}): {body}{kept}"), {
            "plan": self.plan_code, "mode": mode, "verb": verb, "body": body, "kept": kept,
        }).bilingual()


class RemovalsRefused(ServiceError):
    """The import would remove stored items and removals were not allowed; nothing written."""

    exit_code = 2

    def __init__(self, report: ImportReport):
        self.report = report
        counts = ", ".join(f"{name} {c['remove']}" for name, c in report.counts.items()
                           if c.get("remove"))
        super().__init__(Message(N_("the import would remove: {counts}; nothing written; repeat "
                                    "with --allow-removals if that is meant"), {"counts": counts}))


class PlanChanged(ConflictError):
    """The import would now write other changes than the preview the user confirmed."""

    def __init__(self) -> None:
        super().__init__(Message(PLAN_CHANGED))


class _DryRun(Exception):
    def __init__(self, report: ImportReport):
        super().__init__("dry run")
        self.report = report


def document_size(doc: PlanDocument) -> int:
    """How many rows an import of `doc` writes at most (for a progress bar)."""
    return sum(len(repository.items_of(doc, e)) for e in repository.ENTITIES)


def import_document(
    db: Database,
    user: User | None,
    doc: PlanDocument,
    dry_run: bool = False,
    progress: Progress | None = None,
    reason: str | None = None,
    *,
    allow_removals: bool = False,
    expected: str | None = None,
) -> ImportReport:
    """Import a whole plan in one transaction; an existing plan (same code) is updated by code.

    In an update, a list absent from the file (``doc.present``) is left as stored; removing
    stored items needs the list present and ``allow_removals`` (else RemovalsRefused, nothing
    written). Before an update writes anything, the plan as it was is stored as a snapshot
    (``restore_snapshot`` brings it back). With ``dry_run`` nothing is written and the report
    says what would change. ``progress(n)`` is called as rows are processed (total:
    ``document_size(doc)``). With ``expected`` (the ``fingerprint()`` of a dry run the user
    saw), an import that would now write anything else is refused (PlanChanged, nothing
    written): the plan changed since the preview.
    """
    user = require(user, Action.CHANGE_STRUCTURE, doc.plan.code)
    # a document of the fast reader passed every check already (ekinerja.planfile)
    errors = [] if isinstance(doc, CheckedDocument) else validation_errors(doc)
    if errors:
        raise InvalidPlan(errors)
    try:
        with _rollback_journal(db, doc, dry_run), db.write() as conn:
            existing = repository.find_plan(conn, doc.plan.code)
            run = _Import(conn, user, doc, dry_run, progress, reason)
            report = run.create() if existing is None else run.update(existing)
            report.revision = read_revision(conn)
            if expected is not None and report.fingerprint() != expected:
                raise PlanChanged()
            if dry_run:
                raise _DryRun(report)
            if report.removals and not allow_removals:
                raise RemovalsRefused(report)
    except _DryRun as stop:
        stop.report.revision = None
        return stop.report
    if report.total >= 10_000:
        db.checkpoint()
    return report


#: SQLite: a new plan of at least this many rows is imported with a rollback journal when it
#: can (`_rollback_journal`).
ROLLBACK_JOURNAL_ROWS = 10_000


@contextmanager
def _rollback_journal(db: Database, doc: PlanDocument, dry_run: bool) -> Iterator[None]:
    """SQLite, a new plan of `ROLLBACK_JOURNAL_ROWS` or more (not a dry run) and no other
    connection has the database open (no wait for one): the transaction inside runs with a
    rollback journal (``journal_mode = DELETE``, ``synchronous = FULL``), WAL again afterwards.

    With WAL, every page an import writes goes to the WAL first and is copied into the database
    by the checkpoint after it; with a rollback journal a page the database did not have yet
    (a first import's rows) is written once and not journaled at all, and only the pages it
    held are kept in the journal before they change. Still one atomic and durable transaction:
    a crash leaves the journal, which the next connection rolls back (``FULL``: synced before
    the database is written). A connection opened meanwhile (say a worker started during the
    import) waits for it, up to its busy timeout (then "database is locked"), and turns WAL on
    again; with any connection open before, or another database, nothing changes. Not for an
    update of a stored plan: it writes few pages (its snapshot, the changes), which WAL need
    not sync at the commit while a rollback journal must.
    (A plan stored meanwhile by another connection is updated with the rollback journal:
    the same data, only slower.)"""
    switched = False
    if (db.dialect == "sqlite" and db.sqlite_file is not None and not dry_run
            and document_size(doc) >= ROLLBACK_JOURNAL_ROWS and _new_plan(db, doc.plan.code)):
        raw = db.engine.raw_connection()  # the pooled connection `db.write` takes next
        try:
            cursor = raw.driver_connection.cursor()  # type: ignore[union-attr]
            cursor.execute("PRAGMA busy_timeout = 0")  # another connection open: WAL, now
            try:
                mode = cursor.execute("PRAGMA main.journal_mode = DELETE").fetchone()[0]
            except sqlite3.OperationalError:  # locked: another connection has it open
                mode = "wal"
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if mode == "delete":
                cursor.execute("PRAGMA synchronous = FULL")
                switched = True
            cursor.close()
        finally:
            raw.close()
    try:
        yield
    finally:
        if switched:
            _wal_again(db)


def _new_plan(db: Database, code: str) -> bool:
    """Whether the database holds no plan `code` yet."""
    with db.read() as conn:
        return repository.find_plan(conn, code) is None


def _wal_again(db: Database) -> None:
    """SQLite after `_rollback_journal`: WAL and ``synchronous = NORMAL`` again, as every
    connection sets them when it opens (a busy database: its next connection does)."""
    raw = db.engine.raw_connection()
    try:
        cursor = raw.driver_connection.cursor()  # type: ignore[union-attr]
        cursor.execute("PRAGMA synchronous = NORMAL")
        with suppress(sqlite3.OperationalError):  # still locked after the busy timeout
            cursor.execute("PRAGMA main.journal_mode = WAL").fetchone()
            # a read opens the WAL: before one, the next checkpoint of every database (as
            # `Database.checkpoint`) fails as "table is locked" if the temp one was used
            cursor.execute("SELECT count(*) FROM main.sqlite_master").fetchone()
        cursor.close()
    finally:
        raw.close()


@dataclass
class _Import:
    """One import inside its transaction."""

    conn: Connection
    user: User
    doc: PlanDocument
    dry_run: bool
    progress: Progress | None
    reason: str | None

    def create(self) -> ImportReport:
        """A new plan: every list inserted in bulk, one audit record for the plan."""
        conn, doc, code = self.conn, self.doc, self.doc.plan.code
        stamp = now()
        fields = repository.plan_fields(doc.plan)
        plan_id = repository.insert_plan(conn, fields, stamp)
        report = ImportReport(code, True, self.dry_run)
        entry = {"author": self.user.username, "recorded_at": stamp, "superseded": False}
        tables = [entity.table for entity in repository.ENTITIES]
        with repository.bulk_load(conn, tables):  # the new plan's rows name the row above
            for entity in repository.ENTITIES:
                extra = entry if entity.history else None
                items = repository.items_of(doc, entity)
                n = repository.insert_items(conn, plan_id, entity, items, extra, self.progress)
                report.counts[entity.name] = {"add": n, "update": 0, "remove": 0}
        added = {k: v["add"] for k, v in report.counts.items()}
        new = {**fields, "counts": added}
        audit.record(conn, self.user, code, "plan", code, "add", None, new, self.reason)
        changes.record(conn, code, changes.RELOAD)
        return report

    def update(self, existing: Row[Any]) -> ImportReport:
        """An existing plan made equal to the document, list by list, every change recorded."""
        conn, doc, code = self.conn, self.doc, self.doc.plan.code
        report = ImportReport(code, False, self.dry_run)
        # the plan as it was, list by list as each is read (before anything is written to it)
        before: dict[str, bytes] | None = None if self.dry_run else {}
        plan_before = {k: existing._mapping[k] for k in snapshots.PLAN_FIELDS}
        fields = repository.plan_fields(doc.plan)
        cadence = (existing.settings or {}).get("skp", {}).get("cadence")
        if doc.plan.settings.skp.cadence is None and cadence is not None:
            fields["settings"]["skp"]["cadence"] = cadence  # a database setting: files lack it
        old_fields = {k: existing._mapping[k] for k in fields}
        if old_fields != fields:
            changed = [k for k in fields if old_fields[k] != fields[k]]
            repository.update_plan(conn, existing.id, **fields)
            report.changes.append(f"plan {code}: " + ", ".join(changed))
            report.counts["plan"] = {"add": 0, "update": 1, "remove": 0}
            old, new = {k: old_fields[k] for k in changed}, {k: fields[k] for k in changed}
            report.details.append(Change("plan", code, "update", old, new))
            audit.record(conn, self.user, code, "plan", code, "update", old, new, self.reason)
        stamp = now()
        repository.update_plan(conn, existing.id, updated_at=stamp)
        sync = _Sync(conn, self.user, existing.id, code, report, self.reason, stamp)
        for entity in repository.ENTITIES:
            stored = repository.stored_rows(conn, existing.id, entity)
            if before is not None:
                before[entity.name] = snapshots.rows_json(stored)
            listed = "objectives" if entity.name in repository.NOT_FORMAT_LISTS else entity.name
            if not doc.holds(listed):  # absent from the file: left as it is
                report.kept.append(entity.name)
                continue
            items = repository.items_of(doc, entity)
            sync.entity(entity, items, stored)
            del stored
            if self.progress is not None:
                self.progress(len(items))
        if before is not None:
            report.snapshot = snapshots.add(
                conn, code, self.user.username,
                self.reason or Message(N_("before import")).bilingual(), plan_before, before)
        audit_records.append(conn, sync.audit)
        self._version_weights(existing.id, sorted(sync.touched_parents))
        if "plan" in report.counts or sync.reload:
            changes.record(conn, code, changes.RELOAD)
        else:
            changes.record(conn, code, changes.REALIZATIONS, sync.realizations)
        return report

    def _version_weights(self, plan_id: int, parents: list[str]) -> None:
        """A new weight version of each parent whose children changed, where it has versions."""
        for parent in parents:
            version = stored_weights.weight_version(self.conn, plan_id, parent)
            if version:
                stored_weights.add_weight_version(
                    self.conn,
                    plan_id,
                    parent,
                    version + 1,
                    self.user.username,
                    self.reason or Message(N_("import")).bilingual(),
                    stored_weights.child_weights(self.conn, plan_id, parent),
                )


class _Sync:
    """Makes each list of a stored plan equal to the document's, by key, recording changes."""

    def __init__(self, conn: Connection, user: User, plan_id: int, plan_code: str,
                 report: ImportReport, reason: str | None, stamp: Any):
        self.conn, self.user, self.plan_id, self.plan_code = conn, user, plan_id, plan_code
        self.report, self.reason = report, reason
        self.entry = {"author": user.username, "recorded_at": stamp, "superseded": False}
        self.audit: list[dict[str, Any]] = []
        self.touched_parents: set[str] = set()
        # what compiled plans follow: (indicator, period, value or None, status)
        self.realizations: list[tuple[str, str, float | None, str]] = []
        self.reload = False  # anything else changed: compiled plans reload

    def entity(self, entity: Entity, items: Sequence[Any],
               stored_rows: list[tuple[Any, ...]]) -> None:
        """Sync one list: add what is new, update what differs, remove what is gone.

        Rows are compared as tuples of their stored fields; a dict is made only for a row that
        changes (most of a re-imported plan is unchanged).
        """
        if _unchanged(entity, items, stored_rows):  # nothing to compare by key
            self.report.counts[entity.name] = {"add": 0, "update": 0, "remove": 0}
            return
        keeps_history = entity.history  # replaced entries stay as history
        key_of = itemgetter(*[entity.fields.index(k) for k in entity.key])
        stored: dict[Any, tuple[int, int, tuple[Any, ...]]] = {}
        for row in stored_rows:
            values = row[2:]
            stored[key_of(values)] = (row[0], row[1], values)
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        removed: list[int] = []
        counts = {"add": 0, "update": 0, "remove": 0}
        for seq, values in enumerate(repository.rows_of(entity, items)):
            found = stored.pop(key_of(values), None)
            if found is None:
                new = dict(zip(entity.fields, values, strict=True))
                inserts.append({**new, "plan_id": self.plan_id, "seq": seq,
                                **(self.entry if keeps_history else {})})
                self._record(entity, counts, "add", None, new, values)
                self._touch(entity, values)
                continue
            row_id, row_seq, old_values = found
            if old_values != values:
                new = dict(zip(entity.fields, values, strict=True))
                changed = [
                    f for f, a, b in zip(entity.fields, old_values, values, strict=True) if a != b
                ]
                old = {f: old_values[entity.fields.index(f)] for f in changed}
                self._record(entity, counts, "update", old, {f: new[f] for f in changed}, values)
                if "weight" in changed or "objective" in changed:
                    self._touch(entity, old_values)
                    self._touch(entity, values)
                if keeps_history:
                    removed.append(row_id)
                    inserts.append({**new, "plan_id": self.plan_id, "seq": seq, **self.entry})
                else:
                    updates.append({"row_id": row_id, "seq": seq, **{f: new[f] for f in changed}})
            elif row_seq != seq:
                updates.append({"row_id": row_id, "seq": seq})
                self.reload = True  # the document order changed
        for row_id, _seq, old_values in stored.values():
            old = dict(zip(entity.fields, old_values, strict=True))
            if entity.name == "rhk_kinds":  # no row: the RHK is `main` again, nothing is lost
                self._record(entity, counts, "update", {"kind": old["kind"]}, {"kind": "main"},
                             old_values)
            else:
                self._record(entity, counts, "remove", old, None, old_values)
            removed.append(row_id)
            self._touch(entity, old_values)
        if keeps_history:
            repository.update_by_id(
                self.conn, entity.table, [{"row_id": i, "superseded": True} for i in removed]
            )
        else:
            repository.delete_ids(self.conn, entity.table, removed)
        repository.update_by_id(self.conn, entity.table, updates)
        repository.insert_many(self.conn, entity.table, inserts)
        self.report.counts[entity.name] = counts

    def _record(self, entity: Entity, counts: dict[str, int], action: str,
                old: dict[str, Any] | None, new: dict[str, Any] | None,
                values: tuple[Any, ...]) -> None:
        key = entity.key_of(values)
        counts[action] += 1
        self.audit.append(
            {
                "username": self.user.username,
                "plan_code": self.plan_code,
                "entity": entity.singular,
                "key": key,
                "action": action,
                "old": old,
                "new": new,
                "reason": self.reason,
                "address": self.user.address,
            }
        )
        fields = f" ({', '.join(new)})" if action == "update" and new else ""
        self.report.details.append(Change(entity.name, key, action, old, new))
        self.report.changes.append(f"{entity.name} {key}: {action}{fields}")
        if entity.name == "realizations":
            indicator, period, value, status = values
            self.realizations.append(
                (indicator, period, None if action == "remove" else value, status))
        else:
            self.reload = True

    def _touch(self, entity: Entity, values: tuple[Any, ...]) -> None:
        """Note the parent whose child weights this item's change touches (links, indicators)."""
        if entity.name == "links":
            self.touched_parents.add(str(values[0]))
        elif entity.name == "indicators":
            self.touched_parents.add(str(values[1]))


def _unchanged(entity: Entity, items: Sequence[Any], stored_rows: list[tuple[Any, ...]]) -> bool:
    """Whether a list is stored as the document has it: the same rows, field for field, in the
    same order (positions 0, 1, ...). Compared row by row at C speed, stopping at the first
    difference; such a list is what `_Sync.entity` would find unchanged item by item."""
    if len(stored_rows) != len(items):
        return False
    if not all(map(eq, map(itemgetter(1), stored_rows), itertools.count())):
        return False
    stored = map(itemgetter(slice(2, None)), stored_rows)
    return all(map(eq, stored, repository.rows_of(entity, items)))


# -------------------------------------------------------------------- snapshots and restoring


def import_snapshots(db: Database, plan_code: str | None = None) -> list[dict[str, Any]]:
    """The snapshots taken before imports, newest first (id, plan, when, by whom, why)."""
    with db.read() as conn:
        return [dict(row._mapping) for row in snapshots.listed(conn, plan_code)]


def restore_snapshot(db: Database, user: User | None, snapshot_id: int | None = None,
                     plan_code: str | None = None) -> ImportReport:
    """Bring a plan back to a snapshot (the newest when `snapshot_id` is None), as one import
    that may remove what was added since; it is itself snapshotted first, so it can be undone."""
    from ekinerja.interchange import parse

    require(user, Action.CHANGE_STRUCTURE, plan_code or "")
    with db.read() as conn:
        if snapshot_id is None:
            newest = snapshots.listed(conn, plan_code)
            if not newest:
                raise NotFound(Message(N_("no import snapshot to restore")))
            snapshot_id = newest[0].id
        row = snapshots.document(conn, snapshot_id)
    if row is None or (plan_code is not None and row.plan_code != plan_code):
        raise NotFound(Message(N_("snapshot not found: {id}"), {"id": str(snapshot_id)}))
    doc = snapshots.plan_document(row.document, parse)
    reason = Message(N_("restore snapshot {id}"), {"id": str(snapshot_id)}).bilingual()
    return import_document(db, user, doc, reason=reason, allow_removals=True)
