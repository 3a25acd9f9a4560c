"""The SKP migration adds its tables and keeps every existing row (SQLite and PostgreSQL)."""

from __future__ import annotations

from ekinerja import services
from ekinerja.storage.database import Database


def test_upgrading_a_database_with_a_plan_keeps_it_and_adds_the_skp_tables(
        empty_db: Database, make_skp_plan, old_plan):
    doc = old_plan(empty_db, "0004", "skp_ratings", [
        "INSERT INTO objectives (plan_id, seq, code, name, level) "
        "VALUES (:plan, 0, 'V', 'Visi', 'vision')"])
    assert [u.code for u in doc.units] == ["PEMDA"] and [o.code for o in doc.objectives] == ["V"]
    assert (doc.skp_ratings, doc.unit_predikat, doc.rhk_kinds) == ([], [], {})
    services.import_document(empty_db, services.system_user(), make_skp_plan())
    assert services.load_document(empty_db, "SKP").rhk_kinds == {"RHK-S1X": "additional"}
