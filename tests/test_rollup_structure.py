"""Objectives and indicators appended by structure edits: the engine that followed them (its
node index read through an offset, not renumbered) equals a fresh compile."""

from __future__ import annotations

from dataclasses import asdict, replace

import pytest

from ekinerja.model import Indicator, Link, Objective, PlanDocument, Target
from ekinerja.rollup import Engine


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
        for name in ("e_parent", "e_child", "e_weight", "layer_of"):
            assert getattr(engine, name).tolist() == getattr(fresh, name).tolist()
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
