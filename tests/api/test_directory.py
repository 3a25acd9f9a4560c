"""Units and employees from SIMPEG over HTTP: added and changed by key in one transaction,
reported, audited; refused rows located; planners and admins only."""

from __future__ import annotations

import pytest

from ekinerja import services

from .conftest import NIP


def document(api):
    return services.load_document(api.db, "P1")


def test_units_are_added_and_changed_with_a_report(api):
    rows = [{"code": "DIKES", "name": "Dinas Kesehatan Provinsi", "parent": "PEMDA"},
            {"code": "PUSK1", "name": "Puskesmas Satu", "parent": "DIKES", "kind": "division"},
            {"code": "PEMDA", "name": "Pemda", "kind": "pemda"}]
    response = api.post("/api/v1/units/bulk", {"rows": rows}, "planner1")
    assert response.status_code == 200, response.json
    report = response.json
    assert (report["added"], report["updated"], report["unchanged"]) == (1, 1, 1)
    assert report["changes"] == [
        {"row": 0, "code": "DIKES", "action": "update", "fields": ["name"]},
        {"row": 1, "code": "PUSK1", "action": "add", "fields": ["kind", "name", "parent"]}]
    units = {u.code: u for u in document(api).units}
    assert units["DIKES"].name == "Dinas Kesehatan Provinsi" and units["PUSK1"].parent == "DIKES"
    assert [u["code"] for u in api.get("/api/v1/units?parent=DIKES").json["items"]] == ["PUSK1"]
    audit = services.audit_log(api.db, "P1", entity="unit")
    assert {(a["key"], a["action"], a["username"]) for a in audit} == {
        ("DIKES", "update", "planner1"), ("PUSK1", "add", "planner1")}


def test_employees_are_added_and_changed(api):
    rows = [{"nip": NIP, "name": "Ani", "unit": "DIKES", "position": "Analis Kebijakan"},
            {"nip": "199501012020012002", "name": "Budi", "unit": "DIKES", "supervisor": NIP}]
    report = api.post("/api/v1/employees/bulk", {"rows": rows}).json
    assert (report["added"], report["updated"]) == (1, 1)
    employees = {e.nip: e for e in document(api).employees}
    assert employees[NIP].position == "Analis Kebijakan"
    assert employees["199501012020012002"].supervisor == NIP


def test_rows_naming_unknown_units_are_located_and_nothing_is_written(api):
    before = document(api)
    rows = [{"nip": "1", "name": "A", "unit": "DIKES"},
            {"nip": "2", "name": "B", "unit": "NOPE"},
            {"nip": "3", "name": "C", "unit": "DIKES", "supervisor": "9"}]
    response = api.post("/api/v1/employees/bulk", {"rows": rows})
    assert response.status_code == 400
    assert [d["field"] for d in response.json["error"]["details"]] == [
        "rows[1].unit", "rows[2].supervisor"]
    assert document(api) == before


def test_a_unit_tree_that_loops_is_refused(api):
    before = document(api)
    rows = [{"code": "PEMDA", "name": "Pemda", "parent": "DIKES", "kind": "pemda"}]
    response = api.post("/api/v1/units/bulk", {"rows": rows})
    assert response.status_code == 400, response.json
    assert "cycle" in response.json["error"]["message"]
    assert document(api) == before


@pytest.mark.parametrize("username", ["operator1", "head1", "evaluator1", "employee1",
                                      "viewer1"])
def test_only_planners_and_admins_sync_the_directory(api, username):
    before = document(api)
    response = api.post("/api/v1/units/bulk",
                        {"rows": [{"code": "X", "name": "X", "parent": "PEMDA"}]}, username)
    assert response.status_code == 403
    assert document(api) == before


def test_names_and_codes_follow_the_text_rules(api):
    rows = [{"code": "OK", "name": "Baik", "parent": "PEMDA"},
            {"code": "BAD\u0007", "name": "Lonceng", "parent": "PEMDA"},
            {"code": "X2", "name": " ", "parent": "PEMDA"}]
    response = api.post("/api/v1/units/bulk", {"rows": rows})
    assert response.status_code == 400
    fields = [d["field"] for d in response.json["error"]["details"]]
    assert fields[0] == "rows[1].code"
