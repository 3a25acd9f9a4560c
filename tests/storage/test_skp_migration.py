"""The SKP migration adds its tables and keeps every existing row (SQLite and PostgreSQL)."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, text

from ekinerja import services
from ekinerja.storage.database import Database


def test_upgrading_a_database_with_a_plan_keeps_it_and_adds_the_skp_tables(empty_db: Database,
                                                                            make_skp_plan):
    with empty_db.connect(create=True) as conn:
        command.upgrade(empty_db._alembic_config(conn), "0004")
    with empty_db.connect() as conn:
        assert "skp_ratings" not in inspect(conn).get_table_names()
        conn.execute(text(
            "INSERT INTO plans (code, name, start_year, end_year, settings, created_at, "
            "updated_at) VALUES ('LAMA', 'Rencana lama', 2022, 2024, :settings, "
            "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"),
            {"settings": '{"cap": 120, "floor": 0, "missing": "skip", "negative_method": '
                         '"inverse_difference", "bands": [[0, "Sangat Rendah"]]}'})
        plan = {"plan": conn.execute(text("SELECT id FROM plans")).scalar_one()}
        conn.execute(text("INSERT INTO units (plan_id, seq, code, name, parent, kind) "
                          "VALUES (:plan, 0, 'PEMDA', 'Pemda', NULL, 'pemda')"), plan)
        conn.execute(text("INSERT INTO objectives (plan_id, seq, code, name, level) "
                          "VALUES (:plan, 0, 'V', 'Visi', 'vision')"), plan)
        conn.commit()
    empty_db.upgrade()
    assert empty_db.current_revision() == empty_db.head_revision()
    doc = services.load_document(empty_db, "LAMA")
    assert [u.code for u in doc.units] == ["PEMDA"] and [o.code for o in doc.objectives] == ["V"]
    assert (doc.skp_ratings, doc.unit_predikat, doc.rhk_kinds) == ([], [], {})
    services.import_document(empty_db, services.system_user(), make_skp_plan())
    assert services.load_document(empty_db, "SKP").rhk_kinds == {"RHK-S1X": "additional"}
