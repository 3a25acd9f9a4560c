"""Questions asked of a compiled plan by code: children, parents, paths, weights, values."""

from __future__ import annotations

import pytest

from ekinerja.rollup import Engine


@pytest.fixture
def engine(make_contribution_plan) -> Engine:
    """V <- M1 (w1) <- A <- {B, C}; V <- M2 (w3) <- D; one indicator under each of A..D."""
    return Engine(make_contribution_plan())


def test_child_objectives_are_in_plan_order(engine):
    assert engine.child_objectives("V") == ["M1", "M2"]


def test_child_indicators_are_the_indicators_under_an_objective(engine):
    assert engine.child_indicators("A") == ["IA"] and engine.child_indicators("V") == []


def test_child_weights_list_objectives_then_indicators(engine):
    assert engine.child_weights("A") == {"B": 1.0, "C": 1.0, "IA": 1.0}


def test_child_count_counts_objectives_and_indicators(engine):
    assert engine.child_count("A") == 3 and engine.child_count("IA") == 0


def test_parent_objectives_of_an_indicator(engine):
    assert engine.parent_objectives("IB") == ["B"]


def test_ancestors_by_code_are_deepest_first(engine):
    assert engine.ancestor_codes("IC") == ["C", "A", "M1", "V"]


def test_path_to_root_runs_from_the_vision_down(engine):
    assert engine.path_to_root("C") == ["V", "M1", "A", "C"]


def test_path_to_root_of_an_unknown_code_is_empty(engine):
    assert engine.path_to_root("NOPE") == []


def test_item_is_the_plans_objective_or_indicator(engine):
    assert engine.item("M2").name == "Misi 2" and engine.item("ID").polarity == "negative"


def test_is_indicator_tells_indicators_from_objectives(engine):
    assert engine.is_indicator("IA") and not engine.is_indicator("A")
    assert not engine.is_indicator("NOPE")


def test_indicator_values_carry_target_realization_and_achievement(engine):
    values = engine.evaluate("2023").indicator_values("IA")
    assert (values.target, values.realization, values.achievement) == (100.0, 50.0, 50.0)


def test_link_weight_follows_a_what_if(engine):
    assert engine.evaluate("2023", weights={("V", "M2"): 5.0}).link_weight("V", "M2") == 5.0


def test_objective_scores_and_achievements_split_the_scores(engine):
    ev = engine.evaluate("2023")
    assert len(ev.objective_scores) == 7 and len(ev.achievements) == 4
    assert ev.achievements[0] == ev.score_of("IA")


def test_node_layout_queries_name_indicators_and_objectives(engine):
    """Readers ask the engine where an indicator sits instead of counting on the layout."""
    import numpy as np

    node = engine.index["IB"]
    position = engine.indicator_position(node)
    assert engine.indicator_codes[position] == "IB"
    assert engine.indicator_node(position) == node
    assert engine.indicator_at(node).code == "IB"
    assert engine.indicator_position(engine.index["A"]) == -1
    assert engine.indicator_at(engine.index["A"]) is None
    assert engine.is_objective_node(engine.index["A"]) and not engine.is_objective_node(-1)
    assert not engine.is_objective_node(node) and engine.is_indicator_node(node)
    nodes = np.array([engine.index[c] for c in ("A", "IA", "IC")])
    assert engine.is_indicator_node(nodes).tolist() == [False, True, True]
    positions = engine.indicator_positions(nodes[1:])
    assert [engine.indicator_codes[k] for k in positions.tolist()] == ["IA", "IC"]
    assert engine.indicator_nodes(positions).tolist() == nodes[1:].tolist()
    per_node = np.arange(engine.n)
    assert engine.of_indicators(per_node).tolist() == [
        engine.index[c] for c in engine.indicator_codes]
    assert engine.of_objectives(per_node).tolist() == [
        engine.index[c] for c in engine.objective_codes]
