"""Peta Strategi: map elements per scope and period, and the details of a clicked objective."""

from __future__ import annotations

from typing import Any

from dash import Input, Output, State, no_update
from ekinerja.callbacks.common import (
    employees_by_nip,
    engine_of,
    evaluation,
    level_label,
    objective_agency,
    score_band_colour,
    trend,
    units_by_code,
    valid_period,
)
from ekinerja.layouts import ids, peta_strategi
from ekinerja.layouts.common import text_colour

from ekinerja.i18n import fmt_number, language, translator
from ekinerja.model import PERSPECTIVES
from ekinerja.rollup import Engine

ROW_HEIGHT = 100  # one row of objectives inside a lane
LANE_PADDING = 30
NODE_GAP = 200
PER_ROW = 6  # objectives per row before a lane wraps onto another row
NAME_LENGTH = 48


def scopes(engine: Engine) -> list[tuple[str, str]]:
    """Scopes of a map: "" for the province, then each agency with objectives on a perspective."""
    agencies = objective_agency(engine)
    units = units_by_code(engine)
    with_map = sorted(
        {a for a, o in zip(agencies, engine.doc.objectives, strict=True) if a and o.perspective},
        key=lambda code: units[code].name,
    )
    return [("", engine.doc.plan.name), *((code, units[code].name) for code in with_map)]


def layout_params(engine: Engine, lang: str) -> dict[str, Any]:
    """Data the page frame needs: the scope choices."""
    return {"scopes": scopes(engine)}


def map_nodes(engine: Engine, scope: str | None) -> list[int]:
    """Objectives on the map of a scope: those with a perspective, of the province or an agency."""
    agencies = objective_agency(engine)
    wanted = scope or None
    return [
        node
        for node, objective in enumerate(engine.doc.objectives)
        if objective.perspective in PERSPECTIVES and agencies[node] == wanted
    ]


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


def map_elements(engine: Engine, period: str, scope: str | None, lang: str | None
                 ) -> list[dict[str, Any]]:
    """Cytoscape elements: four lanes, objectives coloured by band with score and band label,
    and the causal arrows between them."""
    ev = evaluation(engine, period)
    nodes = map_nodes(engine, scope)
    by_lane: dict[str, list[int]] = {p: [] for p in PERSPECTIVES}
    for node in nodes:
        by_lane[engine.doc.objectives[node].perspective].append(node)
    widest = max([min(len(v), PER_ROW) for v in by_lane.values()] + [1])
    labels = perspective_labels(lang)
    no_score = translator(lang)("No score")
    elements: list[dict[str, Any]] = []
    top = 0.0
    for perspective in PERSPECTIVES:
        members = by_lane[perspective]
        rows = max(1, -(-len(members) // PER_ROW))
        height = rows * ROW_HEIGHT + LANE_PADDING
        elements.append(
            {
                "data": {"id": f"lane-{perspective}", "label": labels[perspective],
                         "width": widest * NODE_GAP + 20, "height": height - 10},
                "position": {"x": 0, "y": top + height / 2},
                "classes": "lane",
                "selectable": False,
                "grabbable": False,
            }
        )
        for i, node in enumerate(members):
            row, column = divmod(i, PER_ROW)
            in_row = min(PER_ROW, len(members) - row * PER_ROW)
            objective = engine.doc.objectives[node]
            score = ev.score_of(objective.code)
            info = score_band_colour(engine, score)
            band = info["band"] or no_score
            elements.append(
                {
                    "data": {
                        "id": objective.code,
                        "label": f"{objective.code}\n{shorten(objective.name)}\n"
                        f"{fmt_number(score, lang)} · {band}",
                        "colour": info["colour"],
                        "text": text_colour(info["colour"]),
                        "band": band,
                    },
                    "position": {"x": (column - (in_row - 1) / 2) * NODE_GAP,
                                 "y": top + LANE_PADDING / 2 + (row + 0.5) * ROW_HEIGHT},
                    "classes": "objective",
                }
            )
        top += height
    shown = {engine.codes[n] for n in nodes}
    for link in engine.doc.causal_links:
        if link.cause in shown and link.effect in shown:
            elements.append(
                {"data": {"id": f"{link.cause}->{link.effect}", "source": link.cause,
                          "target": link.effect}, "classes": "causal"}
            )
    return elements


def render_map(engine: Engine, period: str | None, scope: str | None, lang: str | None
               ) -> tuple[list[dict[str, Any]], str]:
    """The map callback body: elements and the message shown when the map is empty."""
    _ = translator(lang)
    period = valid_period(engine, period)
    if period is None:
        return [], _("No plan data yet.")
    elements = map_elements(engine, period, scope, lang)
    empty = not any(e.get("classes") == "objective" for e in elements)
    return elements, _("No objective of this scope has a perspective.") if empty else ""


def first_node(engine: Engine) -> str | None:
    """The first objective on the province map (for benchmarks and defaults)."""
    nodes = map_nodes(engine, "")
    return engine.codes[nodes[0]] if nodes else None


def objective_details(engine: Engine, period: str, code: str, lang: str | None = None
                      ) -> dict[str, Any]:
    """What the side panel shows about one objective in one period."""
    ev = evaluation(engine, period)
    node = engine.index[code]
    objective = engine.doc.objectives[node]
    employees = employees_by_nip(engine)
    units = units_by_code(engine)
    owner = employees.get(objective.owner) if objective.owner else None
    indicators = []
    for edge in engine.children_of(node).tolist():
        child = int(engine.e_child[edge])
        if child < engine.n_objectives:
            continue
        position = child - engine.n_objectives
        indicator = engine.doc.indicators[position]
        values = ev.indicator(indicator.code)
        indicators.append(
            {
                "code": indicator.code,
                "name": indicator.name,
                "measure_unit": indicator.measure_unit,
                "target": values["target"],
                "realization": values["realization"],
                "raw_achievement": values["raw_achievement"],
                **score_band_colour(engine, values["achievement"]),
            }
        )
    explanation = ev.explain(code)
    for child in explanation["children"]:
        if child["kind"] == "indicator":
            child["formula"] = ev.explain(child["code"])["formula"]
    return {
        "code": code,
        "name": objective.name,
        "level": objective.level,
        "level_label": level_label(objective.level, lang),
        "perspective": objective.perspective,
        "unit": units[objective.unit].name if objective.unit in units else None,
        "owner": {"nip": owner.nip, "name": owner.name, "position": owner.position}
        if owner else None,
        "period": period,
        "coverage": float(ev.coverage[node]),
        **score_band_colour(engine, ev.score_of(code)),
        "indicators": indicators,
        "trend": trend(engine, code, period),
        "explanation": explanation,
    }


def render_details(engine: Engine, period: str | None, code: str | None, lang: str | None
                   ) -> Any:
    """The side-panel callback body."""
    lang = language(lang)
    period = valid_period(engine, period)
    if not code or code not in engine.index or engine.index[code] >= engine.n_objectives \
            or period is None:
        return peta_strategi.panel_hint(lang)
    return peta_strategi.details_panel(objective_details(engine, period, code, lang), lang)


def register(app: Any) -> None:
    """Map, side panel and PNG export."""

    @app.callback(
        Output(ids.MAP_GRAPH, "elements"),
        Output(ids.MAP_EMPTY, "children"),
        Input(ids.PERIOD, "value"),
        Input(ids.MAP_SCOPE, "value"),
        Input(ids.LANG, "value"),
        Input(ids.REVISION, "data"),
    )
    def update_map(period: str | None, scope: str | None, lang: str | None, _revision: Any
                   ) -> Any:
        return render_map(engine_of(app), period, scope, lang)

    @app.callback(
        Output(ids.MAP_PANEL, "children"),
        Input(ids.MAP_GRAPH, "tapNodeData"),
        Input(ids.PERIOD, "value"),
        Input(ids.REVISION, "data"),
        State(ids.LANG, "value"),
    )
    def show_details(node: dict[str, Any] | None, period: str | None, _revision: Any,
                     lang: str | None) -> Any:
        return render_details(engine_of(app), period, (node or {}).get("id"), lang)

    @app.callback(
        Output(ids.MAP_GRAPH, "generateImage"),
        Input(ids.MAP_PNG, "n_clicks"),
        prevent_initial_call=True,
    )
    def save_png(clicks: int | None) -> Any:
        if not clicks:
            return no_update
        return {"type": "png", "action": "download", "filename": "peta-strategi",
                "options": {"full": True, "scale": 2, "bg": "#ffffff"}}


