"""The cascade quality check as the Kualitas page shows it: counts per kind and the first
items of each; the plan's part kept per Engine and carried to a following Engine whose plan
lists are the very same objects (a saved realization replaces only the realizations)."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Mapping
from typing import Any

from ekinerja.quality import Findings, QualityItem, plan_items, quality_summary
from ekinerja.readmodels.cache import ResultCache
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
    found = plan_items(engine.doc, shown)
    with _LAST_LOCK:
        _LAST[:] = [(weakref.ref(engine), shown, found)]
    return found


def summary(engine: Engine, manuals: Mapping[str, Mapping[str, Any]] | None, shown: int
            ) -> tuple[dict[str, int], list[QualityItem]]:
    """How many items of each kind and the first `shown` of each kind (quality_summary)."""
    found = _KEPT.get(engine, ("quality", shown), lambda: _plan_part(engine, shown))
    with _LAST_LOCK:  # the engine asked last is the one a following engine is compared with
        _LAST[:] = [(weakref.ref(engine), shown, found)]
    return quality_summary(engine.doc, manuals, shown, found)
