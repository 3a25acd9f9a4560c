"""Scorecard: per unit, its objectives and their indicators with weights, targets, scores."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ekinerja.readmodels.cache import ResultCache
from ekinerja.readmodels.indexes import (
    employees_by_nip,
    objectives_by_unit,
    unit_name,
    unit_subtree,
    units_by_code,
)
from ekinerja.readmodels.presentation import Banded, Named
from ekinerja.rollup import Engine, Evaluation, optional_floats
from ekinerja.scoring import band_scale

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


@dataclass(frozen=True)
class Skeleton:
    """A unit's scorecard rows without their values (structure only): what each row shows and
    where its values sit in an evaluation's arrays."""

    kind: list[str]
    code: list[str]
    name: list[str]
    level: list[str | None]
    measure_unit: list[str]
    unit: list[str]
    owner: list[str]
    node: np.ndarray  # the row's node (its score or achievement)
    edge: np.ndarray  # the link whose weight the row shows (-1: none)
    position: np.ndarray  # an indicator's position (-1: an objective)


#: Skeletons per (structure, unit), and a unit's columns per evaluation: a few of each, least
#: recently used first out (a large agency's rows weigh a few MB).
_SKELETONS = ResultCache(32)
_ROWS = ResultCache(8)


def _skeleton(engine: Engine, unit: str | None) -> Skeleton:
    """The rows of a unit's scorecard for any period (kept per structure and unit)."""

    def compute() -> Skeleton:
        objectives = engine.doc.objectives
        indicators = engine.doc.indicators
        people = employees_by_nip(engine)
        kind: list[str] = []
        code: list[str] = []
        name: list[str] = []
        level: list[str | None] = []
        measure: list[str] = []
        unit_names: list[str] = []
        owners: list[str] = []
        node: list[int] = []
        edge: list[int] = []
        position: list[int] = []
        for at in unit_objectives(engine, unit):
            objective = objectives[at]
            owner = people.get(objective.owner) if objective.owner else None
            unit_label, owner_name = unit_name(engine, objective.unit) or "", (
                owner.name if owner else "")
            up = engine.parents_of(at)
            kind.append("objective")
            code.append(objective.code)
            name.append(objective.name)
            level.append(objective.level)
            measure.append("")
            unit_names.append(unit_label)
            owners.append(owner_name)
            node.append(at)
            edge.append(int(up[0]) if len(up) else -1)
            position.append(-1)
            down = engine.children_of(at)
            children = engine.e_child[down]
            keep = engine.is_indicator_node(children)
            order = np.argsort(children[keep], kind="stable")
            for child, link in zip(children[keep][order].tolist(), down[keep][order].tolist(),
                                   strict=True):
                at_list = engine.indicator_position(child)
                indicator = indicators[at_list]
                kind.append("indicator")
                code.append(indicator.code)
                name.append(indicator.name)
                level.append(None)
                measure.append(indicator.measure_unit)
                unit_names.append(unit_label)
                owners.append(owner_name)
                node.append(child)
                edge.append(int(link))
                position.append(at_list)
        return Skeleton(kind, code, name, level, measure, unit_names, owners,
                         np.array(node, dtype=np.int64), np.array(edge, dtype=np.int64),
                         np.array(position, dtype=np.int64))

    return _SKELETONS.get(engine.structure, ("scorecard", unit), compute)



@dataclass(frozen=True)
class ScorecardColumns:
    """A unit's scorecard in one period column by column: the skeleton's texts, then each
    row's values (None where there is none); what `scorecard_rows` makes rows of."""

    skeleton: Skeleton
    weight: list[float | None]
    target: list[float | list[float] | None]
    realization: list[float | None]
    achievement: list[float | None]
    band: list[str | None]
    colour: list[str]
    #: Each row's numbers, one line per kind (_NUMBERS): what `changed_rows` compares.
    numbers: np.ndarray | None = None

    def band_key(self, k: int) -> str:
        """Row k's band label, or NO_BAND without a score (what the band filter compares)."""
        return self.band[k] or NO_BAND


#: The lines of ScorecardColumns.numbers.
_NUMBERS = ("weight", "target", "low", "high", "realization", "score")
#: The last columns of each (structure, unit, period): a new evaluation of the period (a saved
#: value, a weight) writes again only the rows whose numbers changed (`changed_rows`).
_LAST = ResultCache(16)


def _numbers(ev: Evaluation, shape: Skeleton) -> np.ndarray:
    """The numbers of every row of `shape` in `ev` (NaN where none), one line per kind."""
    numbers = np.full((len(_NUMBERS), len(shape.code)), np.nan)
    linked = shape.edge >= 0
    numbers[0, linked] = ev.edge_weight[shape.edge[linked]]
    is_indicator = shape.position >= 0
    at = shape.position[is_indicator]
    inputs = ev.inputs
    for line, values in ((1, inputs.value), (2, inputs.low), (3, inputs.high),
                         (4, ev.realization)):
        numbers[line, is_indicator] = values[at]
    numbers[5] = ev.score[shape.node]
    return numbers


def _values(engine: Engine, shape: Skeleton, numbers: np.ndarray, rows: np.ndarray
            ) -> tuple[list[Any], ...]:
    """The shown values (weight, target, realization, achievement, band, colour) of the
    `rows` of `shape`, from their `numbers`."""
    scale = band_scale(engine.bands)
    weight, single, low, high, realization, scores = numbers
    ranged = ((shape.position[rows] >= 0) & ~np.isnan(low)).tolist()
    target = [[lo, hi] if in_range else t for t, lo, hi, in_range in zip(
        optional_floats(single), low.tolist(), high.tolist(), ranged, strict=True)]
    labels = scale.labels_of(scores)
    colours = {label: scale.colour(label) for label in set(labels)}
    return (optional_floats(weight), target, optional_floats(realization),
            optional_floats(scores), labels, [colours[label] for label in labels])


def changed_rows(before: ScorecardColumns, after: ScorecardColumns) -> np.ndarray | None:
    """The rows whose numbers differ between two columns of the same skeleton (None when
    they do not share one: every row is to be written)."""
    if before.skeleton is not after.skeleton or before.numbers is None or after.numbers is None:
        return None
    old, new = before.numbers, after.numbers
    same = (old == new) | (np.isnan(old) & np.isnan(new))
    return np.flatnonzero(~same.all(axis=0))


def _columns(engine: Engine, ev: Evaluation, unit: str | None,
             before: ScorecardColumns | None = None) -> ScorecardColumns:
    """The columns of a unit in `ev`; from `before` (columns of the same structure, unit and
    period in another evaluation) only the rows whose numbers changed are written again."""
    shape = _skeleton(engine, unit)
    numbers = _numbers(ev, shape)
    columns = ScorecardColumns(shape, [], [], [], [], [], [], numbers)
    changed = None if before is None else changed_rows(before, columns)
    if changed is None:
        return ScorecardColumns(shape, *_values(engine, shape, numbers,
                                                np.arange(len(shape.code))), numbers)
    if not len(changed):
        return replace(before, numbers=numbers)  # type: ignore[arg-type]
    assert before is not None
    kept = (before.weight, before.target, before.realization, before.achievement, before.band,
            before.colour)
    patched = tuple(list(values) for values in kept)
    for values, fresh in zip(patched, _values(engine, shape, numbers[:, changed], changed),
                             strict=True):
        for k, value in zip(changed.tolist(), fresh, strict=True):
            values[k] = value
    return ScorecardColumns(shape, *patched, numbers)


def scorecard_columns(engine: Engine, period: str, unit: str | None) -> ScorecardColumns:
    """Every row of a unit's scorecard in a period, column by column (kept per evaluation;
    after a change, patched from the last columns of the period)."""
    ev = engine.evaluation(period)

    def compute() -> ScorecardColumns:
        last = _LAST.get(engine.structure, ("scorecard", unit, period), dict)
        columns = _columns(engine, ev, unit, last.get("columns"))
        last["columns"] = columns
        return columns

    return _ROWS.get(ev, ("scorecard", unit), compute)


def scorecard_rows(engine: Engine, period: str, unit: str | None,
                   bands: list[str] | None = None) -> list[ScorecardRow]:
    """Rows of the scorecard: each objective then its indicators, only the chosen bands
    (labels, or NO_BAND for no score) when `bands` is given."""
    c = scorecard_columns(engine, period, unit)
    shape = c.skeleton
    wanted = set(bands) if bands else None
    return [
        ScorecardRow(shape.kind[k], shape.code[k], shape.name[k], shape.level[k],
                     shape.measure_unit[k], shape.unit[k], shape.owner[k], c.weight[k],
                     c.target[k], c.realization[k],
                     Banded(c.achievement[k], c.band[k], c.colour[k]))
        for k in range(len(shape.code))
        if wanted is None or c.band_key(k) in wanted
    ]
