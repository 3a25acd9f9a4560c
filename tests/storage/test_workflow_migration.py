"""Migration 0005 (the realization workflow) keeps every existing realization, as verified."""

from __future__ import annotations

from sqlalchemy import text

from ekinerja.storage import realizations
from ekinerja.storage.database import Database


def test_realizations_of_schema_0004_become_verified(empty_db: Database, upgrade_to) -> None:
    upgrade_to(empty_db, "0004")
    with empty_db.connect() as conn:
        conn.execute(text(
            "INSERT INTO plans (code, name, start_year, end_year, settings, created_at, "
            "updated_at) VALUES ('P1', 'Rencana', 2019, 2023, '{}', CURRENT_TIMESTAMP, "
            "CURRENT_TIMESTAMP)"))
        plan_id = conn.execute(text("SELECT id FROM plans")).scalar_one()
        conn.execute(text(
            "INSERT INTO realizations (plan_id, seq, indicator, period, value, superseded) "
            "VALUES (:p, 0, 'I1', '2023', 72.5, :f)"), {"p": plan_id, "f": False})
    empty_db.upgrade()
    empty_db.check_schema()
    with empty_db.read() as conn:
        row = realizations.current_realization(conn, plan_id, "I1", "2023")
    assert (row.value, row.status, row.submitted_by, row.evidence_file_id) == (
        72.5, "verified", None, None)
