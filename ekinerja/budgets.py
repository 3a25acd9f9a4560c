"""Budget workbooks: the budget (pagu) of each program or activity per year, and its
realization, as the region's finance staff keep them (docs/sakip.md).

One sheet, a header row naming the columns `kode` (the objective's code in the plan: a program
or activity), `tahun`, `anggaran` and optionally `realisasi` (English `code`, `year`, `budget`,
`realization` also accepted), then one row per program or activity and year. Every problem is
named with its row and column; nothing is imported while there is one.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

from ekinerja.interchange import FILE_NOT_FOUND
from ekinerja.messages import N_, bilingual
from ekinerja.model import Problem
from ekinerja.realization_entry import NOT_A_NUMBER

COLUMNS = {"kode": "code", "code": "code", "tahun": "year", "year": "year",
           "anggaran": "amount", "pagu": "amount", "budget": "amount",
           "realisasi": "realization", "realization": "realization"}
REQUIRED = ("code", "year", "amount")

# The problems of a budget workbook (msgids, shown "Indonesian / English").
ROW = N_("row {number}")
NOT_A_WORKBOOK = N_("not an Excel workbook: {error}")
REQUIRED_COLUMNS = N_("required column missing: {columns} (kode, tahun, anggaran)")
CODE_MISSING = N_("code missing")
BUDGET_REQUIRED = N_("a budget is required and never negative")
ALREADY_ON_ROW = N_("{code} {year} already on row {row}")


@dataclass(frozen=True)
class BudgetLine:
    """One program's or activity's budget in a year (row: where it came from)."""

    row: int
    objective: str
    year: int
    amount: float
    realization: float | None


def _number(value: object) -> float | None:
    from ekinerja.numbers import parse_number

    if isinstance(value, bool):
        raise ValueError(repr(value))
    parsed = parse_number(value, "id")  # typed text as Indonesians write it: 1.250.000,50
    if parsed.status == "empty":
        return None
    if not parsed.ok or parsed.value is None or not math.isfinite(parsed.value):
        raise ValueError(repr(value))
    return parsed.value


def read_workbook(path: str | os.PathLike[str]) -> tuple[list[BudgetLine], list[Problem]]:
    """The budget lines of a workbook's first sheet, and every problem found."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        return [], [Problem(str(path), bilingual(FILE_NOT_FOUND))]
    except Exception as exc:  # any unreadable workbook is one problem
        return [], [Problem(str(path), bilingual(NOT_A_WORKBOOK, error=str(exc)))]
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None) or ()
        names = {COLUMNS.get(str(h).strip().lower()): i for i, h in enumerate(header)
                 if h is not None and str(h).strip().lower() in COLUMNS}
        missing = [c for c in REQUIRED if c not in names]
        if missing:
            return [], [Problem(bilingual(ROW, number="1"),
                                bilingual(REQUIRED_COLUMNS, columns=", ".join(missing)))]
        lines: list[BudgetLine] = []
        problems: list[Problem] = []
        seen: dict[tuple[str, int], int] = {}
        for number, row in enumerate(rows, start=2):
            def cell(name: str, row: tuple = row) -> object:
                index = names.get(name)
                return row[index] if index is not None and index < len(row) else None

            if all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
                continue
            place = bilingual(ROW, number=str(number))
            code = str(cell("code") or "").strip()
            if not code:
                problems.append(Problem(place, bilingual(CODE_MISSING)))
                continue
            try:
                year = int(_number(cell("year")) or 0)
                amount = _number(cell("amount"))
                spent = _number(cell("realization"))
            except ValueError as exc:
                problems.append(Problem(place, bilingual(NOT_A_NUMBER, value=str(exc))))
                continue
            if amount is None or amount < 0 or (spent is not None and spent < 0):
                problems.append(Problem(place, bilingual(BUDGET_REQUIRED)))
                continue
            if (code, year) in seen:
                problems.append(Problem(place, bilingual(ALREADY_ON_ROW, code=code, year=str(year),
                                                    row=str(seen[(code, year)]))))
                continue
            seen[(code, year)] = number
            lines.append(BudgetLine(number, code, year, amount, spent))
        return lines, problems
    finally:
        book.close()
