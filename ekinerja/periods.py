"""Periods `YYYY`, `YYYY-Qn` and `YYYY-MM`: parsing, ordering and sub-periods."""

from __future__ import annotations

import re
from dataclasses import dataclass

_PATTERN = re.compile(r"^(\d{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$")


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
    match = _PATTERN.match(text) if isinstance(text, str) else None
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
    return isinstance(text, str) and bool(_PATTERN.match(text))


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


def in_plan(text: str, start_year: int, end_year: int) -> Period:
    """The period of `text` when it lies within the plan's years; ValueError otherwise."""
    period = parse_period(text)
    if not start_year <= period.year <= end_year:
        raise ValueError(f'periode "{text}" di luar tahun rencana / outside the plan years '
                         f"{start_year}–{end_year}")
    return period
