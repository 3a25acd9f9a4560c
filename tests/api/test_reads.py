"""Read endpoints over HTTP: lists with pagination and filters, ETags, scores mirroring
`ekinerja score --format json`, explanations, contributions, SKP; located 400s."""

from __future__ import annotations

import math

import pytest

from ekinerja import services
from ekinerja.rollup import Engine

from .conftest import NIP


def test_plans_lists_the_plan(api):
    response = api.get("/api/v1/plans")
    assert response.status_code == 200
    assert response.json["items"] == [{"code": "P1", "name": "Rencana Uji", "start_year": 2019,
                                       "end_year": 2023}]


def test_units_are_listed_and_filtered(api):
    body = api.get("/api/v1/units").json
    assert [u["code"] for u in body["items"]] == ["PEMDA", "DIKES"]
    assert (body["total"], body["page"], body["pages"]) == (2, 1, 1)
    assert [u["code"] for u in api.get("/api/v1/units?parent=PEMDA").json["items"]] == ["DIKES"]


def test_a_list_is_paginated_with_link_headers(api):
    first = api.get("/api/v1/objectives?per_page=3")
    assert [o["code"] for o in first.json["items"]] == ["V", "M1", "S1"]
    assert first.json["pages"] == 2 and 'rel="next"' in first.headers["Link"]
    second = api.get("/api/v1/objectives?per_page=3&page=2")
    assert [o["code"] for o in second.json["items"]] == ["R1"]
    assert second.json["items"][0]["parents"] == ["S1"]
    assert 'rel="prev"' in second.headers["Link"]


def test_employees_indicators_targets_and_realizations(api):
    assert api.get("/api/v1/employees?unit=DIKES").json["items"][0]["nip"] == NIP
    assert [i["code"] for i in api.get("/api/v1/indicators?objective=R1").json["items"]] == ["I2"]
    target = api.get("/api/v1/targets?indicator=I2").json["items"][0]
    assert (target["low"], target["high"], target["value"]) == (10.0, 12.0, None)
    entries = api.get("/api/v1/realizations?indicator=I1").json["items"]
    assert [(r["period"], r["value"]) for r in entries] == [("2023", 72.0)]


def test_an_unchanged_read_answers_304_to_its_etag(api):
    first = api.get("/api/v1/scores?period=2023")
    etag = first.headers["ETag"]
    again = api.get("/api/v1/scores?period=2023", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    services.record_realization(api.db, services.system_user(), "P1", "I1", "2023", 80.0)
    moved = api.get("/api/v1/scores?period=2023", headers={"If-None-Match": etag})
    assert moved.status_code == 200 and moved.headers["ETag"] != etag


def _close(a, b) -> bool:
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
    return a == b


def test_scores_mirror_the_score_command(api):
    expected = Engine(services.load_document(api.db, "P1")).evaluate("2023").to_json()
    body = api.get("/api/v1/scores?period=2023").json
    assert _close(body, expected)
    assert set(body["objectives"]["S1"]) == {"score", "band", "coverage", "influence",
                                             "contribution"}


def test_one_node_score_and_its_explanation(api):
    node = api.get("/api/v1/scores/I1?period=2023").json
    assert node["kind"] == "indicator" and node["achievement"] == pytest.approx(90.0)
    explained = api.get("/api/v1/scores/S1/explanation?period=2023")
    assert explained.status_code == 200 and explained.json
    assert api.get("/api/v1/scores/NOPE?period=2023").status_code == 404


def test_an_employee_contribution_matches_the_engine(api):
    evaluation = Engine(services.load_document(api.db, "P1")).evaluate("2023")
    body = api.get(f"/api/v1/employees/{NIP}/contribution?period=2023").json
    assert body["contribution"] == pytest.approx(evaluation.employee_contribution(NIP))
    assert [o["code"] for o in body["objectives"]] == ["R1"]
    assert api.get("/api/v1/employees/0000/contribution").status_code == 404


def test_skp_results_of_a_period(api):
    body = api.get("/api/v1/skp?period=2023").json
    assert body["period"] == "2023" and NIP in body["employees"]


@pytest.mark.parametrize(("query", "field"), [
    ("period=2023-Q9", "query.period"), ("period=2031", "query.period"),
    ("page=0", "query.page"), ("per_page=5000", "query.per_page"), ("colour=red", "query.colour"),
])
def test_bad_query_parameters_answer_400_naming_them(api, query, field):
    path = "/api/v1/scores" if "period" in query else "/api/v1/units"
    response = api.get(f"{path}?{query}")
    assert response.status_code == 400, response.json
    assert response.json["error"]["details"][0]["field"] == field


def test_an_unknown_endpoint_answers_404_json(api):
    response = api.get("/api/v1/nothing-here")
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"


def test_an_unknown_plan_answers_404(api):
    assert api.get("/api/v1/units?plan=NOPE").status_code == 404


def test_a_plan_file_is_read_with_tokens_of_the_accounts_database(accounts_url, plan_file):
    from ekinerja.app import AppSettings, create_app
    from ekinerja.services import system_user, tokens
    from ekinerja.storage.database import Database

    db = Database(accounts_url)
    token = tokens.create_token(db, system_user(), "penguji", "file", "write")[0]
    db.dispose()
    app = create_app(AppSettings(plan_file=str(plan_file), database_url=accounts_url))
    client = app.server.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/units", headers=headers).json["total"] > 0
    assert client.get("/api/v1/plans", headers=headers).json["items"][0]["code"]
    written = client.post("/api/v1/realizations", headers=headers,
                          json={"indicator": "X", "period": "2023", "value": 1})
    assert written.status_code == 409 and "read-only" in written.json["error"]["message"]


def test_a_server_failure_answers_500_json_with_the_request_id(api, monkeypatch, caplog):
    from ekinerja.api import reads

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(reads, "default_period", broken)
    response = api.get("/api/v1/scores", headers={"X-Request-Id": "abc123"})
    assert response.status_code == 500
    error = response.json["error"]
    assert error["request_id"] == "abc123" and "abc123" in error["message"]
    assert "boom" not in error["message"]


def test_two_databases_never_share_a_kept_scores_document(tmp_path, small_plan, api_with):
    first = api_with(f"sqlite:///{tmp_path / 'a.sqlite'}", small_plan)
    second_plan = small_plan
    second_plan.realizations[0].value = 10.0
    second = api_with(f"sqlite:///{tmp_path / 'b.sqlite'}", second_plan)
    try:
        a = first.get("/api/v1/scores?period=2023").json["indicators"]["I1"]["realization"]
        b = second.get("/api/v1/scores?period=2023").json["indicators"]["I1"]["realization"]
        assert (a, b) == (72.0, 10.0)
    finally:
        first.db.dispose()
        second.db.dispose()


def test_skp_results_of_a_past_period_go_to_who_held_the_rhk_then(api):
    successor = "199505052020121001"
    before = api.get("/api/v1/skp?period=2023").json["employees"][NIP]["score"]
    assert before is not None
    system = services.system_user()
    services.save_employee(api.db, system, "P1", successor, name="Pengganti", unit="DIKES")
    services.name_successor(api.db, system, "P1", NIP, successor, on="2024-01-01")
    body = api.get("/api/v1/skp?period=2023").json["employees"]
    assert body[NIP]["score"] == before and body[successor]["score"] is None
