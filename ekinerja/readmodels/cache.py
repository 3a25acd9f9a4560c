"""Bounded caches of read-model results, one entry per owner object and key; and the
objective owners as arrays, kept per compiled structure (OwnerIndex).

A cache's owner is what a result is computed from: an Engine's `structure` (kept while only values
change), an Evaluation (one period's scores: replaced when a value is saved). An entry is held
by the owner's identity and checked against a weak reference, so a result is never served for
another object that happens to reuse the address; the least recently used entries go first, so
a cache never holds more than `maxsize` results, whatever periods, units or filters are asked.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, TypeVar

import numpy as np

from ekinerja.rollup import Engine

T = TypeVar("T")


class ResultCache:
    """A thread-safe LRU of `maxsize` results keyed by (owner identity, key)."""

    def __init__(self, maxsize: int):
        if maxsize < 1:
            raise ValueError("maxsize must be at least 1")
        self.maxsize = maxsize
        self._entries: OrderedDict[tuple[int, Hashable], tuple[weakref.ref, Any]] = (
            OrderedDict())
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def get(self, owner: object, key: Hashable, compute: Callable[[], T]) -> T:
        """The result of `key` for `owner`, computed by `compute` when not kept."""
        slot = (id(owner), key)
        with self._lock:
            entry = self._entries.get(slot)
            if entry is not None and entry[0]() is owner:
                self._entries.move_to_end(slot)
                return entry[1]
        value = compute()
        with self._lock:
            self._entries[slot] = (weakref.ref(owner), value)
            self._entries.move_to_end(slot)
            while len(self._entries) > self.maxsize:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        """Forget every result."""
        with self._lock:
            self._entries.clear()


@dataclass(frozen=True)
class OwnerIndex:
    """Who owns which objective, as arrays (kept per compiled structure: `owner_index`).

    Owners are numbered: the plan's employees first, in plan order (so an employee's number is
    their place in `doc.employees`), then any other owner code. `objective_owner` is each
    objective's owner number (-1: none), `supervisor` each employee's supervisor number (-1:
    none, or a code that neither is an employee nor owns an objective)."""

    ids: dict[str, int]
    objective_owner: np.ndarray
    supervisor: np.ndarray
    n_employees: int
    _order: np.ndarray  # objective nodes by owner number, in node order within one owner
    _start: np.ndarray  # where each owner's nodes begin in `_order` (one more at the end)

    def nodes_of(self, owner: str | None) -> np.ndarray:
        """The nodes of the objectives `owner` owns, in plan order (empty for no one)."""
        k = self.ids.get(owner) if owner else None
        if k is None:
            return np.empty(0, dtype=np.int64)
        return self._order[self._start[k]: self._start[k + 1]]


def owner_index(engine: Engine) -> OwnerIndex:
    """The engine's OwnerIndex, computed once per compiled structure."""
    return engine.structure.memo("owner_index", lambda: _owner_index(engine))  # type: ignore[no-any-return]


def _owner_index(engine: Engine) -> OwnerIndex:
    doc = engine.doc
    nips = list(map(attrgetter("nip"), doc.employees))
    ids = dict(zip(nips, range(len(nips)), strict=True))
    owners = list(map(attrgetter("owner"), doc.objectives))
    for code in dict.fromkeys(owners):
        if code and code not in ids:
            ids[code] = len(ids)
    ids_get = ids.get
    objective_owner = np.fromiter(
        (ids_get(code, -1) if code else -1 for code in owners), np.int64, count=len(owners))
    supervisor = np.fromiter(
        (ids_get(code, -1) if code else -1 for code in map(attrgetter("supervisor"),
                                                           doc.employees)),
        np.int64, count=len(nips))
    order = np.argsort(objective_owner, kind="stable")
    counts = np.bincount(objective_owner[objective_owner >= 0], minlength=len(ids))
    start = np.concatenate([[0], np.cumsum(counts)]) + int(np.count_nonzero(objective_owner < 0))
    return OwnerIndex(ids, objective_owner, supervisor, len(nips), order, start)
