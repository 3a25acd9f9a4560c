"""Budgets over HTTP (a SIPD sync): stored all or none by planners and admins, listed by any
token."""

from __future__ import annotations

from ekinerja import services


def test_a_planner_stores_budgets_and_anyone_lists_them(api):
    rows = [{"objective": "S1", "year": 2023, "amount": 1_500_000_000, "realization": 1.2e9},
            {"objective": "R1", "year": 2023, "amount": 250_000_000}]
    response = api.post("/api/v1/budgets/bulk", {"rows": rows}, "planner1")
    assert response.status_code == 200, response.json
    assert response.json["stored"] == 2
    listed = api.get("/api/v1/budgets?year=2023").json["items"]
    assert listed == [
        {"objective": "R1", "year": 2023, "amount": 250_000_000.0, "realization": None},
        {"objective": "S1", "year": 2023, "amount": 1_500_000_000.0, "realization": 1.2e9}]
    assert services.audit_log(api.db, "P1", entity="budget")[0]["username"] == "planner1"


def test_bad_budgets_are_refused_by_row_and_nothing_is_stored(api):
    rows = [{"objective": "S1", "year": 2023, "amount": 1},
            {"objective": "NOPE", "year": 2023, "amount": 1}]
    response = api.post("/api/v1/budgets/bulk", {"rows": rows}, "planner1")
    assert response.status_code == 400 and "row 1" in response.json["error"]["message"]
    negative = api.post("/api/v1/budgets/bulk",
                        {"rows": [{"objective": "S1", "year": 2023, "amount": -5}]})
    assert negative.json["error"]["details"][0]["field"] == "rows[0].amount"
    assert api.get("/api/v1/budgets").json["total"] == 0


def test_an_operator_may_not_store_budgets(api):
    response = api.post("/api/v1/budgets/bulk",
                        {"rows": [{"objective": "S1", "year": 2023, "amount": 1}]}, "operator1")
    assert response.status_code == 403
    assert api.get("/api/v1/budgets").json["total"] == 0
