"""Bounded caches of read-model results, one entry per owner object and key.

An owner is what a result is computed from: an Engine's `structure` (kept while only values
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
from typing import Any, TypeVar

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
