"""Production serving (issue 11, item 9): `ekinerja serve` runs gunicorn by default, never a
debugger, no server banner, a request body limit, the SQLite file 0600, EKINERJA_DEBUG honoured,
/healthz with the schema version, and half-sent requests do not take the server down."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from ekinerja import services
from ekinerja.app import create_app
from ekinerja.interchange import load
from ekinerja.settings import AppSettings, from_environment
from ekinerja.storage.database import Database
from tests.helpers import serving

PLAN = Path(__file__).parent / "plan.json"


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


def test_workers_are_threaded_recycled_apart_and_have_no_control_socket() -> None:
    from gunicorn.workers.gthread import ThreadWorker

    from ekinerja import server

    config = server.gunicorn_config(server.ServeOptions(max_requests=10_000))
    assert issubclass(config["worker_class"], ThreadWorker)
    assert config["max_requests_jitter"] == 5_000  # replaced apart, not all together
    assert config["control_socket_disable"] is True


def test_a_new_worker_waits_for_the_warm_up_telling_the_arbiter_it_lives() -> None:
    import threading

    from ekinerja import server

    beats: list[int] = []
    warm = threading.Thread(target=time.sleep, args=(1.5,), name=server.WARM_THREAD)
    warm.start()
    assert server.wait_for_warm_up(lambda: beats.append(1), limit=30) is True
    assert not warm.is_alive() and beats
    slow = threading.Thread(target=time.sleep, args=(3,), name=server.WARM_THREAD)
    slow.start()
    assert server.wait_for_warm_up(lambda: None, limit=0.2) is False  # never stuck for good
    slow.join()


def test_a_worker_ends_with_its_code_and_its_output_written() -> None:
    code = ("import sys; from ekinerja.server import quick_exit; "
            "sys.stdout.write('answered'); quick_exit(1, 7)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert (done.returncode, done.stdout) == (7, "answered")


def test_requests_on_one_connection_are_answered_while_workers_are_replaced(database) -> None:
    with serving(database, "--workers", "1", "--threads", "2", "--max-requests", "4") as (
            base, pid):
        first = children(pid)
        session = requests.Session()  # one kept-alive connection, as a browser tab
        statuses = [session.get(base + "/healthz", timeout=30).status_code for _ in range(15)]
        assert statuses == [200] * 15
        assert children(pid) != first  # the worker was replaced (at least once)
