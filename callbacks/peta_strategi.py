"""Peta Strategi: the map of a scope and period, and the details of a clicked objective."""

from __future__ import annotations

from typing import Any

from dash import Input, Output, no_update
from ekinerja.callbacks.common import LANG_IN, LANG_STATE, PERIOD_IN, REVISION_IN, engine_of
from ekinerja.layouts import ids, peta_strategi

from ekinerja.i18n import language, translator
from ekinerja.readmodels.periods import valid_period
from ekinerja.readmodels.strategy_map import objective_details, scopes, strategy_map
from ekinerja.rollup import Engine
from ekinerja.services import User
from ekinerja.sources import PlanSource


def layout_params(source: PlanSource, lang: str, user: User | None = None
                  ) -> dict[str, Any]:
    """Data the page frame needs: the scope choices."""
    return {"scopes": scopes(source())}


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


def render_details(engine: Engine, period: str | None, code: str | None, lang: str | None
                   ) -> Any:
    """The side-panel callback body."""
    lang = language(lang)
    period = valid_period(engine, period)
    if not code or code not in engine.index or engine.is_indicator(code) or period is None:
        return peta_strategi.panel_hint(lang)
    return peta_strategi.details_panel(objective_details(engine, period, code), lang)


def register(app: Any) -> None:
    """Map, side panel and PNG export."""

    @app.callback(
        Output(ids.MAP_GRAPH, "elements"),
        Output(ids.MAP_EMPTY, "children"),
        PERIOD_IN,
        Input(ids.MAP_SCOPE, "value"),
        LANG_IN,
        REVISION_IN,
    )
    def update_map(period: str | None, scope: str | None, lang: str | None, _revision: Any
                   ) -> Any:
        return render_map(engine_of(app), period, scope, lang)

    @app.callback(
        Output(ids.MAP_PANEL, "children"),
        Input(ids.MAP_GRAPH, "tapNodeData"),
        PERIOD_IN,
        REVISION_IN,
        LANG_STATE,
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
