"""The realization workflow (docs/workflow.md): draft -> submitted -> verified | rejected.

Operators and employees submit (services.realizations records a value as submitted or as a
draft); the head of the unit above, or a planner, verifies or rejects with a reason — one entry
or many at once, all or nothing. Each step keeps who and when on the entry and in the audit log.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row

from ekinerja import permissions as policy
from ekinerja.messages import N_, Message
from ekinerja.permissions import may
from ekinerja.services import audit
from ekinerja.services.access import (
    Action,
    User,
    may_record,
    may_verify,
    refuse,
    require,
    unit_scope,
)
from ekinerja.services.errors import NotFound, ServiceError
from ekinerja.services.inputs import need_reason
from ekinerja.services.periods import check_period, refuse_closed
from ekinerja.services.plans import plan_row
from ekinerja.services.structure import (
    OnIndicator,
    existing_indicator,
    existing_objective,
    may_on_indicator,
)
from ekinerja.storage import changes
from ekinerja.storage import realizations as stored
from ekinerja.storage.database import Database, now, read_revision, utc

Key = tuple[str, str]  # (indicator, period)

#: Who may move an entry out of a status, and into which.
SUBMITTABLE = ("draft", "rejected")
REVIEWABLE = ("submitted",)


@dataclass(frozen=True)
class Entry(OnIndicator):
    """An entry in force waiting for someone: what it is, its value and evidence, each step."""

    period: str
    value: float
    note: str | None
    evidence: str | None
    evidence_file: int | None
    status: str
    author: str | None
    recorded_at: datetime | None
    submitted_by: str | None
    submitted_at: datetime | None
    reviewed_by: str | None
    reviewed_at: datetime | None
    review_reason: str | None

    @property
    def key(self) -> str:
        """"INDICATOR@PERIOD", the audit key of the entry."""
        return f"{self.indicator}@{self.period}"


def _entry(row: Row[Any]) -> Entry:
    return Entry(
        *OnIndicator.of(row), row.period, row.value, row.note, row.evidence,
        row.evidence_file_id, row.status, row.author, utc(row.recorded_at), row.submitted_by,
        utc(row.submitted_at), row.reviewed_by, utc(row.reviewed_at), row.review_reason,
    )


def _keys(keys: Iterable[Key]) -> list[Key]:
    """The keys without repeats, in the order given; ServiceError when there is none."""
    result = list(dict.fromkeys((str(i), str(p)) for i, p in keys))
    if not result:
        raise ServiceError(Message(N_("choose at least one realization")))
    return result


def _current(conn: Connection, plan_id: int, indicator: str, period: str) -> Row[Any]:
    row = stored.current_realization(conn, plan_id, indicator, period)
    if row is None:
        raise NotFound(Message(N_("no realization yet: {item}"), {"item": f"{indicator}@{period}"}))
    return row


def _refuse_status(key: str, status: str, wanted: tuple[str, ...]) -> ServiceError:
    return ServiceError(Message(N_("realization {key} is {status}, not {wanted}"), {
        "key": key, "status": status, "wanted": _Either(wanted)}))


@dataclass(frozen=True)
class _Either:
    """Statuses as a message parameter: "a / b" in Indonesian, "a or b" in English."""

    statuses: tuple[str, ...]

    def text(self, lang: str | None = None) -> str:
        return (" or " if lang == "en" else " / ").join(self.statuses)


def _moving(conn: Connection, plan: Row[Any], user: User, wanted: Iterable[Key],
            action: Action, statuses: tuple[str, ...], permitted: Callable[[Row[Any]], bool]
            ) -> Iterator[tuple[str, str, str, Row[Any]]]:
    """Each wanted entry, checked in turn before it moves on in the workflow: a period of the
    plan, an indicator `user` is `permitted` (given its row) to `action`, a period not
    closed, an entry in force in one of `statuses`. Yields (indicator, period, key, entry);
    the first that fails raises, and the write's transaction keeps nothing."""
    for indicator, period in wanted:
        period = check_period(plan, period)
        row = existing_indicator(conn, plan.id, indicator)
        if not permitted(row):
            raise refuse(user, action, indicator)
        refuse_closed(conn, plan.id, period)
        current = _current(conn, plan.id, indicator, period)
        key = f"{indicator}@{period}"
        if current.status not in statuses:
            raise _refuse_status(key, current.status, statuses)
        yield indicator, period, key, current


def submit_realizations(db: Database, user: User | None, plan_code: str | None,
                        keys: Iterable[Key]) -> int:
    """Submit draft (or rejected, unchanged) entries for verification; returns the revision.

    The user must be allowed to record each one (an operator in their unit's subtree, an
    employee on their own RHK); all are submitted or none."""
    user = require(user, Action.RECORD_REALIZATION)
    wanted = _keys(keys)
    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        stamp, followed = now(), []
        moved = _moving(conn, plan, user, wanted, Action.RECORD_REALIZATION, SUBMITTABLE,
                        lambda row: may_record(conn, user, plan.id,
                                               existing_objective(conn, plan.id, row.objective)))
        for indicator, period, key, current in moved:
            stored.set_state(conn, current.id, status="submitted", submitted_by=user.username,
                             submitted_at=stamp, reviewed_by=None, reviewed_at=None,
                             review_reason=None)
            audit.record(conn, user, plan.code, "realization", key, "submit",
                         {"status": current.status}, {"status": "submitted",
                                                      "value": current.value})
            followed.append((indicator, period, current.value, "submitted"))
        changes.record(conn, plan.code, changes.REALIZATIONS, followed)
        return read_revision(conn)


def _review(db: Database, user: User | None, plan_code: str | None, keys: Iterable[Key],
            status: str, reason: str | None) -> int:
    """Verify or reject submitted entries, all or none; returns the revision."""
    user = require(user, Action.VERIFY_REALIZATION)
    wanted = _keys(keys)
    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        scope = unit_scope(conn, plan.id, user)
        stamp, followed = now(), []
        moved = _moving(conn, plan, user, wanted, Action.VERIFY_REALIZATION, REVIEWABLE,
                        lambda row: may_verify(conn, user, plan.id,
                                               *stored.objective_scope(conn, plan.id,
                                                                       row.objective), scope))
        for indicator, period, key, current in moved:
            stored.set_state(conn, current.id, status=status, reviewed_by=user.username,
                             reviewed_at=stamp, review_reason=reason)
            action = "verify" if status == "verified" else "reject"
            audit.record(conn, user, plan.code, "realization", key, action,
                         {"status": current.status}, {"status": status, "value": current.value},
                         reason)
            followed.append((indicator, period, current.value, status))
        changes.record(conn, plan.code, changes.REALIZATIONS, followed)
        return read_revision(conn)


def verify_realizations(db: Database, user: User | None, plan_code: str | None,
                        keys: Iterable[Key]) -> int:
    """Verify submitted entries (a head for the units below theirs and the other employees of
    their subtree, a planner or admin for any); all or none. Returns the revision."""
    return _review(db, user, plan_code, keys, "verified", None)


def reject_realizations(db: Database, user: User | None, plan_code: str | None,
                        keys: Iterable[Key], reason: str | None) -> int:
    """Reject submitted entries with a reason (required); they go back to whoever recorded
    them, to be corrected and submitted again. All or none; returns the revision."""
    reason = need_reason(reason)
    return _review(db, user, plan_code, keys, "rejected", reason)


def pending_verifications(db: Database, user: User | None, plan_code: str | None
                          ) -> list[Entry]:
    """The submitted entries `user` may verify, oldest submission first (none for a role that
    never verifies)."""
    return _waiting(db, user, plan_code, Action.VERIFY_REALIZATION, REVIEWABLE,
                    lambda conn, plan_id, row, scope: may_verify(
                        conn, user, plan_id, row.objective_unit, row.objective_owner, scope))


def returned_entries(db: Database, user: User | None, plan_code: str | None) -> list[Entry]:
    """Drafts and rejected entries that `user` may correct and submit, oldest first."""
    return _waiting(db, user, plan_code, Action.RECORD_REALIZATION, SUBMITTABLE,
                    lambda conn, plan_id, row, scope: policy.may_record(
                        user, row.raw_unit, row.objective_owner, scope))


def _waiting(db: Database, user: User | None, plan_code: str | None, action: Action,
             statuses: tuple[str, ...],
             allowed: Callable[[Connection, int, Any, frozenset[str]], bool]) -> list[Entry]:
    """The entries in one of `statuses` that wait for `user`, oldest first: none unless the
    role may `action`; of those, the ones `allowed` (connection, plan id, row, the user's
    unit scope) lets them act on."""
    if user is None or not may(user, action):
        return []
    with db.read() as conn:
        plan = plan_row(conn, plan_code)
        scope = unit_scope(conn, plan.id, user)
        return [_entry(r) for r in stored.entries_in_status(conn, plan.id, statuses)
                if allowed(conn, plan.id, r, scope)]


def may_verify_indicator(db: Database, user: User | None, plan_code: str | None,
                         indicator: str) -> bool:
    """Whether `user` may verify realizations of an indicator (False for an unknown one)."""

    def check(conn: Connection, actor: User, plan: Row[Any], row: Row[Any]) -> bool:
        unit, owner = stored.objective_scope(conn, plan.id, row.objective)
        return may_verify(conn, actor, plan.id, unit, owner)

    return may_on_indicator(db, user, plan_code, indicator, Action.VERIFY_REALIZATION, check)

