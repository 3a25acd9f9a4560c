"""How a score is presented: its band label and colour, and one indicator as pages show it."""

from __future__ import annotations

from dataclasses import dataclass

from ekinerja.rollup import Engine, Evaluation
from ekinerja.scoring import band_colour


@dataclass(frozen=True)
class Banded:
    """A score (or achievement) with its band label and colour; no score: no band, grey.

    A band is never shown by colour alone: pages show the value and the label with it.
    """

    value: float | None
    band: str | None
    colour: str


@dataclass(frozen=True)
class Scored:
    """An objective shown with its score (a mission on the Beranda, a node of the map)."""

    code: str
    name: str
    score: Banded


def banded(engine: Engine, value: float | None) -> Banded:
    """A score with its band under the plan's bands (docs/scoring.md: bands)."""
    return Banded(value, engine.band(value), band_colour(value, engine.bands))


@dataclass(frozen=True)
class BandColour:
    """One band of the plan: its lower bound, label and colour."""

    lower: float
    label: str
    colour: str


def band_legend(engine: Engine) -> list[BandColour]:
    """The plan's bands, top band first, with their colours."""
    ordered = sorted(engine.bands, key=lambda b: b[0], reverse=True)
    return [BandColour(lower, label, band_colour(lower, engine.bands)) for lower, label in ordered]


@dataclass(frozen=True)
class IndicatorLine:
    """One indicator in one period, as every page shows it."""

    code: str
    name: str
    measure_unit: str
    polarity: str
    objective: str
    objective_name: str
    target: float | list[float] | None
    realization: float | None
    derived: bool  # the realization is derived from sub-periods
    raw_achievement: float | None
    achievement: Banded


def indicator_line(engine: Engine, ev: Evaluation, code: str) -> IndicatorLine:
    """One indicator of the plan in the evaluation's period."""
    indicator = engine.item(code)
    objective = engine.item(indicator.objective)  # type: ignore[union-attr]
    values = ev.indicator_values(code)
    return IndicatorLine(
        code=code,
        name=indicator.name,
        measure_unit=indicator.measure_unit,  # type: ignore[union-attr]
        polarity=indicator.polarity,  # type: ignore[union-attr]
        objective=objective.code,
        objective_name=objective.name,
        target=values.target,
        realization=values.realization,
        derived=values.derived,
        raw_achievement=values.raw_achievement,
        achievement=banded(engine, values.achievement),
    )


@dataclass(frozen=True)
class Named:
    """Something a page names or offers to choose: its code (or NIP), its name, and the unit it
    belongs to where that helps to tell it apart."""

    code: str
    name: str
    unit: str | None = None
