"""The change log: what compiled plans follow, per plan, in commit order."""

from __future__ import annotations

import pytest

from ekinerja.storage import changes


def test_recorded_changes_come_back_oldest_first(db):
    with db.write() as conn:
        changes.record(conn, "P1", changes.REALIZATIONS, [("I1", "2023", 1.0)])
        changes.record(conn, "P1", changes.WEIGHTS, [("S1", "I1", 2.0)])
    with db.read() as conn:
        recorded = changes.since(conn, "P1", 0)
    assert [(c.kind, c.items) for c in recorded] == [
        ("realizations", [["I1", "2023", 1.0]]), ("weights", [["S1", "I1", 2.0]])]


def test_changes_of_another_plan_are_left_out(db):
    with db.write() as conn:
        changes.record(conn, "P2", changes.RELOAD)
    with db.read() as conn:
        assert changes.since(conn, "P1", 0) == [] and changes.last_id(conn) == 1


def test_only_changes_after_an_id_are_read(db):
    with db.write() as conn:
        changes.record(conn, "P1", changes.RELOAD)
        first = changes.last_id(conn)
        changes.record(conn, "P1", changes.RELOAD)
    with db.read() as conn:
        assert len(changes.since(conn, "P1", first)) == 1


def test_too_many_items_are_recorded_as_a_reload(db):
    items = [("I1", f"{2000 + k % 20}", float(k)) for k in range(changes.MAX_ITEMS + 1)]
    with db.write() as conn:
        changes.record(conn, "P1", changes.REALIZATIONS, items)
    with db.read() as conn:
        assert [c.kind for c in changes.since(conn, "P1", 0)] == ["reload"]


def test_a_change_without_items_records_nothing(db):
    with db.write() as conn:
        changes.record(conn, "P1", changes.WEIGHTS, [])
    with db.read() as conn:
        assert changes.last_id(conn) == 0


def test_an_unknown_kind_is_refused(db):
    with pytest.raises(ValueError, match="unknown change kind"), db.write() as conn:
        changes.record(conn, "P1", "everything")
