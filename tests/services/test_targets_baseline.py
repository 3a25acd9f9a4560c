"""An indicator's baseline (nilai awal, the year before the plan) saved with its targets in one
edit: audited old -> new, undone from the history, refused with its place and nothing written
when a value is bad (SQLite and PostgreSQL)."""

from __future__ import annotations

import math

import pytest

from ekinerja import services
from ekinerja.services import InvalidEdit, PermissionDenied


def baseline_audit(db) -> list[tuple[str, str, object, object]]:
    return [(r["key"], r["action"], r["old"], r["new"])
            for r in services.audit_log(db, "P1", entity="baseline")]


def test_the_baseline_is_saved_with_the_targets_in_one_edit(loaded, planner) -> None:
    assert services.baseline_of(loaded, "P1", "I1") is None
    before = services.revision(loaded)
    services.set_targets(loaded, planner, "P1", "I1", {"2019": (55.0, None, None)},
                         baseline=-2.5)  # a measured value: negative growth is a baseline
    assert services.baseline_of(loaded, "P1", "I1") == -2.5
    assert services.baselines_of(loaded, "P1") == {"I1": -2.5}
    assert services.targets_of(loaded, "P1", "I1")["2019"] == 55.0
    assert services.revision(loaded) > before
    assert baseline_audit(loaded) == [("I1@2018", "add", None, {"value": -2.5})]
    edit = services.edit_history(loaded, "P1")[0]
    assert {s["entity"] for s in edit["steps"]} == {"target", "baseline"}
    assert edit["label"]["params"] == {"key": "I1 (2)"}


def test_a_changed_baseline_is_audited_old_to_new_and_undone(loaded, planner) -> None:
    services.set_targets(loaded, planner, "P1", "I1", {}, baseline=40.0)
    services.set_targets(loaded, planner, "P1", "I1", {}, baseline=42.5)
    edit = services.edit_history(loaded, "P1")[0]
    assert edit["label"] == {"msgid": "Baseline {key}", "params": {"key": "I1@baseline"}}
    assert baseline_audit(loaded)[0] == ("I1@2018", "update", {"value": 40.0},
                                         {"value": 42.5})
    services.undo_edit(loaded, planner, "P1", edit["id"])
    assert services.baseline_of(loaded, "P1", "I1") == 40.0
    first = services.edit_history(loaded, "P1")[2]
    services.undo_edit(loaded, planner, "P1", first["id"])
    assert services.baseline_of(loaded, "P1", "I1") is None
    assert baseline_audit(loaded)[0] == ("I1@2018", "remove", {"value": 40.0}, None)


def test_an_empty_baseline_removes_it_and_leaving_it_out_keeps_it(loaded, planner) -> None:
    services.set_targets(loaded, planner, "P1", "I1", {}, baseline=7.0)
    services.set_targets(loaded, planner, "P1", "I1", {"2020": (9.0, None, None)})
    assert services.baseline_of(loaded, "P1", "I1") == 7.0
    edits = len(services.edit_history(loaded, "P1"))
    services.set_targets(loaded, planner, "P1", "I1", {}, baseline=7.0)  # unchanged
    assert len(services.edit_history(loaded, "P1")) == edits and len(baseline_audit(loaded)) == 1
    services.set_targets(loaded, planner, "P1", "I1", {}, baseline=None)
    assert services.baseline_of(loaded, "P1", "I1") is None
    assert baseline_audit(loaded)[0] == ("I1@2018", "remove", {"value": 7.0}, None)


def test_undo_of_a_baseline_changed_since_is_refused(loaded, planner, snapshot) -> None:
    services.set_targets(loaded, planner, "P1", "I1", {}, baseline=1.0)
    first = services.edit_history(loaded, "P1")[0]
    services.set_targets(loaded, planner, "P1", "I1", {}, baseline=2.0)
    before = snapshot(loaded)
    with pytest.raises(InvalidEdit, match="I1@2018"):
        services.undo_edit(loaded, planner, "P1", first["id"])
    assert snapshot(loaded) == before and services.baseline_of(loaded, "P1", "I1") == 2.0


@pytest.mark.parametrize("bad", [math.nan, math.inf, "12", True])
def test_a_bad_baseline_is_refused_at_its_place_and_nothing_is_written(loaded, planner, snapshot,
                                                                      bad) -> None:
    before = snapshot(loaded)
    with pytest.raises(InvalidEdit) as refused:
        services.set_targets(loaded, planner, "P1", "I1", {"2019": (50.0, None, None)},
                             baseline=bad)
    assert refused.value.field == "baseline"
    assert refused.value.text("id").startswith("baseline: Nilai awal harus berupa angka")
    assert refused.value.text("en").startswith("baseline: A baseline must be a number")
    assert snapshot(loaded) == before
    assert services.baseline_of(loaded, "P1", "I1") is None


def test_a_bad_target_beside_a_good_baseline_writes_neither(loaded, planner, snapshot) -> None:
    before = snapshot(loaded)
    with pytest.raises(InvalidEdit) as refused:
        services.set_targets(loaded, planner, "P1", "I1", {"2021-Q2": (None, 9.0, 3.0)},
                             baseline=5.0)
    assert refused.value.field == "2021-Q2"
    assert snapshot(loaded) == before and services.baseline_of(loaded, "P1", "I1") is None


def test_who_may_not_change_targets_may_not_set_a_baseline(loaded, viewer, snapshot) -> None:
    before = snapshot(loaded)
    with pytest.raises(PermissionDenied):
        services.set_targets(loaded, viewer, "P1", "I1", {}, baseline=5.0)
    assert snapshot(loaded) == before


def test_the_baseline_is_not_part_of_the_plan_file(loaded, planner) -> None:
    services.set_targets(loaded, planner, "P1", "I1", {}, baseline=5.0)
    doc = services.load_document(loaded, "P1")
    assert all(t.period != "2018" for t in doc.targets)


def test_a_cached_engine_follows_a_baseline_edit(loaded, planner) -> None:
    before = services.load_engine(loaded, "P1")
    period = "2019"
    score = before.evaluation(period).score_of("V")
    services.set_targets(loaded, planner, "P1", "I1", {}, baseline=12.0)
    after = services.load_engine(loaded, "P1")
    assert after is not before  # followed the recorded structure change, not a stale engine
    assert after.evaluation(period).score_of("V") == score  # a baseline moves no score
