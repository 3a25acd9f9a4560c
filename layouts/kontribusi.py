"""Kontribusi Saya (`/kontribusi`): an employee's objectives, path to the vision, contribution."""

from __future__ import annotations

from typing import Any

import dash_cytoscape as cyto
from dash import dcc, html
from ekinerja.layouts import ids
from ekinerja.layouts.common import (
    band_badge,
    card,
    employee_options,
    message,
    num_heading,
    page_title,
    readable_colour,
    scroll_table,
    search_choice,
    text_colour,
)

from ekinerja.i18n import fmt_number, fmt_target, level_label, period_label, translator
from ekinerja.model import Objective
from ekinerja.readmodels.contribution import (
    EmployeeView,
    HistoryRow,
    OwnedObjective,
)
from ekinerja.readmodels.presentation import IndicatorLine, Named, Scored


def layout(
    lang: str = "id",
    employees: list[Named] | None = None,
    nip: str | None = None,
    own_entry: bool = False,
    **_params: Any,
) -> html.Div:
    """The page frame: employee chooser; the body is filled by a callback. `own_entry`: a
    link to enter one's own realizations (/realisasi opens on the employee's RHK)."""
    _ = translator(lang)
    entry = [dcc.Link(_("Enter my realizations"), href="/realisasi", id=ids.CONTRIB_OWN_ENTRY,
                      className="btn btn-primary btn-sm")] if own_entry else []
    return html.Div(
        [
            page_title(_("My contribution"), *entry),
            html.Div(
                [
                    *search_choice(_("Employee (NIP or name)"), ids.CONTRIB_EMPLOYEE,
                                   employee_options(employees or []), nip,
                                   _("Type a NIP or a name")),
                ],
                className="controls",
            ),
            html.Div(id=ids.CONTRIB_BODY),
        ],
        className="page-kontribusi",
    )


def _indicator_table(rows: list[IndicatorLine], lang: str) -> Any:
    _ = translator(lang)
    head = [_("Indicator"), num_heading(_("Target")), num_heading(_("Realization")),
            _("Achievement")]
    body = [
        html.Tr(
            [
                html.Td([html.Span(r.code, className="code"), " ", r.name]),
                html.Td(f"{fmt_target(r.target, lang)} {r.measure_unit}".strip(),
                        className="num"),
                html.Td(fmt_number(r.realization, lang), className="num"),
                html.Td(band_badge(r.achievement, lang)),
            ],
            id=f"contrib-indicator-{r.code}",
        )
        for r in rows
    ]
    return scroll_table(head, body, _("No indicators."))


def breadcrumb(path: list[Objective], lang: str) -> html.Nav:
    """The path from the vision down to an objective: `Visi › Misi › … › RHK`."""
    items: list[Any] = []
    for i, step in enumerate(path):
        if i:
            items.append(html.Span(" › ", className="muted"))
        items.append(
            html.Span(
                [html.Span(step.code, className="code"), " ", step.name],
                title=level_label(step.level, lang),
                className="crumb",
            )
        )
    return html.Nav(items, className="breadcrumb-path small")


def _objective_block(row: OwnedObjective, lang: str) -> html.Div:
    _ = translator(lang)
    counted = _("counted in the contribution") if row.counted else _(
        "under another objective of this employee"
    )
    objective = row.objective
    return html.Div(
        [
            html.Div(
                [
                    html.Strong([html.Span(objective.code, className="code"), " ",
                                 objective.name]),
                    html.Span(f" ({level_label(objective.level, lang)}) ",
                              className="muted small"),
                    band_badge(row.score, lang),
                    html.Span(f" · {counted}", className="muted small"),
                ]
            ),
            breadcrumb(row.path, lang),
            _indicator_table(row.indicators, lang),
        ],
        className="mission contrib-objective",
        style={"borderLeftColor": row.score.colour},
        id=f"contrib-objective-{objective.code}",
    )


def map_elements(nodes: list[Scored], edges: list[tuple[str, str]], own: set[str]
                 ) -> list[dict[str, Any]]:
    """Cytoscape elements of the cascade above the employee's objectives (`own`)."""
    elements: list[dict[str, Any]] = []
    for node in nodes:
        code, score = node.code, node.score
        label = code if score.value is None else f"{code}\n{score.value:.1f}"
        elements.append(
            {
                "data": {"id": code, "label": label, "name": node.name,
                         "width": 12 + 6 * len(code)},
                "classes": "own" if code in own else "",
                "style": {"background-color": readable_colour(score.colour),
                          "color": text_colour(score.colour)},
            }
        )
    for parent, child in edges:
        elements.append({"data": {"source": parent, "target": child}})
    return elements


MAP_STYLESHEET: list[dict[str, Any]] = [
    {
        "selector": "node",
        "style": {
            "label": "data(label)",
            "text-wrap": "wrap",
            "text-valign": "center",
            "font-size": "9px",
            "width": "data(width)",
            "height": "30px",
            "shape": "round-rectangle",
        },
    },
    {"selector": ".own", "style": {"border-width": "3px", "border-color": "#0d47a1"}},
    {
        "selector": "edge",
        "style": {"width": 1.5, "curve-style": "bezier", "target-arrow-shape": "none",
                  "line-color": "#90a4ae"},
    },
]


def cascade_map(view: EmployeeView) -> cyto.Cytoscape:
    """A small top-down map from the vision to the employee's objectives."""
    return cyto.Cytoscape(
        id=ids.CONTRIB_MAP,
        elements=map_elements(view.map_nodes, view.map_edges,
                              {row.objective.code for row in view.objectives}),
        layout={"name": "dagre", "rankDir": "TB", "rankSep": 18, "nodeSep": 12,
                "fit": True, "padding": 8},
        stylesheet=MAP_STYLESHEET,
        style={"width": "100%", "height": "320px"},
        maxZoom=1.6,
        userZoomingEnabled=False,
        userPanningEnabled=True,
    )


def _history_table(rows: list[HistoryRow], lang: str) -> html.Div:
    _ = translator(lang)
    head = [_("Period"), *map(num_heading, (_("Mean score"), _("Contribution"), _("Share"),
                                            _("Province score")))]
    body = [
        html.Tr(
            [
                html.Td(period_label(r.period, lang)),
                html.Td(fmt_number(r.score, lang), className="num"),
                html.Td(fmt_number(r.contribution, lang, 3), className="num"),
                html.Td(
                    "–" if r.share is None else f"{fmt_number(100 * r.share, lang)} %",
                    className="num",
                ),
                html.Td(fmt_number(r.root_score, lang), className="num"),
            ]
        )
        for r in rows
    ]
    return scroll_table(head, body, id=ids.CONTRIB_HISTORY)


def summary(view: EmployeeView, lang: str) -> html.Div:
    """Contribution, share of the province score and the gain of reaching every target."""
    _ = translator(lang)
    gain = view.gain
    share = view.share
    gain_text = (
        [
            html.Span(f"+{fmt_number(gain.gain, lang, 3)}", id=ids.CONTRIB_GAIN,
                      className="band-badge-big"),
            html.Div(_("points more ({count} indicators raised to 100 %)").format(
                count=gain.indicators), className="muted small"),
        ]
        if gain.indicators
        else [
            html.Span("+0", id=ids.CONTRIB_GAIN, className="band-badge-big"),
            html.Div(_("Every indicator already reaches its target."), className="muted small"),
        ]
    )
    own = view.own_score
    unit_share = view.unit_share
    standing = (
        _("{share} of the contribution of {unit}; rank {rank} of {count} there").format(
            share="–" if unit_share is None else f"{fmt_number(100 * unit_share, lang)} %",
            unit=view.unit, rank=view.unit_rank, count=view.unit_size)
        if view.unit_rank else ""
    )
    return html.Div(
        [
            card(
                _("My score"),
                [
                    band_badge(own, lang, big=True) if own is not None else html.Span("–"),
                    html.Div(_("mean score of my objectives that count (0–100)"),
                             className="muted small"),
                ],
                card_id=ids.CONTRIB_OWN_SCORE,
            ),
            card(
                _("Contribution"),
                [
                    html.Span(fmt_number(view.contribution, lang, 3), id=ids.CONTRIB_VALUE,
                              className="band-badge-big"),
                    html.Div(_("points of the province score"), className="muted small"),
                    html.Div(_("A point is one point of the province score, which runs from 0 "
                               "to 100: this many of its points come from the scores of my "
                               "objectives, weighted by how much each one counts on the way "
                               "up to the vision."), className="small"),
                    html.Div(standing, id=ids.CONTRIB_STANDING, className="small fw-semibold"),
                ],
            ),
            card(
                _("Share"),
                [
                    html.Span(
                        "–" if share is None else f"{fmt_number(100 * share, lang)} %",
                        id=ids.CONTRIB_SHARE,
                        className="band-badge-big",
                    ),
                    html.Div(
                        _("of the province score {score}").format(
                            score=fmt_number(view.root_score, lang)
                        ),
                        className="muted small",
                    ),
                ],
            ),
            card(_("If every target is reached"), gain_text),
        ],
        id=ids.CONTRIB_SUMMARY,
        className="grid-2",
    )


def body(
    view: EmployeeView | None, history: list[HistoryRow], lang: str, note: str = ""
) -> list[Any]:
    """The page body for one employee and period (or a message)."""
    _ = translator(lang)
    if view is None:
        return [message(_(note or "Choose an employee."))]
    supervisor = view.supervisor
    if supervisor is None:
        supports: Any = message(_("No supervisor."))
    elif not view.supports:
        supports = [
            html.P(_("Supervisor: {name} ({nip})").format(name=supervisor.name,
                                                          nip=supervisor.nip)),
            message(_("None of the supervisor's objectives is above these objectives.")),
        ]
    else:
        supports = [
            html.P(_("Supervisor: {name} ({nip})").format(name=supervisor.name,
                                                          nip=supervisor.nip)),
            html.Ul(
                [
                    html.Li([html.Span(ref.code, className="code"), " ", ref.name, " ",
                             band_badge(score, lang)])
                    for ref, score in view.supports
                ]
            ),
        ]
    objectives = (
        [_objective_block(row, lang) for row in view.objectives]
        if view.objectives
        else message(_("No objectives owned."))
    )
    heading = f"{view.name} · {view.nip} · {view.position} · {view.unit}"
    return [
        html.P([html.Strong(heading), " — ", period_label(view.period, lang)],
               className="contrib-employee-name"),
        summary(view, lang),
        html.Div(
            [
                card(_("Objectives and indicators"), objectives, card_id=ids.CONTRIB_OBJECTIVES),
                html.Div(
                    [
                        card(_("Map of the cascade above"),
                             cascade_map(view)),
                        card(_("Supervisor's objectives supported"), supports,
                             card_id=ids.CONTRIB_SUPPORTS),
                    ]
                ),
            ],
            className="grid-2",
        ),
        card(_("History"), _history_table(history, lang)),
    ]
