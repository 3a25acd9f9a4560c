"""Realization entries: the one in force, superseded ones kept as history."""

from __future__ import annotations

from ekinerja.storage import realizations


def test_the_imported_realization_is_in_force(db, plan_id):
    with db.read() as conn:
        assert realizations.current_realization(conn, plan_id, "I1", "2023").value == 72.0


def test_a_superseded_entry_is_no_longer_in_force_but_stays(db, plan_id):
    with db.write() as conn:
        current = realizations.current_realization(conn, plan_id, "I1", "2023")
        realizations.supersede_realization(conn, current.id)
        realizations.add_realization(conn, plan_id, "I1", "2023", 80.0, seq=current.seq,
                                     note=None, evidence=None, author="uji")
    with db.read() as conn:
        assert realizations.current_realization(conn, plan_id, "I1", "2023").value == 80.0
        entries = realizations.realization_entries(conn, plan_id, "I1", "2023")
    assert [(e.value, e.superseded) for e in entries] == [(72.0, True), (80.0, False)]


def test_a_new_entry_goes_to_the_end_of_the_list(db, plan_id):
    with db.write() as conn:
        realizations.add_realization(conn, plan_id, "I1", "2022", 5.0, seq=None, note=None,
                                     evidence=None, author="uji")
    with db.read() as conn:
        assert realizations.realization_entries(conn, plan_id, "I1", "2022")[0].seq == 2
