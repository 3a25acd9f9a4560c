"""Helpers to look into Dash component trees."""

from __future__ import annotations

from typing import Any

import pytest


def walk(node: Any):
    """Every component in a tree (depth first)."""
    if isinstance(node, (list, tuple)):
        for item in node:
            yield from walk(item)
        return
    if hasattr(node, "_prop_names"):
        yield node
        for prop in ("children", "body"):
            yield from walk(getattr(node, prop, None))


def text_of(node: Any) -> str:
    """All the string children of a tree, joined with spaces."""
    if isinstance(node, str):
        return node
    if isinstance(node, (int, float)):
        return str(node)
    if isinstance(node, (list, tuple)):
        return " ".join(text_of(n) for n in node)
    if hasattr(node, "_prop_names"):
        return text_of(getattr(node, "children", None))
    return ""


def by_id(tree: Any, component_id: str) -> Any:
    """The component with an id (AssertionError when absent)."""
    for node in walk(tree):
        if getattr(node, "id", None) == component_id:
            return node
    raise AssertionError(f"no component with id {component_id!r}")


@pytest.fixture
def find():
    """by_id, as a fixture."""
    return by_id


@pytest.fixture
def text():
    """text_of, as a fixture."""
    return text_of


@pytest.fixture
def components():
    """walk, as a fixture."""
    return walk
