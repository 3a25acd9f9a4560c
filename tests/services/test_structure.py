"""Changing the cascade: objectives, indicators, links and targets."""

from __future__ import annotations

import pytest

from ekinerja import services
from ekinerja.model import Indicator, InvalidPlan, Objective
from ekinerja.services import PermissionDenied, ServiceError
from ekinerja.services import structure as structure_service


def test_added_objective_and_indicator_are_part_of_the_plan(loaded, planner) -> None:
    services.add_objective(
        loaded, planner, "P1", Objective("M2", "Misi 2", "mission"), parent="V", weight=2.0
    )
    services.add_indicator(loaded, planner, "P1", Indicator("I3", "M2", "Indeks"))
    doc = services.load_document(loaded, "P1")
    assert doc.objectives[-1].code == "M2" and doc.indicators[-1].code == "I3"
    assert ("V", "M2", 2.0) in [(lk.parent, lk.child, lk.weight) for lk in doc.links]


def test_adding_an_objective_that_breaks_the_cascade_is_refused(
    loaded, planner, snapshot
) -> None:
    before = snapshot(loaded)
    with pytest.raises(InvalidPlan):
        services.add_objective(
            loaded, planner, "P1", Objective("V2", "Visi kedua", "vision"), parent=None
        )
    assert snapshot(loaded) == before


def test_adding_a_duplicate_code_is_refused(loaded, planner) -> None:
    with pytest.raises(ServiceError, match="already used"):
        services.add_indicator(loaded, planner, "P1", Indicator("S1", "M1", "dup"))


def test_updated_objective_is_audited(loaded, planner) -> None:
    services.update_objective(loaded, planner, "P1", "M1", name="Misi Sejahtera", reason="ejaan")
    entry = services.audit_log(loaded, "P1", entity="objective", key="M1")[0]
    assert (entry["old"], entry["new"], entry["reason"]) == (
        {"name": "Misi 1"},
        {"name": "Misi Sejahtera"},
        "ejaan",
    )


def test_update_to_an_invalid_level_order_is_refused(loaded, planner) -> None:
    with pytest.raises(InvalidPlan):
        services.update_objective(loaded, planner, "P1", "S1", level="vision")


def test_moved_objective_hangs_under_its_new_parent(loaded, planner) -> None:
    services.add_objective(loaded, planner, "P1", Objective("M2", "Misi 2", "mission"), parent="V")
    services.move_objective(loaded, planner, "P1", "S1", "M2")
    links = {(lk.parent, lk.child) for lk in services.load_document(loaded, "P1").links}
    assert ("M2", "S1") in links and ("M1", "S1") not in links


def test_removing_an_objective_with_children_is_refused(loaded, planner) -> None:
    with pytest.raises(ServiceError, match="child objectives"):
        services.remove_objective(loaded, planner, "P1", "S1")


def test_removed_leaf_objective_takes_its_indicators_and_data(loaded, planner) -> None:
    services.remove_objective(loaded, planner, "P1", "R1", cascade=True, reason="pensiun")
    doc = services.load_document(loaded, "P1")
    assert "R1" not in {o.code for o in doc.objectives}
    assert all(t.indicator != "I2" for t in doc.targets)


def test_updated_indicator_changes_its_polarity(loaded, planner) -> None:
    services.update_indicator(loaded, planner, "P1", "I1", polarity="negative")
    doc = services.load_document(loaded, "P1")
    assert doc.indicators[0].polarity == "negative"


def test_indicator_weight_goes_through_set_weights(loaded, planner) -> None:
    with pytest.raises(ServiceError, match="set_weights"):
        services.update_indicator(loaded, planner, "P1", "I1", weight=3.0)


def test_removed_indicator_is_gone(loaded, planner) -> None:
    services.remove_indicator(loaded, planner, "P1", "I2", cascade=True)
    assert [i.code for i in services.load_document(loaded, "P1").indicators] == ["I1"]


def test_employee_may_not_change_the_structure(loaded, employee) -> None:
    with pytest.raises(PermissionDenied):
        services.remove_indicator(loaded, employee, "P1", "I2")


def test_structure_change_failing_midway_leaves_the_database_as_before(
    loaded, planner, crash
) -> None:
    def change() -> None:
        services.remove_objective(loaded, planner, "P1", "R1", cascade=True)

    before, after = crash(loaded, structure_service, "_check_edit", change)
    assert after == before


def test_set_target_adds_a_range_target(loaded, planner) -> None:
    services.set_target(loaded, planner, "P1", "I1", "2022", low=60.0, high=70.0)
    target = services.load_document(loaded, "P1").targets[-1]
    assert (target.indicator, target.period, target.low, target.high) == ("I1", "2022", 60.0, 70.0)


def test_set_target_without_value_removes_the_target(loaded, planner) -> None:
    services.set_target(loaded, planner, "P1", "I1", "2023")
    assert all(t.indicator != "I1" for t in services.load_document(loaded, "P1").targets)


def test_negative_target_is_refused(loaded, planner) -> None:
    with pytest.raises(ServiceError, match="negative target"):
        services.set_target(loaded, planner, "P1", "I1", "2022", -5.0)


def test_reversed_range_is_refused(loaded, planner) -> None:
    with pytest.raises(ServiceError, match=r"(?i)invalid range"):
        services.set_target(loaded, planner, "P1", "I1", "2022", low=9.0, high=3.0)


@pytest.mark.parametrize("code", ["M\r2", "M\n2", "M\x002", " M2"], ids=repr)
def test_an_objective_code_breaking_the_code_rule_is_refused_and_nothing_written(
    loaded, planner, snapshot, code
) -> None:
    before = snapshot(loaded)
    with pytest.raises(InvalidPlan, match="code"):
        services.add_objective(loaded, planner, "P1", Objective(code, "Misi 2", "mission"),
                               parent="V")
    assert snapshot(loaded) == before


def test_an_indicator_code_with_a_carriage_return_is_refused_and_nothing_written(
    loaded, planner, snapshot
) -> None:
    before = snapshot(loaded)
    with pytest.raises(InvalidPlan, match="U\\+000D"):
        services.add_indicator(loaded, planner, "P1", Indicator("I\r3", "M1", "Indeks"))
    assert snapshot(loaded) == before


@pytest.mark.parametrize("name", ["Misi\r1", "Misi\x00", "x" * 501], ids=repr)
def test_a_rename_breaking_the_name_rule_is_refused_and_nothing_written(
    loaded, planner, snapshot, name
) -> None:
    before = snapshot(loaded)
    with pytest.raises(ServiceError):
        services.update_objective(loaded, planner, "P1", "M1", name=name)
    with pytest.raises(ServiceError):
        services.update_indicator(loaded, planner, "P1", "I1", name=name)
    assert snapshot(loaded) == before
