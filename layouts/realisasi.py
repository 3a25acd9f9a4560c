"""Input Realisasi (`/realisasi`): a unit's indicators; enter a realization; close a period."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html
from ekinerja.layouts import common, ids
from ekinerja.layouts.common import band_badge, card, message, page_title

from ekinerja.i18n import fmt_number, fmt_target, period_label, translator
from ekinerja.readmodels.presentation import IndicatorLine, Named
from ekinerja.readmodels.realizations import OWN_RHK, AchievementPreview


def _field(label: str, control: Any, html_for: str) -> html.Div:
    return html.Div([html.Label(label, htmlFor=html_for, className="small"), control],
                    className="entry-field")


def unit_options(units: list[Named], own: bool, lang: str) -> list[dict[str, str]]:
    """The unit chooser: the signed-in employee's own RHK first (`own`), then the units."""
    _ = translator(lang)
    mine = [{"label": _("My RHK"), "value": OWN_RHK}] if own else []
    return mine + [{"label": u.name or _("Province level (no unit)"), "value": u.code}
                   for u in units]


def layout(
    lang: str = "id",
    units: list[Named] | None = None,
    unit: str | None = None,
    own: bool = False,
    can_record: bool = False,
    can_manage_periods: bool = False,
    **_params: Any,
) -> html.Div:
    """The page frame; the table, preview and history are filled by callbacks. The entry is
    there only for who may record realizations (`can_record`; a callback shows it for the
    indicators in their scope), closing and reopening for who manages periods."""
    _ = translator(lang)
    options = unit_options(units or [], own, lang)
    chooser = [_field(_("Indicator"), dcc.Dropdown(id=ids.ENTRY_INDICATOR, clearable=False,
                                                    className="results-select"),
                      ids.ENTRY_INDICATOR)]
    entry: list[Any] = []
    if can_record:
        entry = [
            html.Div(id=ids.ENTRY_SCOPE, className="muted small"),
            html.Div(
                [
                    _field(_("Value"), dcc.Input(id=ids.ENTRY_VALUE, type="text",
                                                 debounce=False,
                                                 placeholder=_("Type a number, e.g. 12,5"),
                                                 className="form-control"), ids.ENTRY_VALUE),
                    _field(_("Note"), dcc.Input(id=ids.ENTRY_NOTE, type="text",
                                                className="form-control"), ids.ENTRY_NOTE),
                    _field(_("Evidence link"), dcc.Input(id=ids.ENTRY_EVIDENCE, type="text",
                                                         placeholder="https://…",
                                                         className="form-control"),
                           ids.ENTRY_EVIDENCE),
                    html.Div(id=ids.ENTRY_PREVIEW, className="small"),
                    dbc.Button(_("Save"), id=ids.ENTRY_SAVE, color="primary", size="sm",
                               n_clicks=0),
                ],
                id=ids.ENTRY_FIELDS,
                hidden=True,  # until the indicator is known to be in the user's scope
                className="entry-fields",
            ),
            html.Div(id=ids.ENTRY_MESSAGE, role="status"),
        ]
    period_admin: list[Any] = [html.Div(id=ids.ENTRY_STATUS)]
    if can_manage_periods:
        period_admin += [
            _field(_("Reason"), dcc.Input(id=ids.ENTRY_REASON, type="text",
                                          className="form-control"), ids.ENTRY_REASON),
            html.Div(
                [
                    dbc.Button(_("Close period"), id=ids.ENTRY_CLOSE, color="secondary",
                               size="sm", n_clicks=0),
                    dbc.Button(_("Reopen period"), id=ids.ENTRY_REOPEN, color="secondary",
                               outline=True, size="sm", n_clicks=0),
                ],
                className="controls",
            ),
            html.Div(id=ids.ENTRY_PERIOD_MESSAGE, role="status"),
        ]
    return html.Div(
        [
            page_title(_("Enter realizations")),
            html.Div(
                [
                    html.Label(_("Unit"), htmlFor=ids.ENTRY_UNIT),
                    dcc.Dropdown(
                        id=ids.ENTRY_UNIT,
                        options=options,
                        value=unit if unit is not None else (
                            options[0]["value"] if options else None),
                        placeholder=_("Choose a unit"),
                        clearable=False,
                        className="scope-select",
                    ),
                ],
                className="controls",
            ),
            html.Div(
                [
                    card(_("Indicators of the unit"), html.Div(id=ids.ENTRY_TABLE)),
                    html.Div(
                        [
                            card(_("Enter a realization") if can_record else _("Indicator"),
                                 html.Div([*chooser, *entry], className="entry-form")),
                            card(_("Period status"), period_admin),
                            card(_("History of entries"), html.Div(id=ids.ENTRY_HISTORY)),
                        ]
                    ),
                ],
                className="entry-wrap grid-2",
                style={"gridTemplateColumns": "minmax(0, 3fr) minmax(320px, 2fr)"},
            ),
        ],
        className="page-realisasi",
    )


def indicator_table(
    rows: list[IndicatorLine], lang: str, bands: Mapping[str, str] | None = None
) -> Any:
    """The unit's indicators (AG Grid, one row per indicator, row id = its code): target,
    realization, achievement and band (label and colour); `*` marks a derived realization."""
    _ = translator(lang)
    if not rows:
        return message(_("No indicators."))
    data = [
        {
            "code": r.code,
            "indicator": f"{r.code} · {r.name}",
            "objective": r.objective_name,
            "target": f"{fmt_target(r.target, lang)} {r.measure_unit}".strip(),
            "realization": fmt_number(r.realization, lang) + (" *" if r.derived else ""),
            "achievement": r.achievement.value,
            "band": r.achievement.band or _("No score"),
        }
        for r in rows
    ]
    columns = [
        {"field": "indicator", "headerName": _("Indicator"), "flex": 3, "minWidth": 200,
         "tooltipField": "objective", "filter": True},
        {"field": "target", "headerName": _("Target"), "flex": 1, "minWidth": 90,
         "type": "rightAligned"},
        {"field": "realization", "headerName": _("Realization"), "flex": 1, "minWidth": 90,
         "type": "rightAligned", "headerTooltip": "* " + _("derived from sub-periods")},
        {"field": "achievement", "headerName": _("Achievement"), "flex": 1, "minWidth": 90,
         "type": "numericColumn", "valueFormatter": common.number_formatter(lang)},
        {"field": "band", "headerName": _("Band"), "flex": 1, "minWidth": 125,
         "cellStyle": common.band_cell_style(bands or {})},
    ]
    return dag.AgGrid(
        id=ids.ENTRY_GRID,
        rowData=data,
        columnDefs=columns,
        defaultColDef={"sortable": True, "resizable": True},
        getRowId="params.data.code",
        dashGridOptions={"rowSelection": "single", "animateRows": False,
                         "tooltipShowDelay": 300},
        className="ag-theme-alpine",
        style={"width": "100%", "height": f"{min(520, 60 + 42 * len(data))}px"},
    )


def indicator_options(rows: list[IndicatorLine]) -> list[dict[str, str]]:
    """Dropdown options of the unit's indicators."""
    return [{"label": f"{r.code} · {r.name}", "value": r.code} for r in rows]


def status_badge(closed: bool | None, period: str | None, lang: str) -> html.Span:
    """Open / closed state of the period, in words (never by colour alone)."""
    _ = translator(lang)
    if closed is None or period is None:
        return html.Span("–")
    text = _("Closed") if closed else _("Open")
    return html.Span(
        f"{period_label(period, lang)}: {text}",
        className="band-badge entry-status-" + ("closed" if closed else "open"),
        style={"backgroundColor": "#e53935" if closed else "#43a047", "color": "#ffffff"},
    )


def preview(result: AchievementPreview | None, error: str | None, lang: str,
            warnings: Sequence[str] = ()) -> Any:
    """What the typed value would score (with what to check, e.g. a negative value), or why it
    is not a number."""
    _ = translator(lang)
    if error:
        return html.Span(error, className="text-danger")
    if result is None:
        return ""
    shown = [_("Would score:"), " ", band_badge(result.achievement, lang)]
    if warnings:
        shown += [" ", html.Span(" ".join(warnings), className="text-warning")]
    return html.Span(shown)


def history_table(entries: list[dict[str, Any]], lang: str) -> Any:
    """Audit-log entries of one indicator and period, newest first: when, who, old → new."""
    _ = translator(lang)
    if not entries:
        return message(_("No entries yet."))

    def describe(value: Any) -> str:
        if not value:
            return "–"
        parts = [fmt_number(value.get("value"), lang)]
        if value.get("note"):
            parts.append(f"“{value['note']}”")
        return " ".join(parts)

    rows = []
    for e in entries:
        evidence = (e.get("new") or {}).get("evidence")
        rows.append(
            html.Tr(
                [
                    html.Td(e["at"].strftime("%Y-%m-%d %H:%M:%S") if e.get("at") else "–",
                            className="small"),
                    html.Td(e["username"]),
                    html.Td(
                        [
                            f"{describe(e.get('old'))} → {describe(e.get('new'))}",
                            *(
                                [" ", html.A("↗", href=evidence, target="_blank",
                                             rel="noopener")]
                                if evidence
                                else []
                            ),
                        ]
                    ),
                ]
            )
        )
    head = html.Tr([html.Th(_("When")), html.Th(_("Who")), html.Th(_("Change"))])
    return html.Table([html.Thead(head), html.Tbody(rows)], className="table table-sm")


def scope_note(allowed: bool, has_database: bool, lang: str) -> str:
    """Why the entry is not offered for the chosen indicator (empty when it is)."""
    _ = translator(lang)
    if not has_database:
        return _("This page needs a database.")
    if allowed:
        return ""
    return _("This indicator is outside what you may enter: the indicators of your unit and "
             "the units below it (operators), or of your own RHK (employees).")
