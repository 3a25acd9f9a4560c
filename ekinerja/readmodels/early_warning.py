"""Early warning for leaders: the year-end forecast, what will end the year low, where to push.

A typed view of `ekinerja.forecast` for a period (the *as of*) and, optionally, an agency: the
vision's forecast band, the early-warning list (forecast band lower than the current band or
below the warning threshold, ordered by influence) and the priority list (indicators by the
points of the vision's score that reaching their target would add). Forecasts are kept apart
from measured values: every figure here is labelled as a forecast by the pages.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from ekinerja import forecast as fc
from ekinerja.readmodels.cache import ResultCache
from ekinerja.readmodels.periods import valid_period
from ekinerja.readmodels.presentation import Banded, banded
from ekinerja.rollup import Engine

LIST_LIMIT = 10
LISTS = ("warnings", "priorities")  # the lists one may ask to see in full


@dataclass(frozen=True)
class WarningItem:
    """An indicator or objective forecast to fall a band or end the year below the threshold."""

    code: str
    kind: str  # "objective" | "indicator"
    name: str
    level: str
    objective: str  # the node itself, or the indicator's objective
    agency: str | None
    owner_name: str | None
    measure_unit: str | None
    current: Banded
    forecast: Banded
    low: float | None
    high: float | None
    target: Any  # the indicator's target (number or range), None for objectives
    forecast_realization: float | None
    gap: float | None  # target − forecast realization, in the indicator's own unit
    method: str | None  # forecast method code (ekinerja.forecast.METHODS), indicators only
    reasons: tuple[str, ...]  # "falls" and/or "below"


@dataclass(frozen=True)
class PriorityItem:
    """An indicator and the vision points reaching its target would add."""

    code: str
    name: str
    objective: str
    agency: str | None
    owner_name: str | None
    measure_unit: str | None
    achievement: Banded
    gain: float
    target: Any
    realization: float | None


@dataclass(frozen=True)
class EarlyWarning:
    """The early-warning and priority lists of one period (as of), for the region or an agency."""

    as_of: str
    year: str
    elapsed_months: int
    agency: str | None
    vision: Banded  # the vision's forecast score and band
    vision_low: float | None
    vision_high: float | None
    warnings: list[WarningItem]
    warnings_total: int
    priorities: list[PriorityItem]
    priorities_total: int


def early_warning_data(
    engine: Engine, period: str | None, agency: str | None = None, limit: int = LIST_LIMIT,
    show_all: Collection[str] = (),
) -> EarlyWarning | None:
    """The forecast lists as of a period (None: no usable period or no vision): their first
    `limit` rows, every row of the lists named in `show_all` (of LISTS).

    An unknown agency raises KeyError (callers offer only the plan's agencies).
    """
    period = valid_period(engine, period)
    if period is None or engine.root is None:
        return None
    opened = frozenset(show_all) & frozenset(LISTS)
    return _KEPT.get(engine, (period, agency, limit, opened),
                     lambda: _early_warning(engine, period, agency, limit, opened))


#: The lists per (engine, period, agency): an engine is replaced by every saved value, so a
#: kept list is never stale; a few only (the forecast itself is the cost, not the lists).
_KEPT = ResultCache(16)


class _LastForecasts:
    """The last forecast of each period (a few) on the engines of one compiled structure: the
    next engine (after a saved value) carries it over (ekinerja.forecast.forecast's
    `previous`) instead of rolling the year up three times afresh."""

    SIZE = 4

    def __init__(self) -> None:
        self._kept: OrderedDict[str, fc.Forecast] = OrderedDict()
        self._lock = threading.Lock()

    def forecast(self, engine: Engine, period: str) -> fc.Forecast:
        """The forecast as of `period` on `engine`, from the last one kept when it can."""
        with self._lock:
            previous = self._kept.get(period)
        if previous is not None and previous.engine is engine:
            return previous
        result = fc.forecast(engine, period, previous)
        with self._lock:
            self._kept[period] = result
            self._kept.move_to_end(period)
            while len(self._kept) > self.SIZE:
                self._kept.popitem(last=False)
        return result


def year_forecast(engine: Engine, period: str) -> fc.Forecast:
    """The forecast as of `period` (a valid period of the plan), shared by every agency and
    list length asked on this engine and carried over to the engines that follow it."""
    kept = engine.structure.memo("early_warning_forecasts", _LastForecasts)
    return kept.forecast(engine, period)  # type: ignore[no-any-return]


def _early_warning(engine: Engine, period: str, agency: str | None, limit: int,
                   show_all: frozenset[str]) -> EarlyWarning:
    current = engine.evaluation(period)
    result = year_forecast(engine, period)
    warnings_shown, warnings_total = fc.early_warning_list(
        result, current, unit=agency, limit=None if "warnings" in show_all else limit)
    priorities_shown, priorities_total = fc.priority_list(
        current, unit=agency, limit=None if "priorities" in show_all else limit)
    vision = result.objective(engine.root)

    def method_of(item: dict[str, Any]) -> str | None:
        return result.indicator(item["code"])["method"] if item["kind"] == "indicator" else None

    return EarlyWarning(
        as_of=period,
        year=result.year,
        elapsed_months=int(result.elapsed_months),
        agency=agency,
        vision=banded(engine, vision["score"]),
        vision_low=vision["low"],
        vision_high=vision["high"],
        warnings=[
            WarningItem(
                code=w["code"], kind=w["kind"], name=w["name"], level=w["level"],
                objective=w["objective"], agency=w["agency"], owner_name=w["owner_name"],
                measure_unit=w["measure_unit"],
                current=banded(engine, w["current_score"]),
                forecast=banded(engine, w["forecast_score"]),
                low=w["forecast_low"], high=w["forecast_high"], target=w["target"],
                forecast_realization=w["forecast_realization"], gap=w["gap"],
                method=method_of(w), reasons=tuple(w["reasons"]),
            )
            for w in warnings_shown
        ],
        warnings_total=warnings_total,
        priorities=[
            PriorityItem(
                code=p["code"], name=p["name"], objective=p["objective"], agency=p["agency"],
                owner_name=p["owner_name"], measure_unit=p["measure_unit"],
                achievement=banded(engine, p["achievement"]), gain=p["gain"],
                target=p["target"], realization=p["realization"],
            )
            for p in priorities_shown
        ],
        priorities_total=priorities_total,
    )
