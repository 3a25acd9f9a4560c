"""Verifikasi: the entries waiting for someone, with the target and the achievement their value
would get; the workflow status of each realization, and the share of verified weight."""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ekinerja.readmodels.presentation import Banded, banded
from ekinerja.rollup import Engine

_STATUS: weakref.WeakKeyDictionary[Engine, dict[tuple[str, str], str]] = (
    weakref.WeakKeyDictionary())
_UNVERIFIED: weakref.WeakKeyDictionary[Engine, frozenset[str]] = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class InboxLine:
    """One waiting entry (services.workflow.Entry) with its target and would-be achievement."""

    entry: Any  # services.workflow.Entry
    target: float | list[float] | None
    achievement: Banded


def inbox_lines(engine: Engine, entries: Sequence[Any]) -> list[InboxLine]:
    """Each entry with the target of its indicator and period and the achievement its value
    gets (grey when the indicator is no longer in the plan or the period has no target)."""
    result = []
    for entry in entries:
        target, achievement = None, None
        if engine.is_indicator(entry.indicator):
            ev = engine.evaluation(entry.period)
            target = ev.indicator(entry.indicator)["target"]
            achievement = ev.achievement_if(entry.indicator, entry.value)[1]
        result.append(InboxLine(entry, target, banded(engine, achievement)))
    return result


def statuses(engine: Engine) -> dict[tuple[str, str], str]:
    """The workflow status of every realization in force that is not verified, by
    (indicator, period); computed once per Engine."""
    found = _STATUS.get(engine)
    if found is None:
        found = engine.unverified()  # kept along the engines that follow saved values
        _STATUS[engine] = found
    return found


def unverified_indicators(engine: Engine) -> frozenset[str]:
    """The indicators with a value in force that is not verified (in any period); computed
    once per Engine."""
    found = _UNVERIFIED.get(engine)
    if found is None:
        found = frozenset(indicator for indicator, _period in statuses(engine))
        _UNVERIFIED[engine] = found
    return found


def status_of(engine: Engine, indicator: str, period: str) -> str | None:
    """The status of an indicator's own realization in a period when it is not verified
    (draft, submitted, rejected); None when verified, derived or missing."""
    return statuses(engine).get((indicator, period))


def verified_share(engine: Engine, period: str, indicators: Sequence[str]) -> float | None:
    """Of the weight of `indicators` that has a scored value in the period, the share (0..1)
    whose value is verified (None when none has a value).

    An indicator's achievement reads its own values only: when none of `indicators` has a
    value that is not verified, the verified-only view would score them all the same, so it
    is not built (it regroups every realization of the plan)."""
    ev = engine.evaluation(period)
    unverified = unverified_indicators(engine)
    if not any(code in unverified for code in indicators):
        scored = [code for code in indicators if ev.indicator_values(code).achievement is not None]
        return 1.0 if scored else None
    verified = engine.verified_only().evaluation(period)
    total = counted = 0.0
    for code in indicators:  # the weights of these indicators only (never of the whole plan)
        if ev.indicator_values(code).achievement is None:
            continue
        weight = float(engine.item(code).weight)  # type: ignore[union-attr]
        total += weight
        if verified.indicator_values(code).achievement is not None:
            counted += weight
    return None if total == 0 else counted / total
