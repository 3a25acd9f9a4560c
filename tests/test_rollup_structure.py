"""Objectives and indicators appended by structure edits: the engine that followed them (its
node index read through an offset, not renumbered) equals a fresh compile."""

from __future__ import annotations

from dataclasses import asdict, replace

import networkx as nx
import numpy as np
import pytest

from ekinerja.model import Indicator, Link, Objective, PlanDocument, Target
from ekinerja.readmodels import indexes
from ekinerja.rollup import Engine, _chain_depths


def same_edges(engine: Engine, fresh: Engine) -> None:
    """The edge arrays, layers and adjacency of `engine` equal those of `fresh`."""
    for name in ("e_parent", "e_child", "e_weight", "layer_of", "_edge_source", "_by_parent",
                 "_by_child", "n_children", "_child_ptr", "_parent_ptr"):
        assert getattr(engine, name).tolist() == getattr(fresh, name).tolist(), name
    assert len(engine.layers) == len(fresh.layers)
    for mine, theirs in zip(engine.layers, fresh.layers, strict=True):
        for name in ("edges", "parents", "parent_inv", "children", "child_inv"):
            assert getattr(mine, name).tolist() == getattr(theirs, name).tolist(), name
        # what the indices mean, whatever the compile: every edge finds its ends
        assert (mine.parents[mine.parent_inv] == engine.e_parent[mine.edges]).all()
        assert (mine.children[mine.child_inv] == engine.e_child[mine.edges]).all()
        assert (np.diff(mine.children) > 0).all() and (np.diff(mine.parents) > 0).all()


def added(doc: PlanDocument, k: int) -> tuple[PlanDocument, list[list]]:
    """An RHK under R1 with an indicator and a target (k-th), as the plan and as steps."""
    objective = Objective(f"R1-{k}", f"RHK {k}", "individual", unit="DIKES",
                          owner=doc.objectives[-1].owner)
    indicator = Indicator(f"I-{k}", objective.code, f"Indikator {k}", "dokumen")
    link = Link("R1", objective.code, 1.0)
    target = Target(indicator.code, "2023", 10.0 + k)
    steps = [["objective", objective.code, "add", None, asdict(objective)],
             ["link", f"R1>{objective.code}", "add", None, asdict(link)]]
    if k % 2 == 0:  # every other one also gets an indicator with a target
        steps += [["indicator", indicator.code, "add", None, asdict(indicator)],
                  ["target", f"{indicator.code}@2023", "add", None,
                   {"value": target.value, "low": None, "high": None}]]
    doc = replace(doc, objectives=[*doc.objectives, objective], links=[*doc.links, link],
                  indicators=[*doc.indicators, *([indicator] if k % 2 == 0 else [])],
                  targets=[*doc.targets, *([target] if k % 2 == 0 else [])])
    return doc, steps


@pytest.mark.parametrize("per_edit", [1, 3])
def test_appended_objectives_score_as_a_fresh_compile(small_plan, per_edit) -> None:
    doc = small_plan
    engine = Engine(doc)
    engine.evaluation("2023")  # kept: carried over by each edit
    indexes.agency_top_objectives(engine)  # the agencies per objective: extended by each edit
    for edit in range(4):
        steps: list[list] = []
        for k in range(edit * per_edit, (edit + 1) * per_edit):
            doc, more = added(doc, k)
            steps += more
        before = engine
        engine = engine.with_structure(steps)
        fresh = Engine(doc)
        assert engine.codes == fresh.codes
        assert dict(engine.index) == fresh.index and engine.index == fresh.index
        assert [engine.index[c] for c in fresh.codes] == list(range(fresh.n))
        assert all(engine.index.get(c) == n for c, n in fresh.index.items())
        assert "NOPE" not in engine.index and engine.index.get("NOPE", -1) == -1
        assert len(engine.index) == fresh.n
        same_edges(engine, fresh)
        assert "objective_agency" in engine.structure  # extended, not computed again
        assert "objective_agency_ids" in engine.structure
        assert indexes.objective_agency(engine) == indexes.objective_agency(fresh)
        names, ids = indexes._objective_agency_ids(engine)
        assert (names, ids.tolist()) == (lambda f: (f[0], f[1].tolist()))(
            indexes._objective_agency_ids(fresh))
        assert indexes.agency_top_objectives(engine) == indexes.agency_top_objectives(fresh)
        assert indexes.objective_agency(engine)[-1] == "DIKES"
        expected = fresh.evaluate("2023").to_json()
        assert engine.evaluate("2023").to_json() == expected
        assert engine.evaluation("2023").to_json() == expected  # carried, rescored
        assert before.index[before.codes[-1]] == before.n - 1  # the engine before unchanged


def test_a_structure_edit_after_a_weight_save_keeps_the_saved_weight(small_plan) -> None:
    link = small_plan.links[0]
    indicator = small_plan.indicators[0]
    engine = Engine(small_plan).with_weights({(link.parent, link.child): 8.0,
                                              (indicator.objective, indicator.code): 3.0})
    doc, steps = added(small_plan, 0)
    doc = replace(doc, links=[replace(item, weight=8.0) if item == link else item
                              for item in doc.links],
                  indicators=[replace(item, weight=3.0) if item == indicator else item
                              for item in doc.indicators])
    followed = engine.with_structure(steps)
    fresh = Engine(doc)
    assert followed.e_weight.tolist() == fresh.e_weight.tolist()
    assert 8.0 in followed.e_weight.tolist() and 3.0 in followed.e_weight.tolist()
    assert followed.evaluate("2023").to_json() == fresh.evaluate("2023").to_json()


@pytest.mark.parametrize("seed", range(6))
def test_chain_depths_are_the_longest_paths(seed) -> None:
    """Depths over a few edges among many nodes (numbered sparsely) equal the longest path
    down to each node; a cycle gives None."""
    rng = np.random.default_rng(seed)
    n = 5000
    nodes = rng.choice(n, size=40, replace=False)
    pairs = {(int(a), int(b)) for a, b in rng.integers(0, 40, size=(60, 2)) if a < b}
    parents = np.array([nodes[a] for a, _ in pairs], dtype=np.int64)
    children = np.array([nodes[b] for _, b in pairs], dtype=np.int64)
    graph = nx.DiGraph(zip(parents.tolist(), children.tolist(), strict=True))
    expected = np.zeros(n, dtype=np.int64)
    for node in nx.topological_sort(graph):
        for child in graph.successors(node):
            expected[child] = max(expected[child], expected[node] + 1)
    depth = _chain_depths(n, parents, children)
    assert depth is not None and depth.tolist() == expected.tolist()
    longest = nx.dag_longest_path(graph)
    back = np.array([longest[-1]]), np.array([longest[0]])  # closes the longest path
    assert _chain_depths(n, np.r_[parents, back[0]], np.r_[children, back[1]]) is None


def test_an_edit_that_changes_an_objective_computes_its_agencies_again(small_plan) -> None:
    engine = Engine(small_plan)
    indexes.objective_agency(engine)
    objective = small_plan.objectives[-1]
    followed = engine.with_structure(
        [["objective", objective.code, "update", {"unit": objective.unit}, {"unit": None}]])
    assert "objective_agency" not in followed.structure
    assert indexes.objective_agency(followed)[-1] is None


def test_agencies_numbered_after_an_append_keep_the_old_numbers() -> None:
    names, ids = indexes._numbered(["A"], ["B", None, "A", "B", "C"])
    assert names == ["A", "B", "C"] and ids.tolist() == [1, -1, 0, 1, 2]
