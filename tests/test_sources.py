"""Where an app's plan comes from: a plan file, an in-memory document, a database."""

from __future__ import annotations

import json
import os

from ekinerja import services
from ekinerja.interchange import load
from ekinerja.sources import database_provider, document_provider, file_provider
from ekinerja.storage.database import Database


def touch(path) -> None:
    """Move a file's modification time on (as a save would)."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))


def test_a_plan_file_is_compiled_once_while_it_is_unchanged(plan_copy):
    source = file_provider(plan_copy)
    assert source() is source()


def test_a_plan_file_is_compiled_again_when_it_changes(plan_copy):
    source = file_provider(plan_copy)
    before = source()
    data = json.loads(plan_copy.read_text())
    data["objectives"][0]["name"] = "NTB Makmur"
    plan_copy.write_text(json.dumps(data))
    touch(plan_copy)
    after = source()
    assert after is not before and after.doc.objectives[0].name == "NTB Makmur"


def test_a_plan_files_revision_moves_when_the_file_changes(plan_copy):
    source = file_provider(plan_copy)
    seen = source.revision()
    touch(plan_copy)
    assert source.revision() != seen


def test_a_plan_file_is_shown_read_only(plan_copy):
    assert file_provider(plan_copy).database is None


def test_a_document_source_serves_one_engine_at_one_revision(document):
    source = document_provider(document)
    assert source() is source() and source.revision() == source.revision()
    assert str(source.revision()).startswith("engine:") and source.database is None


def test_a_database_source_follows_the_database_revision(tmp_path, plan_file):
    url = f"sqlite:///{tmp_path / 'web.db'}"
    db = Database(url)
    db.upgrade()
    services.import_document(db, services.system_user(), load(plan_file))
    source = database_provider(url)
    first = source()
    assert source() is first
    revision = services.record_realization(db, services.system_user(), None, "IK-DIK-1",
                                           "2023-Q2", 8.0)
    second = source()
    assert second is not first and source.revision() == revision
    assert second.evaluate("2023-Q2").indicator("IK-DIK-1")["realization"] == 8.0
    db.dispose()
