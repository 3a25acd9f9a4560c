"""Rate limits of the API (Flask-Limiter): per token (else per address), a setting; the counts
live in memory by default, or in a shared store (a Redis or Memcached URI) for several
workers."""

from __future__ import annotations

import hashlib
from typing import Any

from flask import Flask, Response, request
from flask_limiter import Limiter, RequestLimit

from ekinerja.api.core import ApiError, error_response
from ekinerja.messages import N_, Message

BLUEPRINT = "ekinerja_api"


def client_key() -> str:
    """Whom a request counts against: its token (hashed), else its address."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return "token:" + hashlib.sha256(header[7:].strip().encode()).hexdigest()[:32]
    return f"address:{request.remote_addr}"


def _breached(limit: RequestLimit) -> Response:
    return error_response(ApiError(429, Message(N_("too many requests: {limit}"),
                                                {"limit": str(limit.limit)})))


def install(server: Flask, settings: Any) -> Limiter | None:
    """Limit the API's blueprint to the `api_rate_limit` setting (none when it is empty)."""
    rate = getattr(settings, "api_rate_limit", None)
    if not rate:
        return None
    limiter = Limiter(client_key, app=server, headers_enabled=True, on_breach=_breached,
                      storage_uri=getattr(settings, "api_rate_limit_storage", None)
                      or "memory://")
    limiter.limit(rate)(server.blueprints[BLUEPRINT])
    return limiter
