"""The SKP page (docs/skp.md): an employee's RHK with their indicators on verified values, the
employees a user rates (their subordinates first), and a unit's distribution of predikat."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from ekinerja import permissions
from ekinerja.model import LEVEL_RANK, Employee, SkpRating, UnitPredikat
from ekinerja.readmodels.cache import ResultCache, owner_index
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
from ekinerja.rollup import Engine, Evaluation
from ekinerja.services.skp import skp_result
from ekinerja.skp import (
    PREDIKATS,
    SkpResult,
    UnitSkp,
    assemble,
    evaluate,
    fitting_period,
    skp_periods,
)
from ekinerja.storage.database import Database

#: At most this many employees are listed to rate (an administrator finds others by search).
MAX_LISTED = 200
#: Every employee's SKP per (engine, plan, period, database revision), for the workbooks (a
#: page computes only what it shows: `page_result`); a few periods only.
_RESULTS = ResultCache(4)


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


def _main_rhk(engine: Engine) -> tuple[np.ndarray, np.ndarray]:
    """Per objective: whether it is a main RHK (an individual objective of kind `main`), and
    the number of the employee who owns it as one (-1: none, or not a main RHK); kept per
    compiled structure."""

    def compute() -> tuple[np.ndarray, np.ndarray]:
        owners = owner_index(engine)
        main = engine.compiled_columns()["level_rank"] == LEVEL_RANK["individual"]
        for code, kind in engine.doc.rhk_kinds.items():
            node = engine.index.get(code, -1)
            if kind != "main" and engine.is_objective_node(node):
                main[node] = False
        owner = owners.objective_owner
        return main, np.where(main & (owner >= 0) & (owner < owners.n_employees), owner, -1)

    return engine.structure.memo("skp_main_rhk_owner", compute)  # type: ignore[no-any-return]


def main_rhk_means(engine: Engine, evaluation: Evaluation,
                   holders: Mapping[str, str] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Per employee (their place in the plan): the plain mean of the scores of the main RHK
    they hold and how many of those have a score, as `skp.main_rhk_scores` computes them
    (`holders`: who held an RHK handed over), over arrays."""
    owners = owner_index(engine)
    main, held = _main_rhk(engine)
    if holders:
        held = held.copy()
        for code, nip in holders.items():
            node = engine.index.get(code, -1)
            if engine.is_objective_node(node) and main[node]:
                who = owners.ids.get(nip, -1)
                held[node] = who if who < owners.n_employees else -1
    nodes = np.flatnonzero(held >= 0)
    scores = evaluation.score[nodes]
    scored = ~np.isnan(scores)
    who, size = held[nodes][scored], owners.n_employees
    total = np.bincount(who, scores[scored], size)  # in node order, as the plain version adds
    count = np.bincount(who, minlength=size)
    return np.divide(total, count, out=np.full(size, np.nan), where=count > 0), count


def period_result(engine: Engine, db: Database | None, plan_code: str | None, period: str
                  ) -> SkpResult:
    """The SKP of every employee in a period (the workbooks): the database's ratings in force,
    or the plan file's; kept per (engine, plan, period, database revision): every write moves
    the revision."""
    if db is None:
        return _RESULTS.get(engine, ("skp", plan_code, period, None),
                            lambda: evaluate(engine, period, list(engine.doc.skp_ratings)))
    return _RESULTS.get(engine, ("skp", plan_code, period, db.revision()),
                        lambda: skp_result(db, plan_code, period))


def page_result(engine: Engine, period: str, wanted: Iterable[str],
                ratings: Iterable[SkpRating] | None = None,
                unit_predikats: Iterable[UnitPredikat] | None = None,
                holders: Mapping[str, str] | None = None, units: bool = True) -> SkpResult:
    """The SKP a page shows, as `skp.evaluate` gives it, for the employees `wanted` only; with
    `units`, every unit's counts too (computed from every rated employee, who are then in the
    result as well). `ratings` and `unit_predikats`: the database's (the plan's when None)."""
    given = list(engine.doc.skp_ratings if ratings is None else ratings)
    means, count = main_rhk_means(engine, engine.verified_only().evaluation(period), holders)
    people, slot = employees_by_nip(engine), owner_index(engine).ids
    rated = [r.employee for r in given if r.period == period] if units else []
    chosen = [people[nip] for nip in dict.fromkeys([*wanted, *rated]) if nip in people]
    scores = {e.nip: None if count[slot[e.nip]] == 0 else float(means[slot[e.nip]])
              for e in chosen}
    return assemble(engine, period, chosen, scores, given, unit_predikats, units)


def held_rhk(engine: Engine, nip: str, holders: Mapping[str, str] | None = None) -> list[int]:
    """The nodes of the RHK (individual objectives) `nip` held in a period, in plan order:
    those they own but handed over (`holders`) left out, those handed to them added."""
    rank = engine.compiled_columns()["level_rank"]
    individual = LEVEL_RANK["individual"]
    nodes = owner_index(engine).nodes_of(nip)
    owned = nodes[rank[nodes] == individual].tolist()
    if not holders:
        return owned
    codes = engine.objective_codes
    kept = {node for node in owned if holders.get(codes[node], nip) == nip}
    for code, holder in holders.items():
        node = engine.index.get(code, -1)
        if holder == nip and engine.is_objective_node(node) and rank[node] == individual:
            kept.add(node)
    return sorted(kept)


def _indicators_of(engine: Engine, node: int) -> list[str]:
    """The codes of an objective's indicators, in plan order."""
    children = engine.e_child[engine.children_of(node)]
    positions = np.sort(engine.indicator_positions(children[engine.is_indicator_node(children)]))
    return [engine.indicator_codes[k] for k in positions.tolist()]


def rhk_lines(engine: Engine, period: str, nip: str,
              holders: Mapping[str, str] | None = None) -> list[RhkLine]:
    """The RHK (individual objectives) an employee held in `period`, main first, in plan
    order, scored on verified realizations only (docs/workflow.md). `holders` (objective ->
    who held it in the period: services.holders_in_period) attributes an RHK handed over to a
    successor to whoever held it then; without it, the owner holds it."""
    verified = engine.verified_only()
    ev = verified.evaluation(period)
    doc = engine.doc
    lines = []
    for node in held_rhk(engine, nip, holders):
        o = doc.objectives[node]
        lines.append(RhkLine(
            o.code,
            o.name,
            doc.rhk_kind(o.code),
            banded(engine, ev.score_of(o.code)),
            [indicator_line(verified, ev, code) for code in _indicators_of(engine, node)],
        ))
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
