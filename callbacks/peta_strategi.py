"""Peta Strategi: the map of a scope and period, the chosen objective (a click, a `?node=`
link) with its details, the view buttons and the PNG composed with a title and a legend."""

from __future__ import annotations

from typing import Any

from dash import Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate
from ekinerja.callbacks.common import (
    client_side,
    database_of,
    engine_of,
    follows,
    follows_shell,
    graph_and_panel,
    kept_per_revision,
    objective_panel,
    plan_code_of,
    query_value,
    refusal_text,
    save_on_click,
    service_context,
    values_of,
)
from ekinerja.layouts import ids, peta_strategi
from ekinerja.layouts.common import feedback, no_database

from ekinerja import permissions, services
from ekinerja.i18n import N_, band_label, language, period_label, translator
from ekinerja.model import InvalidPlan
from ekinerja.readmodels.cache import ResultCache
from ekinerja.readmodels.indexes import objective_agency
from ekinerja.readmodels.periods import valid_period
from ekinerja.readmodels.presentation import band_legend
from ekinerja.readmodels.strategy_map import scopes, strategy_map
from ekinerja.rollup import Engine
from ekinerja.services import User
from ekinerja.sources import PlanSource
from ekinerja.storage.database import Database

EDIT_BUTTONS = (ids.MAP_ARROW_ADD, ids.MAP_ARROW_REMOVE, ids.MAP_LAYOUT_SAVE,
                ids.MAP_LAYOUT_RESET)


def layout_params(source: PlanSource, lang: str, user: User | None = None
                  ) -> dict[str, Any]:
    """Data the page frame needs: the scope choices, and whether the map editor is there
    (who may edit the cascade, with a database to save in)."""
    return {"scopes": scopes(source()),
            "can_edit": source.database is not None and permissions.may_edit_structure(user)}


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


def render_map(engine: Engine, period: str | None, scope: str | None, lang: str | None,
               positions: dict[str, tuple[float, float]] | None = None
               ) -> tuple[list[dict[str, Any]], str]:
    """The map callback body: elements (nodes placed by hand at their `positions`) and the
    message shown when the map is empty."""
    _ = translator(lang)
    period = valid_period(engine, period)
    if period is None:
        return [], _("No plan data yet.")
    found = strategy_map(engine, period, scope)
    note = _("No objective of this scope has a perspective.") if found.empty else ""
    return peta_strategi.map_elements(found, lang, positions=positions), note


def placed(db: Database | None, plan_code: str | None, scope: str | None
           ) -> dict[str, tuple[float, float]]:
    """The nodes placed by hand on a map (none without a database)."""
    return {} if db is None else services.map_positions(db, plan_code, scope)


def node_options(elements: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The objectives drawn, as options of the arrow's ends."""
    return [{"label": e["data"]["label"].split("\n")[0] + " · "
             + e["data"]["label"].split("\n")[1], "value": e["data"]["id"]}
            for e in elements if "objective" in str(e.get("classes", "")).split()]


def arrow_ends(tapped_node: dict[str, Any] | None, tapped_edge: dict[str, Any] | None,
               trigger: Any, cause: str | None, effect: str | None) -> tuple[Any, Any]:
    """The arrow's ends after a click: an arrow gives both; a node is the cause, or the
    effect once a cause is chosen (a new cause after a complete pair)."""
    if trigger == "edge":
        edge = tapped_edge or {}
        if not edge.get("source") or "=>" in str(edge.get("id", "")):
            raise PreventUpdate  # a cascade line is not an arrow
        return edge["source"], edge["target"]
    code = (tapped_node or {}).get("id")
    if not code:
        raise PreventUpdate
    if not cause or effect or code == cause:
        return code, None
    return cause, code


def edit_map(trigger: str, db: Database | None, user: User | None, plan_code: str | None,
             scope: str | None, cause: str | None, effect: str | None,
             moved: dict[str, Any] | None, lang: str) -> tuple[Any, Any]:
    """Make the change a map editing button asks for, as `user`: (message, revision)."""
    _ = translator(lang)
    if db is None:
        return no_database(lang), no_update
    try:
        if trigger in (ids.MAP_ARROW_ADD, ids.MAP_ARROW_REMOVE):
            if not cause or not effect:
                raise services.InvalidEdit(N_("Choose the cause and the effect first."))
            if trigger == ids.MAP_ARROW_ADD:
                services.add_causal_link(db, user, plan_code, cause, effect)
                text = _("Arrow drawn.")
            else:
                services.remove_causal_link(db, user, plan_code, cause, effect)
                text = _("Arrow removed.")
        elif trigger == ids.MAP_LAYOUT_SAVE:
            services.place_nodes(db, user, plan_code, scope, moved or {})
            text = _("Positions saved.")
        elif trigger == ids.MAP_LAYOUT_RESET:
            services.reset_layout(db, user, plan_code, scope)
            text = _("Automatic layout restored.")
        else:
            raise PreventUpdate
    except (services.ServiceError, InvalidPlan) as exc:
        reason = ("; ".join(str(p) for p in exc.problems) if isinstance(exc, InvalidPlan)
                  else refusal_text(exc, lang))
        return feedback(False, reason, lang), no_update
    return feedback(True, text, lang), services.revision(db)


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
    return objective_panel(engine, period, code, lang, peta_strategi.panel_hint(language(lang)))


def map_view(engine: Engine, db: Database | None, plan_code: str | None, period: str | None,
             scope: str | None, lang: str | None) -> tuple[Any, ...]:
    """The map callback's answer: elements (with the nodes placed by hand), the empty-map
    note, the graph's style, what the PNG shows around it, and the arrow ends' options."""
    elements, note = render_map(engine, period, scope, lang, placed(db, plan_code, scope))
    style = {"width": "100%", "height": f"{peta_strategi.graph_height(elements)}px"}
    options = node_options(elements)
    return elements, note, style, png_meta(engine, period, scope, lang), options, options


#: The map callback's answers per engine, data revision (the places set by hand are data),
#: period, scope and language.
_MAPS = ResultCache(8)


def register(app: Any) -> None:
    """Map, chosen node, side panel, view buttons and PNG export."""

    def update_map(scope: str | None, period: str | None, lang: str | None) -> Any:
        return kept_per_revision(app, _MAPS, (period, scope, lang), lambda: map_view(
            engine_of(app), database_of(app), plan_code_of(app), period, scope, lang))

    follows_shell(app, [Output(ids.MAP_GRAPH, "elements"), ids.MAP_EMPTY,
                        Output(ids.MAP_GRAPH, "style"), Output(ids.MAP_PNG_META, "data"),
                        Output(ids.MAP_ARROW_CAUSE, "options"),
                        Output(ids.MAP_ARROW_EFFECT, "options")], [ids.MAP_SCOPE], update_map)

    def choose_ends(node: dict[str, Any] | None, edge: dict[str, Any] | None,
                    cause: str | None, effect: str | None) -> Any:
        trigger = "edge" if ctx.triggered_prop_ids.get(f"{ids.MAP_GRAPH}.tapEdgeData") \
            else "node"
        return arrow_ends(node, edge, trigger, cause, effect)

    ends = (ids.MAP_ARROW_CAUSE, ids.MAP_ARROW_EFFECT)
    follows(app, values_of(*ends),
            [Input(ids.MAP_GRAPH, "tapNodeData"), Input(ids.MAP_GRAPH, "tapEdgeData")],
            choose_ends, ends, prevent_initial_call=True)

    @app.callback(
        Output(ids.MAP_GRAPH, "autoungrabify"),
        Input(ids.MAP_MOVE_MODE, "value"),
    )
    def move_mode(value: list[str] | None) -> bool:
        return "move" not in (value or [])

    client_side(  # the places of the nodes dragged
        app, "trackMoves",
        Output(ids.MAP_MOVED, "data"),
        Input(ids.MAP_GRAPH, "elements"),
        State(ids.MAP_MOVED, "data"),
        State(ids.MAP_SCOPE, "value"),
        State(ids.MAP_GRAPH, "id"),
        State(ids.MAP_MOVED, "id"),
        prevent_initial_call=True,
    )

    def change(trigger: str, scope: str | None, cause: str | None, effect: str | None,
               moved: dict[str, Any] | None, lang: str | None) -> Any:
        db, user, plan_code = service_context(app)
        said, revision = edit_map(trigger, db, user, plan_code, scope, cause, effect, moved,
                                  language(lang))
        placed_now = trigger in (ids.MAP_LAYOUT_SAVE, ids.MAP_LAYOUT_RESET)
        return said, revision, {} if placed_now and revision is not no_update else no_update

    save_on_click(app, EDIT_BUTTONS, ids.MAP_EDIT_MESSAGE,
                  [ids.MAP_SCOPE, ids.MAP_ARROW_CAUSE, ids.MAP_ARROW_EFFECT,
                   State(ids.MAP_MOVED, "data")], change,
                  more=[Output(ids.MAP_MOVED, "data", allow_duplicate=True)])

    def chosen(tapped: dict[str, Any] | None, _scope: str | None, search: str | None
               ) -> Any:
        trigger = ctx.triggered_id if ctx.triggered else None
        return choose(engine_of(app), trigger, tapped, search)

    follows(app, [Output(ids.MAP_SELECTED, "data"), Output(ids.MAP_SCOPE, "value")],
            [Input(ids.MAP_GRAPH, "tapNodeData"), ids.MAP_SCOPE], chosen,
            [State(ids.URL, "search")])

    graph_and_panel(app, ids.MAP_GRAPH, ids.MAP_PANEL, Input(ids.MAP_SELECTED, "data"),
                    lambda code: code, render_details, centre=True)

    client_side(  # title, period and legend around the map
        app, "mapPng",
        Output(ids.MAP_PNG_DONE, "data"),
        Input(ids.MAP_PNG, "n_clicks"),
        State(ids.MAP_PNG_META, "data"),
        State(ids.MAP_GRAPH, "id"),
        prevent_initial_call=True,
    )
