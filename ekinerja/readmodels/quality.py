"""The cascade quality check as the Kualitas page shows it: counts per kind and the first
items of each, the plan's part kept while the plan's lists stay the same objects."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ekinerja.quality import Findings, QualityItem, plan_items, quality_summary
from ekinerja.readmodels.cache import ResultCache
from ekinerja.rollup import Engine

#: The plan's findings per structure: a saved realization keeps them (the objectives,
#: indicators, links, targets and employees are the same lists), a saved weight or a rename
#: replaces a list and so computes them again.
_KEPT = ResultCache(8)


def _lists(engine: Engine) -> tuple[Any, ...]:
    doc = engine.doc
    return (doc.plan, doc.objectives, doc.indicators, doc.links, doc.targets, doc.employees)


def summary(engine: Engine, manuals: Mapping[str, Mapping[str, Any]] | None, shown: int
            ) -> tuple[dict[str, int], list[QualityItem]]:
    """How many items of each kind and the first `shown` of each kind (quality_summary)."""
    lists = _lists(engine)

    def compute() -> tuple[tuple[Any, ...], Findings]:
        return lists, plan_items(engine.doc, shown)

    key = ("quality", shown, *map(id, lists))
    kept, found = _KEPT.get(engine.structure, key, compute)
    if any(a is not b for a, b in zip(kept, lists, strict=True)):  # an address used again
        found = plan_items(engine.doc, shown)
    return quality_summary(engine.doc, manuals, shown, found)
