"""Importing a whole plan: new or updated by code, dry runs, progress, failures."""

from __future__ import annotations

import pytest

from ekinerja import services
from ekinerja.model import InvalidPlan
from ekinerja.services import PermissionDenied
from ekinerja.storage import audit, changes, repository


def test_reimport_updates_by_code_and_audits_each_change(loaded, small_plan, admin) -> None:
    small_plan.objectives[1].name = "Misi satu"
    small_plan.targets[0].value = 90.0
    report = services.import_document(loaded, admin, small_plan)
    assert report.counts["objectives"]["update"] == 1
    assert services.load_document(loaded, "P1") == small_plan
    entries = services.audit_log(loaded, "P1", entity="objective", key="M1")
    assert entries[0]["old"] == {"name": "Misi 1"} and entries[0]["new"] == {"name": "Misi satu"}


def test_reimport_removes_what_the_file_no_longer_has(loaded, small_plan, admin) -> None:
    del small_plan.causal_links[0]
    report = services.import_document(loaded, admin, small_plan, allow_removals=True)
    assert report.counts["causal_links"]["remove"] == 1
    assert services.load_document(loaded, "P1").causal_links == []


def test_reimport_keeps_the_replaced_realization_as_history(loaded, small_plan, admin) -> None:
    small_plan.realizations[0].value = 75.0
    services.import_document(loaded, admin, small_plan)
    history = services.realization_history(loaded, "P1", "I1", "2023")
    assert [(h["value"], h["superseded"]) for h in history] == [(72.0, True), (75.0, False)]


def test_reimport_follows_the_order_of_the_file(loaded, small_plan, admin) -> None:
    small_plan.units.reverse()
    services.import_document(loaded, admin, small_plan)
    assert services.load_document(loaded, "P1").units == small_plan.units


def test_dry_run_reports_changes_and_writes_nothing(loaded, small_plan, admin, snapshot) -> None:
    before = snapshot(loaded)
    small_plan.indicators[0].name = "Cakupan"
    report = services.import_document(loaded, admin, small_plan, dry_run=True)
    assert report.dry_run and report.counts["indicators"]["update"] == 1
    assert snapshot(loaded) == before


def test_import_of_an_invalid_plan_writes_nothing(db, small_plan, admin) -> None:
    small_plan.links.append(small_plan.links[0].__class__("M1", "V"))  # a cycle
    with pytest.raises(InvalidPlan):
        services.import_document(db, admin, small_plan)
    assert services.list_plans(db) == []


def test_import_reports_progress_for_every_row(db, small_plan, admin) -> None:
    seen: list[int] = []
    services.import_document(db, admin, small_plan, progress=seen.append)
    assert sum(seen) == services.document_size(small_plan)


def test_import_failing_midway_leaves_the_database_as_before(
    loaded, small_plan, admin, crash
) -> None:
    small_plan.objectives[1].name = "Berubah"
    small_plan.realizations[0].value = 1.0
    before, after = crash(loaded, audit, "append",
                          lambda: services.import_document(loaded, admin, small_plan))
    assert after == before


def test_new_plan_import_failing_midway_creates_no_plan(
    db, small_plan, monkeypatch, admin
) -> None:
    calls = {"n": 0}
    original = repository.insert_items

    def fail_on_targets(conn, plan_id, entity, *args, **kwargs):
        calls["n"] += 1
        if entity.name == "targets":
            raise RuntimeError("injected failure")
        return original(conn, plan_id, entity, *args, **kwargs)

    monkeypatch.setattr(repository, "insert_items", fail_on_targets)
    with pytest.raises(RuntimeError):
        services.import_document(db, admin, small_plan)
    assert calls["n"] > 1
    assert services.list_plans(db) == [] and services.revision(db) == 0


def test_viewer_may_not_import(db, small_plan, viewer) -> None:
    with pytest.raises(PermissionDenied):
        services.import_document(db, viewer, small_plan)


def test_reimport_of_realizations_only_records_them_as_a_change(loaded, small_plan, admin) -> None:
    small_plan.realizations[0].value = 75.0
    services.import_document(loaded, admin, small_plan)
    with loaded.read() as conn:
        recorded = changes.since(conn, "P1", 0)[-1]
    assert (recorded.kind, recorded.items) == (changes.REALIZATIONS,
                                                 [["I1", "2023", 75.0, "verified"]])


def test_reimport_that_changes_the_structure_records_a_reload(loaded, small_plan, admin) -> None:
    small_plan.objectives[1].name = "Misi satu"
    services.import_document(loaded, admin, small_plan)
    with loaded.read() as conn:
        assert changes.since(conn, "P1", 0)[-1].kind == changes.RELOAD


def test_the_count_and_skp_settings_are_kept_in_the_database(db, small_plan, admin) -> None:
    small_plan.plan.settings.count = "verified"
    small_plan.plan.settings.skp.above_from = 105.0
    small_plan.plan.settings.skp.as_expected_from = 85.0
    services.import_document(db, admin, small_plan)
    settings = services.load_document(db, "P1").plan.settings
    assert (settings.count, settings.skp.above_from, settings.skp.as_expected_from) == (
        "verified", 105.0, 85.0)


# -- files read by the fast checked reader (ekinerja.planfile): streamed rows, COPY text --------


def _file_of(tmp_path, data, name="plan.json"):
    import json

    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_checked_file_is_stored_as_the_full_reader_reads_it(db, admin, tmp_path) -> None:
    from ekinerja import interchange
    from ekinerja.data import EXAMPLE_PLAN
    from ekinerja.planfile import CheckedDocument, read_plan

    doc = read_plan(EXAMPLE_PLAN)
    assert isinstance(doc, CheckedDocument)
    report = services.import_document(db, admin, doc)
    full = interchange.load(EXAMPLE_PLAN)
    assert report.counts["targets"]["add"] == len(full.targets)
    stored = services.load_document(db, full.plan.code)
    assert interchange.to_dict(stored) == interchange.to_dict(full)
    again = services.import_document(db, admin, read_plan(EXAMPLE_PLAN))
    assert again.total == 0 and again.snapshot is not None


def test_texts_that_copy_must_escape_come_back_unchanged(db, admin, small_plan, tmp_path) -> None:
    from ekinerja import interchange
    from ekinerja.planfile import CheckedDocument, read_plan

    small_plan.objectives[1].name = 'Misi \\N satu \\ "dua" \\t'
    small_plan.units[1].name = "Dinas \\\\ Kesehatan"
    small_plan.realizations[1].status = "submitted"
    doc = read_plan(_file_of(tmp_path, interchange.to_dict(small_plan)))
    assert isinstance(doc, CheckedDocument)
    services.import_document(db, admin, doc)
    assert services.load_document(db, "P1") == small_plan


def test_a_checked_file_without_a_list_leaves_it_as_stored(loaded, admin, small_plan,
                                                          tmp_path) -> None:
    from ekinerja import interchange
    from ekinerja.planfile import CheckedDocument, read_plan

    data = interchange.to_dict(small_plan)
    del data["realizations"]
    data["targets"][0]["value"] = 85.0
    doc = read_plan(_file_of(tmp_path, data))
    assert isinstance(doc, CheckedDocument)
    report = services.import_document(loaded, admin, doc)
    assert "realizations" in report.kept and report.removals == 0
    assert report.counts["targets"] == {"add": 0, "update": 1, "remove": 0}
    stored = services.load_document(loaded, "P1")
    assert stored.realizations == small_plan.realizations
    assert stored.targets[0].value == 85.0


def test_the_snapshot_holds_the_plan_before_the_import_and_restores_it(loaded, admin,
                                                                     small_plan) -> None:
    from ekinerja.interchange import to_dict
    from ekinerja.storage import snapshots

    before = services.load_document(loaded, "P1")
    small_plan.objectives[1].name = "Misi satu"
    small_plan.realizations[0].value = 75.0
    del small_plan.causal_links[0]
    report = services.import_document(loaded, admin, small_plan, allow_removals=True)
    with loaded.read() as conn:
        stored = snapshots.document(conn, report.snapshot).document
    assert stored["format"] == snapshots.SNAPSHOT_FORMAT
    assert stored["lists"]["objectives"][1][:2] == ["M1", "Misi 1"]
    restored = services.restore_snapshot(loaded, admin, report.snapshot)
    assert restored.counts["causal_links"]["add"] == 1
    assert to_dict(services.load_document(loaded, "P1")) == to_dict(before)


def test_a_snapshot_of_an_earlier_version_still_restores(loaded, admin, small_plan) -> None:
    from ekinerja.interchange import to_dict
    from ekinerja.storage import snapshots
    from ekinerja.storage.database import now

    before = services.load_document(loaded, "P1")
    with loaded.write() as conn:  # as earlier versions stored it: an ekinerja/1 document
        snapshot_id = conn.execute(snapshots.snapshot_table.insert().values(
            plan_code="P1", taken_at=now(), author="admin", reason="old",
            document=to_dict(before))).inserted_primary_key[0]
    small_plan.objectives[1].name = "Misi satu"
    services.import_document(loaded, admin, small_plan)
    services.restore_snapshot(loaded, admin, snapshot_id)
    assert services.load_document(loaded, "P1") == before


@pytest.mark.parametrize("limit", [999, 13])
def test_the_bulk_insert_stores_what_an_insert_per_row_stores(db, small_plan, monkeypatch,
                                                              limit) -> None:
    """Rows written many to a statement (fewer under a lower limit of parameters), in several
    chunks with a partial statement at each chunk's end, the plan and the history columns
    written into the statement (a quote in the author): stored exactly as SQLAlchemy stores
    them one insert per row."""
    from datetime import datetime

    from sqlalchemy import select

    from ekinerja.model import Realization, Target
    from ekinerja.storage.database import now

    monkeypatch.setattr(repository, "BULK_BATCH", 2 * repository.ROWS_PER_INSERT + 5)
    monkeypatch.setattr(repository, "MAX_PARAMETERS", limit)
    n = 5 * repository.ROWS_PER_INSERT + 7
    values = [0.1, 1 / 3, -0.0, 1e-300, 123456789.123456789, 7.0]
    targets = [Target(f"I'{k}", f"{2020 + k % 4}", values[k % 6],
                      *((None, None) if k % 3 else (values[k % 5], values[k % 4])))
               for k in range(n)]
    realizations = [Realization(f"I{k}", "2024", values[k % 6], ("verified", "draft")[k % 2])
                    for k in range(n)]
    extra = {"author": "o'brien? 100%; --", "recorded_at": datetime(2024, 5, 6, 7, 8, 9, 123456),
             "superseded": False}
    with db.write() as conn:
        fields = repository.plan_fields(small_plan.plan)
        bulk, one_by_one = (repository.insert_plan(conn, {**fields, "code": code}, now())
                            for code in ("B", "R"))
        for entity, items, more in ((repository.ENTITY["targets"], targets, {}),
                                    (repository.ENTITY["realizations"], realizations, extra)):
            assert repository.insert_items(conn, bulk, entity, items, more or None) == n
            repository.insert_many(conn, entity.table, [
                {"plan_id": one_by_one, "seq": seq, **more,
                 **dict(zip(entity.fields, repository.values_of(entity, item), strict=True))}
                for seq, item in enumerate(items)])
    with db.read() as conn:
        for name in ("targets", "realizations"):
            table = repository.ENTITY[name].table
            shown = [c for c in table.c if c.name not in ("id", "plan_id")]

            def rows(plan_id: int, table=table, shown=shown) -> list[tuple]:
                query = select(*shown).where(table.c.plan_id == plan_id).order_by(table.c.id)
                return [tuple(row) for row in conn.execute(query)]

            stored = rows(bulk)
            assert len(stored) == n and stored == rows(one_by_one)
            if db.dialect == "sqlite":  # the same storage classes (text, real, integer, null)
                types = ", ".join(f"typeof({c.name})" for c in shown)
                kinds = [conn.exec_driver_sql(f"SELECT {types} FROM {name} WHERE plan_id = {p} "
                                              "ORDER BY id").all() for p in (bulk, one_by_one)]
                assert kinds[0] == kinds[1]


def test_a_list_is_unchanged_only_when_every_row_and_its_place_are_the_same() -> None:
    """The bulk comparison of an unchanged re-import: any other value, order, place or length
    sends the list to the comparison by key."""
    from ekinerja.model import Target
    from ekinerja.services.importing import _unchanged

    entity = repository.ENTITY["targets"]
    items = [Target("I1", "2024", 1.0), Target("I1", "2025", None, 1.0, 2.0)]
    stored = [(10, 0, "I1", "2024", 1.0, None, None), (11, 1, "I1", "2025", None, 1.0, 2.0)]
    assert _unchanged(entity, items, stored)
    assert _unchanged(entity, items, [(10, 0, "I1", "2024", 1, None, None), stored[1]])
    assert not _unchanged(entity, items, [stored[0], (11, 1, "I1", "2025", None, 1.0, 2.5)])
    assert not _unchanged(entity, items, stored[::-1])
    assert not _unchanged(entity, items, [stored[0], (11, 2, *stored[1][2:])])
    assert not _unchanged(entity, items, stored[:1])
    assert not _unchanged(entity, items[:1], stored)


def test_an_unchanged_reimport_writes_no_row(loaded, small_plan, admin) -> None:
    """A re-import of the same plan changes no stored row of its lists (only its snapshot and
    the plan's time of change are written)."""
    from sqlalchemy import select

    def lists() -> list[list[tuple]]:
        with loaded.read() as conn:
            return [[tuple(r) for r in conn.execute(select(e.table).order_by(e.table.c.id))]
                    for e in repository.ENTITIES]

    before = lists()
    report = services.import_document(loaded, admin, small_plan)
    assert report.total == 0 and report.snapshot is not None and not report.details
    assert set(report.counts) == {e.name for e in repository.ENTITIES}
    assert lists() == before
