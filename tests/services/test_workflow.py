"""The realization workflow: submit, verify, reject with a reason, in bulk; who may; scores."""

from __future__ import annotations

import pytest

from ekinerja import services
from ekinerja.rollup import Engine
from ekinerja.services import NotFound, PermissionDenied, ServiceError, User

from .conftest import NIP  # Ani, owner of R1 (indicator I2) in DIKES


@pytest.fixture
def head_above() -> User:
    """The head of PEMDA, the unit above DIKES."""
    return User("gubernur", "Kepala Pemda", "head", unit="PEMDA", nip="196001011990011001")


def achievement(db, indicator: str = "I1", period: str = "2023") -> float | None:
    return services.load_engine(db, "P1").evaluate(period).indicator(indicator)["achievement"]


def fresh(db) -> Engine:
    """The plan compiled afresh from the database (no followed changes)."""
    return Engine(services.load_document(db, "P1"))


def status(db, indicator: str = "I1", period: str = "2023") -> str:
    return services.realization_history(db, "P1", indicator, period)[-1]["status"]


def test_a_recorded_value_is_submitted_and_scored(loaded, operator) -> None:
    services.record_realization(loaded, operator, "P1", "I1", "2023", 88.0)
    entry = services.realization_history(loaded, "P1", "I1", "2023")[-1]
    assert (entry["status"], entry["submitted_by"]) == ("submitted", "operator")
    assert entry["submitted_at"].tzinfo is not None
    assert achievement(loaded) == pytest.approx(110.0)


def test_a_draft_is_not_scored_until_submitted(loaded, operator) -> None:
    services.load_engine(loaded, "P1")  # cached: the changes below are followed
    services.record_realization(loaded, operator, "P1", "I1", "2023", 88.0, submit=False)
    assert status(loaded) == "draft"
    assert achievement(loaded) is None
    assert fresh(loaded).evaluate("2023").indicator("I1")["achievement"] is None
    services.submit_realizations(loaded, operator, "P1", [("I1", "2023")])
    assert status(loaded) == "submitted"
    assert achievement(loaded) == pytest.approx(110.0)


def test_existing_realizations_are_verified(loaded) -> None:
    assert status(loaded) == "verified"


def test_the_head_of_the_unit_above_verifies_with_who_and_when(loaded, operator,
                                                                 head_above) -> None:
    services.record_realization(loaded, operator, "P1", "I1", "2023", 88.0)
    services.verify_realizations(loaded, head_above, "P1", [("I1", "2023")])
    entry = services.realization_history(loaded, "P1", "I1", "2023")[-1]
    assert (entry["status"], entry["reviewed_by"]) == ("verified", "gubernur")
    assert entry["reviewed_at"] >= entry["submitted_at"]


def test_a_head_may_not_verify_their_own_units_objective(loaded, operator, head_dikes) -> None:
    services.record_realization(loaded, operator, "P1", "I1", "2023", 88.0)
    with pytest.raises(PermissionDenied):
        services.verify_realizations(loaded, head_dikes, "P1", [("I1", "2023")])
    assert status(loaded) == "submitted"


def test_a_head_verifies_the_rhk_of_an_employee_of_their_unit(loaded, employee,
                                                                head_dikes) -> None:
    services.record_realization(loaded, employee, "P1", "I2", "2023-Q2", 4.0)
    services.verify_realizations(loaded, head_dikes, "P1", [("I2", "2023-Q2")])
    assert status(loaded, "I2", "2023-Q2") == "verified"


@pytest.mark.parametrize("role", ["operator", "employee", "viewer", "evaluator"])
def test_roles_that_do_not_verify_are_refused(loaded, operator, role, snapshot) -> None:
    services.record_realization(loaded, operator, "P1", "I1", "2023", 88.0)
    before = snapshot(loaded)
    user = User("x", role=role, unit="PEMDA", nip=NIP)
    with pytest.raises(PermissionDenied):
        services.verify_realizations(loaded, user, "P1", [("I1", "2023")])
    assert snapshot(loaded) == before


def test_a_planner_verifies_any_realization(loaded, operator, planner) -> None:
    services.record_realization(loaded, operator, "P1", "I1", "2023", 88.0)
    services.verify_realizations(loaded, planner, "P1", [("I1", "2023")])
    assert status(loaded) == "verified"


def test_rejecting_needs_a_reason(loaded, operator, planner) -> None:
    services.record_realization(loaded, operator, "P1", "I1", "2023", 88.0)
    with pytest.raises(ServiceError, match="reason is required"):
        services.reject_realizations(loaded, planner, "P1", [("I1", "2023")], "  ")
    assert status(loaded) == "submitted"


def test_a_rejected_value_stops_counting_and_is_corrected_and_submitted_again(
        loaded, operator, head_above) -> None:
    services.load_engine(loaded, "P1")
    services.record_realization(loaded, operator, "P1", "I1", "2023", 88.0)
    services.reject_realizations(loaded, head_above, "P1", [("I1", "2023")], "bukti kurang")
    entry = services.realization_history(loaded, "P1", "I1", "2023")[-1]
    assert (entry["status"], entry["review_reason"]) == ("rejected", "bukti kurang")
    assert achievement(loaded) is None
    services.record_realization(loaded, operator, "P1", "I1", "2023", 80.0)
    history = services.realization_history(loaded, "P1", "I1", "2023")
    assert [e["status"] for e in history] == ["verified", "rejected", "submitted"]
    assert history[1]["review_reason"] == "bukti kurang"  # the rejection stays as history
    services.verify_realizations(loaded, head_above, "P1", [("I1", "2023")])
    assert achievement(loaded) == pytest.approx(100.0)


def test_only_a_submitted_value_can_be_verified(loaded, operator, planner) -> None:
    services.record_realization(loaded, operator, "P1", "I1", "2023", 88.0, submit=False)
    with pytest.raises(ServiceError, match="is draft, not submitted"):
        services.verify_realizations(loaded, planner, "P1", [("I1", "2023")])


def test_a_verified_value_cannot_be_submitted_again(loaded, operator) -> None:
    with pytest.raises(ServiceError, match="is verified"):
        services.submit_realizations(loaded, operator, "P1", [("I1", "2023")])


def test_verifying_a_missing_realization_is_not_found(loaded, planner) -> None:
    with pytest.raises(NotFound):
        services.verify_realizations(loaded, planner, "P1", [("I1", "2022")])


def test_bulk_verification_is_all_or_nothing(loaded, operator, employee, head_dikes,
                                             snapshot) -> None:
    services.record_realization(loaded, operator, "P1", "I1", "2023", 88.0)
    services.record_realization(loaded, employee, "P1", "I2", "2023-Q2", 4.0)
    before = snapshot(loaded)
    with pytest.raises(PermissionDenied):  # I1 is the head's own unit's objective
        services.verify_realizations(loaded, head_dikes, "P1",
                                     [("I2", "2023-Q2"), ("I1", "2023")])
    assert snapshot(loaded) == before
    assert status(loaded, "I2", "2023-Q2") == "submitted"


def test_bulk_verification_verifies_each(loaded, operator, employee, planner) -> None:
    services.record_realization(loaded, operator, "P1", "I1", "2023", 88.0)
    services.record_realization(loaded, employee, "P1", "I2", "2023-Q2", 4.0)
    services.verify_realizations(loaded, planner, "P1", [("I1", "2023"), ("I2", "2023-Q2")])
    assert (status(loaded), status(loaded, "I2", "2023-Q2")) == ("verified", "verified")


def test_every_step_is_audited(loaded, operator, planner) -> None:
    services.record_realization(loaded, operator, "P1", "I1", "2023", 88.0, submit=False)
    services.submit_realizations(loaded, operator, "P1", [("I1", "2023")])
    services.reject_realizations(loaded, planner, "P1", [("I1", "2023")], "salah ketik")
    records = services.audit_log(loaded, "P1", entity="realization", key="I1@2023")
    assert [(r["action"], r["username"]) for r in records[:3]] == [
        ("reject", "perencana"), ("submit", "operator"), ("update", "operator")]
    assert records[0]["reason"] == "salah ketik"
    assert (records[0]["old"], records[0]["new"]) == (
        {"status": "submitted"}, {"status": "rejected", "value": 88.0})


def test_no_change_in_a_closed_period(loaded, operator, planner) -> None:
    services.record_realization(loaded, operator, "P1", "I1", "2023", 88.0)
    services.close_period(loaded, planner, "P1", "2023")
    with pytest.raises(ServiceError, match="closed"):
        services.verify_realizations(loaded, planner, "P1", [("I1", "2023")])


def test_the_inbox_lists_what_the_user_may_verify_oldest_first(
        loaded, operator, employee, head_dikes, head_above, planner) -> None:
    services.record_realization(loaded, employee, "P1", "I2", "2023-Q2", 4.0)
    services.record_realization(loaded, operator, "P1", "I1", "2023", 88.0)
    assert [e.key for e in services.pending_verifications(loaded, planner, "P1")] == [
        "I2@2023-Q2", "I1@2023"]
    assert [e.key for e in services.pending_verifications(loaded, head_dikes, "P1")] == [
        "I2@2023-Q2"]
    assert [e.key for e in services.pending_verifications(loaded, head_above, "P1")] == [
        "I2@2023-Q2", "I1@2023"]
    assert services.pending_verifications(loaded, operator, "P1") == []
    first = services.pending_verifications(loaded, planner, "P1")[0]
    assert (first.value, first.submitted_by, first.objective, first.unit) == (
        4.0, "ani", "R1", "DIKES")


def test_returned_entries_are_the_drafts_and_rejections_in_scope(
        loaded, operator, employee, planner) -> None:
    services.record_realization(loaded, operator, "P1", "I1", "2023", 88.0, submit=False)
    services.record_realization(loaded, employee, "P1", "I2", "2023-Q2", 4.0)
    services.reject_realizations(loaded, planner, "P1", [("I2", "2023-Q2")], "bukti?")
    assert [e.key for e in services.returned_entries(loaded, operator, "P1")] == [
        "I1@2023", "I2@2023-Q2"]
    assert [(e.key, e.review_reason) for e in services.returned_entries(loaded, employee, "P1")
            ] == [("I2@2023-Q2", "bukti?")]


@pytest.fixture
def counts_verified(db, small_plan):
    """The small plan with the setting count = verified."""
    small_plan.plan.settings.count = "verified"
    services.import_document(db, services.system_user(), small_plan)
    return db


def test_when_the_plan_counts_verified_values_only_verification_moves_the_score(
        counts_verified, operator, planner) -> None:
    db = counts_verified
    assert achievement(db) == pytest.approx(90.0)
    services.record_realization(db, operator, "P1", "I1", "2023", 88.0)
    assert achievement(db) is None  # the verified 72 was replaced; 88 waits
    assert fresh(db).evaluate("2023").indicator("I1")["achievement"] is None
    services.verify_realizations(db, planner, "P1", [("I1", "2023")])
    assert achievement(db) == pytest.approx(110.0)
    assert fresh(db).evaluate("2023").indicator("I1")["achievement"] == pytest.approx(110.0)


def test_skp_and_documents_see_verified_values_only(loaded, operator, planner) -> None:
    services.load_engine(loaded, "P1")
    services.record_realization(loaded, operator, "P1", "I1", "2023", 88.0)
    engine = services.load_engine(loaded, "P1")
    assert engine.evaluate("2023").indicator("I1")["achievement"] == pytest.approx(110.0)
    assert engine.verified_only().evaluate("2023").indicator("I1")["achievement"] is None
    services.verify_realizations(loaded, planner, "P1", [("I1", "2023")])
    verified = services.load_engine(loaded, "P1").verified_only()
    assert verified.evaluate("2023").indicator("I1")["achievement"] == pytest.approx(110.0)
