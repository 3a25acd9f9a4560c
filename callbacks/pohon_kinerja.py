"""Pohon Kinerja: the visible part of the cascade tree, expand/collapse, and search with path."""

from __future__ import annotations

from typing import Any

from dash import Input, Output, State, ctx, no_update
from ekinerja.callbacks import common_workshop
from ekinerja.callbacks.common import (
    LANG_STATE,
    choice_of,
    engine_of,
    follows,
    follows_shell,
    graph_and_panel,
    objective_panel,
)
from ekinerja.layouts import ids, pohon_kinerja

from ekinerja import permissions
from ekinerja.i18n import language
from ekinerja.readmodels import tree
from ekinerja.readmodels.periods import valid_period
from ekinerja.readmodels.search import find_objectives
from ekinerja.rollup import Engine
from ekinerja.services import User
from ekinerja.sources import PlanSource


def layout_params(source: PlanSource, lang: str, user: User | None = None
                  ) -> dict[str, Any]:
    """The tree starts with the vision expanded; the workshop panel is there for who may edit
    the cascade (with a database to save in)."""
    return {"root": source().root,
            "can_edit": source.database is not None and permissions.may_edit_structure(user)}


def render_tree(engine: Engine, period: str | None, expanded: list[str] | None,
                path: list[str] | None, lang: str | None) -> list[dict[str, Any]]:
    """The tree callback body."""
    period = valid_period(engine, period) or str(engine.doc.plan.start_year)  # a plan being
    # built has no data yet: its first year
    if engine.root is None:
        return []
    opened = set(expanded) if expanded is not None else {engine.root}
    return pohon_kinerja.tree_elements(tree.tree_view(engine, period, opened, list(path or [])),
                                       lang)


def render_details(engine: Engine, period: str | None, code: str | None, lang: str | None
                   ) -> Any:
    """The details under the tree of the clicked objective (a leaf too); nothing else."""
    return objective_panel(engine, period, code, lang)


def search(engine: Engine, query: str | None) -> list[dict[str, str]]:
    """The search callback body: options of the objectives found, best first."""
    return pohon_kinerja.search_options(find_objectives(engine, query))


def register(app: Any) -> None:
    """Tree drawing, expand/collapse on click, search, and the workshop panel."""
    common_workshop.register(app)

    follows_shell(app, [Output(ids.TREE_GRAPH, "elements")],
                  [Input(ids.TREE_EXPANDED, "data"), Input(ids.TREE_PATH, "data")],
                  lambda expanded, path, period, lang: render_tree(engine_of(app), period,
                                                                   expanded, path, lang))

    def expand(node: dict[str, Any] | None, chosen: str | None, expanded: list[str] | None,
               path: list[str] | None) -> Any:
        engine = engine_of(app)
        expanded = list(expanded or [])
        if ctx.triggered_id == ids.TREE_RESULTS:
            if not chosen:
                return no_update, []
            return tree.reveal(engine, expanded, chosen)
        return tree.toggle(engine, expanded, (node or {}).get("id")), no_update

    shown = (ids.TREE_EXPANDED, ids.TREE_PATH)  # the nodes opened, the path revealed
    follows(app, [Output(store, "data") for store in shown],
            [Input(ids.TREE_GRAPH, "tapNodeData"), ids.TREE_RESULTS], expand,
            [State(store, "data") for store in shown], prevent_initial_call=True)

    graph_and_panel(app, ids.TREE_GRAPH, ids.TREE_DETAILS,
                    Input(ids.TREE_GRAPH, "tapNodeData"), lambda node: (node or {}).get("id"),
                    render_details, prevent_initial_call=True)

    def find(_clicks: int | None, _submit: int | None, query: str | None, lang: str | None
             ) -> Any:
        options = search(engine_of(app), query)
        return options, (options[0]["value"] if options else None), pohon_kinerja.search_note(
            len(options), language(lang))

    follows(app, [*choice_of(ids.TREE_RESULTS), ids.TREE_INFO],
            [Input(ids.TREE_SEARCH_BUTTON, "n_clicks"), Input(ids.TREE_SEARCH, "n_submit")],
            find, [ids.TREE_SEARCH, LANG_STATE], prevent_initial_call=True)
