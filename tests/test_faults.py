"""Faults on a small plan (issue 11): an import killed with SIGKILL at any moment leaves the
plan as it was or as imported (never half), and a full disk during an import or a save writes
nothing; SQLite and PostgreSQL."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import event

from ekinerja import generate, interchange, services
from ekinerja.model import PlanDocument
from ekinerja.storage.database import Database
from tests.helpers import exported


def imported(url: str, doc: PlanDocument) -> Database:
    """The database at `url` (open) with the schema and `doc` imported."""
    db = Database(url)
    db.upgrade()
    services.import_document(db, services.system_user(), doc)
    return db


def plans() -> tuple:
    base = generate.generate(300, 2, seed=3)
    changed = generate.generate(300, 2, seed=3)
    for objective in changed.objectives[::3]:
        objective.name += " (revisi)"
    for realization in changed.realizations[::2]:
        realization.value = (realization.value or 0) + 1
    del changed.realizations[::7]
    return base, changed


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> tuple[dict, dict]:
    """The exports before and after a completed import (in a database of their own)."""
    base, changed = plans()
    db = imported(f"sqlite:///{tmp_path_factory.mktemp('reference') / 'ref.sqlite'}", base)
    before = interchange.to_dict(services.load_document(db))
    services.import_document(db, services.system_user(), changed, allow_removals=True)
    after = interchange.to_dict(services.load_document(db))
    db.dispose()
    assert before != after
    return before, after


@pytest.mark.parametrize("delay", [0.2, 0.6, 1.0, 1.6, 2.5])
def test_an_import_killed_at_any_moment_leaves_the_plan_before_or_after(
        database_url, tmp_path, reference, delay) -> None:
    base, changed = plans()
    imported(database_url, base).dispose()
    path = tmp_path / "changed.json"
    interchange.save(changed, path)
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "ekinerja"), "import", str(path), "--allow-removals",
         "--database", database_url], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    now = exported(database_url)
    assert now in reference, f"half an import after a kill at {delay} s"
    if database_url.startswith("sqlite"):
        file = database_url.removeprefix("sqlite:///")
        conn = sqlite3.connect(file)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()



@contextmanager
def full_disk(db: Database) -> Iterator[None]:
    """Within the block the SQLite file gets no page beyond those there now (a full disk);
    the database is disposed afterwards."""

    def full(connection, _record) -> None:
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        connection.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(db.engine, "connect", full)
    db.engine.dispose()
    try:
        yield
    finally:
        event.remove(db.engine, "connect", full)
        db.dispose()


def test_a_full_disk_during_an_import_writes_nothing(tmp_path, reference) -> None:
    base, changed = plans()
    url = f"sqlite:///{tmp_path / 'full.sqlite'}"
    db = imported(url, base)
    with full_disk(db), pytest.raises(Exception, match="full"):
        services.import_document(db, services.system_user(), changed, allow_removals=True)
    assert exported(url) == reference[0]


def test_a_full_disk_during_a_save_writes_nothing(tmp_path) -> None:
    base, _changed = plans()
    url = f"sqlite:///{tmp_path / 'full.sqlite'}"
    db = imported(url, base)
    before = exported(url)
    indicator = base.indicators[0].code
    with full_disk(db), pytest.raises(Exception, match="full"):
        services.record_realization(db, services.system_user(), None, indicator,
                                    str(base.plan.start_year), 5.0, note="x" * 4000)
    assert exported(url) == before


# ----------------------------------------------------------------- PostgreSQL on a full disk


def table_counts(url: str) -> dict[str, int]:
    db = Database(url)
    try:
        with db.engine.connect() as conn:
            names = [row[0] for row in conn.exec_driver_sql(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                " AND tablename <> 'filler'")]
            return {n: conn.exec_driver_sql(f'SELECT count(*) FROM "{n}"').scalar_one()
                    for n in names}
    finally:
        db.dispose()


@pytest.mark.postgres
def test_a_full_disk_during_an_import_writes_nothing_on_postgresql(full_postgres, reference):
    url, fill = full_postgres
    base, changed = plans()
    imported(url, base).dispose()
    assert exported(url) == reference[0]
    fill()
    db = Database(url)
    try:
        with pytest.raises(Exception, match="No space left on device"):
            services.import_document(db, services.system_user(), changed, allow_removals=True)
    finally:
        db.dispose()
    assert exported(url) == reference[0]


@pytest.mark.postgres
def test_a_full_disk_during_a_save_writes_nothing_on_postgresql(full_postgres) -> None:
    """Saves go on until the server cannot extend a file; the one refused wrote nothing (not
    its realization, not its audit record) and the plan reads as before it."""
    url, fill = full_postgres
    base, _changed = plans()
    imported(url, base).dispose()
    indicator, period = base.indicators[0].code, str(base.plan.start_year)
    stored = [r.value for r in base.realizations if r.indicator == indicator and r.period == period]
    fill()
    db = Database(url)
    try:
        for attempt in range(500):
            before = table_counts(url)
            try:
                services.record_realization(db, services.system_user(), None, indicator, period,
                                            float(attempt), note=os.urandom(1500).hex()[:4000])
            except Exception as error:
                assert "No space left on device" in str(error)
                break
        else:
            pytest.fail("500 saves fitted on a full disk")
    finally:
        db.dispose()
    assert table_counts(url) == before
    document = Database(url)
    try:
        values = [r.value for r in services.load_document(document).realizations
                  if r.indicator == indicator and r.period == period]
    finally:
        document.dispose()
    assert values == ([float(attempt - 1)] if attempt else stored)  # the last save that fitted
