"""Beranda (home): where the province stands in a period, what is red, missing or stale."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

import numpy as np

from ekinerja.periods import parse_period
from ekinerja.readmodels.agencies import AgencyScore, agency_ranking
from ekinerja.readmodels.indexes import objective_agency, unit_name
from ekinerja.readmodels.periods import trend, valid_period
from ekinerja.readmodels.presentation import (
    Banded,
    IndicatorLine,
    Scored,
    band_legend,
    banded,
    indicator_line,
)
from ekinerja.rollup import Engine, Evaluation
from ekinerja.scoring import NO_SCORE_COLOUR

LIST_LIMIT = 10
#: The lists of the Beranda that show their first LIST_LIMIT rows until one asks for all.
LISTS = ("red", "missing", "stale")


@dataclass(frozen=True)
class BandCount:
    """How many objectives have a score in a band (band None: no score)."""

    band: str | None
    colour: str
    count: int


@dataclass(frozen=True)
class IndicatorAlert:
    """An indicator that needs attention, with its agency (and, when stale, its last period)."""

    line: IndicatorLine
    agency: str | None
    last_period: str | None = None
    agency_code: str | None = None  # the agency's unit code (links to its scorecard)


@dataclass(frozen=True)
class AlertList:
    """The first few indicators of a kind and how many there are in all."""

    total: int
    rows: list[IndicatorAlert]
    frontier: str | None = None  # stale: the latest sub-period anybody reported in


@dataclass(frozen=True)
class HomeData:
    """Everything the Beranda shows for one period."""

    period: str
    root: str
    name: str
    plan: str
    coverage: float
    score: Banded
    missions: list[Scored]  # the children of the vision
    ranking: list[AgencyScore]
    bands: list[BandCount]
    trend: list[tuple[str, float | None]]
    red: AlertList
    missing: AlertList
    stale: AlertList


def band_counts(engine: Engine, scores: np.ndarray) -> list[BandCount]:
    """How many of the scores fall in each band (top band first), then without a score."""
    legend = band_legend(engine)  # top band first: lower bounds descending
    missing = int(np.count_nonzero(np.isnan(scores)))
    if not legend:  # a plan without bands: only the count without a score
        return [BandCount(None, NO_SCORE_COLOUR, missing)]
    # how many reach each band's lower bound (NaN reaches none); the lowest band takes the
    # rest, below its bound too: a count per bound, not a search per score
    reached = [int(np.count_nonzero(scores >= band.lower)) for band in legend[:-1]]
    above = [0, *reached]
    below = [*reached, len(scores) - missing]
    rows = [
        BandCount(band.label, band.colour, under - over)
        for band, over, under in zip(legend, above, below, strict=True)
    ]
    rows.append(BandCount(None, NO_SCORE_COLOUR, missing))
    return rows


def _alert(engine: Engine, ev: Evaluation, position: int, last_period: str | None = None
           ) -> IndicatorAlert:
    line = indicator_line(engine, ev, engine.indicator_codes[position])
    agency = objective_agency(engine)[engine.index[line.objective]]
    return IndicatorAlert(line, unit_name(engine, agency), last_period, agency)


def _has_target(ev: Evaluation) -> np.ndarray:
    return ~np.isnan(ev.inputs.value) | ~np.isnan(ev.inputs.low)


def _worst_first(values: np.ndarray, positions: np.ndarray, limit: int | None) -> np.ndarray:
    """The `limit` positions of the lowest values, lowest first (ties in plan order); every
    one when `limit` is None."""
    limit = len(positions) if limit is None else limit
    if len(positions) > limit > 0:  # keep the `limit` lowest (the first of equal ones) only
        chosen = values[positions]
        kth = np.partition(chosen, limit - 1)[limit - 1]
        below, equal = positions[chosen < kth], positions[chosen == kth]
        positions = np.sort(np.concatenate([below, equal[: limit - len(below)]]))
    return positions[np.argsort(values[positions], kind="stable")][:limit]


def red_indicators(engine: Engine, period: str, limit: int | None = LIST_LIMIT) -> AlertList:
    """Indicators in the lowest band, worst first: the first `limit` (None: all) and the total
    count."""
    ev = engine.evaluation(period)
    achievement = ev.achievements
    lowest_upper = sorted(b for b, _ in engine.bands)[1] if len(engine.bands) > 1 else -np.inf
    with np.errstate(invalid="ignore"):
        red = np.nonzero(achievement < lowest_upper)[0]
    worst = _worst_first(achievement, red, limit)
    return AlertList(len(red), [_alert(engine, ev, k) for k in worst.tolist()])


def missing_indicators(engine: Engine, period: str, limit: int | None = LIST_LIMIT
                       ) -> AlertList:
    """Indicators with a target but no realization in the period: the first `limit` (None:
    all) and the count."""
    ev = engine.evaluation(period)
    missing = np.nonzero(_has_target(ev) & np.isnan(ev.realization))[0]
    return AlertList(len(missing), [_alert(engine, ev, k) for k in missing[:limit].tolist()])


def stale_indicators(engine: Engine, period: str, limit: int | None = LIST_LIMIT
                     ) -> AlertList:
    """Indicators whose value in the period comes from an earlier sub-period than the latest one
    anybody reported in (e.g. a year whose last quarter was reported by others but not by them).
    """
    parts = parse_period(period).children()
    ev = engine.evaluation(period)
    last = np.full(len(engine.indicator_codes), -1)  # each indicator's last sub-period reported
    frontier = -1  # the last sub-period anybody reported in
    for k, part in enumerate(parts):
        reported = ~np.isnan(engine.inputs(str(part)).realization)
        if reported.any():
            last[reported] = k
            frontier = k
    if frontier < 0:
        return AlertList(0, [])
    stale = np.nonzero((last >= 0) & (last < frontier) & _has_target(ev))[0]
    rows = [_alert(engine, ev, k, str(parts[int(last[k])])) for k in stale[:limit].tolist()]
    return AlertList(len(stale), rows, str(parts[frontier]))


def code_order(code: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key reading the numbers in a code as numbers: M2 before M10, 1.2 before 1.10."""
    return tuple((0, int(part)) if part.isdigit() else (1, part.lower())
                 for part in re.findall(r"\d+|[^\d]+", code))


def home_data(engine: Engine, period: str | None, show_all: Collection[str] = ()
              ) -> HomeData | None:
    """Everything the Beranda shows for one period (None: the plan has no data or no vision);
    the lists named in `show_all` (of LISTS) with every row, the others with their first
    LIST_LIMIT. Missions are in the order of their codes (`code_order`)."""
    period = valid_period(engine, period)
    if period is None or engine.root is None:
        return None
    ev = engine.evaluation(period)
    root = engine.root
    missions = [
        Scored(code, engine.item(code).name, banded(engine, ev.score_of(code)))
        for code in sorted(engine.child_objectives(root), key=code_order)
    ]

    def limit(name: str) -> int | None:
        return None if name in show_all else LIST_LIMIT

    return HomeData(
        period=period,
        root=root,
        name=engine.item(root).name,
        plan=engine.doc.plan.name,
        coverage=float(ev.coverage[engine.index[root]]),
        score=banded(engine, ev.score_of(root)),
        missions=missions,
        ranking=agency_ranking(engine, period),
        bands=band_counts(engine, ev.objective_scores),
        trend=trend(engine, root, period),
        red=red_indicators(engine, period, limit("red")),
        missing=missing_indicators(engine, period, limit("missing")),
        stale=stale_indicators(engine, period, limit("stale")),
    )
