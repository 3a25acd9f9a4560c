"""Peta Strategi: the map of a scope and period, the chosen objective (a click, a `?node=`
link) with its details, the view buttons and the PNG composed with a title and a legend."""

from __future__ import annotations

from typing import Any

from dash import ClientsideFunction, Input, Output, State, ctx, no_update
from ekinerja.callbacks.common import (
    LANG_IN,
    LANG_STATE,
    PERIOD_IN,
    REVISION_IN,
    engine_of,
    graph_view,
    query_value,
)
from ekinerja.layouts import ids, peta_strategi

from ekinerja.i18n import band_label, language, period_label, translator
from ekinerja.readmodels.indexes import objective_agency
from ekinerja.readmodels.periods import valid_period
from ekinerja.readmodels.presentation import band_legend
from ekinerja.readmodels.strategy_map import objective_details, scopes, strategy_map
from ekinerja.rollup import Engine
from ekinerja.services import User
from ekinerja.sources import PlanSource


def layout_params(source: PlanSource, lang: str, user: User | None = None
                  ) -> dict[str, Any]:
    """Data the page frame needs: the scope choices."""
    return {"scopes": scopes(source())}


def scope_of(engine: Engine, code: str | None) -> str | None:
    """The map a node is drawn on: its agency's (when that agency has a map), else the
    province's (""); None for an unknown code."""
    if not code or code not in engine.index or engine.is_indicator(code):
        return None
    agency = objective_agency(engine)[engine.index[code]]
    offered = {s.code for s in scopes(engine)}
    return agency if agency in offered else ""


def choose(engine: Engine, trigger: Any, tapped: dict[str, Any] | None, search: str | None
           ) -> tuple[Any, Any]:
    """(chosen node, scope): a click chooses its node; another scope clears the choice; the
    page opened with `?node=CODE` chooses that node on its map."""
    if trigger == ids.MAP_GRAPH:
        code = (tapped or {}).get("id")
        return (code, no_update) if code else (no_update, no_update)
    if trigger == ids.MAP_SCOPE:
        return None, no_update
    code = query_value(search, "node")
    scope = scope_of(engine, code)
    if scope is None:
        return None, no_update
    return code, scope


def render_map(engine: Engine, period: str | None, scope: str | None, lang: str | None
               ) -> tuple[list[dict[str, Any]], str]:
    """The map callback body: elements and the message shown when the map is empty."""
    _ = translator(lang)
    period = valid_period(engine, period)
    if period is None:
        return [], _("No plan data yet.")
    found = strategy_map(engine, period, scope)
    note = _("No objective of this scope has a perspective.") if found.empty else ""
    return peta_strategi.map_elements(found, lang), note


def png_meta(engine: Engine, period: str | None, scope: str | None, lang: str | None
             ) -> dict[str, Any]:
    """What the PNG shows around the drawing: title (plan or agency), period, the bands'
    colours and names, and what an arrow means."""
    _ = translator(lang)
    names = {s.code: s.name for s in scopes(engine)}
    period = valid_period(engine, period)
    where = names.get(scope or "", engine.doc.plan.name)
    subtitle = engine.doc.plan.name if scope else ""
    when = period_label(period, lang) if period else ""
    return {
        "title": _("Strategy map") + " · " + where,
        "subtitle": " · ".join(p for p in (subtitle, _("Period") + ": " + when) if p),
        "legend_title": _("Bands") + ":",
        "bands": [{"label": band_label(b.label, lang), "colour": b.colour}
                  for b in band_legend(engine)],
        "arrow": _("cause → effect"),
        "filename": f"peta-strategi-{scope or 'provinsi'}-{period or ''}.png".lower(),
    }


def render_details(engine: Engine, period: str | None, code: str | None, lang: str | None
                   ) -> Any:
    """The side-panel callback body: the chosen objective (one without children too)."""
    lang = language(lang)
    period = valid_period(engine, period)
    if not code or code not in engine.index or engine.is_indicator(code) or period is None:
        return peta_strategi.panel_hint(lang)
    return peta_strategi.details_panel(objective_details(engine, period, code), lang)


def register(app: Any) -> None:
    """Map, chosen node, side panel, view buttons and PNG export."""

    @app.callback(
        Output(ids.MAP_GRAPH, "elements"),
        Output(ids.MAP_EMPTY, "children"),
        Output(ids.MAP_GRAPH, "style"),
        Output(ids.MAP_PNG_META, "data"),
        PERIOD_IN,
        Input(ids.MAP_SCOPE, "value"),
        LANG_IN,
        REVISION_IN,
    )
    def update_map(period: str | None, scope: str | None, lang: str | None, _revision: Any
                   ) -> Any:
        engine = engine_of(app)
        elements, note = render_map(engine, period, scope, lang)
        style = {"width": "100%", "height": f"{peta_strategi.graph_height(elements)}px"}
        return elements, note, style, png_meta(engine, period, scope, lang)

    @app.callback(
        Output(ids.MAP_SELECTED, "data"),
        Output(ids.MAP_SCOPE, "value"),
        Input(ids.MAP_GRAPH, "tapNodeData"),
        Input(ids.MAP_SCOPE, "value"),
        State(ids.URL, "search"),
    )
    def chosen(tapped: dict[str, Any] | None, _scope: str | None, search: str | None
               ) -> Any:
        trigger = ctx.triggered_id if ctx.triggered else None
        return choose(engine_of(app), trigger, tapped, search)

    @app.callback(
        Output(ids.MAP_PANEL, "children"),
        Input(ids.MAP_SELECTED, "data"),
        PERIOD_IN,
        REVISION_IN,
        LANG_STATE,
    )
    def show_details(code: str | None, period: str | None, _revision: Any,
                     lang: str | None) -> Any:
        return render_details(engine_of(app), period, code, lang)

    graph_view(app, ids.MAP_GRAPH, Input(ids.MAP_SELECTED, "data"))

    app.clientside_callback(  # assets/ekinerja.js: title, period and legend around the map
        ClientsideFunction(namespace="ekinerja", function_name="mapPng"),
        Output(ids.MAP_PNG_DONE, "data"),
        Input(ids.MAP_PNG, "n_clicks"),
        State(ids.MAP_PNG_META, "data"),
        State(ids.MAP_GRAPH, "id"),
        prevent_initial_call=True,
    )
