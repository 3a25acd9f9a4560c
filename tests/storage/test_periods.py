"""Closed periods of a plan."""

from __future__ import annotations

from ekinerja.storage import periods


def test_a_closed_period_is_found_among_others(db, plan_id):
    with db.write() as conn:
        assert periods.close_period(conn, plan_id, "2023", "uji", None)
    with db.read() as conn:
        assert periods.any_closed(conn, plan_id, ["2023-Q1", "2023"])
        assert not periods.any_closed(conn, plan_id, ["2022"])


def test_closing_twice_writes_once(db, plan_id):
    with db.write() as conn:
        periods.close_period(conn, plan_id, "2023", "uji", None)
        assert not periods.close_period(conn, plan_id, "2023", "uji", None)
    with db.read() as conn:
        assert periods.closed_periods(conn, plan_id) == ["2023"]


def test_reopening_an_open_period_says_so(db, plan_id):
    with db.write() as conn:
        assert not periods.reopen_period(conn, plan_id, "2023")
