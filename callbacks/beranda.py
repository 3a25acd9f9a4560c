"""Beranda (home): the province score, missions, agency ranking, bands, trend, red and missing."""

from __future__ import annotations

from typing import Any

import numpy as np
from dash import Input, Output
from ekinerja.callbacks.common import (
    agency_scores,
    engine_of,
    evaluation,
    objective_agency,
    objective_children,
    score_band_colour,
    trend,
    units_by_code,
    valid_period,
)
from ekinerja.layouts import beranda, ids

from ekinerja.periods import parse_period
from ekinerja.rollup import Engine
from ekinerja.scoring import band_colour

LIST_LIMIT = 10


def band_counts(engine: Engine, scores: np.ndarray) -> list[dict[str, Any]]:
    """How many of the given scores fall in each band (top band first), then without score."""
    ordered = sorted(engine.bands, key=lambda b: b[0], reverse=True)
    bounds = np.array([b for b, _ in ordered][::-1])  # ascending
    scored = scores[~np.isnan(scores)]
    position = np.clip(np.searchsorted(bounds, scored, side="right") - 1, 0, None)
    counts = np.bincount(position, minlength=len(bounds))[::-1]
    rows = [
        {"band": label, "colour": band_colour(lower, engine.bands), "count": int(count)}
        for (lower, label), count in zip(ordered, counts.tolist(), strict=True)
    ]
    rows.append({"band": None, "colour": band_colour(None, engine.bands), "count": int(
        np.isnan(scores).sum())})
    return rows


def _indicator_row(engine: Engine, ev: Any, position: int, agencies: list[str | None]) -> dict:
    indicator = engine.doc.indicators[position]
    objective = engine.index.get(indicator.objective, -1)
    agency = agencies[objective] if 0 <= objective < engine.n_objectives else None
    units = units_by_code(engine)
    node = engine.n_objectives + position
    score = float(ev.score[node])
    return {
        "code": indicator.code,
        "name": indicator.name,
        "objective": indicator.objective,
        "agency": units[agency].name if agency in units else None,
        "target": ev.target_of(position),
        "realization": None if np.isnan(ev.realization[position]) else float(
            ev.realization[position]),
        "measure_unit": indicator.measure_unit,
        **score_band_colour(engine, None if np.isnan(score) else score),
    }


def red_indicators(engine: Engine, period: str, limit: int = LIST_LIMIT) -> dict[str, Any]:
    """Indicators in the lowest band, worst first: the first `limit` and the total count."""
    ev = evaluation(engine, period)
    achievement = ev.score[engine.n_objectives :]
    lowest_upper = sorted(b for b, _ in engine.bands)[1] if len(engine.bands) > 1 else -np.inf
    with np.errstate(invalid="ignore"):
        red = np.nonzero(achievement < lowest_upper)[0]
    worst = red[np.argsort(achievement[red], kind="stable")][:limit]
    agencies = objective_agency(engine)
    return {
        "total": len(red),
        "rows": [_indicator_row(engine, ev, int(k), agencies) for k in worst.tolist()],
    }


def missing_indicators(engine: Engine, period: str, limit: int = LIST_LIMIT) -> dict[str, Any]:
    """Indicators with a target but no realization in the period: the first few and the count."""
    ev = evaluation(engine, period)
    inputs = ev.inputs
    has_target = ~np.isnan(inputs.value) | ~np.isnan(inputs.low)
    missing = np.nonzero(has_target & np.isnan(ev.realization))[0]
    agencies = objective_agency(engine)
    return {
        "total": len(missing),
        "rows": [_indicator_row(engine, ev, int(k), agencies) for k in missing[:limit].tolist()],
    }


def stale_indicators(engine: Engine, period: str, limit: int = LIST_LIMIT) -> dict[str, Any]:
    """Indicators whose value in the period comes from an earlier sub-period than the latest one
    anybody reported in (e.g. a year whose last quarter was reported by others but not by them).
    """
    parts = parse_period(period).children()
    ev = evaluation(engine, period)
    if not parts:
        return {"total": 0, "rows": []}
    stack = np.vstack([engine.inputs(str(p)).realization for p in parts])
    has = ~np.isnan(stack)
    reported = np.nonzero(has.any(axis=1))[0]
    if len(reported) == 0:
        return {"total": 0, "rows": []}
    frontier = int(reported[-1])
    last = np.where(has.any(axis=0), stack.shape[0] - 1 - np.argmax(has[::-1], axis=0), -1)
    inputs = ev.inputs
    has_target = ~np.isnan(inputs.value) | ~np.isnan(inputs.low)
    stale = np.nonzero((last >= 0) & (last < frontier) & has_target)[0]
    agencies = objective_agency(engine)
    rows = []
    for k in stale[:limit].tolist():
        row = _indicator_row(engine, ev, int(k), agencies)
        row["last_period"] = str(parts[int(last[k])])
        rows.append(row)
    return {"total": len(stale), "rows": rows, "frontier": str(parts[frontier])}


def home_data(engine: Engine, period: str | None) -> dict[str, Any]:
    """Everything the Beranda shows for one period, as plain data."""
    period = valid_period(engine, period)
    if period is None or engine.root is None:
        return {"period": period, "root": None}
    ev = evaluation(engine, period)
    root = engine.root
    root_node = engine.index[root]
    root_score = ev.score_of(root)
    missions = []
    for child in objective_children(engine, root_node):
        code = engine.codes[child]
        missions.append(
            {"code": code, "name": engine.doc.objectives[child].name,
             **score_band_colour(engine, ev.score_of(code))}
        )
    ranking = sorted(
        agency_scores(engine, period),
        key=lambda r: (r["score"] is None, -(r["score"] or 0.0), r["name"]),
    )
    for rank, row in enumerate(ranking, start=1):
        row["rank"] = rank
    return {
        "period": period,
        "root": root,
        "name": engine.doc.objectives[root_node].name,
        "plan": engine.doc.plan.name,
        "coverage": float(ev.coverage[root_node]),
        **score_band_colour(engine, root_score),
        "missions": missions,
        "ranking": ranking,
        "bands": band_counts(engine, ev.score[: engine.n_objectives]),
        "trend": trend(engine, root, period),
        "red": red_indicators(engine, period),
        "missing": missing_indicators(engine, period),
        "stale": stale_indicators(engine, period),
    }


def render(engine: Engine, period: str | None, lang: str | None) -> list[Any]:
    """The whole Beranda callback body: data, then components."""
    return beranda.body(home_data(engine, period), lang)


def register(app: Any) -> None:
    """Fill the Beranda for the chosen period and language."""

    @app.callback(
        Output(ids.HOME_BODY, "children"),
        Input(ids.PERIOD, "value"),
        Input(ids.LANG, "value"),
        Input(ids.REVISION, "data"),
    )
    def update_home(period: str | None, lang: str | None, _revision: Any) -> Any:
        return render(engine_of(app), period, lang)
