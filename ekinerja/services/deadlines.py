"""Deadlines, overdue realizations and reminders (docs/workflow.md).

A period's realizations are due `deadline_days` (a setting) after the period ends; a target
without a submitted or verified value (of its own, or of a sub-period it is derived from) is
*missing* once the period has ended and *overdue* after its deadline. `reminders` gathers, per
account with an e-mail address, what is missing or overdue in their scope (operators,
employees), their drafts and rejected entries, and what waits for their verification (heads,
planners); `ekinerja remind` sends them (services.mail).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from ekinerja import permissions as policy
from ekinerja.messages import N_, Message
from ekinerja.periods import Period, parse_period
from ekinerja.services import audit
from ekinerja.services.access import Action, User, require, unit_scope
from ekinerja.services.errors import NotFound, ServiceError
from ekinerja.services.plans import plan_row
from ekinerja.services.workflow import Entry, pending_verifications, returned_entries
from ekinerja.storage import realizations as stored
from ekinerja.storage.database import Database

COUNTED = ("submitted", "verified")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def period_end(period: str | Period) -> date:
    """The last day of a period."""
    p = parse_period(str(period))
    return date(p.year, p.month_end, calendar.monthrange(p.year, p.month_end)[1])


def deadline(period: str | Period, days: int) -> date:
    """The day a period's realizations are due: `days` after it ends."""
    return period_end(period) + timedelta(days=int(days))


@dataclass(frozen=True)
class Missing:
    """A target whose period has ended without a submitted or verified value."""

    indicator: str
    indicator_name: str
    period: str
    unit: str | None
    owner: str | None
    deadline: date
    overdue: bool


def _present(counted: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """The (indicator, period) pairs with a value of their own or of a sub-period."""
    result = set(counted)
    for indicator, period in counted:
        parent = parse_period(period).parent()
        while parent is not None:
            result.add((indicator, str(parent)))
            parent = parent.parent()
    return result


def missing_realizations(db: Database, user: User | None, plan_code: str | None, today: date,
                         days: int) -> list[Missing]:
    """The missing and overdue realizations `user` may record (everything for None, the
    system's view: Beranda's counts and the reminders), the most overdue first."""
    with db.read() as conn:
        plan = plan_row(conn, plan_code)
        present = _present(stored.counted_entries(conn, plan.id, COUNTED))
        scope = unit_scope(conn, plan.id, user) if user is not None else frozenset()
        result = []
        for row in stored.targeted_indicators(conn, plan.id):
            if (row.indicator, row.period) in present or period_end(row.period) >= today:
                continue
            if user is not None and not policy.may_record(user, row.raw_unit,
                                                          row.objective_owner, scope):
                continue
            due = deadline(row.period, days)
            result.append(Missing(row.indicator, row.indicator_name, row.period,
                                  row.objective_unit, row.objective_owner, due, today > due))
    return sorted(result, key=lambda m: (m.deadline, m.indicator))


def overdue_by_unit(db: Database, plan_code: str | None, today: date, days: int
                    ) -> dict[str, int]:
    """How many realizations are overdue per unit (of the objective, or of its owner)."""
    counts: dict[str, int] = {}
    for item in missing_realizations(db, None, plan_code, today, days):
        if item.overdue:
            counts[item.unit or ""] = counts.get(item.unit or "", 0) + 1
    return counts


def waiting_count(db: Database, user: User | None, plan_code: str | None, today: date,
                  days: int) -> int:
    """How many things wait for `user`: entries to verify, drafts and rejected entries to
    submit, overdue realizations to enter (the in-app notification count)."""
    if user is None:
        return 0
    count = len(pending_verifications(db, user, plan_code))
    if policy.may(user, Action.RECORD_REALIZATION):
        count += len(returned_entries(db, user, plan_code))
        count += sum(m.overdue for m in missing_realizations(db, user, plan_code, today, days))
    return count


@dataclass
class Reminder:
    """What one account is reminded of."""

    username: str
    name: str
    email: str
    missing: list[Missing] = field(default_factory=list)
    returned: list[Entry] = field(default_factory=list)
    pending: list[Entry] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Nothing to remind of."""
        return not (self.missing or self.returned or self.pending)


def reminders(db: Database, plan_code: str | None, today: date, days: int) -> list[Reminder]:
    """Per enabled account with an e-mail address, what it is reminded of (accounts with
    nothing to do left out), by user name."""
    with db.read() as conn:
        people = stored.accounts_with_email(conn)
    result = []
    for person in people:
        user = User(person.username, person.name, person.role, person.unit, person.nip)
        reminder = Reminder(person.username, person.name, person.email)
        if policy.may(user, Action.RECORD_REALIZATION) and user.role != "admin":
            reminder.missing = missing_realizations(db, user, plan_code, today, days)
            reminder.returned = returned_entries(db, user, plan_code)
        if policy.may(user, Action.VERIFY_REALIZATION) and user.role != "admin":
            reminder.pending = pending_verifications(db, user, plan_code)
        if not reminder.empty:
            result.append(reminder)
    return result


def set_account_email(db: Database, user: User | None, username: str, email: str | None
                      ) -> None:
    """Set (or clear, with None or "") the e-mail address an account's reminders go to."""
    user = require(user, Action.MANAGE_ACCOUNTS, username)
    email = (email or "").strip() or None
    if email is not None and not EMAIL.match(email):
        raise ServiceError(Message(N_("not an e-mail address: {email}"), {"email": repr(email)}))
    with db.write() as conn:
        if not stored.set_email(conn, username, email):
            raise NotFound(Message(N_("account not found: {username}"), {"username": username}))
        audit.record(conn, user, None, "user", username, "update", None, {"email": email})
