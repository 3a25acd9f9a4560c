"""The rows a structure edit's validation reads, on the small plan (tests/conftest.py) in a
real database: V <- M1 <- S1 <- R1 (weight 3); I1 under S1, I2 under R1."""

from __future__ import annotations

from ekinerja.storage import neighbourhood as stored
from ekinerja.storage.structure import objective_table


def test_positions_and_levels(db, plan_id):
    with db.read() as conn:
        seq = stored.seq_of(conn, objective_table, plan_id, "S1")
        assert stored.position(conn, objective_table, plan_id, seq) == 2  # V, M1, S1, R1
        assert stored.seq_of(conn, objective_table, plan_id, "X9") is None
        assert stored.levels(conn, plan_id, ["S1", "X9", "V"]) == {
            "S1": "agency_objective", "V": "vision"}
        assert [r.code for r in stored.visions(conn, plan_id)] == ["V"]


def test_parents_links_and_pools(db, plan_id):
    with db.read() as conn:
        assert stored.parents(conn, plan_id, "S1") == ["M1"]
        assert stored.parents_of_any(conn, plan_id, ["S1", "R1"]) == {"M1", "S1"}
        assert float(stored.link_row(conn, plan_id, "S1", "R1").weight) == 3.0
        assert stored.link_row(conn, plan_id, "V", "S1") is None
        touching = stored.links_touching(conn, plan_id, ["S1"], [("V", "M1")])
        assert sorted((r.parent, r.child) for r in touching) == [
            ("M1", "S1"), ("S1", "R1"), ("V", "M1")]
        assert [r.child for r in stored.pool_links(conn, plan_id, "S1")] == ["R1"]
        assert [float(r.weight) for r in stored.pool_indicators(conn, plan_id, "S1")] == [2.0]


def test_an_indicators_rules_targets_and_objective(db, plan_id):
    with db.read() as conn:
        assert stored.indicator_rules(conn, plan_id, "I1").polarity == "positive"
        assert stored.indicator_rules(conn, plan_id, "X9") is None
        [target] = stored.indicator_targets(conn, plan_id, "I2")
        assert (target.period, target.low, target.high) == ("2023", 10.0, 12.0)
        assert sorted(stored.objectives_of_indicators(conn, plan_id, ["I1", "I2"])) == [
            "R1", "S1"]
