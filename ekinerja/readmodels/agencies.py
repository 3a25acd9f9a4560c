"""Agencies (Perangkat Daerah) side by side: each one's score and their ranking."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ekinerja.readmodels.indexes import agency_top_objectives, units_by_code
from ekinerja.readmodels.presentation import Banded, banded
from ekinerja.rollup import Engine, optional_float


@dataclass(frozen=True)
class AgencyScore:
    """One agency's score: the mean of its top objectives' scores (None when none is scored),
    and its rank among the agencies (1 = highest; agencies without a score come last)."""

    rank: int
    code: str
    name: str
    score: Banded


def group_means(scores: np.ndarray, groups: dict[str, list[int]]) -> np.ndarray:
    """Mean score of each group of objective positions (NaN where none is scored)."""
    result = np.full(len(groups), np.nan)
    for i, positions in enumerate(groups.values()):
        values = scores[positions]
        values = values[~np.isnan(values)]
        if len(values):
            result[i] = values.mean()
    return result


def agency_ranking(engine: Engine, period: str) -> list[AgencyScore]:
    """Every agency with a top objective, best score first (then by name)."""
    groups = agency_top_objectives(engine)
    means = group_means(engine.evaluation(period).objective_scores, groups)
    units = units_by_code(engine)
    scored = [
        (code, units[code].name, optional_float(mean))
        for code, mean in zip(groups, means.tolist(), strict=True)
    ]
    scored.sort(key=lambda r: (r[2] is None, -(r[2] or 0.0), r[1]))
    return [
        AgencyScore(rank, code, name, banded(engine, score))
        for rank, (code, name, score) in enumerate(scored, start=1)
    ]
