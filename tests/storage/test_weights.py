"""Child weights of a parent and their versions."""

from __future__ import annotations

from ekinerja.storage import weights


def test_child_weights_list_links_then_indicators(db, plan_id):
    with db.read() as conn:
        assert weights.child_weights(conn, plan_id, "S1") == {"R1": 3.0, "I1": 2.0}


def test_set_child_weight_sets_a_link_or_an_indicator(db, plan_id):
    with db.write() as conn:
        weights.set_child_weight(conn, plan_id, "S1", "R1", 4.0)
        weights.set_child_weight(conn, plan_id, "S1", "I1", 1.5)
    with db.read() as conn:
        assert weights.child_weights(conn, plan_id, "S1") == {"R1": 4.0, "I1": 1.5}


def test_a_parent_never_changed_is_at_version_zero(db, plan_id):
    with db.read() as conn:
        assert weights.weight_version(conn, plan_id, "S1") == 0


def test_added_versions_are_read_back_in_order(db, plan_id):
    with db.write() as conn:
        weights.add_weight_version(conn, plan_id, "S1", 1, "a", None, {"R1": 3.0})
        weights.add_weight_version(conn, plan_id, "S1", 2, "b", "why", {"R1": 1.0})
    with db.read() as conn:
        assert weights.weight_version(conn, plan_id, "S1") == 2
        assert [v.author for v in weights.weight_versions(conn, plan_id, "S1")] == ["a", "b"]
        assert weights.find_version(conn, plan_id, "S1", 2).reason == "why"
