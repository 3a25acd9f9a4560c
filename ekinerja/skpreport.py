"""SKP results for people: the terminal tables, and the workbooks for payroll and BKN e-Kinerja."""

from __future__ import annotations

import calendar
import os
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path

from ekinerja.interchange import atomic_path
from ekinerja.messages import N_, Message
from ekinerja.periods import parse_period
from ekinerja.report import PERIOD, aligned, number
from ekinerja.skp import (
    PREDIKAT_LABELS,
    PREDIKATS,
    RATING_LABELS,
    UNIT_PREDIKAT_LABELS,
    SkpResult,
)
from ekinerja.tpp import TppResult

#: Columns of the employees sheet (the JSON fields, plus who and when).
EMPLOYEE_COLUMNS: tuple[str, ...] = (
    "nip",
    "name",
    "unit",
    "period",
    "score",
    "proposed_work",
    "work",
    "behaviour",
    "predikat",
)
#: Columns of the units sheet: the predikat, a count per employee predikat, the warnings.
UNIT_COLUMNS: tuple[str, ...] = ("unit", "name", "predikat", *PREDIKATS, "warnings")


def _rating(rating: str | None) -> str:
    return RATING_LABELS[rating][0] if rating else "–"


def table(result: SkpResult, plan_name: str) -> str:
    """The SKP of every employee, then every unit with its counts and warnings, as text."""
    header = (
        "NIP",
        "Nama",
        "Unit",
        "Nilai",
        "Usulan hasil kerja",
        "Hasil kerja",
        "Perilaku",
        "Predikat",
    )
    rows = [
        (
            e.nip,
            e.name + (" *" if e.head else ""),
            e.unit,
            number(e.score),
            _rating(e.proposed_work),
            _rating(e.work),
            _rating(e.behaviour),
            PREDIKAT_LABELS[e.predikat] if e.predikat else "–",
        )
        for e in result.employees.values()
    ]
    out = [
        f"SKP {plan_name} — {Message(PERIOD, {'period': result.period}).bilingual()}",
        *aligned(header, rows, numeric={3}, name_width=40),
        "* " + Message(N_("head of unit, rated by the unit's predikat where set")).bilingual(),
        "",
    ]
    unit_header = ("Kode", "Unit", "Predikat organisasi", *(PREDIKAT_LABELS[p] for p in PREDIKATS))
    unit_rows = [
        (
            u.code,
            u.name,
            UNIT_PREDIKAT_LABELS[u.predikat] if u.predikat else "–",
            *(str(u.counts[p]) for p in PREDIKATS),
        )
        for u in result.units.values()
    ]
    numeric = set(range(3, 3 + len(PREDIKATS)))
    out += aligned(unit_header, unit_rows, numeric=numeric, name_width=40)
    for unit in result.units.values():
        out.extend(f"! {unit.code}: {warning}" for warning in unit.warnings)
    return "\n".join(out)


def write_workbook(result: SkpResult, path: str | os.PathLike[str]) -> None:
    """Write the SKP as an .xlsx workbook (sheets `skp` and `units`), atomically.

    Values are the codes of the JSON output; text stays text (never a formula).
    """
    employees = [
        [
            e.nip,
            e.name,
            e.unit,
            result.period,
            e.score,
            e.proposed_work,
            e.work,
            e.behaviour,
            e.predikat,
        ]
        for e in result.employees.values()
    ]
    units = [
        [u.code, u.name, u.predikat, *(u.counts[p] for p in PREDIKATS), "\n".join(u.warnings)]
        for u in result.units.values()
    ]
    _write_sheets((("skp", EMPLOYEE_COLUMNS, employees), ("units", UNIT_COLUMNS, units)), path)


# ----------------------------------------------------------------- payroll and BKN
#: Columns of the payroll workbook (sheet `tpp`): the JSON fields of `ekinerja tpp`, with who.
TPP_COLUMNS: tuple[str, ...] = (
    "nip",
    "name",
    "unit",
    "period",
    "score",
    "predikat",
    "rank_unit",
    "rank_region",
    "base",
    "performance",
    "discipline",
    "deduction",
    "total",
)
#: Columns of the BKN e-Kinerja workbook (sheet `ekinerja`), as BKN names them.
BKN_COLUMNS: tuple[str, ...] = (
    "NIP",
    "Nama",
    "Periode",
    "Tanggal Awal",
    "Tanggal Akhir",
    "Rating Hasil Kerja",
    "Rating Perilaku Kerja",
    "Predikat Kinerja",
)


def _write_sheets(sheets: Iterable[tuple[str, Sequence[str], Sequence[Sequence[object]]]],
                  path: str | os.PathLike[str]) -> None:
    """Sheets (title, header, rows), each header frozen, text kept as text (never a formula),
    the workbook written atomically."""
    from openpyxl import Workbook

    from ekinerja.workbooks import cell_value

    book = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.freeze_panes = "A2"
        for values in [list(header), *rows]:
            sheet.append([cell_value(sheet, value) for value in values])
    with atomic_path(path) as tmp:
        book.save(tmp)


def _write_sheet(title: str, header: tuple[str, ...], rows: list[list[object]],
                 path: str | os.PathLike[str]) -> None:
    """One sheet, header frozen, text kept as text (never a formula), written atomically."""
    _write_sheets(((title, header, rows),), path)


def tpp_table(result: TppResult, plan_name: str) -> str:
    """The TPP of every employee as text (amounts in Indonesian format)."""
    header = ("NIP", "Nama", "Predikat", "Peringkat unit", "Peringkat daerah", "Dasar",
              "Kinerja", "Disiplin", "Potongan %", "Jumlah")
    rows = [
        (
            e.nip,
            e.name,
            PREDIKAT_LABELS[e.predikat] if e.predikat else "–",
            str(e.rank_unit or "–"),
            str(e.rank_region or "–"),
            number(e.base, 0),
            number(e.performance, 0),
            number(e.discipline, 0),
            number(e.deduction, 1),
            number(e.total, 0),
        )
        for e in result.employees.values()
    ]
    months = ", ".join(result.months)
    return "\n".join([
        f"TPP {plan_name} — {Message(PERIOD, {'period': result.period}).bilingual()} ({months})",
        *aligned(header, rows, numeric=set(range(3, 10)), name_width=40),
    ])


def write_tpp_workbook(result: TppResult, path: str | os.PathLike[str]) -> None:
    """The payroll office's workbook: sheet `tpp`, one row per employee, amounts in rupiah."""
    rows: list[list[object]] = [
        [e.nip, e.name, e.unit, result.period, e.score, e.predikat, e.rank_unit, e.rank_region,
         e.base, e.performance, e.discipline, e.deduction, e.total]
        for e in result.employees.values()
    ]
    _write_sheet("tpp", TPP_COLUMNS, rows, path)


def _dates(period: str) -> tuple[date, date]:
    """The first and last day of a period."""
    p = parse_period(period)
    first_month = p.month_end - p.span + 1
    last = calendar.monthrange(p.year, p.month_end)[1]
    return date(p.year, first_month, 1), date(p.year, p.month_end, last)


def write_bkn_workbook(result: SkpResult, path: str | os.PathLike[str]) -> None:
    """The BKN e-Kinerja fields (sheet `ekinerja`): NIP, name, the period with its first and
    last day, the work and behaviour ratings and the predikat, in BKN's words."""
    start, end = _dates(result.period)
    rows: list[list[object]] = [
        [e.nip, e.name, result.period, start, end,
         RATING_LABELS[e.work][0] if e.work else None,
         RATING_LABELS[e.behaviour][0] if e.behaviour else None,
         PREDIKAT_LABELS[e.predikat] if e.predikat else None]
        for e in result.employees.values()
    ]
    _write_sheet("ekinerja", BKN_COLUMNS, rows, path)


def workbook_bytes(write: Callable[[Path], None]) -> bytes:
    """The bytes of a workbook that `write(path)` writes (for a download)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "book.xlsx"
        write(path)
        return path.read_bytes()
