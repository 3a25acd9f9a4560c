"""Excel (.xlsx) workbooks of the Rencana Aksi and the LKjIP tables (openpyxl).

Figures are real numbers with a number format; text is always text: a name starting with
=, +, - or @ is never read as a formula.
"""

from __future__ import annotations

import os
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ekinerja.documents import wording as w
from ekinerja.documents.content import ActionPlan, Heading, PerformanceReport
from ekinerja.documents.tables import Column, DocTable, action_table, report_tables
from ekinerja.interchange import atomic_path

NUMBER_FORMATS = {
    "number": "#,##0.00",
    "percent": "#,##0.00",
    "target": "#,##0.00",
    "money": "#,##0",
    "count": "0",
}
TITLE_ROW, HEADER_ROW = 1, 2
_FORMULA_STARTS = ("=", "+", "-", "@")


def set_text(cell: Cell, text: str) -> None:
    """Put text in a cell as text: never a formula, whatever it starts with."""
    cell.value = text
    cell.data_type = "s"
    if text.startswith(_FORMULA_STARTS):
        cell.quotePrefix = True  # Excel keeps it text when the cell is edited, too


def _set(cell: Cell, value: Any, column: Column) -> None:
    if value is None:
        return
    if isinstance(value, str):
        set_text(cell, value)
    elif isinstance(value, list | tuple):  # a ranged target
        set_text(cell, w.target(list(value)))
        cell.alignment = Alignment(horizontal="right")
    else:
        cell.value = value
        cell.number_format = NUMBER_FORMATS.get(column.kind, "General")


def write_table(sheet: Worksheet, heading: Heading, document: str, table: DocTable) -> None:
    """One table on a sheet: a title row, a frozen header row with a filter, then the rows."""
    set_text(sheet.cell(TITLE_ROW, 1), w.title_line(heading, document))
    sheet.cell(TITLE_ROW, 1).font = Font(bold=True)
    bold = Font(bold=True)
    for index, column in enumerate(table.columns, start=1):
        cell = sheet.cell(HEADER_ROW, index)
        set_text(cell, column.title)
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    for offset, row in enumerate(table.rows, start=1):
        for index, (value, column) in enumerate(zip(row, table.columns, strict=True), start=1):
            cell = sheet.cell(HEADER_ROW + offset, index)
            _set(cell, value, column)
            if column.kind == "text":
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    last_row = HEADER_ROW + len(table.rows)
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 1)
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(table.columns))}{last_row}"
    if table.note:
        set_text(sheet.cell(last_row + 2, 1), table.note)
        sheet.cell(last_row + 2, 1).font = Font(italic=True)


def _save(book: Workbook, path: str | os.PathLike[str]) -> None:
    with atomic_path(path) as tmp:
        book.save(tmp)


def write_action_plan(plan: ActionPlan, path: str | os.PathLike[str]) -> None:
    """The Rencana Aksi as a workbook of one sheet."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Rencana Aksi"
    write_table(sheet, plan.heading, "RENCANA AKSI", action_table(plan))
    _save(book, path)


def write_report(report: PerformanceReport, path: str | os.PathLike[str]) -> None:
    """The LKjIP tables as a workbook, one sheet per table."""
    book = Workbook()
    book.remove(book.active)
    for number, table in enumerate(report_tables(report), start=1):
        sheet = book.create_sheet(f"Tabel {number}")
        write_table(sheet, report.heading, f"LKjIP: {table.title}", table)
    _save(book, path)
