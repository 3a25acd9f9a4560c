"""Agencies (Perangkat Daerah) side by side: each one's score and their ranking.

One definition of an agency's score, wherever it appears (the Beranda's ranking, the Bobot
what-if): the weighted mean of the scores of its top objectives (its objectives whose parents
all belong elsewhere), each weighted by its influence: the weight the cascade gives it in the
vision's score (docs/scoring.md). An agency with a single top objective (its own agency
objective) scores exactly that objective's score. Where its scored top objectives carry no
influence at all (not aligned to the vision), they weigh equally.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ekinerja.readmodels.indexes import agency_top_objectives, units_by_code
from ekinerja.readmodels.presentation import Banded, banded
from ekinerja.rollup import Engine, Evaluation, optional_float


@dataclass(frozen=True)
class AgencyScore:
    """One agency's score (module docstring; None when no top objective is scored), and its
    rank among the agencies (1 = highest; agencies without a score come last)."""

    rank: int
    code: str
    name: str
    score: Banded


def group_scores(scores: np.ndarray, influence: np.ndarray,
                 groups: dict[str, list[int]]) -> np.ndarray:
    """Influence-weighted mean score of each group of objective positions (NaN where none is
    scored; equal weights where the scored ones have no influence)."""
    result = np.full(len(groups), np.nan)
    for i, positions in enumerate(groups.values()):
        values, weights = scores[positions], influence[positions]
        scored = ~np.isnan(values)
        if not scored.any():
            continue
        values, weights = values[scored], weights[scored]
        total = weights.sum()
        result[i] = (weights @ values) / total if total > 0 else values.mean()
    return result


def agency_scores(engine: Engine, ev: Evaluation) -> dict[str, float | None]:
    """Every agency with a top objective and its score in the evaluation (module docstring)."""
    groups = agency_top_objectives(engine)
    values = group_scores(ev.objective_scores, ev.objective_influence, groups)
    return {code: optional_float(value)
            for code, value in zip(groups, values.tolist(), strict=True)}


def agency_ranking(engine: Engine, period: str) -> list[AgencyScore]:
    """Every agency with a top objective, best score first (then by name)."""
    units = units_by_code(engine)
    scored = [
        (code, units[code].name, score)
        for code, score in agency_scores(engine, engine.evaluation(period)).items()
    ]
    scored.sort(key=lambda r: (r[2] is None, -(r[2] or 0.0), r[1]))
    return [
        AgencyScore(rank, code, name, banded(engine, score))
        for rank, (code, name, score) in enumerate(scored, start=1)
    ]
