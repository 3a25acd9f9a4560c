"""Peta Strategi: the Balanced Scorecard map of the province or an agency, and the details of
one objective (indicators, owner, trend, how its score came about)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ekinerja.model import PERSPECTIVES, Employee
from ekinerja.readmodels.indexes import employees_by_nip, objective_agency, unit_name
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


@dataclass(frozen=True)
class StrategyMap:
    """The objectives of each perspective (in PERSPECTIVES order) and the causal arrows."""

    lanes: dict[str, list[Scored]]
    arrows: list[tuple[str, str]]  # (cause, effect)

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
    unit: str | None
    owner: Employee | None
    period: str
    coverage: float
    score: Banded
    indicators: list[IndicatorLine]
    trend: list[tuple[str, float | None]]
    explanation: dict[str, Any]  # Evaluation.explain, each indicator child with its formula


def scopes(engine: Engine) -> list[Named]:
    """The maps to choose: the province (code ""), then each agency with objectives on a
    perspective, by name."""
    agencies = objective_agency(engine)
    with_map = {a for a, o in zip(agencies, engine.doc.objectives, strict=True)
                if a and o.perspective}
    named = sorted((unit_name(engine, code) or code, code) for code in with_map)
    return [Named("", engine.doc.plan.name), *(Named(code, name) for name, code in named)]


def map_objectives(engine: Engine, scope: str | None) -> list[int]:
    """Positions of the objectives on a scope's map: those with a perspective, of the
    province (scope "" or None) or of one agency."""
    agencies = objective_agency(engine)
    wanted = scope or None
    return [
        node
        for node, objective in enumerate(engine.doc.objectives)
        if objective.perspective in PERSPECTIVES and agencies[node] == wanted
    ]


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
    return StrategyMap(lanes, arrows)


def first_objective(engine: Engine) -> str | None:
    """The first objective on the province map (for benchmarks and defaults)."""
    nodes = map_objectives(engine, "")
    return engine.codes[nodes[0]] if nodes else None


def objective_details(engine: Engine, period: str, code: str) -> ObjectiveDetails:
    """Everything the side panel shows about one objective in one period."""
    ev = engine.evaluation(period)
    objective = engine.doc.objectives[engine.index[code]]
    explanation = ev.explain(code)
    for child in explanation["children"]:
        if child["kind"] == "indicator":
            child["formula"] = ev.explain(child["code"])["formula"]
    return ObjectiveDetails(
        code=code,
        name=objective.name,
        level=objective.level,
        perspective=objective.perspective,
        unit=unit_name(engine, objective.unit),
        owner=employees_by_nip(engine).get(objective.owner) if objective.owner else None,
        period=period,
        coverage=float(ev.coverage[engine.index[code]]),
        score=banded(engine, ev.score_of(code)),
        indicators=[indicator_line(engine, ev, i) for i in engine.child_indicators(code)],
        trend=trend(engine, code, period),
        explanation=explanation,
    )
