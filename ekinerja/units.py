"""The organisation unit tree: a unit's subtree and the agency each unit belongs to."""

from __future__ import annotations

from collections.abc import Sequence

from ekinerja.model import Unit


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
