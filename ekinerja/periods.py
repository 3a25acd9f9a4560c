"""Periods `YYYY`, `YYYY-Qn` and `YYYY-MM`: parsing, ordering and sub-periods."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ekinerja.messages import N_, InputError, Message

if TYPE_CHECKING:
    from ekinerja.rollup import Engine

# ASCII digits only (\d would take Arabic-Indic digits), matched in full (no trailing newline)
_PATTERN = re.compile(r"([0-9]{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?")

PERIOD_REQUIRED = N_("A period is required (YYYY, YYYY-Qn or YYYY-MM).")
INVALID_PERIOD = N_("Invalid period {text}: use YYYY, YYYY-Qn (n = 1 to 4) or YYYY-MM.")
OUTSIDE_PLAN = N_('The period "{text}" is outside the plan\'s years {start}–{end}.')


@dataclass(frozen=True, order=True)
class Period:
    """A year, a quarter or a month. Sorts chronologically, a year after its parts."""

    year: int
    month_end: int  # last month covered: 12 for a year, 3n for quarter n, m for month m
    span: int  # 1 month, 3 quarter, 12 year (so a month sorts before its quarter)
    kind: str  # "year" | "quarter" | "month"
    number: int  # quarter 1..4, month 1..12, 0 for a year

    def __str__(self) -> str:
        if self.kind == "year":
            return f"{self.year:04d}"
        if self.kind == "quarter":
            return f"{self.year:04d}-Q{self.number}"
        return f"{self.year:04d}-{self.number:02d}"

    def children(self) -> list[Period]:
        """Sub-periods a value is derived from: a year's quarters, a quarter's months."""
        if self.kind == "year":
            return [quarter(self.year, q) for q in range(1, 5)]
        if self.kind == "quarter":
            first = 3 * (self.number - 1) + 1
            return [month(self.year, m) for m in range(first, first + 3)]
        return []

    def parent(self) -> Period | None:
        """The enclosing period: a month's quarter, a quarter's year."""
        if self.kind == "month":
            return quarter(self.year, (self.number - 1) // 3 + 1)
        if self.kind == "quarter":
            return year(self.year)
        return None


def year(y: int) -> Period:
    """The period of a whole year."""
    return Period(y, 12, 12, "year", 0)


def quarter(y: int, q: int) -> Period:
    """The period of quarter `q` of year `y`."""
    return Period(y, 3 * q, 3, "quarter", q)


def month(y: int, m: int) -> Period:
    """The period of month `m` of year `y`."""
    return Period(y, m, 1, "month", m)


def parse_period(text: str) -> Period:
    """Parse `YYYY`, `YYYY-Qn` or `YYYY-MM`; raise ValueError with a bilingual message."""
    match = _PATTERN.fullmatch(text) if isinstance(text, str) else None
    if not match:
        raise ValueError(
            f'periode tidak sah / invalid period "{text}" (YYYY, YYYY-Qn atau/or YYYY-MM)'
        )
    y, q, m = match.groups()
    if q:
        return quarter(int(y), int(q))
    if m:
        return month(int(y), int(m))
    return year(int(y))


def is_period(text: object) -> bool:
    """True when `text` is a well-formed period string."""
    return isinstance(text, str) and bool(_PATTERN.fullmatch(text))


def plan_periods(
    start_year: int, end_year: int, kinds: tuple[str, ...] = ("year", "quarter", "month")
) -> list[Period]:
    """Every period of the plan's years, chronologically."""
    result: list[Period] = []
    for y in range(start_year, end_year + 1):
        if "month" in kinds:
            result.extend(month(y, m) for m in range(1, 13))
        if "quarter" in kinds:
            result.extend(quarter(y, q) for q in range(1, 5))
        if "year" in kinds:
            result.append(year(y))
    return sorted(result)


def _shown(text: object) -> str:
    """A value as typed, quoted and escaped so spaces and control characters show."""
    # JSON in ASCII: spaces, control characters and lone surrogates show as escapes
    shown = json.dumps(text) if isinstance(text, str | int | float | bool) else type(text).__name__
    return shown if len(shown) <= 40 else shown[:39] + "…"


def plan_period(text: object, start_year: int, end_year: int, place: str | None = None) -> Period:
    """The period `text` names, when it is exactly a period of the plan's years.

    Nothing is repaired or defaulted: surrounding spaces, ``2022-13``, ``2022-Q5``, an empty
    value or None, and years outside ``start_year``–``end_year`` raise InputError (a ValueError)
    whose message says what was given and, with ``place``, where.
    """
    if text is None or text == "":
        raise InputError(Message(PERIOD_REQUIRED), place)
    if not isinstance(text, str) or not _PATTERN.fullmatch(text):
        raise InputError(Message(INVALID_PERIOD, {"text": _shown(text)}), place)
    period = parse_period(text)
    if not start_year <= period.year <= end_year:
        raise InputError(
            Message(OUTSIDE_PLAN, {"text": text, "start": str(start_year), "end": str(end_year)}),
            place,
        )
    return period


def default_score_period(engine: Engine) -> str:
    """The period `ekinerja score` scores when none is given: the latest that has realizations
    (a year before its quarters and months), else the plan's first year (as
    report.default_period, without the report's imports)."""
    with_data = engine.periods(realized_only=True)
    if with_data:
        years = [p for p in with_data if len(p) == 4]
        return years[-1] if years else with_data[-1]
    return str(engine.doc.plan.start_year)
