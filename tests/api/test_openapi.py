"""The OpenAPI document (valid, generated from the route table), the local docs page, and the
rate limit."""

from __future__ import annotations

import re

from openapi_spec_validator import validate

from ekinerja.api import ROUTES
from ekinerja.api.docs import ASSETS, openapi_document


def test_the_openapi_document_is_valid_and_names_every_route():
    document = openapi_document()
    validate(document)
    declared = {(r.method.lower(), re.sub(r"<(\w+)>", r"{\1}", r.path)) for r in ROUTES}
    described = {(method, path) for path, ops in document["paths"].items() for method in ops}
    assert described == declared
    bulk = document["paths"]["/realizations/bulk"]["post"]
    assert bulk["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/RealizationBatch"}
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"


def test_the_document_is_served_without_a_token(api):
    response = api.client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.json["openapi"].startswith("3.0")
    validate(response.json)


def test_the_docs_page_loads_its_assets_from_this_server(api):
    page = api.client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "http://" not in html and "https://" not in html
    for src in re.findall(r'(?:src|href)="([^"]+)"', html):
        asset = api.client.get(f"/api/v1/{src}")
        assert asset.status_code == 200, src
        asset.close()
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert set(ASSETS) >= {"swagger-ui-bundle.js", "swagger-ui.css"}
    assert api.client.get("/api/v1/docs/assets/index.html").status_code == 404


def test_requests_beyond_the_rate_limit_answer_429(database_url, small_plan, api_with):
    limited = api_with(database_url, small_plan, api_rate_limit="3 per minute")
    try:
        answers = [limited.get("/api/v1/units") for _ in range(4)]
        assert [a.status_code for a in answers] == [200, 200, 200, 429]
        assert answers[0].headers["X-RateLimit-Limit"] == "3"
        assert answers[1].headers["X-RateLimit-Remaining"] == "1"
        refused = limited.get("/api/v1/units")
        assert refused.json["error"]["code"] == "rate_limited"
        assert "Retry-After" in refused.headers
        other = limited.get("/api/v1/units", "admin1")  # another token has its own count
        assert other.status_code == 200
    finally:
        limited.db.dispose()
