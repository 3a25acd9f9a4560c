"""The benchmark of docs/scale.md: compile, roll-up, single change, influence, memory, baselines."""

from __future__ import annotations

import gc
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from ekinerja.generate import SCENARIOS, generate
from ekinerja.model import PlanDocument
from ekinerja.periods import parse_period
from ekinerja.rollup import Engine, optional_float

FORECAST_RATIO = 2.0  # the forecast roll-up against the plain roll-up (issue 18)
TARGETS_MS: dict[str, dict[str, float]] = {
    "province": {
        "full roll-up": 50.0,
        "single change": 2.0,
        "home data after a realization save": 10.0,
        "weight save visible (save, follow, home data)": 100.0,
    },
    "national": {"full roll-up": 300.0},
}
#: What `ekinerja bench --only` can choose; web, database and caches run at province scale.
PARTS = ("engine", "web", "database", "caches")


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """Median and best wall time of `fn` in milliseconds over `repeat` runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times)


def rss_mb() -> float:
    """Current resident memory of this process in MB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def networkx_rollup(engine: Engine, achievements: np.ndarray) -> float | None:
    """A plain recursive roll-up over the networkx graph (the baseline), returning the root."""
    graph = engine.graph
    leaf = dict(zip(engine.indicator_codes, achievements.tolist(), strict=True))
    memo: dict[str, float | None] = {}

    def score(node: str) -> float | None:
        if node in memo:
            return memo[node]
        if node in leaf:
            result = optional_float(leaf[node])
        else:
            num = den = 0.0
            for child, data in graph[node].items():
                s = score(child)
                if s is not None:
                    num += data["weight"] * s
                    den += data["weight"]
            result = num / den if den > 0 else None
        memo[node] = result
        return result

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    return score(engine.root) if engine.root else None


def scatter_add(engine: Engine, scores: np.ndarray) -> np.ndarray:
    """The bare numpy floor: one scatter-add of weighted child scores into parents."""
    values = engine.e_weight * np.nan_to_num(scores[engine.e_child])
    return np.bincount(engine.e_parent, values, engine.n)


def bench_scenario(name: str, doc: PlanDocument, repeat: int) -> dict[str, float]:
    """Time one scenario; returns figures in ms (and MB)."""
    figures: dict[str, float] = {"nodes": len(doc.objectives) + len(doc.indicators)}
    start = time.perf_counter()
    engine = Engine(doc)
    figures["compile"] = (time.perf_counter() - start) * 1000
    period = engine.periods(realized_only=True)[-1]
    start = time.perf_counter()
    engine.evaluate(period)
    figures["first evaluation"] = (time.perf_counter() - start) * 1000
    figures["full roll-up"], figures["full roll-up best"] = timed(
        lambda: engine.evaluate(period), repeat
    )
    evaluation = engine.evaluate(period)
    figures["influence"], _ = timed(lambda: evaluation._compute_influence(), repeat)
    figures.update(bench_forecast(engine, period, repeat))
    rng = np.random.default_rng(7)
    picks = rng.integers(0, len(engine.indicator_codes), size=max(repeat, 50))
    codes = [engine.indicator_codes[int(k)] for k in picks]
    values = rng.uniform(0, 150, size=len(codes))
    changes = iter(zip(codes, values, strict=True))

    def one_change() -> None:
        code, value = next(changes)
        evaluation.set_realization(code, float(value))

    figures["single change"], _ = timed(one_change, len(codes))
    scores = evaluation.score
    figures["numpy scatter-add"], _ = timed(lambda: scatter_add(engine, scores), repeat)
    nx_repeat = 1 if figures["nodes"] > 100_000 else 3
    start = time.perf_counter()
    _ = engine.graph  # built once, not part of the recursive roll-up time
    figures["networkx graph build"] = (time.perf_counter() - start) * 1000
    fresh = engine.evaluate(period)
    figures["networkx recursive roll-up"], _ = timed(
        lambda: networkx_rollup(engine, fresh.achievements), nx_repeat
    )
    reference = networkx_rollup(engine, fresh.achievements)
    ours = fresh.score_of(engine.root)
    if reference is None or ours is None or abs(reference - ours) > 1e-6 * max(1.0, abs(ours)):
        raise AssertionError(f"baseline disagrees: networkx {reference} vs engine {ours}")
    figures["rss MB"] = rss_mb()
    figures["peak rss MB"] = peak_rss_mb()
    return figures


def forecast_as_of(period: str) -> str:
    """The as-of period of the forecast benchmark: the third quarter of the evaluated year."""
    return f"{parse_period(period).year}-Q3"


def bench_forecast(engine: Engine, period: str, repeat: int) -> dict[str, float]:
    """Year-end forecast as of the third quarter: per indicator, rolled up, with its band.

    The plain roll-up of the year is timed again, interleaved with the forecast runs, so the
    ratio compares runs made under the same load of the machine.
    """
    from ekinerja import forecast

    as_of = forecast_as_of(period)
    year = str(parse_period(as_of).year)
    forecast.forecast(engine, as_of)  # the sub-periods' inputs are cached, as for the roll-up

    def with_band() -> None:
        result = forecast.forecast(engine, as_of)
        result.low, result.high  # noqa: B018 — the two band roll-ups, computed on first use

    runs: dict[str, Callable[[], Any]] = {
        "forecast: plain roll-up of the year (paired)": lambda: engine.evaluate(year),
        "forecast of every indicator": lambda: forecast.forecast_indicators(engine, as_of),
        "forecast roll-up": lambda: forecast.forecast(engine, as_of),
        "forecast roll-up with band": with_band,
    }
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, run_once in runs.items():
            start = time.perf_counter()
            run_once()
            times[name].append((time.perf_counter() - start) * 1000)
    return {name: statistics.median(values) for name, values in times.items()}


def _bench_postgres_url() -> str:
    """A PostgreSQL database of the benchmark's own (created if absent), so tests are untouched."""
    url = os.environ.get("EKINERJA_BENCH_POSTGRES")
    if url:
        return url
    import psycopg

    with psycopg.connect(
        "host=127.0.0.1 port=5432 user=postgres dbname=test", autocommit=True, connect_timeout=5
    ) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = 'ekinerja_bench'"
        ).fetchone()
        if not exists:
            conn.execute("CREATE DATABASE ekinerja_bench")
    return "postgresql+psycopg://postgres@127.0.0.1:5432/ekinerja_bench"


def bench_database(doc: PlanDocument) -> dict[str, float]:
    """Import, then cold load (read the plan + compile) from SQLite and PostgreSQL, in ms."""
    from ekinerja import services
    from ekinerja.storage.database import Database

    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        urls: dict[str, Callable[[], str]] = {
            "sqlite": lambda: f"sqlite:///{os.path.join(tmp, 'bench.sqlite')}",
            "postgresql": _bench_postgres_url,
        }
        for kind, url in urls.items():
            try:
                db = Database(url())
                db.reset_for_tests()
                db.upgrade()
            except Exception as exc:  # a benchmark reports and goes on
                print(f"  {kind}: skipped ({type(exc).__name__}: {exc})", file=sys.stderr)
                continue
            start = time.perf_counter()
            services.import_document(db, services.system_user(), doc)
            figures[f"{kind} import"] = (time.perf_counter() - start) * 1000
            db.dispose()
            gc.collect()
            cold = Database(db.url)
            start = time.perf_counter()
            Engine(services.load_document(cold, doc.plan.code))
            figures[f"{kind} cold load"] = (time.perf_counter() - start) * 1000
            cold.dispose()
    return figures


def bench_caches(doc: PlanDocument, repeat: int) -> dict[str, float]:
    """Medians (ms) of what follows a save on a real SQLite database: the service's write, the
    cached engine following it without a recompile, and the Beranda's data on the new engine;
    and a weight save made visible (the save, the engine following it, the Beranda's data)."""
    from ekinerja import services
    from ekinerja.readmodels.home import home_data
    from ekinerja.readmodels.periods import default_period
    from ekinerja.storage.database import Database

    user = services.system_user()
    times: dict[str, list[float]] = {}

    def lap(name: str, start: float) -> float:
        now = time.perf_counter()
        times.setdefault(name, []).append((now - start) * 1000)
        return now

    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{os.path.join(tmp, 'caches.sqlite')}")
        try:
            db.upgrade()
            services.import_document(db, user, doc)
            engine = services.load_engine(db)
            period = default_period(engine)
            home_data(engine, period)
            gc.collect()
            gc.freeze()  # as in a server: the plans loaded are out of the collector's way
            rng = np.random.default_rng(11)
            for k in rng.integers(0, len(doc.indicators), size=repeat).tolist():
                code, value = doc.indicators[k].code, float(rng.uniform(0, 150))
                start = time.perf_counter()
                services.record_realization(db, user, None, code, period, value)
                start = lap("realization save (service, SQLite)", start)
                engine = services.load_engine(db)
                start = lap("engine follows the realization save", start)
                home_data(engine, period)
                lap("home data after a realization save", start)
            parent = engine.root
            for k in range(repeat):
                version, current = services.current_weights(db, None, parent)
                weights = {child: float(1 + (i + k) % 5) for i, child in enumerate(current)}
                start = time.perf_counter()
                services.set_weights(db, user, None, parent, weights, seen_version=version,
                                     reason="bench")
                middle = lap("weight save (service, SQLite)", start)
                engine = services.load_engine(db)
                middle = lap("engine follows the weight save", middle)
                home_data(engine, period)
                lap("weight save visible (save, follow, home data)", start)
            structure_edits(db, user, doc, period, max(3, repeat // 2), lap)
        finally:
            gc.unfreeze()
            db.dispose()
    figures = {name: statistics.median(values) for name, values in times.items()}
    edits = sorted(times.get(STRUCTURE_EDIT, []))
    if edits:
        figures[STRUCTURE_EDIT_P95] = edits[min(len(edits) - 1, round(0.95 * (len(edits) - 1)))]
    return figures


STRUCTURE_EDIT = "structure edit visible (save, reload, home data)"
STRUCTURE_EDIT_P95 = "structure edit p95 (save, reload, home data)"
STRUCTURE_EDIT_TARGET_MS = 200.0


def structure_edits(db: Any, user: Any, doc: PlanDocument, period: str | None, repeat: int,
                    lap: Callable[[str, float], float]) -> None:
    """One structure edit after another, as the workshop makes them (a rename, a move and
    its undo), each timed until the new scores are on the Beranda."""
    from ekinerja import services
    from ekinerja.readmodels.home import home_data

    rhk = next(o for o in reversed(doc.objectives) if o.level == "individual")
    parents = [lk.parent for lk in doc.links if lk.child == rhk.code]
    siblings = [o.code for o in doc.objectives if o.level == "individual"
                and o.code != rhk.code and o.unit == rhk.unit][:1]
    for k in range(repeat):
        start = time.perf_counter()
        if k % 3 == 0:
            services.update_objective(db, user, None, rhk.code, name=f"{rhk.name} ({k})")
        elif k % 3 == 1 and parents and siblings:
            services.move_objective(db, user, None, rhk.code, siblings[0], weight=1.0)
        else:
            services.undo_edit(db, user, None, services.edit_history(db, None, 1)[0]["id"])
        middle = lap("structure edit save (service, SQLite)", start)
        engine = services.load_engine(db)
        home_data(engine, period)
        lap(STRUCTURE_EDIT, start)
        del middle


def bench_web(doc: PlanDocument, repeat: int) -> dict[str, float]:
    """Page callbacks (p95 server time), the sign-in and the first page load's server time (ms)."""
    import tempfile

    from ekinerja import passwords, services
    from ekinerja.app import AppSettings, callback_timings, create_app
    from ekinerja.services import accounts
    from ekinerja.sources import document_provider
    from ekinerja.storage.database import Database

    figures: dict[str, float] = {}
    provider = document_provider(doc)
    workdir = tempfile.TemporaryDirectory()
    url = f"sqlite:///{workdir.name}/accounts.sqlite"  # the accounts of a plan shown in memory
    accounts_db = Database(url)
    accounts_db.upgrade()
    password = passwords.generate()
    accounts.create_account(accounts_db, services.system_user(), "bench", "viewer", password)
    app = create_app(AppSettings(database_url=url), provider=provider)
    client = app.server.test_client()
    start = time.perf_counter()
    signed = client.post("/login", data={"username": "bench", "password": password})
    figures["sign-in (POST /login, argon2id)"] = (time.perf_counter() - start) * 1000
    if signed.status_code != 303:
        raise AssertionError(f"POST /login: HTTP {signed.status_code}")
    start = time.perf_counter()
    for path in ("/", "/_dash-layout", "/_dash-dependencies"):
        response = client.get(path)
        if response.status_code != 200:
            raise AssertionError(f"GET {path}: HTTP {response.status_code}")
    first = callback_timings(AppSettings(), repeat=1, provider=provider)
    figures["first page load (server)"] = (time.perf_counter() - start) * 1000 - sum(
        v[0] for k, v in first.items() if k != "beranda.update_home"
    ) * 1000
    timings = callback_timings(AppSettings(), repeat=repeat, provider=provider)
    timings["bobot.preview"] = _weights_preview_timings(provider(), repeat)
    accounts_db.dispose()
    workdir.cleanup()
    for name, values in timings.items():
        ordered = sorted(values)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        figures[f"callback p95 {name}"] = p95 * 1000
    return figures


def _weights_preview_timings(engine: Engine, repeat: int) -> list[float]:
    """Seconds per what-if preview of new weights under the vision (the widest effect)."""
    from ekinerja.readmodels import weights

    period = engine.periods(realized_only=True)[-1]
    base = engine.evaluate(period)
    children = [c.code for c in weights.children(engine, engine.root)]
    times = []
    for k in range(repeat):
        proposal = {code: float(1 + (i + k) % 5) for i, code in enumerate(children)}
        start = time.perf_counter()
        weights.preview(engine, base, engine.root, proposal)
        times.append(time.perf_counter() - start)
    return times


def _print_table(results: dict[str, dict[str, float]]) -> None:
    names = list(results)
    keys: list[str] = []
    for figures in results.values():
        keys.extend(k for k in figures if k not in keys)
    width = max(len(k) for k in keys) + 2
    print("".ljust(width) + "".join(n.rjust(14) for n in names))
    for key in keys:
        row = key.ljust(width)
        for name in names:
            value = results[name].get(key)
            row += ("–" if value is None else f"{value:,.2f}").rjust(14)
        unit = "" if "MB" in key or key == "nodes" else "  ms"
        print(row + unit)


def run(scenarios: list[str], repeat: int = 20, seed: int = 1, with_database: bool = True,
        parts: tuple[str, ...] = PARTS) -> None:
    """Run the benchmark (its `parts`) and print the table, ratios and targets."""
    print(
        f"ekinerja bench — {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, numpy {np.__version__}"
    )
    results: dict[str, dict[str, float]] = {}
    order = sorted(scenarios, key=lambda s: SCENARIOS[s][0])
    for name in order:
        employees, agencies = SCENARIOS[name]
        start = time.perf_counter()
        doc = generate(employees, agencies, seed)
        generated = (time.perf_counter() - start) * 1000
        print(
            f"[{name}] generated {employees} employees / {agencies} agencies "
            f"in {generated / 1000:.1f} s",
            file=sys.stderr,
            flush=True,
        )
        figures: dict[str, float] = {"nodes": len(doc.objectives) + len(doc.indicators)}
        if "engine" in parts:
            figures.update(bench_scenario(name, doc, repeat))
        if name == "province" and "web" in parts:
            figures.update(bench_web(doc, repeat))
        if name == "province" and with_database and "database" in parts:
            figures.update(bench_database(doc))
        if name == "province" and "caches" in parts:
            figures.update(bench_caches(doc, repeat))
        results[name] = figures
        del doc
        gc.collect()
    _print_table(results)
    print()
    for name, figures in results.items():
        if "full roll-up" in figures:
            ratio_nx = figures["networkx recursive roll-up"] / figures["full roll-up"]
            ratio_np = figures["full roll-up"] / figures["numpy scatter-add"]
            print(
                f"{name}: roll-up is {ratio_nx:,.0f}× faster than recursive networkx and "
                f"{ratio_np:,.1f}× the bare numpy scatter-add"
            )
            plain = figures["forecast: plain roll-up of the year (paired)"]
            ratio = figures["forecast roll-up"] / plain
            verdict = "OK" if ratio <= FORECAST_RATIO else "OVER"
            print(
                f"  forecast roll-up as of Q3 (every indicator forecast + roll-up) "
                f"{figures['forecast roll-up']:.2f} ms = {ratio:.2f}× the plain roll-up "
                f"({plain:.2f} ms, interleaved) (target ≤ {FORECAST_RATIO:g}×) {verdict}; "
                f"with its low/high band {figures['forecast roll-up with band']:.2f} ms = "
                f"{figures['forecast roll-up with band'] / plain:.2f}×"
            )
        else:
            print(f"{name}:")
        for key, limit in TARGETS_MS.get(name, {}).items():
            if key not in figures:
                continue
            verdict = "OK" if figures[key] <= limit else "OVER"
            print(f"  target {key} ≤ {limit:g} ms: {figures[key]:.2f} ms {verdict}")
        if "sqlite cold load" in figures:
            verdict = "OK" if figures["sqlite cold load"] <= 3000 else "OVER"
            cold = figures["sqlite cold load"]
            print(f"  target cold load SQLite ≤ 3000 ms: {cold:.0f} ms {verdict}")
        if "postgresql cold load" in figures:
            verdict = "OK" if figures["postgresql cold load"] <= 4000 else "OVER"
            print(
                f"  target cold load PostgreSQL ≤ 4000 ms: "
                f"{figures['postgresql cold load']:.0f} ms {verdict}"
            )
        callbacks = {k: v for k, v in figures.items() if k.startswith("callback p95")}
        if callbacks:
            worst = max(callbacks, key=callbacks.__getitem__)
            verdict = "OK" if callbacks[worst] <= 150 else "OVER"
            print(
                f"  target every callback ≤ 150 ms at p95: worst {worst[13:]} "
                f"{callbacks[worst]:.1f} ms {verdict}"
            )
        if STRUCTURE_EDIT_P95 in figures:
            edit = figures[STRUCTURE_EDIT_P95]
            verdict = "OK" if edit <= STRUCTURE_EDIT_TARGET_MS else "OVER"
            print(f"  target structure edit ≤ {STRUCTURE_EDIT_TARGET_MS:g} ms at p95 (saved and "
                  f"scores on screen): {edit:.0f} ms {verdict}")
        if "first page load (server)" in figures:
            load = figures["first page load (server)"]
            verdict = "OK" if load <= 2000 else "OVER"
            print(f"  target first page load ≤ 2000 ms (server side): {load:.0f} ms {verdict}")
        if figures.get("peak rss MB", 0.0) > 1024:
            print(f"  peak memory {figures['peak rss MB']:.0f} MB is over 1 GB")
