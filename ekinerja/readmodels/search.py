"""Finding objectives (by name, code, owner's NIP or name, unit), employees and parents."""

from __future__ import annotations

from ekinerja.model import LEVEL_RANK
from ekinerja.readmodels.indexes import employees_by_nip, unit_name, units_by_code
from ekinerja.readmodels.presentation import Named
from ekinerja.rollup import Engine

RESULT_LIMIT = 20
CHOICE_LIMIT = 50


def _first(index: list[tuple[str, str, str]], text: str | None, limit: int) -> list[Named]:
    """The first `limit` entries (key, name, lower-case text) whose text contains `text`."""
    wanted = (text or "").strip().lower()
    found = []
    for key, name, haystack in index:
        if wanted in haystack:
            found.append(Named(key, name))
            if len(found) >= limit:
                break
    return found


def objective_index(engine: Engine) -> list[tuple[int, str]]:
    """Per objective, top levels first: its position and a lower-case text of code, name,
    owner (NIP and name) and unit (code and name)."""

    def compute() -> list[tuple[int, str]]:
        employees, units = employees_by_nip(engine), units_by_code(engine)
        objectives = engine.doc.objectives
        rows = []
        for node, o in enumerate(objectives):
            owner = employees.get(o.owner) if o.owner else None
            unit = units.get(o.unit) if o.unit else None
            text = " ".join([o.code, o.name, o.owner or "", owner.name if owner else "",
                             o.unit or "", unit.name if unit else ""])
            rows.append((node, text.lower()))
        rows.sort(key=lambda row: (LEVEL_RANK[objectives[row[0]].level], row[0]))
        return rows

    return engine.structure.memo("objective_index", compute)


def find_objectives(engine: Engine, query: str | None, limit: int = RESULT_LIMIT
                    ) -> list[Named]:
    """Objectives matching a name, code, NIP or unit, best first: an exact code, then top
    levels first."""
    text = (query or "").strip().lower()
    if not text:
        return []
    objectives = engine.doc.objectives
    exact = engine.structure.memo(
        "codes_lower", lambda: {o.code.lower(): n for n, o in enumerate(objectives)}
    ).get(text)
    hits = [] if exact is None else [exact]
    for node, haystack in objective_index(engine):  # top levels first: stop at the limit
        if len(hits) >= limit:
            break
        if text in haystack and node != exact:
            hits.append(node)
    return [Named(objectives[n].code, objectives[n].name, unit_name(engine, objectives[n].unit))
            for n in hits]


def find_employees(engine: Engine, text: str | None, limit: int = CHOICE_LIMIT) -> list[Named]:
    """Employees whose NIP or name contains `text` (case-insensitive), in plan order."""
    index = engine.structure.memo(
        "employee_index",
        lambda: [(e.nip, e.name, f"{e.nip} {e.name}".lower()) for e in engine.doc.employees],
    )
    return _first(index, text, limit)


def find_parents(engine: Engine, text: str | None, limit: int = CHOICE_LIMIT) -> list[Named]:
    """Objectives with children (whose weights can be set) whose code or name contains
    `text`, in plan order."""
    index = engine.structure.memo(
        "parent_index",
        lambda: [(o.code, o.name, f"{o.code} {o.name}".lower()) for o in engine.doc.objectives
                 if engine.child_count(o.code)],
    )
    return _first(index, text, limit)
