"""Migration 0011 adds `follow_ups` and keeps every existing row; its downgrade drops only that
table (SQLite and PostgreSQL)."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, text

from ekinerja import services
from ekinerja.services.followups import follow_ups, record_follow_up
from ekinerja.storage.database import Database


def test_0011_adds_the_follow_ups_and_keeps_the_plan_then_goes_back(empty_db: Database,
                                                                    small_plan,
                                                                    upgrade_to) -> None:
    upgrade_to(empty_db, "0006a")
    with empty_db.connect() as conn:
        assert "follow_ups" not in inspect(conn).get_table_names()
    empty_db.upgrade()  # to the head (0011 and those after it), then the plan
    services.import_document(empty_db, services.system_user(), small_plan)
    with empty_db.connect() as conn:
        command.downgrade(empty_db._alembic_config(conn), "0006a")
        conn.commit()
    with empty_db.connect() as conn:
        names = inspect(conn).get_table_names()
        assert "follow_ups" not in names and "realizations" in names
        count = conn.execute(text("SELECT count(*) FROM realizations")).scalar_one()
    with empty_db.connect() as conn:
        command.upgrade(empty_db._alembic_config(conn), "0011")
        conn.commit()
    with empty_db.connect() as conn:
        assert "follow_ups" in inspect(conn).get_table_names()
    empty_db.upgrade()  # on to the head (the migrations after 0011)
    empty_db.schema_checked = False
    assert "follow_ups" in inspect_names(empty_db)
    assert len(services.load_document(empty_db, "P1").realizations) == count
    services.record_realization(empty_db, services.system_user(), "P1", "I1", "2023", 40.0)
    record_follow_up(empty_db, services.system_user(), "P1", "I1", "2023", "Sebab", "Aksi",
                     "2024-01-31")
    assert [f.indicator for f in follow_ups(empty_db, None, "P1")] == ["I1"]


def inspect_names(db: Database) -> list[str]:
    with db.connect() as conn:
        return inspect(conn).get_table_names()
