"""The audit log as the services write it and read it back."""

from __future__ import annotations

from ekinerja import services


def test_audit_log_is_newest_first(loaded, admin) -> None:
    services.record_realization(loaded, admin, "P1", "I1", "2021", 1.0)
    services.record_realization(loaded, admin, "P1", "I1", "2022", 2.0)
    keys = [e["key"] for e in services.audit_log(loaded, "P1", entity="realization")]
    assert keys[:2] == ["I1@2022", "I1@2021"]


def test_audit_log_filters_by_user(loaded, admin, planner) -> None:
    services.record_realization(loaded, admin, "P1", "I1", "2021", 1.0)
    services.close_period(loaded, planner, "P1", "2021")
    assert [e["entity"] for e in services.audit_log(loaded, username="perencana")] == ["period"]
