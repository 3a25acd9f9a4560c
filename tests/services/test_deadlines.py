"""Deadlines, missing and overdue realizations, what each account is reminded of."""

from __future__ import annotations

from datetime import date

import pytest

from ekinerja import services
from ekinerja.services import NotFound, PermissionDenied, ServiceError, User
from ekinerja.services.deadlines import (
    deadline,
    missing_realizations,
    overdue_by_unit,
    period_end,
    reminders,
    set_account_email,
    waiting_count,
)

NIP = "199001012020011001"


def test_a_period_ends_on_its_last_day() -> None:
    assert (period_end("2023"), period_end("2024-Q1"), period_end("2024-02")) == (
        date(2023, 12, 31), date(2024, 3, 31), date(2024, 2, 29))


def test_the_deadline_is_some_days_after_the_end() -> None:
    assert deadline("2023-Q4", 10) == date(2024, 1, 10)


def test_a_target_without_a_value_is_missing_then_overdue(loaded, operator) -> None:
    # the small plan: I1 has 2023 (value 72), I2 a 2023 range target with only a Q1 value
    assert missing_realizations(loaded, None, "P1", date(2023, 12, 31), 10) == []
    services.record_realization(loaded, operator, "P1", "I1", "2023", 80.0, submit=False)
    early = missing_realizations(loaded, None, "P1", date(2024, 1, 5), 10)
    assert [(m.indicator, m.period, m.overdue) for m in early] == [("I1", "2023", False)]
    late = missing_realizations(loaded, None, "P1", date(2024, 1, 11), 10)
    assert [(m.indicator, m.overdue, m.deadline) for m in late] == [
        ("I1", True, date(2024, 1, 10))]
    assert overdue_by_unit(loaded, "P1", date(2024, 1, 11), 10) == {"DIKES": 1}


def test_a_value_of_a_sub_period_counts_for_its_year(loaded) -> None:
    # I2's 2023 target is met by its 2023-Q1 value (a year derived from its quarters)
    assert all(m.indicator != "I2" for m in missing_realizations(loaded, None, "P1",
                                                                  date(2025, 1, 1), 10))


def test_each_recorder_sees_only_what_they_may_enter(loaded, operator, employee) -> None:
    services.record_realization(loaded, operator, "P1", "I1", "2023", 80.0, submit=False)
    today = date(2024, 2, 1)
    assert [m.indicator for m in missing_realizations(loaded, operator, "P1", today, 10)] == [
        "I1"]
    assert missing_realizations(loaded, employee, "P1", today, 10) == []
    assert waiting_count(loaded, operator, "P1", today, 10) == 2  # overdue + its draft


def test_reminders_go_to_accounts_with_an_address(loaded, add_account) -> None:
    add_account(loaded, "op", "operator", unit="DIKES", name="Operator")
    add_account(loaded, "kadis-atas", "head", unit="PEMDA", name="Kepala")
    add_account(loaded, "tanpa-surel", "operator", unit="DIKES", name="Tanpa")
    admin = services.system_user()
    set_account_email(loaded, admin, "op", "op@dinas.example")
    set_account_email(loaded, admin, "kadis-atas", "kadis@pemda.example")
    op = User("op", role="operator", unit="DIKES")
    services.record_realization(loaded, op, "P1", "I1", "2023", 80.0)
    services.record_realization(loaded, op, "P1", "I2", "2023-Q2", 4.0, submit=False)
    found = {r.username: r for r in reminders(loaded, "P1", date(2024, 2, 1), 10)}
    assert set(found) == {"op", "kadis-atas"}
    assert [e.key for e in found["op"].returned] == ["I2@2023-Q2"]
    assert [e.key for e in found["kadis-atas"].pending] == ["I1@2023"]


def test_only_an_admin_sets_an_address_and_it_must_be_one(loaded, operator, add_account
                                                          ) -> None:
    add_account(loaded, "op", "operator", unit="DIKES")
    with pytest.raises(PermissionDenied):
        set_account_email(loaded, operator, "op", "op@dinas.example")
    with pytest.raises(ServiceError, match="not an e-mail address"):
        set_account_email(loaded, services.system_user(), "op", "bukan alamat")
    with pytest.raises(NotFound):
        set_account_email(loaded, services.system_user(), "siapa", "a@b.example")
