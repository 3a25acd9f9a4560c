"""Beranda's overdue counts per unit: the same as the service's, kept per database revision
and day, counted again after a save, on a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date

from ekinerja import services
from ekinerja.readmodels.follow_up import overdue_per_unit
from ekinerja.services import User
from ekinerja.services.deadlines import overdue_by_unit

LATE = date(2024, 1, 11)  # after the deadline (10 days) of the small plan's 2023 targets


def test_the_counts_are_kept_per_revision_and_day(db, small_plan) -> None:
    services.import_document(db, services.system_user(), small_plan)
    first = overdue_per_unit(db, "P1", LATE, 10)
    assert first == overdue_by_unit(db, "P1", LATE, 10) == {}
    assert overdue_per_unit(db, "P1", LATE, 10) is first  # kept: not read again
    operator = User("operator", "Operator Dikes", "operator", unit="DIKES")
    services.record_realization(db, operator, "P1", "I1", "2023", 80.0, submit=False)
    assert overdue_per_unit(db, "P1", LATE, 10) == {"DIKES": 1}  # a save: counted again
    assert overdue_per_unit(db, "P1", date(2024, 1, 5), 10) == {}  # another day, its own
