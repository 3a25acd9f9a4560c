"""Production serving (issue 11, item 9): `ekinerja serve` runs gunicorn by default, never a
debugger, no server banner, a request body limit, the SQLite file 0600, EKINERJA_DEBUG honoured,
/healthz with the schema version, and half-sent requests do not take the server down."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from ekinerja import services
from ekinerja.app import create_app
from ekinerja.interchange import load
from ekinerja.settings import AppSettings, from_environment
from ekinerja.storage.database import Database

PLAN = Path(__file__).parent / "plan.json"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(url: str, *args: str, env: dict[str, str] | None = None) -> Iterator[tuple[str, int]]:
    """`ekinerja serve ARGS` on a free port; (base URL, process id)."""
    port = free_port()
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "ekinerja"), "serve", "--port", str(port),
         "--database", url, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, **(env or {})})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.3)
        yield base, process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def database(tmp_path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'data' / 'served.sqlite'}"
    db = Database(url)
    db.upgrade()
    services.import_document(db, services.system_user(), load(PLAN))
    db.dispose()
    yield url


def children(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(p) for p in found]


def test_serve_runs_gunicorn_workers_with_no_banner_and_a_healthz(database) -> None:
    with serving(database, "--workers", "2", "--threads", "2") as (base, pid):
        assert len(children(pid)) == 2  # a master and its two workers
        assert "gunicorn" in Path(f"/proc/{pid}/cmdline").read_text() or \
            "ekinerja" in Path(f"/proc/{pid}/cmdline").read_text()
        health = requests.get(base + "/healthz", timeout=10)
        body = health.json()
        assert health.status_code == 200 and body["status"] == "ok"
        assert body["database_reachable"] is True
        assert body["schema_version"] == Database(database).head_revision()
        assert health.headers["Server"] == "ekinerja"
        assert health.headers["X-Request-Id"]
        console = requests.get(base + "/console", timeout=10, allow_redirects=False)
        assert console.status_code in (302, 401, 404) and "Debugger" not in console.text


def test_the_sqlite_file_is_owner_only(database, tmp_path) -> None:
    fresh = f"sqlite:///{tmp_path / 'new' / 'fresh.sqlite'}"
    db = Database(fresh)
    db.upgrade()
    db.dispose()
    assert oct((tmp_path / "new" / "fresh.sqlite").stat().st_mode & 0o777) == "0o600"
    served = tmp_path / "data" / "served.sqlite"
    served.chmod(0o644)  # an older file: serve makes it owner-only
    with serving(database, "--workers", "1"):
        assert oct(served.stat().st_mode & 0o777) == "0o600"


def test_a_request_body_over_the_limit_is_refused_in_words(database) -> None:
    with serving(database, "--workers", "1", env={"EKINERJA_MAX_REQUEST_MB": "1"}) as (base, _):
        response = requests.post(base + "/login", data={"username": "x" * (2 << 20)},
                                 timeout=30)
        assert response.status_code == 413
        assert "terlalu besar" in response.json()["error"]


def test_half_sent_requests_hold_no_thread_each_and_are_let_go(database) -> None:
    with serving(database, "--workers", "1", "--threads", "4") as (base, pid):
        host, port = base.removeprefix("http://").split(":")
        held = []
        for _ in range(12):
            sock = socket.create_connection((host, int(port)))
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")  # and never the end
            held.append(sock)
        try:
            worker = children(pid)[0]
            time.sleep(1)
            threads = len(os.listdir(f"/proc/{worker}/task"))
            assert threads < 12, threads  # bounded: not one thread per connection
            started = time.monotonic()  # each half-sent request times out (server.READ_TIMEOUT)
            assert requests.get(base + "/healthz", timeout=60).status_code == 200
            assert time.monotonic() - started < 30
        finally:
            for sock in held:
                sock.close()


def test_dev_server_never_has_the_interactive_debugger(database) -> None:
    with serving(database, "--dev", "--debug") as (base, _):
        response = requests.get(base + "/console", timeout=10, allow_redirects=False)
        assert response.status_code in (302, 401, 404)
        assert "Werkzeug" not in response.text and "Debugger" not in response.text
        assert response.headers["Server"].startswith("ekinerja")
        assert "Werkzeug" not in response.headers["Server"]


def test_ekinerja_debug_is_honoured() -> None:
    settings = from_environment({"EKINERJA_DEBUG": "1"})
    assert settings.debug is True
    app = create_app(AppSettings(plan_file=str(PLAN), debug=True, warm=False))
    assert app._dev_tools.ui is True
    quiet = create_app(AppSettings(plan_file=str(PLAN), warm=False))
    assert not quiet._dev_tools.ui
    assert app.server.config["MAX_CONTENT_LENGTH"] == 10 << 20
