"""Indexes of a plan's structure (units, employees, agencies, owners), computed once per
compiled structure: they survive realization and weight changes (rollup.Structure).

Objective positions are places in the plan's objective list, which are also the places of
their scores in Evaluation.objective_scores.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import repeat
from operator import attrgetter

import networkx as nx
import numpy as np

from ekinerja.model import Employee, Objective, Unit
from ekinerja.rollup import APPENDED_MEMOS, Engine


def units_by_code(engine: Engine) -> dict[str, Unit]:
    """The plan's units by code."""
    return engine.structure.memo("units", lambda: {u.code: u for u in engine.doc.units})


def employees_by_nip(engine: Engine) -> dict[str, Employee]:
    """The plan's employees by NIP."""
    return engine.structure.memo("employees", lambda: {e.nip: e for e in engine.doc.employees})


def unit_name(engine: Engine, code: str | None) -> str | None:
    """The name of a unit (None for no unit or an unknown code)."""
    unit = units_by_code(engine).get(code) if code else None
    return unit.name if unit else None


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
            result[code] = current if current in units and units[current].kind == "agency" \
                else None
        return result

    return engine.structure.memo("agency_of_unit", compute)


def objective_agency(engine: Engine) -> list[str | None]:
    """The agency code of every objective (by position), None for province-level ones."""

    return engine.structure.memo("objective_agency",
                                 lambda: _agencies_of(engine, engine.doc.objectives))


def _agencies_of(engine: Engine, objectives: Sequence[Objective]) -> list[str | None]:
    """The agency code of each of `objectives` (None for province-level ones)."""
    agency = agency_of_unit(engine)  # no unit (None, "") is no key of it: None
    field_values = getattr(objectives, "field_values", None)  # a LazyRows: without its objects
    units = field_values("unit") if field_values else map(attrgetter("unit"), objectives)
    return list(map(agency.get, units))


def _objective_agency_ids(engine: Engine) -> tuple[list[str], np.ndarray]:
    """The agencies in order of their first objective, and each objective's agency as a
    number among them (-1 for none)."""

    def compute() -> tuple[list[str], np.ndarray]:
        return _numbered([], objective_agency(engine))

    return engine.structure.memo("objective_agency_ids", compute)


def _numbered(names: list[str], agencies: list[str | None]) -> tuple[list[str], np.ndarray]:
    """`agencies` as numbers among `names`, extended by the agencies not in it yet."""
    names = names + [code for code in dict.fromkeys(agencies)
                     if code is not None and code not in names]
    ids = {code: k for k, code in enumerate(names)}
    return names, np.fromiter(map(ids.get, agencies, repeat(-1)), np.int64, count=len(agencies))


def _extended_ids(engine: Engine, old: tuple[list[str], np.ndarray],
                  appended: list[Objective]) -> tuple[list[str], np.ndarray]:
    names, ids = _numbered(old[0], objective_agency(engine)[len(old[1]):])
    return names, np.concatenate([old[1], ids])


# An edit appending objectives extends these (Structure.extended).
APPENDED_MEMOS["objective_agency"] = lambda engine, old, appended: (
    old + _agencies_of(engine, appended))
APPENDED_MEMOS["objective_agency_ids"] = _extended_ids


def agency_top_objectives(engine: Engine) -> dict[str, list[int]]:
    """Per agency: the positions of its objectives whose parents all belong elsewhere."""

    def compute() -> dict[str, list[int]]:
        names, of = _objective_agency_ids(engine)  # None: -1
        n = len(of)  # the objectives
        of = np.append(of, np.full(engine.n - n, -2))  # indicators: no agency, never equal
        parents, children = engine.e_parent, engine.e_child
        same = ~engine.is_indicator_node(children) & (of[parents] == of[children])
        inside = np.zeros(n, dtype=bool)  # a parent of the same agency
        inside[children[same]] = True
        result: dict[str, list[int]] = {}
        for node in np.flatnonzero((of[:n] >= 0) & ~inside).tolist():
            result.setdefault(names[of[node]], []).append(node)
        return result

    return engine.structure.memo("agency_top", compute)


def unit_subtree(engine: Engine, unit: str) -> set[str]:
    """A unit and every unit below it."""
    tree: nx.DiGraph = engine.structure.memo(
        "unit_tree",
        lambda: nx.DiGraph((u.parent, u.code) for u in engine.doc.units if u.parent),
    )
    return {unit, *nx.descendants(tree, unit)} if unit in tree else {unit}


def objectives_by_unit(engine: Engine) -> dict[str | None, list[int]]:
    """Positions of the objectives of each unit (None: objectives without a unit)."""

    def compute() -> dict[str | None, list[int]]:
        result: dict[str | None, list[int]] = {}
        for node, objective in enumerate(engine.doc.objectives):
            result.setdefault(objective.unit, []).append(node)
        return result

    return engine.structure.memo("objectives_by_unit", compute)

