"""Migration 0016: on PostgreSQL the plan of a target or realization is checked once per
statement by triggers instead of per row by a foreign key; the rules stay: a row naming no plan
is refused, deleting a plan deletes its rows; the data is kept both ways (SQLite and
PostgreSQL)."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from ekinerja import services
from ekinerja.storage.database import Database

PLAN = ("INSERT INTO plans (code, name, start_year, end_year, settings, created_at, updated_at) "
        "VALUES (:code, 'Rencana', 2024, 2026, '{}', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")
TARGET = ("INSERT INTO targets (plan_id, seq, indicator, period, value) "
          "VALUES (:plan, :seq, 'I1', :period, 1.5)")
REALIZATION = ("INSERT INTO realizations (plan_id, seq, indicator, period, value, superseded, "
               "status) VALUES (:plan, 0, 'I1', '2024', 2.5, false, 'verified')")


def _plan_foreign_keys(db: Database) -> dict[str, bool]:
    with db.connect() as conn:
        found = inspect(conn)
        return {table: any(fk["referred_table"] == "plans" for fk in found.get_foreign_keys(table))
                for table in ("targets", "realizations")}


def _counts(db: Database) -> tuple[int, int]:
    with db.connect() as conn:
        return (conn.execute(text("SELECT count(*) FROM targets")).scalar_one(),
                conn.execute(text("SELECT count(*) FROM realizations")).scalar_one())


def test_0016_keeps_the_rows_and_the_rules_and_goes_back(empty_db: Database) -> None:
    with empty_db.connect(create=True) as conn:
        command.upgrade(empty_db._alembic_config(conn), "0015")
    with empty_db.connect() as conn:
        conn.execute(text(PLAN), {"code": "LAMA"})
        plan = conn.execute(text("SELECT id FROM plans")).scalar_one()
        conn.execute(text(TARGET), {"plan": plan, "seq": 0, "period": "2024"})
        conn.execute(text(REALIZATION), {"plan": plan})
    empty_db.upgrade()
    postgres = empty_db.dialect == "postgresql"
    assert _plan_foreign_keys(empty_db) == {"targets": not postgres, "realizations": not postgres}
    assert _counts(empty_db) == (1, 1)
    for statement, values in ((TARGET, {"plan": plan + 1, "seq": 1, "period": "2025"}),
                              (REALIZATION, {"plan": plan + 1}),
                              ("UPDATE targets SET plan_id = :plan", {"plan": plan + 1})):
        with pytest.raises(IntegrityError), empty_db.connect() as conn:
            conn.execute(text(statement), values)
    with empty_db.connect() as conn:  # a statement naming the plan passes
        conn.execute(text(TARGET), {"plan": plan, "seq": 1, "period": "2025"})
        conn.execute(text(PLAN), {"code": "LAIN"})
    with empty_db.connect() as conn:
        command.downgrade(empty_db._alembic_config(conn), "0015")
    assert _plan_foreign_keys(empty_db) == {"targets": True, "realizations": True}
    assert _counts(empty_db) == (2, 1)
    empty_db.upgrade()
    with empty_db.connect() as conn:  # deleting the plan deletes its rows
        conn.execute(text("DELETE FROM plans WHERE code = 'LAMA'"))
    assert _counts(empty_db) == (0, 0)


def test_a_deleted_imported_plan_takes_its_rows_and_leaves_the_others(db: Database,
                                                                       small_plan) -> None:
    services.import_document(db, services.system_user(), small_plan)
    with db.connect() as conn:
        conn.execute(text(PLAN), {"code": "LAIN"})
        other = conn.execute(text("SELECT id FROM plans WHERE code = 'LAIN'")).scalar_one()
        conn.execute(text(TARGET), {"plan": other, "seq": 0, "period": "2024"})
        conn.execute(text(REALIZATION), {"plan": other})
    assert min(_counts(db)) > 1
    with db.connect() as conn:
        conn.execute(text("DELETE FROM plans WHERE code = 'P1'"))
    assert _counts(db) == (1, 1)
