"""The JSON API under /api/v1 (docs/api.md): personal access tokens (Bearer), the read models
and the services behind versioned endpoints, an OpenAPI document and a local docs page.

`install(server, source, accounts, settings)` is the one call `create_app` makes; the pages
keep their session sign-in, the API answers only to tokens.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, Response

from ekinerja.api import docs, reads, writes  # noqa: F401  (reads and writes declare the routes)
from ekinerja.api.core import EXTENSION, PREFIX, ROUTES, ApiError, ApiState, error_response, guarded
from ekinerja.messages import N_, Message
from ekinerja.storage.database import Database


def blueprint() -> Blueprint:
    """The API's routes (every declared endpoint, the OpenAPI document, the docs page)."""
    bp = Blueprint("ekinerja_api", __name__, url_prefix=PREFIX)
    for route_ in ROUTES:
        bp.add_url_rule(route_.path, route_.endpoint, guarded(route_), methods=[route_.method])
    docs.register(bp)

    @bp.errorhandler(404)
    def not_found(_exc: Exception) -> Response:
        return error_response(ApiError(404, Message(N_("no such endpoint"))))

    @bp.errorhandler(405)
    def not_allowed(_exc: Exception) -> Response:
        return error_response(ApiError(405, Message(N_("method not allowed")),
                                       code="method_not_allowed"))

    @bp.errorhandler(Exception)
    def failed(exc: Exception) -> Any:
        from werkzeug.exceptions import HTTPException

        if isinstance(exc, HTTPException):
            return error_response(ApiError(exc.code or 500, exc.description or exc.name))
        from ekinerja import weblog

        weblog.log_failure(exc, "api")  # with the request id, which the answer names too
        return error_response(ApiError(500, Message(weblog.SERVER_FAILED, {
            "request_id": weblog.request_id()}), code="error"))

    return bp


def install(server: Flask, source: Any, accounts: Database, settings: Any) -> None:
    """Serve the API on `server`: `source` is the app's plan source, `accounts` the database of
    the accounts and tokens."""
    server.extensions[EXTENSION] = ApiState(source, accounts, settings)
    server.register_blueprint(blueprint())
    from ekinerja.api import limits, tokenpage

    limits.install(server, settings)
    tokenpage.install(server)
