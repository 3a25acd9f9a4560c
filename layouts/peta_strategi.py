"""Peta Strategi (`/peta-strategi`): the Balanced Scorecard strategy map and its side panel."""

from __future__ import annotations

from typing import Any

import dash_cytoscape as cyto
import plotly.graph_objects as go
from dash import dcc, html
from ekinerja.layouts import ids
from ekinerja.layouts.common import band_badge, message, page_title

from ekinerja.i18n import fmt_number, fmt_target, period_label, translator

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


def layout(lang: str = "id", scopes: list[tuple[str, str]] | None = None, **_params: Any
           ) -> html.Div:
    """The map page: scope choice, PNG button, the map and the side panel."""
    _ = translator(lang)
    scopes = scopes or [("", _("Province"))]
    return html.Div(
        [
            page_title(
                _("Strategy map"),
                html.Div(
                    [
                        html.Label(_("Scope"), htmlFor=ids.MAP_SCOPE),
                        dcc.Dropdown(
                            id=ids.MAP_SCOPE,
                            options=[{"label": name, "value": code} for code, name in scopes],
                            value=scopes[0][0],
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
                    cyto.Cytoscape(
                        id=ids.MAP_GRAPH,
                        elements=[],
                        layout={"name": "preset", "fit": True, "padding": 16},
                        stylesheet=STYLESHEET,
                        className="cyto",
                        minZoom=0.2,
                        maxZoom=2.5,
                        userZoomingEnabled=True,
                        autoungrabify=True,
                        boxSelectionEnabled=False,
                        style={"width": "100%", "height": "560px"},
                    ),
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


def details_panel(details: dict[str, Any], lang: str) -> html.Div:
    """Everything about one objective: score, owner, indicators, trend and the explanation."""
    _ = translator(lang)
    owner = details["owner"]
    indicator_rows = [
        html.Tr(
            [
                html.Td([html.Span(i["code"], className="code"), " ", i["name"]]),
                html.Td(fmt_target(i["target"], lang), className="num"),
                html.Td(fmt_number(i["realization"], lang), className="num"),
                html.Td(band_badge(i["band"], i["score"], i["colour"], lang)),
            ]
        )
        for i in details["indicators"]
    ]
    explanation = details["explanation"]
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
            html.H2([html.Span(details["code"], className="code"), " ", details["name"]],
                    className="card-title"),
            band_badge(details["band"], details["score"], details["colour"], lang),
            html.Div(
                f"{details['level_label']} · {period_label(details['period'], lang)} · "
                + _("Coverage {value} %").format(
                    value=fmt_number(100 * details["coverage"], lang, 0)),
                className="muted small",
            ),
            html.P(
                [html.Strong(_("Owner") + ": "),
                 f"{owner['name']} (NIP {owner['nip']}), {owner['position']}" if owner
                 else _("none")]
                + ([html.Br(), html.Strong(_("Unit") + ": "), details["unit"]]
                   if details["unit"] else []),
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
            dcc.Graph(figure=small_trend(details["trend"], lang),
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
        **{"data-code": details["code"]},
    )


