"""Pohon Kinerja (`/pohon-kinerja`): the cascade tree, loaded a level at a time."""

from __future__ import annotations

from typing import Any

from dash import dcc, html
from ekinerja.layouts import common_comments, common_workshop, ids
from ekinerja.layouts.common import graph, page_title, text_colour
from ekinerja.layouts.common_map import LABEL_FONT, MIN_ZOOM, objective_style, zoom_buttons

from ekinerja.i18n import fmt_number, translator
from ekinerja.readmodels.presentation import Named
from ekinerja.readmodels.tree import TreeView

NAME_LENGTH = 56
MORE_PREFIX = "more:"  # the id prefix of a node standing for hidden children

STYLESHEET: list[dict[str, Any]] = [
    {
        "selector": ".objective",
        "style": objective_style(190, 92, 178),
    },
    {"selector": ".collapsed", "style": {"border-style": "double", "border-width": 3}},
    {"selector": ".crosscutting", "style": {"border-style": "dashed", "border-width": 3}},
    {"selector": ".path", "style": {"border-width": 5, "border-color": "#0d47a1",
                                    "underlay-color": "#90caf9", "underlay-opacity": 0.6,
                                    "underlay-padding": 6}},
    {
        "selector": ".more",
        "style": {"shape": "round-rectangle", "width": 130, "height": 34, "label": "data(label)",
                  "background-color": "#eceff1", "font-size": LABEL_FONT, "text-valign": "center",
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

TREE_LAYOUT = {"name": "dagre", "rankDir": "TB", "nodeSep": 16, "rankSep": 50, "fit": True,
               "padding": 16, "animate": False}


def layout(lang: str = "id", root: str | None = None, can_edit: bool = False, **_params: Any
           ) -> html.Div:
    """The tree page: search box, results, the tree (vision expanded), a legend, and the
    workshop panel for who may edit the cascade."""
    _ = translator(lang)
    return html.Div(
        [
            page_title(_("Performance tree"), controls=[
                html.Label(_("Search the tree"), htmlFor=ids.TREE_SEARCH,
                           className="small mb-0"),
                dcc.Input(id=ids.TREE_SEARCH, type="text", debounce=False,
                          placeholder=_("Search name, code, NIP or agency"),
                          className="form-control form-control-sm tree-search"),
                html.Button(_("Search"), id=ids.TREE_SEARCH_BUTTON,
                            className="btn btn-primary btn-sm"),
                dcc.Dropdown(id=ids.TREE_RESULTS, options=[], value=None,
                             placeholder=_("Results"), className="results-select"),
                html.Span(id=ids.TREE_INFO, className="muted small"),
            ]),
            html.P(
                _("Click a node to expand or collapse it and see its details below. ▸ n: n "
                  "children hidden. Dashed: crosscutting (supports several parents)."),
                className="muted small",
            ),
            dcc.Store(id=ids.TREE_EXPANDED, data=[root] if root else []),
            dcc.Store(id=ids.TREE_PATH, data=[]),
            html.Div(
                [
                    html.Div([zoom_buttons(ids.TREE_GRAPH, lang),
                              graph(ids.TREE_GRAPH, TREE_LAYOUT, STYLESHEET, height="600px",
                                    zoom=(MIN_ZOOM, 2.0)),
                              html.Section(id=ids.TREE_DETAILS, className="panel tree-details",
                                           **{"aria-live": "polite"})],
                             className="work-main"),
                    common_workshop.panel(lang, can_edit),
                ],
                className="work-layout" + (" work-editing" if can_edit else ""),
            ),
            common_comments.thread_card(lang),
        ],
        className="page-pohon",
    )


def search_note(count: int, lang: str) -> str:
    """How many objectives a search found."""
    _ = translator(lang)
    if count == 0:
        return _("Nothing found.")
    return _("{count} found").format(count=count)


def search_options(found: list[Named]) -> list[dict[str, str]]:
    """Dropdown options of found objectives: `code — name (unit)`."""
    return [{"label": f"{f.code} — {f.name}" + (f" ({f.unit})" if f.unit else ""),
             "value": f.code} for f in found]


def tree_elements(view: TreeView, lang: str | None) -> list[dict[str, Any]]:
    """Cytoscape elements of the visible tree: nodes coloured by band with their score and band
    label, the path and crosscutting objectives marked, hidden children summarised."""
    _ = translator(lang)
    no_score = _("No score")
    elements: list[dict[str, Any]] = []
    for node in view.nodes:
        marker = "" if node.children == 0 else (
            " ▾" if node.expanded else f" ▸ {node.children}")
        if len(node.parents) > 1:
            marker += " · " + _("{count} parents").format(count=len(node.parents))
        name = node.name if len(node.name) <= NAME_LENGTH else node.name[: NAME_LENGTH - 1] + "…"
        classes = ["objective", "expanded" if node.expanded else "collapsed"]
        classes += ["path"] * node.on_path + ["crosscutting"] * (len(node.parents) > 1)
        elements.append({
            "data": {
                "id": node.code,
                "label": f"{node.code}{marker}\n{name}\n{fmt_number(node.score.value, lang)} · "
                f"{node.score.band or no_score}",
                "colour": node.score.colour,
                "text": text_colour(node.score.colour),
                "children": node.children,
            },
            "classes": " ".join(classes),
        })
    for edge in view.edges:
        classes = ["cascade"] + ["crosscutting"] * edge.crosscutting + ["path"] * edge.on_path
        elements.append({"data": {"id": f"{edge.parent}->{edge.child}", "source": edge.parent,
                                  "target": edge.child}, "classes": " ".join(classes)})
    more = _("+{count} more")
    for code, count in view.hidden.items():
        elements.append({"data": {"id": f"{MORE_PREFIX}{code}", "label": more.format(count=count)},
                         "classes": "more"})
        elements.append({"data": {"id": f"{code}->{MORE_PREFIX}{code}", "source": code,
                                  "target": f"{MORE_PREFIX}{code}"}, "classes": "cascade"})
    return elements
