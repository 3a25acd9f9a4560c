"""Peta Strategi: the Balanced Scorecard map of the province or an agency, and the details of
one objective (indicators, owner, trend, how its score came about)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ekinerja.model import PERSPECTIVES, Employee
from ekinerja.readmodels.indexes import (
    employees_by_nip,
    objective_agency,
    unit_name,
    units_by_code,
)
from ekinerja.readmodels.periods import trend
from ekinerja.readmodels.presentation import (
    Banded,
    IndicatorLine,
    Named,
    Scored,
    banded,
    indicator_line,
)
from ekinerja.rollup import Engine

CONTEXT_LIMIT = 12  # parents or children of an agency map drawn around its lanes


@dataclass(frozen=True)
class StrategyMap:
    """The objectives of each perspective (in PERSPECTIVES order) and the causal arrows; on an
    agency map also the objectives its own hang under (`above`), those under them that are not
    on a lane (`below`), the cascade links joining them, and how many of each were left out."""

    lanes: dict[str, list[Scored]]
    arrows: list[tuple[str, str]]  # (cause, effect)
    above: list[Scored] = field(default_factory=list)
    below: list[Scored] = field(default_factory=list)
    cascade: list[tuple[str, str]] = field(default_factory=list)  # (parent, child)
    more_above: int = 0
    more_below: int = 0

    @property
    def empty(self) -> bool:
        """No objective of the scope has a perspective."""
        return not any(self.lanes.values())


@dataclass(frozen=True)
class ObjectiveDetails:
    """What the side panel shows about one objective in one period."""

    code: str
    name: str
    level: str
    perspective: str | None
    unit: str | None  # its unit, or for a province objective the region's own unit
    owner: Employee | None
    period: str
    coverage: float
    score: Banded
    indicators: list[IndicatorLine]
    trend: list[tuple[str, float | None]]
    explanation: dict[str, Any]  # Evaluation.explain, each indicator child with its formula
    agencies: list[str] = field(default_factory=list)  # agencies whose objectives carry it
    children: int = 0  # child objectives


def scopes(engine: Engine) -> list[Named]:
    """The maps to choose: the province (code ""), then each agency with objectives on a
    perspective, by name (computed once per compiled structure)."""

    def compute() -> list[Named]:
        named = sorted((unit_name(engine, code) or code, code)
                       for code in _map_nodes(engine) if code is not None)
        return [Named("", engine.doc.plan.name), *(Named(code, name) for name, code in named)]

    return engine.structure.memo("map_scopes", compute)  # type: ignore[no-any-return]


def _map_nodes(engine: Engine) -> dict[str | None, list[int]]:
    """Positions of the objectives with a perspective, per agency (None: the province's),
    in plan order; computed once per compiled structure."""

    def compute() -> dict[str | None, list[int]]:
        found: dict[str | None, list[int]] = {}
        for node, (agency, objective) in enumerate(zip(objective_agency(engine),
                                                       engine.doc.objectives, strict=True)):
            if objective.perspective in PERSPECTIVES:
                found.setdefault(agency, []).append(node)
        return found

    return engine.structure.memo("map_nodes", compute)  # type: ignore[no-any-return]


def map_objectives(engine: Engine, scope: str | None) -> list[int]:
    """Positions of the objectives on a scope's map: those with a perspective, of the
    province (scope "" or None) or of one agency."""
    return list(_map_nodes(engine).get(scope or None, ()))


def strategy_map(engine: Engine, period: str, scope: str | None) -> StrategyMap:
    """The map of a scope in a period: objectives by perspective, causal arrows among them."""
    ev = engine.evaluation(period)
    lanes: dict[str, list[Scored]] = {p: [] for p in PERSPECTIVES}
    shown = set()
    for node in map_objectives(engine, scope):
        objective = engine.doc.objectives[node]
        code = objective.code
        shown.add(code)
        score = banded(engine, ev.score_of(code))
        lanes[objective.perspective].append(  # type: ignore[index]
            Scored(code, objective.name, score)
        )
    arrows = [(link.cause, link.effect) for link in engine.doc.causal_links
              if link.cause in shown and link.effect in shown]
    if not scope:
        return StrategyMap(lanes, arrows)
    return _with_context(engine, ev, lanes, arrows, shown)


def _with_context(engine: Engine, ev: Any, lanes: dict[str, list[Scored]],
                  arrows: list[tuple[str, str]], shown: set[str]) -> StrategyMap:
    """An agency map with the parents of its objectives above and their children below."""
    ordered = [o.code for members in lanes.values() for o in members]
    parents = list(dict.fromkeys(p for c in ordered for p in engine.parent_objectives(c)
                                 if p not in shown))
    children = list(dict.fromkeys(k for c in ordered for k in engine.child_objectives(c)
                                  if k not in shown and k not in parents))
    above, below = parents[:CONTEXT_LIMIT], children[:CONTEXT_LIMIT]
    drawn = shown | set(above) | set(below)
    cascade = [(p, c) for c in ordered for p in engine.parent_objectives(c) if p in drawn]
    cascade += [(c, k) for c in ordered for k in engine.child_objectives(c)
                if k in below]

    def scored(code: str) -> Scored:
        return Scored(code, engine.item(code).name, banded(engine, ev.score_of(code)))

    return StrategyMap(lanes, arrows, [scored(c) for c in above], [scored(c) for c in below],
                       list(dict.fromkeys(cascade)), len(parents) - len(above),
                       len(children) - len(below))


def region_unit(engine: Engine) -> str | None:
    """The name of the region's own unit (the top unit without a parent), if any."""
    tops = [u for u in units_by_code(engine).values() if not u.parent]
    return tops[0].name if len(tops) == 1 else None


def carrying_agencies(engine: Engine, code: str) -> list[str]:
    """The names of the agencies whose objectives sit under an objective, by name."""
    agencies = objective_agency(engine)
    found = {agencies[engine.index[c]] for c in engine.child_objectives(code)}
    return sorted(unit_name(engine, a) or a for a in found if a)


def first_objective(engine: Engine) -> str | None:
    """The first objective on the province map (for benchmarks and defaults)."""
    nodes = map_objectives(engine, "")
    return engine.codes[nodes[0]] if nodes else None


def objective_details(engine: Engine, period: str, code: str) -> ObjectiveDetails:
    """Everything the side panel shows about one objective in one period (an objective
    without a unit is the region's: its unit is the region's own)."""
    ev = engine.evaluation(period)
    objective = engine.doc.objectives[engine.index[code]]
    unit = unit_name(engine, objective.unit) if objective.unit else region_unit(engine)
    explanation = ev.explain(code)
    for child in explanation["children"]:
        if child["kind"] == "indicator":
            child["formula"] = ev.explain(child["code"])["formula"]
    return ObjectiveDetails(
        code=code,
        name=objective.name,
        level=objective.level,
        perspective=objective.perspective,
        unit=unit,
        owner=employees_by_nip(engine).get(objective.owner) if objective.owner else None,
        agencies=carrying_agencies(engine, code),
        children=len(engine.child_objectives(code)),
        period=period,
        coverage=float(ev.coverage[engine.index[code]]),
        score=banded(engine, ev.score_of(code)),
        indicators=[indicator_line(engine, ev, i) for i in engine.child_indicators(code)],
        trend=trend(engine, code, period),
        explanation=explanation,
    )
