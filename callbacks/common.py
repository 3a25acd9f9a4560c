"""Data shared by the page callbacks: the current Engine, cached evaluations, units, trends.

Everything here is a plain function of an Engine (no Dash), so it can be unit tested and timed.
Per-engine caches are keyed by the Engine object itself: a new Engine (new revision) starts
with empty caches, and an old one's caches go away with it.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np

from ekinerja.i18n import N_, translator
from ekinerja.periods import parse_period
from ekinerja.rollup import Engine, Evaluation
from ekinerja.scoring import band_colour

LEVEL_NAMES: dict[str, str] = {
    "vision": N_("Vision"),
    "mission": N_("Mission"),
    "goal": N_("Goal"),
    "objective": N_("Strategic objective"),
    "agency_objective": N_("Agency objective"),
    "program_objective": N_("Program objective"),
    "activity_objective": N_("Activity objective"),
    "subactivity_objective": N_("Sub-activity objective"),
    "individual": N_("Individual (RHK)"),
}

ENGINE_KEY = "EKINERJA_ENGINE"  # Flask config key of the engine provider
SETTINGS_KEY = "EKINERJA_SETTINGS"
PAGES_KEY = "EKINERJA_PAGES"  # the app's pages (ekinerja.layouts.pages.Page tuple)
MAX_EVALUATIONS = 12

T = TypeVar("T")
_memo: weakref.WeakKeyDictionary[Engine, dict[Any, Any]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def engine_of(app: Any) -> Engine:
    """The current Engine of an app (asks its provider: cheap when nothing changed)."""
    return app.server.config[ENGINE_KEY]()


def memo(engine: Engine, key: Any, compute: Callable[[], T]) -> T:
    """A value derived from an engine, computed once per engine."""
    with _lock:
        store = _memo.setdefault(engine, {})
        if key in store:
            return store[key]
    value = compute()
    with _lock:
        _memo.setdefault(engine, {})[key] = value
    return value


def evaluation(engine: Engine, period: str) -> Evaluation:
    """The engine's evaluation of a period (the last few are kept)."""
    cache: OrderedDict[str, Evaluation] = memo(engine, "evaluations", OrderedDict)
    with _lock:
        if period in cache:
            cache.move_to_end(period)
            return cache[period]
    ev = engine.evaluate(period)
    with _lock:
        cache[period] = ev
        while len(cache) > MAX_EVALUATIONS:
            cache.popitem(last=False)
    return ev


def default_period(engine: Engine) -> str | None:
    """The latest period with realizations (else the latest with targets, else None)."""
    realized = engine.periods(realized_only=True)
    if realized:
        return realized[-1]
    every = engine.periods()
    return every[-1] if every else None


def valid_period(engine: Engine, period: str | None) -> str | None:
    """The period asked for when it is well-formed, else the default one."""
    if period:
        try:
            parse_period(period)
        except ValueError:
            return default_period(engine)
        return period
    return default_period(engine)


def same_kind_periods(engine: Engine, period: str) -> list[str]:
    """The engine's periods of the same kind (year, quarter, month) as `period`."""
    kind = parse_period(period).kind
    periods = [p for p in engine.periods() if parse_period(p).kind == kind]
    if period not in periods:
        periods = sorted([*periods, period], key=parse_period)
    return periods


def objective_scores(engine: Engine, period: str) -> np.ndarray:
    """Scores of every objective in a period (NaN without a score), kept per engine."""
    store: dict[str, np.ndarray] = memo(engine, "objective_scores", dict)
    if period not in store:
        store[period] = evaluation(engine, period).score[: engine.n_objectives].copy()
    return store[period]


def trend(engine: Engine, code: str, period: str) -> list[tuple[str, float | None]]:
    """Score of one objective over the periods of the same kind as `period`."""
    node = engine.index[code]
    result = []
    for p in same_kind_periods(engine, period):
        value = float(objective_scores(engine, p)[node])
        result.append((p, None if np.isnan(value) else value))
    return result


def colour(engine: Engine, score: float | None) -> str:
    """The band colour of a score under the plan's bands."""
    return band_colour(score, engine.bands)


def score_band_colour(engine: Engine, score: float | None) -> dict[str, Any]:
    """Score, band label and colour of one score."""
    return {"score": score, "band": engine.band(score), "colour": colour(engine, score)}


# ----------------------------------------------------------------- units
def units_by_code(engine: Engine) -> dict[str, Any]:
    """The plan's units by code."""
    return memo(engine, "units", lambda: {u.code: u for u in engine.doc.units})


def agency_of_unit(engine: Engine) -> dict[str, str | None]:
    """For each unit code: the code of the agency it belongs to (itself for an agency)."""

    def compute() -> dict[str, str | None]:
        units = units_by_code(engine)
        result: dict[str, str | None] = {}
        for code in units:
            current: str | None = code
            seen: set[str] = set()
            while current is not None and current not in seen and current in units:
                seen.add(current)
                if units[current].kind == "agency":
                    break
                current = units[current].parent
            found = current if current in units and units[current].kind == "agency" else None
            result[code] = found
        return result

    return memo(engine, "agency_of_unit", compute)


def objective_agency(engine: Engine) -> list[str | None]:
    """The agency code of every objective (by position), None for province-level ones."""

    def compute() -> list[str | None]:
        agency = agency_of_unit(engine)
        return [agency.get(o.unit) if o.unit else None for o in engine.doc.objectives]

    return memo(engine, "objective_agency", compute)


def objective_parents(engine: Engine, node: int) -> list[int]:
    """Objective parents of a node (by node index)."""
    return [int(engine.e_parent[e]) for e in engine.parents_of(node).tolist()]


def objective_children(engine: Engine, node: int) -> list[int]:
    """Objective children of a node (by node index), in document order."""
    children = [int(engine.e_child[e]) for e in engine.children_of(node).tolist()]
    return sorted(c for c in children if c < engine.n_objectives)


def agency_top_objectives(engine: Engine) -> dict[str, list[int]]:
    """Per agency: its objectives whose objective parents all belong elsewhere."""

    def compute() -> dict[str, list[int]]:
        agency = objective_agency(engine)
        result: dict[str, list[int]] = {}
        for node, code in enumerate(agency):
            if code is None:
                continue
            if all(agency[p] != code for p in objective_parents(engine, node)):
                result.setdefault(code, []).append(node)
        return result

    return memo(engine, "agency_top", compute)


def agency_scores(engine: Engine, period: str) -> list[dict[str, Any]]:
    """Each agency's score: the mean of its top objectives' scores (None when none scored)."""
    scores = objective_scores(engine, period)
    units = units_by_code(engine)
    rows = []
    for code, nodes in agency_top_objectives(engine).items():
        values = scores[nodes]
        values = values[~np.isnan(values)]
        score = float(values.mean()) if len(values) else None
        rows.append({"code": code, "name": units[code].name, **score_band_colour(engine, score)})
    return rows


def employees_by_nip(engine: Engine) -> dict[str, Any]:
    """The plan's employees by NIP."""
    return memo(engine, "employees", lambda: {e.nip: e for e in engine.doc.employees})


def level_label(level: str, lang: str | None) -> str:
    """An objective level's name in a language (Visi, Misi, ..., RHK)."""
    return translator(lang)(LEVEL_NAMES[level]) if level in LEVEL_NAMES else level
