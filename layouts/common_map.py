"""Pieces the drawn pages share (/peta-strategi, /pohon-kinerja): the zoom and fit buttons of a
Cytoscape graph, the label size that stays readable, and the details panel of one objective."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from dash import dcc, html
from ekinerja.layouts.common import band_badge, message

from ekinerja.i18n import fmt_number, fmt_target, level_label, period_label, translator
from ekinerja.readmodels.strategy_map import ObjectiveDetails

MIN_FONT = 11.0  # px: the smallest node label a graph shows, fitted or zoomed out
LABEL_FONT = 13.0  # px at zoom 1: the node labels of both graphs
MIN_ZOOM = round(MIN_FONT / LABEL_FONT + 0.005, 3)  # fit never draws labels below MIN_FONT


def objective_style(width: int, height: int, text_width: int) -> dict[str, Any]:
    """The Cytoscape style of an objective node in both graphs: a `width` x `height` rounded box
    in its band's colour (`data(colour)`, text `data(text)`), its label wrapped at
    `text_width` px."""
    return {
        "shape": "round-rectangle",
        "width": width,
        "height": height,
        "background-color": "data(colour)",
        "color": "data(text)",
        "label": "data(label)",
        "text-wrap": "wrap",
        "text-max-width": f"{text_width}px",
        "text-valign": "center",
        "text-halign": "center",
        "font-size": LABEL_FONT,
        "line-height": 1.15,
        "border-width": 1,
        "border-color": "#263238",
    }


def zoom_ids(graph_id: str) -> dict[str, str]:
    """The ids of a graph's view buttons and of the Store its client-side callback writes."""
    return {"in": f"{graph_id}-zoom-in", "out": f"{graph_id}-zoom-out",
            "fit": f"{graph_id}-fit", "view": f"{graph_id}-view"}


def zoom_buttons(graph_id: str, lang: str) -> html.Div:
    """Zoom in, zoom out and fit buttons for a graph: labelled, reachable by keyboard."""
    _ = translator(lang)
    named = zoom_ids(graph_id)
    button = "btn btn-outline-secondary btn-sm"
    return html.Div(
        [
            html.Button(["＋ ", _("Zoom in")], id=named["in"], type="button", className=button,
                        title=_("Zoom in"), n_clicks=0),
            html.Button(["− ", _("Zoom out")], id=named["out"], type="button",
                        className=button, title=_("Zoom out"), n_clicks=0),
            html.Button(["⤢ ", _("Fit")], id=named["fit"], type="button", className=button,
                        title=_("Show the whole drawing"), n_clicks=0),
            dcc.Store(id=named["view"]),
        ],
        className="graph-tools",
        role="group",
        **{"aria-label": _("View of the drawing")},
    )


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


def responsible(details: ObjectiveDetails, lang: str) -> list[Any]:
    """Who answers for an objective: its owner, else its unit (a province objective: the
    region's unit) and the agencies carrying it."""
    _ = translator(lang)
    owner = details.owner
    parts: list[Any] = []
    if owner:
        parts += [html.Strong(_("Owner") + ": "),
                  f"{owner.name} (NIP {owner.nip}), {owner.position}"]
    if details.unit:
        parts += [html.Br()] * bool(parts) + [html.Strong(_("Unit") + ": "), details.unit]
    if details.agencies:
        parts += [html.Br()] * bool(parts) + [html.Strong(_("Carried by") + ": "),
                                              ", ".join(details.agencies)]
    return parts or [html.Strong(_("Owner") + ": "), _("none")]


def details_panel(details: ObjectiveDetails, lang: str) -> html.Div:
    """Everything about one objective: score, owner, indicators, trend and the explanation."""
    _ = translator(lang)
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
            html.P(responsible(details, lang), className="small"),
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
            ) if explain_rows else message(_("No child objectives or indicators.")),
        ],
        className="details",
        **{"data-code": details.code},
    )
