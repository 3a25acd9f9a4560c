"""SKP (`/skp`): an employee's RHK, ratings and predikat; a supervisor rates each subordinate in
turn and watches the unit's distribution against its organisation predikat (docs/skp.md)."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html
from ekinerja.layouts import ids
from ekinerja.layouts.common import (
    band_badge,
    card,
    choice_grid,
    employee_options,
    message,
    page_title,
    readable_colour,
    scroll_table,
    search_choice,
    text_colour,
)

from ekinerja.i18n import fmt_number, fmt_target, period_label, translator
from ekinerja.readmodels.presentation import Named
from ekinerja.readmodels.skp import RhkLine, Share
from ekinerja.services import RatingEntry
from ekinerja.skp import (
    BERAKHLAK,
    CADENCE_LABELS,
    PREDIKAT_LABELS,
    RATING_LABELS,
    UNIT_PREDIKAT_LABELS,
    EmployeeSkp,
    UnitSkp,
)

#: Predikat colours, best to worst (always shown with the label, never by colour alone).
PREDIKAT_COLOURS = {
    "sangat_baik": "#1b5e20",
    "baik": "#43a047",
    "butuh_perbaikan": "#fbc02d",
    "kurang": "#fb8c00",
    "sangat_kurang": "#e53935",
}


def rating_label(rating: str | None, lang: str) -> str:
    """A work or behaviour rating in words (an en dash for none)."""
    if rating is None:
        return "–"
    indonesian, english = RATING_LABELS[rating]
    return indonesian if lang == "id" else english


def predikat_badge(predikat: str | None, lang: str) -> html.Span:
    """A predikat by colour AND label (grey "no predikat yet" while a rating is missing)."""
    _ = translator(lang)
    if predikat is None:
        return html.Span(_("No predikat yet"), className="band-badge",
                         style={"backgroundColor": "#9e9e9e", "color": "#212121"})
    colour = PREDIKAT_COLOURS[predikat]
    return html.Span(
        PREDIKAT_LABELS[predikat],
        className="band-badge",
        style={"backgroundColor": readable_colour(colour), "color": text_colour(colour)},
    )


def _field(label: str, control: Any, html_for: str) -> html.Div:
    return html.Div([html.Label(label, htmlFor=html_for, className="small"), control],
                    className="entry-field")


def _rating_options(lang: str, proposal: bool) -> list[dict[str, str]]:
    _ = translator(lang)
    stands = [{"label": _("As proposed"), "value": ""}] if proposal else []
    return stands + [{"label": rating_label(r, lang), "value": r} for r in RATING_LABELS]


def manage_cards(lang: str, units: list[Named], cadence: str | None) -> list[Any]:
    """For planners and admins: the cadence of the periodic ratings, and a unit's organisation
    predikat for the year of the period shown (with its distribution and history)."""
    _ = translator(lang)
    cadences = [{"label": CADENCE_LABELS[c][0 if lang == "id" else 1], "value": c}
                for c in CADENCE_LABELS]
    predikats = [{"label": _("Not set"), "value": ""}] + [
        {"label": label, "value": code} for code, label in UNIT_PREDIKAT_LABELS.items()]
    cadence_form = html.Div([
        html.Fieldset([
            html.Legend(_("Periodic ratings"), className="small band-legend"),
            dcc.RadioItems(id=ids.SKP_CADENCE, options=cadences, value=cadence, inline=True,
                           className="skp-radio", inputClassName="me-1",
                           labelClassName="me-3"),
        ], className="entry-fieldset"),
        html.P(_("Besides the annual rating; the period chooser of this page follows it."),
               className="muted small"),
        dbc.Button(_("Save cadence"), id=ids.SKP_CADENCE_SAVE, color="primary", size="sm",
                   n_clicks=0),
        html.Div(id=ids.SKP_CADENCE_MESSAGE, role="status"),
    ])
    unit_options = [{"label": u.name, "value": u.code} for u in units]
    predikat_form = html.Div([
        html.Div(id=ids.SKP_PREDIKAT_YEAR, className="small"),
        _field(_("Unit"), dcc.Dropdown(id=ids.SKP_PREDIKAT_UNIT, options=unit_options,
                                       value=unit_options[0]["value"] if unit_options else None,
                                       clearable=False, searchable=True),
               ids.SKP_PREDIKAT_UNIT),
        _field(_("Organisation predikat"),
               dcc.Dropdown(id=ids.SKP_PREDIKAT_VALUE, options=predikats, value="",
                            clearable=False, searchable=False), ids.SKP_PREDIKAT_VALUE),
        dbc.Button(_("Save predikat"), id=ids.SKP_PREDIKAT_SAVE, color="primary", size="sm",
                   n_clicks=0, className="mt-1"),
        html.Div(id=ids.SKP_PREDIKAT_MESSAGE, role="status"),
        html.Div(id=ids.SKP_PREDIKAT_VIEW),
    ])
    return [card(_("SKP cadence"), cadence_form),
            card(_("Organisation predikat of a unit"), predikat_form)]


def predikat_history(entries: list[Any], lang: str) -> Any:
    """A unit's organisation predikat over time, newest first: year, predikat, who, when."""
    _ = translator(lang)
    if not entries:
        return message(_("No organisation predikat set yet."))
    rows = [
        html.Tr([
            html.Td(e.period),
            html.Td(UNIT_PREDIKAT_LABELS.get(e.predikat, e.predikat)),
            html.Td(e.author or "–"),
            html.Td(e.recorded_at.strftime("%Y-%m-%d %H:%M") if e.recorded_at else "–"),
            html.Td(_("replaced") if e.superseded else _("in force")),
        ])
        for e in reversed(entries)
    ]
    head = html.Tr([html.Th(_("Year")), html.Th(_("Predikat")), html.Th(_("By")),
                    html.Th(_("When (UTC)")), html.Th(_("State"))])
    return html.Div([html.H3(_("History"), className="h6 mt-2"),
                     html.Table([html.Thead(head), html.Tbody(rows)],
                                className="table table-sm")], className="table-scroll")


def layout(
    lang: str = "id",
    employees: list[Named] | None = None,
    nip: str | None = None,
    can_rate: bool = False,
    can_note: bool = False,
    can_manage: bool = False,
    units: list[Named] | None = None,
    cadence: str | None = None,
    **_params: Any,
) -> html.Div:
    """The page frame: the employee chooser; their SKP, the rating form (only for who may rate:
    a callback shows it for the employees they rate), the employees to rate and the unit's
    distribution are filled by callbacks."""
    _ = translator(lang)
    side: list[Any] = []
    if can_rate:
        notes = [
            html.Div(html.Label([  # the input inside its label (a pattern-matching id)
                html.Span(label, className="small d-block"),
                dcc.Input(id={"type": ids.SKP_NOTE, "index": code}, type="text",
                          className="form-control form-control-sm"),
            ], className="d-block"), className="entry-field")
            for code, label in BERAKHLAK
        ]
        form = html.Div(
            [
                html.Div(id=ids.SKP_SCOPE, className="muted small"),
                html.Div(
                    [
                        html.Fieldset([  # a group of radios, named by its legend
                            html.Legend(_("Work result rating"), className="small band-legend"),
                            dcc.RadioItems(id=ids.SKP_WORK, options=_rating_options(lang, True),
                                           value="", className="skp-radio", inline=True,
                                           inputClassName="me-1", labelClassName="me-3"),
                        ], className="entry-fieldset"),
                        html.Fieldset([
                            html.Legend(_("Work behaviour rating (BerAKHLAK)"),
                                        className="small band-legend"),
                            dcc.RadioItems(id=ids.SKP_BEHAVIOUR,
                                           options=_rating_options(lang, False), value=None,
                                           className="skp-radio", inline=True,
                                           inputClassName="me-1", labelClassName="me-3"),
                        ], className="entry-fieldset"),
                        html.Details([html.Summary(_("A note per BerAKHLAK value")), *notes]),
                        _field(_("Reason (when the work rating differs from the proposal)"),
                               dcc.Input(id=ids.SKP_REASON, type="text",
                                         className="form-control"), ids.SKP_REASON),
                        _field(_("Feedback for the employee"),
                               dcc.Textarea(id=ids.SKP_FEEDBACK, className="form-control",
                                            style={"height": "4.5em"}), ids.SKP_FEEDBACK),
                        html.Div(id=ids.SKP_PREVIEW, className="small"),
                        html.Div(
                            [
                                dbc.Button(_("Save rating"), id=ids.SKP_SAVE, color="primary",
                                           size="sm", n_clicks=0),
                                dbc.Button(_("Next employee"), id=ids.SKP_NEXT,
                                           color="secondary", outline=True, size="sm",
                                           n_clicks=0),
                            ],
                            className="controls",
                        ),
                    ],
                    id=ids.SKP_FORM,
                    hidden=True,  # until the employee is known to be one the user rates
                    className="entry-form",
                ),
                html.Div(id=ids.SKP_MESSAGE, role="status"),
            ]
        )
        side = [
            card(_("Rate"), form),
            card(_("Distribution in the unit"), html.Div(id=ids.SKP_DISTRIBUTION)),
            card(_("Employees you rate"), html.Div(id=ids.SKP_TEAM)),
        ]
    downloads = html.Div(
        [
            html.Button(_("TPP workbook (payroll)"), id=ids.SKP_TPP_EXPORT,
                        className="btn btn-outline-primary btn-sm"),
            html.Button(_("BKN e-Kinerja workbook"), id=ids.SKP_BKN_EXPORT,
                        className="btn btn-outline-primary btn-sm"),
            dcc.Download(id=ids.SKP_DOWNLOAD),
            html.Div(id=ids.SKP_DOWNLOAD_NOTE, role="status"),
        ],
        className="controls",
    )
    own_note: list[Any] = []
    if can_note:
        own_note = [card(_("My notes on my SKP"), [
            html.Div(
                [
                    html.Label(_("My note"), htmlFor=ids.SKP_SELF_NOTE, className="small"),
                    dcc.Textarea(id=ids.SKP_SELF_NOTE, className="form-control",
                                 style={"height": "4.5em"}),
                    dbc.Button(_("Save note"), id=ids.SKP_SELF_SAVE, color="primary",
                               size="sm", n_clicks=0, className="mt-1"),
                ],
                id=ids.SKP_SELF_FORM,
                hidden=True,  # until the employee shown is the signed-in one
            ),
            html.Div(id=ids.SKP_SELF_MESSAGE, role="status"),
        ])]
    if can_manage:
        side = [*side, *manage_cards(lang, units or [], cadence)]
    main = [
        card(_("SKP"), html.Div(id=ids.SKP_SUMMARY)),
        *own_note,
        card(_("Work results (RHK)"), html.Div(id=ids.SKP_RHK)),
        card(_("History of ratings"), html.Div(id=ids.SKP_HISTORY)),
        card(_("Ranking, TPP and BKN"), downloads),
    ]
    return html.Div(
        [
            page_title(_("SKP and predikat")),
            html.Div(
                search_choice(_("Employee (NIP or name)"), ids.SKP_EMPLOYEE,
                              employee_options(employees or []), nip, _("Type a NIP or a name")),
                className="controls",
            ),
            html.Div(
                [html.Div(main), html.Div(side)] if side else main,
                className="entry-wrap" if side else "",
            ),
        ],
        className="page-skp",
    )


def summary(employee: EmployeeSkp | None, rating: RatingEntry | None, period: str, lang: str,
            own_note: str | None = None) -> Any:
    """Who, their main-RHK score, the proposed and standing work rating, the behaviour rating,
    the predikat, and the supervisor's feedback and notes."""
    _ = translator(lang)
    if employee is None:
        return message(_("Unknown employee."))
    rows = [
        (_("Period"), period_label(period, lang)),
        (_("Score of the main RHK"), fmt_number(employee.score, lang)),
        (_("Proposed work rating"), rating_label(employee.proposed_work, lang)),
        (_("Work result rating"), rating_label(employee.work, lang)),
        (_("Work behaviour rating"), rating_label(employee.behaviour, lang)),
    ]
    if employee.head:
        rows.append((_("Head of the unit"), _("rated by the unit's organisation predikat "
                                               "where one is set")))
    table = html.Div(html.Table(
        [html.Tbody([html.Tr([html.Th(k), html.Td(v)]) for k, v in rows])],
        className="table table-sm",
    ), className="table-scroll")
    parts: list[Any] = [
        html.P([html.Strong(f"{employee.name} · {employee.nip}"), f" ({employee.unit})"]),
        table,
        html.P([_("Predikat:"), " ", predikat_badge(employee.predikat, lang)],
               id="skp-predikat"),
    ]
    if rating is not None and rating.reason:
        parts.append(html.P([html.Strong(_("Reason:")), " ", rating.reason], className="small"))
    if rating is not None and rating.feedback:
        parts.append(html.Blockquote([html.Strong(_("Feedback:")), " ", rating.feedback],
                                     className="skp-feedback"))
    if rating is not None and rating.notes:
        labels = dict(BERAKHLAK)
        parts.append(html.Ul([html.Li([html.Strong(labels[c] + ": "), note])
                              for c, note in rating.notes.items()], className="small"))
    if own_note:
        parts.append(html.P([html.Strong(_("The employee's note:")), " ", own_note],
                            className="small", id="skp-own-note"))
    return parts


def rhk_table(lines: list[RhkLine], lang: str) -> Any:
    """Each RHK (main first) with its score, then its indicators: target, realization and
    achievement on verified realizations."""
    _ = translator(lang)
    if not lines:
        return message(_("No RHK."))
    rows: list[Any] = []
    for line in lines:
        kind = _("main") if line.kind == "main" else _("additional")
        rows.append(html.Tr([
            html.Td([html.Span(line.code, className="code"), " ", html.Strong(line.name),
                     html.Span(f" ({kind})", className="muted small")], colSpan=3),
            html.Td(band_badge(line.score, lang)),
        ], className="skp-rhk-row"))
        for r in line.indicators:
            rows.append(html.Tr([
                html.Td(["↳ ", r.name], className="small"),
                html.Td(f"{fmt_target(r.target, lang)} {r.measure_unit}".strip(),
                        className="num small"),
                html.Td(fmt_number(r.realization, lang), className="num small"),
                html.Td(band_badge(r.achievement, lang)),
            ]))
    head = html.Tr([html.Th(_("RHK / indicator")), html.Th(_("Target"), className="num"),
                    html.Th(_("Realization"), className="num"), html.Th(_("Score"))])
    return [html.Div(html.Table([html.Thead(head), html.Tbody(rows)],
                                className="table table-sm"), className="table-scroll"),
            html.P(_("Verified realizations only."), className="muted small")]


def team_grid(team: list[EmployeeSkp], lang: str) -> Any:
    """The employees the user rates: score, proposal, ratings, predikat (row id = NIP)."""
    _ = translator(lang)
    data = [
        {
            "nip": e.nip,
            "name": e.name,
            "score": e.score,
            "proposed": rating_label(e.proposed_work, lang),
            "behaviour": rating_label(e.behaviour, lang),
            "predikat": PREDIKAT_LABELS[e.predikat] if e.predikat else "–",
        }
        for e in team
    ]
    locale = "id-ID" if lang == "id" else "en-US"
    columns = [
        {"field": "name", "headerName": _("Name"), "flex": 2, "minWidth": 140},
        {"field": "score", "headerName": _("Score"), "flex": 1, "minWidth": 80,
         "type": "numericColumn", "valueFormatter": {
             "function": f"params.value == null ? '–' : params.value.toLocaleString('{locale}', "
                         "{minimumFractionDigits: 2, maximumFractionDigits: 2})"}},
        {"field": "proposed", "headerName": _("Proposal"), "flex": 1, "minWidth": 100},
        {"field": "behaviour", "headerName": _("Behaviour"), "flex": 1, "minWidth": 100},
        {"field": "predikat", "headerName": _("Predikat"), "flex": 1, "minWidth": 110},
    ]
    return choice_grid(ids.SKP_TEAM_GRID, data, columns, "nip", most_height=420,
                       empty=_("Nobody to rate."))


def distribution(unit: UnitSkp | None, shares: list[Share], lang: str,
                 previewing: bool = False, warnings_id: str = "skp-warnings") -> Any:
    """A unit's predikat counts and shares against its organisation predikat, and the warnings
    of the distribution check (never a block); `previewing`: with the ratings being chosen."""
    _ = translator(lang)
    if unit is None:
        return message(_("No unit."))
    predikat = (UNIT_PREDIKAT_LABELS[unit.predikat] if unit.predikat
                else _("not set for this period"))
    rows = [
        html.Tr([html.Td(predikat_badge(s.predikat, lang)), html.Td(str(s.count), className="num"),
                 html.Td("–" if s.percent is None else f"{fmt_number(s.percent, lang, 1)} %",
                         className="num")])
        for s in shares
    ]
    head = html.Tr([html.Th(_("Predikat")), html.Th(_("Employees"), className="num"),
                    html.Th(_("Share"), className="num")])
    warnings = [html.Div(w, className="alert alert-warning py-1 my-1 small")
                for w in _localised(unit.warnings, lang)]
    if unit.predikat and not warnings and unit.rated:
        warnings = [html.Div(_("The distribution keeps the rules of the unit's predikat."),
                             className="alert alert-success py-1 my-1 small")]
    return [
        html.P([html.Strong(unit.name), " · ", _("organisation predikat:"), " ", predikat]),
        html.Div(html.Table([html.Thead(head), html.Tbody(rows)], className="table table-sm"),
                 className="table-scroll"),
        *([html.P(_("With the ratings being chosen (not saved yet)."), className="muted small")]
          if previewing else []),
        html.Div(warnings, id=warnings_id, role="status"),
    ]


def _localised(warnings: list[str], lang: str) -> list[str]:
    """A warning's half in the reader's language (warnings are "Indonesian / English")."""
    return [w.split(" / ", 1)[0 if lang == "id" else 1] if " / " in w else w for w in warnings]


def preview(predikat: str | None, lang: str) -> Any:
    """The predikat the chosen ratings give."""
    _ = translator(lang)
    return html.Span([_("These ratings give:"), " ", predikat_badge(predikat, lang)])


def history_table(entries: list[RatingEntry], lang: str) -> Any:
    """Every rating of the employee in the period, newest first: when, who, what, why."""
    _ = translator(lang)
    rows = [
        html.Tr([
            html.Td(e.recorded_at.strftime("%Y-%m-%d %H:%M:%S") if e.recorded_at else "–",
                    className="small"),
            html.Td(e.author or "–"),
            html.Td(f"{rating_label(e.work, lang) if e.work else _('As proposed')} · "
                    f"{rating_label(e.behaviour, lang)}"),
            html.Td(e.reason or "", className="small"),
        ])
        for e in reversed(entries)
    ]
    return scroll_table([_("When"), _("Who"), _("Work · behaviour"), _("Reason")], rows,
                        _("No ratings yet."))


def scope_note(allowed: bool, has_database: bool, lang: str) -> str:
    """Why the rating form is not offered for the chosen employee (empty when it is)."""
    _ = translator(lang)
    if not has_database:
        return _("This page needs a database.")
    if allowed:
        return ""
    return _("You rate the employees of your unit and the units below it, not yourself.")
