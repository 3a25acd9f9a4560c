"""Input Realisasi: the units that have indicators, a unit's indicators in a period, and the
achievement a typed value would get."""

from __future__ import annotations

from dataclasses import dataclass

from ekinerja.interchange import UNKNOWN_INDICATOR
from ekinerja.messages import Message
from ekinerja.readmodels.presentation import Banded, IndicatorLine, Named, banded, indicator_line
from ekinerja.rollup import Engine

NO_UNIT = "*"  # the "unit" of indicators under objectives without a unit (province level)
OWN_RHK = "@rhk"  # the "unit" of the indicators of the signed-in employee's own objectives


@dataclass(frozen=True)
class AchievementPreview:
    """What a typed realization would score."""

    raw_achievement: float | None
    achievement: Banded


def _by_unit(engine: Engine) -> dict[str, list[str]]:
    """Indicator codes per unit code (of their objective), in plan order."""

    def compute() -> dict[str, list[str]]:
        unit_of = {o.code: o.unit for o in engine.doc.objectives}
        result: dict[str, list[str]] = {}
        for indicator in engine.doc.indicators:
            result.setdefault(unit_of.get(indicator.objective) or NO_UNIT, []).append(
                indicator.code
            )
        return result

    return engine.structure.memo("indicators_by_unit", compute)


def _by_owner(engine: Engine) -> dict[str, list[str]]:
    """Indicator codes per owner NIP (of their objective), in plan order."""

    def compute() -> dict[str, list[str]]:
        owner_of = {o.code: o.owner for o in engine.doc.objectives if o.owner}
        result: dict[str, list[str]] = {}
        for indicator in engine.doc.indicators:
            owner = owner_of.get(indicator.objective)
            if owner:
                result.setdefault(owner, []).append(indicator.code)
        return result

    return engine.structure.memo("indicators_by_owner", compute)


def owns_indicators(engine: Engine, nip: str | None) -> bool:
    """Whether an employee owns an objective with indicators (their RHK)."""
    return bool(nip) and nip in _by_owner(engine)


def owned_rows(engine: Engine, period: str, nip: str) -> list[IndicatorLine]:
    """Every indicator of the objectives an employee owns, with target, realization,
    achievement and band."""
    ev = engine.evaluation(period)
    return [indicator_line(engine, ev, code) for code in _by_owner(engine).get(nip, [])]


def units_with_indicators(engine: Engine) -> list[Named]:
    """Units that own at least one objective with indicators, in plan order; last, when some
    indicators sit under objectives without a unit (province level), the NO_UNIT entry."""
    used = _by_unit(engine)
    last = [Named(NO_UNIT, "")] if NO_UNIT in used else []  # no name: the province level
    return [Named(u.code, u.name) for u in engine.doc.units if u.code in used] + last


def unit_of_indicator(engine: Engine, indicator: str) -> str | None:
    """The unit (of its objective) an indicator is listed under, NO_UNIT at province level;
    None for a code that is not an indicator."""
    return next((unit for unit, codes in _by_unit(engine).items() if indicator in codes), None)


def owner_of_indicator(engine: Engine, indicator: str) -> str | None:
    """The NIP of the employee who owns the indicator's objective (None: nobody)."""
    return next((nip for nip, codes in _by_owner(engine).items() if indicator in codes), None)


def unit_rows(engine: Engine, period: str, unit: str) -> list[IndicatorLine]:
    """Every indicator of a unit with its target, realization, achievement and band."""
    ev = engine.evaluation(period)
    return [indicator_line(engine, ev, code) for code in _by_unit(engine).get(unit, [])]


def preview_achievement(engine: Engine, period: str, indicator: str, value: float
                        ) -> AchievementPreview:
    """The raw and clamped achievement and band the indicator would have with `value`."""
    if not engine.is_indicator(indicator):
        raise KeyError(Message(UNKNOWN_INDICATOR, {"ref": indicator}).bilingual())
    raw, achievement = engine.evaluation(period).achievement_if(indicator, value)
    return AchievementPreview(raw, banded(engine, achievement))
