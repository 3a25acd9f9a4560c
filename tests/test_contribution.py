"""An employee's view: contribution, top objectives, path to the vision, gain and history."""

from __future__ import annotations

from pathlib import Path

import pytest

from ekinerja import contribution
from ekinerja.cascade import validate
from ekinerja.interchange import load
from ekinerja.rollup import Engine

EXAMPLE = Path(__file__).parent.parent / "ekinerja" / "data" / "ntb.json"


@pytest.fixture
def engine(make_contribution_plan) -> Engine:
    doc = make_contribution_plan()
    assert not [p for p in validate(doc) if p.severity == "error"]
    return Engine(doc)


def test_small_plan_scores_as_designed(engine):
    assert engine.evaluate("2023").score_of("V") == pytest.approx(97.5)


def test_top_owned_leaves_out_objectives_under_the_same_employee(engine):
    assert [engine.codes[n] for n in contribution.top_owned(engine, "E1")] == ["A"]


def test_employee_contribution_is_influence_times_score_of_top_objectives(engine):
    ev = engine.evaluate("2023")
    assert contribution.employee_contribution(ev, "E1") == pytest.approx(0.25 * 90.0)


def test_employee_contribution_matches_the_engine_for_every_example_employee():
    doc = load(EXAMPLE)
    engine = Engine(doc)
    ev = engine.evaluate(engine.periods()[-1])
    for employee in doc.employees:
        assert contribution.employee_contribution(ev, employee.nip) == pytest.approx(
            ev.employee_contribution(employee.nip), abs=1e-12
        )


def test_path_to_vision_runs_from_the_root_down_to_the_objective(engine):
    path = contribution.path_to_vision(engine, engine.index["C"])
    assert [engine.codes[n] for n in path] == ["V", "M1", "A", "C"]


def test_all_targets_gain_equals_the_marginal_gain_of_the_one_indicator_below_target(engine):
    ev = engine.evaluate("2023")
    gain = contribution.all_targets_gain(engine, ev, "E1")
    assert gain["indicators"] == 1
    assert gain["gain"] == pytest.approx(ev.marginal_gain("IA", 100.0))


def test_all_targets_gain_is_zero_when_every_indicator_reaches_its_target(engine):
    ev = engine.evaluate("2023")
    assert contribution.all_targets_gain(engine, ev, "E3")["gain"] == 0.0


def test_all_targets_gain_counts_an_indicator_without_realization_as_reaching_100(engine):
    ev = engine.evaluate("2023", realizations={"ID": None})
    gain = contribution.all_targets_gain(engine, ev, "E3")
    assert gain["indicators"] == 1
    assert gain["root_after"] == pytest.approx(engine.evaluate("2023").score_of("V"))


def test_supervisor_objectives_supported_are_the_supervisors_objectives_above(engine):
    nodes = contribution.supported_supervisor_objectives(engine, "E2")
    assert [engine.codes[n] for n in nodes] == ["A"]


def test_an_employee_without_supervisor_supports_no_supervisor_objective(engine):
    assert contribution.supported_supervisor_objectives(engine, "E3") == []


def test_search_finds_employees_by_part_of_the_nip(engine):
    assert [r["nip"] for r in contribution.search_employees(engine, "e2")] == ["E2"]


def test_search_finds_employees_by_name_ignoring_case(engine):
    assert [r["nip"] for r in contribution.search_employees(engine, "MADE")] == ["E3"]


def test_employee_view_reports_contribution_share_and_objectives(engine):
    view = contribution.employee_view(engine, engine.evaluate("2023"), "E1")
    assert view is not None
    assert view["share"] == pytest.approx(22.5 / 97.5)
    assert [(o["code"], o["counted"]) for o in view["objectives"]] == [("A", True), ("B", False)]


def test_employee_view_of_an_unknown_nip_is_none(engine):
    assert contribution.employee_view(engine, engine.evaluate("2023"), "nobody") is None


def test_employee_view_map_holds_the_ancestors_and_their_links(engine):
    view = contribution.employee_view(engine, engine.evaluate("2023"), "E2")
    assert {n["code"] for n in view["map"]["nodes"]} == {"V", "M1", "A", "C"}
    assert ("A", "C") in view["map"]["edges"]


def test_history_has_one_row_per_period_with_that_periods_contribution(engine):
    rows = contribution.contribution_history(engine, engine.evaluate, "E1", ["2023", "2024"])
    expected = [engine.evaluate(p).employee_contribution("E1") for p in ("2023", "2024")]
    assert [r["contribution"] for r in rows] == pytest.approx(expected)
