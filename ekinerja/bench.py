"""The benchmark of docs/scale.md: compile, roll-up, single change, influence, memory, baselines."""

from __future__ import annotations

import gc
import math
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from ekinerja.benchscore import recursive_file_score  # noqa: F401 (the baseline, here too)
from ekinerja.generate import SCENARIOS, generate
from ekinerja.model import PlanDocument
from ekinerja.periods import parse_period
from ekinerja.rollup import Columns, Engine, StructureColumns, optional_float

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
FIRST_VISIT_MS = 150  # every page callback's first visit, province (issue 13)

#: The two databases of the benchmarks: (figure prefix, name).
BACKENDS = (("sqlite", "SQLite"), ("postgresql", "PostgreSQL"))
#: The kinds of workshop edit timed one by one (`structure_edits`), as the goals name them.
STRUCTURE_EDITS = {
    "rename": "a rename",
    "move": "a move (RHK under a colleague's RHK)",
    "undo": "the undo of that move",
    "add objective": "an objective added",
    "add indicator": "an indicator added",
}

#: The `import` of a province plan, SQLite and PostgreSQL (ms).
IMPORT_MS = (8000, 10000)

#: The served worker's runs of `bench_memory`: (figure, EKINERJA_ENGINE_SNAPSHOTS), in order
#: (the second writes the snapshot the third loads).
WORKER_RUNS = (("served worker", "0"), ("served worker (writes the snapshot)", "1"),
               ("served worker (snapshot)", "1"))


def _per_backend(figure: str, goals: tuple[float, float], what: str
                 ) -> tuple[tuple[str, str, float, str, str], ...]:
    """One province goal per database of BACKENDS: its `figure`, `what` with its name."""
    return tuple(("province", f"{kind}{figure}", goal, "ms", what.format(name))
                 for (kind, name), goal in zip(BACKENDS, goals, strict=True))


#: The goals of the engine at national scale (issue 13): (scenario, figure, goal, unit, what).
GOALS: tuple[tuple[str, str, float, str, str], ...] = (
    ("province", "score file vs recursive scorer (ratio)", 0.25, "×",
     "`score` end to end vs a recursive pure-Python scorer"),
    ("province", "score file vs recursive scorer (CPU ratio)", 0.25, "×",
     "the same in CPU time (user + system: far less dependent on the load)"),
    ("province", "score file (first run) peak MB", 300, "MB", "peak memory of that `score`"),
    ("province", "score file again (snapshot)", 500, "ms", "`score` of a file scored once"),
    ("province", "compile", 150, "ms", "compile (from columns: a worker's path)"),
    ("province", "compile from plan objects", 150, "ms",
     "compile from the plan's objects (Engine(doc): not the worker's path)"),
    *_per_backend(" cold load", (1500, 1500), "worker cold load, {} (no snapshot)"),
    *_per_backend(" cold load (snapshot)", (500, 500), "worker cold load, {}, snapshot"),
    *_per_backend(" import", IMPORT_MS, "`import`, {}"),
    ("province", "weight save visible (save, follow, home data)", 100, "ms",
     "weight save → new score"),
    ("province", "rename visible (save, follow, home data)", 200, "ms",
     "structure edit: a rename → new score"),
    ("province", "structure edit visible (save, follow, home data)", 200, "ms",
     "structure edit: a perspective change → new score"),
    *(("province", f"structure edit p95: {kind}", 200, "ms",
       f"structure edit: {what} → new score, p95") for kind, what in STRUCTURE_EDITS.items()),
    ("province", "structure edit p95 (save, follow, home data)", 200, "ms",
     "workshop edits (all of the above) → new score, p95"),
    ("province", "memory growth over the structure edits MB", 20, "MB",
     "memory growth over the workshop edits in one worker, after a first round"),
    ("province", "worst callback p95", 150, "ms", "every page callback, p95"),
    ("province", "worst callback first visit", FIRST_VISIT_MS, "ms",
     "every page callback, first visit (nothing computed before)"),
    ("national", "score file (first run) peak MB", 1500, "MB", "national `score` peak memory"),
    ("national", "import peak MB", 1500, "MB", "national `import` (SQLite) peak memory"),
    *(("national", f"{name} peak MB", 1500, "MB",
       f"national {name}: peak memory (cold load, the Beranda's data)")
      for name, _ in WORKER_RUNS),
)

#: What `ekinerja bench --only` can choose; web, database and caches run at province scale.
PARTS = ("engine", "score", "web", "database", "caches", "api")


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


def numpy_level_sweep(engine: Engine, period: str) -> np.ndarray:
    """The bare numpy floor: achievements of the period's inputs, then a level-by-level sweep
    of weighted means (skip mode) up to the root; no coverage, no bands, no bookkeeping."""
    inputs = engine.inputs(period)
    score = np.full(engine.n, np.nan)
    raw = engine.achievements(inputs, inputs.realization)
    engine.of_indicators(score)[:] = np.minimum(np.maximum(raw, engine.floor), engine.cap)
    for layer in engine.layers:  # deepest parents first
        child = score[engine.e_child[layer.edges]]
        has = ~np.isnan(child)
        weight = engine.e_weight[layer.edges] * has
        num = np.bincount(layer.parent_inv, weight * np.where(has, child, 0.0),
                          len(layer.parents))
        den = np.bincount(layer.parent_inv, weight, len(layer.parents))
        with np.errstate(invalid="ignore", divide="ignore"):
            score[layer.parents] = np.where(den > 0, num / den, np.nan)
    return score


def bench_scenario(name: str, doc: PlanDocument, repeat: int) -> dict[str, float]:
    """Time one scenario; returns figures in ms (and MB)."""
    figures: dict[str, float] = {"nodes": len(doc.objectives) + len(doc.indicators)}
    figures.update(bench_compile(doc, repeat))
    engine = Engine(doc)
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
    figures.update(bench_skp(engine, period, repeat))
    rng = np.random.default_rng(7)
    picks = rng.integers(0, len(engine.indicator_codes), size=max(repeat, 50))
    codes = [engine.indicator_codes[int(k)] for k in picks]
    values = rng.uniform(0, 150, size=len(codes))
    changes = iter(zip(codes, values, strict=True))

    def one_change() -> None:
        code, value = next(changes)
        evaluation.set_realization(code, float(value))

    figures["single change"], _ = timed(one_change, len(codes))
    figures["numpy level sweep"], _ = timed(lambda: numpy_level_sweep(engine, period), repeat)
    swept = numpy_level_sweep(engine, period)[engine.root_index]
    if engine.missing == "skip" and not math.isclose(
        swept, engine.evaluate(period).score[engine.root_index], rel_tol=1e-9
    ):
        raise AssertionError(f"level sweep disagrees: {swept}")
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
    figures.update(bench_score_file(doc, period, repeat))
    return figures


def bench_compile(doc: PlanDocument, repeat: int) -> dict[str, float]:
    """The compile from columns (what a worker does after its column read: node and period
    ids, the structure's arrays) and from the plan's objects (Engine(doc), the columns taken
    from each object first), medians in ms."""
    structure = StructureColumns.of_document(doc)
    targets = Columns.of_targets(doc.targets).with_ids(structure.index)
    realizations = Columns.of_realizations(doc.realizations).with_ids(structure.index)
    runs = max(3, min(repeat, 7))
    figures = {}
    figures["compile"], _ = timed(lambda: Engine(doc, structure=structure, targets=targets,
                                                 realizations=realizations), runs)
    figures["compile from plan objects"], _ = timed(lambda: Engine(doc), max(3, runs // 2))
    return figures


def _bytecode_environment(folder: str) -> dict[str, str]:
    """The environment of the timed children: this package's bytecode compiled once into
    `folder`, as an installed package has it (pip compiles it), also where
    PYTHONDONTWRITEBYTECODE is set (else every run would compile each module it imports)."""
    env = {**os.environ, "PYTHONPYCACHEPREFIX": folder}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    package = os.path.dirname(os.path.abspath(__file__))
    subprocess.run([sys.executable, "-m", "compileall", "-q", package], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return env


def _timed_child(args: list[str], cache: str, env: dict[str, str] | None = None
                 ) -> tuple[float, float, float]:
    """Wall time (ms), peak resident memory (MB) and CPU time (user + system, ms) of
    `python -m ekinerja.benchscore ARGS` run in a fresh process (standard output discarded), the
    way a person runs the command. The CPU time depends far less on the machine's load."""
    env = {**(os.environ if env is None else env), "XDG_CACHE_HOME": cache}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "ekinerja.benchscore", *args], env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          check=True)
    elapsed = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return elapsed, float(done.stderr.strip().splitlines()[-1]), cpu


def bench_score_file(doc: PlanDocument, period: str, repeat: int) -> dict[str, float]:
    """`ekinerja score FILE --format json` end to end in fresh processes (first run, and again
    with the compiled snapshot), against a recursive pure-Python scorer of the same file run
    interleaved with it, the package's bytecode compiled beforehand; medians (ms) and the
    largest peak memory (MB)."""
    import orjson

    from ekinerja.interchange import to_dict

    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "plan.json")
        with open(path, "wb") as file:
            file.write(orjson.dumps(to_dict(doc)))
        figures["plan file MB"] = os.path.getsize(path) / 1e6
        times: dict[str, list[float]] = {}
        cpu: dict[str, list[float]] = {}
        peaks: dict[str, float] = {}
        env = _bytecode_environment(os.path.join(tmp, "bytecode"))
        for k in range(max(1, min(repeat, 3))):
            cache = os.path.join(tmp, f"cache{k}")
            for name, args in (
                ("score file (first run)", ["score", path, period]),
                ("score file again (snapshot)", ["score", path, period]),
                ("recursive pure-Python scorer", ["recursive", path, period]),
            ):
                elapsed, peak, used = _timed_child(args, cache, env)
                times.setdefault(name, []).append(elapsed)
                cpu.setdefault(name, []).append(used)
                peaks[name] = max(peaks.get(name, 0.0), peak)
        for name, values in times.items():
            figures[name] = statistics.median(values)
            figures[f"{name} CPU"] = statistics.median(cpu[name])
            figures[f"{name} peak MB"] = peaks[name]
    figures["score file vs recursive scorer (ratio)"] = (
        figures["score file (first run)"] / figures["recursive pure-Python scorer"]
    )
    figures["score file vs recursive scorer (CPU ratio)"] = (
        figures["score file (first run) CPU"] / figures["recursive pure-Python scorer CPU"]
    )
    return figures


def bench_skp(engine: Engine, period: str, repeat: int) -> dict[str, float]:
    """The SKP of every employee (every one rated: predikat, unit counts, warnings) and the
    ranking within units and the region, in ms (docs/skp.md)."""
    from ekinerja import skp, tpp
    from ekinerja.model import RATINGS, SkpRating

    ratings = [SkpRating(e.nip, period, RATINGS[k % 3], RATINGS[(k // 3) % 3])
               for k, e in enumerate(engine.doc.employees)]
    skp.evaluate(engine, period, ratings)  # the verified view and its evaluation: once
    figures: dict[str, float] = {}
    figures["skp of every employee"], _ = timed(
        lambda: skp.evaluate(engine, period, ratings), repeat)
    result = skp.evaluate(engine, period, ratings)
    figures["skp ranking (unit and region)"], _ = timed(
        lambda: (tpp.ranks(result.employees.values()), tpp.unit_ranks(result)), repeat)
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
    """`ekinerja import` of the plan as a JSON file (read, checked, stored in one transaction),
    then a cold load (read the plan + compile), then the same file imported again (nothing
    changes: the snapshot, the comparison), on SQLite and PostgreSQL, in ms."""
    from ekinerja import interchange, services
    from ekinerja.planfile import read_plan
    from ekinerja.storage.database import Database

    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "plan.json")
        interchange.save(doc, path)
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
            backend = _server_process(db)
            gc.collect()
            start = time.perf_counter()
            cpu = time.process_time()
            plan = read_plan(path)
            figures[f"{kind} import: reading the file"] = (time.perf_counter() - start) * 1000
            server = _process_cpu_ms(backend)
            services.import_document(db, services.system_user(), plan)
            figures[f"{kind} import"] = (time.perf_counter() - start) * 1000
            figures[f"{kind} import CPU"] = (time.process_time() - cpu) * 1000
            if backend is not None and _server_process(db) == backend:  # the same connection
                figures[f"{kind} import server CPU"] = _process_cpu_ms(backend) - server
            del plan
            db.dispose()
            figures.update(_cold_loads(kind, db.url, doc.plan.code))
            again = Database(db.url)
            try:
                start = time.perf_counter()
                services.import_document(again, services.system_user(), read_plan(path))
                figures[f"{kind} import again (unchanged)"] = (time.perf_counter() - start) * 1000
            finally:
                again.dispose()
    return figures


def _server_process(db: Any) -> int | None:
    """PostgreSQL on this machine: the process id of the server backend of the connection the
    pool hands out next (the one an import then uses), when its /proc entry can be read."""
    if db.dialect != "postgresql":
        return None
    with db.engine.connect() as conn:
        pid = int(conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one())
    return pid if os.access(f"/proc/{pid}/stat", os.R_OK) else None


def _process_cpu_ms(pid: int | None) -> float:
    """User + system CPU time of a process so far, in ms (0 for None)."""
    if pid is None:
        return 0.0
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def bench_memory(doc: PlanDocument) -> dict[str, float]:
    """Peak resident memory (MB), wall and CPU time (ms) of `ekinerja import` of the plan as a
    JSON file into a new SQLite database, then of a served worker's start (its cold load and
    the Beranda's data, `ekinerja.benchscore worker`): without a snapshot, writing it, from
    it. Each a fresh process (`python -m ekinerja.benchscore`), as `score`'s figures."""
    import orjson

    from ekinerja.interchange import to_dict
    from ekinerja.storage.database import Database

    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "plan.json")
        with open(path, "wb") as file:
            file.write(orjson.dumps(to_dict(doc)))
        url = f"sqlite:///{os.path.join(tmp, 'memory.sqlite')}"
        db = Database(url)
        db.upgrade()
        db.dispose()
        env = _bytecode_environment(os.path.join(tmp, "bytecode"))
        cache = os.path.join(tmp, "cache")
        runs = [("import", ["import", path, url], "1"),
                *((name, ["worker", url], enabled) for name, enabled in WORKER_RUNS)]
        for name, args, enabled in runs:
            elapsed, peak, used = _timed_child(
                args, cache, {**env, "EKINERJA_ENGINE_SNAPSHOTS": enabled})
            figures[name], figures[f"{name} CPU"] = elapsed, used
            figures[f"{name} peak MB"] = peak
    return figures


def _cold_loads(kind: str, url: str, plan_code: str) -> dict[str, float]:
    """A worker's cold load (services.load_engine on a fresh Database, nothing cached in the
    process): without a snapshot (the plan read column-wise and compiled; the snapshot write
    after it timed apart), then from the snapshot it wrote. In ms."""
    from ekinerja.services import engine_cache, engine_snapshot
    from ekinerja.storage.database import Database

    figures: dict[str, float] = {}
    snapshot = engine_snapshot.path_of(url, plan_code)
    snapshot.unlink(missing_ok=True)
    for label, enabled in (("", "0"), (" (writes the snapshot)", "1"), (" (snapshot)", "1")):
        engine_cache._ENGINES.clear()
        gc.collect()
        os.environ["EKINERJA_ENGINE_SNAPSHOTS"] = enabled
        cold = Database(url)
        try:
            start = time.perf_counter()
            cpu = time.process_time()
            engine_cache.load_engine(cold, plan_code)
            figures[f"{kind} cold load{label}"] = (time.perf_counter() - start) * 1000
            figures[f"{kind} cold load{label} CPU"] = (time.process_time() - cpu) * 1000
            if enabled == "1":  # the snapshot is written in the background: its own figure
                start = time.perf_counter()
                engine_snapshot.wait()
                figures[f"{kind} cold load{label}: waited for the snapshot"] = (
                    time.perf_counter() - start) * 1000
        finally:
            os.environ.pop("EKINERJA_ENGINE_SNAPSHOTS", None)
            cold.dispose()
    engine_cache._ENGINES.clear()
    snapshot.unlink(missing_ok=True)
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
            code = doc.objectives[1].code
            for k in range(max(2, repeat // 2)):
                start = time.perf_counter()
                services.update_objective(db, user, None, code, name=f"Misi ({k})")
                middle = lap("rename (service, SQLite)", start)
                engine = services.load_engine(db)
                middle = lap("engine follows the rename", middle)
                home_data(engine, period)
                lap("rename visible (save, follow, home data)", start)
            for k in range(max(2, repeat // 4)):
                start = time.perf_counter()
                perspective = ("financial", "stakeholder")[k % 2]
                services.update_objective(db, user, None, code, perspective=perspective)
                middle = lap("structure edit (service, SQLite)", start)
                engine = services.load_engine(db)
                middle = lap("engine follows a structure edit", middle)
                home_data(engine, period)
                lap("structure edit visible (save, follow, home data)", start)
            structure_edits(db, user, doc, period, 1, lap)  # a first round: the allocator warms
            del engine
            gc.collect()
            before = rss_mb()
            structure_edits(db, user, doc, period, max(3, repeat // 2), lap, first=1)
            gc.collect()
            growth = rss_mb() - before
        finally:
            db.dispose()
    figures = {name: statistics.median(values) for name, values in times.items()}
    figures["memory growth over the structure edits MB"] = growth
    for name, values in times.items():
        if name.startswith(STRUCTURE_EDIT_OF):
            figures[f"structure edit p95: {name[len(STRUCTURE_EDIT_OF):]}"] = p95(values)
    edits = [value for name, values in times.items() if name.startswith(STRUCTURE_EDIT_OF)
             for value in values]
    if edits:
        figures[STRUCTURE_EDIT_P95] = p95(edits)
    return figures


def p95(values: list[float]) -> float:
    """The 95th percentile of some timings (the nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


#: The timing of one kind of workshop edit ("... visible: move"), saved until the new scores
#: are on the Beranda; `ekinerja bench` prints the p95 of each kind and of all together.
STRUCTURE_EDIT_OF = "structure edit visible (save, follow, home data): "
STRUCTURE_EDIT_P95 = "structure edit p95 (save, follow, home data)"
STRUCTURE_EDIT_KINDS = tuple(STRUCTURE_EDITS)


def structure_edits(db: Any, user: Any, doc: PlanDocument, period: str | None, repeat: int,
                    lap: Callable[[str, float], float], first: int = 0) -> None:
    """One structure edit after another, as the workshop makes them (a rename, a move of an
    RHK under a colleague's RHK, the undo of that move, an RHK added under it and an indicator
    under the new RHK), each timed until the new scores are on the Beranda."""
    from ekinerja import services
    from ekinerja.model import Indicator, Objective
    from ekinerja.readmodels.home import home_data

    rhk = next(o for o in reversed(doc.objectives) if o.level == "individual")
    siblings = [o.code for o in doc.objectives if o.level == "individual"
                and o.code != rhk.code and o.unit == rhk.unit][:1]
    edits: list[tuple[str, Callable[[int], Any]]] = [
        ("rename", lambda k: services.update_objective(db, user, None, rhk.code,
                                                       name=f"{rhk.name} ({k})")),
        ("add objective", lambda k: services.add_objective(
            db, user, None, Objective(f"{rhk.code}-B{k}", f"RHK tambahan {k}", "individual",
                                      unit=rhk.unit, owner=rhk.owner), parent=rhk.code)),
        ("add indicator", lambda k: services.add_indicator(
            db, user, None, Indicator(f"{rhk.code}-B{k}-I", f"{rhk.code}-B{k}",
                                      f"Indikator tambahan {k}", "dokumen"))),
    ]
    if siblings:
        edits[1:1] = [
            ("move", lambda k: services.move_objective(db, user, None, rhk.code, siblings[0],
                                                       weight=1.0)),
            ("undo", lambda k: services.undo_edit(db, user, None,
                                                  services.edit_history(db, None, 1)[0]["id"])),
        ]
    for k in range(first, first + repeat):
        for kind, edit in edits:
            start = time.perf_counter()
            edit(k)
            lap("workshop edit save (service, SQLite)", start)
            home_data(services.load_engine(db), period)
            lap(STRUCTURE_EDIT_OF + kind, start)


def bench_api(doc: PlanDocument, repeat: int, rows: int = 10_000) -> dict[str, float]:
    """Medians (ms) of the JSON API over HTTP (Flask test client) on a real SQLite database:
    a bulk upload of `rows` realizations (one request, one transaction), the scores of a period,
    and a page of 1000 employees (with and without a matching ETag)."""
    from ekinerja import services
    from ekinerja.app import AppSettings, create_app
    from ekinerja.readmodels.periods import default_period
    from ekinerja.services import accounts, tokens
    from ekinerja.storage.database import Database

    times: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{os.path.join(tmp, 'api.sqlite')}"
        db = Database(url)
        try:
            db.upgrade()
            services.import_document(db, services.system_user(), doc)
            accounts.create_account(db, services.system_user(), "bench-api", "admin",
                                    "bench-api-password")
            token = tokens.create_token(db, services.system_user(), "bench-api", "bench",
                                        "write")[0]
            app = create_app(AppSettings(database_url=url, api_rate_limit=None))
            client = app.server.test_client()
            headers = {"Authorization": f"Bearer {token}"}
            period = default_period(services.load_engine(db))
            codes = [i.code for i in doc.indicators[:rows]]
            for k in range(repeat):
                body = {"rows": [{"indicator": code, "period": period, "value": float(k + j % 97)}
                                 for j, code in enumerate(codes)]}
                start = time.perf_counter()
                answer = client.post("/api/v1/realizations/bulk", json=body, headers=headers)
                times.setdefault(f"API bulk upload of {len(codes)} realizations", []).append(
                    (time.perf_counter() - start) * 1000)
                if answer.status_code != 200:
                    raise AssertionError(f"bulk: HTTP {answer.status_code} {answer.json}")
                for name, path, extra in (
                        ("API scores of a period (every node)", f"/api/v1/scores?period={period}",
                         {}),
                        ("API page of 1000 employees", "/api/v1/employees?per_page=1000", {})):
                    start = time.perf_counter()
                    answer = client.get(path, headers={**headers, **extra})
                    times.setdefault(name, []).append((time.perf_counter() - start) * 1000)
                    etag = answer.headers["ETag"]
                    start = time.perf_counter()
                    again = client.get(path, headers={**headers, "If-None-Match": etag})
                    times.setdefault(f"{name}, 304", []).append(
                        (time.perf_counter() - start) * 1000)
                    if again.status_code != 304:
                        raise AssertionError(f"{path}: HTTP {again.status_code}, not 304")
        finally:
            db.dispose()
    return {name: statistics.median(values) for name, values in times.items()}


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
    first_cpu: dict[str, list[float]] = {}
    first = callback_timings(AppSettings(), repeat=1, provider=provider, cpu=first_cpu)
    figures["first page load (server)"] = (time.perf_counter() - start) * 1000 - sum(
        v[0] for k, v in first.items() if k != "beranda.update_home"
    ) * 1000
    timings = callback_timings(AppSettings(), repeat=repeat, provider=provider)
    timings["bobot.preview"] = _weights_preview_timings(provider(), repeat)
    timings["scorecard.update_grid after a save"] = _grid_after_save_timings(provider(), repeat)
    accounts_db.dispose()
    workdir.cleanup()
    for name, values in timings.items():
        ordered = sorted(values)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        figures[f"callback p95 {name}"] = p95 * 1000
    for name, values in first.items():  # the engine's first call of each: nothing kept yet
        figures[f"callback first visit {name}"] = values[0] * 1000
    for name, values in first_cpu.items():  # CPU time: without the wait on a busy machine
        figures[f"callback first visit CPU {name}"] = values[0] * 1000
    figures["worst callback first visit"] = max(v[0] for v in first.values()) * 1000
    return figures


def _grid_after_save_timings(engine: Engine, repeat: int) -> list[float]:
    """Seconds of the Scorecard grid callback on an engine that followed one saved value (its
    cached rows are the previous evaluation's: only the structure's parts are kept)."""
    from ekinerja.callbacks import scorecard
    from ekinerja.readmodels.periods import default_period
    from ekinerja.readmodels.scorecard import first_unit

    period = default_period(engine)
    unit = first_unit(engine)
    indicators = engine.indicator_codes
    scorecard.render_grid(engine, period, unit, None, "id")
    times = []
    for k in range(repeat):
        engine = engine.with_realizations([(indicators[(37 * k) % len(indicators)], period,
                                            float(50 + k))])
        engine.evaluation(period)  # the roll-up is the engine's (timed above), not the page's
        start = time.perf_counter()
        scorecard.render_grid(engine, period, unit, None, "id")
        times.append(time.perf_counter() - start)
    return times


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
        unit = "" if "MB" in key or "ratio" in key or key == "nodes" else "  ms"
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
        elif "score" in parts:  # `score FILE` alone (the engine part includes it)
            period = Engine(doc).periods(realized_only=True)[-1]
            figures.update(bench_score_file(doc, period, repeat))
        if name == "province" and "web" in parts:
            figures.update(bench_web(doc, repeat))
        if name == "province" and with_database and "database" in parts:
            figures.update(bench_database(doc))
        if name == "national" and with_database and "database" in parts:
            figures.update(bench_memory(doc))
        if name == "province" and "caches" in parts:
            figures.update(bench_caches(doc, repeat))
        if name == "province" and "api" in parts:
            figures.update(bench_api(doc, min(repeat, 5)))
        results[name] = figures
        del doc
        gc.collect()
    _print_table(results)
    print()
    for name, figures in results.items():
        if "full roll-up" in figures:
            ratio_nx = figures["networkx recursive roll-up"] / figures["full roll-up"]
            ratio_np = figures["full roll-up"] / figures["numpy level sweep"]
            print(
                f"{name}: roll-up is {ratio_nx:,.0f}× faster than recursive networkx and "
                f"{ratio_np:,.1f}× a bare numpy level-by-level sweep (achievements + scores)"
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
        for (kind, _), goal in zip(BACKENDS, IMPORT_MS, strict=True):
            if f"{kind} import" in figures:
                took = figures[f"{kind} import"]
                print(f"  target `import` {kind} ≤ {goal} ms: {took:.0f} ms "
                      f"{'OK' if took <= goal else 'OVER'} (reading the file "
                      f"{figures[f'{kind} import: reading the file']:.0f} ms, CPU of the process "
                      f"{figures[f'{kind} import CPU']:.0f} ms"
                      + (f", of the server {figures[f'{kind} import server CPU']:.0f} ms"
                         if f"{kind} import server CPU" in figures else "")
                      + "; the same file again, unchanged: "
                      f"{figures[f'{kind} import again (unchanged)']:.0f} ms)")
        for (kind, backend), limit in zip(BACKENDS, (3000, 4000), strict=True):
            cold = figures.get(f"{kind} cold load")
            if cold is not None:
                verdict = "OK" if cold <= limit else "OVER"
                print(f"  target cold load {backend} ≤ {limit} ms: {cold:.0f} ms {verdict}")
        callbacks = {k: v for k, v in figures.items() if k.startswith("callback p95")}
        if callbacks:
            figures["worst callback p95"] = max(callbacks.values())
        if callbacks:
            worst = max(callbacks, key=callbacks.__getitem__)
            verdict = "OK" if callbacks[worst] <= 150 else "OVER"
            print(
                f"  target every callback ≤ 150 ms at p95: worst {worst[13:]} "
                f"{callbacks[worst]:.1f} ms {verdict}"
            )
        _print_first_visits(figures)
        if "first page load (server)" in figures:
            load = figures["first page load (server)"]
            verdict = "OK" if load <= 2000 else "OVER"
            print(f"  target first page load ≤ 2000 ms (server side): {load:.0f} ms {verdict}")
        if figures.get("peak rss MB", 0.0) > 1024:
            print(f"  peak memory {figures['peak rss MB']:.0f} MB is over 1 GB")
    _print_goals(results)


def _print_first_visits(figures: dict[str, float]) -> None:
    """Each page callback's first visit (a fresh engine, nothing computed before) beside its
    goal, with the CPU time it used (the wall time on a busy machine also holds the wait)."""
    prefix = "callback first visit "
    visits = {k[len(prefix):]: v for k, v in figures.items()
              if k.startswith(prefix) and not k.startswith(prefix + "CPU ")}
    if not visits:
        return
    print(f"  target every callback's first visit ≤ {FIRST_VISIT_MS:g} ms "
          f"(load average {os.getloadavg()[0]:.1f}):")
    for name, value in visits.items():
        cpu = figures.get(f"{prefix}CPU {name}")
        used = "" if cpu is None else f" (CPU {cpu:.1f} ms)"
        verdict = "OK" if value <= FIRST_VISIT_MS else "OVER"
        print(f"    {name}: {value:.1f} ms{used} | ≤ {FIRST_VISIT_MS:g} ms {verdict}")


def _print_goals(results: dict[str, dict[str, float]]) -> None:
    """Every goal of the national-scale issue with its figure beside it (or why there is none)."""
    print()
    print("goals (issue 13): measured | goal")
    for scenario, key, goal, unit, what in GOALS:
        value = results.get(scenario, {}).get(key)
        if value is None:
            print(f"  {scenario} {what}: not measured in this run | ≤ {goal:g} {unit}")
            continue
        verdict = "OK" if value <= goal else "OVER"
        shown = f"{value:.2f}" if unit == "×" else f"{value:,.0f}"
        print(f"  {scenario} {what}: {shown} {unit} | ≤ {goal:g} {unit} {verdict}")

