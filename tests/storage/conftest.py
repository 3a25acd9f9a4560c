"""Storage fixtures: the small plan in a real database, its plan id, and schemas of the past."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from alembic import command
from sqlalchemy import inspect, text

from ekinerja import services
from ekinerja.model import PlanDocument
from ekinerja.storage import repository
from ekinerja.storage.database import Database


@pytest.fixture
def plan_id(db: Database, small_plan: PlanDocument) -> int:
    """The id of the small plan, imported into `db`."""
    services.import_document(db, services.system_user(), small_plan)
    with db.read() as conn:
        return repository.find_plan(conn, "P1").id


def _upgrade_to(db: Database, revision: str) -> None:
    """Bring `db` (empty, or older) to the schema of migration `revision`, not the head."""
    with db.connect(create=True) as conn:
        command.upgrade(db._alembic_config(conn), revision)


@pytest.fixture
def upgrade_to() -> Callable[[Database, str], None]:
    """upgrade_to(db, revision): `db` on the schema of a past migration."""
    return _upgrade_to


def _old_plan(db: Database, revision: str, missing: str, rows: list[str],
              nip: str | None = None) -> PlanDocument:
    """On the schema of migration `revision` (no table `missing` yet), the plan "LAMA" with its
    unit PEMDA and `rows` (INSERTs that may use :plan and :nip) written with plain SQL; then
    `db` upgraded to the head: the plan as it loads there."""
    _upgrade_to(db, revision)
    with db.connect() as conn:
        assert missing not in inspect(conn).get_table_names()
        conn.execute(text(
            "INSERT INTO plans (code, name, start_year, end_year, settings, created_at, "
            "updated_at) VALUES ('LAMA', 'Rencana lama', 2022, 2024, :settings, "
            "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"),
            {"settings": '{"cap": 120, "floor": 0, "missing": "skip", "negative_method": '
                         '"inverse_difference", "bands": [[0, "Sangat Rendah"]]}'})
        plan = {"plan": conn.execute(text("SELECT id FROM plans")).scalar_one(), "nip": nip}
        conn.execute(text("INSERT INTO units (plan_id, seq, code, name, parent, kind) "
                          "VALUES (:plan, 0, 'PEMDA', 'Pemda', NULL, 'pemda')"), plan)
        for row in rows:
            conn.execute(text(row), plan)
        conn.commit()
    db.upgrade()
    assert db.current_revision() == db.head_revision()
    return services.load_document(db, "LAMA")


@pytest.fixture
def old_plan() -> Callable[..., PlanDocument]:
    """old_plan(db, revision, missing, rows, nip=None): a plan written on a past schema, then
    upgraded to the head (see _old_plan)."""
    return _old_plan
