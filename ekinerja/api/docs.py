"""The OpenAPI 3.0 document of the API, generated from the route table and the pydantic models
(apispec), at /api/v1/openapi.json; and a Swagger UI page at /api/v1/docs whose assets are
served from the swagger-ui-bundle package (nothing from a CDN). Both answer without a token:
they describe the API, not the data."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from apispec import APISpec
from flask import Blueprint, Response, abort, send_from_directory
from pydantic import BaseModel

from ekinerja.api import models as m
from ekinerja.api.core import PREFIX, ROUTES, ApiError, Route, error_response, json_response
from ekinerja.messages import N_, Message

#: The answers other than 2xx (msgids, described in both languages: `_both`).
ERRORS = {400: N_("invalid request (located details)"),
          401: N_("no or a bad token"),
          403: N_("the token's scope or the role forbids it"),
          404: N_("not found"),
          409: N_("conflict, or a read-only plan"),
          429: N_("rate limit reached")}


def _both(msgid: str) -> str:
    """A description of the document in both languages ("Indonesian / English")."""
    return Message(msgid).bilingual()


def openapi30(schema: Any) -> Any:
    """A pydantic JSON Schema (2020-12) in the OpenAPI 3.0 dialect that Swagger UI 4 reads:
    `anyOf` with `{"type": "null"}` becomes `nullable`, and a lone `$ref` beside other keywords
    is wrapped in `allOf`."""
    if isinstance(schema, list):
        return [openapi30(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    schema = {key: openapi30(value) for key, value in schema.items()}
    options = schema.get("anyOf")
    if isinstance(options, list) and {"type": "null"} in options:
        rest = [option for option in options if option != {"type": "null"}]
        del schema["anyOf"]
        if len(rest) == 1 and "$ref" not in rest[0]:
            schema = {**rest[0], **schema}
        elif len(rest) == 1:
            schema["allOf"] = rest
        else:
            schema["anyOf"] = rest
        schema["nullable"] = True
    if "$ref" in schema and len(schema) > 1:
        schema = {**{k: v for k, v in schema.items() if k != "$ref"},
                  "allOf": [{"$ref": schema["$ref"]}]}
    if schema.get("type") == "null":
        schema = {"nullable": True}
    return schema


def _register(spec: APISpec, model: type[BaseModel], seen: set[str]) -> dict[str, str]:
    """Add a model (and the models it uses) to the components; a $ref to it."""
    schema = openapi30(model.model_json_schema(ref_template="#/components/schemas/{model}"))
    for name, definition in schema.pop("$defs", {}).items():
        if name not in seen:
            seen.add(name)
            spec.components.schema(name, definition)
    name = model.__name__
    if name not in seen:
        seen.add(name)
        spec.components.schema(name, schema)
    return {"$ref": f"#/components/schemas/{name}"}


def _parameters(route: Route) -> list[dict[str, Any]]:
    found = [{"name": name, "in": "path", "required": True, "description": _both(text),
              "schema": {"type": "string"}} for name, text in route.path_params.items()]
    if route.query is not None:
        schema = openapi30(route.query.model_json_schema())
        required = set(schema.get("required", []))
        for name, prop in schema["properties"].items():
            description = prop.pop("description", None)
            prop.pop("title", None)
            parameter = {"name": name, "in": "query", "required": name in required,
                         "schema": prop}
            if description:
                parameter["description"] = _both(description)
            found.append(parameter)
    return found


def _operation(spec: APISpec, route: Route, seen: set[str]) -> dict[str, Any]:
    answer: dict[str, Any] = {"description": _both(route.summary)}
    if route.response is not None:
        answer["content"] = {"application/json": {"schema": _register(spec, route.response,
                                                                       seen)}}
    if route.method == "GET":
        answer["headers"] = {"ETag": {"schema": {"type": "string"},
                                      "description": "Send it back in If-None-Match: 304"}}
    error = {"content": {"application/json": {"schema": _register(spec, m.Error, seen)}}}
    responses: dict[str, Any] = {str(route.status): answer}
    wanted = [400, 401, 404, 429] + ([403, 409] if route.write else [])
    for status in sorted(wanted):
        responses[str(status)] = {"description": _both(ERRORS[status]), **error}
    if route.method == "GET":
        responses["304"] = {"description": _both(N_("not modified (If-None-Match)"))}
    operation: dict[str, Any] = {
        "operationId": route.endpoint, "summary": _both(route.summary), "tags": [route.tag],
        "security": [{"bearer": []}], "parameters": _parameters(route), "responses": responses,
    }
    if route.write:
        operation["description"] = _both(N_("needs a token of scope write, and a role that may "
                                            "do it."))
    if route.body is not None:
        operation["requestBody"] = {"required": True, "content": {
            "application/json": {"schema": _register(spec, route.body, seen)}}}
    return operation


@cache
def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3.0 document of every declared route (3.0: the dialect the bundled Swagger
    UI 4 reads)."""
    from ekinerja.api import reads, writes  # noqa: F401  (they declare the routes)

    spec = APISpec(
        title="ekinerja API", version="1", openapi_version="3.0.3",
        info={"description": _both(N_("performance data for other systems (SIMPEG, SIPD, "
                                      "e-Kinerja, dashboards). Authenticate with a personal "
                                      "access token: `Authorization: Bearer ekn_...`."))},
        servers=[{"url": PREFIX}],
    )
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer",
                                               "description": "A personal access token"})
    seen: set[str] = set()
    paths: dict[str, dict[str, Any]] = {}
    for route in ROUTES:
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route.path)
        paths.setdefault(path, {})[route.method.lower()] = _operation(spec, route, seen)
    for path, operations in paths.items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()


ASSETS = ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js",
          "index.css", "favicon-32x32.png", "favicon-16x16.png")

PAGE = """<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="UTF-8">
<title>ekinerja API v1</title>
<link rel="stylesheet" href="docs/assets/swagger-ui.css">
<link rel="stylesheet" href="docs/assets/index.css">
<link rel="icon" type="image/png" href="docs/assets/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="docs/assets/swagger-ui-bundle.js"></script>
<script src="docs/assets/swagger-ui-standalone-preset.js"></script>
<script src="docs/init.js"></script>
</body>
</html>
"""

INIT = """window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: "openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: "StandaloneLayout"
  });
};
"""


def register(bp: Blueprint) -> None:
    """Add /openapi.json, /docs (and its assets) and the catch-all 404 to the blueprint."""
    from swagger_ui_bundle import swagger_ui_path

    def openapi() -> Response:
        return json_response(openapi_document())

    def page() -> Response:
        return Response(PAGE, mimetype="text/html")

    def init() -> Response:
        return Response(INIT, mimetype="text/javascript")

    def asset(name: str) -> Response:
        if name not in ASSETS:
            abort(404)
        response = send_from_directory(str(swagger_ui_path), name, max_age=86400)
        response.headers["Cache-Control"] = "public, max-age=86400"
        return response

    def unknown(rest: str) -> Response:
        return error_response(ApiError(404, Message(N_("no such endpoint: {path}"),
                                                    {"path": f"{PREFIX}/{rest}"})))

    bp.add_url_rule("/openapi.json", "openapi", openapi)
    bp.add_url_rule("/docs", "docs", page)
    bp.add_url_rule("/docs/init.js", "docs_init", init)
    bp.add_url_rule("/docs/assets/<name>", "docs_asset", asset)
    bp.add_url_rule("/<path:rest>", "unknown", unknown,
                    methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
