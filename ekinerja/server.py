"""Serving the app in production: gunicorn (pre-fork workers with threads, timeouts, recycled
workers), no server banner, no debugger, and the Flask development server only on request
(docs/operations.md). No Dash here: the app comes from a factory."""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: What the Server header says (no software, no version).
BANNER = "ekinerja"
#: Seconds one read of a request (its headers or body) may wait for the client: a half-sent
#: request gives its worker thread back after this (put a reverse proxy in front for more).
READ_TIMEOUT = 5.0
#: The name of the thread in which a new app computes what the first pages need
#: (ekinerja.app); a worker waits for it (at most WARM_WAIT seconds) before taking requests.
WARM_THREAD = "ekinerja-warm"
WARM_WAIT = 20.0


@dataclass(frozen=True)
class ServeOptions:
    """How `ekinerja serve` runs the app."""

    host: str = "127.0.0.1"
    port: int = 8050
    workers: int = 2
    #: threads per worker: more than the cores, so that a cheap request (the revision poll)
    #: shares the CPU with a costly one instead of waiting for it (docs/operations.md)
    threads: int = 8
    timeout: int = 60  # seconds a worker may spend on one request before it is restarted
    keepalive: int = 5
    #: a worker is replaced after this many requests (0: never); not often: its replacement
    #: loads the plan again (seconds of CPU at province scale)
    max_requests: int = 10_000
    graceful_timeout: int = 30


def gunicorn_config(options: ServeOptions) -> dict[str, Any]:
    """The gunicorn settings of `options`: threaded workers (`worker_class`), bounded request
    lines and headers, recycled workers (with jitter so they do not restart together), errors
    to stderr (the request lines come from ekinerja.weblog)."""
    return {
        "bind": f"{options.host}:{options.port}",
        "workers": options.workers,
        "worker_class": worker_class(),
        "threads": options.threads,
        "timeout": options.timeout,
        "graceful_timeout": options.graceful_timeout,
        "keepalive": options.keepalive,
        "max_requests": options.max_requests,
        # up to half as many again: workers that took their share of the same load are not
        # replaced (and warmed up) together
        "max_requests_jitter": max(options.max_requests // 2, 0),
        "limit_request_line": 8190,
        "limit_request_fields": 100,
        "limit_request_field_size": 8190,
        "errorlog": "-",
        "accesslog": None,
        "proc_name": "ekinerja",
        "preload_app": False,  # each worker builds its own app (and database connections)
        "control_socket_disable": True,  # no control socket (a shared path under $HOME)
    }


@functools.cache
def worker_class() -> type:
    """gunicorn's threaded worker (gthread), which takes requests only once its app has
    loaded the plan (a recycled worker's requests go to the warm ones meanwhile), and which,
    once it has answered its last request, ends without the interpreter's teardown: freeing a
    province plan object by object takes seconds of CPU, tens of seconds on a busy machine,
    and the arbiter starts the replacement only when the old worker has ended."""
    from gunicorn.workers import gthread

    class Worker(gthread.ThreadWorker):  # type: ignore[misc]
        def run(self) -> None:
            wait_for_warm_up(self.notify)
            super().run()
            self.tpool.shutdown(wait=True)  # the requests taken are answered
            quick_exit(self.pid)

    Worker.__name__ = Worker.__qualname__ = "EkinerjaWorker"
    return Worker


def wait_for_warm_up(notify: Callable[[], None], limit: float = WARM_WAIT) -> bool:
    """Wait (at most `limit` seconds, calling `notify` every second so that the arbiter
    knows the worker is alive) for the app's warm-up thread; whether it has ended."""
    deadline = time.monotonic() + limit
    for thread in threading.enumerate():
        if thread.name != WARM_THREAD:
            continue
        while thread.is_alive() and time.monotonic() < deadline:
            thread.join(min(1.0, max(deadline - time.monotonic(), 0.0)))
            notify()
        return not thread.is_alive()
    return True


def quick_exit(pid: int, code: int = 0) -> None:
    """End this worker process now, its logs flushed, skipping the interpreter's teardown."""
    logging.getLogger("gunicorn.error").info("Worker exiting (pid: %s)", pid)
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)


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
