"""Pohon Kinerja (`/pohon-kinerja`): the cascade tree, loaded a level at a time."""

from __future__ import annotations

from typing import Any

import dash_cytoscape as cyto
from dash import dcc, html
from ekinerja.layouts import ids
from ekinerja.layouts.common import page_title

from ekinerja.i18n import translator

STYLESHEET: list[dict[str, Any]] = [
    {
        "selector": ".objective",
        "style": {
            "shape": "round-rectangle",
            "width": 170,
            "height": 64,
            "background-color": "data(colour)",
            "color": "data(text)",
            "label": "data(label)",
            "text-wrap": "wrap",
            "text-max-width": "160px",
            "text-valign": "center",
            "text-halign": "center",
            "font-size": 9,
            "border-width": 1,
            "border-color": "#263238",
        },
    },
    {"selector": ".collapsed", "style": {"border-style": "double", "border-width": 3}},
    {"selector": ".crosscutting", "style": {"border-style": "dashed", "border-width": 3}},
    {"selector": ".path", "style": {"border-width": 5, "border-color": "#0d47a1",
                                    "underlay-color": "#90caf9", "underlay-opacity": 0.6,
                                    "underlay-padding": 6}},
    {
        "selector": ".more",
        "style": {"shape": "round-rectangle", "width": 120, "height": 30, "label": "data(label)",
                  "background-color": "#eceff1", "font-size": 10, "text-valign": "center",
                  "text-halign": "center", "color": "#37474f"},
    },
    {
        "selector": ".cascade",
        "style": {"curve-style": "taxi", "taxi-direction": "downward", "width": 1.5,
                  "line-color": "#90a4ae", "target-arrow-shape": "none"},
    },
    {"selector": "edge.crosscutting", "style": {"line-style": "dashed", "line-color": "#6a1b9a",
                                                "curve-style": "bezier", "width": 2}},
    {"selector": "edge.path", "style": {"line-color": "#0d47a1", "width": 4}},
]

TREE_LAYOUT = {"name": "dagre", "rankDir": "TB", "nodeSep": 14, "rankSep": 46, "fit": True,
               "padding": 16, "animate": False}


def layout(lang: str = "id", root: str | None = None, **_params: Any) -> html.Div:
    """The tree page: search box, results, the tree (vision expanded), and a legend."""
    _ = translator(lang)
    return html.Div(
        [
            page_title(
                _("Performance tree"),
                html.Div(
                    [
                        dcc.Input(id=ids.TREE_SEARCH, type="search", debounce=False,
                                  placeholder=_("Search name, code, NIP or agency"),
                                  className="form-control form-control-sm tree-search"),
                        html.Button(_("Search"), id=ids.TREE_SEARCH_BUTTON,
                                    className="btn btn-primary btn-sm"),
                        dcc.Dropdown(id=ids.TREE_RESULTS, options=[], value=None,
                                     placeholder=_("Results"), className="results-select"),
                        html.Span(id=ids.TREE_INFO, className="muted small"),
                    ],
                    className="controls",
                ),
            ),
            html.P(
                _("Click a node to expand or collapse it. ▸ n: n children hidden. "
                  "Dashed: crosscutting (supports several parents)."),
                className="muted small",
            ),
            dcc.Store(id=ids.TREE_EXPANDED, data=[root] if root else []),
            dcc.Store(id=ids.TREE_PATH, data=[]),
            cyto.Cytoscape(
                id=ids.TREE_GRAPH,
                elements=[],
                layout=TREE_LAYOUT,
                stylesheet=STYLESHEET,
                className="cyto",
                minZoom=0.1,
                maxZoom=1.2,
                autoungrabify=True,
                boxSelectionEnabled=False,
                style={"width": "100%", "height": "600px"},
            ),
        ],
        className="page-pohon",
    )


def search_note(count: int, lang: str) -> str:
    """How many objectives a search found."""
    _ = translator(lang)
    if count == 0:
        return _("Nothing found.")
    return _("{count} found").format(count=count)
