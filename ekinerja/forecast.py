"""Year-end forecasts from the sub-periods entered so far, roll-up, early warnings, priorities.

**As of.** A forecast is made *as of* a period P of year Y (`2023-06` or `2023-Q2`: data up to
the end of June; `2023`: the whole year). It uses the sub-period realizations of Y that end
by then (the elapsed months are 1..M, M = 6 here), never Y's own yearly realization, and never
derives targets. Observations, per indicator, are the finest values entered: a quarter whose
three months have elapsed counts with its own value (covering 3 months, at month 3q) when it
has one — a quarter's own value wins over its months, as in the roll-in of docs/scoring.md —
otherwise its elapsed months that have a value count one by one (1 month each, at month m).
`covered` is the number of months the observations cover. An indicator without observations
has no forecast (null).

**Methods**, by the indicator's aggregation (the label is the method code):

- `sum`, `sum_target_pace` — when all four quarters of Y have a target (a range counts by its
  midpoint) and the targets of the covered months are positive: the pace so far against the
  cumulative quarterly targets. With C the sum of the observations and T_c the target of the
  covered months (a quarter's target, or a third of it per month), the forecast is
  C / T_c × T₄, T₄ the sum of the four quarterly targets: the rest of the year runs at the
  same share of its targets.
- `sum`, `sum_time_pace` — otherwise: the pace per month, C / covered × 12 (a straight-line
  extrapolation of the cumulative sum; months without data are assumed to run at that pace).
- `latest`, `latest_trend` — the least-squares line through the observations (value against
  month), read at month 12; one observation: that value (flat).
- `average`, `average_mean` — the mean so far, each observation weighted by the months it
  covers.

**Band** (`low`, `high`), one standard deviation s of the observations (sample, n − 1; 0 with
fewer than two observations):

- `sum_target_pace`: forecast ± s × (T₄ − T_c), s of the per-observation paces value / target;
- `sum_time_pace`: forecast ± s × (12 − covered), s of the per-month paces value / months;
  — in both, the rest of the year runs one standard deviation below / above the pace so far;
- `latest_trend`: forecast ± s, s the residual standard deviation of the line (n − 2
  degrees of freedom; 0 with fewer than three observations);
- `average_mean`: forecast ± s × (12 − covered) / 12 — the months to come average one
  standard deviation below / above the mean so far.

**Roll-up.** The forecast realizations are what-if realizations of Y, evaluated by the engine
with the same rules as any score (docs/scoring.md): achievement against Y's target, clamping,
weighted means, `skip`/`zero`. The low (high) roll-up evaluates, per indicator, the
realization in [low, high] that gives the lowest (highest) achievement — for a negative
indicator that is the other end, for a range one inside the range — so every objective gets a
forecast score and a band [low, high] around it.

**Early warning.** An indicator or objective whose forecast band is lower than its current
band (its band in the evaluation of P itself), or whose forecast score is below the warning
threshold: the lower bound of the third band from the top of the plan's bands (`Sedang`, 66,
by default; the lowest band's bound when a plan has fewer than three). Ordered by influence
on the vision in the forecast roll-up. The gap is target − forecast realization, in the
indicator's unit (for a ranged target, to the nearer bound; 0 inside).

**Priority** ("where to push"). Indicators with a target, ordered by the points of the
vision's score that reaching their target would add — docs/scoring.md's marginal gain
influence × (s' − s) with s' the clamped achievement at target (100, or the current one when
already above) and s the current clamped achievement (0 without one).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from operator import attrgetter
from typing import Any

import numpy as np

from ekinerja import scoring
from ekinerja.interchange import UNKNOWN_INDICATOR, UNKNOWN_UNIT
from ekinerja.messages import N_, Message
from ekinerja.periods import Period, month, parse_period, quarter
from ekinerja.rollup import Engine, Evaluation, _opt
from ekinerja.units import agency_of_unit, unit_subtree

METHODS: tuple[str, ...] = ("sum_target_pace", "sum_time_pace", "latest_trend", "average_mean")
SUM_TARGET_PACE, SUM_TIME_PACE, LATEST_TREND, AVERAGE_MEAN = range(4)
NO_METHOD = -1
#: Each method in words (msgids).
METHOD_LABELS: dict[str, str] = {
    "sum_target_pace": N_("pace against the quarterly targets"),
    "sum_time_pace": N_("pace per month"),
    "latest_trend": N_("straight-line trend"),
    "average_mean": N_("mean so far"),
}
MONTHS = 12
_SUM, _LATEST, _AVERAGE = 0, 1, 2  # the engine's aggregation codes


@dataclass
class IndicatorForecasts:
    """Per indicator (engine order): year-end realization forecast and band, NaN where none."""

    realization: np.ndarray
    low: np.ndarray
    high: np.ndarray
    method: np.ndarray  # index into METHODS, NO_METHOD where there is no forecast
    observations: np.ndarray  # number of sub-period values used


@dataclass
class _Observations:
    """Sub-period values as (slot, indicator) arrays, NaN where a slot does not count."""

    values: np.ndarray  # (K, n), indicators in the order asked for
    end: np.ndarray  # (K,) last month of each slot
    months: np.ndarray  # (K,) months each slot covers
    quarter: np.ndarray  # (K,) quarter index 0..3 of each slot


# ----------------------------------------------------------------- observations
def _as_period(as_of: str | Period) -> Period:
    return parse_period(as_of) if isinstance(as_of, str) else as_of


def _observations(engine: Engine, as_of: Period, order: np.ndarray) -> _Observations:
    """The sub-period values up to `as_of`: own quarter values, else the quarter's months.

    Indicators are taken in `order` (positions).
    """
    year, elapsed = as_of.year, as_of.month_end
    realized = set(engine.periods(realized_only=True))
    values: list[np.ndarray] = []
    end: list[int] = []
    months: list[int] = []
    quarters: list[int] = []
    for q in range(1, 5):
        last = 3 * q
        own = None
        if last <= elapsed and str(quarter(year, q)) in realized:
            inputs = engine.inputs(str(quarter(year, q)))
            own = inputs.realization[order]
            own[inputs.derived[order]] = np.nan
            values.append(own)
            end.append(last)
            months.append(3)
            quarters.append(q - 1)
        for m in range(last - 2, min(last, elapsed) + 1):
            if str(month(year, m)) not in realized:
                continue
            value = engine.inputs(str(month(year, m))).realization[order]
            if own is not None:
                value[~np.isnan(own)] = np.nan
            values.append(value)
            end.append(m)
            months.append(1)
            quarters.append(q - 1)
    stacked = np.vstack(values) if values else np.empty((0, len(order)))
    return _Observations(
        stacked,
        np.array(end, dtype=float),
        np.array(months, dtype=float),
        np.array(quarters, dtype=np.int64),
    )


def _by_aggregation(engine: Engine) -> tuple[np.ndarray, list[int]]:
    """Indicator positions grouped by aggregation (sum, latest, average) and the group bounds."""

    def compute() -> tuple[np.ndarray, list[int]]:
        groups = [np.flatnonzero(engine.aggregation == code) for code in (_SUM, _LATEST, _AVERAGE)]
        bounds = np.cumsum([0, *map(len, groups)]).tolist()
        return np.concatenate(groups), bounds

    return engine.structure.memo("forecast_order", compute)


def _quarter_targets(engine: Engine, year: int, rows: np.ndarray) -> np.ndarray:
    """(4, len(rows)) each quarter's single-value target (a range by its midpoint), NaN: none."""
    planned = set(engine.periods())
    result = np.full((4, len(rows)), np.nan)
    for q in range(1, 5):
        period = str(quarter(year, q))
        if period in planned:
            inputs = engine.inputs(period)
            result[q - 1] = inputs.value[rows]
            ranged = np.flatnonzero(~np.isnan(inputs.low[rows]))
            if len(ranged):
                positions = rows[ranged]
                result[q - 1, ranged] = (inputs.low[positions] + inputs.high[positions]) / 2
    return result


def _squares(s1: np.ndarray, s2: np.ndarray, count: np.ndarray) -> np.ndarray:
    """Σ (x − mean)² from Σx and Σx²; what float rounding leaves of a constant series is 0."""
    squares = s2 - s1 * s1 / count
    return np.where(squares > 1e-12 * s2, squares, 0.0)


def _sd(squares: np.ndarray, count: np.ndarray, dof: int = 1) -> np.ndarray:
    """Sample standard deviation from a sum of squared deviations; 0 without enough values."""
    return np.where(count > dof, np.sqrt(squares / (count - dof)), 0.0)


def _sum_of_squares(x: np.ndarray) -> np.ndarray:
    return np.einsum("ij,ij->j", x, x)


# ----------------------------------------------------------------- the methods
# Each takes the observations of its indicators — `used` (0/1), `values` (0 where unused),
# both (K, m) — and their count, and returns (forecast, half-width of the band).
def _sum_pace(
    obs: _Observations, used: np.ndarray, values: np.ndarray, count: np.ndarray,
    quarter_target: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`sum`: against the quarterly targets where all four exist, else per month elapsed."""
    total = values.sum(axis=0)
    year_target = quarter_target.sum(axis=0)  # NaN unless all four quarters have one
    slot_target = quarter_target[obs.quarter] * (obs.months / 3)[:, None] * used
    positive = slot_target > 0
    by_target = (year_target > 0) & (positive | (used == 0)).all(axis=0)
    forecast, half = np.full(len(total), np.nan), np.full(len(total), np.nan)
    if by_target.any():
        pace = np.where(positive, values / slot_target, 0.0)
        covered_target = slot_target.sum(axis=0)
        spread = _sd(_squares(pace.sum(axis=0), _sum_of_squares(pace), count), count)
        forecast = total / covered_target * year_target
        half = spread * (year_target - covered_target)
    if not by_target.all():
        covered = obs.months @ used
        pace = values / obs.months[:, None]
        spread = _sd(_squares(pace.sum(axis=0), _sum_of_squares(pace), count), count)
        forecast = np.where(by_target, forecast, total / covered * MONTHS)
        half = np.where(by_target, half, spread * (MONTHS - covered))
    return forecast, half, np.where(by_target, SUM_TARGET_PACE, SUM_TIME_PACE)


def _latest_trend(
    obs: _Observations, used: np.ndarray, values: np.ndarray, count: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """`latest`: the least-squares line read at month 12; the residual spread."""
    end = obs.end
    s1, t1 = values.sum(axis=0), end @ used
    mean, t_mean = s1 / count, t1 / count
    stt = (end * end) @ used - t1 * t_mean
    stv = end @ values - t1 * mean
    slope = np.where(stt > 0, stv / stt, 0.0)
    s2 = _sum_of_squares(values)
    residual = _squares(s1, s2, count) - slope * stv
    residual = np.where(residual > 1e-12 * s2, residual, 0.0)
    return mean + slope * (MONTHS - t_mean), _sd(residual, count, dof=2)


def _average_mean(
    obs: _Observations, used: np.ndarray, values: np.ndarray, count: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """`average`: the mean so far weighted by months covered; the spread of the values."""
    covered = obs.months @ used
    spread = _sd(_squares(values.sum(axis=0), _sum_of_squares(values), count), count)
    return (obs.months @ values) / covered, spread * (MONTHS - covered) / MONTHS


def forecast_indicators(engine: Engine, as_of: str | Period) -> IndicatorForecasts:
    """Every indicator's year-end realization forecast and band as of a period (vectorised).

    Indicators are processed grouped by aggregation (a cached permutation), so each method
    runs on a contiguous slice.
    """
    period = _as_period(as_of)
    n = engine.n_indicators
    order, bounds = _by_aggregation(engine)
    obs = _observations(engine, period, order)
    if not len(obs.end):
        none = np.full(n, np.nan)
        return IndicatorForecasts(
            none, none, none, np.full(n, NO_METHOD), np.zeros(n, dtype=np.int64)
        )
    is_used = ~np.isnan(obs.values)
    used = is_used.astype(float)
    values = np.where(is_used, obs.values, 0.0)
    count = used.sum(axis=0)
    # Results in the grouped order first (no observation: 0 / 0 gives NaN), then put back.
    point, width = np.empty(n), np.empty(n)
    code = np.empty(n, dtype=np.int64)
    sums, latest, average = (slice(a, b) for a, b in itertools.pairwise(bounds))
    with np.errstate(all="ignore"):
        point[sums], width[sums], code[sums] = _sum_pace(
            obs, used[:, sums], values[:, sums], count[sums],
            _quarter_targets(engine, period.year, order[sums]),
        )
        point[latest], width[latest] = _latest_trend(
            obs, used[:, latest], values[:, latest], count[latest]
        )
        point[average], width[average] = _average_mean(
            obs, used[:, average], values[:, average], count[average]
        )
    code[latest], code[average] = LATEST_TREND, AVERAGE_MEAN
    code[count == 0] = NO_METHOD
    realization, half = np.empty(n), np.empty(n)
    method, observations = np.empty(n, dtype=np.int64), np.empty(n, dtype=np.int64)
    realization[order], half[order], method[order], observations[order] = (
        point, width, code, count,
    )
    return IndicatorForecasts(
        realization, realization - half, realization + half, method, observations
    )


# ----------------------------------------------------------------- roll-up
def _band_realizations(
    engine: Engine, inputs: Any, forecasts: IndicatorForecasts
) -> tuple[np.ndarray, np.ndarray]:
    """Per indicator, the realizations in [low, high] with the lowest and highest achievement.

    A clamped achievement rises with the realization for a `positive` indicator and falls for a
    `negative` one (ranged targets included), so those take the ends of the band; a `range`
    indicator is best inside its range and worst at the end that scores lower.
    """
    mid, low, high = forecasts.realization, forecasts.low, forecasts.high
    negative = engine.polarity == scoring.NEGATIVE
    worst = np.where(negative, high, low)
    best = np.where(negative, low, high)
    rows = np.nonzero((engine.polarity == scoring.RANGE) & ~np.isnan(mid))[0]
    if len(rows):
        value, r_low, r_high = inputs.value[rows], inputs.low[rows], inputs.high[rows]
        lo = np.where(np.isnan(r_low), value, r_low)
        hi = np.where(np.isnan(r_high), value, r_high)
        best[rows] = np.clip(np.clip(mid[rows], lo, hi), low[rows], high[rows])
        ends = np.concatenate([low[rows], high[rows]])
        raw = scoring.raw_achievements(
            *(np.tile(a[rows], 2) for a in (engine.polarity, engine.method, engine.cap)),
            np.tile(value, 2), np.tile(r_low, 2), np.tile(r_high, 2), ends,
        )
        at_low, at_high = np.split(raw, 2)
        worst[rows] = np.where(at_high < at_low, high[rows], low[rows])
    return worst, best


class Forecast:
    """A year-end forecast as of a period: per indicator, and rolled up (point, low, high).

    The low and high roll-ups are computed on first use: a page that shows only the point
    forecast does not pay for them.
    """

    def __init__(self, engine: Engine, as_of: Period, indicators: IndicatorForecasts,
                 evaluation: Evaluation | None = None):
        self.engine = engine
        self.as_of = str(as_of)
        self.year = str(as_of.year)
        self.elapsed_months = as_of.month_end
        self.indicators = indicators
        #: the year evaluated with the point forecasts as what-if realizations
        self.evaluation = (evaluation if evaluation is not None
                           else engine.evaluate_array(self.year, indicators.realization))

    def _followed(self, engine: Engine, as_of: Period, indicators: IndicatorForecasts
                  ) -> Forecast:
        """This forecast on `engine` (see `forecast`'s `previous`): the roll-ups computed so
        far carried over, rescoring only the indicators whose forecast moved."""
        moved = _differing(self.indicators.realization, indicators.realization)
        result = Forecast(engine, as_of, indicators, self.evaluation.followed_what_if(
            engine, indicators.realization, moved.tolist()))
        if "_band" in self.__dict__:
            band = _band_realizations(engine, result.evaluation.inputs, indicators)
            result.__dict__["_band"] = band
            for end, name in enumerate(("low", "high")):
                if name in self.__dict__:
                    result.__dict__[name] = self.__dict__[name].followed_what_if(
                        engine, band[end], _differing(self._band[end], band[end]).tolist())
        return result

    @cached_property
    def _band(self) -> tuple[np.ndarray, np.ndarray]:
        return _band_realizations(self.engine, self.evaluation.inputs, self.indicators)

    @cached_property
    def low(self) -> Evaluation:
        """The year evaluated with each indicator's least favourable end of its band."""
        return self.engine.evaluate_array(self.year, self._band[0])

    @cached_property
    def high(self) -> Evaluation:
        """The year evaluated with each indicator's most favourable point of its band."""
        return self.engine.evaluate_array(self.year, self._band[1])

    def objective(self, code: str) -> dict[str, Any]:
        """Forecast score, band [low, high] and band label of one objective."""
        node = self.engine.index[code]
        score = _opt(self.evaluation.score[node])
        return {
            "score": score,
            "low": _opt(self.low.score[node]),
            "high": _opt(self.high.score[node]),
            "band": self.engine.band(score),
        }

    def indicator(self, code: str) -> dict[str, Any]:
        """Forecast realization and band, achievement and band, and method of one indicator."""
        engine = self.engine
        node = engine.index[code]
        position = engine.indicator_position(node)
        if position < 0:
            raise KeyError(Message(UNKNOWN_INDICATOR, {"ref": code}).bilingual())
        f = self.indicators
        achievement = _opt(self.evaluation.score[node])
        method = int(f.method[position])
        return {
            "realization": _opt(f.realization[position]),
            "low": _opt(f.low[position]),
            "high": _opt(f.high[position]),
            "achievement": achievement,
            "achievement_low": _opt(self.low.score[node]),
            "achievement_high": _opt(self.high.score[node]),
            "band": engine.band(achievement),
            "method": None if method == NO_METHOD else METHODS[method],
            "observations": int(f.observations[position]),
        }

    def to_json(self) -> dict[str, Any]:
        """The `forecast` member of `ekinerja score --forecast --format json` (see the README)."""
        engine = self.engine
        score, low, high = (
            _listed(e.score) for e in (self.evaluation, self.low, self.high)
        )
        bands = engine.band_labels(self.evaluation.score)
        objectives = {
            code: {"score": score[i], "low": low[i], "high": high[i], "band": bands[i]}
            for i, code in enumerate(engine.objective_codes)
        }
        f = self.indicators
        realization, r_low, r_high = (_listed(a) for a in (f.realization, f.low, f.high))
        methods = [None if m == NO_METHOD else METHODS[m] for m in f.method.tolist()]
        observations = f.observations.tolist()
        indicators = {}
        for k, code in enumerate(engine.indicator_codes):
            i = engine.indicator_node(k)
            indicators[code] = {
                "realization": realization[k],
                "low": r_low[k],
                "high": r_high[k],
                "achievement": score[i],
                "achievement_low": low[i],
                "achievement_high": high[i],
                "band": bands[i],
                "method": methods[k],
                "observations": observations[k],
            }
        return {
            "as_of": self.as_of,
            "year": self.year,
            "elapsed_months": self.elapsed_months,
            "objectives": objectives,
            "indicators": indicators,
        }


#: Above this many indicators whose forecast moved, the roll-ups are computed afresh (one
#: vectorised pass) rather than carried (a Python step per node on each one's path).
CARRY_LIMIT = 64


def forecast(engine: Engine, as_of: str | Period, previous: Forecast | None = None
             ) -> Forecast:
    """Forecast every indicator's year-end realization as of a period and roll it up.

    `previous`: a forecast as of the same period on an engine that `engine` follows (the
    same compiled structure: saved values). When the year's targets, the weights and the
    scoring columns are the same, its roll-ups (and its low/high band, when computed) are
    carried over, rescoring only the indicators whose forecast moved and their ancestors;
    the result is the same as without it.
    """
    period = _as_period(as_of)
    indicators = forecast_indicators(engine, period)
    if previous is not None and _carries(previous, engine, period, indicators):
        return previous._followed(engine, period, indicators)
    return Forecast(engine, period, indicators)


def _differing(old: np.ndarray, new: np.ndarray) -> np.ndarray:
    """The positions where two arrays differ (NaN equals NaN)."""
    return np.flatnonzero(~((old == new) | (np.isnan(old) & np.isnan(new))))


def _same(old: Any, new: Any) -> bool:
    return old is new or np.array_equal(old, new, equal_nan=old.dtype.kind == "f")


def _carries(previous: Forecast, engine: Engine, period: Period,
             indicators: IndicatorForecasts) -> bool:
    """Whether `previous` can be carried over to `engine` as of `period` (`forecast`)."""
    old = previous.engine
    if previous.as_of != str(period) or old.structure is not engine.structure:
        return False
    if old.n != engine.n or old.floor != engine.floor or old.missing != engine.missing:
        return False
    if not all(_same(getattr(old, name), getattr(engine, name))
               for name in ("e_weight", "polarity", "method", "cap")):
        return False
    before, now = previous.evaluation.inputs, engine.inputs(previous.year)
    if not all(_same(getattr(before, name), getattr(now, name))
               for name in ("value", "low", "high")):
        return False
    moved = _differing(previous.indicators.realization, indicators.realization)
    return len(moved) <= CARRY_LIMIT


# ----------------------------------------------------------------- lists
def warning_threshold(bands: Sequence[tuple[float, str]]) -> float:
    """The lower bound of the third band from the top (`Sedang` by default), else the lowest's."""
    bounds = sorted((float(b) for b, _ in bands), reverse=True)
    return bounds[min(2, len(bounds) - 1)] if bounds else 0.0


def _band_rank(engine: Engine, scores: np.ndarray) -> np.ndarray:
    """0 for the lowest band, 1 for the next, ...; -1 where there is no score."""
    bounds = np.array(sorted(float(b) for b, _ in engine.bands))
    rank = np.maximum(np.searchsorted(bounds, scores, side="right") - 1, 0)
    return np.where(np.isnan(scores), -1, rank)


def _gap(inputs: Any, positions: np.ndarray, realization: np.ndarray) -> np.ndarray:
    """Target − realization in the indicator's unit (to the nearer bound of a range; 0 inside)."""
    value, low, high = inputs.value[positions], inputs.low[positions], inputs.high[positions]
    r = realization[positions]
    ranged = np.where(r < low, low - r, np.where(r > high, high - r, 0.0))
    return np.where(np.isnan(low), value - r, ranged)


def _first(items: np.ndarray, key: np.ndarray, limit: int | None) -> np.ndarray:
    """`items` by `key` descending, then by item; only the first `limit` (all when None)."""
    if limit is not None and limit < len(items):
        kth = np.partition(key, len(key) - limit)[len(key) - limit]  # the limit-th largest
        keep = key >= kth
        items, key = items[keep], key[keep]
    return items[np.lexsort((items, -key))][:limit]


class _Describer:
    """Names, levels, units, agencies and owners of nodes, for the list items (one per engine)."""

    def __init__(self, engine: Engine):
        self.engine = engine

    @cached_property
    def agency(self) -> dict[str, str | None]:
        """Each unit's agency."""
        return agency_of_unit(self.engine.doc.units)

    @cached_property
    def people(self) -> dict[str, str]:
        """Each employee's name by NIP."""
        return {e.nip: e.name for e in self.engine.doc.employees}

    @cached_property
    def objective_of(self) -> np.ndarray:
        """Per node: the objective itself, or an indicator's objective (0 when unknown)."""
        engine = self.engine
        objective_of = np.arange(engine.n)
        parent = engine.compiled_columns()["indicator_objective"]
        engine.of_indicators(objective_of)[:] = np.where(parent >= 0, parent, 0)
        return objective_of

    @cached_property
    def unit_of(self) -> np.ndarray:
        """Per node: the position of its objective's unit in doc.units (-1: none)."""
        doc = self.engine.doc
        units = {u.code: k for k, u in enumerate(doc.units)}
        if not doc.objectives:
            return self.objective_of
        unit_of_objective = np.fromiter(
            map(units.get, map(attrgetter("unit"), doc.objectives), itertools.repeat(-1)),
            np.int64, count=len(doc.objectives))
        return unit_of_objective[self.objective_of]

    @classmethod
    def of(cls, engine: Engine) -> _Describer:
        """The describer of an engine, built once."""
        return engine.structure.memo("forecast_describer", lambda: cls(engine))

    def describe(self, node: int) -> dict[str, Any]:
        engine = self.engine
        objective = engine.doc.objectives[int(self.objective_of[node])]
        indicator = engine.indicator_at(node)
        return {
            "code": engine.codes[node],
            "kind": "objective" if indicator is None else "indicator",
            "name": objective.name if indicator is None else indicator.name,
            "level": objective.level if indicator is None else "indicator",
            "objective": objective.code,
            "unit": objective.unit,
            "agency": self.agency.get(objective.unit) if objective.unit else None,
            "owner": objective.owner,
            "owner_name": self.people.get(objective.owner) if objective.owner else None,
            "measure_unit": None if indicator is None else indicator.measure_unit,
        }

    def in_unit(self, nodes: np.ndarray, unit: str | None) -> np.ndarray:
        """The nodes whose objective's unit is in `unit`'s subtree (all nodes when None)."""
        if unit is None:
            return nodes
        units = self.engine.doc.units
        subtree = unit_subtree(units, unit)
        if not subtree:
            raise KeyError(Message(UNKNOWN_UNIT, {"ref": unit}).bilingual())
        wanted = [k for k, u in enumerate(units) if u.code in subtree]
        return nodes[np.isin(self.unit_of[nodes], wanted)]


def _warning_nodes(result: Forecast, current: Evaluation, unit: str | None
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The nodes `early_warning` lists (unordered), and the `falls` and `below` flags."""
    engine = result.engine
    score, now = result.evaluation.score, current.score
    falls = (_band_rank(engine, score) < _band_rank(engine, now)) & ~np.isnan(score)
    below = score < warning_threshold(engine.bands)
    nodes = _Describer.of(engine).in_unit(np.nonzero(falls | below)[0], unit)
    return nodes, falls, below


def early_warning_count(result: Forecast, current: Evaluation, unit: str | None = None) -> int:
    """How many items `early_warning` lists without a limit (none of them described)."""
    return len(_warning_nodes(result, current, unit)[0])


def early_warning(
    result: Forecast, current: Evaluation, unit: str | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    """Indicators and objectives forecast to fall a band, or below the warning threshold.

    `current` is the evaluation of the as-of period (the band a node has now); `unit` keeps
    the nodes whose objective's unit is in that unit's subtree. Ordered by influence on the
    vision in the forecast roll-up, then by code order.
    """
    return early_warning_list(result, current, unit, limit)[0]


def early_warning_list(
    result: Forecast, current: Evaluation, unit: str | None = None, limit: int | None = None
) -> tuple[list[dict[str, Any]], int]:
    """`early_warning`, and how many items it lists without a limit (`early_warning_count`)."""
    engine = result.engine
    ev = result.evaluation
    score, now = ev.score, current.score
    nodes, falls, below = _warning_nodes(result, current, unit)
    total = len(nodes)
    describer = _Describer.of(engine)
    influence = ev.influence
    nodes = _first(nodes, influence[nodes], limit)
    positions = np.clip(engine.indicator_positions(nodes), 0, None)
    gaps = _gap(ev.inputs, positions, result.indicators.realization)
    items = []
    for k, node in enumerate(nodes.tolist()):
        position = engine.indicator_position(node)
        is_indicator = position >= 0
        forecast_score = float(score[node])
        current_score = _opt(now[node])
        items.append(
            {
                **describer.describe(node),
                "influence": float(influence[node]),
                "current_score": current_score,
                "current_band": engine.band(current_score),
                "forecast_score": forecast_score,
                "forecast_low": _opt(result.low.score[node]),
                "forecast_high": _opt(result.high.score[node]),
                "forecast_band": engine.band(forecast_score),
                "score_gap": 100.0 - forecast_score,
                "target": ev.target_of(position) if is_indicator else None,
                "forecast_realization": (
                    _opt(result.indicators.realization[position]) if is_indicator else None
                ),
                "gap": _opt(gaps[k]) if is_indicator else None,
                "reasons": [
                    reason
                    for reason, flag in (("falls", falls[node]), ("below", below[node]))
                    if flag
                ],
            }
        )
    return items, total


def _priority_positions(evaluation: Evaluation, unit: str | None
                        ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The indicator positions `priority` lists (unordered), with every indicator's gain,
    achievement at target and influence."""
    engine = evaluation.engine
    inputs = evaluation.inputs
    current = engine.of_indicators(evaluation.score)
    reached = scoring.clamp(np.full(engine.n_indicators, 100.0), engine.floor, engine.cap)
    at_target = np.fmax(reached, current)
    influence = engine.of_indicators(evaluation.influence)
    gain = influence * (at_target - np.nan_to_num(current))
    has_target = ~np.isnan(inputs.value) | ~np.isnan(inputs.low)
    nodes = _Describer.of(engine).in_unit(
        engine.indicator_nodes(np.nonzero(has_target & (gain > 0))[0]), unit)
    return engine.indicator_positions(nodes), gain, at_target, influence


def priority_count(evaluation: Evaluation, unit: str | None = None) -> int:
    """How many indicators `priority` lists without a limit (none of them described)."""
    return len(_priority_positions(evaluation, unit)[0])


def priority(
    evaluation: Evaluation, unit: str | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    """Indicators by the vision points reaching their target would add (marginal gain, §3).

    gain = influence × (s' − s): s the clamped achievement (0 without one), s' the clamped
    achievement at target (100, or s when already above). Only indicators with a target and a
    positive gain; `unit` as in `early_warning`. Ordered by gain, then by code order.
    """
    return priority_list(evaluation, unit, limit)[0]


def priority_list(evaluation: Evaluation, unit: str | None = None, limit: int | None = None
                  ) -> tuple[list[dict[str, Any]], int]:
    """`priority`, and how many indicators it lists without a limit (`priority_count`)."""
    engine = evaluation.engine
    current = engine.of_indicators(evaluation.score)
    positions, gain, at_target, influence = _priority_positions(evaluation, unit)
    total = len(positions)
    describer = _Describer.of(engine)
    positions = _first(positions, gain[positions], limit)
    items = []
    for position in positions.tolist():
        items.append(
            {
                **describer.describe(engine.indicator_node(position)),
                "influence": float(influence[position]),
                "achievement": _opt(current[position]),
                "achievement_at_target": float(at_target[position]),
                "gain": float(gain[position]),
                "target": evaluation.target_of(position),
                "realization": _opt(evaluation.realization[position]),
            }
        )
    return items, total


def score_json(result: Forecast, current: Evaluation) -> dict[str, Any]:
    """The members `ekinerja score --forecast` adds to the JSON document."""
    return {
        "forecast": result.to_json(),
        "early_warning": early_warning(result, current),
        "priority": priority(current),
    }


def _listed(values: np.ndarray) -> list[float | None]:
    return [None if math.isnan(v) else v for v in values.tolist()]
