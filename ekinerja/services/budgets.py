"""Budgets of programs and activities per year (the LKjIP's budget table and efficiency):
entered or imported by who may change targets (planners, admins), all or nothing, audited."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from ekinerja.budgets import BudgetLine
from ekinerja.messages import N_, Message
from ekinerja.services import audit
from ekinerja.services.access import Action, User, require
from ekinerja.services.errors import Joined, ServiceError
from ekinerja.services.plans import plan_row
from ekinerja.storage import budgets as stored
from ekinerja.storage import structure
from ekinerja.storage.database import Database, read_revision

ROW = N_("row {row}")
OBJECTIVE_NOT_FOUND = N_('{place}: objective not found "{objective}"')
OUTSIDE_PLAN = N_("{place}: year {year} outside the plan years {start}–{end}")
NEGATIVE = N_("{place}: negative budget")
BUDGETS = Message(N_("budgets"))  # what a refusal is about


def _outside(place: str | Message, year: int, plan: Any) -> Message:
    return Message(OUTSIDE_PLAN, {"place": place, "year": str(year),
                                  "start": str(plan.start_year), "end": str(plan.end_year)})


def set_budgets(db: Database, user: User | None, plan_code: str | None,
                lines: Sequence[BudgetLine]) -> int:
    """Store budgets (each replaces the one of its program/activity and year); the count.

    Refused as a whole, every problem named by its row, for an unknown objective, a year
    outside the plan or a negative amount; nothing is written then.
    """
    user = require(user, Action.CHANGE_TARGETS, BUDGETS)
    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        problems: list[Message] = []
        for line in lines:
            place = Message(ROW, {"row": str(line.row)})
            if structure.find_objective(conn, plan.id, line.objective) is None:
                problems.append(Message(OBJECTIVE_NOT_FOUND,
                                        {"place": place, "objective": line.objective}))
            if not plan.start_year <= line.year <= plan.end_year:
                problems.append(_outside(place, line.year, plan))
            if line.amount < 0 or (line.realization is not None and line.realization < 0):
                problems.append(Message(NEGATIVE, {"place": place}))
        if problems:
            raise ServiceError(Joined("", parts=tuple(problems)))
        for line in lines:
            old = stored.put_budget(conn, plan.id, line.objective, line.year, line.amount,
                                    line.realization, user.username)
            before = None if old is None else {"amount": old.amount,
                                               "realization": old.realization}
            audit.record(conn, user, plan.code, "budget", f"{line.objective}/{line.year}",
                         "set", before, {"amount": line.amount,
                                         "realization": line.realization})
        return len(lines)


def set_budget(db: Database, user: User | None, plan_code: str | None, objective: str,
               year: int, amount: float, realization: float | None = None) -> int:
    """Store one program's or activity's budget and realization for a year, as entered on a
    page (replacing the one there was); the same checks and audit as `set_budgets`, problems
    named by the objective. Returns the new revision."""
    user = require(user, Action.CHANGE_TARGETS, BUDGETS)
    for value in (amount, realization):
        if value is not None and (not isinstance(value, int | float) or isinstance(value, bool)
                                  or not math.isfinite(value)):
            raise ServiceError(Message(N_("not a number: {value}"), {"value": repr(value)}))
    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        place = f'"{objective}" {year}'
        if structure.find_objective(conn, plan.id, objective) is None:
            raise ServiceError(Message(N_('objective not found "{objective}"'),
                                       {"objective": objective}))
        if not plan.start_year <= year <= plan.end_year:
            raise ServiceError(_outside(place, year, plan))
        if amount < 0 or (realization is not None and realization < 0):
            raise ServiceError(Message(NEGATIVE, {"place": place}))
        old = stored.put_budget(conn, plan.id, objective, year, float(amount),
                                None if realization is None else float(realization),
                                user.username)
        before = None if old is None else {"amount": old.amount, "realization": old.realization}
        audit.record(conn, user, plan.code, "budget", f"{objective}/{year}", "set", before,
                     {"amount": float(amount),
                      "realization": None if realization is None else float(realization)})
        return read_revision(conn)


def budgets_of(db: Database, plan_code: str | None = None
               ) -> dict[tuple[str, int], tuple[float, float | None]]:
    """Every budget of a plan: (objective, year) -> (amount, realization)."""
    with db.read() as conn:
        rows = stored.budgets(conn, plan_row(conn, plan_code).id)
    return {(r.objective, r.year): (float(r.amount), None if r.realization is None
                                    else float(r.realization)) for r in rows}
