"""A bounded load test of the web app (`make load`): concurrent signed-in sessions posting the
page callbacks a browser posts, against `ekinerja serve` (gunicorn) on a database, printing
throughput, p50/p95 latency and errors (docs/operations.md).

    python -m ekinerja.load --sessions 50 --seconds 60 --workers 4

By default the plan is the province-size synthetic plan (docs/scale.md) in the PostgreSQL
schema ``ekinerja_load`` at 127.0.0.1 (created and imported once, reused afterwards). Each
session signs in, then repeatedly opens a page (its main callback), polls the revision, and
pauses (``--think`` seconds on average); one session in ten is an administrator who also
records realizations. A response other than 200/204, or a write refused, counts as an error;
a request the server reset before reading it is sent once more, as a browser does, and counted
apart. Each request names its kind in its X-Request-Id, so the time it spent inside the server
is found in the server's request log; the CPU the server and the client used is read from /proc.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_DATABASE = ("postgresql+psycopg://postgres@127.0.0.1:5432/test"
                    "?options=-csearch_path%3Dekinerja_load")
PASSWORD = "beban-uji-kata-sandi-1"
VIEWER, ADMIN = "load-viewer", "load-admin"


@dataclass
class Target:
    """What the sessions ask for: the period, a unit, the root, indicators to record."""

    period: str
    unit: str | None
    root: str
    indicators: list[str]


@dataclass
class Results:
    """Latencies (seconds) per request kind, the errors seen, the request ids counted (to
    find their server-side durations in the server's log) and the requests sent again after
    the server had closed a kept-alive connection (as a browser does)."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    examples: list[str] = field(default_factory=list)
    counted_ids: set[str] = field(default_factory=set)
    resent: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, error: str | None,
            request_id: str | None = None) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            if request_id is not None:
                self.counted_ids.add(request_id)
            if error is not None:
                self.errors[kind] += 1
                if len(self.examples) < 5:
                    self.examples.append(f"{kind}: {error}")

    def add_resent(self, kind: str) -> None:
        with self.lock:
            self.resent[kind] += 1


def _ensure_schema(url: str) -> None:
    """CREATE SCHEMA for a PostgreSQL URL naming one in its search_path."""
    if not url.startswith("postgresql") or "search_path%3D" not in url:
        return
    import psycopg

    schema = url.split("search_path%3D", 1)[1].split("&", 1)[0]
    dsn = url.split("?", 1)[0].replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")


def prepare(url: str, employees: int, agencies: int) -> Target:
    """The database with the plan and the two load accounts (made once); what to ask for."""
    from ekinerja import generate, services
    from ekinerja.readmodels.periods import default_period
    from ekinerja.readmodels.scorecard import first_unit
    from ekinerja.services import accounts
    from ekinerja.storage.database import Database

    _ensure_schema(url)
    db = Database(url)
    try:
        db.upgrade()
        if not services.list_plans(db):
            started = time.perf_counter()
            doc = generate.generate(employees, agencies, seed=1)
            services.import_document(db, services.system_user(), doc)
            print(f"plan imported: {services.document_size(doc):,} rows in "
                  f"{time.perf_counter() - started:.1f} s", flush=True)
        known = {a.username for a in accounts.list_accounts(db)}
        system = services.system_user()
        for username, role in ((VIEWER, "viewer"), (ADMIN, "admin")):
            if username not in known:
                accounts.create_account(db, system, username, role, PASSWORD,
                                        must_change_password=False)
        engine = services.load_engine(db)
        period = default_period(engine) or str(engine.doc.plan.start_year)
        indicators = [i.code for i in engine.doc.indicators[:2000]]
        return Target(period, first_unit(engine), engine.root, indicators)
    finally:
        db.dispose()


@dataclass
class Served:
    """A running `ekinerja serve`: its address, its process (the gunicorn arbiter) and the
    file its log (one JSON line per request, and gunicorn's own lines) goes to."""

    base: str
    process: subprocess.Popen[bytes]
    log_path: Path


@contextmanager
def server(url: str, workers: int, threads: int, log_path: Path,
           max_requests: int | None = None) -> Iterator[Served]:
    """`ekinerja serve` (gunicorn) on a free port until the block ends, logging to
    `log_path`."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [str(Path(sys.executable).parent / "ekinerja"), "serve", "--port", str(port),
               "--database", url, "--workers", str(workers), "--threads", str(threads)]
    if max_requests is not None:
        command += ["--max-requests", str(max_requests)]
    log = open(log_path, "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(command, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=5).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the server did not start") from None
                time.sleep(0.5)
        yield Served(base, process, log_path)
    finally:
        process.terminate()
        process.wait(timeout=60)
        log.close()


def _cpu_ticks(pid: int) -> tuple[int, int]:
    """(own, reaped children's) CPU clock ticks (user + system) of a process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12]), int(fields[13]) + int(fields[14])


def server_cpu_seconds(pid: int) -> float | None:
    """CPU seconds used so far by a server process and its workers, living or ended (None
    where /proc does not tell)."""
    try:
        own, reaped = _cpu_ticks(pid)
        total = own + reaped
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                    total += _cpu_ticks(int(entry.name))[0]
            except (OSError, ValueError, IndexError):
                continue  # ended meanwhile
        return total / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def server_durations(log_path: Path, kinds: dict[str, str]) -> dict[str, list[float]]:
    """The server-side durations (ms) in the request log, per kind of the request ids in
    `kinds` (request id -> kind); and how often a worker was recycled (key "restarts")."""
    durations: dict[str, list[float]] = defaultdict(list)
    restarts = 0
    try:
        lines = log_path.read_text(errors="replace").splitlines()
    except OSError:
        return durations
    for line in lines:
        if "Autorestarting worker" in line:
            restarts += 1
        if not line.startswith("{"):
            continue
        try:
            record = json.loads(line)
        except ValueError:
            continue
        kind = kinds.get(record.get("request_id", ""))
        if kind is not None and record.get("duration_ms") is not None:
            durations[kind].append(float(record["duration_ms"]) / 1000)
    durations["restarts"] = [float(restarts)]
    return durations


def _bodies(dependencies: list[dict[str, Any]], target: Target) -> dict[str, dict[str, Any]]:
    """The callback bodies a browser posts for each page's main callback and the poll."""
    values = {"period.value": target.period, "lang.value": "id", "revision.data": None,
              "card-unit.value": target.unit, "card-bands.value": [],
              "map-scope.value": "", "tree-expanded.data": [target.root],
              "tree-path.data": [target.root], "entry-unit.value": target.unit,
              "revision-poll.n_intervals": 1}
    wanted = {"home": "home-body.children", "scorecard": "card-grid.rowData",
              "tree": "tree-graph.elements", "map": "map-graph.elements",
              "poll": "revision.data", "entry": "entry-table.children"}
    bodies = {}
    for kind, output in wanted.items():
        spec = next(d for d in dependencies
                    if output in d["output"] and "@" not in d["output"]
                    and (kind != "poll" or d["output"] == "revision.data"))
        key = spec["output"]
        outputs = [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]}
                   for p in key.strip(".").split("...")]
        bodies[kind] = {
            "output": key, "outputs": outputs if key.startswith("..") else outputs[0],
            "inputs": [{**i, "value": values.get(f'{i["id"]}.{i["property"]}')}
                       for i in spec["inputs"]],
            "changedPropIds": [], "state": [{**s, "value": values.get(
                f'{s["id"]}.{s["property"]}')} for s in spec["state"]],
        }
    return bodies


def _save_body(dependencies: list[dict[str, Any]], target: Target, indicator: str,
               value: float) -> dict[str, Any]:
    spec = next(d for d in dependencies if "entry-message.children" in d["output"])
    from ekinerja.numbers import format_number

    form = {"entry-save.n_clicks": 1, "entry-indicator.value": indicator,  # as a person types
            "period.value": target.period, "entry-value.value": format_number(value, "id", 1),
            "entry-note.value": "uji beban", "entry-evidence.value": None, "lang.value": "id",
            # a random value may look implausible next to the last one: confirmed, with a reason
            "entry-confirm.value": ["yes"],
            "entry-confirm-reason.value": "uji beban: nilai acak yang disengaja"}
    key = spec["output"]
    outputs = [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1].split("@")[0]}
               for p in key.strip(".").split("...")]
    return {"output": key, "outputs": outputs,
            "inputs": [{**i, "value": form.get(f'{i["id"]}.{i["property"]}')}
                       for i in spec["inputs"]],
            "changedPropIds": ["entry-save.n_clicks"],
            "state": [{**s, "value": form.get(f'{s["id"]}.{s["property"]}')}
                      for s in spec["state"]]}


def session(base: str, username: str, target: Target, until: float, think: float,
            results: Results, seed: int, counted_from: float = 0.0) -> None:
    """One signed-in browser: open pages, poll, and (an admin) record realizations; requests
    started before `counted_from` (the warm-up) are made but not counted."""
    import requests

    rng = random.Random(seed)
    http = requests.Session()
    http.post(base + "/login", data={"username": username, "password": PASSWORD},
              allow_redirects=False, timeout=120)
    dependencies = http.get(base + "/_dash-dependencies", timeout=120).json()
    bodies = _bodies(dependencies, target)
    pages = ["home", "scorecard", "tree", "map", "entry"]
    sent = 0
    while time.monotonic() < until:
        kinds = [rng.choice(pages), "poll"]
        if username == ADMIN and rng.random() < 0.3:
            kinds.append("save")
        for kind in kinds:
            body = (_save_body(dependencies, target, rng.choice(target.indicators),
                               rng.uniform(10, 120)) if kind == "save" else bodies[kind])
            sent += 1
            request_id = f"load-{kind}-{seed}-{sent}"
            counted = time.monotonic() >= counted_from
            started = time.perf_counter()
            error = None
            try:
                response = _post(http, base + "/_dash-update-component", body, request_id,
                                 lambda k=kind, c=counted: results.add_resent(k) if c else None)
                content = response.content
                if response.status_code not in (200, 204):
                    error = f"HTTP {response.status_code} {content[:120]!r}"
                elif kind == "save" and "Tersimpan" not in content.decode("utf-8", "replace"):
                    error = content[:160].decode("utf-8", "replace")
            except requests.RequestException as exc:
                error = f"{type(exc).__name__}: {exc}"
            if counted:
                results.add(kind, time.perf_counter() - started, error, request_id)
        time.sleep(rng.uniform(0, 2 * think))


def _closed_before_answer(exc: Exception) -> bool:
    """Whether a request failed because the server closed its kept-alive connection before
    reading it (a reset or an empty answer): nothing of it was processed."""
    import requests
    from urllib3.exceptions import ProtocolError

    cause = exc.args[0] if isinstance(exc, requests.ConnectionError) and exc.args else None
    if not isinstance(cause, ProtocolError) or len(cause.args) < 2:
        return False
    reason = cause.args[1]
    return isinstance(reason, ConnectionResetError | BrokenPipeError) or (
        type(reason).__name__ == "RemoteDisconnected")


def _post(http: Any, url: str, body: dict[str, Any], request_id: str,
          resent: Any) -> Any:
    """POST a callback as a browser does: a request sent on a kept-alive connection that the
    server closed meanwhile (a worker recycled, an idle connection timed out) is sent once
    more on a new connection (`resent()` counts it); any other failure is raised."""
    import requests

    headers = {"X-Request-Id": request_id}
    try:
        return http.post(url, json=body, headers=headers, timeout=120)
    except requests.ConnectionError as exc:
        if not _closed_before_answer(exc):
            raise
        resent()
        return http.post(url, json=body, headers=headers, timeout=120)


def percentile(values: list[float], share: float) -> float:
    """The `share` quantile (0..1) of `values`, in milliseconds."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def machine_load() -> str:
    """The time (UTC) and the load average of the machine (1, 5, 15 minutes), to print with
    the figures: the client's sessions and other jobs share the server's cores."""
    one, five, fifteen = os.getloadavg()
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    return f"{stamp}, load average {one:.2f} / {five:.2f} / {fifteen:.2f}"


@dataclass
class Usage:
    """CPU seconds the server (arbiter and workers) and this client used while counted."""

    server: float | None = None
    client: float | None = None


def _server_side(results: Results, log_path: Path | None) -> tuple[dict[str, list[float]], int]:
    """Per kind, the server-side durations of the counted requests; workers recycled."""
    if log_path is None:
        return {}, 0
    kinds = {rid: rid.split("-")[1] for rid in results.counted_ids}
    found = server_durations(log_path, kinds)
    restarts = int(found.pop("restarts", [0.0])[0])
    return found, restarts


def report(results: Results, seconds: float, sessions: int, workers: int,
           usage: Usage | None = None, log_path: Path | None = None) -> dict[str, Any]:
    """Print and return the figures: throughput, p50/p95 per kind and overall (as the client
    saw them, and inside the server), errors, requests resent, CPU used per request."""
    every = [x for values in results.latencies.values() for x in values]
    pages = [x for kind, values in results.latencies.items() if kind not in ("poll", "save")
             for x in values]
    total_errors = sum(results.errors.values())
    inside, restarts = _server_side(results, log_path)
    usage = usage or Usage()
    per_request = {name: (None if used is None or not every
                          else round(1000 * used / len(every), 1))
                   for name, used in (("server", usage.server), ("client", usage.client))}
    summary = {
        "sessions": sessions, "workers": workers, "seconds": round(seconds, 1),
        "requests": len(every), "throughput_per_s": round(len(every) / seconds, 1),
        "p50_ms": round(percentile(every, 0.50), 1), "p95_ms": round(percentile(every, 0.95), 1),
        "page_callbacks_p50_ms": round(percentile(pages, 0.50), 1),
        "page_callbacks_p95_ms": round(percentile(pages, 0.95), 1),
        "errors": total_errors, "resent": sum(results.resent.values()),
        "workers_recycled": restarts,
        "server_cpu_ms_per_request": per_request["server"],
        "client_cpu_ms_per_request": per_request["client"],
        "by_kind": {kind: {"requests": len(values), "p50_ms": round(percentile(values, .5), 1),
                           "p95_ms": round(percentile(values, .95), 1),
                           "server_p50_ms": round(percentile(inside.get(kind, []), .5), 1),
                           "server_p95_ms": round(percentile(inside.get(kind, []), .95), 1),
                           "errors": results.errors.get(kind, 0),
                           "resent": results.resent.get(kind, 0)}
                    for kind, values in sorted(results.latencies.items())},
    }
    print(f"{sessions} sessions x {seconds:.0f} s on {workers} workers: "
          f"{summary['requests']} requests, {summary['throughput_per_s']} req/s, "
          f"p50 {summary['p50_ms']} ms, p95 {summary['p95_ms']} ms "
          f"(page callbacks p50 {summary['page_callbacks_p50_ms']} ms, "
          f"p95 {summary['page_callbacks_p95_ms']} ms), errors {total_errors}")
    print(f"  CPU per request: server {per_request['server']} ms, load client "
          f"{per_request['client']} ms; workers recycled {restarts}; requests resent after "
          f"a closed kept-alive connection {summary['resent']}")
    for kind, figures in summary["by_kind"].items():
        print(f"  {kind:<10} {figures['requests']:>6} requests  p50 {figures['p50_ms']:>8} ms  "
              f"p95 {figures['p95_ms']:>8} ms  (in the server p50 {figures['server_p50_ms']:>7}"
              f" ms, p95 {figures['server_p95_ms']:>7} ms)  errors {figures['errors']}")
    for example in results.examples:
        print(f"  error: {example}")
    return summary


def run(url: str, sessions: int, seconds: float, workers: int, threads: int, think: float,
        employees: int, agencies: int, warmup: float = 0.0,
        max_requests: int | None = None, log_path: Path | None = None) -> dict[str, Any]:
    """Prepare, serve, load (after `warmup` seconds of the same load, not counted), report.
    The server's log goes to `log_path` (a temporary file when None, removed afterwards)."""
    import tempfile

    target = prepare(url, employees, agencies)
    results = Results()
    usage = Usage()
    with tempfile.TemporaryDirectory(prefix="ekinerja-load-") as folder:
        log = log_path or Path(folder) / "server.log"
        with server(url, workers, threads, log, max_requests) as served:
            print(f"started: {machine_load()}", flush=True)
            # every session signs in and reads the callback map before the clock starts
            start_at = time.monotonic() + 5 + sessions * 0.4
            counted_from = start_at + warmup
            until = counted_from + seconds
            threads_ = []
            for n in range(sessions):
                user = ADMIN if n % 10 == 0 else VIEWER

                def body(user: str = user, n: int = n) -> None:
                    time.sleep(max(0.0, start_at - time.monotonic() - sessions * 0.4 + n * 0.4))
                    session(served.base, user, target, until, think, results, n, counted_from)

                thread = threading.Thread(target=body, daemon=True)
                thread.start()
                threads_.append(thread)
            time.sleep(max(0.0, counted_from - time.monotonic()))
            server_from, client_from = server_cpu_seconds(served.process.pid), time.process_time()
            for thread in threads_:
                thread.join(timeout=seconds + 600)
            server_to = server_cpu_seconds(served.process.pid)
            if server_from is not None and server_to is not None:
                usage.server = server_to - server_from
            usage.client = time.process_time() - client_from
            elapsed = max(time.monotonic() - counted_from, 1e-9)
            print(f"finished: {machine_load()}", flush=True)
        return report(results, elapsed, sessions, workers, usage, log)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=os.environ.get("EKINERJA_LOAD_DATABASE",
                                                             DEFAULT_DATABASE))
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean pause of a session between page views (s)")
    parser.add_argument("--employees", type=int, default=25_000)
    parser.add_argument("--agencies", type=int, default=45)
    parser.add_argument("--warmup", type=float, default=0.0,
                        help="seconds of the same load before the clock starts (not counted): "
                             "every worker has loaded the plan and served each page once")
    parser.add_argument("--max-requests", type=int, default=None,
                        help="passed to `ekinerja serve` (its default when not given)")
    parser.add_argument("--server-log", type=Path, default=None,
                        help="keep the server's log in this file")
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = parser.parse_args(argv)
    summary = run(args.database, args.sessions, args.seconds, args.workers, args.threads,
                  args.think, args.employees, args.agencies, args.warmup,
                  args.max_requests, args.server_log)
    if args.json:
        print(json.dumps(summary))
    return 1 if summary["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
