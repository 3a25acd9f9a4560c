"""Editable Word (.docx) documents: the Perjanjian Kinerja and the LKjIP tables (python-docx)."""

from __future__ import annotations

import os
from collections.abc import Sequence

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from docx.table import Table

from ekinerja.documents import wording as w
from ekinerja.documents.content import Agreement, Party, PerformanceReport
from ekinerja.documents.tables import DocTable, report_tables
from ekinerja.interchange import atomic_path

FONT = "Arial"
LANDSCAPE_WIDTH_CM = 29.7 - 4  # A4 landscape less the margins


def _new_document(landscape: bool = False) -> Document:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(11)
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)  # A4
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    return document


def _centred(document: Document, text: str, *, bold: bool = True, size: int = 12) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)


def _table(document: Document, header: Sequence[str], rows: Sequence[Sequence[str]],
           widths: Sequence[float] | None = None, right: Sequence[int] = ()) -> Table:
    """A bordered table with a bold header row repeated on every page."""
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _repeat_header(table)
    for values in rows:
        cells = table.add_row().cells
        for index, (cell, text) in enumerate(zip(cells, values, strict=True)):
            cell.text = text
            if index in right:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if widths:
        _set_widths(table, widths)
    return table


def _set_widths(table: Table, widths: Sequence[float]) -> None:
    """Fixed column widths (cm), in the grid and in every cell: Word and LibreOffice agree."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)


def _repeat_header(table: Table) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    properties.append(repeat)


def _merge_groups(table: Table, columns: Sequence[int], numbers: Sequence[int]) -> None:
    """Merge the cells of `columns` over consecutive rows of the same objective number."""
    grid = [row.cells for row in table.rows]  # once: table.cell() re-reads the whole table
    start = 0
    for index in range(1, len(numbers) + 1):
        if index == len(numbers) or numbers[index] != numbers[start]:
            if index - start > 1:
                for col in columns:
                    top = grid[start + 1][col]
                    text = top.text
                    merged = top.merge(grid[index][col])
                    merged.text = text
            start = index


def _save(document: Document, path: str | os.PathLike[str]) -> None:
    with atomic_path(path) as tmp:
        document.save(tmp)


# ----------------------------------------------------------------------------- PK


def _party_paragraphs(document: Document, party: Party, role: str) -> None:
    for label, value in w.party_lines(party):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.left_indent = Cm(1)
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.add_run(f"{label}\t: ")
        paragraph.add_run(value).bold = label == "Nama"
    document.add_paragraph(role)


def _signatures(document: Document, agreement: Agreement) -> None:
    rows = w.signature_rows(agreement)
    table = document.add_table(rows=len(rows), cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for index, (row, pair) in enumerate(zip(table.rows, rows, strict=True)):
        for cell, text in zip(row.cells, pair, strict=True):
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.space_after = Pt(0)
            run = paragraph.add_run(text)
            if index == w.SIGNATURE_NAME_ROW:
                run.bold = True
                run.underline = True


def write_agreement(agreement: Agreement, path: str | os.PathLike[str]) -> None:
    """The Perjanjian Kinerja as an editable Word document."""
    document = _new_document()
    heading = agreement.heading
    _centred(document, heading.unit_name.upper())
    _centred(document, w.pk_title(agreement), size=14)
    if (version := w.version_line(agreement)) is not None:
        _centred(document, version, bold=False, size=9)
    document.add_paragraph(w.PK_INTRO)
    _party_paragraphs(document, agreement.first, w.PK_FIRST_ROLE)
    if agreement.second is not None:
        _party_paragraphs(document, agreement.second, w.PK_SECOND_ROLE)
    document.add_paragraph(w.PK_PROMISE)
    if agreement.second is not None:
        document.add_paragraph(w.PK_SUPERVISION)
    _signatures(document, agreement)

    document.add_page_break()
    _centred(document, w.pk_title(agreement))
    _centred(document, heading.unit_name.upper(), bold=False, size=11)
    _centred(document, w.PK_TABLE_TITLE, size=11)
    rows = [
        (str(r.number), r.objective, r.indicator, w.target(r.target, r.measure_unit))
        for r in agreement.rows
    ]
    table = _table(document, w.pk_header(agreement), rows, (1.2, 6.3, 6.3, 3.2), right=(3,))
    _merge_groups(table, (0, 1), [r.number for r in agreement.rows])
    if not agreement.rows:
        document.add_paragraph("Unit ini belum memiliki sasaran dengan indikator pada rencana.")

    document.add_paragraph()
    _centred(document, w.PK_PROGRAM_TITLE, size=11)
    _table(document, w.PK_PROGRAM_HEADER, [("1", w.NO_VALUE, w.NO_VALUE, w.NO_BUDGET)],
           (1.2, 6.0, 3.8, 6.0))
    document.add_paragraph()
    _signatures(document, agreement)
    document.add_paragraph(w.generated(heading)).runs[0].font.size = Pt(8)
    _save(document, path)


# ----------------------------------------------------------------------------- LKjIP


def _doc_table(document: Document, table: DocTable) -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run(table.title).bold = True
    right = [i for i, column in enumerate(table.columns) if column.numeric]
    scale = LANDSCAPE_WIDTH_CM / sum(column.width for column in table.columns)
    widths = [column.width * scale for column in table.columns]
    docx_table = _table(document, table.header, table.text_rows(), widths, right=right)
    _merge_groups(docx_table, table.merged, table.groups)
    if not table.rows:
        document.add_paragraph("Tidak ada indikator.")
    if table.note:
        document.add_paragraph(table.note).runs[0].italic = True


def write_report(report: PerformanceReport, path: str | os.PathLike[str]) -> None:
    """The LKjIP tables as Word tables (landscape): achievement, earlier years, budget."""
    document = _new_document(landscape=True)
    heading = report.heading
    _centred(document, f"TABEL CAPAIAN KINERJA — LKjIP TAHUN {heading.year}", size=13)
    _centred(document, heading.unit_name.upper(), bold=False, size=11)
    _centred(document, heading.plan_name, bold=False, size=10)
    for table in report_tables(report):
        document.add_paragraph()
        _doc_table(document, table)
    document.add_paragraph(w.generated(heading)).runs[0].font.size = Pt(8)
    _save(document, path)
