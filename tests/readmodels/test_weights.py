"""Weights of a parent's children: percentages, normalising, what-if preview, versions."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ekinerja.readmodels import weights
from ekinerja.readmodels.weights import ChildWeight, WeightChange, WeightProblem
from ekinerja.rollup import Engine


def test_children_percentages_follow_the_weights(people_engine):
    rows = weights.children(people_engine, "V")
    assert [(r.code, r.percent) for r in rows] == [("M1", 25.0), ("M2", 75.0)]


def test_children_list_objectives_before_indicators(people_engine):
    assert [r.kind for r in weights.children(people_engine, "A")] == [
        "objective", "objective", "indicator"]


def test_normalise_sums_to_exactly_100_after_rounding():
    assert sum(weights.normalise([1, 1, 1, 1, 1, 1])) == pytest.approx(100.0, abs=1e-9)


def test_normalise_keeps_proportions():
    assert weights.normalise([10, 30]) == [25.0, 75.0]


def test_normalise_of_all_zeros_stays_zeros():
    assert weights.normalise([0, None, 0]) == [0.0, 0.0, 0.0]


def test_weight_problem_refuses_a_negative_weight():
    assert weights.weight_problem({"M1": -1.0, "M2": 2.0}) == WeightProblem("negative", "M1")


def test_weight_problem_refuses_all_zero_weights():
    assert weights.weight_problem({"M1": 0.0, "M2": 0.0}) == WeightProblem("all_zero")


def test_weight_problem_refuses_a_missing_number():
    assert weights.weight_problem({"M1": None, "M2": 2.0}) == WeightProblem("not_a_number", "M1")


def test_weight_problem_accepts_positive_weights():
    assert weights.weight_problem({"M1": 40.0, "M2": 60.0}) is None


def test_untouched_rounded_percentages_keep_their_exact_value():
    rows = [ChildWeight("X", "x", "objective", 1.0, 100 / 3),
            ChildWeight("Y", "y", "objective", 2.0, 200 / 3)]
    assert weights.effective_weights(rows, {"X": 33.33, "Y": 70.0}) == {"X": 100 / 3, "Y": 70.0}


def test_preview_gives_the_score_the_plan_has_after_saving_the_weights(
    people_engine, make_contribution_plan
):
    result = weights.preview(people_engine, people_engine.evaluate("2023"), "V",
                             {"M1": 60.0, "M2": 40.0})
    doc = make_contribution_plan()
    doc.links = [
        replace(link, weight={"M1": 60.0, "M2": 40.0}[link.child]) if link.parent == "V" else link
        for link in doc.links
    ]
    assert result.chain[-1].code == "V"
    assert result.chain[-1].after == pytest.approx(Engine(doc).evaluate("2023").score_of("V"))


def test_preview_chain_runs_from_the_parent_up_to_the_vision(people_engine):
    result = weights.preview(people_engine, people_engine.evaluate("2023"), "A",
                             {"B": 1.0, "C": 3.0})
    assert [row.code for row in result.chain] == ["A", "M1", "V"]


def test_preview_lists_only_objectives_whose_score_moves(people_engine):
    result = weights.preview(people_engine, people_engine.evaluate("2023"), "A",
                             {"B": 1.0, "C": 3.0})
    assert {row.code for row in result.objectives} == {"A", "M1", "V"}


def test_preview_puts_the_biggest_mover_first(people_engine):
    result = weights.preview(people_engine, people_engine.evaluate("2023"), "A",
                             {"B": 1.0, "C": 3.0})
    deltas = [abs(row.delta) for row in result.objectives]
    assert deltas == sorted(deltas, reverse=True)


def test_preview_by_agency_moves_the_agencies_whose_objectives_move(people_engine):
    result = weights.preview(people_engine, people_engine.evaluate("2023"), "A",
                             {"B": 1.0, "C": 3.0}, by_agency=True)
    assert [(row.code, row.name) for row in result.groups] == [("U1", "Dinas Satu")]


def test_preview_does_not_change_the_engine(people_engine):
    before = people_engine.evaluate("2023").score_of("V")
    weights.preview(people_engine, people_engine.evaluate("2023"), "V", {"M1": 90.0, "M2": 10.0})
    assert people_engine.evaluate("2023").score_of("V") == before


def test_diff_lists_changed_added_and_removed_children():
    assert weights.diff({"a": 1.0, "b": 2.0}, {"a": 1.0, "b": 3.0, "c": 1.0}) == [
        WeightChange("b", 2.0, 3.0), WeightChange("c", None, 1.0)]


def test_version_rows_are_newest_first_with_the_diff_to_the_previous_version():
    versions = [
        {"version": 1, "author": "a", "weights": {"a": 1.0, "b": 1.0}},
        {"version": 2, "author": "b", "weights": {"a": 3.0, "b": 1.0}},
    ]
    rows = weights.version_rows(versions)
    assert [r.version for r in rows] == [2, 1]
    assert rows[0].diff == [WeightChange("a", 1.0, 3.0)] and rows[1].diff == []
