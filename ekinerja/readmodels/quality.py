"""The cascade quality check as the Kualitas page shows it: counts per kind and the first
items of each, counted with numpy over the engine's compiled columns and building only the
items listed (`ekinerja check --quality` runs the plain check, ekinerja.quality, on the
plan's lists: both give the same items). The plan's part is kept per Engine and carried to a
following Engine whose plan lists are the very same objects (a saved realization replaces
only the realizations)."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from ekinerja import quality as domain
from ekinerja.model import LEVEL_RANK
from ekinerja.quality import Findings, QualityItem
from ekinerja.readmodels.cache import ResultCache, owner_index
from ekinerja.rollup import Engine

_KEPT = ResultCache(4)  # the plan's findings per (Engine, items shown per kind)
#: The last engine computed (by a weak reference: no plan is kept alive here) and its findings.
_LAST: list[tuple[weakref.ref[Engine], int, Findings]] = []
_LAST_LOCK = threading.Lock()


def _same_lists(a: Engine, b: Engine) -> bool:
    """Whether two engines' plans share every list the quality check reads."""
    return all(getattr(a.doc, name) is getattr(b.doc, name) for name in (
        "plan", "objectives", "indicators", "links", "targets", "employees"))


def _plan_part(engine: Engine, shown: int) -> Findings:
    with _LAST_LOCK:
        last = _LAST[0] if _LAST else None
    if last is not None:
        previous = last[0]()
        # both engines are alive here, so their lists' identities cannot be confused
        if previous is not None and last[1] == shown and _same_lists(previous, engine):
            return last[2]
    found = plan_items(engine, shown)
    with _LAST_LOCK:
        _LAST[:] = [(weakref.ref(engine), shown, found)]
    return found


def summary(engine: Engine, manuals: Mapping[str, Mapping[str, Any]] | None, shown: int
            ) -> tuple[dict[str, int], list[QualityItem]]:
    """How many items of each kind and the first `shown` of each kind, in the order of
    `ekinerja.quality.quality` (which lists them all)."""
    kept = _KEPT.get(engine, ("quality", shown), lambda: _plan_part(engine, shown))
    with _LAST_LOCK:  # the engine asked last is the one a following engine is compared with
        _LAST[:] = [(weakref.ref(engine), shown, kept)]
    found = kept.copy()
    manual_items(engine, manuals, found)
    return found.counts, [item for kind in domain.KINDS for item in found.items[kind]]


def _add(found: Findings, kind: str, nodes: np.ndarray,
         build: Callable[[int], tuple[Any, str]], code: Callable[[int], str]) -> None:
    """Count `nodes` as items of `kind` and build the first ones the findings show."""
    found.counts[kind] += len(nodes)
    limit = len(nodes) if found.shown is None else max(0, found.shown - len(found.items[kind]))
    for k in nodes[:limit].tolist():
        message, fix = build(k)
        found.items[kind].append(domain.QualityItem(kind, code(k), message, fix))


def plan_items(engine: Engine, shown: int | None) -> Findings:
    """The items found in the plan alone (every kind but the Manual IKU check), as
    `ekinerja.quality.plan_items(engine.doc, shown)` finds them, counted over arrays."""
    doc = engine.doc
    found = Findings(shown)
    columns = engine.compiled_columns()
    n_obj, n = len(engine.objective_codes), engine.n
    codes = engine.objective_codes
    rank = columns["level_rank"]
    link_parent, link_child = columns["link_parent"], columns["link_child"]
    ind_objective = columns["indicator_objective"]
    parented = link_parent >= 0
    with_objective = ind_objective >= 0
    has_child = engine.of_objectives(np.bincount(link_parent[parented], minlength=n)) > 0
    has_indicator = engine.of_objectives(
        np.bincount(ind_objective[with_objective], minlength=n)) > 0

    _add(found, "no_indicator", np.flatnonzero(~(has_child | has_indicator)),
         lambda k: domain.no_indicator(codes[k]), codes.__getitem__)

    years = domain.plan_years(doc)
    missing = np.ones((len(years), engine.n_indicators), dtype=bool)
    for row, year in enumerate(years):
        missing[row, engine.target_positions(year)] = False
    indicators = doc.indicators
    _add(found, "no_target", np.flatnonzero(missing.any(axis=0)),
         lambda k: domain.no_target(indicators[k].code, indicators[k].objective,
                                    [y for row, y in enumerate(years) if missing[row, k]]),
         lambda k: indicators[k].code)

    aligned = np.zeros(n, dtype=bool)
    if engine.root_index >= 0:
        aligned[engine.root_index] = True
        for layer in reversed(engine.layers):  # the vision's layer first, children after
            parents, children = engine.e_parent[layer.edges], engine.e_child[layer.edges]
            aligned[children[aligned[parents]]] = True
    _add(found, "unaligned", np.flatnonzero(~engine.of_objectives(aligned)),
         lambda k: domain.unaligned(codes[k]), codes.__getitem__)

    owners = owner_index(engine)
    owner = owners.objective_owner
    rhk = (rank == LEVEL_RANK["individual"]) & (owner >= 0)
    has_rhk = np.bincount(owner[rhk], minlength=len(owners.ids)) > 0
    employees = doc.employees
    _add(found, "no_rhk", np.flatnonzero(~has_rhk[:owners.n_employees]),
         lambda k: domain.no_rhk(employees[k]), lambda k: employees[k].nip)

    # an RHK whose owner's supervisor has RHK, and no link from one of them above it
    supervisor = np.full(len(owners.ids), -1, dtype=np.int64)
    supervisor[:owners.n_employees] = owners.supervisor
    boss = np.where(rhk, supervisor[np.maximum(owner, 0)], -1)
    checked = rhk & (boss >= 0)
    checked[checked] = has_rhk[boss[checked]]
    objectives = ((link_parent >= 0) & ~engine.is_indicator_node(link_parent)
                  & (link_child >= 0) & ~engine.is_indicator_node(link_child))
    lp, lc = link_parent[objectives], link_child[objectives]
    under = rhk[lp] & (owner[lp] == boss[lc])
    covered = np.zeros(n_obj, dtype=bool)
    covered[lc[under]] = True
    wrong = np.flatnonzero(checked & ~covered)
    first = np.full(len(owners.ids), n_obj, dtype=np.int64)  # each owner's first RHK
    rhk_nodes = np.flatnonzero(rhk)
    np.minimum.at(first, owner[rhk_nodes], rhk_nodes)
    wrong = wrong[np.argsort(first[owner[wrong]], kind="stable")]  # by owner, then plan order
    _add(found, "rhk_not_under_supervisor", wrong,
         lambda k: domain.not_under_supervisor(codes[k], str(employees[owner[k]].supervisor)),
         codes.__getitem__)

    # the sums in the plain check's order: every link of a parent, then its indicators
    total = engine.of_objectives(np.bincount(
        np.concatenate([link_parent[parented], ind_objective[with_objective]]),
        np.concatenate([columns["link_weight"][parented],
                        columns["indicator_weight"][with_objective]]),
        minlength=n))
    off = (has_child | has_indicator) & (np.abs(total - 100.0) > domain.TOLERANCE)
    _add(found, "weights_not_100", np.flatnonzero(off),
         lambda k: domain.weights_not_100(codes[k], float(total[k])), codes.__getitem__)
    return found


def manual_items(engine: Engine, manuals: Mapping[str, Mapping[str, Any]] | None,
                 found: Findings) -> None:
    """Add the IKU whose Manual IKU lacks a field (nothing without `manuals`)."""
    if manuals is None:
        return
    for code, manual in manuals.items():
        indicator = engine.indicator_at(engine.index.get(code, -1))
        if indicator is not None:
            empty = domain.manual_gaps(manual)
            if empty:
                objective = indicator.objective
                found.add("iku_without_manual", code, lambda code=code, empty=empty,
                          objective=objective: domain.iku_without_manual(code, objective, empty))
