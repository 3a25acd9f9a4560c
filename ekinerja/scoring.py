"""Achievement of one indicator (every polarity and method), clamping, bands (docs/scoring.md)."""

from __future__ import annotations

import bisect
import functools
import math
from collections.abc import Sequence

import numpy as np

from ekinerja.messages import N_, Message

POLARITY_CODES: dict[str, int] = {"positive": 0, "negative": 1, "range": 2}
METHOD_CODES: dict[str, int] = {"inverse_difference": 0, "ratio": 1}
POSITIVE, NEGATIVE, RANGE = 0, 1, 2
INVERSE_DIFFERENCE, RATIO = 0, 1

Target = float | tuple[float, float] | list[float] | None

# The words of a formula (msgids, shown "Indonesian / English").
NO_TARGET = N_("no target")
NO_REALIZATION = N_("no realization")
ZERO_TARGET_POSITIVE = N_("100 if R ≥ 0, else 0")
ZERO_TARGET_NEGATIVE = N_("100 if R ≤ 0, else 0")
CAP_IS = N_("cap = {cap}")


def raw_achievements(
    polarity: np.ndarray,
    method: np.ndarray,
    cap: np.ndarray,
    value: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    realization: np.ndarray,
) -> np.ndarray:
    """Raw achievement (%) per indicator, vectorised; NaN where there is no target or realization.

    ``value`` is a single target (NaN when absent or ranged); ``low``/``high`` a ranged target
    (NaN when absent). ``cap`` is each indicator's effective cap (used by the ratio method when
    the realization is 0). All arrays have the same length.
    """
    ranged = ~np.isnan(low)
    # A `range` indicator with a single target T is the range [T, T].
    single_range = (polarity == RANGE) & ~ranged
    lo = np.where(single_range, value, low)
    hi = np.where(single_range, value, high)
    bounded = ranged | single_range
    r = realization
    below = bounded & (r < lo)
    above = bounded & (r > hi)
    inside = bounded & ~below & ~above
    # The target the row formula is applied against: the crossed bound, or the single target.
    t = np.where(below, lo, np.where(above, hi, value))
    # A `range` indicator is scored as positive below its range and negative above it.
    pol = np.where(polarity == RANGE, np.where(below, POSITIVE, NEGATIVE), polarity)
    meth = np.where(polarity == RANGE, INVERSE_DIFFERENCE, method)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        positive = np.where(t > 0, 100.0 * r / t, np.where(r >= 0, 100.0, 0.0))
        inverse = 100.0 * (2.0 * t - r) / t
        ratio = np.where(r > 0, 100.0 * t / r, cap)
        negative = np.where(
            t > 0, np.where(meth == RATIO, ratio, inverse), np.where(r <= 0, 100.0, 0.0)
        )
    result = np.where(pol == POSITIVE, positive, negative)
    result = np.where(inside, 100.0, result)
    missing = np.isnan(r) | (np.isnan(value) & ~ranged)
    return np.where(missing, np.nan, result)


def clamp(raw: np.ndarray, floor: float, cap: np.ndarray | float) -> np.ndarray:
    """The score used everywhere: ``min(max(a, floor), cap)``; NaN stays NaN."""
    return np.minimum(np.maximum(raw, floor), cap)


def achievement(
    polarity: str,
    target: Target,
    realization: float | None,
    *,
    method: str = "inverse_difference",
    cap: float = 120.0,
) -> float | None:
    """Raw achievement (%) of one indicator; None when target or realization is missing."""
    if target is None or realization is None:
        return None
    if isinstance(target, (tuple, list)):
        value, low, high = math.nan, float(target[0]), float(target[1])
    else:
        value, low, high = float(target), math.nan, math.nan
    result = raw_achievements(
        np.array([POLARITY_CODES[polarity]]),
        np.array([METHOD_CODES[method]]),
        np.array([float(cap)]),
        np.array([value]),
        np.array([low]),
        np.array([high]),
        np.array([float(realization)]),
    )[0]
    return None if math.isnan(result) else float(result)


class BandScale:
    """A plan's bands prepared once: bounds ascending for a binary search, labels, colours."""

    def __init__(self, bands: tuple[tuple[float, str], ...]):
        ordered = sorted(bands, key=lambda b: b[0], reverse=True)  # top band first
        self.top_first: list[tuple[float, str]] = ordered
        self.bounds = np.array([float(lower) for lower, _ in reversed(ordered)])
        self.labels: list[str] = [label for _, label in reversed(ordered)]
        self.colours: dict[str, str] = {}
        for rank, (_, label) in enumerate(ordered):  # the first (highest) band of a label wins
            spread = round(rank * 4 / (len(ordered) - 1)) if len(ordered) > 1 else rank
            self.colours.setdefault(label, BAND_COLOURS[min(spread, 4)])

    def label(self, score: float | None) -> str | None:
        """The band label of a score (lower bound inclusive; below every bound: the lowest)."""
        if score is None or not self.labels or score != score:  # NaN
            return None
        position = bisect.bisect_right(self.bounds_list, score) - 1
        return self.labels[max(position, 0)]

    @functools.cached_property
    def bounds_list(self) -> list[float]:
        """The bounds ascending as Python floats (bisect on a list beats numpy for one)."""
        return self.bounds.tolist()

    def labels_of(self, scores: np.ndarray) -> list[str | None]:
        """The band label of every score (None where NaN), vectorised."""
        if not self.labels:
            return [None] * len(scores)
        positions = np.maximum(np.searchsorted(self.bounds, scores, side="right") - 1, 0)
        labels = self.labels
        return [None if missing else labels[p] for missing, p in
                zip(np.isnan(scores).tolist(), positions.tolist(), strict=True)]

    def colour(self, label: str | None) -> str:
        """The colour of a band label (grey for no band)."""
        return NO_SCORE_COLOUR if label is None else self.colours.get(label, NO_SCORE_COLOUR)


@functools.lru_cache(maxsize=64)
def _scale(bands: tuple[tuple[float, str], ...]) -> BandScale:
    return BandScale(bands)


def band_scale(bands: Sequence[tuple[float, str]]) -> BandScale:
    """The prepared scale of a plan's bands (kept for the last 64 distinct band lists)."""
    return _scale(tuple((float(lower), str(label)) for lower, label in bands))


def band(score: float | None, bands: Sequence[tuple[float, str]]) -> str | None:
    """The band label of a score (lower bound inclusive); None when there is no score."""
    if score is None or (isinstance(score, float) and math.isnan(score)):
        return None
    return band_scale(bands).label(score)


BAND_COLOURS: dict[int, str] = {
    0: "#1b5e20",  # dark green: the highest band
    1: "#43a047",  # green
    2: "#fbc02d",  # yellow
    3: "#fb8c00",  # orange
    4: "#e53935",  # red: the lowest band
}
NO_SCORE_COLOUR = "#9e9e9e"


def band_colour(score: float | None, bands: Sequence[tuple[float, str]]) -> str:
    """Colour of a band: dark green, green, yellow, orange, red from the top; grey if none.
    Any number of bands is spread over the five colours, top band dark green, bottom red."""
    scale = band_scale(bands)
    return scale.colour(band(score, bands))


def formula(
    polarity: str,
    target: Target,
    realization: float | None,
    *,
    method: str = "inverse_difference",
    cap: float = 120.0,
) -> str:
    """The formula applied to one indicator, with its numbers, for explanations."""
    if target is None:
        return Message(NO_TARGET).bilingual()
    if realization is None:
        return Message(NO_REALIZATION).bilingual()
    r = realization
    if isinstance(target, (tuple, list)) or polarity == "range":
        low, high = target if isinstance(target, (tuple, list)) else (target, target)
        if low <= r <= high:
            return f"{low:g} ≤ R = {r:g} ≤ {high:g} → 100"
        bound = low if r < low else high
        if polarity == "range":
            pol, meth = ("positive", method) if r < low else ("negative", "inverse_difference")
        else:
            pol, meth = polarity, method
        side = "R < L" if r < low else "R > H"
        return f"{side}: " + formula(pol, bound, r, method=meth, cap=cap)
    t = float(target)
    if polarity == "positive":
        if t > 0:
            return f"100 × R / T = 100 × {r:g} / {t:g}"
        return "T = 0: " + Message(ZERO_TARGET_POSITIVE).bilingual()
    if t == 0:
        return "T = 0: " + Message(ZERO_TARGET_NEGATIVE).bilingual()
    if method == "ratio":
        if r > 0:
            return f"100 × T / R = 100 × {t:g} / {r:g}"
        return "R = 0: " + Message(CAP_IS, {"cap": f"{cap:g}"}).bilingual()
    return f"100 × (2T − R) / T = 100 × (2 × {t:g} − {r:g}) / {t:g}"
