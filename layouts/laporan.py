"""Laporan (`/laporan`): the SAKIP documents of a unit and year to generate and download —
PK (Word, PDF), Rencana Aksi (Excel), LKjIP tables (Word, Excel)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html
from ekinerja.layouts import ids
from ekinerja.layouts.common import card, message, page_title, unit_and_year

from ekinerja.i18n import N_, fmt_date, fmt_number, fmt_target, translator
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
           years: list[int] | None = None, year: int | None = None, may_freeze: bool = False,
           today: str = "", **_params: Any) -> html.Div:
    """The page: unit and year, the documents with their formats, progress and outcome."""
    _ = translator(lang)
    units = units or []
    years = years or []
    return html.Div(
        [
            page_title(_("SAKIP documents"), controls=unit_and_year(
                ids.REPORT_UNIT, units, unit, ids.REPORT_YEAR, years, year, lang)),
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
            versions_section(lang, may_freeze, today),
            budgets_section(lang, may_freeze),
        ],
        className="page-laporan",
    )


# ----------------------------------------------------------------- PK versions
def version_button_id(version: int, suffix: str) -> dict[str, str]:
    """The id of the button that downloads one frozen PK version in one format."""
    return {"type": ids.PK_VERSION_GET, "index": f"{version}{suffix}"}


def freeze_form(lang: str, today: str) -> html.Div:
    """Kind, signing date, reason and the button that freezes the PK as it stands."""
    _ = translator(lang)
    return html.Div(
        [
            html.Fieldset([  # a group of radios, named by its legend
                html.Legend(_("Version"), className="small mb-0 fs-6"),
                dcc.RadioItems(id=ids.PK_FREEZE_KIND, value="awal", inline=True,
                               options=[{"label": _("Initial (awal)"), "value": "awal"},
                                        {"label": _("Change (perubahan)"),
                                         "value": "perubahan"}],
                               className="small me-2"),
            ], className="entry-fieldset"),
            html.Label(_("Signed on"), htmlFor=ids.PK_FREEZE_DATE, className="small"),
            dcc.Input(id=ids.PK_FREEZE_DATE, type="text", value=today, placeholder="YYYY-MM-DD",
                      debounce=True, style={"width": "8em"}),
            html.Label(_("Reason of the change"), htmlFor=ids.PK_FREEZE_REASON,
                       className="small"),
            dcc.Input(id=ids.PK_FREEZE_REASON, type="text", placeholder=_("Reason of the change"),
                      debounce=True, style={"minWidth": "18em"}),
            dbc.Button(_("Freeze this version"), id=ids.PK_FREEZE, color="primary", size="sm"),
        ],
        id=ids.PK_FREEZE_FORM, className="controls my-2",
    )


def versions_section(lang: str, may_freeze: bool, today: str) -> html.Section:
    """The PK versions of the chosen unit and year (filled by a callback), and the freeze form
    for who may change targets."""
    _ = translator(lang)
    body = [
        html.P(_("A version freezes the PK as signed: awal first, then each perubahan with its "
                 "date and reason. Later target changes do not move it."),
               className="muted small"),
        html.Div(id=ids.PK_VERSIONS),
    ]
    if may_freeze:
        body.append(freeze_form(lang, today))
    body.append(html.Div(id=ids.PK_FREEZE_MESSAGE))
    return card(_("Performance agreement versions"), body, class_name="pk-versions")


def _target(value: Any, lang: str) -> str:
    return "–" if value is None else fmt_target(value, lang)


def versions_view(versions: Sequence[Any], scores: dict[int, Sequence[Any]], lang: str
                  ) -> Any:
    """The versions (number, kind, date, reason, who; Word and PDF) and, per indicator, the
    year's realization with the target and achievement of each version."""
    _ = translator(lang)
    if not versions:
        return message(_("No version frozen yet for this unit and year."))
    kinds = {"awal": _("Initial (awal)"), "perubahan": _("Change (perubahan)")}
    listing = html.Table(
        [html.Thead(html.Tr([html.Th(_("Version")), html.Th(_("Kind")), html.Th(_("Signed on")),
                             html.Th(_("Reason")), html.Th(_("By")), html.Th(_("Download"))])),
         html.Tbody([
             html.Tr([
                 html.Td(str(v.version)), html.Td(kinds.get(v.kind, v.kind)),
                 html.Td(fmt_date(v.signed_on, lang)), html.Td(v.reason or "–"),
                 html.Td(v.author),
                 html.Td([dbc.Button(FORMAT_NAMES[suffix],
                                     id=version_button_id(v.version, suffix), size="sm",
                                     color="secondary", outline=True, className="me-1")
                          for suffix in (".docx", ".pdf")]),
             ])
             for v in versions
         ])],
        className="table table-sm",
    )
    numbers = [v.version for v in versions]
    by_code = {n: {line.indicator_code: line for line in scores[n]} for n in numbers}
    codes: dict[str, Any] = {}  # every indicator of any version, in order of appearance
    for number in numbers:
        for line in scores[number]:
            codes.setdefault(line.indicator_code, line)
    header = [html.Th(_("Indicator")), html.Th(_("Realization"))]
    for number in numbers:
        header += [html.Th(_("Target v{n}").format(n=number)),
                   html.Th(_("Achievement v{n}").format(n=number))]
    rows = []
    for code, any_line in codes.items():
        cells = [html.Td(f"{code} · {any_line.indicator}"),
                 html.Td(fmt_number(any_line.realization, lang), className="text-end")]
        for number in numbers:
            line = by_code[number].get(code)
            cells += [html.Td(_target(line.version_target if line else None, lang),
                              className="text-end"),
                      html.Td(fmt_number(line.achievement if line else None, lang),
                              className="text-end")]
        rows.append(html.Tr(cells))
    comparison = html.Table([html.Thead(html.Tr(header)), html.Tbody(rows)],
                            className="table table-sm pk-version-scores")
    return html.Div([listing, html.H3(_("Scores against each version"), className="h6"),
                     comparison])


# ----------------------------------------------------------------- budgets
def money(value: float | None, lang: str) -> str:
    """A rupiah amount in the reader's number format (whole rupiah without decimals)."""
    if value is None:
        return "–"
    return fmt_number(value, lang, 0 if float(value).is_integer() else 2)


def budget_form(lang: str) -> html.Div:
    """The program or activity, its budget and its realization, and the button that saves."""
    _ = translator(lang)
    return html.Div(
        [
            html.Label(_("Program or activity"), htmlFor=ids.BUDGET_OBJECTIVE,
                       className="small"),
            dcc.Dropdown(id=ids.BUDGET_OBJECTIVE, options=[], clearable=False,
                         searchable=True, placeholder=_("Choose a program or activity"),
                         style={"minWidth": "22em"}),
            html.Label(_("Budget (Rp)"), htmlFor=ids.BUDGET_AMOUNT, className="small"),
            dcc.Input(id=ids.BUDGET_AMOUNT, type="text", inputMode="decimal",
                      placeholder="1.250.000.000", style={"width": "11em"}),
            html.Label(_("Realization (Rp)"), htmlFor=ids.BUDGET_REALIZATION,
                       className="small"),
            dcc.Input(id=ids.BUDGET_REALIZATION, type="text", inputMode="decimal",
                      style={"width": "11em"}),
            dbc.Button(_("Save budget"), id=ids.BUDGET_SAVE, color="primary", size="sm",
                       n_clicks=0),
        ],
        id=ids.BUDGET_FORM, className="controls my-2",
    )


def budgets_section(lang: str, may_edit: bool) -> html.Section:
    """The budgets of the chosen unit's programs and activities in the year (filled by a
    callback), and the entry form for who may change targets."""
    _ = translator(lang)
    body: list[Any] = [
        html.P(_("The budget (pagu) of each program and activity and its realization, used by "
                 "the LKjIP for absorption and efficiency."), className="muted small"),
        html.Div(id=ids.BUDGET_TABLE),
    ]
    if may_edit:
        body.append(budget_form(lang))
    body.append(html.Div(id=ids.BUDGET_MESSAGE, role="status"))
    return card(_("Budgets of programs and activities"), body, class_name="budgets")


def budgets_view(lines: Sequence[Any], year: int, lang: str) -> Any:
    """The programs and activities with their budget, realization and absorption."""
    _ = translator(lang)
    if not lines:
        return message(_("No program or activity in this unit."))
    head = html.Tr([html.Th(_("Code")), html.Th(_("Program or activity")),
                    html.Th(_("Budget {year} (Rp)").format(year=year), className="num"),
                    html.Th(_("Realization (Rp)"), className="num"),
                    html.Th(_("Absorption"), className="num")])
    rows = [
        html.Tr([
            html.Td(line.code), html.Td(line.name),
            html.Td(money(line.amount, lang), className="num"),
            html.Td(money(line.realization, lang), className="num"),
            html.Td("–" if line.absorption is None
                    else f"{fmt_number(line.absorption, lang, 1)} %", className="num"),
        ])
        for line in lines
    ]
    return html.Div(html.Table([html.Thead(head), html.Tbody(rows)],
                               className="table table-sm"), className="table-scroll")
