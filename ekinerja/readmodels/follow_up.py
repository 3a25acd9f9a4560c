"""Beranda's follow-up figures that come from the database rather than the Engine: overdue
realizations per unit (docs/workflow.md).

Counting them reads every target (seconds on a region's plan), so a result is kept per
database, plan, database revision and day (`cache.ResultCache`, the database held by a weak
reference) and shared by every open Beranda of this process; a save moves the revision, so
the next Beranda counts again.
"""

from __future__ import annotations

from datetime import date

from ekinerja.readmodels.cache import ResultCache
from ekinerja.services.deadlines import overdue_by_unit
from ekinerja.storage.database import Database

_OVERDUE = ResultCache(8)


def overdue_per_unit(db: Database, plan_code: str | None, today: date, days: int
                     ) -> dict[str, int]:
    """`deadlines.overdue_by_unit`, once per database revision and day."""
    return _OVERDUE.get(db, (plan_code, db.revision(), today, days),
                        lambda: overdue_by_unit(db, plan_code, today, days))
