"""Which indicators need a follow-up (rencana tindak lanjut, docs/workflow.md): those whose
achievement in a period falls in the two lowest bands of the plan.

Pure domain: the services check a recording against it, Beranda and /tindak-lanjut list it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from ekinerja.rollup import Engine

#: How many of the lowest bands call for a follow-up.
FOLLOW_UP_BANDS = 2


def red_threshold(bands: Sequence[tuple[float, str]]) -> float:
    """The achievement below which an indicator needs a follow-up: the lower bound of the
    third band from the bottom (with two bands or fewer, of the top band; -inf with one)."""
    lowers = sorted(float(lower) for lower, _ in bands)
    if len(lowers) < 2:
        return -math.inf
    return lowers[min(FOLLOW_UP_BANDS, len(lowers) - 1)]


def red_indicators(engine: Engine, period: str) -> dict[str, float]:
    """Every indicator in the two lowest bands in a period and its (clamped) achievement, in
    plan order; indicators without an achievement are not red."""
    achievements = engine.evaluation(period).achievements
    threshold = red_threshold(engine.bands)
    with np.errstate(invalid="ignore"):
        positions = np.nonzero(achievements < threshold)[0]
    return {engine.indicator_codes[k]: float(achievements[k]) for k in positions.tolist()}


def achievement_of(engine: Engine, indicator: str, period: str) -> float | None:
    """The (clamped) achievement of one indicator in a period (None without one, or for an
    unknown indicator)."""
    position = engine.indicator_position(engine.index.get(indicator, -1))
    if position < 0:
        return None
    value = engine.evaluation(period).achievements[position]
    return None if np.isnan(value) else float(value)


def is_red(engine: Engine, indicator: str, period: str) -> bool:
    """Whether an indicator is in the two lowest bands in a period."""
    value = achievement_of(engine, indicator, period)
    return value is not None and value < red_threshold(engine.bands)
