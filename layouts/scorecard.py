"""Scorecard (`/scorecard`): per unit, a table of objectives and indicators, exportable."""

from __future__ import annotations

from typing import Any

import dash_ag_grid as dag
from dash import dcc, html
from ekinerja.layouts import ids
from ekinerja.layouts.beranda import band_cell_style, number_formatter
from ekinerja.layouts.common import page_title

from ekinerja.i18n import translator

NO_BAND = "-"


def column_defs(lang: str, bands: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """AG Grid columns: text columns filterable, numbers right-aligned in the language format."""
    _ = translator(lang)
    number = {"type": "numericColumn", "valueFormatter": number_formatter(lang),
              "filter": "agNumberColumnFilter", "width": 110}
    return [
        {"field": "kind", "headerName": _("Type"), "width": 100, "filter": True},
        {"field": "code", "headerName": _("Code"), "width": 150, "filter": True,
         "pinned": "left"},
        {"field": "name", "headerName": _("Name"), "flex": 2, "minWidth": 220, "filter": True,
         "tooltipField": "name"},
        {"field": "level", "headerName": _("Level"), "width": 150, "filter": True},
        {"field": "owner", "headerName": _("Owner"), "width": 150, "filter": True},
        {"field": "weight", "headerName": _("Weight"), **number, "width": 90},
        {"field": "target", "headerName": _("Target"), "width": 110, "type": "rightAligned"},
        {"field": "realization", "headerName": _("Realization"), **number},
        {"field": "achievement", "headerName": _("Achievement"), **number},
        {"field": "band", "headerName": _("Band"), "width": 130, "filter": True,
         "cellStyle": band_cell_style(bands)},
    ]


def layout(lang: str = "id", units: list[tuple[str, str]] | None = None,
           unit: str | None = None, bands: list[str] | None = None, **_params: Any) -> html.Div:
    """The scorecard page: unit and band filters, export button, the grid."""
    _ = translator(lang)
    units = units or []
    bands = bands or []
    return html.Div(
        [
            page_title(
                _("Scorecard"),
                html.Div(
                    [
                        html.Label(_("Unit"), htmlFor=ids.CARD_UNIT),
                        dcc.Dropdown(id=ids.CARD_UNIT,
                                     options=[{"label": n, "value": c} for c, n in units],
                                     value=unit, clearable=False, className="scope-select"),
                        html.Button(_("Export to Excel"), id=ids.CARD_EXPORT,
                                    className="btn btn-outline-primary btn-sm"),
                        dcc.Download(id=ids.CARD_DOWNLOAD),
                    ],
                    className="controls",
                ),
            ),
            html.Div(
                [
                    html.Span(_("Band") + ":", className="small"),
                    dcc.Checklist(
                        id=ids.CARD_BANDS,
                        options=[{"label": b, "value": b} for b in bands]
                        + [{"label": _("No score"), "value": NO_BAND}],
                        value=[*bands, NO_BAND],
                        inline=True,
                        className="band-filter small",
                    ),
                    html.Span(id=ids.CARD_SUMMARY, className="muted small"),
                ],
                className="card-filters",
            ),
            dag.AgGrid(
                id=ids.CARD_GRID,
                rowData=[],
                columnDefs=column_defs(lang, []),
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
