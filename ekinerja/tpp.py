"""Ranking and TPP (tambahan penghasilan pegawai) from the SKP (docs/skp.md).

TPP is set by each region's own regulation, so every number is a setting (`TppSettings`, read
from a JSON file): the base amount per employee or per class, the shares paid on performance and
on discipline, the percentage of the performance share paid per predikat, and the discipline
deductions imported per employee and month from a workbook. Dash-free.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ekinerja.messages import N_, bilingual
from ekinerja.model import InvalidPlan, Problem
from ekinerja.periods import Period, is_period, parse_period
from ekinerja.rollup import Engine
from ekinerja.skp import PREDIKATS, EmployeeSkp, SkpResult

#: Default percentage of the performance share paid per predikat (a region sets its own).
DEFAULT_PAID: dict[str, float] = {
    "sangat_baik": 100.0,
    "baik": 100.0,
    "butuh_perbaikan": 75.0,
    "kurang": 50.0,
    "sangat_kurang": 25.0,
}
SETTING_KEYS = (
    "base",
    "base_by_class",
    "employee_class",
    "base_by_employee",
    "performance_share",
    "discipline_share",
    "paid_by_predikat",
    "paid_without_predikat",
)


@dataclass
class TppSettings:
    """Every number of a TPP calculation (amounts per employee per month, in rupiah)."""

    base: float = 0.0  # the base amount of an employee with no class and no own amount
    base_by_class: dict[str, float] = field(default_factory=dict)  # class -> amount
    employee_class: dict[str, str] = field(default_factory=dict)  # NIP -> class
    base_by_employee: dict[str, float] = field(default_factory=dict)  # NIP -> amount
    performance_share: float = 60.0  # % of the base paid on performance
    discipline_share: float = 40.0  # % of the base paid on discipline
    paid_by_predikat: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_PAID))
    paid_without_predikat: float = 0.0  # % of the performance share while there is none

    def base_of(self, nip: str) -> float:
        """An employee's base amount: their own, else their class's, else `base`."""
        if nip in self.base_by_employee:
            return self.base_by_employee[nip]
        cls = self.employee_class.get(nip)
        if cls is not None and cls in self.base_by_class:
            return self.base_by_class[cls]
        return self.base


# ----------------------------------------------------------------- reading the settings
# The problems of the settings and the deductions (msgids, shown "Indonesian / English").
MUST_BE_A_NUMBER = N_("must be a number")
MUST_BE_WITHIN = N_("must be {limit}: {value}")
MUST_BE_AN_OBJECT = N_("must be an object")
UNKNOWN_KEY = N_("unknown key ({keys})")
UNKNOWN_PREDIKAT = N_("unknown predikat ({predikats})")
SHARES_ABOVE_100 = N_("performance + discipline shares exceed 100 %")
UNREADABLE = N_("unreadable: {error}")
MISSING_COLUMNS = N_("missing columns: {columns}")
NIP_EMPTY = N_("NIP empty")
MONTH_NOT_YYYY_MM = N_("month must be YYYY-MM: {value}")


def _amount(value: object, place: str, problems: list[Problem], *, percent: bool = False
            ) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        problems.append(Problem(place, bilingual(MUST_BE_A_NUMBER)))
        return 0.0
    if value < 0 or (percent and value > 100):
        limit = "0–100" if percent else "≥ 0"
        problems.append(Problem(place, bilingual(MUST_BE_WITHIN, limit=limit, value=str(value))))
    return float(value)


def _table(value: object, place: str, problems: list[Problem]) -> dict[str, Any]:
    if not isinstance(value, dict):
        problems.append(Problem(place, bilingual(MUST_BE_AN_OBJECT)))
        return {}
    return value


def settings_from_dict(data: object, source: str = "tpp") -> TppSettings:
    """TppSettings from a JSON object; InvalidPlan with every problem, each at its place."""
    problems: list[Problem] = []
    data = _table(data, source, problems)
    got: dict[str, Any] = {}
    for key, value in data.items():
        place = f"{source}.{key}"
        if key not in SETTING_KEYS:
            problems.append(Problem(place, bilingual(UNKNOWN_KEY, keys=", ".join(SETTING_KEYS))))
        elif key in ("base", "performance_share", "discipline_share", "paid_without_predikat"):
            got[key] = _amount(value, place, problems, percent=key != "base")
        elif key == "employee_class":
            got[key] = {str(k): str(v) for k, v in _table(value, place, problems).items()}
        else:
            table = _table(value, place, problems)
            if key == "paid_by_predikat":
                for name in table:
                    if name not in PREDIKATS:
                        problems.append(Problem(f"{place}.{name}", bilingual(
                            UNKNOWN_PREDIKAT, predikats=", ".join(PREDIKATS))))
                paid = {p: _amount(v, f"{place}.{p}", problems, percent=True)
                        for p, v in table.items() if p in PREDIKATS}
                got[key] = {**DEFAULT_PAID, **paid}
            else:
                got[key] = {str(k): _amount(v, f"{place}.{k}", problems)
                            for k, v in table.items()}
    settings = TppSettings(**got)
    if settings.performance_share + settings.discipline_share > 100:
        problems.append(Problem(f"{source}.discipline_share", bilingual(SHARES_ABOVE_100)))
    if problems:
        raise InvalidPlan(problems)
    return settings


def load_settings(path: str | Path) -> TppSettings:
    """TppSettings from a JSON file (absent keys keep their defaults)."""
    name = Path(path).name
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InvalidPlan([Problem(name, bilingual(UNREADABLE, error=str(exc)))]) from exc
    return settings_from_dict(data, name)


# ----------------------------------------------------------------- discipline deductions
DEDUCTION_COLUMNS = ("nip", "month", "percent")


def read_deductions(path: str | Path) -> dict[tuple[str, str], float]:
    """Discipline deductions from a workbook: the first sheet, a header row `nip`, `month`
    (YYYY-MM), `percent` (of the discipline share), one row per deduction; rows of the same
    employee and month add up (at most 100). InvalidPlan with every bad cell at its place."""
    from openpyxl import load_workbook

    name = Path(path).name
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # any unreadable file is one clear problem
        raise InvalidPlan([Problem(name, bilingual(UNREADABLE, error=str(exc)))]) from exc
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(v).strip().lower() if v is not None else "" for v in next(rows, ())]
    problems: list[Problem] = []
    missing = [c for c in DEDUCTION_COLUMNS if c not in header]
    if missing:
        book.close()
        raise InvalidPlan([Problem(f"{name}!{sheet.title}!1",
                                   bilingual(MISSING_COLUMNS, columns=", ".join(missing)))])
    at = {c: header.index(c) for c in DEDUCTION_COLUMNS}
    letters = {c: chr(ord("A") + at[c]) for c in DEDUCTION_COLUMNS}
    result: dict[tuple[str, str], float] = {}
    for number, row in enumerate(rows, start=2):
        values = {c: row[at[c]] if at[c] < len(row) else None for c in DEDUCTION_COLUMNS}
        if all(v is None or v == "" for v in values.values()):
            continue
        nip = "" if values["nip"] is None else str(values["nip"]).strip()
        month = "" if values["month"] is None else str(values["month"]).strip()
        if not nip:
            problems.append(Problem(f"{name}!{letters['nip']}{number}", bilingual(NIP_EMPTY)))
        if not (is_period(month) and parse_period(month).kind == "month"):
            problems.append(Problem(f"{name}!{letters['month']}{number}",
                                    bilingual(MONTH_NOT_YYYY_MM, value=repr(month))))
        percent = _amount(values["percent"], f"{name}!{letters['percent']}{number}", problems,
                          percent=True)
        if nip and is_period(month):
            key = (nip, month)
            result[key] = min(100.0, result.get(key, 0.0) + percent)
    book.close()
    if problems:
        raise InvalidPlan(problems)
    return result


# ----------------------------------------------------------------- ranking
def _rank_key(e: EmployeeSkp) -> tuple[int, float]:
    order = PREDIKATS.index(e.predikat) if e.predikat else len(PREDIKATS)
    return (order, -e.score if e.score is not None else math.inf)


def ranks(employees: Iterable[EmployeeSkp]) -> dict[str, int | None]:
    """Ranks by predikat (sangat_baik first) then score (higher first): equal places share a
    rank (1, 2, 2, 4); an employee without a predikat has none."""
    rated = sorted((e for e in employees if e.predikat), key=_rank_key)
    result: dict[str, int | None] = {}
    previous: tuple[int, float] | None = None
    rank = 0
    for place, e in enumerate(rated, start=1):
        key = _rank_key(e)
        if key != previous:
            rank, previous = place, key
        result[e.nip] = rank
    return result


def unit_ranks(result: SkpResult) -> dict[str, int | None]:
    """Each employee's rank among the employees of their own unit."""
    by_unit: dict[str, list[EmployeeSkp]] = {}
    for e in result.employees.values():
        by_unit.setdefault(e.unit, []).append(e)
    ranked: dict[str, int | None] = {}
    for members in by_unit.values():
        ranked.update(ranks(members))
    return ranked


# ----------------------------------------------------------------- TPP
@dataclass
class TppLine:
    """One employee's TPP in a period (the sum of its months), with the SKP behind it."""

    nip: str
    name: str
    unit: str
    score: float | None
    predikat: str | None
    rank_unit: int | None
    rank_region: int | None
    base: float
    performance: float
    discipline: float
    deduction: float  # mean % of the discipline share deducted over the months
    total: float


@dataclass
class TppResult:
    """The TPP of every employee of a plan in a period."""

    period: str
    months: list[str]
    employees: dict[str, TppLine]

    def to_json(self) -> dict[str, Any]:
        """The `ekinerja tpp --format json` document."""
        return {
            "period": self.period,
            "months": self.months,
            "employees": {
                nip: {
                    "score": e.score,
                    "predikat": e.predikat,
                    "rank_unit": e.rank_unit,
                    "rank_region": e.rank_region,
                    "base": e.base,
                    "performance": e.performance,
                    "discipline": e.discipline,
                    "deduction": e.deduction,
                    "total": e.total,
                }
                for nip, e in self.employees.items()
            },
        }


def months_of(period: Period) -> list[Period]:
    """The months a period covers, in order."""
    if period.kind == "month":
        return [period]
    return [m for child in period.children() for m in months_of(child)]


def _rupiah(value: float) -> float:
    """Rounded to whole rupiah, halves up."""
    return float(math.floor(value + 0.5))


def calculate(
    evaluate: Any,
    period: str,
    settings: TppSettings,
    deductions: Mapping[tuple[str, str], float] | None = None,
) -> TppResult:
    """The TPP of a period: for each of its months, the performance share paid by the predikat
    of that month's SKP (else its quarter's, else its year's) and the discipline share less
    that month's deductions; summed over the months, each amount in whole rupiah.

    `evaluate(period) -> SkpResult` gives the SKP of a period (with the ratings in force).
    Ranks and the predikat shown are those of the period's own SKP (else the enclosing ones).
    """
    deductions = deductions or {}
    cache: dict[str, SkpResult] = {}

    def skp_of(p: Period) -> SkpResult:
        key = str(p)
        if key not in cache:
            cache[key] = evaluate(key)
        return cache[key]

    def predikat_of(nip: str, p: Period) -> str | None:
        current: Period | None = p
        while current is not None:
            found = skp_of(current).employees[nip].predikat
            if found is not None:
                return found
            current = current.parent()
        return None

    own = parse_period(period)
    result = skp_of(own)
    by_unit = unit_ranks(result)
    region = ranks(result.employees.values())
    months = months_of(own)
    lines: dict[str, TppLine] = {}
    for nip, e in result.employees.items():
        base = settings.base_of(nip)
        performance = discipline = deducted = 0.0
        for m in months:
            predikat = predikat_of(nip, m)
            paid = (settings.paid_by_predikat.get(predikat, 0.0) if predikat
                    else settings.paid_without_predikat)
            cut = min(100.0, deductions.get((nip, str(m)), 0.0))
            performance += _rupiah(base * settings.performance_share / 100 * paid / 100)
            discipline += _rupiah(base * settings.discipline_share / 100 * (100 - cut) / 100)
            deducted += cut
        lines[nip] = TppLine(
            nip, e.name, e.unit, e.score, predikat_of(nip, own), by_unit.get(nip),
            region.get(nip), base * len(months), performance, discipline,
            deducted / len(months), performance + discipline,
        )
    return TppResult(period, [str(m) for m in months], lines)


def engine_evaluator(engine: Engine) -> Any:
    """`evaluate(period)` from a compiled plan and its document's ratings (a plan file)."""
    from ekinerja import skp

    return lambda period: skp.evaluate(engine, period)
