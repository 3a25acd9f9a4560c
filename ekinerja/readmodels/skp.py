"""The SKP page (docs/skp.md): an employee's RHK with their indicators on verified values, the
employees a user rates (their subordinates first), and a unit's distribution of predikat."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ekinerja import permissions
from ekinerja.model import Employee
from ekinerja.readmodels.indexes import employees_by_nip, unit_subtree
from ekinerja.readmodels.periods import valid_period
from ekinerja.readmodels.presentation import (
    Banded,
    IndicatorLine,
    Named,
    banded,
    indicator_line,
)
from ekinerja.readmodels.search import find_employees
from ekinerja.rollup import Engine
from ekinerja.skp import (
    PREDIKATS,
    EmployeeSkp,
    SkpResult,
    UnitSkp,
    fitting_period,
    skp_periods,
)

#: At most this many employees are listed to rate (an administrator finds others by search).
MAX_LISTED = 200


def skp_period(engine: Engine, period: str | None) -> str | None:
    """The SKP period a page shows for the chosen period: `valid_period`, then the period of
    the plan's SKP cadence it falls in (a month's quarter, a quarter's last month)."""
    shown = valid_period(engine, period)
    return None if shown is None else fitting_period(shown, engine.doc.plan.settings.skp.cadence)


def period_choices(engine: Engine) -> list[str]:
    """The periods /skp offers, chronologically: with a cadence set, each year with data and
    its monthly or quarterly periods; without one, the plan's periods with data."""
    cadence = engine.doc.plan.settings.skp.cadence
    periods = engine.periods()
    if cadence is None:
        return periods
    years = sorted({int(p[:4]) for p in periods})
    return [p for y in years for p in skp_periods(y, y, cadence)]


@dataclass(frozen=True)
class RhkLine:
    """One RHK of an employee: its kind, its score on verified values, its indicators."""

    code: str
    name: str
    kind: str  # "main" or "additional"
    score: Banded
    indicators: list[IndicatorLine]


@dataclass(frozen=True)
class Share:
    """One predikat in a unit's distribution: how many, and their share of the rated."""

    predikat: str
    count: int
    percent: float | None


def _indicators_by_objective(engine: Engine) -> dict[str, list[str]]:
    def compute() -> dict[str, list[str]]:
        result: dict[str, list[str]] = {}
        for indicator in engine.doc.indicators:
            result.setdefault(indicator.objective, []).append(indicator.code)
        return result

    return engine.structure.memo("skp_indicators_by_objective", compute)


def rhk_lines(engine: Engine, period: str, nip: str,
              holders: Mapping[str, str] | None = None) -> list[RhkLine]:
    """The RHK (individual objectives) an employee held in `period`, main first, in plan
    order, scored on verified realizations only (docs/workflow.md). `holders` (objective ->
    who held it in the period: services.holders_in_period) attributes an RHK handed over to a
    successor to whoever held it then; without it, the owner holds it."""
    held = holders or {}
    verified = engine.verified_only()
    ev = verified.evaluation(period)
    by_objective = _indicators_by_objective(engine)
    doc = engine.doc
    lines = [
        RhkLine(
            o.code,
            o.name,
            doc.rhk_kind(o.code),
            banded(engine, ev.score_of(o.code)),
            [indicator_line(verified, ev, code) for code in by_objective.get(o.code, [])],
        )
        for o in doc.objectives
        if o.level == "individual" and held.get(o.code, o.owner) == nip
    ]
    return sorted(lines, key=lambda line: line.kind != "main")


def rateable_employees(engine: Engine, user: permissions.Actor | None) -> list[Employee]:
    """The employees `user` may rate (permissions.may_rate_skp), their direct subordinates
    first, then the others in plan order; at most MAX_LISTED."""
    if user is None or not permissions.may(user, permissions.Action.RATE_SKP):
        return []
    scope = frozenset(unit_subtree(engine, user.unit)) if user.unit else frozenset()
    direct: list[Employee] = []
    others: list[Employee] = []
    for e in engine.doc.employees:
        if not permissions.may_rate_skp(user, e.nip, e.unit, scope):
            continue
        (direct if user.nip and e.supervisor == user.nip else others).append(e)
        if len(direct) >= MAX_LISTED:
            break
    return (direct + others)[:MAX_LISTED]


def rateable(
    engine: Engine, result: SkpResult, user: permissions.Actor | None
) -> list[EmployeeSkp]:
    """The SKP of the employees `user` rates (`rateable_employees`), in that order."""
    return [result.employees[e.nip] for e in rateable_employees(engine, user)]


def employee_choices(engine: Engine, user: permissions.Actor | None, current: str | None
                     ) -> list[Named]:
    """The employee chooser's first entries: the user themselves, those they rate, the first
    employees of the plan, and the chosen one (more are found by typing)."""
    people = employees_by_nip(engine)
    wanted = [user.nip] if user is not None and user.nip in people else []
    wanted += [e.nip for e in rateable_employees(engine, user)]
    wanted += [r.code for r in find_employees(engine, "")]
    if current in people:
        wanted.append(current)
    seen: set[str] = set()
    chosen = [nip for nip in wanted if nip and not (nip in seen or seen.add(nip))]
    return [Named(nip, people[nip].name) for nip in chosen]


def distribution(unit: UnitSkp) -> list[Share]:
    """A unit's predikat counts with their share of the rated employees (None: none rated)."""
    rated = unit.rated
    return [
        Share(p, unit.counts[p], 100 * unit.counts[p] / rated if rated else None)
        for p in PREDIKATS
    ]


def rating_unit(engine: Engine, user: permissions.Actor | None, employee: str | None
                ) -> str | None:
    """The unit whose distribution a rater watches: their own unit, else the employee's."""
    units = {u.code for u in engine.doc.units}
    if user is not None and user.unit in units:
        return user.unit
    people = employees_by_nip(engine)
    return people[employee].unit if employee in people else None
