"""Input Realisasi (`/realisasi`): a unit's indicators; enter a realization; close a period."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html
from ekinerja.layouts import common, ids
from ekinerja.layouts.common import (
    band_badge,
    card,
    message,
    page_title,
    readable_colour,
    required_label,
    text_colour,
)

from ekinerja.i18n import band_label, fmt_number, fmt_target, period_label, translator
from ekinerja.readmodels.presentation import IndicatorLine, Named
from ekinerja.readmodels.realizations import OWN_RHK, AchievementPreview


def _field(label: Any, control: Any, html_for: str) -> html.Div:
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
    indicator: str | None = None,
    indicator_options: list[dict[str, str]] | None = None,
    **_params: Any,
) -> html.Div:
    """The page frame; the table, preview and history are filled by callbacks. The entry is
    there only for who may record realizations (`can_record`; a callback shows it for the
    indicators in their scope), closing and reopening for who manages periods. `indicator`:
    the one chosen when the page opens (a link's `?indicator=`), among `indicator_options`
    (the dropdown keeps no value it has no option for)."""
    _ = translator(lang)
    options = unit_options(units or [], own, lang)
    chooser = [_field(_("Indicator"), dcc.Dropdown(id=ids.ENTRY_INDICATOR, clearable=False,
                                                    options=indicator_options or [],
                                                    value=indicator,
                                                    className="results-select"),
                      ids.ENTRY_INDICATOR)]
    entry: list[Any] = []
    if can_record:
        entry = [
            html.Div(id=ids.ENTRY_SCOPE, className="muted small", role="status"),
            html.Div(
                html.Fieldset(
                    [
                        html.Legend(_("The new value"), className="visually-hidden"),
                        _field(_("Value"), dcc.Input(
                            id=ids.ENTRY_VALUE, type="text", inputMode="decimal",
                            debounce=False, autoComplete="off",
                            placeholder=_("Type a number, e.g. {example}").format(
                                example=fmt_number(1234.5, lang, None)),
                            className="form-control"), ids.ENTRY_VALUE),
                        html.Div(
                            [
                                html.Span(_("Which number do you mean?"),
                                          id=ids.ENTRY_READING + "-label",
                                          className="small fw-semibold"),
                                dcc.RadioItems(id=ids.ENTRY_READING, options=[],
                                               className="entry-reading",
                                               inputClassName="form-check-input me-1",
                                               labelClassName="me-3"),
                            ],
                            id=ids.ENTRY_READING_BLOCK, hidden=True,
                            role="radiogroup",
                            **{"aria-labelledby": ids.ENTRY_READING + "-label"},
                        ),
                        html.Div(id=ids.ENTRY_PREVIEW, className="small", role="status"),
                        html.Div(
                            [
                                dcc.Checklist(
                                    id=ids.ENTRY_CONFIRM,
                                    options=[{"label": _("I checked: the value is right"),
                                              "value": "yes"}],
                                    value=[],
                                    inputClassName="form-check-input me-1",
                                ),
                                _field(_("Why the value is right (kept in the history)"),
                                       dcc.Input(id=ids.ENTRY_CONFIRM_REASON, type="text",
                                                 maxLength=500,
                                                 className="form-control"),
                                       ids.ENTRY_CONFIRM_REASON),
                            ],
                            id=ids.ENTRY_CONFIRM_BLOCK, hidden=True,
                            className="entry-confirm",
                        ),
                        _field(_("Note"), dcc.Input(id=ids.ENTRY_NOTE, type="text",
                                                    maxLength=1000,
                                                    className="form-control"), ids.ENTRY_NOTE),
                        _field(_("Evidence link"), dcc.Input(id=ids.ENTRY_EVIDENCE, type="url",
                                                             autoComplete="url",
                                                             placeholder="https://…",
                                                             className="form-control"),
                               ids.ENTRY_EVIDENCE),
                        html.Div([
                            html.Span(_("Evidence file"), className="small upload-label"),
                            dcc.Upload(
                                html.Div([_("Drop a file here or "), html.A(_("choose one"))]),
                                id=ids.ENTRY_UPLOAD, multiple=False,
                                className="evidence-upload",
                                style={"border": "1px dashed #9e9e9e", "borderRadius": "4px",
                                       "padding": "6px", "textAlign": "center",
                                       "cursor": "pointer"},
                            ),
                            html.Div(id=ids.ENTRY_UPLOAD_NAME, className="muted small"),
                        ], className="entry-field upload-field"),
                        html.Div([
                            dbc.Button(_("Save and submit"), id=ids.ENTRY_SAVE,
                                       color="primary", size="sm", n_clicks=0),
                            dbc.Button(_("Save as draft"), id=ids.ENTRY_DRAFT,
                                       color="secondary", outline=True, size="sm",
                                       n_clicks=0),
                        ], className="controls"),
                    ],
                    id=ids.ENTRY_FIELDSET,
                    className="entry-fieldset",
                ),
                id=ids.ENTRY_FIELDS,
                hidden=True,  # until the indicator is known to be in the user's scope
                className="entry-fields",
            ),
            html.Div(id=ids.ENTRY_MESSAGE, role="status"),
        ]
    period_admin: list[Any] = [html.Div(id=ids.ENTRY_STATUS)]
    if can_manage_periods:
        period_admin += [
            html.P(_("Closing a period applies to the whole plan: no unit can enter or change "
                     "its realizations until it is reopened."), className="muted small"),
            _field(required_label(_("Reason"), lang),
                   dcc.Input(id=ids.ENTRY_REASON, type="text", maxLength=500,
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
                    card(_("Indicators of the unit"), [
                        html.Div(id=ids.ENTRY_TABLE, className="grid-scroll"),
                        html.P(["* ", _("derived from the sub-periods (quarters or months): "
                                        "no value was entered for the period itself.")],
                               className="muted small mt-1 mb-0", id="entry-derived-note"),
                        html.P(_("Click a row, or move to it with the arrow keys and press Space, "
                                 "to choose the indicator."), className="muted small mb-0"),
                    ]),
                    html.Div(
                        [
                            card(_("Enter a realization") if can_record else _("Indicator"),
                                 html.Div([*chooser, *entry], className="entry-form")),
                            card(_("Period status"), period_admin),
                            card(_("History of entries"), html.Div(id=ids.ENTRY_HISTORY)),
                        ]
                    ),
                ],
                className="entry-wrap",
            ),
        ],
        className="page-realisasi",
    )


def indicator_table(
    rows: list[IndicatorLine], lang: str, bands: Mapping[str, str] | None = None,
    statuses: Mapping[str, str] | None = None, chosen: str | None = None,
) -> Any:
    """The unit's indicators (AG Grid, one row per indicator, row id = its code): target,
    realization, achievement and band (label and colour); `*` marks a derived realization;
    the status of each own value in words (`statuses`: code -> status when not verified; an
    unverified value is marked `⧗`); the row of the `chosen` indicator selected."""
    _ = translator(lang)
    statuses = statuses or {}
    names = {"draft": _("Draft"), "submitted": _("Submitted"), "verified": _("Verified"),
             "rejected": _("Rejected")}

    def status(r: IndicatorLine) -> str:
        if r.code in statuses:
            return names[statuses[r.code]]
        return names["verified"] if r.realization is not None and not r.derived else ""

    if not rows:
        return message(_("No indicators."))
    data = [
        {
            "code": r.code,
            "indicator": f"{r.code} · {r.name}",
            "objective": r.objective_name,
            "target": f"{fmt_target(r.target, lang)} {r.measure_unit}".strip(),
            "realization": fmt_number(r.realization, lang) + (" *" if r.derived else "")
            + (" ⧗" if statuses.get(r.code) == "submitted" else ""),
            "status": status(r),
            "achievement": r.achievement.value,
            "band": band_label(r.achievement.band, lang) or _("No score"),
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
        {"field": "band", "headerName": _("Band"), "flex": 1, "minWidth": 170,
         "wrapText": True, "autoHeight": True,
         "cellStyle": common.band_cell_style(bands or {}, lang)},
        {"field": "status", "headerName": _("Status"), "flex": 1, "minWidth": 110,
         "headerTooltip": "⧗ " + _("submitted, not verified yet")},
    ]
    return common.choice_grid(ids.ENTRY_GRID, data, columns, "code", most_height=520,
                              chosen=chosen, tooltipShowDelay=300)


def indicator_options(rows: list[IndicatorLine]) -> list[dict[str, str]]:
    """Dropdown options of the unit's indicators."""
    return [{"label": f"{r.code} · {r.name}", "value": r.code} for r in rows]


def status_badge(closed: bool | None, period: str | None, lang: str) -> html.Span:
    """Open / closed state of the period, in words (never by colour alone)."""
    _ = translator(lang)
    if closed is None or period is None:
        return html.Span("–")
    text = _("Closed") if closed else _("Open")
    colour = "#e53935" if closed else "#43a047"
    return html.Span(
        f"{period_label(period, lang)}: {text}",
        className="band-badge entry-status-" + ("closed" if closed else "open"),
        style={"backgroundColor": readable_colour(colour), "color": text_colour(colour)},
    )


def preview(result: AchievementPreview | None, error: str | None, lang: str,
            warnings: Sequence[str] = ()) -> Any:
    """What the typed value would score, or why it is not a number, and the reasons to check
    it before saving (far from the target, negative, a percentage above 100)."""
    _ = translator(lang)
    if error:
        return html.Span(error, className="text-danger")
    if result is None:
        return ""
    parts: list[Any] = [html.Span([_("Would score:"), " ", band_badge(result.achievement, lang)])]
    if warnings:
        parts.append(html.Div(
            [html.Strong(_("Please check before saving:")),
             html.Ul([html.Li(w) for w in warnings], className="mb-0")],
            className="alert alert-warning py-1 my-1 small entry-warnings"))
    return html.Div(parts)


def reading_options(readings: Sequence[float], lang: str) -> list[dict[str, Any]]:
    """The numbers an ambiguous text can mean, written in the language, to choose one."""
    return [{"label": fmt_number(r, lang, None), "value": r} for r in readings]


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
        stored = (e.get("new") or {}).get("file_name") and (e.get("new") or {}).get(
            "evidence_file")
        rows.append(
            html.Tr(
                [
                    html.Td(e["at"].strftime("%Y-%m-%d %H:%M:%S") if e.get("at") else "–",
                            className="small"),
                    html.Td(e["username"]),
                    html.Td(e.get("reason") or "", className="small"),
                    html.Td(
                        [
                            f"{describe(e.get('old'))} → {describe(e.get('new'))}",
                            *(
                                [" ", html.A("↗", href=evidence, target="_blank",
                                             rel="noopener")]
                                if evidence
                                else []
                            ),
                            *(
                                [" ", html.A(_("Evidence file"), href=f"/bukti/{int(stored)}",
                                             target="_blank", rel="noopener")]
                                if stored
                                else []
                            ),
                        ]
                    ),
                ]
            )
        )
    head = html.Tr([html.Th(_("When")), html.Th(_("Who")), html.Th(_("Reason")),
                    html.Th(_("Change"))])
    return html.Div(html.Table([html.Thead(head), html.Tbody(rows)], className="table table-sm"),
                    className="table-scroll")


def scope_note(allowed: bool, has_database: bool, lang: str, closed: bool = False) -> str:
    """Why the entry is not offered for the chosen indicator, or disabled (empty when it is
    open for entries)."""
    _ = translator(lang)
    if not has_database:
        return _("This page needs a database.")
    if allowed and closed:
        return _("The period is closed: its realizations cannot be entered or changed until "
                 "a planner reopens it.")
    if allowed:
        return ""
    return _("This indicator is outside what you may enter: the indicators of your unit and "
             "the units below it (operators), or of your own RHK (employees).")


def verified_share(share: float | None, lang: str) -> Any:
    """The share of the scored weight whose values are verified, in words."""
    _ = translator(lang)
    if share is None:
        return ""
    return html.P(_("Verified: {share} % of the weight that has values.").format(
        share=fmt_number(100 * share, lang, 0)), className="muted small verified-share")


def upload_name(name: str | None, lang: str) -> str:
    """The chosen evidence file, in words (empty when none)."""
    _ = translator(lang)
    return _("Chosen: {name}").format(name=name) if name else ""
