"""The child processes of the `score` benchmark (ekinerja/bench.py `bench_score_file`):
`python -m ekinerja.benchscore score|recursive FILE PERIOD`, and of the national memory
figures (`import FILE URL`, `worker URL`). A module of its own, importing
nothing beyond the standard library at its top, so that each child loads what its command
loads and no more (the benchmark's own imports would cost each run about 0.2 s of CPU)."""

from __future__ import annotations

import json
import sys
from typing import Any


def recursive_file_score(path: str, period: str) -> float | None:
    """The baseline of `ekinerja score FILE`: a plain recursive pure-Python scorer of a plan file
    (json.load, achievements with sub-period roll-in, clamping, weighted means in skip mode, the
    scores written as JSON), returning the root's score."""
    with open(path, encoding="utf-8") as file:
        data = json.load(file)
    settings = data["plan"].get("settings") or {}
    cap, floor = settings.get("cap", 120.0), settings.get("floor", 0.0)
    own: dict[tuple[str, str], float] = {
        (r["indicator"], r["period"]): r["value"] for r in data.get("realizations", [])
    }
    targets = {(t["indicator"], t["period"]): t for t in data.get("targets", [])}

    def parts(p: str) -> list[str]:
        if len(p) == 4:
            return [f"{p}-Q{q}" for q in range(1, 5)]
        if "-Q" in p:
            q = int(p[-1])
            return [f"{p[:4]}-{m:02d}" for m in range(3 * q - 2, 3 * q + 1)]
        return []

    def realization(code: str, p: str, aggregation: str) -> float | None:
        if (code, p) in own:
            return own[(code, p)]
        values = [v for v in (realization(code, c, aggregation) for c in parts(p))
                  if v is not None]
        if not values:
            return None
        if aggregation == "sum":
            return sum(values)
        return values[-1] if aggregation == "latest" else sum(values) / len(values)

    def achievement(indicator: dict[str, Any]) -> float | None:
        code = indicator["code"]
        target = targets.get((code, period))
        r = realization(code, period, indicator.get("aggregation") or "latest")
        if target is None or r is None:
            return None
        polarity = indicator.get("polarity") or "positive"
        low, high = target.get("low"), target.get("high")
        if low is None:
            low = high = target["value"]
        if polarity == "range":
            a = 100.0 if low <= r <= high else (100 * r / low if r < low else
                                                  100 * (2 * high - r) / high)
        elif low != high and low <= r <= high:
            a = 100.0
        else:
            t = high if r > high else low
            method = indicator.get("negative_method") or settings.get(
                "negative_method", "inverse_difference")
            if polarity == "negative" and t > 0:
                a = 100 * (2 * t - r) / t if method != "ratio" else (
                    100 * t / r if r > 0 else cap)
            elif polarity == "negative":
                a = 100.0 if r <= 0 else 0.0
            else:
                a = 100 * r / t if t > 0 else (100.0 if r >= 0 else 0.0)
        limit = indicator.get("cap")
        return min(max(a, floor), cap if limit is None else limit)

    children: dict[str, list[tuple[str, float]]] = {}
    leaf: dict[str, float | None] = {}
    for link in data.get("links", []):
        children.setdefault(link["parent"], []).append((link["child"], link.get("weight", 1.0)))
    for indicator in data["indicators"]:
        children.setdefault(indicator["objective"], []).append(
            (indicator["code"], indicator.get("weight", 1.0)))
        leaf[indicator["code"]] = achievement(indicator)
    memo: dict[str, float | None] = {}

    def score(node: str) -> float | None:
        if node in memo:
            return memo[node]
        if node in leaf:
            result = leaf[node]
        else:
            num = den = 0.0
            for child, weight in children.get(node, []):
                s = score(child)
                if s is not None:
                    num += weight * s
                    den += weight
            result = num / den if den > 0 else None
        memo[node] = result
        return result

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    root = next(o["code"] for o in data["objectives"] if o["level"] == "vision")
    for objective in data["objectives"]:
        score(objective["code"])
    sys.stdout.write(json.dumps({"period": period, "scores": memo}))
    return memo[root]


def served_worker(url: str) -> None:
    """What a served worker does first: its cold load of the plan from the database
    (services.load_engine, from the compiled snapshot when EKINERJA_ENGINE_SNAPSHOTS allows
    and one exists) and the Beranda's data of the default period; waits for the snapshot's
    write (a worker's thread) so that its memory is counted. Prints the resident memory
    (MB) after each step on standard error."""
    from ekinerja.readmodels.home import home_data
    from ekinerja.readmodels.periods import default_period
    from ekinerja.services import engine_cache, engine_snapshot
    from ekinerja.storage.database import Database

    db = Database(url)
    engine = engine_cache.load_engine(db)
    print(f"after the cold load: {_status_mb('VmRSS:'):.1f}", file=sys.stderr)
    home_data(engine, default_period(engine))
    print(f"after the Beranda's data: {_status_mb('VmRSS:'):.1f}", file=sys.stderr)
    engine_snapshot.wait()


def _status_mb(field: str) -> float:
    """A memory figure of this process from /proc/self/status, in MB."""
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) / 1024 for line in status if line.startswith(field))


def _child_main(argv: list[str]) -> None:
    """`python -m ekinerja.benchscore score|recursive FILE PERIOD`, `import FILE URL` or
    `worker URL`: one timed run of the benchmark; the peak resident memory (MB) is the last
    line on standard error."""
    kind, *args = argv
    if kind == "score":  # as the `ekinerja` command runs it (its entry point)
        from ekinerja.entry import main as entry

        path, period = args
        try:
            entry(["score", path, "--period", period, "--format", "json"])
        except SystemExit as exc:  # (the click command, when it answers, exits)
            if exc.code not in (0, None):
                raise
    elif kind == "import":
        from ekinerja.cli import main

        path, database = args
        main(["import", path, "--database", database], standalone_mode=False)
    elif kind == "worker":
        served_worker(*args)
    else:
        recursive_file_score(*args)
    sys.stdout.flush()
    # VmHWM: this process's own high-water mark (ru_maxrss would count the parent's, which
    # a child inherits through fork and exec on Linux), and what its forked helpers used
    # beyond what they shared with it (their peaks added: never less than the true peak)
    fastscore = sys.modules.get("ekinerja.fastscore")
    helpers = fastscore.helpers_peak_mb() if fastscore is not None else 0.0
    print(f"{_status_mb('VmHWM:') + helpers:.1f}", file=sys.stderr)


if __name__ == "__main__":
    _child_main(sys.argv[1:])
