"""Single items of a cascade: codes, links, targets, deletions with their data."""

from __future__ import annotations

from ekinerja.storage import structure


def test_objectives_and_indicators_share_one_code_namespace(db, plan_id):
    with db.read() as conn:
        assert structure.code_taken(conn, plan_id, "S1")
        assert structure.code_taken(conn, plan_id, "I1")
        assert not structure.code_taken(conn, plan_id, "X9")


def test_links_into_a_child_can_be_narrowed_to_one_parent(db, plan_id):
    with db.read() as conn:
        assert [lk.parent for lk in structure.links_to(conn, plan_id, "S1")] == ["M1"]
        assert structure.links_to(conn, plan_id, "S1", "V") == []


def test_a_deleted_indicator_takes_its_targets_and_realizations(db, plan_id):
    with db.write() as conn:
        row = structure.find_indicator(conn, plan_id, "I1")
        structure.delete_indicator(conn, plan_id, "I1", row.id)
    with db.read() as conn:
        assert structure.find_indicator(conn, plan_id, "I1") is None
        assert structure.find_target(conn, plan_id, "I1", "2023") is None


def test_a_deleted_objective_takes_the_causal_links_naming_it(db, plan_id):
    from ekinerja.storage import repository

    with db.write() as conn:
        row = structure.find_objective(conn, plan_id, "M1")
        structure.delete_objective(conn, plan_id, "M1", row.id)
    with db.read() as conn:
        entity = repository.ENTITY["causal_links"]
        assert repository.read_entity(conn, plan_id, entity) == []


def test_unit_parents_list_every_unit(db, plan_id):
    with db.read() as conn:
        assert sorted(structure.unit_parents(conn, plan_id)) == [("DIKES", "PEMDA"),
                                                                ("PEMDA", None)]
