"""Realization writes over HTTP: one entry, and a bulk upload of 10 000 rows in one request and
one transaction with a report of what changed; located 400s that write nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from ekinerja import services
from ekinerja.model import Employee, Indicator, Link, Objective, Plan, PlanDocument, Target, Unit
from ekinerja.storage.realizations import realization_table

from .conftest import NIP

INDICATORS = 120
SUFFIXES = ["", *(f"-Q{q}" for q in range(1, 5)), *(f"-{m:02d}" for m in range(1, 13))]
PERIODS = [f"{y}{suffix}" for y in range(2019, 2024) for suffix in SUFFIXES]


def entries(db) -> int:
    with db.read() as conn:
        return conn.execute(select(func.count()).select_from(realization_table)).scalar_one()


def test_one_realization_is_recorded_and_audited(api):
    response = api.post("/api/v1/realizations",
                        {"indicator": "I1", "period": "2023", "value": 91.5, "note": "BPS"})
    assert response.status_code == 201, response.json
    assert response.json["revision"] == services.revision(api.db)
    history = services.realization_history(api.db, "P1", "I1", "2023")
    assert [(h["value"], h["superseded"]) for h in history] == [(72.0, True), (91.5, False)]
    assert services.audit_log(api.db, "P1", entity="realization")[0]["action"] == "update"
    assert api.get("/api/v1/scores/I1?period=2023").json["realization"] == 91.5


@pytest.mark.parametrize(("body", "field"), [
    ({"indicator": "I1", "period": "2023"}, "value"),
    ({"indicator": "I1", "period": "2023", "value": "91,5"}, "value"),
    ({"indicator": "I1", "period": "2023", "value": 1, "colour": "red"}, "colour"),
])
def test_an_invalid_body_answers_400_naming_the_field(api, body, field):
    response = api.post("/api/v1/realizations", body)
    assert response.status_code == 400
    assert response.json["error"]["details"][0]["field"] == field


@pytest.mark.parametrize(("body", "status"), [
    ({"indicator": "NOPE", "period": "2023", "value": 1}, 404),
    ({"indicator": "I1", "period": "2031", "value": 1}, 400),
])
def test_a_refused_realization_answers_in_words_and_writes_nothing(api, body, status):
    count = entries(api.db)
    response = api.post("/api/v1/realizations", body)
    assert response.status_code == status and response.json["error"]["message"]
    assert entries(api.db) == count


def test_a_body_that_is_not_json_answers_400(api):
    response = api.client.post("/api/v1/realizations", data="value=1", headers={
        "Authorization": f"Bearer {api.token('admin1', 'write')}"})
    assert response.status_code == 400 and response.json["error"]["details"][0]["field"] == "body"


def _wide_plan() -> PlanDocument:
    """DIKES's objective with INDICATORS indicators (10 200 indicator-periods in 2019-2023)."""
    codes = [f"K{k:03d}" for k in range(INDICATORS)]
    return PlanDocument(
        Plan("P1", "Rencana Lebar", 2019, 2023),
        units=[Unit("PEMDA", "Pemda", None, "pemda"), Unit("DIKES", "Dinas Kesehatan", "PEMDA")],
        employees=[Employee(NIP, "Ani", "DIKES", "Analis")],
        objectives=[Objective("V", "Visi", "vision"),
                    Objective("S1", "Sasaran", "agency_objective", unit="DIKES")],
        indicators=[Indicator(code, "S1", f"Indikator {code}", "%", aggregation="sum")
                    for code in codes],
        links=[Link("V", "S1")],
        targets=[Target(code, "2023", 100.0) for code in codes],
    )


@pytest.fixture
def wide(database_url, api_with):
    built = api_with(database_url, _wide_plan())
    yield built
    built.db.dispose()


def _rows(n: int, value: float = 1.0) -> list[dict]:
    keys = [(f"K{k:03d}", p) for k in range(INDICATORS) for p in PERIODS][:n]
    return [{"indicator": i, "period": p, "value": value} for i, p in keys]


def test_a_bulk_upload_of_10000_rows_is_one_request_and_one_transaction(wide):
    wide.token("operator1", "write")
    revision = services.revision(wide.db)
    response = wide.post("/api/v1/realizations/bulk", {"rows": _rows(10_000)}, "operator1")
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    report = response.json
    assert (report["added"], report["updated"], report["unchanged"]) == (10_000, 0, 0)
    assert len(report["changes"]) == 10_000 and report["changes"][0]["action"] == "add"
    assert report["revision"] == services.revision(wide.db) == revision + 1
    assert entries(wide.db) == 10_000
    assert len(services.audit_log(wide.db, "P1", entity="realization", limit=20_000)) == 10_000
    scores = wide.get("/api/v1/scores?period=2023").json
    assert scores["indicators"]["K000"]["realization"] == 1.0


def test_a_second_bulk_upload_reports_updates_and_unchanged_rows(wide):
    wide.post("/api/v1/realizations/bulk", {"rows": _rows(300)})
    rows = _rows(300)
    for row in rows[:100]:
        row["value"] = 2.0
    report = wide.post("/api/v1/realizations/bulk", {"rows": rows}).json
    assert (report["added"], report["updated"], report["unchanged"]) == (0, 100, 200)
    assert report["changes"][0] == {"row": 0, "indicator": "K000", "period": "2019",
                                    "action": "update", "value": 2.0, "old": 1.0}
    assert entries(wide.db) == 400  # the replaced entries stay as history


def test_a_bulk_upload_with_bad_rows_names_each_row_and_writes_nothing(wide):
    rows = _rows(1_000)
    rows[17]["period"] = "2031"
    rows[42]["indicator"] = "NOPE"
    rows[99] = dict(rows[0])  # the same indicator and period as row 0
    response = wide.post("/api/v1/realizations/bulk", {"rows": rows})
    assert response.status_code == 400
    assert [d["field"] for d in response.json["error"]["details"]] == [
        "rows[17].period", "rows[42].indicator", "rows[99].period"]
    assert entries(wide.db) == 0


@pytest.mark.parametrize(("count", "row", "field", "bad"), [
    (10, 3, "value", "satu"),  # of the wrong type: located by validation
    (5, 2, "note", "tab\u0000bad"),  # a note with a control character
], ids=["wrong-type", "control-character"])
def test_a_bad_bulk_row_is_located_and_nothing_written(wide, count, row, field, bad):
    rows = _rows(count)
    rows[row][field] = bad
    response = wide.post("/api/v1/realizations/bulk", {"rows": rows})
    assert response.status_code == 400
    assert response.json["error"]["details"][0]["field"] == f"rows[{row}].{field}"
    assert entries(wide.db) == 0
