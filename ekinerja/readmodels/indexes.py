"""Indexes of a plan's structure (units, employees, agencies, owners), computed once per
compiled structure: they survive realization and weight changes (rollup.Structure).

Objective positions are places in the plan's objective list, which are also the places of
their scores in Evaluation.objective_scores.
"""

from __future__ import annotations

import networkx as nx
import numpy as np

from ekinerja.model import Employee, Unit
from ekinerja.rollup import Engine


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

    def compute() -> list[str | None]:
        agency = agency_of_unit(engine)
        return [agency.get(o.unit) if o.unit else None for o in engine.doc.objectives]

    return engine.structure.memo("objective_agency", compute)


def agency_top_objectives(engine: Engine) -> dict[str, list[int]]:
    """Per agency: the positions of its objectives whose parents all belong elsewhere."""

    def compute() -> dict[str, list[int]]:
        agency = objective_agency(engine)
        n = engine.n_objectives
        ids = {code: k for k, code in enumerate(dict.fromkeys(a for a in agency if a))}
        of = np.fromiter((ids.get(a, -1) if a else -1 for a in agency), np.int64, count=n)
        parent, child = engine.e_parent, engine.e_child
        linked = child < n  # links between objectives (an indicator is never a parent)
        parent, child = parent[linked], child[linked]
        inside = of[child] == of[parent]  # a parent of the child's own agency
        has_own_parent = np.bincount(child[inside], minlength=n) > 0
        result: dict[str, list[int]] = {}
        names = list(ids)
        for node in np.nonzero((of >= 0) & ~has_own_parent)[0].tolist():
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

