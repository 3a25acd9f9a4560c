"""Peta Strategi (`/peta-strategi`): the Balanced Scorecard strategy map and its side panel."""

from __future__ import annotations

from typing import Any

from dash import dcc, html
from ekinerja.layouts import common_comments, ids
from ekinerja.layouts.common import graph, message, page_title, text_colour
from ekinerja.layouts.common_map import (
    LABEL_FONT,
    MIN_ZOOM,
    details_panel,
    objective_style,
    small_trend,
    zoom_buttons,
)

from ekinerja.i18n import band_label, fmt_number, translator
from ekinerja.model import PERSPECTIVES
from ekinerja.readmodels.presentation import Named, Scored
from ekinerja.readmodels.strategy_map import StrategyMap

__all__ = ["details_panel", "layout", "map_elements", "panel_hint", "small_trend"]

ROW_HEIGHT = 118  # one row of objectives inside a lane
LANE_TITLE = 30  # the lane's name, above its objectives
EMPTY_LANE = 34  # the height of a lane without objectives (below its name)
NODE_GAP = 232
NODE_WIDTH = 212
NODE_HEIGHT = 100
PER_ROW = 4  # objectives per row before a lane wraps onto another row (keeps the fit readable)
NAME_LENGTH = 64
CONTEXT_LANES = ("above", "below")  # an agency map's parents and children around its lanes
EDITING_CLASS = "editing"

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
            "text-halign": "center",
            "text-valign": "top",
            "text-margin-y": LANE_TITLE - 6,
            "font-size": LABEL_FONT,
            "font-weight": "bold",
            "color": "#263238",
            "events": "no",
            "z-index-compare": "manual",
            "z-index": 0,
        },
    },
    {"selector": ".lane.context", "style": {"background-color": "#fafafa",
                                            "border-style": "dashed"}},
    {
        "selector": ".objective",
        "style": {**objective_style(NODE_WIDTH, NODE_HEIGHT, NODE_WIDTH - 14),
                  "z-index-compare": "manual", "z-index": 10},
    },
    {"selector": ".objective.context", "style": {"border-style": "dashed", "border-width": 2}},
    {"selector": ".objective:selected", "style": {"border-width": 4, "border-color": "#0d47a1",
                                                  "underlay-color": "#90caf9",
                                                  "underlay-opacity": 0.7,
                                                  "underlay-padding": 5}},
    {
        "selector": ".causal",
        "style": {
            "curve-style": "bezier",
            "target-arrow-shape": "triangle",
            "arrow-scale": 1.3,
            "line-color": "#37474f",
            "target-arrow-color": "#37474f",
            "width": 2.5,
            "z-index-compare": "manual",
            "z-index": 5,  # under the objectives: an arrow never crosses a label
        },
    },
    {
        "selector": ".cascade",
        "style": {
            "curve-style": "taxi",
            "taxi-direction": "vertical",
            "line-style": "dashed",
            "line-color": "#78909c",
            "width": 1.5,
            "target-arrow-shape": "none",
            "z-index-compare": "manual",
            "z-index": 4,
        },
    },
]


def layout(lang: str = "id", scopes: list[Named] | None = None, scope: str | None = None,
           node: str | None = None, can_edit: bool = False, **_params: Any) -> html.Div:
    """The map page: scope choice, PNG button, view buttons, the map and the side panel
    (`node`: the objective a link chose, drawn selected and centred), and for who may edit
    the cascade the map editing section."""
    _ = translator(lang)
    scopes = scopes or [Named("", _("Province"))]
    codes = [s.code for s in scopes]
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
                            value=scope if scope in codes else codes[0],
                            clearable=False,
                            className="scope-select",
                        ),
                        html.Button(_("Save as PNG"), id=ids.MAP_PNG, type="button",
                                    className="btn btn-outline-primary btn-sm"),
                        dcc.Store(id=ids.MAP_PNG_META),
                        dcc.Store(id=ids.MAP_PNG_DONE),
                    ],
                    className="controls",
                ),
            ),
            html.P(_("Arrows: cause → effect. Dashed: the cascade above and below the "
                     "agency's own objectives."), className="muted small"),
            html.Div(id=ids.MAP_EMPTY, className="muted"),
            dcc.Store(id=ids.MAP_SELECTED, data=node),
            html.Div(
                [
                    html.Div(
                        [zoom_buttons(ids.MAP_GRAPH, lang),
                         graph(ids.MAP_GRAPH, {"name": "preset", "fit": True, "padding": 16},
                               STYLESHEET, height="560px", zoom=(MIN_ZOOM, 2.5),
                               userZoomingEnabled=True)],
                        className="map-main",
                    ),
                    html.Div(
                        [editor(lang, can_edit),
                         html.Aside(panel_hint(lang), id=ids.MAP_PANEL,
                                    className="panel side-panel", **{"aria-live": "polite"})],
                        className="map-side",
                    ),
                ],
                className="map-wrap",
            ),
            common_comments.thread_card(lang, hint=_("Click an objective on the map"), page="map"),
        ],
        className="page-peta",
    )


def editor(lang: str, can_edit: bool) -> html.Section:
    """Drawing and removing causal arrows, placing nodes by hand and the automatic layout
    back: shown to who may edit the cascade (hidden otherwise; the services refuse anyway)."""
    _ = translator(lang)
    button = "btn btn-sm me-1 mb-1 "

    def choice(label: str, component_id: str) -> html.Div:
        return html.Div([html.Label(label, htmlFor=component_id, className="small mb-0"),
                         dcc.Dropdown(id=component_id, options=[], value=None,
                                      placeholder=label, className="results-select")],
                        className="mb-1")

    return html.Section(
        [
            html.H2(_("Edit the map"), className="card-title"),
            html.P(_("Click the cause, then the effect (or click an arrow), then add or "
                     "remove the arrow."), className="muted small"),
            choice(_("Cause"), ids.MAP_ARROW_CAUSE),
            choice(_("Effect"), ids.MAP_ARROW_EFFECT),
            html.Button(_("Add arrow"), id=ids.MAP_ARROW_ADD, type="button",
                        className=button + "btn-primary"),
            html.Button(_("Remove arrow"), id=ids.MAP_ARROW_REMOVE, type="button",
                        className=button + "btn-outline-danger"),
            dcc.Checklist(id=ids.MAP_MOVE_MODE, value=[],
                          options=[{"label": " " + _("Move nodes by hand"), "value": "move"}],
                          inputClassName="me-1", labelClassName="small", className="mt-2"),
            dcc.Store(id=ids.MAP_MOVED, data={}),
            html.Button(_("Save positions"), id=ids.MAP_LAYOUT_SAVE, type="button",
                        className=button + "btn-primary"),
            html.Button(_("Reset layout"), id=ids.MAP_LAYOUT_RESET, type="button",
                        className=button + "btn-outline-dark",
                        title=_("Give every node of this map its automatic place back")),
            html.Div(id=ids.MAP_EDIT_MESSAGE, role="status"),
        ],
        id=ids.MAP_EDIT,
        hidden=not can_edit,
        className="panel map-edit",
    )


def panel_hint(lang: str) -> html.Div:
    """The side panel before any objective is chosen."""
    _ = translator(lang)
    return html.Div(message(_("Click an objective on the map to see its details.")))


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


def _label(objective: Scored, lang: str | None, no_score: str) -> str:
    band = band_label(objective.score.band, lang) or no_score
    return (f"{objective.code}\n{shorten(objective.name)}\n"
            f"{fmt_number(objective.score.value, lang)} · {band}")


def _node(objective: Scored, lang: str | None, no_score: str, x: float, y: float,
          classes: str) -> dict[str, Any]:
    return {
        "data": {"id": objective.code, "label": _label(objective, lang, no_score),
                 "colour": objective.score.colour, "text": text_colour(objective.score.colour),
                 "band": band_label(objective.score.band, lang) or no_score},
        "position": {"x": x, "y": y},
        "classes": classes,
    }


def graph_height(elements: list[dict[str, Any]], width_px: float = 930.0) -> int:
    """The height (px) the map's box needs so that fitting the drawing into a box
    `width_px` wide keeps its scale: the drawing's height at the zoom its width allows."""
    lanes = [e for e in elements if "lane" in e.get("classes", "").split()]
    if not lanes:
        return 420
    top = min(e["position"]["y"] - e["data"]["height"] / 2 for e in lanes)
    bottom = max(e["position"]["y"] + e["data"]["height"] / 2 for e in lanes)
    width = max(e["data"]["width"] for e in lanes)
    zoom = min(1.0, (width_px - 32) / width)
    return int(min(1500, max(420, (bottom - top) * zoom + 40)))


def map_elements(strategy_map: StrategyMap, lang: str | None, per_row: int = PER_ROW,
                 positions: dict[str, tuple[float, float]] | None = None
                 ) -> list[dict[str, Any]]:
    """Cytoscape elements: lanes sized to their objectives (wrapping after `per_row`; an
    empty lane is a thin band), objectives coloured by band with score and band label, the
    causal arrows between them; on an agency map the parents above and children below in
    lanes of their own, joined by dashed cascade lines. `positions` (code -> x, y) are
    places set by hand: they replace the automatic ones."""
    _ = translator(lang)
    labels = perspective_labels(lang)
    labels["above"] = _("Parents (above)")
    labels["below"] = _("Children (below)")
    if strategy_map.more_above:
        labels["above"] += " · " + _("+{count} more").format(count=strategy_map.more_above)
    if strategy_map.more_below:
        labels["below"] += " · " + _("+{count} more").format(count=strategy_map.more_below)
    rows: list[tuple[str, list[Scored]]] = []
    if strategy_map.above:
        rows.append(("above", strategy_map.above))
    rows += [(p, strategy_map.lanes[p]) for p in PERSPECTIVES]
    if strategy_map.below:
        rows.append(("below", strategy_map.below))
    widest = max([min(len(members), per_row) for _lane, members in rows] + [1])
    lane_width = widest * NODE_GAP + 20
    no_score = _("No score")
    placed = positions or {}
    elements: list[dict[str, Any]] = []
    top = 0.0
    for lane, members in rows:
        count = -(-len(members) // per_row)
        height = LANE_TITLE + (count * ROW_HEIGHT if members else EMPTY_LANE) + 8
        context = lane in CONTEXT_LANES
        elements.append({
            "data": {"id": f"lane-{lane}", "label": labels[lane], "width": lane_width,
                     "height": height - 8},
            "position": {"x": 0, "y": top + height / 2},
            "classes": "lane context" if context else "lane",
            "selectable": False,
            "grabbable": False,
        })
        for i, objective in enumerate(members):
            row, column = divmod(i, per_row)
            in_row = min(per_row, len(members) - row * per_row)
            x = (column - (in_row - 1) / 2) * NODE_GAP
            y = top + LANE_TITLE + (row + 0.5) * ROW_HEIGHT
            if objective.code in placed:
                x, y = placed[objective.code]
            elements.append(_node(objective, lang, no_score, x, y,
                                  "objective context" if context else "objective"))
        top += height
    elements.extend(
        {"data": {"id": f"{parent}=>{child}", "source": parent, "target": child},
         "classes": "cascade"}
        for parent, child in strategy_map.cascade
    )
    elements.extend(
        {"data": {"id": f"{cause}->{effect}", "source": cause, "target": effect},
         "classes": "causal"}
        for cause, effect in strategy_map.arrows
    )
    return elements
