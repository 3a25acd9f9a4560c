"""Periods of a plan: which periods a change may name, and closing or reopening them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Row

from ekinerja.i18n import PeriodName
from ekinerja.messages import N_, Message
from ekinerja.periods import parse_period, plan_period
from ekinerja.services import audit
from ekinerja.services.access import Action, User, require
from ekinerja.services.errors import NotFound, ServiceError
from ekinerja.services.inputs import REASON, need_reason, text
from ekinerja.services.plans import plan_row
from ekinerja.storage import periods as stored
from ekinerja.storage.database import Database, read_revision

PERIOD_CLOSED = N_('period "{period}" is closed')


def check_period(plan: Row[Any], period: str) -> str:
    """The period in its canonical form; ServiceError when malformed or outside the plan."""
    try:
        return str(plan_period(period, plan.start_year, plan.end_year))
    except ValueError as exc:
        raise ServiceError(str(exc)) from exc


def _closed(conn: Connection, plan_id: int, period: str) -> bool:
    """Whether the period, or a period enclosing it, is closed."""
    enclosing, current = [], parse_period(period)
    while current is not None:
        enclosing.append(str(current))
        current = current.parent()
    return stored.any_closed(conn, plan_id, enclosing)


def refuse_closed(conn: Connection, plan_id: int, period: str) -> None:
    """ServiceError when the period (or one enclosing it) is closed to changes."""
    if _closed(conn, plan_id, period):
        raise ServiceError(Message(PERIOD_CLOSED, {"period": PeriodName(period)}))


def is_period_closed(db: Database, plan_code: str | None, period: str) -> bool:
    """True when the period, or a period enclosing it, is closed."""
    with db.read() as conn:
        plan = plan_row(conn, plan_code)
        return _closed(conn, plan.id, check_period(plan, period))


def closed_periods(db: Database, plan_code: str | None = None) -> list[str]:
    """The closed periods of a plan, in time order."""
    with db.read() as conn:
        return sorted(stored.closed_periods(conn, plan_row(conn, plan_code).id), key=parse_period)


def close_period(
    db: Database, user: User | None, plan_code: str | None, period: str, reason: str | None = None
) -> int:
    """Close a period (and its sub-periods) to changes of realizations and targets."""
    user = require(user, Action.MANAGE_PERIODS, period)
    reason = text(reason.strip() if isinstance(reason, str) else reason, "reason", REASON)
    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        period = check_period(plan, period)
        if stored.close_period(conn, plan.id, period, user.username, reason):
            audit.record(conn, user, plan.code, "period", period, "close", None, None, reason)
        return read_revision(conn)


def reopen_period(
    db: Database, user: User | None, plan_code: str | None, period: str, reason: str
) -> int:
    """Reopen a closed period; a reason is required and audited."""
    user = require(user, Action.MANAGE_PERIODS, period)
    need_reason(reason)
    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        period = check_period(plan, period)
        if not stored.reopen_period(conn, plan.id, period):
            raise NotFound(Message(N_('period "{period}" is not closed'), {"period": period}))
        audit.record(conn, user, plan.code, "period", period, "reopen", None, None, reason)
        return read_revision(conn)
