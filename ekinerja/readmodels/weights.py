"""Bobot: a parent's child weights as percentages, normalising, what-if previews and diffs."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

import numpy as np

from ekinerja.readmodels.agencies import group_scores
from ekinerja.readmodels.indexes import agency_top_objectives, unit_name
from ekinerja.rollup import Engine, Evaluation, optional_float

MOVERS_LIMIT = 5
_EPSILON = 1e-9


@dataclass(frozen=True)
class ChildWeight:
    """A child of a parent: objective or indicator, its weight and share of the total (%)."""

    code: str
    name: str
    kind: str  # "objective" or "indicator"
    weight: float
    percent: float


@dataclass(frozen=True)
class ScoreMove:
    """A score before and after a what-if (an objective, or a group such as an agency)."""

    code: str
    name: str
    level: str | None  # an objective's level (None for a group)
    before: float | None
    after: float | None
    band_after: str | None

    @property
    def delta(self) -> float | None:
        """after − before (None when either has no score)."""
        return None if self.before is None or self.after is None else self.after - self.before


@dataclass(frozen=True)
class WeightPreview:
    """What new weights of a parent would do, before anything is saved."""

    period: str
    parent: str
    chain: list[ScoreMove]  # the parent, then each ancestor up to the vision
    objectives: list[ScoreMove]  # the objectives that move most
    groups: list[ScoreMove]  # the groups (agencies) that move most
    root_after: float | None


@dataclass(frozen=True)
class WeightChange:
    """A child whose weight differs between two versions (None: absent in one of them), with
    its share of each version's total in % (what the page shows: one unit throughout)."""

    code: str
    old: float | None
    new: float | None
    old_percent: float | None = field(default=None, compare=False)
    new_percent: float | None = field(default=None, compare=False)


@dataclass(frozen=True)
class VersionRow:
    """A stored version of a parent's weights and what it changed from the one before."""

    version: int
    author: str
    at: datetime | None
    reason: str | None
    weights: dict[str, float]
    diff: list[WeightChange]


def children(engine: Engine, parent: str) -> list[ChildWeight]:
    """The children of `parent`: objectives then indicators, each in plan order."""
    weights = engine.child_weights(parent)
    total = sum(weights.values())
    return [
        ChildWeight(code, engine.item(code).name,
                    "indicator" if engine.is_indicator(code) else "objective", weight,
                    100.0 * weight / total if total > 0 else 0.0)
        for code, weight in weights.items()
    ]


def normalise(values: Sequence[float | None], digits: int = 2) -> list[float]:
    """Scale weights to percentages summing to exactly 100 (rounded; the rest on the largest).

    Missing or negative values count as 0; all zeros stay zeros.
    """
    clean = [max(float(v), 0.0) if v is not None and math.isfinite(v) else 0.0 for v in values]
    total = sum(clean)
    if total <= 0:
        return [0.0 for _ in clean]
    result = [round(100.0 * v / total, digits) for v in clean]
    largest = max(range(len(result)), key=lambda i: result[i])
    result[largest] = round(result[largest] + 100.0 - sum(result), digits)
    return result


def effective_weights(
    rows: Sequence[ChildWeight], typed: Mapping[str, float | None], digits: int = 2
) -> dict[str, float | None]:
    """Typed percentages, where an untouched input (its rounded current percentage) keeps the
    exact current percentage, so rounding alone never changes a score."""
    current = {r.code: r.percent for r in rows}
    result: dict[str, float | None] = {}
    for code, value in typed.items():
        exact = current.get(code)
        if value is not None and exact is not None and value == round(exact, digits):
            result[code] = exact
        else:
            result[code] = value
    return result


@dataclass(frozen=True)
class WeightProblem:
    """Why typed weights cannot be saved: a weight that is not a number ("not_a_number") or
    is negative ("negative"), or every weight zero ("all_zero", no code)."""

    kind: str
    code: str | None = None


def weight_problem(values: Mapping[str, float | None]) -> WeightProblem | None:
    """Why these weights cannot be saved, or None when they can (the service checks again)."""
    for code, value in values.items():
        if value is None or not math.isfinite(value):
            return WeightProblem("not_a_number", code)
        if value < 0:
            return WeightProblem("negative", code)
    if values and not any(values.values()):
        return WeightProblem("all_zero")
    return None


def _movers(before: np.ndarray, after: np.ndarray, limit: int
            ) -> list[tuple[int, float | None, float | None]]:
    """Positions whose value moved most (a score appearing or vanishing counts as moved)."""
    appeared = np.isnan(before) != np.isnan(after)
    with np.errstate(invalid="ignore"):
        delta = np.abs(np.nan_to_num(after) - np.nan_to_num(before))
    moved = np.nonzero((delta > _EPSILON) | appeared)[0]
    order = moved[np.argsort(-delta[moved], kind="stable")][:limit]
    return [(int(i), optional_float(before[i]), optional_float(after[i]))
            for i in order.tolist()]


def _objective_move(engine: Engine, code: str, before: float | None, after: float | None
                    ) -> ScoreMove:
    objective = engine.item(code)
    return ScoreMove(code, objective.name, objective.level, before, after,  # type: ignore[union-attr]
                     engine.band(after))


def preview(engine: Engine, base: Evaluation, parent: str, weights: Mapping[str, float], *,
            by_agency: bool = False, limit: int = MOVERS_LIMIT) -> WeightPreview:
    """What-if of new child weights of `parent`, before saving anything: the new score of
    `parent` and of every ancestor up to the vision, the objectives that move most and (with
    `by_agency`) the agencies whose score (as ranked on the Beranda) moves most."""
    after = engine.evaluate(base.period, weights={(parent, c): float(w)
                                                  for c, w in weights.items()})
    before_scores, after_scores = base.objective_scores, after.objective_scores
    chain = [parent, *engine.ancestor_codes(parent)]
    groups: list[ScoreMove] = []
    if by_agency:
        tops = agency_top_objectives(engine)
        codes = list(tops)
        groups = [
            ScoreMove(codes[i], unit_name(engine, codes[i]) or codes[i], None, b, a,
                      engine.band(a))
            for i, b, a in _movers(
                group_scores(before_scores, base.objective_influence, tops),
                group_scores(after_scores, after.objective_influence, tops), limit)
        ]
    return WeightPreview(
        period=base.period,
        parent=parent,
        chain=[_objective_move(engine, c, base.score_of(c), after.score_of(c)) for c in chain],
        objectives=[_objective_move(engine, engine.objective_codes[i], b, a)
                    for i, b, a in _movers(before_scores, after_scores, limit)],
        groups=groups,
        root_after=after.score_of(engine.root) if engine.root else None,
    )


def diff(old: Mapping[str, float], new: Mapping[str, float]) -> list[WeightChange]:
    """The children whose weight differs between two versions (added/removed ones included)."""
    return [WeightChange(code, old.get(code), new.get(code))
            for code in [*old, *(c for c in new if c not in old)]
            if old.get(code) != new.get(code)]


def _percent(weights: Mapping[str, float], code: str) -> float | None:
    total = sum(weights.values())
    value = weights.get(code)
    return None if value is None or total <= 0 else 100.0 * value / total


def version_rows(versions: Sequence[Mapping[str, Any]]) -> list[VersionRow]:
    """Weight versions (oldest first, as the service gives them) newest first, with diffs
    (each change also as a share of its version's total, in %)."""
    rows: list[VersionRow] = []
    previous: Mapping[str, float] = {}
    for v in versions:
        changes = [
            replace(c, old_percent=_percent(previous, c.code),
                    new_percent=_percent(v["weights"], c.code))
            for c in diff(previous, v["weights"])
        ] if rows else []
        rows.append(VersionRow(v["version"], v["author"], v.get("at"), v.get("reason"),
                               dict(v["weights"]), changes))
        previous = v["weights"]
    return rows[::-1]
