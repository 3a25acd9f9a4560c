"""Where a web app's plan comes from: a document in memory, a plan file, or a database.

A source is called for the current Engine (cheap while nothing changed), tells the revision of
the data it serves (the pages re-render when it moves), and carries the app's one Database
object (None when the plan is read-only), which the pages pass to the services.
"""

from __future__ import annotations

import itertools
import threading
from pathlib import Path
from typing import Any, Protocol

from ekinerja.rollup import Engine
from ekinerja.storage.database import Database

_tokens = itertools.count(1)


class PlanSource(Protocol):
    """The plan an app shows."""

    database: Database | None  # where changes go (None: read-only)
    plan_code: str | None  # the plan in the database (None: the only one)

    def __call__(self) -> Engine:
        """The current Engine."""
        ...

    def revision(self) -> Any:
        """The revision of the data, the same in every worker process (JSON-safe)."""
        ...


class DocumentSource:
    """One in-memory plan document, compiled once (tests, benchmarks)."""

    database: Database | None = None
    plan_code: str | None = None

    def __init__(self, doc: Any):
        self._engine = Engine(doc)
        self._token = f"engine:{next(_tokens)}"

    def __call__(self) -> Engine:
        """The document's Engine."""
        return self._engine

    def revision(self) -> str:
        """A token standing for the document (it never changes)."""
        return self._token


class FileSource:
    """A plan file shown read-only, recompiled when its modification time changes."""

    database: Database | None = None
    plan_code: str | None = None

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._mtime: int | None = None
        self._engine: Engine | None = None

    def __call__(self) -> Engine:
        """The file's Engine, compiled again when the file changed."""
        from ekinerja.interchange import load

        mtime = self.path.stat().st_mtime_ns
        with self._lock:
            if self._engine is None or self._mtime != mtime:
                self._engine = Engine(load(self.path))
                self._mtime = mtime
            return self._engine

    def revision(self) -> str:
        """The file's modification time (what the engine is recompiled on)."""
        try:
            return f"file:{self.path.stat().st_mtime_ns}"
        except OSError:
            return f"file:{self._mtime}"


class DatabaseSource:
    """A plan in a database, asked each time (the services cache it by database revision)."""

    def __init__(self, database: Database, plan_code: str | None = None):
        self.database: Database | None = database
        self.plan_code = plan_code

    def __call__(self) -> Engine:
        """The plan's Engine at the database's current revision."""
        from ekinerja import services

        assert self.database is not None
        return services.load_engine(self.database, self.plan_code)

    def revision(self) -> int:
        """The database revision counter."""
        assert self.database is not None
        return self.database.revision()


def document_provider(doc: Any) -> DocumentSource:
    """A source serving one in-memory PlanDocument (compiled once)."""
    return DocumentSource(doc)


def file_provider(path: str | Path) -> FileSource:
    """A source reading a plan file; it recompiles when the file's modification time changes."""
    return FileSource(path)


def database_provider(url: str | None, plan_code: str | None = None) -> DatabaseSource:
    """A source on the database at `url` (its one Database object)."""
    return DatabaseSource(Database(url), plan_code)
