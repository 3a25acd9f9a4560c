"""The organisation of a plan: units, their heads and the heads' superiors."""

from __future__ import annotations

from ekinerja.model import Employee, PlanDocument, Unit


def region_unit(doc: PlanDocument) -> Unit | None:
    """The unit that stands for the region as a whole: the first top unit of kind `pemda`."""
    return next((u for u in doc.units if u.parent is None and u.kind == "pemda"), None)


def unit_head(doc: PlanDocument, unit: str) -> Employee | None:
    """The head of a unit: its employee whose supervisor is outside the unit or who has none.

    With several such employees the first in the plan's order is the head; None when the unit
    has no employee (a region whose head of government is not on the staff list).
    """
    members = [e for e in doc.employees if e.unit == unit]
    inside = {e.nip for e in members}
    return next((e for e in members if e.supervisor is None or e.supervisor not in inside), None)


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
