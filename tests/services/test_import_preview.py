"""Importing a plan file from a page: the upload read and checked, the preview (a dry run) by
list, refusals for who may not import, removals only when allowed, files with errors blocked,
and a confirmation refused when the plan changed since the preview — on SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ekinerja import interchange, services
from ekinerja.model import InvalidPlan, PlanDocument
from ekinerja.problems import MoreProblems
from ekinerja.services import PermissionDenied, ServiceError, import_preview
from ekinerja.services.importing import Change, PlanChanged, RemovalsRefused

LIMIT = 5 * 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def data_url(data: bytes, kind: str = XLSX) -> str:
    """What a dcc.Upload hands a callback."""
    return f"data:{kind};base64," + base64.b64encode(data).decode("ascii")


def upload(doc: PlanDocument, tmp_path: Path, suffix: str = ".xlsx") -> str:
    """The plan as an uploaded workbook (or JSON) file."""
    path = tmp_path / f"plan{suffix}"
    interchange.save(doc, path)
    return data_url(path.read_bytes())


def changed_weight_and_removed_realization(doc: PlanDocument) -> PlanDocument:
    doc.indicators[0].weight = 5.0  # I1: 2 -> 5
    del doc.realizations[1]  # I2@2023-Q1
    return doc


def test_the_preview_lists_every_change_by_list_and_writes_nothing(
        loaded, small_plan, planner, snapshot, tmp_path) -> None:
    before = snapshot(loaded)
    contents = upload(changed_weight_and_removed_realization(small_plan), tmp_path)
    shown = import_preview.preview_import(loaded, planner, contents, "rencana.xlsx", LIMIT)
    assert shown.importable and shown.problems == []
    assert shown.report is not None and shown.report.dry_run
    assert Change("indicators", "I1", "update", {"weight": 2.0}, {"weight": 5.0}) \
        in shown.report.details
    removed = [c for c in shown.report.details if c.action == "remove"]
    assert [(c.list, c.key) for c in removed] == [("realizations", "I2@2023-Q1")]
    assert shown.report.counts["realizations"] == {"add": 0, "update": 0, "remove": 1}
    assert shown.fingerprint == shown.report.fingerprint()
    assert snapshot(loaded) == before


def test_a_json_file_is_previewed_too_and_absent_lists_are_kept(
        loaded, small_plan, planner, tmp_path) -> None:
    data = interchange.to_dict(small_plan)
    del data["realizations"]
    data["objectives"][1]["name"] = "Misi satu"
    contents = data_url(json.dumps(data).encode(), "application/json")
    shown = import_preview.preview_import(loaded, planner, contents, "rencana.json", LIMIT)
    assert shown.report is not None
    assert "realizations" in shown.report.kept
    assert shown.report.details == [Change("objectives", "M1", "update", {"name": "Misi 1"},
                                           {"name": "Misi satu"})]


@pytest.mark.parametrize("who", ["operator", "employee", "viewer"])
def test_who_may_not_change_the_structure_is_refused_before_the_file_is_read(
        loaded, small_plan, tmp_path, who, request, snapshot) -> None:
    user = request.getfixturevalue(who)
    before = snapshot(loaded)
    with pytest.raises(PermissionDenied):
        import_preview.preview_import(loaded, user, "not even a file", "x.xlsx", LIMIT)
    contents = upload(changed_weight_and_removed_realization(small_plan), tmp_path)
    with pytest.raises(PermissionDenied):
        import_preview.confirm_import(loaded, user, contents, "x.xlsx", LIMIT, "f",
                                      allow_removals=True)
    with pytest.raises(PermissionDenied):
        import_preview.template_workbook(loaded, user)
    with pytest.raises(PermissionDenied):
        import_preview.preview_import(loaded, None, contents, "x.xlsx", LIMIT)
    assert snapshot(loaded) == before


def test_removals_need_the_extra_confirmation(loaded, small_plan, planner, snapshot,
                                              tmp_path) -> None:
    contents = upload(changed_weight_and_removed_realization(small_plan), tmp_path)
    shown = import_preview.preview_import(loaded, planner, contents, "rencana.xlsx", LIMIT)
    assert shown.fingerprint is not None
    before = snapshot(loaded)
    with pytest.raises(RemovalsRefused):
        import_preview.confirm_import(loaded, planner, contents, "rencana.xlsx", LIMIT,
                                      shown.fingerprint)
    assert snapshot(loaded) == before
    report = import_preview.confirm_import(loaded, planner, contents, "rencana.xlsx", LIMIT,
                                           shown.fingerprint, allow_removals=True)
    assert report.removals == 1 and report.snapshot is not None
    stored = services.load_document(loaded, "P1")
    assert stored.indicators[0].weight == 5.0
    assert [(r.indicator, r.period) for r in stored.realizations] == [("I1", "2023")]
    entries = services.audit_log(loaded, "P1", entity="indicator", key="I1")
    assert entries[0]["username"] == planner.username
    assert entries[0]["old"] == {"weight": 2.0} and entries[0]["new"] == {"weight": 5.0}
    assert "rencana.xlsx" in (entries[0]["reason"] or "")
    # the snapshot taken before the import brings the plan back (what `ekinerja db restore` does)
    services.restore_snapshot(loaded, planner, report.snapshot)
    assert services.load_document(loaded, "P1") == before[0]


def test_a_file_with_errors_cannot_be_imported(loaded, small_plan, planner, snapshot,
                                               tmp_path) -> None:
    path = tmp_path / "rusak.xlsx"
    interchange.save(small_plan, path)
    book = load_workbook(path)
    book["indicators"]["E2"] = "lima"  # I1's weight
    book["targets"]["B3"] = "2023-Q5"  # I2's period
    book.save(path)
    contents = data_url(path.read_bytes())
    before = snapshot(loaded)
    shown = import_preview.preview_import(loaded, planner, contents, "rusak.xlsx", LIMIT)
    assert not shown.importable and shown.report is None and shown.fingerprint is None
    places = [p.place for p in shown.problems]
    assert "indicators!E2" in places and "targets!B3" in places
    assert all(" / " in p.message for p in shown.problems)  # Indonesian / English
    with pytest.raises(InvalidPlan):
        import_preview.confirm_import(loaded, planner, contents, "rusak.xlsx", LIMIT, "any",
                                      allow_removals=True)
    assert snapshot(loaded) == before


def test_problems_are_capped_with_how_many_more(loaded, small_plan, planner, tmp_path) -> None:
    path = tmp_path / "banyak.xlsx"
    small_plan.targets = []
    interchange.save(small_plan, path)
    book = load_workbook(path)
    sheet = book["targets"]
    for row in range(2, 1502):
        sheet.append(["I1", f"bukan-{row}", 1])
    book.save(path)
    shown = import_preview.preview_import(loaded, planner, data_url(path.read_bytes()),
                                          "banyak.xlsx", LIMIT)
    assert isinstance(shown.problems[-1], MoreProblems)
    assert len(shown.problems) - 1 + shown.problems[-1].count == 1500


def test_a_confirmation_after_the_plan_changed_is_refused(loaded, small_plan, planner,
                                                          admin, snapshot, tmp_path) -> None:
    contents = upload(changed_weight_and_removed_realization(small_plan), tmp_path)
    shown = import_preview.preview_import(loaded, planner, contents, "rencana.xlsx", LIMIT)
    assert shown.fingerprint is not None
    changed = services.load_document(loaded, "P1")
    changed.objectives[1].name = "Misi diubah orang lain"
    services.import_document(loaded, admin, changed)
    before = snapshot(loaded)
    with pytest.raises(PlanChanged) as refused:
        import_preview.confirm_import(loaded, planner, contents, "rencana.xlsx", LIMIT,
                                      shown.fingerprint, allow_removals=True)
    assert "preview" in refused.value.text("en")
    assert snapshot(loaded) == before
    again = import_preview.preview_import(loaded, planner, contents, "rencana.xlsx", LIMIT)
    assert again.fingerprint != shown.fingerprint  # the new preview shows the name going back
    assert any(c.list == "objectives" and c.key == "M1" for c in again.report.details)


def test_another_file_swapped_in_after_the_preview_is_refused(loaded, small_plan, planner,
                                                              tmp_path, snapshot) -> None:
    first = upload(changed_weight_and_removed_realization(small_plan), tmp_path)
    shown = import_preview.preview_import(loaded, planner, first, "a.xlsx", LIMIT)
    small_plan.indicators[1].weight = 9.0
    second = upload(small_plan, tmp_path)
    before = snapshot(loaded)
    with pytest.raises(PlanChanged):
        import_preview.confirm_import(loaded, planner, second, "a.xlsx", LIMIT,
                                      shown.fingerprint or "", allow_removals=True)
    assert snapshot(loaded) == before


def test_the_upload_is_checked_before_it_is_read(loaded, small_plan, planner, tmp_path) -> None:
    contents = upload(small_plan, tmp_path)
    with pytest.raises(ServiceError) as large:
        import_preview.preview_import(loaded, planner, contents, "p.xlsx", 1000)
    assert "MB" in large.value.text("en")
    refusals = {
        "garbage.xlsx": data_url(b"\x00\x01not a plan at all"),
        "json-named.xlsx": data_url(b'{"format": "ekinerja/1"}', "application/json"),
        "empty.json": "data:application/json;base64,",
        "not-a-data-url.json": "hello",
    }
    for name, body in refusals.items():
        with pytest.raises(ServiceError):
            import_preview.preview_import(loaded, planner, body, name, LIMIT)
    zipped_junk = data_url(b"PK\x03\x04" + b"\x00" * 100)
    shown = import_preview.preview_import(loaded, planner, zipped_junk, "junk.xlsx", LIMIT)
    assert not shown.importable
    assert shown.problems[0].place == "junk.xlsx"  # the uploaded name, not a temporary path


def test_a_file_of_another_plan_is_refused(loaded, small_plan, planner, tmp_path) -> None:
    small_plan.plan.code = "P2"
    shown = import_preview.preview_import(loaded, planner, upload(small_plan, tmp_path),
                                          "p2.xlsx", LIMIT)
    assert not shown.importable
    assert shown.problems[0].place == "plan.code" and "P2" in shown.problems[0].message
    assert [p["code"] for p in services.list_plans(loaded)] == ["P1"]


def test_the_template_is_the_plan_and_imports_without_a_change(loaded, planner, admin) -> None:
    plan = services.load_document(loaded, "P1")
    plan.objectives[1].name = '=HYPERLINK("http://x","klik")'
    services.import_document(loaded, admin, plan)
    data = import_preview.template_workbook(loaded, planner)
    book = load_workbook(io.BytesIO(data))
    cell = next(c for row in book["objectives"].iter_rows(min_row=2) for c in row
                if c.value == plan.objectives[1].name)
    assert cell.data_type == "s"  # text, never a formula
    shown = import_preview.preview_import(loaded, planner, data_url(data), "templat.xlsx",
                                          LIMIT)
    assert shown.importable and shown.report is not None and shown.report.total == 0
