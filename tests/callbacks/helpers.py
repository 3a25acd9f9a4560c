"""Plain helpers the callback tests share (fixtures are in conftest.py)."""

from __future__ import annotations

from ekinerja.rollup import Engine
from ekinerja.sources import DatabaseSource
from ekinerja.storage.database import Database


def engine(db: Database) -> Engine:
    """The engine a page's callback gets for `db` (through its DatabaseSource)."""
    return DatabaseSource(db)()
