"""Migration 0012 adds the holder history and keeps every existing row; its downgrade drops
only that table (SQLite and PostgreSQL)."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, text

from ekinerja import services
from ekinerja.storage.database import Database

KEPALA, NEW = "198001012002011001", "199505052020121001"


def test_upgrade_keeps_the_plan_and_downgrade_drops_only_the_history(empty_db: Database,
                                                                    old_plan):
    doc = old_plan(empty_db, "0011", "objective_holders", [
        "INSERT INTO employees (plan_id, seq, nip, name, unit, position) "
        "VALUES (:plan, 0, :nip, 'Kepala', 'PEMDA', 'Kepala')",
        "INSERT INTO objectives (plan_id, seq, code, name, level, owner) "
        "VALUES (:plan, 0, 'V', 'Visi', 'vision', :nip)"], KEPALA)
    assert [e.nip for e in doc.employees] == [KEPALA] and doc.objectives[0].owner == KEPALA
    system = services.system_user()
    services.save_employee(empty_db, system, "LAMA", NEW, name="Baru", unit="PEMDA")
    services.name_successor(empty_db, system, "LAMA", KEPALA, NEW, on="2023-07-01")
    assert [h.holder for h in services.objective_holdings(empty_db, "LAMA")] == [KEPALA, NEW]
    with empty_db.connect() as conn:
        command.downgrade(empty_db._alembic_config(conn), "0011")
        conn.commit()
    with empty_db.connect() as conn:
        assert "objective_holders" not in inspect(conn).get_table_names()
        owners = conn.execute(text("SELECT owner FROM objectives")).scalars().all()
        assert owners == [NEW]  # the plan itself is kept as it stands
