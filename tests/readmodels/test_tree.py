"""Cascade tree data: what is visible, expand/collapse and the path from the vision."""

from __future__ import annotations

from ekinerja.generate import generate
from ekinerja.readmodels import tree
from ekinerja.rollup import Engine


def shown(view):
    return [n.code for n in view.nodes]


def test_the_tree_starts_with_the_vision_and_its_missions(engine):
    assert shown(tree.tree_view(engine, "2023-Q2", {"VISI"}, [])) == ["VISI", "M1", "M2"]


def test_a_collapsed_node_shows_none_of_its_descendants(engine):
    assert "T1" not in shown(tree.tree_view(engine, "2023-Q2", {"VISI"}, []))


def test_toggle_expands_a_collapsed_node_with_children(engine):
    assert tree.toggle(engine, ["VISI"], "M1") == ["VISI", "M1"]


def test_toggle_collapses_an_expanded_node(engine):
    assert tree.toggle(engine, ["VISI", "M1"], "M1") == ["VISI"]


def test_toggle_ignores_a_leaf(engine):
    assert tree.toggle(engine, ["VISI"], "RHK-1") == ["VISI"]


def test_reveal_expands_every_ancestor_on_the_path(engine):
    expanded, path = tree.reveal(engine, ["VISI"], "RHK-1")
    assert path == ["VISI", "M1", "T1", "SS1", "SPD-KES-1", "SP-YAN-1", "RHK-1"]
    assert set(path) <= set(shown(tree.tree_view(engine, "2023-Q2", set(expanded), path)))


def test_the_revealed_path_is_marked(engine):
    expanded, path = tree.reveal(engine, ["VISI"], "SP-YAN-1")
    view = tree.tree_view(engine, "2023-Q2", set(expanded), path)
    assert [n.code for n in view.nodes if n.on_path] == path


def test_a_crosscutting_objective_has_both_parent_links(engine):
    view = tree.tree_view(engine, "2023-Q2", {"VISI", "M1", "T1", "SS1", "SS2"}, [])
    edges = [e for e in view.edges if e.child == "SPD-KES-1"]
    assert {e.parent for e in edges} == {"SS1", "SS2"} and all(e.crosscutting for e in edges)


def test_children_over_the_limit_are_counted_as_hidden(engine):
    view = tree.tree_view(engine, "2023-Q2", {"VISI"}, [], limit=1)
    assert shown(view) == ["VISI", "M1"] and view.hidden == {"VISI": 1}


def test_a_large_plan_shows_only_the_visible_part():
    engine = Engine(generate(300, 2, 3))
    deepest = engine.objective_codes[-1]
    expanded, path = tree.reveal(engine, [engine.root], deepest)
    codes = shown(tree.tree_view(engine, engine.periods()[-1], set(expanded), path))
    assert deepest in codes and len(codes) < len(engine.objective_codes) / 4
