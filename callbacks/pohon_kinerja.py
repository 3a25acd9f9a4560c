"""Pohon Kinerja: the visible part of the cascade tree, expand/collapse, and search with path."""

from __future__ import annotations

from collections import deque
from itertools import pairwise
from typing import Any

from dash import Input, Output, State, ctx, no_update
from ekinerja.callbacks.common import (
    employees_by_nip,
    engine_of,
    evaluation,
    memo,
    objective_children,
    objective_parents,
    score_band_colour,
    units_by_code,
    valid_period,
)
from ekinerja.layouts import ids, pohon_kinerja
from ekinerja.layouts.common import text_colour

from ekinerja.i18n import fmt_number, language, translator
from ekinerja.model import LEVEL_RANK
from ekinerja.rollup import Engine

CHILD_LIMIT = 30  # children shown under one node; the rest are summarised in one node
RESULT_LIMIT = 20
NAME_LENGTH = 40
MORE_PREFIX = "more:"


def layout_params(engine: Engine, lang: str) -> dict[str, Any]:
    """The tree starts with the vision expanded."""
    return {"root": engine.root}


def path_to(engine: Engine, code: str) -> list[str]:
    """Codes from the vision down to an objective (a shortest path; [] if unaligned)."""
    if engine.root is None or code not in engine.index:
        return []
    start, goal = engine.index[code], engine.root_index
    previous: dict[int, int | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            path = []
            current: int | None = node
            while current is not None:
                path.append(engine.codes[current])
                current = previous[current]
            return path  # root first: we walked up from `code`
        for parent in objective_parents(engine, node):
            if parent not in previous:
                previous[parent] = node
                queue.append(parent)
    return []


def visible_nodes(engine: Engine, expanded: set[str], path: list[str]) -> tuple[
        list[int], dict[int, int]]:
    """Objectives to show (root, and the children of every shown expanded node) and, per node,
    how many of its children are hidden over the limit."""
    if engine.root is None:
        return [], {}
    on_path = {engine.index[c] for c in path if c in engine.index}
    shown = [engine.root_index]
    seen = {engine.root_index}
    hidden: dict[int, int] = {}
    queue = deque([engine.root_index])
    while queue:
        node = queue.popleft()
        if engine.codes[node] not in expanded:
            continue
        children = objective_children(engine, node)
        keep = children[:CHILD_LIMIT] + [c for c in children[CHILD_LIMIT:] if c in on_path]
        if len(children) > len(keep):
            hidden[node] = len(children) - len(keep)
        for child in keep:
            if child not in seen:
                seen.add(child)
                shown.append(child)
                queue.append(child)
    return shown, hidden


def tree_elements(engine: Engine, period: str, expanded: set[str], path: list[str],
                  lang: str | None) -> list[dict[str, Any]]:
    """Cytoscape elements of the visible tree, coloured by band, path and crosscutting marked."""
    ev = evaluation(engine, period)
    _ = translator(lang)
    no_score = _("No score")
    shown, hidden = visible_nodes(engine, expanded, path)
    shown_set = set(shown)
    on_path = set(path)
    path_edges = set(pairwise(path))
    elements: list[dict[str, Any]] = []
    for node in shown:
        objective = engine.doc.objectives[node]
        code = objective.code
        score = ev.score_of(code)
        info = score_band_colour(engine, score)
        n_children = len(objective_children(engine, node))
        parents = objective_parents(engine, node)
        marker = "" if n_children == 0 else (" ▾" if code in expanded else f" ▸ {n_children}")
        if len(parents) > 1:
            marker += " · " + _("{count} parents").format(count=len(parents))
        name = objective.name if len(objective.name) <= NAME_LENGTH else (
            objective.name[: NAME_LENGTH - 1] + "…")
        classes = ["objective", "expanded" if code in expanded else "collapsed"]
        if code in on_path:
            classes.append("path")
        if len(parents) > 1:
            classes.append("crosscutting")
        elements.append(
            {
                "data": {
                    "id": code,
                    "label": f"{code}{marker}\n{name}\n{fmt_number(score, lang)} · "
                    f"{info['band'] or no_score}",
                    "colour": info["colour"],
                    "text": text_colour(info["colour"]),
                    "children": n_children,
                },
                "classes": " ".join(classes),
            }
        )
        for parent in parents:
            if parent in shown_set:
                parent_code = engine.codes[parent]
                edge_classes = ["cascade"]
                if len(parents) > 1:
                    edge_classes.append("crosscutting")
                if (parent_code, code) in path_edges:
                    edge_classes.append("path")
                elements.append(
                    {"data": {"id": f"{parent_code}->{code}", "source": parent_code,
                              "target": code}, "classes": " ".join(edge_classes)}
                )
    more = _("+{count} more")
    for node, count in hidden.items():
        code = engine.codes[node]
        elements.append(
            {"data": {"id": f"{MORE_PREFIX}{code}", "label": more.format(count=count)},
             "classes": "more"}
        )
        elements.append(
            {"data": {"id": f"{code}->{MORE_PREFIX}{code}", "source": code,
                      "target": f"{MORE_PREFIX}{code}"}, "classes": "cascade"}
        )
    return elements


def toggle(engine: Engine, expanded: list[str], code: str | None) -> list[str]:
    """Expand a collapsed node that has children, or collapse an expanded one."""
    if not code or code not in engine.index or engine.index[code] >= engine.n_objectives:
        return expanded
    if code in expanded:
        return [c for c in expanded if c != code]
    if not objective_children(engine, engine.index[code]):
        return expanded
    return [*expanded, code]


def reveal(engine: Engine, expanded: list[str], code: str) -> tuple[list[str], list[str]]:
    """Expand every ancestor on the path from the vision to `code`; return (expanded, path)."""
    path = path_to(engine, code)
    wanted = [*expanded, *(c for c in path[:-1] if c not in expanded)]
    return wanted, path


def search_index(engine: Engine) -> list[tuple[int, str]]:
    """Per objective, top levels first: its node and a lower-case text of code, name, owner
    and unit."""
    def compute() -> list[tuple[int, str]]:
        employees = employees_by_nip(engine)
        units = units_by_code(engine)
        rows = []
        for node, o in enumerate(engine.doc.objectives):
            owner = employees.get(o.owner) if o.owner else None
            unit = units.get(o.unit) if o.unit else None
            text = " ".join(
                [o.code, o.name, o.owner or "", owner.name if owner else "",
                 o.unit or "", unit.name if unit else ""]
            )
            rows.append((node, text.lower()))
        rows.sort(key=lambda row: (LEVEL_RANK[objectives[row[0]].level], row[0]))
        return rows

    objectives = engine.doc.objectives

    return memo(engine, "search_index", compute)


def search(engine: Engine, query: str | None, lang: str | None = None,
           limit: int = RESULT_LIMIT) -> list[dict[str, str]]:
    """Objectives matching a name, code, NIP or agency: dropdown options, best first."""
    text = (query or "").strip().lower()
    if not text:
        return []
    objectives = engine.doc.objectives
    exact = memo(engine, "codes_lower", lambda: {
        o.code.lower(): n for n, o in enumerate(objectives)}).get(text)
    hits = [] if exact is None else [exact]
    for node, haystack in search_index(engine):  # top levels first: stop at the limit
        if len(hits) >= limit:
            break
        if text in haystack and node != exact:
            hits.append(node)
    units = units_by_code(engine)
    options = []
    for node in hits:
        o = objectives[node]
        unit = f" ({units[o.unit].name})" if o.unit in units else ""
        options.append({"label": f"{o.code} — {o.name}{unit}", "value": o.code})
    return options


def render_tree(engine: Engine, period: str | None, expanded: list[str] | None,
                path: list[str] | None, lang: str | None) -> list[dict[str, Any]]:
    """The tree callback body."""
    period = valid_period(engine, period)
    if period is None or engine.root is None:
        return []
    opened = set(expanded) if expanded is not None else {engine.root}
    return tree_elements(engine, period, opened, list(path or []), lang)


def register(app: Any) -> None:
    """Tree drawing, expand/collapse on click, search."""

    @app.callback(
        Output(ids.TREE_GRAPH, "elements"),
        Input(ids.TREE_EXPANDED, "data"),
        Input(ids.TREE_PATH, "data"),
        Input(ids.PERIOD, "value"),
        Input(ids.LANG, "value"),
        Input(ids.REVISION, "data"),
    )
    def update_tree(expanded: list[str] | None, path: list[str] | None, period: str | None,
                    lang: str | None, _revision: Any) -> Any:
        return render_tree(engine_of(app), period, expanded, path, lang)

    @app.callback(
        Output(ids.TREE_EXPANDED, "data"),
        Output(ids.TREE_PATH, "data"),
        Input(ids.TREE_GRAPH, "tapNodeData"),
        Input(ids.TREE_RESULTS, "value"),
        State(ids.TREE_EXPANDED, "data"),
        State(ids.TREE_PATH, "data"),
        prevent_initial_call=True,
    )
    def expand(node: dict[str, Any] | None, chosen: str | None, expanded: list[str] | None,
               path: list[str] | None) -> Any:
        engine = engine_of(app)
        expanded = list(expanded or [])
        if ctx.triggered_id == ids.TREE_RESULTS:
            if not chosen:
                return no_update, []
            return reveal(engine, expanded, chosen)
        return toggle(engine, expanded, (node or {}).get("id")), no_update

    @app.callback(
        Output(ids.TREE_RESULTS, "options"),
        Output(ids.TREE_RESULTS, "value"),
        Output(ids.TREE_INFO, "children"),
        Input(ids.TREE_SEARCH_BUTTON, "n_clicks"),
        Input(ids.TREE_SEARCH, "n_submit"),
        State(ids.TREE_SEARCH, "value"),
        State(ids.LANG, "value"),
        prevent_initial_call=True,
    )
    def find(_clicks: int | None, _submit: int | None, query: str | None, lang: str | None
             ) -> Any:
        lang = language(lang)
        options = search(engine_of(app), query, lang)
        return options, (options[0]["value"] if options else None), pohon_kinerja.search_note(
            len(options), lang)
