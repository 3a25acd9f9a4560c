"""Recording many realizations at once (the API's bulk upload, a SIMPEG or SIPD sync): the same
rules as `record_realization`, row by row, in ONE transaction — all rows or none."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from ekinerja import permissions as policy
from ekinerja.messages import N_, Message
from ekinerja.periods import parse_period
from ekinerja.services.access import Action, User, refuse, require, unit_scope
from ekinerja.services.errors import INDICATOR_NOT_FOUND, ServiceError, reason_of
from ekinerja.services.inputs import EVIDENCE, NOTE, text
from ekinerja.services.periods import PERIOD_CLOSED, check_period
from ekinerja.services.plans import plan_row
from ekinerja.storage import changes
from ekinerja.storage import periods as closed_store
from ekinerja.storage import realization_batch as stored
from ekinerja.storage.audit import append as append_audit
from ekinerja.storage.database import Database, now, read_revision

MAX_ROWS = 50_000
MAX_PROBLEMS = 100  # located problems reported at most (the first ones)


@dataclass(frozen=True)
class BatchRow:
    """One realization to record."""

    indicator: str
    period: str
    value: float
    note: str | None = None
    evidence: str | None = None


@dataclass(frozen=True)
class RowProblem:
    """What is wrong with one row: its index (from 0), the field, the message (a translatable
    Message, or a text as a check wrote it; `str()` is bilingual)."""

    row: int
    field: str
    message: str | Message


class BatchRefused(ServiceError):
    """Rows that may not be recorded; nothing was written. `problems` locates each one."""

    def __init__(self, problems: list[RowProblem], denied: bool = False):
        first = problems[0]
        super().__init__(Message(N_("row {row}, {field}: {problem}{more}"), {
            "row": str(first.row), "field": first.field, "problem": first.message,
            "more": f" (+{len(problems) - 1})" if len(problems) > 1 else ""}))
        self.problems = problems
        self.denied = denied  # every problem is a permission refusal (HTTP 403)


@dataclass
class BatchReport:
    """What a batch changed: counts, and each added or updated entry (unchanged ones omitted)."""

    plan: str
    revision: int
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    changes: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """A plain dict for JSON."""
        return {"plan": self.plan, "revision": self.revision, "added": self.added,
                "updated": self.updated, "unchanged": self.unchanged, "changes": self.changes}


def _enclosing(period: str) -> list[str]:
    found, current = [], parse_period(period)
    while current is not None:
        found.append(str(current))
        current = current.parent()
    return found


def record_realizations(db: Database, user: User | None, plan_code: str | None,
                        rows: list[BatchRow]) -> BatchReport:
    """Record every row (a replaced entry is kept as history) in one transaction, or none.

    Each row is checked as `record_realization` checks one: a finite value, a period inside
    the plan and open, a note and an evidence link by the text rules, a known indicator, the
    user allowed on its objective (an operator in their unit's subtree, an employee on their
    own RHK, an admin anywhere). A row naming an indicator and period that an earlier row
    names is refused. Rows whose value, note and
    evidence equal the entry in force change nothing. BatchRefused lists the problems by row.
    """
    user = require(user, Action.RECORD_REALIZATION)
    if len(rows) > MAX_ROWS:
        raise ServiceError(Message(N_("too many rows: {count} > {limit}"),
                                   {"count": str(len(rows)), "limit": str(MAX_ROWS)}))
    problems: list[RowProblem] = []
    denied = True

    def problem(index: int, name: str, message: str | Message, refusal: bool = False) -> None:
        nonlocal denied
        denied = denied and refusal
        if len(problems) < MAX_PROBLEMS:
            problems.append(RowProblem(index, name, message))

    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        scopes = stored.indicator_scopes(conn, plan.id, {r.indicator for r in rows
                                                         if isinstance(r.indicator, str)})
        subtree = unit_scope(conn, plan.id, user)
        closed = set(closed_store.closed_periods(conn, plan.id))
        accepted: list[tuple[int, BatchRow]] = []
        seen: dict[tuple[str, str], int] = {}
        for index, row in enumerate(rows):
            value = row.value
            if isinstance(value, bool) or not isinstance(value, int | float) \
                    or not math.isfinite(value):
                problem(index, "value", Message(N_("must be a number: {value}"),
                                                {"value": repr(value)}))
                continue
            try:
                period = check_period(plan, row.period)
            except ServiceError as exc:
                problem(index, "period", reason_of(exc))
                continue
            try:
                note = text(row.note, "note", NOTE)
            except ServiceError as exc:
                problem(index, "note", reason_of(exc))
                continue
            try:
                evidence = text(row.evidence, "url", EVIDENCE)
            except ServiceError as exc:
                problem(index, "evidence", reason_of(exc))
                continue
            if row.indicator not in scopes:
                problem(index, "indicator",
                        Message(INDICATOR_NOT_FOUND, {"indicator": row.indicator}))
                continue
            unit, owner = scopes[row.indicator]
            if not policy.may_record(user, unit, owner, subtree):
                problem(index, "indicator", reason_of(refuse(user, Action.RECORD_REALIZATION,
                                                             row.indicator)), refusal=True)
                continue
            if closed.intersection(_enclosing(period)):
                problem(index, "period", Message(PERIOD_CLOSED, {"period": period}))
                continue
            key = (row.indicator, period)
            if key in seen:
                problem(index, "period", Message(N_("{item} already in row {row}"), {
                    "item": f"{row.indicator}@{period}", "row": str(seen[key])}))
                continue
            seen[key] = index
            accepted.append((index, BatchRow(row.indicator, period, float(value), note,
                                             evidence)))
        if problems:
            raise BatchRefused(problems, denied)
        current = stored.current_entries(conn, plan.id, {r.indicator for _, r in accepted})
        report = BatchReport(plan.code, 0)
        stamp = now()
        position = stored.next_position(conn, plan.id)
        superseded: list[int] = []
        added: list[dict[str, Any]] = []
        audit: list[dict[str, Any]] = []
        followed: list[tuple[str, str, float, str]] = []
        for index, row in accepted:
            old = current.get((row.indicator, row.period))
            new = {"value": row.value, "note": row.note, "evidence": row.evidence}
            if old is not None and (old.value, old.note, old.evidence) == \
                    (row.value, row.note, row.evidence):
                report.unchanged += 1
                continue
            if old is None:
                seq, position = position, position + 1
                action, before = "add", None
                report.added += 1
            else:
                seq, action = old.seq, "update"
                before = {"value": old.value, "note": old.note, "evidence": old.evidence}
                superseded.append(old.id)
                report.updated += 1
            added.append({"plan_id": plan.id, "seq": seq, "indicator": row.indicator,
                          "period": row.period, **new, "author": user.username,
                          "recorded_at": stamp, "superseded": False,
                          # submitted for verification, as record_realization (docs/workflow.md)
                          "status": "submitted", "submitted_by": user.username,
                          "submitted_at": stamp})
            audit.append({"username": user.username, "plan_code": plan.code,
                          "entity": "realization", "key": f"{row.indicator}@{row.period}",
                          "action": action, "old": before, "new": new,
                          "address": user.address})
            followed.append((row.indicator, row.period, row.value, "submitted"))
            report.changes.append({"row": index, "indicator": row.indicator,
                                   "period": row.period, "action": action, "value": row.value,
                                   "old": None if before is None else before["value"]})
        if followed:
            stored.supersede_many(conn, superseded)
            stored.add_many(conn, added)
            append_audit(conn, audit)
            changes.record(conn, plan.code, changes.REALIZATIONS, followed)
        report.revision = read_revision(conn)
        return report
