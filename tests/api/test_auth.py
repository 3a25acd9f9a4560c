"""Bearer tokens on /api/v1 over HTTP: 401 without a valid token, 403 when the token's scope or
the account's role forbids, allowed as the pages allow (docs/accounts.md), on SQLite and
PostgreSQL."""

from __future__ import annotations

import re

import pytest

from ekinerja import services
from ekinerja.api import ROUTES
from ekinerja.services import tokens

from .conftest import ACCOUNTS

EVERY_ROUTE = sorted({(r.method, re.sub(r"<(\w+)>", "X", r.path)) for r in ROUTES})


def test_every_route_is_declared():
    assert ("GET", "/scores") in EVERY_ROUTE and ("POST", "/realizations/bulk") in EVERY_ROUTE


@pytest.mark.parametrize(("method", "path"), EVERY_ROUTE)
def test_every_endpoint_answers_401_json_without_a_token(api, method, path):
    response = api.client.open(f"/api/v1{path}", method=method, json={})
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_bad_token_answers_401_invalid_token(api):
    response = api.client.get("/api/v1/units", headers={"Authorization": "Bearer ekn_nope"})
    assert response.status_code == 401 and response.json["error"]["code"] == "invalid_token"
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_a_signed_in_session_is_not_an_api_credential(api, sign_in):
    sign_in(api.client, "viewer1")
    assert api.client.get("/api/v1/units").status_code == 401
    assert api.client.get("/").status_code == 200  # the pages keep their session


def test_the_pages_still_need_a_session(api):
    response = api.client.get("/", headers={"Authorization": f"Bearer {api.token('admin1')}"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_revoked_token_answers_401(api):
    token = api.token("viewer1")
    tokens.revoke_token(api.db, services.system_user(), tokens.authenticate(api.db, token).token_id)
    assert api.get("/api/v1/units").status_code == 401


@pytest.mark.parametrize("username", sorted(ACCOUNTS))
def test_every_role_reads_with_a_read_token(api, username):
    response = api.get("/api/v1/scores?period=2023", username)
    assert response.status_code == 200, response.json


def test_a_read_token_may_not_write(api):
    response = api.post("/api/v1/realizations",
                        {"indicator": "I1", "period": "2023", "value": 90}, "admin1", "read")
    assert response.status_code == 403
    assert response.json["error"]["code"] == "insufficient_scope"
    assert services.realization_history(api.db, "P1", "I1", "2023")[-1]["value"] == 72.0


#: (account, indicator) -> allowed: I1 is DIKES's (no owner), I2 is Ani's own RHK in DIKES.
MATRIX = {
    ("admin1", "I1"): True, ("admin1", "I2"): True,
    ("operator1", "I1"): True, ("operator1", "I2"): True,
    ("employee1", "I1"): False, ("employee1", "I2"): True,
    **{(name, code): False for name in ("planner1", "evaluator1", "head1", "viewer1")
       for code in ("I1", "I2")},
}


@pytest.mark.parametrize(("username", "indicator"), sorted(MATRIX))
def test_recording_is_allowed_and_refused_as_on_the_pages(api, username, indicator):
    before = services.realization_history(api.db, "P1", indicator, "2023-Q3")
    response = api.post("/api/v1/realizations",
                        {"indicator": indicator, "period": "2023-Q3", "value": 5.5}, username)
    after = services.realization_history(api.db, "P1", indicator, "2023-Q3")
    if MATRIX[(username, indicator)]:
        assert response.status_code == 201, response.json
        assert after[-1]["value"] == 5.5 and after[-1]["author"] == username
        record = services.audit_log(api.db, "P1", entity="realization")[0]
        assert (record["username"], record["address"]) == (username, "127.0.0.1")
    else:
        assert response.status_code == 403, response.json
        message = response.json["error"]["message"]
        assert "tidak diizinkan" in message and "not allowed" in message
        assert after == before


def test_bulk_rows_outside_the_scope_are_refused_with_403_and_nothing_written(api):
    rows = [{"indicator": "I2", "period": "2023-Q3", "value": 1},
            {"indicator": "I1", "period": "2023-Q3", "value": 2}]
    response = api.post("/api/v1/realizations/bulk", {"rows": rows}, "employee1")
    assert response.status_code == 403, response.json
    assert response.json["error"]["details"][0]["field"] == "rows[1].indicator"
    assert services.realization_history(api.db, "P1", "I2", "2023-Q3") == []


def test_only_the_api_itself_skips_the_session_gate(api):
    assert api.client.get("/api/v2/units").status_code == 302  # a page path: sign in first
    assert api.client.get("/api/v1").status_code in (302, 308)
