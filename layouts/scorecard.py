"""Scorecard (`/scorecard`): per unit, a table of objectives and indicators, exportable."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import dash_ag_grid as dag
from dash import dcc, html
from ekinerja.layouts import ids
from ekinerja.layouts.common import (
    band_cell_style,
    number_formatter,
    page_title,
    readable_colour,
    text_colour,
    unit_picker,
)

from ekinerja.i18n import band_label, fmt_target, level_label, translator
from ekinerja.readmodels.cache import ResultCache
from ekinerja.readmodels.presentation import Banded, Named
from ekinerja.readmodels.scorecard import NO_BAND, ScorecardColumns, ScorecardRow, Skeleton

COLUMNS = ("kind", "code", "name", "level", "unit", "owner", "weight", "target", "realization",
           "achievement", "band")
COLUMN_WIDTHS = (10, 14, 50, 22, 30, 24, 8, 14, 12, 12, 14)  # in the Excel export


def column_titles(lang: str | None) -> dict[str, str]:
    """Column headers in a language."""
    _ = translator(lang)
    return {
        "kind": _("Type"), "code": _("Code"), "name": _("Name"), "level": _("Level"),
        "unit": _("Unit"), "owner": _("Owner"), "weight": _("Weight"), "target": _("Target"),
        "realization": _("Realization"), "achievement": _("Achievement"), "band": _("Band"),
    }


def column_defs(lang: str, bands: Mapping[str, str]) -> list[dict[str, Any]]:
    """AG Grid columns: text columns filterable, numbers right-aligned in the language format;
    `bands` gives each band label its colour."""
    titles = column_titles(lang)
    number = {"type": "numericColumn", "valueFormatter": number_formatter(lang),
              "filter": "agNumberColumnFilter", "width": 110}
    return [
        {"field": "kind", "headerName": titles["kind"], "width": 100, "filter": True},
        {"field": "code", "headerName": titles["code"], "width": 150, "filter": True,
         "pinned": "left"},
        {"field": "name", "headerName": titles["name"], "flex": 2, "minWidth": 220,
         "filter": True, "tooltipField": "name"},
        {"field": "level", "headerName": titles["level"], "width": 150, "filter": True},
        {"field": "owner", "headerName": titles["owner"], "width": 150, "filter": True},
        {"field": "weight", "headerName": titles["weight"], **number, "width": 90},
        {"field": "target", "headerName": titles["target"], "width": 110,
         "type": "rightAligned"},
        {"field": "realization", "headerName": titles["realization"], **number},
        {"field": "achievement", "headerName": titles["achievement"], **number},
        {"field": "band", "headerName": titles["band"], "width": 130, "filter": True,
         "cellStyle": band_cell_style(bands, lang)},
    ]


def row_data(rows: list[ScorecardRow], lang: str | None) -> list[dict[str, Any]]:
    """The grid's rows (and the Excel export's): texts in a language, numbers as numbers."""
    _ = translator(lang)
    kinds = {"objective": _("Objective"), "indicator": _("Indicator")}
    no_score = _("No score")
    levels: dict[str | None, str] = {None: ""}
    bands: dict[str | None, str] = {}
    result = []
    for r in rows:  # one row a few microseconds: each label is translated once per call
        level = levels.get(r.level)
        if level is None:
            level = levels[r.level] = level_label(r.level, lang) if r.level else ""
        band = r.achievement.band
        shown = bands.get(band)
        if shown is None:
            shown = bands[band] = band_label(band, lang) or no_score
        result.append({
            "kind": kinds[r.kind],
            "code": r.code,
            "name": f"{r.name} ({r.measure_unit})" if r.measure_unit else r.name,
            "level": level,
            "unit": r.unit,
            "owner": r.owner,
            "weight": r.weight,
            "target": fmt_target(r.target, lang) if r.target is not None else "",
            "_target": r.target,  # the number itself, for the Excel export
            "realization": r.realization,
            "achievement": r.achievement.value,
            "band": shown,
            "_objective": r.kind == "objective",
        })
    return result


#: The texts of a unit's rows in a language (kind, code, name, level, unit, owner), per
#: skeleton: they change only with the structure, not with a saved value.
_TEXTS = ResultCache(8)


def _texts(skeleton: Skeleton, lang: str | None) -> list[dict[str, Any]]:
    def compute() -> list[dict[str, Any]]:
        blank = ScorecardRow("objective", "", "", None, "", "", "", None, None, None,
                             Banded(None, None, ""))
        rows = [replace(blank, kind=kind, code=code, name=name, level=level, measure_unit=unit_,
                        unit=unit, owner=owner)
                for kind, code, name, level, unit_, unit, owner in zip(
                    skeleton.kind, skeleton.code, skeleton.name, skeleton.level,
                    skeleton.measure_unit, skeleton.unit, skeleton.owner, strict=True)]
        keep = ("kind", "code", "name", "level", "unit", "owner", "_objective")
        return [{key: row[key] for key in keep} for row in row_data(rows, lang)]

    return _TEXTS.get(skeleton, ("texts", lang), compute)


def grid_rows(columns: ScorecardColumns, bands: list[str] | None, lang: str | None,
              only: Sequence[int] | None = None) -> list[dict[str, Any]]:
    """`row_data` of the scorecard's rows (only the chosen bands when `bands` is given; only
    the rows at positions `only` when given, to patch a kept grid), from its columns: the
    texts are kept per structure, only the values are written again."""
    _ = translator(lang)
    no_score = _("No score")
    shown: dict[str | None, str] = {}
    wanted = set(bands) if bands else None
    result = []
    lines = (_texts(columns.skeleton, lang), columns.weight, columns.target,
             columns.realization, columns.achievement, columns.band)
    rows = (zip(*lines, strict=True) if only is None
            else (tuple(line[k] for line in lines) for k in only))
    for static, weight, target, realization, achievement, band in rows:
        if wanted is not None and (band or NO_BAND) not in wanted:
            continue
        label = shown.get(band)
        if label is None:
            label = shown[band] = band_label(band, lang) or no_score
        row = dict(static)
        row.update(weight=weight,
                   target=fmt_target(target, lang) if target is not None else "",
                   _target=target, realization=realization, achievement=achievement, band=label)
        result.append(row)
    return result


NUMBER_FORMATS = {"weight": "0.00", "target": "#,##0.00", "realization": "#,##0.00",
                  "achievement": "0.00"}  # Excel shows them in the reader's own format


def _export_value(row: dict[str, Any], column: str) -> Any:
    """A cell of the export: a single target as a number (a range stays "low–high")."""
    if column == "target":
        target = row.get("_target")
        if isinstance(target, int | float) and not isinstance(target, bool):
            return float(target)
    return row[column]


def workbook_bytes(rows: list[dict[str, Any]], title: str, lang: str | None,
                   colours: Mapping[str, str] | None = None) -> bytes:
    """The scorecard as an Excel workbook: a title row (plan, unit, period, filter, time as the
    caller writes them), a frozen header with an autofilter, numbers as numbers with number
    formats, objective rows in bold, band cells in their band's colour (`colours`: label ->
    colour, the label as the plan names it)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    from ekinerja.workbooks import protect

    book = Workbook()
    sheet = book.active
    sheet.title = "Scorecard"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True)
    titles = column_titles(lang)
    sheet.append([titles[c] for c in COLUMNS])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    fills = {}
    for label, colour in (colours or {}).items():
        for shown in {label, band_label(label, lang)}:
            fills[shown] = (readable_colour(colour).lstrip("#"), text_colour(colour).lstrip("#"))
    band_column = COLUMNS.index("band") + 1
    for row in rows:  # names typed as "=..." stay text, never a live formula
        sheet.append([_export_value(row, c) for c in COLUMNS])
        line = sheet.max_row
        for index, column in enumerate(COLUMNS, start=1):
            if column in NUMBER_FORMATS:
                sheet.cell(row=line, column=index).number_format = NUMBER_FORMATS[column]
        if row.get("_objective"):
            for cell in sheet[line]:
                cell.font = Font(bold=True)
        if row.get("band") in fills:
            background, text = fills[row["band"]]
            band_cell = sheet.cell(row=line, column=band_column)
            band_cell.fill = PatternFill("solid", fgColor=background)
            band_cell.font = Font(color=text, bold=bool(row.get("_objective")))
    sheet.freeze_panes = "C3"  # the header and the kind and code columns stay in view
    last = get_column_letter(len(COLUMNS))
    sheet.auto_filter.ref = f"A2:{last}{max(sheet.max_row, 2)}"
    for cells in sheet.iter_rows():
        for cell in cells:
            protect(cell)
    for column, width in zip("ABCDEFGHIJK", COLUMN_WIDTHS, strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_title(plan: str, unit: str, period: str, bands: list[str] | None,
                 all_bands: list[str], exported: str, lang: str) -> str:
    """The export's title row: plan · unit · period · band filter · export time."""
    _ = translator(lang)
    chosen = set(bands or [])
    if bands is None or chosen >= {*all_bands, NO_BAND}:
        shown = _("all bands")
    else:
        names = [band_label(b, lang) or b for b in all_bands if b in chosen]
        names += [_("No score")] * (NO_BAND in chosen)
        shown = ", ".join(names) or _("no band")
    return _("{plan} · {unit} · {period} · bands: {bands} · exported {time}").format(
        plan=plan, unit=unit, period=period, bands=shown, time=exported)


def layout(lang: str = "id", units: list[Named] | None = None,
           unit: str | None = None, bands: list[str] | None = None,
           shown_bands: list[str] | None = None, **_params: Any) -> html.Div:
    """The scorecard page: unit and band filters (`shown_bands`: the bands ticked, all when
    None), export button, the grid."""
    _ = translator(lang)
    units = units or []
    bands = bands or []
    ticked = [*bands, NO_BAND] if shown_bands is None else shown_bands
    return html.Div(
        [
            page_title(_("Scorecard"), controls=[
                *unit_picker(ids.CARD_UNIT, units, unit, lang),
                html.Button(_("Export to Excel"), id=ids.CARD_EXPORT,
                            className="btn btn-outline-primary btn-sm"),
                dcc.Download(id=ids.CARD_DOWNLOAD),
            ]),
            html.Div(
                [
                    html.Fieldset(
                        [
                            html.Legend(_("Band") + ":", className="small band-legend"),
                            dcc.Checklist(
                                id=ids.CARD_BANDS,
                                options=[{"label": band_label(b, lang), "value": b}
                                         for b in bands]
                                + [{"label": _("No score"), "value": NO_BAND}],
                                value=ticked,
                                inline=True,
                                className="band-filter small",
                            ),
                        ],
                        className="band-fieldset",
                    ),
                    html.Span(id=ids.CARD_SUMMARY, className="muted small"),
                ],
                className="card-filters",
            ),
            dag.AgGrid(
                id=ids.CARD_GRID,
                rowData=[],
                columnDefs=column_defs(lang, {}),
                defaultColDef={"sortable": True, "resizable": True},
                getRowStyle={"styleConditions": [
                    {"condition": "params.data._objective",
                     "style": {"fontWeight": "600", "backgroundColor": "#f5f7fa"}}]},
                dashGridOptions={"animateRows": False, "tooltipShowDelay": 300},
                className="ag-theme-alpine",
                style={"height": "560px", "width": "100%"},
            ),
        ],
        className="page-scorecard",
    )
