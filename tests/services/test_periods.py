"""Closing and reopening periods."""

from __future__ import annotations

import pytest

from ekinerja import services
from ekinerja.services import PermissionDenied, ServiceError


def test_closed_year_refuses_realizations_of_its_quarters(loaded, admin, planner) -> None:
    services.close_period(loaded, planner, "P1", "2023", reason="audit BPK")
    with pytest.raises(ServiceError, match="closed"):
        services.record_realization(loaded, admin, "P1", "I2", "2023-Q3", 2.0)


def test_closed_period_refuses_target_changes(loaded, planner) -> None:
    services.close_period(loaded, planner, "P1", "2023")
    with pytest.raises(ServiceError, match="closed"):
        services.set_target(loaded, planner, "P1", "I1", "2023", 70.0)


def test_reopened_period_accepts_realizations_again(loaded, admin, planner) -> None:
    services.close_period(loaded, planner, "P1", "2023")
    services.reopen_period(loaded, planner, "P1", "2023", reason="koreksi data")
    services.record_realization(loaded, admin, "P1", "I1", "2023", 90.0)
    assert not services.is_period_closed(loaded, "P1", "2023")


def test_reopening_needs_a_reason(loaded, planner) -> None:
    services.close_period(loaded, planner, "P1", "2023")
    with pytest.raises(ServiceError, match="reason"):
        services.reopen_period(loaded, planner, "P1", "2023", reason=" ")


def test_operator_may_not_close_periods(loaded, operator) -> None:
    with pytest.raises(PermissionDenied):
        services.close_period(loaded, operator, "P1", "2023")


def test_closed_periods_are_listed_chronologically(loaded, planner) -> None:
    services.close_period(loaded, planner, "P1", "2022")
    services.close_period(loaded, planner, "P1", "2021-Q4")
    assert services.closed_periods(loaded, "P1") == ["2021-Q4", "2022"]
