"""SQLite: a large import alone on its database runs with a rollback journal, WAL afterwards;
with another connection open it keeps WAL; a crash in the middle leaves the data as before."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from ekinerja import services
from ekinerja.generate import generate
from ekinerja.services import importing
from ekinerja.storage import repository
from ekinerja.storage.database import Database


@pytest.fixture
def sqlite_db(tmp_path: Path):
    database = Database(f"sqlite:///{tmp_path / 'plan.sqlite'}")
    database.upgrade()
    yield database
    database.dispose()


@pytest.fixture
def journal_inside(monkeypatch) -> list[tuple[str, int]]:
    """Every import of any size may switch; the journal mode and synchronous of each bulk load."""
    monkeypatch.setattr(importing, "ROLLBACK_JOURNAL_ROWS", 0)
    seen: list[tuple[str, int]] = []
    original = repository.bulk_load

    @contextmanager
    def spied(conn, tables=()):
        seen.append((conn.exec_driver_sql("PRAGMA journal_mode").scalar_one(),
                     conn.exec_driver_sql("PRAGMA synchronous").scalar_one()))
        with original(conn, tables) as skipped:
            yield skipped

    monkeypatch.setattr(repository, "bulk_load", spied)
    return seen


def _mode_and_sync(database: Database) -> tuple[str, int]:
    raw = database.engine.raw_connection()
    try:
        cursor = raw.driver_connection.cursor()
        mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
        sync = cursor.execute("PRAGMA synchronous").fetchone()[0]
        cursor.close()
        return mode, sync
    finally:
        raw.close()


def test_an_import_alone_runs_with_a_rollback_journal_then_wal(sqlite_db, small_plan,
                                                              journal_inside) -> None:
    raw = sqlite_db.engine.raw_connection()  # the connection has used its temp database
    raw.driver_connection.execute("CREATE TEMP TABLE t (x)")
    raw.driver_connection.execute("DROP TABLE t")
    raw.close()
    services.import_document(sqlite_db, services.system_user(), small_plan)
    sqlite_db.checkpoint()  # as after an import of ≥ 10 000 rows
    assert journal_inside == [("delete", 2)]  # FULL: the journal synced before the database
    assert _mode_and_sync(sqlite_db) == ("wal", 1)
    with sqlite3.connect(sqlite_db.sqlite_file) as other:
        assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert services.list_plans(sqlite_db)[0]["code"] == small_plan.plan.code


def test_a_failed_import_alone_leaves_wal_and_nothing_written(sqlite_db, small_plan,
                                                              journal_inside, monkeypatch) -> None:
    original = repository.insert_items

    def fail_on_targets(conn, plan_id, entity, *args, **kwargs):
        if entity.name == "targets":
            raise RuntimeError("injected failure")
        return original(conn, plan_id, entity, *args, **kwargs)

    monkeypatch.setattr(repository, "insert_items", fail_on_targets)
    with pytest.raises(RuntimeError):
        services.import_document(sqlite_db, services.system_user(), small_plan)
    assert journal_inside == [("delete", 2)]
    assert _mode_and_sync(sqlite_db) == ("wal", 1)
    assert services.list_plans(sqlite_db) == [] and services.revision(sqlite_db) == 0


def test_with_another_connection_open_the_import_keeps_wal_and_does_not_wait(
        sqlite_db, small_plan, journal_inside) -> None:
    with sqlite3.connect(sqlite_db.sqlite_file) as other:
        other.execute("SELECT count(*) FROM plans").fetchone()
        start = time.perf_counter()
        services.import_document(sqlite_db, services.system_user(), small_plan)
        assert time.perf_counter() - start < 5  # not the busy timeout (10 s)
        assert other.execute("SELECT count(*) FROM plans").fetchone()[0] == 1
    assert journal_inside == [("wal", 1)]
    assert _mode_and_sync(sqlite_db) == ("wal", 1)


def test_a_dry_run_or_an_update_keeps_wal(sqlite_db, small_plan, journal_inside,
                                          monkeypatch) -> None:
    original = importing._Import.update

    def spied(run, existing):
        journal_inside.append(("update", run.conn.exec_driver_sql(
            "PRAGMA journal_mode").scalar_one()))
        return original(run, existing)

    monkeypatch.setattr(importing._Import, "update", spied)
    services.import_document(sqlite_db, services.system_user(), small_plan, dry_run=True)
    services.import_document(sqlite_db, services.system_user(), small_plan)
    small_plan.realizations[0].value = 1.0
    report = services.import_document(sqlite_db, services.system_user(), small_plan)
    assert report.counts["realizations"]["update"] == 1
    assert journal_inside == [("wal", 1), ("delete", 2), ("update", "wal")]


def test_a_small_import_keeps_wal(sqlite_db, small_plan, journal_inside, monkeypatch) -> None:
    monkeypatch.setattr(importing, "ROLLBACK_JOURNAL_ROWS", services.document_size(small_plan) + 1)
    services.import_document(sqlite_db, services.system_user(), small_plan)
    assert journal_inside == [("wal", 1)]


CRASH = """
import os, sys
from ekinerja import services
from ekinerja.generate import generate
from ekinerja.storage import repository
from ekinerja.storage.database import Database

db = Database(sys.argv[1])
raw = db.engine.raw_connection()  # the pooled connection the import takes: a tiny cache,
raw.driver_connection.execute("PRAGMA cache_size = 20")  # so pages reach the file early
raw.close()
doc = generate(300, 3, 2)
doc.plan.code = "P2"
original = repository.insert_items

def crash_on_realizations(conn, plan_id, entity, *args, **kwargs):
    if entity.name == "realizations":
        os._exit(9)  # no rollback, no cleanup: as a killed process
    return original(conn, plan_id, entity, *args, **kwargs)

repository.insert_items = crash_on_realizations
services.import_document(db, services.system_user(), doc)
"""


def test_a_crash_in_the_middle_of_an_import_leaves_the_data_as_before(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'plan.sqlite'}"
    database = Database(url)
    database.upgrade()
    first = generate(100, 2, 1)
    services.import_document(database, services.system_user(), first)
    before = services.load_document(database, first.plan.code)
    revision = services.revision(database)
    database.dispose()
    assert services.document_size(generate(300, 3, 2)) >= importing.ROLLBACK_JOURNAL_ROWS
    child = subprocess.run([sys.executable, "-c", CRASH, url], capture_output=True, text=True)
    assert child.returncode == 9, child.stderr
    assert (tmp_path / "plan.sqlite-journal").exists()  # a hot journal: the crash was mid-write
    database = Database(url)
    try:
        assert [p["code"] for p in services.list_plans(database)] == [first.plan.code]
        assert services.load_document(database, first.plan.code) == before
        assert services.revision(database) == revision
        with database.read() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
    finally:
        database.dispose()
