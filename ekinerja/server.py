"""Serving the app in production: gunicorn (pre-fork workers with threads, timeouts, recycled
workers), no server banner, no debugger, and the Flask development server only on request
(docs/operations.md). No Dash here: the app comes from a factory."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: What the Server header says (no software, no version).
BANNER = "ekinerja"
#: Seconds one read of a request (its headers or body) may wait for the client: a half-sent
#: request gives its worker thread back after this (put a reverse proxy in front for more).
READ_TIMEOUT = 5.0


@dataclass(frozen=True)
class ServeOptions:
    """How `ekinerja serve` runs the app."""

    host: str = "127.0.0.1"
    port: int = 8050
    workers: int = 2
    threads: int = 4
    timeout: int = 60  # seconds a worker may spend on one request before it is restarted
    keepalive: int = 5
    max_requests: int = 1000  # a worker is replaced after this many requests (0: never)
    graceful_timeout: int = 30


def gunicorn_config(options: ServeOptions) -> dict[str, Any]:
    """The gunicorn settings of `options`: gthread workers, bounded request lines and headers,
    recycled workers (with jitter so they do not restart together), errors to stderr (the
    request lines come from ekinerja.weblog)."""
    return {
        "bind": f"{options.host}:{options.port}",
        "workers": options.workers,
        "worker_class": "gthread",
        "threads": options.threads,
        "timeout": options.timeout,
        "graceful_timeout": options.graceful_timeout,
        "keepalive": options.keepalive,
        "max_requests": options.max_requests,
        "max_requests_jitter": max(options.max_requests // 10, 0),
        "limit_request_line": 8190,
        "limit_request_fields": 100,
        "limit_request_field_size": 8190,
        "errorlog": "-",
        "accesslog": None,
        "proc_name": "ekinerja",
        "preload_app": False,  # each worker builds its own app (and database connections)
    }


def hide_banner() -> None:
    """Say only "ekinerja" in the Server header (gunicorn and Werkzeug name themselves and
    their versions)."""
    import gunicorn.http.wsgi
    from werkzeug.serving import WSGIRequestHandler

    gunicorn.http.wsgi.SERVER = BANNER
    WSGIRequestHandler.server_version = BANNER  # type: ignore[assignment,misc]
    WSGIRequestHandler.sys_version = ""


def bound_reads() -> None:
    """Give each new connection of gunicorn's threaded worker a read timeout (gunicorn waits
    for a request's first bytes without a thread, but then reads the rest without one)."""
    from gunicorn.workers import gthread

    if getattr(gthread.TConn, "ekinerja_timed", False):
        return

    class TimedConn(gthread.TConn):  # type: ignore[misc,name-defined]
        ekinerja_timed = True

        def init(self) -> None:
            super().init()
            self.sock.settimeout(READ_TIMEOUT)

    gthread.TConn = TimedConn


def run_gunicorn(factory: Callable[[], Any], options: ServeOptions) -> None:
    """Run the WSGI app `factory()` builds (once per worker) under gunicorn until stopped."""
    from gunicorn.app.base import BaseApplication

    hide_banner()
    bound_reads()

    class _Application(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in gunicorn_config(options).items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return factory()

    _Application().run()


def run_development(app: Any, options: ServeOptions, debug: bool) -> None:
    """The Flask development server (one process, threads): for working on the code only.
    Never the interactive debugger, even with `debug` (Dash's dev tools only)."""
    hide_banner()
    app.run(host=options.host, port=options.port, debug=debug, use_debugger=False,
            use_reloader=False, threaded=True)


def protect_file(path: str | os.PathLike[str]) -> None:
    """Owner-only access (0600) to a file holding data or secrets."""
    os.chmod(path, 0o600)
