"""The organisation unit tree: subtrees, each unit's agency, unit heads and their superiors."""

from __future__ import annotations

from collections.abc import Sequence

from ekinerja.model import Employee, PlanDocument, Unit


def unit_subtree(units: Sequence[Unit], unit: str) -> set[str]:
    """A unit's code and the codes of every unit below it (empty for an unknown unit)."""
    children: dict[str, list[str]] = {}
    known = set()
    for u in units:
        known.add(u.code)
        if u.parent:
            children.setdefault(u.parent, []).append(u.code)
    if unit not in known:
        return set()
    result: set[str] = set()
    stack = [unit]
    while stack:
        current = stack.pop()
        if current not in result:
            result.add(current)
            stack.extend(children.get(current, []))
    return result


def agency_of_unit(units: Sequence[Unit]) -> dict[str, str | None]:
    """For each unit code: its nearest unit of kind `agency` at or above it (None: none)."""
    by_code = {u.code: u for u in units}
    result: dict[str, str | None] = {}
    for code in by_code:
        current: str | None = code
        seen: set[str] = set()
        found = None
        while current is not None and current in by_code and current not in seen:
            seen.add(current)
            if by_code[current].kind == "agency":
                found = current
                break
            current = by_code[current].parent
        result[code] = found
    return result


def region_unit(doc: PlanDocument) -> Unit | None:
    """The unit that stands for the region as a whole: the first top unit of kind `pemda`."""
    return next((u for u in doc.units if u.parent is None and u.kind == "pemda"), None)


def unit_heads(doc: PlanDocument) -> dict[str, Employee]:
    """The head of every unit that has one: its employee whose supervisor is outside the unit
    or who has none; with several such employees, the first in the plan's order."""
    unit_of = {e.nip: e.unit for e in doc.employees}
    heads: dict[str, Employee] = {}
    for e in doc.employees:
        if e.unit not in heads and (e.supervisor is None or unit_of.get(e.supervisor) != e.unit):
            heads[e.unit] = e
    return heads


def unit_head(doc: PlanDocument, unit: str) -> Employee | None:
    """The head of a unit (see unit_heads); None when the unit has no employee (a region
    whose head of government is not on the staff list)."""
    return unit_heads(doc).get(unit)


def head_superior(doc: PlanDocument, unit: str) -> Employee | None:
    """The superior of a unit's head: the head's supervisor, else the head of the nearest unit
    above that has one; None for a top unit (or when no unit above has a known head)."""
    head = unit_head(doc, unit)
    employees = {e.nip: e for e in doc.employees}
    if head is not None and head.supervisor in employees:
        return employees[head.supervisor]
    units = {u.code: u for u in doc.units}
    parent = units[unit].parent if unit in units else None
    seen: set[str] = set()
    while parent is not None and parent in units and parent not in seen:
        seen.add(parent)
        found = unit_head(doc, parent)
        if found is not None:
            return found
        parent = units[parent].parent
    return None
