"""SKP results for people: the terminal table, and the workbook for payroll and BKN e-Kinerja."""

from __future__ import annotations

import os

from ekinerja.interchange import atomic_path
from ekinerja.report import aligned, number
from ekinerja.skp import (
    PREDIKAT_LABELS,
    PREDIKATS,
    RATING_LABELS,
    UNIT_PREDIKAT_LABELS,
    SkpResult,
)

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
        f"SKP {plan_name} — periode / period {result.period}",
        *aligned(header, rows, numeric={3}, name_width=40),
        "* kepala unit, dinilai dari predikat unitnya bila ada / head of unit, rated by the "
        "unit's predikat where set",
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
    from openpyxl import Workbook

    from ekinerja.workbooks import cell_value

    book = Workbook(write_only=True)
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
    for title, header, rows in (
        ("skp", EMPLOYEE_COLUMNS, employees),
        ("units", UNIT_COLUMNS, units),
    ):
        sheet = book.create_sheet(title)
        sheet.freeze_panes = "A2"
        for values in [list(header), *rows]:
            sheet.append([cell_value(sheet, value) for value in values])
    with atomic_path(path) as tmp:
        book.save(tmp)
