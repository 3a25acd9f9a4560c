"""An employee's own view of the cascade: objectives, path to the vision, contribution, gain."""

from __future__ import annotations

import math
import threading
import weakref
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from ekinerja.model import LEVEL_LABELS_ID
from ekinerja.rollup import Engine, Evaluation
from ekinerja.scoring import band_colour

SEARCH_LIMIT = 50

_cache: weakref.WeakKeyDictionary[Engine, dict[str, Any]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def _memo(engine: Engine, key: str, compute: Callable[[], Any]) -> Any:
    with _lock:
        store = _cache.setdefault(engine, {})
        if key in store:
            return store[key]
    value = compute()
    with _lock:
        _cache.setdefault(engine, {})[key] = value
    return value


def _opt(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


# ----------------------------------------------------------------- employees
def owned_nodes(engine: Engine) -> dict[str, list[int]]:
    """Per NIP: the node indices of every objective the employee owns, in document order."""
    return engine.owned_nodes


def employees(engine: Engine) -> dict[str, Any]:
    """The plan's employees by NIP."""
    return _memo(engine, "employees", lambda: {e.nip: e for e in engine.doc.employees})


def search_employees(
    engine: Engine, text: str | None, limit: int = SEARCH_LIMIT
) -> list[dict[str, str]]:
    """Employees whose NIP or name contains `text` (case-insensitive), as (nip, name) dicts."""
    wanted = (text or "").strip().lower()
    index: list[tuple[str, str, str]] = _memo(
        engine,
        "employee_index",
        lambda: [(e.nip, e.name, f"{e.nip} {e.name}".lower()) for e in engine.doc.employees],
    )
    result = []
    for nip, name, haystack in index:
        if wanted in haystack:
            result.append({"nip": nip, "name": name})
            if len(result) >= limit:
                break
    return result


def top_owned(engine: Engine, nip: str) -> list[int]:
    """The employee's objectives that have no ancestor owned by the same employee (DESIGN §3)."""
    return engine.top_owned(nip)


def employee_contribution(ev: Evaluation, nip: str) -> float:
    """Points of the root score carried by the employee's work in an evaluation."""
    return ev.employee_contribution(nip)


# ----------------------------------------------------------------- the cascade above
def primary_parent(engine: Engine, node: int) -> int | None:
    """The objective parent of a node that comes first in the plan (None at the root)."""
    parents = [int(engine.e_parent[e]) for e in engine.parents_of(node).tolist()]
    return min(parents) if parents else None


def path_to_vision(engine: Engine, node: int) -> list[int]:
    """Nodes from the vision down to `node`, following each node's primary parent."""
    path = [node]
    seen = {node}
    parent = primary_parent(engine, node)
    while parent is not None and parent not in seen:
        path.append(parent)
        seen.add(parent)
        parent = primary_parent(engine, parent)
    return path[::-1]


def ancestor_map(engine: Engine, nodes: Iterable[int]) -> dict[str, list[Any]]:
    """The objectives above `nodes` (and `nodes` themselves) with the links between them."""
    keep: set[int] = set()
    for node in nodes:
        keep.add(node)
        keep.update(engine.ancestors(node))
    edges = []
    for child in sorted(keep):
        for edge in engine.parents_of(child).tolist():
            parent = int(engine.e_parent[edge])
            if parent in keep:
                edges.append((engine.codes[parent], engine.codes[child]))
    return {"nodes": sorted(keep), "edges": edges}


def supported_supervisor_objectives(engine: Engine, nip: str) -> list[int]:
    """Objectives of the employee's supervisor that the employee's objectives support."""
    employee = employees(engine).get(nip)
    if employee is None or not employee.supervisor:
        return []
    theirs = set(owned_nodes(engine).get(employee.supervisor, []))
    above: set[int] = set()
    for node in owned_nodes(engine).get(nip, []):
        above.update(engine.ancestors(node))
    return sorted(theirs & above)


# ----------------------------------------------------------------- what-if
def target_reaching_value(ev: Evaluation, position: int) -> float | None:
    """A realization that scores exactly 100 against the indicator's target (None: no target)."""
    inputs = ev.inputs
    if not math.isnan(inputs.low[position]):
        return float(inputs.low[position])
    value = inputs.value[position]
    return None if math.isnan(value) else float(value)


def owned_indicators(engine: Engine, nip: str) -> list[int]:
    """Positions of the indicators directly under the employee's objectives."""
    by_objective = _indicators_by_objective(engine)
    return [
        position
        for node in owned_nodes(engine).get(nip, [])
        for position in by_objective.get(engine.codes[node], [])
    ]


def all_targets_gain(engine: Engine, ev: Evaluation, nip: str) -> dict[str, Any]:
    """Root-score gain if each of the employee's indicators reached max(current, 100) %.

    A what-if evaluation sets every indicator below 100 % (or without a realization) to a
    realization that scores 100; the gain is the difference of the root scores.
    """
    changes: dict[str, float] = {}
    offset = engine.n_objectives
    for position in owned_indicators(engine, nip):
        current = ev.score[offset + position]
        if not math.isnan(current) and current >= 100.0:
            continue
        value = target_reaching_value(ev, position)
        if value is not None:
            changes[engine.indicator_codes[position]] = value
    root = engine.root
    before = ev.score_of(root) if root else None
    if not changes or root is None:
        return {"gain": 0.0, "indicators": 0, "root_before": before, "root_after": before}
    after = engine.evaluate(ev.period, realizations=changes).score_of(root)
    gain = (after or 0.0) - (before or 0.0)
    return {"gain": gain, "indicators": len(changes), "root_before": before, "root_after": after}


# ----------------------------------------------------------------- the page's data
def _score_fields(engine: Engine, score: float | None) -> dict[str, Any]:
    return {"score": score, "band": engine.band(score), "colour": band_colour(score, engine.bands)}


def _indicator_rows(engine: Engine, ev: Evaluation, objective: str) -> list[dict[str, Any]]:
    rows = []
    offset = engine.n_objectives
    for position in _indicators_by_objective(engine).get(objective, []):
        indicator = engine.doc.indicators[position]
        achievement = _opt(ev.score[offset + position])
        rows.append(
            {
                "code": indicator.code,
                "name": indicator.name,
                "measure_unit": indicator.measure_unit,
                "target": ev.target_of(position),
                "realization": _opt(ev.realization[position]),
                "achievement": achievement,
                "band": engine.band(achievement),
                "colour": band_colour(achievement, engine.bands),
            }
        )
    return rows


def _indicators_by_objective(engine: Engine) -> dict[str, list[int]]:
    def compute() -> dict[str, list[int]]:
        result: dict[str, list[int]] = {}
        for position, indicator in enumerate(engine.doc.indicators):
            result.setdefault(indicator.objective, []).append(position)
        return result

    return _memo(engine, "indicators_by_objective", compute)


def _describe(engine: Engine, node: int) -> dict[str, Any]:
    objective = engine.doc.objectives[node]
    return {
        "code": objective.code,
        "name": objective.name,
        "level": objective.level,
        "level_label": LEVEL_LABELS_ID.get(objective.level, objective.level),
    }


def employee_view(engine: Engine, ev: Evaluation, nip: str) -> dict[str, Any] | None:
    """Everything the Kontribusi Saya page shows for one employee and period (None: unknown)."""
    people = employees(engine)
    employee = people.get(nip)
    if employee is None:
        return None
    units = {u.code: u for u in engine.doc.units}
    supervisor = people.get(employee.supervisor) if employee.supervisor else None
    owned = owned_nodes(engine).get(nip, [])
    top = set(top_owned(engine, nip))
    objectives = []
    for node in owned:
        code = engine.codes[node]
        objectives.append(
            {
                **_describe(engine, node),
                **_score_fields(engine, _opt(ev.score[node])),
                "counted": node in top,
                "influence": float(ev.influence[node]),
                "path": [_describe(engine, n) for n in path_to_vision(engine, node)],
                "indicators": _indicator_rows(engine, ev, code),
            }
        )
    root = engine.root
    root_score = ev.score_of(root) if root else None
    contribution = employee_contribution(ev, nip)
    share = contribution / root_score if root_score else None
    supports = [
        {**_describe(engine, n), **_score_fields(engine, _opt(ev.score[n]))}
        for n in supported_supervisor_objectives(engine, nip)
    ]
    tree = ancestor_map(engine, owned)
    map_nodes = [
        {
            **_describe(engine, n),
            **_score_fields(engine, _opt(ev.score[n])),
            "own": n in set(owned),
        }
        for n in tree["nodes"]
    ]
    return {
        "period": ev.period,
        "nip": employee.nip,
        "name": employee.name,
        "position": employee.position,
        "unit": units[employee.unit].name if employee.unit in units else employee.unit,
        "supervisor": None
        if supervisor is None
        else {"nip": supervisor.nip, "name": supervisor.name},
        "objectives": objectives,
        "root": root,
        "root_score": root_score,
        "contribution": contribution,
        "share": share,
        "gain": all_targets_gain(engine, ev, nip),
        "supports": supports,
        "map": {"nodes": map_nodes, "edges": tree["edges"]},
    }


def contribution_history(
    engine: Engine, evaluate: Callable[[str], Evaluation], nip: str, periods: Iterable[str]
) -> list[dict[str, Any]]:
    """The employee's contribution, share and mean objective score in each period."""
    nodes = top_owned(engine, nip)
    rows = []
    for period in periods:
        ev = evaluate(period)
        root_score = ev.score_of(engine.root) if engine.root else None
        contribution = employee_contribution(ev, nip)
        scores = ev.score[nodes] if nodes else np.array([])
        scored = scores[~np.isnan(scores)]
        rows.append(
            {
                "period": period,
                "contribution": contribution,
                "share": contribution / root_score if root_score else None,
                "root_score": root_score,
                "score": float(scored.mean()) if len(scored) else None,
            }
        )
    return rows
