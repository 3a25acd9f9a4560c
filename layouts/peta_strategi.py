"""Peta Strategi (`/peta-strategi`): the Balanced Scorecard strategy map and its side panel."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from dash import dcc, html
from ekinerja.layouts import ids
from ekinerja.layouts.common import band_badge, graph, message, page_title, text_colour

from ekinerja.i18n import fmt_number, fmt_target, level_label, period_label, translator
from ekinerja.model import PERSPECTIVES
from ekinerja.readmodels.presentation import Named
from ekinerja.readmodels.strategy_map import ObjectiveDetails, StrategyMap

ROW_HEIGHT = 100  # one row of objectives inside a lane
LANE_PADDING = 30
NODE_GAP = 200
PER_ROW = 6  # objectives per row before a lane wraps onto another row
NAME_LENGTH = 48

STYLESHEET: list[dict[str, Any]] = [
    {
        "selector": ".lane",
        "style": {
            "shape": "rectangle",
            "width": "data(width)",
            "height": "data(height)",
            "background-color": "#eef2f6",
            "border-width": 1,
            "border-color": "#cfd8dc",
            "label": "data(label)",
            "text-halign": "left",
            "text-valign": "center",
            "text-wrap": "wrap",
            "text-max-width": "110px",
            "text-margin-x": -8,
            "font-size": 13,
            "font-weight": "bold",
            "color": "#37474f",
            "events": "no",
            "z-index-compare": "manual",
            "z-index": 0,
        },
    },
    {
        "selector": ".objective",
        "style": {
            "shape": "round-rectangle",
            "width": 180,
            "height": 74,
            "background-color": "data(colour)",
            "color": "data(text)",
            "label": "data(label)",
            "text-wrap": "wrap",
            "text-max-width": "170px",
            "text-valign": "center",
            "text-halign": "center",
            "font-size": 10,
            "border-width": 1,
            "border-color": "#263238",
            "z-index-compare": "manual",
            "z-index": 10,
        },
    },
    {"selector": ".objective:selected", "style": {"border-width": 4, "border-color": "#0d47a1"}},
    {
        "selector": ".causal",
        "style": {
            "curve-style": "bezier",
            "target-arrow-shape": "triangle",
            "line-color": "#546e7a",
            "target-arrow-color": "#546e7a",
            "width": 2,
            "z-index-compare": "manual",
            "z-index": 20,
        },
    },
]


def layout(lang: str = "id", scopes: list[Named] | None = None, **_params: Any) -> html.Div:
    """The map page: scope choice, PNG button, the map and the side panel."""
    _ = translator(lang)
    scopes = scopes or [Named("", _("Province"))]
    return html.Div(
        [
            page_title(
                _("Strategy map"),
                html.Div(
                    [
                        html.Label(_("Scope"), htmlFor=ids.MAP_SCOPE),
                        dcc.Dropdown(
                            id=ids.MAP_SCOPE,
                            options=[{"label": s.name, "value": s.code} for s in scopes],
                            value=scopes[0].code,
                            clearable=False,
                            className="scope-select",
                        ),
                        html.Button(_("Save as PNG"), id=ids.MAP_PNG,
                                    className="btn btn-outline-primary btn-sm"),
                    ],
                    className="controls",
                ),
            ),
            html.Div(id=ids.MAP_EMPTY, className="muted"),
            html.Div(
                [
                    graph(ids.MAP_GRAPH, {"name": "preset", "fit": True, "padding": 16},
                          STYLESHEET, height="560px", zoom=(0.2, 2.5), userZoomingEnabled=True),
                    html.Aside(panel_hint(lang), id=ids.MAP_PANEL, className="panel side-panel"),
                ],
                className="map-wrap",
            ),
        ],
        className="page-peta",
    )


def panel_hint(lang: str) -> html.Div:
    """The side panel before any objective is chosen."""
    _ = translator(lang)
    return html.Div(message(_("Click an objective on the map to see its details.")))


def small_trend(points: list[tuple[str, float | None]], lang: str) -> go.Figure:
    """A small line of one objective's score over periods."""
    figure = go.Figure(
        go.Scatter(
            x=[period_label(p, lang) for p, _s in points],
            y=[s for _p, s in points],
            mode="lines+markers+text",
            text=[fmt_number(s, lang, 1) if s is not None else "" for _p, s in points],
            textposition="top center",
            line={"color": "#1565c0"},
        )
    )
    figure.update_layout(
        height=150, margin={"l": 30, "r": 10, "t": 15, "b": 25}, showlegend=False,
        xaxis={"type": "category"}, yaxis={"rangemode": "tozero"}, plot_bgcolor="#fafafa",
        separators=",." if lang == "id" else ".,",
    )
    return figure


def details_panel(details: ObjectiveDetails, lang: str) -> html.Div:
    """Everything about one objective: score, owner, indicators, trend and the explanation."""
    _ = translator(lang)
    owner = details.owner
    indicator_rows = [
        html.Tr(
            [
                html.Td([html.Span(i.code, className="code"), " ", i.name]),
                html.Td(fmt_target(i.target, lang), className="num"),
                html.Td(fmt_number(i.realization, lang), className="num"),
                html.Td(band_badge(i.achievement, lang)),
            ]
        )
        for i in details.indicators
    ]
    explanation = details.explanation
    explain_rows = [
        html.Tr(
            [
                html.Td([html.Span(c["code"], className="code"), " ", c["name"],
                         html.Div(c.get("formula", ""), className="muted small")]),
                html.Td(fmt_number(c["weight"], lang), className="num"),
                html.Td(fmt_number(100 * c["normalised_weight"], lang, 1) + " %", className="num"),
                html.Td(fmt_number(c["score"], lang), className="num"),
                html.Td(fmt_number(c["part"], lang), className="num"),
            ]
        )
        for c in explanation["children"]
    ]
    return html.Div(
        [
            html.H2([html.Span(details.code, className="code"), " ", details.name],
                    className="card-title"),
            band_badge(details.score, lang),
            html.Div(
                f"{level_label(details.level, lang)} · {period_label(details.period, lang)} · "
                + _("Coverage {value} %").format(
                    value=fmt_number(100 * details.coverage, lang, 0)),
                className="muted small",
            ),
            html.P(
                [html.Strong(_("Owner") + ": "),
                 f"{owner.name} (NIP {owner.nip}), {owner.position}" if owner else _("none")]
                + ([html.Br(), html.Strong(_("Unit") + ": "), details.unit]
                   if details.unit else []),
                className="small",
            ),
            html.H3(_("Indicators"), className="card-title"),
            html.Table(
                [html.Thead(html.Tr([html.Th(_("Indicator")), html.Th(_("Target")),
                                     html.Th(_("Realization")), html.Th(_("Achievement"))])),
                 html.Tbody(indicator_rows)],
                className="table table-sm",
            ) if indicator_rows else message(_("None.")),
            html.H3(_("Trend"), className="card-title"),
            dcc.Graph(figure=small_trend(details.trend, lang),
                      config={"displayModeBar": False}),
            html.H3(_("How the score came about"), className="card-title"),
            html.P(explanation["formula"], className="small"),
            html.Table(
                [html.Thead(html.Tr([html.Th(_("Child")), html.Th(_("Weight")),
                                     html.Th(_("Share")), html.Th(_("Score")),
                                     html.Th(_("Points"))])),
                 html.Tbody(explain_rows)],
                className="table table-sm explain",
            ),
        ],
        className="details",
        **{"data-code": details.code},
    )


def shorten(text: str, length: int = NAME_LENGTH) -> str:
    """A name cut to a length, with an ellipsis."""
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def perspective_labels(lang: str | None) -> dict[str, str]:
    """The four perspectives in a language."""
    _ = translator(lang)
    return {
        "stakeholder": _("Stakeholder"),
        "financial": _("Financial"),
        "internal_process": _("Internal process"),
        "learning_growth": _("Learning & growth"),
    }


def map_elements(strategy_map: StrategyMap, lang: str | None, per_row: int = PER_ROW
                 ) -> list[dict[str, Any]]:
    """Cytoscape elements: four lanes (wrapping after `per_row` objectives), objectives
    coloured by band with score and band label, and the causal arrows between them."""
    widest = max([min(len(v), per_row) for v in strategy_map.lanes.values()] + [1])
    labels = perspective_labels(lang)
    _ = translator(lang)
    no_score = _("No score")
    elements: list[dict[str, Any]] = []
    top = 0.0
    for perspective in PERSPECTIVES:
        members = strategy_map.lanes[perspective]
        height = max(1, -(-len(members) // per_row)) * ROW_HEIGHT + LANE_PADDING
        elements.append({
            "data": {"id": f"lane-{perspective}", "label": labels[perspective],
                     "width": widest * NODE_GAP + 20, "height": height - 10},
            "position": {"x": 0, "y": top + height / 2},
            "classes": "lane",
            "selectable": False,
            "grabbable": False,
        })
        for i, objective in enumerate(members):
            row, column = divmod(i, per_row)
            in_row = min(per_row, len(members) - row * per_row)
            band = objective.score.band or no_score
            elements.append({
                "data": {
                    "id": objective.code,
                    "label": f"{objective.code}\n{shorten(objective.name)}\n"
                    f"{fmt_number(objective.score.value, lang)} · {band}",
                    "colour": objective.score.colour,
                    "text": text_colour(objective.score.colour),
                    "band": band,
                },
                "position": {"x": (column - (in_row - 1) / 2) * NODE_GAP,
                             "y": top + LANE_PADDING / 2 + (row + 0.5) * ROW_HEIGHT},
                "classes": "objective",
            })
        top += height
    elements.extend(
        {"data": {"id": f"{cause}->{effect}", "source": cause, "target": effect},
         "classes": "causal"}
        for cause, effect in strategy_map.arrows
    )
    return elements
