"""Follow-up of red indicators (rencana tindak lanjut, docs/workflow.md).

For an indicator in the two lowest bands in a period (ekinerja.followup), its owner — the
employee owning its objective, an operator of its unit's subtree, a planner or an admin
(permissions.may_follow_up) — records the cause, the corrective action, a due date and
optionally a recommendation; the follow-up is `open` until they mark it `done` with a note on
what was done. Heads watch the open follow-ups of their unit's subtree; Beranda counts the red
indicators without one; the LKjIP takes its analysis (causes, efforts, recommendations) from
them. Each change: one transaction, audited, checked against the acting user.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Row

from ekinerja import permissions as policy
from ekinerja.documents.content import FollowUpNote
from ekinerja.followup import achievement_of, red_indicators, red_threshold
from ekinerja.messages import N_, Message
from ekinerja.model import Indicator
from ekinerja.periods import parse_period
from ekinerja.services import audit
from ekinerja.services.access import Action, User, refuse, require, unit_scope
from ekinerja.services.engine_cache import load_engine
from ekinerja.services.errors import NotFound, ServiceError
from ekinerja.services.inputs import NOTE, text
from ekinerja.services.periods import check_period
from ekinerja.services.plans import plan_row
from ekinerja.services.structure import OnIndicator, existing_indicator, may_on_indicator
from ekinerja.storage import followups as stored
from ekinerja.storage.database import Database, read_revision, utc
from ekinerja.storage.realizations import objective_scope

STATUSES = ("open", "done")

CAUSE = Message(N_("the cause"))
ACTION = Message(N_("the corrective action"))
RECOMMENDATION = Message(N_("the recommendation"))
DUE = Message(N_("the due date"))
DONE_NOTE = Message(N_("the note on what was done"))
REQUIRED = N_("{what} is required")
NOT_A_DATE = N_("{what} must be a date (YYYY-MM-DD): {value}")
NOT_RED = N_("{indicator} is not red in {period} (achievement {achievement}%, a follow-up "
              "needs less than {threshold}%): a follow-up is recorded only for indicators in "
              "the two lowest bands")
NO_ACHIEVEMENT = N_("{indicator} has no achievement in {period}: a follow-up is recorded only "
                    "for indicators in the two lowest bands")
NOT_FOUND = N_("follow-up {id} not found")
ALREADY_DONE = N_("follow-up {id} is already done")
UNKNOWN_STATUS = N_('unknown status "{status}"')


@dataclass(frozen=True)
class _PeriodName(Message):
    """A period (its code as `msgid`) named in the reader's language inside a message."""

    def text(self, lang: str | None = None) -> str:
        """The period's label (`Triwulan II 2023`, `Q2 2023`)."""
        from ekinerja.i18n import period_label

        return period_label(self.msgid, lang)


@dataclass(frozen=True)
class FollowUp(OnIndicator):
    """A follow-up with its indicator, objective, unit and owner, and each step."""

    id: int
    period: str
    achievement: float | None
    cause: str
    action: str
    recommendation: str | None
    due_on: date
    status: str
    done_note: str | None
    author: str
    recorded_at: datetime | None
    closed_by: str | None
    closed_at: datetime | None
    may_close: bool = False  # whether the reading user may mark it done

    def overdue(self, today: date) -> bool:
        """Open after its due date."""
        return self.status == "open" and today > self.due_on


def _follow_up(row: Row[Any]) -> FollowUp:
    due = row.due_on if isinstance(row.due_on, date) else date.fromisoformat(str(row.due_on))
    return FollowUp(
        *OnIndicator.of(row), row.id, row.period, row.achievement, row.cause, row.action,
        row.recommendation, due, row.status, row.done_note, row.author, utc(row.recorded_at),
        row.closed_by, utc(row.closed_at),
    )


def _required(value: Any, what: Message, place: Message) -> str:
    """A required text (the reason's text rules); ServiceError naming it when missing."""
    if not isinstance(value, str) or not value.strip():
        raise ServiceError(Message(REQUIRED, {"what": what}))
    return text(value.strip(), "reason", place, required=True) or ""


def _due(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ServiceError(Message(REQUIRED, {"what": DUE}))
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise ServiceError(Message(NOT_A_DATE, {"what": DUE, "value": str(value)})) from exc


def record_follow_up(db: Database, user: User | None, plan_code: str | None, indicator: str,
                     period: str, cause: str | None, action: str | None, due_on: Any,
                     recommendation: str | None = None) -> int:
    """Record the follow-up of an indicator in the two lowest bands in a period (open); its id.

    Refused with nothing written: a user who may not follow the indicator up, an unknown
    indicator or period, an indicator that is not red in the period (translated message), a
    missing cause, action or due date."""
    user = require(user, Action.RECORD_FOLLOW_UP, indicator)
    cause = _required(cause, CAUSE, CAUSE)
    action = _required(action, ACTION, ACTION)
    advice = text((recommendation or "").strip(), "reason", RECOMMENDATION)
    due = _due(due_on)
    with db.read() as conn:
        plan = plan_row(conn, plan_code)
        period = check_period(plan, period)
        existing_indicator(conn, plan.id, indicator)
    engine = load_engine(db, plan.code)
    achievement = achievement_of(engine, indicator, period)
    threshold = red_threshold(engine.bands)
    with db.write() as conn:
        plan = plan_row(conn, plan.code)
        row = existing_indicator(conn, plan.id, indicator)
        _check_scope(conn, user, plan.id, row.objective, indicator)
        if achievement is None:
            raise ServiceError(Message(NO_ACHIEVEMENT, {"indicator": indicator,
                                                        "period": _PeriodName(period)}))
        if achievement >= threshold:
            raise ServiceError(Message(NOT_RED, {
                "indicator": indicator, "period": _PeriodName(period),
                "achievement": round(achievement, 2),
                "threshold": threshold}))
        found = stored.add(conn, plan.id, indicator, period, achievement, cause, action, advice,
                           due, user.username)
        audit.record(conn, user, plan.code, "follow_up", str(found), "add", None,
                     {"indicator": indicator, "period": period, "achievement": achievement,
                      "cause": cause, "action": action, "recommendation": advice,
                      "due_on": due.isoformat(), "status": "open"})
        return found


def _check_scope(conn: Connection, user: User, plan_id: int, objective: str, what: str
                 ) -> None:
    unit, owner = objective_scope(conn, plan_id, objective)
    if not policy.may_follow_up(user, unit, owner, unit_scope(conn, plan_id, user)):
        raise refuse(user, Action.RECORD_FOLLOW_UP, what)


def close_follow_up(db: Database, user: User | None, plan_code: str | None, follow_up_id: int,
                    note: str | None) -> int:
    """Mark an open follow-up done with a note on what was done; the new revision. Who may
    record it may close it."""
    user = require(user, Action.RECORD_FOLLOW_UP, f"#{follow_up_id}")
    note = _required(note, DONE_NOTE, NOTE)
    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        row = stored.find(conn, plan.id, int(follow_up_id))
        if row is None:
            raise NotFound(Message(NOT_FOUND, {"id": str(follow_up_id)}))
        _check_scope(conn, user, plan.id, row.objective, row.indicator)
        if row.status != "open":
            raise ServiceError(Message(ALREADY_DONE, {"id": str(follow_up_id)}))
        stored.close(conn, row.id, note, user.username)
        audit.record(conn, user, plan.code, "follow_up", str(row.id), "done",
                     {"status": row.status}, {"status": "done", "done_note": note})
        return read_revision(conn)


def follow_ups(db: Database, user: User | None, plan_code: str | None, *,
               status: str | None = None, watched: bool = False,
               periods: Iterable[str] | None = None) -> list[FollowUp]:
    """The follow-ups of a plan, earliest due first, each saying whether `user` may close it;
    of a status, in some periods, or (`watched`) only those `user` watches — a head those of
    their unit's subtree, an operator or employee those they may record."""
    if status is not None and status not in STATUSES:
        raise ServiceError(Message(UNKNOWN_STATUS, {"status": status}))
    with db.read() as conn:
        plan = plan_row(conn, plan_code)
        scope = unit_scope(conn, plan.id, user) if user is not None else frozenset()
        rows = stored.follow_ups(conn, plan.id, status=status, periods=periods)
    result = []
    for row in rows:
        item = _follow_up(row)
        if watched and not policy.follow_up_watch(user, item.unit, item.owner, scope):
            continue
        allowed = item.status == "open" and policy.may_follow_up(user, item.unit, item.owner,
                                                                 scope)
        result.append(replace(item, may_close=allowed))
    return result


@dataclass(frozen=True)
class RedIndicator:
    """An indicator in the two lowest bands in a period and its follow-ups there."""

    indicator: str
    name: str
    unit: str | None
    owner: str | None
    achievement: float
    follow_ups: list[FollowUp]
    may_record: bool  # whether the reading user may record its follow-up


def red_indicators_of(db: Database, user: User | None, plan_code: str | None, period: str
                      ) -> list[RedIndicator]:
    """Every indicator in the two lowest bands in a period (lowest achievement first) with its
    follow-ups in that period and whether `user` may record one."""
    with db.read() as conn:
        period = check_period(plan_row(conn, plan_code), period)
    engine = load_engine(db, plan_code)
    red = red_indicators(engine, period)
    with db.read() as conn:
        plan = plan_row(conn, plan_code)
        scope = unit_scope(conn, plan.id, user) if user is not None else frozenset()
        recorded: dict[str, list[FollowUp]] = {}
        for row in stored.follow_ups(conn, plan.id, periods=[period]):
            recorded.setdefault(row.indicator, []).append(_follow_up(row))
        result = []
        for code, achievement in sorted(red.items(), key=lambda item: item[1]):
            indicator = engine.item(code)
            assert isinstance(indicator, Indicator)
            unit, owner = objective_scope(conn, plan.id, indicator.objective)
            allowed = policy.may_follow_up(user, unit, owner, scope)
            items = [replace(f, may_close=allowed and f.status == "open")
                     for f in recorded.get(code, [])]
            result.append(RedIndicator(code, indicator.name, unit, owner, achievement, items,
                                       allowed))
    return result


def red_without_follow_up(db: Database, plan_code: str | None, period: str) -> list[str]:
    """The indicators in the two lowest bands in a period without any follow-up there (Beranda's
    count), lowest achievement first."""
    with db.read() as conn:
        plan = plan_row(conn, plan_code)
        period = check_period(plan, period)
        done = stored.followed_up(conn, plan.id, period)
    red = red_indicators(load_engine(db, plan_code), period)
    return [code for code, _ in sorted(red.items(), key=lambda item: item[1])
            if code not in done]


def analysis_of(db: Database, plan_code: str | None, year: int) -> list[FollowUpNote]:
    """Every follow-up recorded for a period of a year (the year, its quarters, its months),
    by period then due date: the LKjIP's analysis fields."""
    with db.read() as conn:
        plan = plan_row(conn, plan_code)
        rows = stored.follow_ups(conn, plan.id)
    chosen = [_follow_up(r) for r in rows if parse_period(r.period).year == int(year)]
    chosen.sort(key=lambda f: (f.indicator, f.period, f.due_on, f.id))
    return [FollowUpNote(f.indicator, f.period, f.cause, f.action, f.recommendation, f.status,
                     f.due_on, f.done_note) for f in chosen]


def may_follow_up_indicator(db: Database, user: User | None, plan_code: str | None,
                            indicator: str) -> bool:
    """Whether `user` may record a follow-up of an indicator (False for an unknown one)."""

    def check(conn: Connection, user: User, plan: Row[Any], row: Row[Any]) -> bool:
        unit, owner = objective_scope(conn, plan.id, row.objective)
        return policy.may_follow_up(user, unit, owner, unit_scope(conn, plan.id, user))

    return may_on_indicator(db, user, plan_code, indicator, Action.RECORD_FOLLOW_UP, check)
