"""Weights: versions, conflicts, restoring, permissions, audit."""

from __future__ import annotations

import threading

import pytest

from ekinerja import services
from ekinerja.services import ConflictError, PermissionDenied, ServiceError
from ekinerja.storage import audit
from ekinerja.storage.database import Database


def test_set_weights_changes_scoring_weights(loaded, planner) -> None:
    version, weights = services.current_weights(loaded, "P1", "S1")
    assert (version, weights) == (0, {"R1": 3.0, "I1": 2.0})
    services.set_weights(
        loaded, planner, "P1", "S1", {"I1": 6.0}, seen_version=0, reason="prioritas"
    )
    assert services.current_weights(loaded, "P1", "S1")[1] == {"R1": 3.0, "I1": 6.0}
    doc = services.load_document(loaded, "P1")
    assert next(i for i in doc.indicators if i.code == "I1").weight == 6.0


def test_first_weight_change_keeps_the_previous_weights_as_version_one(loaded, planner) -> None:
    new = services.set_weights(
        loaded, planner, "P1", "S1", {"R1": 1.0}, seen_version=0, reason="rebalance"
    )
    versions = services.weight_versions(loaded, "P1", "S1")
    assert new == 2
    assert [v["weights"] for v in versions] == [{"R1": 3.0, "I1": 2.0}, {"R1": 1.0, "I1": 2.0}]
    assert (versions[1]["author"], versions[1]["reason"]) == ("perencana", "rebalance")


def test_concurrent_weight_change_is_a_conflict_and_overwrites_nothing(
    loaded, admin, planner
) -> None:
    services.set_weights(loaded, planner, "P1", "S1", {"R1": 1.0}, seen_version=0, reason="a")
    with pytest.raises(ConflictError, match="perencana"):
        services.set_weights(loaded, admin, "P1", "S1", {"R1": 9.0}, seen_version=0, reason="b")
    assert services.current_weights(loaded, "P1", "S1") == (2, {"R1": 1.0, "I1": 2.0})


def test_restoring_weights_makes_a_new_version_with_the_old_weights(loaded, planner) -> None:
    services.set_weights(loaded, planner, "P1", "S1", {"R1": 1.0}, seen_version=0, reason="a")
    version = services.restore_weights(
        loaded, planner, "P1", "S1", 1, seen_version=2, reason="kembali"
    )
    assert services.current_weights(loaded, "P1", "S1") == (version, {"R1": 3.0, "I1": 2.0})
    assert version == 3


def test_weight_of_a_non_child_is_refused(loaded, planner) -> None:
    with pytest.raises(ServiceError, match="not children"):
        services.set_weights(loaded, planner, "P1", "S1", {"V": 1.0}, seen_version=0, reason="x")


def test_negative_weight_is_refused(loaded, planner) -> None:
    with pytest.raises(ServiceError, match="negative"):
        services.set_weights(loaded, planner, "P1", "S1", {"I1": -1.0}, seen_version=0, reason="x")


def test_all_zero_weights_are_refused(loaded, planner) -> None:
    with pytest.raises(ServiceError, match="zero"):
        services.set_weights(
            loaded, planner, "P1", "S1", {"I1": 0.0, "R1": 0.0}, seen_version=0, reason="x"
        )


def test_weight_change_needs_a_reason(loaded, planner) -> None:
    with pytest.raises(ServiceError, match="reason"):
        services.set_weights(loaded, planner, "P1", "S1", {"I1": 1.0}, seen_version=0, reason="")


def test_operator_may_not_change_weights(loaded, operator) -> None:
    with pytest.raises(PermissionDenied):
        services.set_weights(loaded, operator, "P1", "S1", {"I1": 1.0}, seen_version=0, reason="x")


def test_weight_change_is_audited_old_to_new(loaded, planner) -> None:
    services.set_weights(loaded, planner, "P1", "S1", {"I1": 4.0}, seen_version=0, reason="why")
    entry = services.audit_log(loaded, "P1", entity="weights", key="S1")[0]
    assert (entry["username"], entry["reason"]) == ("perencana", "why")
    assert (entry["old"]["I1"], entry["new"]["I1"]) == (2.0, 4.0)


def test_weight_change_failing_midway_leaves_the_database_as_before(loaded, planner, crash) -> None:
    def change() -> None:
        services.set_weights(loaded, planner, "P1", "S1", {"I1": 5.0}, seen_version=0, reason="x")

    before, after = crash(loaded, audit, "append", change)
    assert after == before


def test_reimport_with_other_weights_adds_a_version_where_history_exists(
    loaded, small_plan, admin, planner
) -> None:
    services.set_weights(loaded, planner, "P1", "S1", {"I1": 5.0}, seen_version=0, reason="x")
    small_plan.indicators[0].weight = 7.0
    services.import_document(loaded, admin, small_plan)
    latest = services.weight_versions(loaded, "P1", "S1")[-1]
    assert (latest["version"], latest["weights"]["I1"]) == (3, 7.0)

def test_simultaneous_weight_changes_let_exactly_one_win(loaded, database_url, planner) -> None:
    outcomes: list[str] = []
    barrier = threading.Barrier(4)

    def change(weight: float) -> None:
        db = Database(database_url)
        barrier.wait()
        try:
            services.set_weights(
                db, planner, "P1", "S1", {"I1": weight}, seen_version=0, reason="race"
            )
            outcomes.append("ok")
        except ConflictError:
            outcomes.append("conflict")
        finally:
            db.dispose()

    threads = [threading.Thread(target=change, args=(float(w),)) for w in range(1, 5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "conflict", "conflict", "ok"]
    assert services.current_weights(loaded, "P1", "S1")[0] == 2
