"""Plain helpers shared by test modules (fixtures live in conftest.py)."""

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

from ekinerja import interchange, services, skp
from ekinerja.storage.database import Database


def exported(url: str) -> dict:
    """The plan of a database as the interchange format's dict (on its own connection)."""
    db = Database(url)
    try:
        return interchange.to_dict(services.load_document(db))
    finally:
        db.dispose()


def counts(**given: int) -> dict[str, int]:
    """How many employees have each predikat (0 for those not given)."""
    return {p: given.get(p, 0) for p in skp.PREDIKATS}


def _counted(*numbers: int) -> dict[str, int]:
    return dict(zip(skp.PREDIKATS, numbers, strict=True))


#: Each distribution rule of docs/skp.md (§9) at its edges (SKP_RULES): unit predikat, counts
#: that keep it, counts that break it, the rule's English words in the warning; counts in the
#: order of skp.PREDIKATS: Sangat Baik, Baik, Butuh Perbaikan, Kurang, Sangat Kurang.
_RULE_ROWS = [
    # unit predikat    kept              broken            words of the warning
    ("istimewa",        (7, 3, 0, 0, 0), (8, 3, 0, 0, 0),  "at most 70 %"),
    ("istimewa",        (7, 3, 0, 0, 0), (8, 2, 0, 0, 0),  "at most 70 % Sa"),
    ("baik",            (2, 7, 0, 1, 0), (0, 8, 0, 1, 0),  "at most 70 %"),
    ("baik",            (2, 7, 0, 1, 0), (0, 8, 0, 2, 0),  "at most 70 % Ba"),
    ("baik",            (0, 1, 1, 0, 0), (1, 1, 0, 0, 0),  "at least one"),
    ("baik",            (0, 2, 1, 0, 0), (2, 1, 0, 0, 0),  "at least one"),
    ("baik",            (0, 1, 0, 1, 0), (0, 1, 0, 0, 1),  "at least one"),
    ("baik",            (0, 2, 0, 1, 0), (0, 2, 0, 0, 1),  "at least one"),
    ("butuh_perbaikan", (0, 4, 6, 0, 0), (0, 5, 5, 0, 0),  "at least 60 % Butuh Perbaikan"),
    ("butuh_perbaikan", (1, 0, 9, 0, 0), (2, 0, 8, 0, 0),  "at most 10 % Sangat Baik"),
    ("kurang",          (0, 0, 4, 6, 0), (0, 0, 5, 5, 0),  "at least 60 % Kurang"),
    ("kurang",          (0, 0, 1, 9, 0), (0, 0, 0, 10, 0), "at least 10 % Butuh Perbaikan"),
    ("kurang",          (0, 0, 1, 9, 0), (0, 1, 0, 9, 0),  "at least 10 % Butuh Perbaikan"),
    ("kurang",          (1, 0, 1, 8, 0), (2, 0, 1, 7, 0),  "at most 10 % Sangat Baik"),
    ("sangat_kurang",   (0, 0, 0, 4, 6), (0, 0, 0, 5, 5),  "at least 60 % Sangat Kurang"),
    ("sangat_kurang",   (0, 0, 1, 0, 9), (0, 0, 0, 0, 10),
     "at least 10 % Kurang/Misconduct or Butuh Perbaikan"),
    ("sangat_kurang",   (0, 0, 0, 1, 9), (1, 0, 0, 0, 9),  "no Sangat Baik"),
]
SKP_RULES = [(predikat, _counted(*kept), _counted(*broken), words)
             for predikat, kept, broken, words in _RULE_ROWS]


def _answers(url: str) -> bool:
    """Whether a GET of `url` answers with a success status."""
    try:
        urllib.request.urlopen(url, timeout=2).close()
    except OSError:
        return False
    return True


@contextmanager
def serving(url: str, *args: str, env: dict[str, str] | None = None) -> Iterator[tuple[str, int]]:
    """`ekinerja serve ARGS` on the database `url` in a process of its own on a free port, once
    it answers /healthz: (base URL, process id); stopped when the block ends. `env` adds to the
    environment."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "ekinerja"), "serve", "--port", str(port),
         "--database", url, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, **(env or {})})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while not _answers(base + "/healthz"):
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"`ekinerja serve` did not answer at {base}")
            time.sleep(0.3)
        yield base, process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)  # gunicorn takes ~9 s to stop (more on a busy machine)
