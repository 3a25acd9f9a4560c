"""Laporan (`/laporan`): the SAKIP documents of a unit and year to generate and download —
PK (Word, PDF), Rencana Aksi (Excel), LKjIP tables (Word, Excel)."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html
from ekinerja.layouts import ids
from ekinerja.layouts.common import page_title

from ekinerja.i18n import N_, fmt_number, translator
from ekinerja.readmodels.presentation import Named

#: Each document: its kind, title, what it holds (msgids) and its formats in the order shown.
DOCUMENTS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("pk", N_("Performance agreement (PK)"),
     N_("The head's objectives, indicators and the year's targets, signed with their "
        "superior."), (".docx", ".pdf")),
    ("rencana-aksi", N_("Action plan (Rencana Aksi)"),
     N_("Each PK indicator's quarterly targets, realizations and achievements."), (".xlsx",)),
    ("lkjip", N_("Performance report tables (LKjIP)"),
     N_("Target, realization and achievement of the year, earlier years, the end-of-plan "
        "target and the progress towards it."), (".docx", ".xlsx")),
)
FORMAT_NAMES = {".docx": "Word", ".pdf": "PDF", ".xlsx": "Excel"}


def make_button_id(kind: str, suffix: str) -> dict[str, str]:
    """The id of the button that makes one document in one format."""
    return {"type": ids.REPORT_MAKE, "index": f"{kind}{suffix}"}


def parse_button_index(index: str) -> tuple[str, str]:
    """(kind, suffix) of a button's index (`pk.docx` -> `pk`, `.docx`)."""
    kind, _dot, extension = index.rpartition(".")
    return kind, f".{extension}"


def made_text(filename: str, rows: int, size: int, seconds: float, lang: str) -> str:
    """What was made: `pk-DIKES-2022.docx · 4 indikator · 37,2 KB · 0,41 detik`."""
    _ = translator(lang)
    return _("{file} · {rows} indicators · {size} KB · {seconds} s").format(
        file=filename, rows=rows, size=fmt_number(size / 1024, lang, 1),
        seconds=fmt_number(seconds, lang, 2))


def documents_table(lang: str) -> html.Table:
    """One row per document: title, what it holds, a button per format."""
    _ = translator(lang)
    rows = [
        html.Tr([
            html.Th(_(title), scope="row"),
            html.Td(_(about), className="small"),
            html.Td([
                dbc.Button(FORMAT_NAMES[suffix], id=make_button_id(kind, suffix),
                           color="primary", outline=True, size="sm", className="me-1",
                           title=_("Make and download"))
                for suffix in suffixes
            ], className="text-nowrap"),
        ])
        for kind, title, about, suffixes in DOCUMENTS
    ]
    head = html.Thead(html.Tr([html.Th(_("Document")), html.Th(_("Contents")),
                               html.Th(_("Download"))]))
    return html.Table([head, html.Tbody(rows)], className="table table-sm report-documents")


def layout(lang: str = "id", units: list[Named] | None = None, unit: str | None = None,
           years: list[int] | None = None, year: int | None = None, **_params: Any) -> html.Div:
    """The page: unit and year, the documents with their formats, progress and outcome."""
    _ = translator(lang)
    units = units or []
    years = years or []
    return html.Div(
        [
            page_title(
                _("SAKIP documents"),
                html.Div(
                    [
                        html.Label(_("Unit"), htmlFor=ids.REPORT_UNIT),
                        dcc.Dropdown(id=ids.REPORT_UNIT,
                                     options=[{"label": u.name, "value": u.code} for u in units],
                                     value=unit, clearable=False, className="scope-select"),
                        html.Label(_("Year"), htmlFor=ids.REPORT_YEAR),
                        dcc.Dropdown(id=ids.REPORT_YEAR,
                                     options=[{"label": str(y), "value": y} for y in years],
                                     value=year, clearable=False, style={"minWidth": "7em"}),
                    ],
                    className="controls",
                ),
            ),
            html.P(_("The documents count verified realizations only. Word and Excel files "
                     "can be edited to finish the narrative."), className="muted small"),
            documents_table(lang),
            html.Div(
                dbc.Progress(value=100, striped=True, animated=True,
                             label=_("Preparing the document…"), style={"height": "1.4em"}),
                id=ids.REPORT_PROGRESS, style={"display": "none"}, className="my-2",
                role="status",
            ),
            html.Div(id=ids.REPORT_STATUS, role="status"),
            dcc.Download(id=ids.REPORT_DOWNLOAD),
        ],
        className="page-laporan",
    )
