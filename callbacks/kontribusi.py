"""Kontribusi Saya: choose an employee; their objectives, contribution, gain and history. A
signed-in employee opens it on themselves, with a way to enter their own realizations."""

from __future__ import annotations

from typing import Any

from ekinerja.callbacks.common import (
    employee_search,
    engine_of,
    follows_shell,
)
from ekinerja.layouts import ids, kontribusi

from ekinerja import permissions
from ekinerja.i18n import N_
from ekinerja.readmodels.contribution import contribution_history, employee_view
from ekinerja.readmodels.indexes import employees_by_nip
from ekinerja.readmodels.periods import valid_period
from ekinerja.readmodels.realizations import owns_indicators
from ekinerja.readmodels.search import Named, find_employees
from ekinerja.rollup import Engine
from ekinerja.services import User
from ekinerja.sources import PlanSource


def layout_params(source: PlanSource, lang: str, user: User | None = None) -> dict[str, Any]:
    """The first employees for the chooser (more are found by typing): the signed-in user
    when they are one of the plan's employees, else the first one; and the link to enter
    one's own realizations for who may record them."""
    engine = source()
    first = find_employees(engine, "")
    people = employees_by_nip(engine)
    own = user.nip if user is not None and user.nip in people else None
    if own is not None and all(r.code != own for r in first):
        first.insert(0, Named(own, people[own].name))
    nip = own or (first[0].code if first else None)
    may_enter = (source.database is not None and own is not None
                 and permissions.may(user, permissions.Action.RECORD_REALIZATION)
                 and owns_indicators(engine, own))
    return {"employees": first, "nip": nip, "own_entry": may_enter}


def render(engine: Engine, nip: str | None, period: str | None, lang: str | None) -> list[Any]:
    """The page body: data for the employee and period, then components."""
    lang = lang or "id"
    period = valid_period(engine, period)
    if period is None:
        return kontribusi.body(None, [], lang, N_("No period with data."))
    if not nip:
        return kontribusi.body(None, [], lang)
    view = employee_view(engine, period, nip)
    if view is None:
        return kontribusi.body(None, [], lang, N_("Unknown employee."))
    return kontribusi.body(view, contribution_history(engine, nip, period), lang)


def register(app: Any) -> None:
    """Search employees, fill the page, and refresh it when the shell's revision moves."""

    employee_search(app, ids.CONTRIB_EMPLOYEE)

    follows_shell(app, [ids.CONTRIB_BODY], [ids.CONTRIB_EMPLOYEE],
                  lambda nip, period, lang: render(engine_of(app), nip, period, lang))
