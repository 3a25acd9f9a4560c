"""Finding objectives (by name, code, owner's NIP or name, unit), employees and parents."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import repeat
from operator import attrgetter

import numpy as np

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


@dataclass(frozen=True)
class ObjectiveIndex:
    """Per objective, top levels first (`nodes`): a lower-case text of its code, name, owner
    (NIP and name) and unit (code and name) (`texts`), and all texts joined by NUL (`joined`,
    text k beginning at `starts[k]`) to be scanned at C speed. Iterates as (node, text)."""

    nodes: list[int]
    texts: list[str]
    joined: str
    starts: np.ndarray

    def __iter__(self) -> Iterator[tuple[int, str]]:
        return zip(self.nodes, self.texts, strict=True)

    def matching(self, text: str) -> Iterator[int]:
        """The nodes whose text contains `text` (non-empty), top levels first."""
        if _SEPARATOR in text:  # could match across two texts in `joined`: one by one
            yield from (node for node, haystack in self if text in haystack)
            return
        joined, starts, nodes = self.joined, self.starts, self.nodes
        at = joined.find(text)
        while at >= 0:
            row = int(np.searchsorted(starts, at, side="right")) - 1
            yield nodes[row]
            if row + 1 >= len(nodes):
                return
            at = joined.find(text, int(starts[row + 1]))

    def starting(self, prefix: str) -> Iterator[int]:
        """The nodes whose text begins with `prefix` (without a NUL), and perhaps others (a
        field holding a NUL): the caller checks each."""
        joined, starts, nodes = self.joined, self.starts, self.nodes
        if joined.startswith(prefix) and nodes:
            yield nodes[0]
        at = joined.find(_SEPARATOR + prefix)
        while at >= 0:
            yield nodes[int(np.searchsorted(starts, at + 1, side="right")) - 1]
            at = joined.find(_SEPARATOR + prefix, at + 1)


_SEPARATOR = "\0"


def objective_index(engine: Engine) -> ObjectiveIndex:
    """The objectives' search texts (ObjectiveIndex), computed once per compiled structure."""

    def compute() -> ObjectiveIndex:
        employees, units = employees_by_nip(engine), units_by_code(engine)
        objectives = engine.doc.objectives
        owners = [code or "" for code in map(attrgetter("owner"), objectives)]
        unit_codes = [code or "" for code in map(attrgetter("unit"), objectives)]
        owner_names = {nip: e.name for nip, e in employees.items()}
        unit_names = {code: u.name for code, u in units.items()}
        owner_names.pop("", None)  # no owner, no unit: an empty field, whatever is named ""
        unit_names.pop("", None)
        rank = engine.compiled_columns()["level_rank"]  # LEVEL_RANK of each objective's level
        order = np.argsort(rank, kind="stable").tolist()
        fields = zip(engine.objective_codes, map(attrgetter("name"), objectives),
                     owners, map(owner_names.get, owners, repeat("")),
                     unit_codes, map(unit_names.get, unit_codes, repeat("")), strict=True)
        texts = list(map(str.lower, map(" ".join, fields)))
        texts = [texts[k] for k in order]
        lengths = np.fromiter(map(len, texts), np.int64, count=len(texts)) + 1
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        return ObjectiveIndex(order, texts, _SEPARATOR.join(texts), starts)

    return engine.structure.memo("objective_index", compute)  # type: ignore[no-any-return]


def _exact_code(engine: Engine, text: str) -> int | None:
    """The last objective whose lower-case code is `text` (lower case), if any: among those
    whose search text begins with `text` and a space (a text begins with its lower-case code)."""
    objectives = engine.doc.objectives
    if _SEPARATOR in text:  # the joined texts do not tell: one by one
        return next((n for n in reversed(range(len(objectives)))
                     if objectives[n].code.lower() == text), None)
    found = [node for node in objective_index(engine).starting(f"{text} ")
             if objectives[node].code.lower() == text]
    return max(found, default=None)


def find_objectives(engine: Engine, query: str | None, limit: int = RESULT_LIMIT
                    ) -> list[Named]:
    """Objectives matching a name, code, NIP or unit, best first: an exact code, then top
    levels first."""
    text = (query or "").strip().lower()
    if not text:
        return []
    objectives = engine.doc.objectives
    exact = _exact_code(engine, text)
    hits = [] if exact is None else [exact]
    if len(hits) < limit:
        for node in objective_index(engine).matching(text):  # top levels first
            if node != exact:
                hits.append(node)
                if len(hits) >= limit:
                    break
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
