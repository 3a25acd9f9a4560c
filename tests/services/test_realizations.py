"""Recording realizations: numbers, periods, permissions, history, transactions."""

from __future__ import annotations

import pytest

from ekinerja import services
from ekinerja.services import NotFound, PermissionDenied, ServiceError, User
from ekinerja.storage import audit


def test_recorded_realization_is_scored(loaded, admin) -> None:
    services.record_realization(loaded, admin, "P1", "I1", "2023", 88.0, note="laporan Q4")
    engine = services.load_engine(loaded, "P1")
    assert engine.evaluate("2023").indicator("I1")["achievement"] == pytest.approx(110.0)


def test_replaced_realization_stays_in_history_with_author_and_note(loaded, operator) -> None:
    services.record_realization(
        loaded, operator, "P1", "I1", "2023", 88.0, note="revisi", evidence="https://bukti/1"
    )
    old, new = services.realization_history(loaded, "P1", "I1", "2023")
    assert old["superseded"] and old["value"] == 72.0
    assert (new["author"], new["note"], new["evidence"]) == (
        "operator",
        "revisi",
        "https://bukti/1",
    )
    assert new["recorded_at"].tzinfo is not None


def test_realization_must_be_a_number(loaded, admin) -> None:
    with pytest.raises(ServiceError, match=r"harus berupa angka.* / .*must be a number"):
        services.record_realization(loaded, admin, "P1", "I1", "2023", "banyak")


def test_realization_outside_the_plan_years_is_refused(loaded, admin) -> None:
    with pytest.raises(ServiceError, match="outside the plan's years"):
        services.record_realization(loaded, admin, "P1", "I1", "2030", 1.0)


def test_realization_of_a_malformed_period_is_refused(loaded, admin) -> None:
    with pytest.raises(ServiceError, match="Invalid period"):
        services.record_realization(loaded, admin, "P1", "I1", "2023-Q5", 1.0)


def test_realization_of_an_unknown_indicator_is_not_found(loaded, admin) -> None:
    with pytest.raises(NotFound):
        services.record_realization(loaded, admin, "P1", "NOPE", "2023", 1.0)


def test_operator_records_realizations_of_a_sub_unit(loaded) -> None:
    parent_operator = User("op-pemda", role="operator", unit="PEMDA")
    services.record_realization(loaded, parent_operator, "P1", "I1", "2023", 70.0)
    assert services.realization_history(loaded, "P1", "I1", "2023")[-1]["value"] == 70.0


def test_operator_of_another_unit_is_refused(loaded, other_operator) -> None:
    with pytest.raises(PermissionDenied):
        services.record_realization(loaded, other_operator, "P1", "I1", "2023", 1.0)


def test_employee_records_realizations_of_their_own_rhk(loaded, employee) -> None:
    services.record_realization(loaded, employee, "P1", "I2", "2023-Q2", 4.0)
    assert services.realization_history(loaded, "P1", "I2", "2023-Q2")[0]["author"] == "ani"


def test_employee_may_not_record_another_objectives_indicator(loaded, employee) -> None:
    with pytest.raises(PermissionDenied):
        services.record_realization(loaded, employee, "P1", "I1", "2023", 1.0)


def test_viewer_may_not_record_realizations(loaded, viewer) -> None:
    with pytest.raises(PermissionDenied):
        services.record_realization(loaded, viewer, "P1", "I1", "2023", 1.0)


def test_refused_realization_writes_nothing(loaded, viewer, snapshot) -> None:
    before = snapshot(loaded)
    with pytest.raises(PermissionDenied):
        services.record_realization(loaded, viewer, "P1", "I1", "2023", 1.0)
    assert snapshot(loaded) == before


def test_realization_failing_midway_leaves_the_database_as_before(loaded, admin, crash) -> None:
    def change() -> None:
        services.record_realization(loaded, admin, "P1", "I1", "2023", 99.0)

    before, after = crash(loaded, audit, "append", change)
    assert after == before
