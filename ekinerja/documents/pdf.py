"""The Perjanjian Kinerja as PDF (ReportLab, its built-in Helvetica: no font files needed)."""

from __future__ import annotations

import os
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ekinerja.documents import wording as w
from ekinerja.documents.content import Agreement, Party
from ekinerja.interchange import atomic_path

_BASE = getSampleStyleSheet()["Normal"]
BODY = ParagraphStyle("body", parent=_BASE, fontName="Helvetica", fontSize=10.5, leading=14,
                      alignment=TA_JUSTIFY, spaceAfter=6)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=9.5, leading=12, alignment=0, spaceAfter=0)
CELL_RIGHT = ParagraphStyle("cell_right", parent=CELL, alignment=TA_RIGHT)
HEAD = ParagraphStyle("head", parent=CELL, fontName="Helvetica-Bold", alignment=TA_CENTER)
TITLE = ParagraphStyle("title", parent=BODY, fontName="Helvetica-Bold", fontSize=13, leading=17,
                       alignment=TA_CENTER, spaceAfter=4)
SUBTITLE = ParagraphStyle("subtitle", parent=TITLE, fontSize=11, leading=14)
SIGN = ParagraphStyle("sign", parent=BODY, alignment=TA_CENTER, spaceAfter=0)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=7, leading=9)
WIDTH = A4[0] - 4 * cm
GRID = TableStyle([
    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e6e6")),
])


def _p(text: str, style: ParagraphStyle = BODY) -> Paragraph:
    return Paragraph(escape(text), style)


def _parties(party: Party, role: str) -> list[object]:
    rows = [[_p(label, CELL), _p(":", CELL), _p(value, CELL)]
            for label, value in w.party_lines(party)]
    table = Table(rows, colWidths=[2.5 * cm, 0.5 * cm, WIDTH - 4 * cm], hAlign="LEFT")
    table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (0, -1), 1 * cm)]))
    return [table, Spacer(1, 4), _p(role)]


def _signatures(agreement: Agreement) -> Table:
    rows = []
    for index, pair in enumerate(w.signature_rows(agreement)):
        if index == w.SIGNATURE_NAME_ROW:
            cells = [f"<b><u>{escape(text)}</u></b>" if text else "" for text in pair]
        else:
            cells = [escape(text) for text in pair]
        rows.append([Paragraph(text or "&nbsp;", SIGN) for text in cells])
    table = Table(rows, colWidths=[WIDTH / 2, WIDTH / 2])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def _targets_table(agreement: Agreement) -> Table:
    header = [_p(text, HEAD) for text in w.pk_header(agreement)]
    rows: list[list[object]] = [header]
    spans = []
    previous, start = None, 1
    for index, row in enumerate(agreement.rows, start=1):
        same = row.number == previous
        rows.append([
            _p("" if same else str(row.number), CELL),
            _p("" if same else row.objective, CELL),
            _p(row.indicator, CELL),
            _p(w.target(row.target, row.measure_unit), CELL_RIGHT),
        ])
        if not same:
            if index - 1 > start:
                spans.append((start, index - 1))
            start = index
        previous = row.number
    if len(rows) - 1 > start:
        spans.append((start, len(rows) - 1))
    table = Table(rows, colWidths=[1.1 * cm, 6.2 * cm, 6.2 * cm, WIDTH - 13.5 * cm],
                  repeatRows=1)
    style = TableStyle(GRID.getCommands())
    for first, last in spans:
        style.add("SPAN", (0, first), (0, last))
        style.add("SPAN", (1, first), (1, last))
    table.setStyle(style)
    return table


def _programs_table() -> Table:
    rows = [[_p(text, HEAD) for text in w.PK_PROGRAM_HEADER],
            [_p("1", CELL), _p(w.NO_VALUE, CELL), _p(w.NO_VALUE, CELL), _p(w.NO_BUDGET, CELL)]]
    table = Table(rows, colWidths=[1.1 * cm, 6.0 * cm, 3.5 * cm, WIDTH - 10.6 * cm])
    table.setStyle(GRID)
    return table


def write_agreement(agreement: Agreement, path: str | os.PathLike[str]) -> None:
    """The Perjanjian Kinerja as a PDF: the agreement page, then its targets and budget."""
    heading = agreement.heading
    story: list[object] = [
        _p(heading.unit_name.upper(), SUBTITLE),
        _p(w.pk_title(agreement), TITLE),
        *([_p(version, SMALL)] if (version := w.version_line(agreement)) else []),
        Spacer(1, 10),
        _p(w.PK_INTRO),
        *_parties(agreement.first, w.PK_FIRST_ROLE),
    ]
    if agreement.second is not None:
        story += _parties(agreement.second, w.PK_SECOND_ROLE)
    story.append(_p(w.PK_PROMISE))
    if agreement.second is not None:
        story.append(_p(w.PK_SUPERVISION))
    story += [Spacer(1, 16), _signatures(agreement), PageBreak()]
    story += [
        _p(w.pk_title(agreement), TITLE),
        _p(heading.unit_name.upper(), SUBTITLE),
        _p(w.PK_TABLE_TITLE, SUBTITLE),
        Spacer(1, 6),
        _targets_table(agreement),
    ]
    if not agreement.rows:
        story.append(_p("Unit ini belum memiliki sasaran dengan indikator pada rencana."))
    story += [Spacer(1, 12), _p(w.PK_PROGRAM_TITLE, SUBTITLE), _programs_table(),
              Spacer(1, 16), _signatures(agreement), Spacer(1, 12),
              _p(w.generated(heading), SMALL)]
    with atomic_path(path) as tmp:
        SimpleDocTemplate(
            tmp, pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm,
            bottomMargin=2 * cm, title=w.pk_title(agreement), author="ekinerja",
            subject=heading.unit_name,
        ).build(story)
