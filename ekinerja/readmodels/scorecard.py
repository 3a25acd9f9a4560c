"""Scorecard: per unit, its objectives and their indicators with weights, targets, scores."""

from __future__ import annotations

from dataclasses import dataclass

from ekinerja.readmodels.indexes import (
    employees_by_nip,
    objectives_by_unit,
    unit_name,
    unit_subtree,
    units_by_code,
)
from ekinerja.readmodels.presentation import Banded, Named, banded, indicator_line
from ekinerja.rollup import Engine, Evaluation

NO_BAND = "-"  # the band filter's value for "no score"


@dataclass(frozen=True)
class ScorecardRow:
    """An objective (then each of its indicators) of a unit's scorecard."""

    kind: str  # "objective" or "indicator"
    code: str
    name: str
    level: str | None  # the objective's level (None for an indicator)
    measure_unit: str
    unit: str  # the objective's unit name
    owner: str  # the objective owner's name
    weight: float | None  # the link weight (an objective: of its first parent)
    target: float | list[float] | None
    realization: float | None
    achievement: Banded

    @property
    def band_key(self) -> str:
        """The band label, or NO_BAND without a score (what the band filter compares)."""
        return self.achievement.band or NO_BAND


def unit_choices(engine: Engine) -> list[Named]:
    """Units in tree order (children under their parent, by name), names indented by depth."""
    units = engine.doc.units
    codes = {u.code for u in units}
    children: dict[str | None, list] = {}
    for unit in units:
        children.setdefault(unit.parent if unit.parent in codes else None, []).append(unit)
    result: list[Named] = []

    def walk(parent: str | None, depth: int) -> None:
        for unit in sorted(children.get(parent, []), key=lambda u: u.name):
            result.append(Named(unit.code, "\u00a0\u00a0" * depth + unit.name))
            walk(unit.code, depth + 1)

    walk(None, 0)
    return result


def first_unit(engine: Engine) -> str | None:
    """The unit shown first: the first agency by name, else the first unit."""
    agencies = sorted((u for u in engine.doc.units if u.kind == "agency"), key=lambda u: u.name)
    if agencies:
        return agencies[0].code
    return engine.doc.units[0].code if engine.doc.units else None


def unit_objectives(engine: Engine, unit: str | None) -> list[int]:
    """Positions of a unit's objectives: of the unit and its sub-units; for the pemda, its own
    and the province's objectives on a perspective (none of them the vision)."""
    units = units_by_code(engine)
    if unit is None or unit not in units:
        return []
    by_unit = objectives_by_unit(engine)
    if units[unit].kind == "pemda":
        objectives = engine.doc.objectives
        unowned = [n for n in by_unit.get(None, [])
                   if objectives[n].level != "vision" and objectives[n].perspective is not None]
        return sorted([*by_unit.get(unit, []), *unowned])
    return sorted(n for u in unit_subtree(engine, unit) for n in by_unit.get(u, []))


def _block(engine: Engine, ev: Evaluation, position: int) -> list[ScorecardRow]:
    """One objective's row and its indicators' rows."""
    objective = engine.doc.objectives[position]
    code = objective.code
    parents = engine.parent_objectives(code)
    owner = employees_by_nip(engine).get(objective.owner) if objective.owner else None
    unit, owner_name = unit_name(engine, objective.unit) or "", owner.name if owner else ""
    rows = [ScorecardRow(
        "objective", code, objective.name, objective.level, "", unit, owner_name,
        ev.link_weight(parents[0], code) if parents else None, None, None,
        banded(engine, ev.score_of(code)),
    )]
    for indicator in engine.child_indicators(code):
        line = indicator_line(engine, ev, indicator)
        rows.append(ScorecardRow(
            "indicator", indicator, line.name, None, line.measure_unit, unit, owner_name,
            ev.link_weight(code, indicator), line.target, line.realization, line.achievement,
        ))
    return rows


def scorecard_rows(engine: Engine, period: str, unit: str | None,
                   bands: list[str] | None = None) -> list[ScorecardRow]:
    """Rows of the scorecard: each objective then its indicators, only the chosen bands
    (labels, or NO_BAND for no score) when `bands` is given."""
    ev = engine.evaluation(period)
    wanted = set(bands) if bands else None
    return [
        row
        for position in unit_objectives(engine, unit)
        for row in _block(engine, ev, position)
        if wanted is None or row.band_key in wanted
    ]
