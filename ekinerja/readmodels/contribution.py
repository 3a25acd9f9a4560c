"""Kontribusi Saya: an employee's objectives, the path up to the vision, the points of the
province's score their work carries, and what reaching every target would add."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import compress
from operator import attrgetter

import numpy as np

from ekinerja.model import Employee, Objective
from ekinerja.readmodels.cache import ResultCache
from ekinerja.readmodels.indexes import employees_by_nip, unit_name
from ekinerja.readmodels.periods import same_kind_periods
from ekinerja.readmodels.presentation import (
    Banded,
    IndicatorLine,
    Scored,
    banded,
    indicator_line,
)
from ekinerja.rollup import Engine, Evaluation


@dataclass(frozen=True)
class OwnedObjective:
    """One objective the employee owns, with its score, path and indicators."""

    objective: Objective
    score: Banded
    counted: bool  # counts in the contribution (no ancestor owned by the same employee)
    influence: float
    path: list[Objective]  # from the vision down to this objective
    indicators: list[IndicatorLine]


@dataclass(frozen=True)
class Gain:
    """The root-score gain if each of the employee's indicators reached its target."""

    gain: float
    indicators: int  # how many indicators were raised
    root_before: float | None
    root_after: float | None


@dataclass(frozen=True)
class EmployeeView:
    """Everything the Kontribusi Saya page shows for one employee and period."""

    period: str
    nip: str
    name: str
    position: str
    unit: str
    supervisor: Employee | None
    objectives: list[OwnedObjective]
    root: str | None
    root_score: float | None
    contribution: float
    share: float | None  # of the root score
    gain: Gain
    supports: list[tuple[Objective, Banded]]  # the supervisor's objectives above them
    map_nodes: list[Scored]  # the cascade above the employee's objectives (and those)
    map_edges: list[tuple[str, str]]
    own_score: Banded | None = None  # mean score of the objectives that count, with its band
    unit_share: float | None = None  # of the contribution of everyone in the same unit
    unit_rank: int | None = None  # 1 = the largest contribution in the unit
    unit_size: int = 0  # employees of the unit


def unit_standing(engine: Engine, ev: Evaluation, nip: str) -> tuple[float | None, int | None,
                                                                        int]:
    """An employee's share of their unit's contribution, their rank in it (by contribution,
    1 = largest) and the number of employees of the unit."""
    people = employees_by_nip(engine)
    unit = people[nip].unit
    every = ev.contribution  # one array for the unit (Evaluation.employee_contribution each)
    owned = owned_by(engine, [e.nip for e in people.values() if e.unit == unit])
    contributions = {}
    for colleague, nodes in owned.items():
        top = engine.top_nodes(nodes)
        contributions[colleague] = float(every[top].sum()) if top else 0.0
    total = sum(contributions.values())
    mine = contributions[nip]
    rank = 1 + sum(1 for value in contributions.values() if value > mine)
    return (mine / total if total > 0 else None), rank, len(contributions)


@dataclass(frozen=True)
class HistoryRow:
    """The employee's contribution in one period."""

    period: str
    contribution: float
    share: float | None
    root_score: float | None
    score: float | None  # mean score of the objectives that count


def _ref(engine: Engine, code: str) -> Objective:
    return engine.doc.objectives[engine.index[code]]


def _objective_owners(engine: Engine) -> list[str | None]:
    """Each objective's owner (by node), kept per compiled structure."""
    return engine.structure.memo(  # type: ignore[no-any-return]
        "objective_owners", lambda: list(map(attrgetter("owner"), engine.doc.objectives)))


def owned_by(engine: Engine, nips: Iterable[str]) -> dict[str, list[int]]:
    """Per NIP of `nips` (in their order): the nodes of the objectives they own, in plan order,
    as Engine.owned_nodes gives them; one scan of the owners at C speed instead of grouping
    every owner's objectives."""
    result: dict[str, list[int]] = {nip: [] for nip in nips if nip}
    owners = _objective_owners(engine)
    for node in compress(range(len(owners)), map(result.__contains__, owners)):
        result[owners[node]].append(node)  # type: ignore[index]
    return result


#: Owned nodes and, of those, the ones that count (without an ancestor owned by the same
#: employee) per (structure, NIP): the page asks for the employee's and the supervisor's.
_OWNED = ResultCache(256)


def _owned_nodes(engine: Engine, nip: str) -> tuple[list[int], list[int]]:
    """The nodes the employee owns and those of them that count (Engine.top_owned)."""

    def compute() -> tuple[list[int], list[int]]:
        nodes = owned_by(engine, [nip]).get(nip, [])
        return nodes, engine.top_nodes(nodes)

    return _OWNED.get(engine.structure, nip, compute)


def _owned(engine: Engine, nip: str) -> list[str]:
    codes = engine.codes
    return [codes[n] for n in _owned_nodes(engine, nip)[0]]


def path_to_vision(engine: Engine, code: str) -> list[str]:
    """Codes from the vision down to `code`, each step the parent that comes first in the plan."""
    path, seen = [code], {code}
    parents = engine.parent_objectives(code)
    while parents:
        parent = min(parents, key=engine.index.__getitem__)
        if parent in seen:
            break
        path.append(parent)
        seen.add(parent)
        parents = engine.parent_objectives(parent)
    return path[::-1]


def cascade_above(engine: Engine, codes: Iterable[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """The objectives above `codes` (and `codes` themselves, in plan order) and the links
    between them (parent, child)."""
    keep: set[str] = set()
    for code in codes:
        keep.add(code)
        keep.update(engine.ancestor_codes(code))
    ordered = sorted(keep, key=engine.index.__getitem__)
    edges = [(parent, child) for child in ordered for parent in engine.parent_objectives(child)
             if parent in keep]
    return ordered, edges


def supported_objectives(engine: Engine, nip: str) -> list[str]:
    """Objectives of the employee's supervisor that the employee's objectives support."""
    employee = employees_by_nip(engine).get(nip)
    if employee is None or not employee.supervisor:
        return []
    theirs = set(_owned(engine, employee.supervisor))
    above = {a for code in _owned(engine, nip) for a in engine.ancestor_codes(code)}
    return sorted(theirs & above, key=engine.index.__getitem__)


def all_targets_gain(engine: Engine, ev: Evaluation, nip: str) -> Gain:
    """Root-score gain if each of the employee's indicators reached max(current, 100) %.

    A what-if evaluation sets every indicator below 100 % (or without a realization) to a
    realization that scores 100 (its target, or the low end of a ranged target).
    """
    changes: dict[str, float] = {}
    for code in _owned(engine, nip):
        for indicator in engine.child_indicators(code):
            values = ev.indicator_values(indicator)
            if values.achievement is not None and values.achievement >= 100.0:
                continue
            target = values.target[0] if isinstance(values.target, list) else values.target
            if target is not None:
                changes[indicator] = float(target)
    root = engine.root
    before = ev.score_of(root) if root else None
    if not changes or root is None:
        return Gain(0.0, 0, before, before)
    after = _what_if(engine, ev, changes).score_of(root)
    return Gain((after or 0.0) - (before or 0.0), len(changes), before, after)


def _what_if(engine: Engine, ev: Evaluation, changes: dict[str, float]) -> Evaluation:
    """`engine.evaluate(ev.period, realizations=changes)`: from `ev` when it holds the period's
    own realizations and weights, rescoring only the changed indicators and their ancestors."""
    if ev.realization is not ev.inputs.realization or ev.edge_weight is not engine.e_weight:
        return engine.evaluate(ev.period, realizations=changes)  # a what-if already: afresh
    realization = ev.realization.copy()
    positions = [engine.index[code] - engine.n_objectives for code in changes]
    realization[positions] = list(changes.values())
    return ev.followed_what_if(engine, realization, positions)


#: Employee views per (engine, period, NIP): an engine is replaced by every saved value, so a
#: kept view is never stale; a few dozen at most.
_VIEWS = ResultCache(32)


def employee_view(engine: Engine, period: str, nip: str) -> EmployeeView | None:
    """Everything the page shows for one employee and period (None: an unknown NIP)."""
    return _VIEWS.get(engine, ("employee", period, nip), lambda: _employee_view(
        engine, period, nip))


def _employee_view(engine: Engine, period: str, nip: str) -> EmployeeView | None:
    people = employees_by_nip(engine)
    employee = people.get(nip)
    if employee is None:
        return None
    ev = engine.evaluation(period)
    supervisor = people.get(employee.supervisor) if employee.supervisor else None
    owned = _owned(engine, nip)
    top = _owned_nodes(engine, nip)[1]
    counted = {engine.codes[n] for n in top}
    objectives = [
        OwnedObjective(
            _ref(engine, code),
            banded(engine, ev.score_of(code)),
            code in counted,
            float(ev.objective(code)["influence"]),
            [_ref(engine, c) for c in path_to_vision(engine, code)],
            [indicator_line(engine, ev, i) for i in engine.child_indicators(code)],
        )
        for code in owned
    ]
    root = engine.root
    root_score = ev.score_of(root) if root else None
    contribution = _contribution(ev, top)
    nodes, edges = cascade_above(engine, owned)
    scores = [s for s in (ev.score_of(c) for c in owned if c in counted)
              if s is not None and not math.isnan(s)]
    unit_share, unit_rank, unit_size = unit_standing(engine, ev, nip)
    return EmployeeView(
        period=period,
        nip=employee.nip,
        name=employee.name,
        position=employee.position,
        unit=unit_name(engine, employee.unit) or employee.unit,
        supervisor=supervisor,
        objectives=objectives,
        root=root,
        root_score=root_score,
        contribution=contribution,
        share=contribution / root_score if root_score else None,
        gain=all_targets_gain(engine, ev, nip),
        supports=[(_ref(engine, c), banded(engine, ev.score_of(c)))
                  for c in supported_objectives(engine, nip)],
        map_nodes=[Scored(c, engine.item(c).name, banded(engine, ev.score_of(c))) for c in nodes],
        map_edges=edges,
        own_score=banded(engine, sum(scores) / len(scores)) if scores else banded(engine, None),
        unit_share=unit_share,
        unit_rank=unit_rank,
        unit_size=unit_size,
    )


def _contribution(ev: Evaluation, top: list[int]) -> float:
    """Evaluation.employee_contribution of the employee whose counted nodes are `top` (the
    same values, computed for those nodes only)."""
    if not top:
        return 0.0
    score = ev.score[top]
    return float(np.where(np.isnan(score), 0.0, ev.influence[top] * np.nan_to_num(score)).sum())


def contribution_history(engine: Engine, nip: str, period: str) -> list[HistoryRow]:
    """The employee's contribution, share and mean score in each period of the same kind."""
    counted = _owned_nodes(engine, nip)[1]
    rows = []
    for p in same_kind_periods(engine, period):
        ev = engine.evaluation(p)
        root_score = ev.score_of(engine.root) if engine.root else None
        contribution = _contribution(ev, counted)
        scores = ev.objective_scores[counted] if counted else np.array([])
        scored = scores[~np.isnan(scores)]
        rows.append(HistoryRow(
            p, contribution, contribution / root_score if root_score else None, root_score,
            float(scored.mean()) if len(scored) else None,
        ))
    return rows


def first_employee(engine: Engine) -> str | None:
    """The NIP of the plan's first employee (None without employees)."""
    return engine.doc.employees[0].nip if engine.doc.employees else None

