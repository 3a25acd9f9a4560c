"""Pohon Kinerja: the visible part of the cascade tree, expanding and revealing a path."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from itertools import pairwise

from ekinerja.readmodels.presentation import Banded, banded
from ekinerja.rollup import Engine

CHILD_LIMIT = 30  # children shown under one node; the rest are summarised in one node


@dataclass(frozen=True)
class TreeNode:
    """A visible objective: its score, how many children and parents it has, its state."""

    code: str
    name: str
    score: Banded
    children: int  # child objectives
    parents: list[str]  # every parent (several: a crosscutting objective)
    expanded: bool
    on_path: bool


@dataclass(frozen=True)
class TreeEdge:
    """A cascade link between two visible objectives."""

    parent: str
    child: str
    crosscutting: bool  # the child has several parents
    on_path: bool


@dataclass(frozen=True)
class TreeView:
    """The visible tree: nodes top down, links, and per node how many children are hidden."""

    nodes: list[TreeNode]
    edges: list[TreeEdge]
    hidden: dict[str, int]


def visible(engine: Engine, expanded: set[str], path: list[str], limit: int = CHILD_LIMIT
            ) -> tuple[list[str], dict[str, int]]:
    """Objectives to show (the root, and the children of every shown expanded node, at most
    `limit` each besides those on the path) and, per node, how many children are hidden."""
    if engine.root is None:
        return [], {}
    on_path = set(path)
    shown, seen = [engine.root], {engine.root}
    hidden: dict[str, int] = {}
    queue = deque([engine.root])
    while queue:
        code = queue.popleft()
        if code not in expanded:
            continue
        children = engine.child_objectives(code)
        keep = children[:limit] + [c for c in children[limit:] if c in on_path]
        if len(children) > len(keep):
            hidden[code] = len(children) - len(keep)
        for child in keep:
            if child not in seen:
                seen.add(child)
                shown.append(child)
                queue.append(child)
    return shown, hidden


def tree_view(engine: Engine, period: str, expanded: set[str], path: list[str],
              limit: int = CHILD_LIMIT) -> TreeView:
    """The visible tree in a period, with the path from the vision marked."""
    ev = engine.evaluation(period)
    shown, hidden = visible(engine, expanded, path, limit)
    shown_set, on_path, path_edges = set(shown), set(path), set(pairwise(path))
    nodes, edges = [], []
    for code in shown:
        parents = engine.parent_objectives(code)
        nodes.append(TreeNode(
            code, engine.item(code).name, banded(engine, ev.score_of(code)),
            len(engine.child_objectives(code)), parents, code in expanded, code in on_path,
        ))
        edges.extend(
            TreeEdge(parent, code, len(parents) > 1, (parent, code) in path_edges)
            for parent in parents
            if parent in shown_set
        )
    return TreeView(nodes, edges, hidden)


def toggle(engine: Engine, expanded: list[str], code: str | None) -> list[str]:
    """Expand a collapsed objective that has child objectives, or collapse an expanded one."""
    if not code or code not in engine.index or engine.is_indicator(code):
        return expanded
    if code in expanded:
        return [c for c in expanded if c != code]
    if not engine.child_objectives(code):
        return expanded
    return [*expanded, code]


def reveal(engine: Engine, expanded: list[str], code: str) -> tuple[list[str], list[str]]:
    """Expand every ancestor on the path from the vision to `code`; (expanded, path)."""
    path = engine.path_to_root(code)
    return [*expanded, *(c for c in path[:-1] if c not in expanded)], path
