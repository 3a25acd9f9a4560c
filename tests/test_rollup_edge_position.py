"""The edge of a parent -> child pair (what-if weights, the Bobot preview): found among the
parent's own edges, it equals what the whole-plan index of every edge gave."""

from __future__ import annotations

from dataclasses import asdict, replace

import numpy as np
import pytest

from ekinerja.generate import generate
from ekinerja.model import Link, Objective, PlanDocument
from ekinerja.rollup import Engine


def whole_plan_index(engine: Engine) -> dict[tuple[int, int], int]:
    """The former lookup: (parent node, child node) -> edge, over every edge of the plan."""
    return {(p, c): k for k, (p, c) in enumerate(
        zip(engine.e_parent.tolist(), engine.e_child.tolist(), strict=True))}


def same_positions(engine: Engine) -> None:
    """Every edge of `engine` is found where the whole-plan index has it."""
    index = whole_plan_index(engine)
    assert len(index) == len(engine.e_parent)
    for (parent, child), edge in index.items():
        assert engine.edge_position(engine.code_of(parent), engine.code_of(child)) == edge


@pytest.fixture(scope="module")
def generated() -> PlanDocument:
    return generate(400, 3, 5)


def test_every_edge_is_found_where_the_whole_plan_index_has_it(generated) -> None:
    same_positions(Engine(generated))


def test_every_edge_is_found_after_a_structure_edit(generated) -> None:
    parent = next(o for o in generated.objectives if o.level == "individual")
    objective = Objective("NEW-1", "RHK baru", "individual", unit=parent.unit, owner=parent.owner)
    link = Link(parent.code, objective.code, 2.0)
    engine = Engine(generated).with_structure([
        ["objective", objective.code, "add", None, asdict(objective)],
        ["link", f"{parent.code}>{objective.code}", "add", None, asdict(link)],
    ])
    same_positions(engine)
    assert engine.e_weight[engine.edge_position(parent.code, "NEW-1")] == 2.0


def test_what_if_weights_score_as_the_plan_saved_with_them(generated) -> None:
    engine = Engine(generated)
    period = engine.periods(realized_only=True)[-1]
    middle = engine.objective_codes[len(engine.objective_codes) // 3]
    weights = {
        (parent, child): float(1 + k % 4)
        for parent in (engine.root, *engine.child_objectives(engine.root), middle)
        for k, child in enumerate(engine.child_weights(parent))
    }
    what_if = engine.evaluate(period, weights=weights)
    saved = engine.with_weights(weights)
    assert what_if.edge_weight.tolist() == saved.e_weight.tolist()
    links = [replace(link, weight=weights.get((link.parent, link.child), link.weight))
             for link in generated.links]
    indicators = [replace(i, weight=weights.get((i.objective, i.code), i.weight))
                  for i in generated.indicators]
    fresh = Engine(replace(generated, links=links, indicators=indicators)).evaluate(period)
    np.testing.assert_array_equal(what_if.objective_scores, fresh.objective_scores)
    assert what_if.objective_scores.tolist() != engine.evaluate(period).objective_scores.tolist()


def test_a_doubled_link_sets_its_last_edge_as_the_whole_plan_index_did(small_plan) -> None:
    first = small_plan.links[0]
    engine = Engine(replace(small_plan, links=[*small_plan.links, replace(first, weight=9.0)]))
    index = whole_plan_index(engine)
    node = (engine.index[first.parent], engine.index[first.child])
    assert engine.edge_position(first.parent, first.child) == index[node]
    assert engine.evaluate("2023", weights={(first.parent, first.child): 4.0}).edge_weight[
        index[node]] == 4.0


def test_an_unknown_pair_is_a_clear_error(small_plan) -> None:
    engine = Engine(small_plan)
    child = engine.objective_codes[-1]
    with pytest.raises(KeyError, match="no link"):
        engine.edge_position(child, engine.root)
    with pytest.raises(KeyError):
        engine.edge_position("NOPE", child)
