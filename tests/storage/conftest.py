"""Storage fixtures: the small plan in a real database, and its plan id."""

from __future__ import annotations

import pytest

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
