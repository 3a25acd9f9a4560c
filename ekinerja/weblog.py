"""Request ids and one JSON line per request (method, path, status, duration, account), and the
words a person reads when something failed on the server (Flask only; no Dash).

Every request gets an id: the ``X-Request-Id`` a proxy sent (when it looks like one) or a new
one; it is answered in the ``X-Request-Id`` header, written in the request's log line and in
the log record of any error, and shown in the message on the page, so a report from a user
finds its log lines.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from typing import Any

from flask import Flask, Response, g, has_request_context, jsonify, request

from ekinerja.i18n import N_, translator
from ekinerja.messages import Message

access_log = logging.getLogger("ekinerja.access")
error_log = logging.getLogger("ekinerja.errors")

_GOOD_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
REQUEST_ID_HEADER = "X-Request-Id"

#: What a person reads when the server failed (translated at the edge).
SERVER_FAILED = N_(
    "The server could not complete this (reference {request_id}); nothing was changed. "
    "Try again; if it happens again, give the reference to the administrator."
)


def request_id() -> str:
    """The id of the current request ("-" outside one)."""
    if not has_request_context():
        return "-"
    if "request_id" not in g:
        sent = request.headers.get(REQUEST_ID_HEADER, "")
        g.request_id = sent if _GOOD_ID.fullmatch(sent) else uuid.uuid4().hex[:16]
    return str(g.request_id)


def failure_text(lang: str | None) -> str:
    """The message of a failed request in `lang`, with its reference."""
    return translator(lang)(SERVER_FAILED).format(request_id=request_id())


def log_failure(exc: BaseException, where: str) -> None:
    """Log an unexpected error with the request id (and the traceback)."""
    error_log.error(
        json.dumps({"event": "error", "request_id": request_id(), "where": where,
                    "method": request.method if has_request_context() else None,
                    "path": request.path if has_request_context() else None,
                    "error": f"{type(exc).__name__}: {exc}"[:500]}, ensure_ascii=False),
        exc_info=exc,
    )


def _start() -> None:
    g.started = time.perf_counter()
    request_id()


def _finish(response: Response) -> Response:
    response.headers[REQUEST_ID_HEADER] = request_id()
    started = g.get("started")
    duration = (time.perf_counter() - started) * 1000 if started is not None else None
    account = None
    try:
        from ekinerja.webauth import current_account

        found = current_account()
        account = found.username if found is not None else None
    except Exception:  # logging never fails a request
        account = None
    access_log.info(json.dumps({
        "event": "request", "request_id": request_id(), "method": request.method,
        "path": request.path, "status": response.status_code,
        "duration_ms": None if duration is None else round(duration, 1),
        "bytes": response.calculate_content_length(), "user": account,
        "address": request.remote_addr,
    }, ensure_ascii=False))
    return response


TOO_LARGE = N_("The request is too large: at most {limit} MB.")


def install(server: Flask, max_bytes: int | None = None) -> None:
    """Request ids, the per-request log line and the request body limit on `server`."""
    server.before_request_funcs.setdefault(None, []).insert(0, _start)
    server.after_request(_finish)
    if max_bytes is not None:
        server.config["MAX_CONTENT_LENGTH"] = max_bytes

        def too_large(_exc: Exception) -> Response:
            limit = round(max_bytes / (1 << 20), 1)
            response = jsonify({"error": Message(TOO_LARGE, {"limit": str(limit)}).bilingual(),
                                "request_id": request_id()})
            response.status_code = 413
            return response

        server.register_error_handler(413, too_large)


def configure_logging(level: int = logging.INFO) -> None:
    """One line per record on standard error (the JSON lines as they are), for `serve`."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    for name in ("ekinerja.access", "ekinerja.errors"):
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(handler)
        logger.setLevel(level)
        logger.propagate = False


def lang_of_callback() -> str | None:
    """The page's language of the current callback request (None when it does not say)."""
    body = request.get_json(silent=True) if has_request_context() else None
    return _lang_of(body) if isinstance(body, dict) else None


def _lang_of(body: Any) -> str | None:
    """The page's language among a callback request's inputs and states (id "lang")."""
    for item in [*(body.get("inputs") or []), *(body.get("state") or [])]:
        if isinstance(item, dict) and item.get("id") == "lang" and isinstance(
                item.get("value"), str):
            return item["value"]
    return None
