"""Weights of one parent's children: percentages, normalising, what-if previews and diffs."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ekinerja.model import LEVEL_LABELS_ID
from ekinerja.rollup import Engine, Evaluation
from ekinerja.scoring import band_colour

MOVERS_LIMIT = 5
_EPSILON = 1e-9


def _opt(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def parent_nodes(engine: Engine) -> list[int]:
    """Objectives that have at least one child (the ones whose weights can be edited)."""
    return [node for node in range(engine.n_objectives) if engine.n_children[node] > 0]


def search_parents(engine: Engine, text: str | None, limit: int = 50) -> list[dict[str, str]]:
    """Parent objectives whose code or name contains `text` (case-insensitive)."""
    wanted = (text or "").strip().lower()
    result = []
    for node in parent_nodes(engine):
        objective = engine.doc.objectives[node]
        if wanted in f"{objective.code} {objective.name}".lower():
            result.append({"code": objective.code, "name": objective.name})
            if len(result) >= limit:
                break
    return result


def children(engine: Engine, parent: str) -> list[dict[str, Any]]:
    """The children of `parent` in plan order: code, name, kind, weight and percentage."""
    node = engine.index[parent]
    rows = []
    for edge in sorted(engine.children_of(node).tolist()):
        child = int(engine.e_child[edge])
        is_indicator = child >= engine.n_objectives
        item = (
            engine.doc.indicators[child - engine.n_objectives]
            if is_indicator
            else engine.doc.objectives[child]
        )
        rows.append(
            {
                "code": item.code,
                "name": item.name,
                "kind": "indicator" if is_indicator else "objective",
                "weight": float(engine.e_weight[edge]),
            }
        )
    rows.sort(key=lambda r: (r["kind"] == "indicator", engine.index[r["code"]]))
    total = sum(r["weight"] for r in rows)
    for row in rows:
        row["percent"] = 100.0 * row["weight"] / total if total > 0 else 0.0
    return rows


def normalise(values: Sequence[float | None], digits: int = 2) -> list[float]:
    """Scale weights to percentages summing to exactly 100 (rounded; the rest on the largest).

    Missing or negative values count as 0; all zeros stay zeros.
    """
    clean = [max(float(v), 0.0) if v is not None and math.isfinite(v) else 0.0 for v in values]
    total = sum(clean)
    if total <= 0:
        return [0.0 for _ in clean]
    result = [round(100.0 * v / total, digits) for v in clean]
    largest = max(range(len(result)), key=lambda i: result[i])
    result[largest] = round(result[largest] + 100.0 - sum(result), digits)
    return result


def effective_weights(
    rows: Sequence[Mapping[str, Any]], typed: Mapping[str, float | None], digits: int = 2
) -> dict[str, float | None]:
    """Typed percentages, where an untouched input (its rounded current percentage) keeps the
    exact current percentage, so rounding alone never changes a score."""
    current = {r["code"]: float(r["percent"]) for r in rows}
    result: dict[str, float | None] = {}
    for code, value in typed.items():
        exact = current.get(code)
        if value is not None and exact is not None and value == round(exact, digits):
            result[code] = exact
        else:
            result[code] = value
    return result


def weight_problem(values: Mapping[str, float | None]) -> str | None:
    """Why these weights cannot be saved (bilingual), or None when they can."""
    for code, value in values.items():
        if value is None or not math.isfinite(value):
            return f"bobot {code} harus berupa angka / the weight of {code} must be a number"
        if value < 0:
            return f"bobot {code} negatif / the weight of {code} is negative"
    if values and not any(values.values()):
        return "semua bobot nol / every weight is zero"
    return None


def _describe(engine: Engine, node: int, before: float | None, after: float | None) -> dict:
    objective = engine.doc.objectives[node]
    delta = None if before is None or after is None else after - before
    return {
        "code": objective.code,
        "name": objective.name,
        "level": objective.level,
        "level_label": LEVEL_LABELS_ID.get(objective.level, objective.level),
        "before": before,
        "after": after,
        "delta": delta,
        "band_before": engine.band(before),
        "band_after": engine.band(after),
        "colour_after": band_colour(after, engine.bands),
    }


def _movers(
    before: np.ndarray, after: np.ndarray, limit: int
) -> list[tuple[int, float | None, float | None]]:
    """Positions whose value moved most (a score appearing or vanishing counts as moved)."""
    appeared = np.isnan(before) != np.isnan(after)
    with np.errstate(invalid="ignore"):
        delta = np.abs(np.nan_to_num(after) - np.nan_to_num(before))
    moved = np.nonzero((delta > _EPSILON) | appeared)[0]
    order = moved[np.argsort(-delta[moved], kind="stable")][:limit]
    return [(int(i), _opt(before[i]), _opt(after[i])) for i in order.tolist()]


def group_scores(scores: np.ndarray, groups: Mapping[str, Sequence[int]]) -> np.ndarray:
    """Mean score of each group of nodes (NaN where none is scored), in the groups' order."""
    result = np.full(len(groups), np.nan)
    for i, nodes in enumerate(groups.values()):
        values = scores[list(nodes)]
        values = values[~np.isnan(values)]
        if len(values):
            result[i] = values.mean()
    return result


def preview(
    engine: Engine,
    base: Evaluation,
    parent: str,
    weights: Mapping[str, float],
    *,
    groups: Mapping[str, Sequence[int]] | None = None,
    group_names: Mapping[str, str] | None = None,
    limit: int = MOVERS_LIMIT,
) -> dict[str, Any]:
    """What-if of new child weights of `parent`, before saving anything.

    Returns the new score of `parent` and of every ancestor up to the vision (`chain`, the
    parent first), the objectives whose score moves most, and (with `groups`, e.g. each
    agency's top objectives) the groups whose mean score moves most.
    """
    changes = {(parent, child): float(w) for child, w in weights.items()}
    after = engine.evaluate(base.period, weights=changes)
    n = engine.n_objectives
    before_scores, after_scores = base.score[:n], after.score[:n]
    node = engine.index[parent]
    chain = [node, *engine.ancestors(node)]
    result: dict[str, Any] = {
        "period": base.period,
        "parent": parent,
        "chain": [
            _describe(engine, c, _opt(before_scores[c]), _opt(after_scores[c])) for c in chain
        ],
        "objectives": [
            _describe(engine, i, b, a) for i, b, a in _movers(before_scores, after_scores, limit)
        ],
        "groups": [],
        "root_after": after.score_of(engine.root) if engine.root else None,
    }
    if groups:
        codes = list(groups)
        names = group_names or {}
        g_before = group_scores(before_scores, groups)
        g_after = group_scores(after_scores, groups)
        result["groups"] = [
            {
                "code": codes[i],
                "name": names.get(codes[i], codes[i]),
                "before": b,
                "after": a,
                "delta": None if a is None or b is None else a - b,
                "band_after": engine.band(a),
            }
            for i, b, a in _movers(g_before, g_after, limit)
        ]
    return result


def diff(old: Mapping[str, float], new: Mapping[str, float]) -> list[dict[str, Any]]:
    """The children whose weight differs between two versions (added/removed ones included)."""
    rows = []
    for code in [*old, *(c for c in new if c not in old)]:
        a, b = old.get(code), new.get(code)
        if a != b:
            rows.append({"code": code, "old": a, "new": b})
    return rows


def version_rows(versions: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Weight versions (oldest first, as stored) newest first, each with its diff."""
    rows = []
    previous: Mapping[str, float] = {}
    for v in versions:
        rows.append({**v, "diff": diff(previous, v["weights"]) if rows else []})
        previous = v["weights"]
    return rows[::-1]
