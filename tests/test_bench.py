"""The benchmark's figures are measured on real parts (here a small plan, to check they run)."""

from __future__ import annotations

import pytest

from ekinerja import bench
from ekinerja.generate import generate
from ekinerja.rollup import Engine


@pytest.fixture(scope="module")
def small_doc():
    """A synthetic plan of twenty employees in one agency."""
    return generate(20, 1, 1)


def test_the_cache_benchmark_times_saves_followed_without_recompiling(small_doc):
    figures = bench.bench_caches(small_doc, repeat=2)
    assert set(figures) == {
        "realization save (service, SQLite)", "engine follows the realization save",
        "home data after a realization save", "weight save (service, SQLite)",
        "engine follows the weight save", "weight save visible (save, follow, home data)",
        "rename (service, SQLite)", "engine follows the rename",
        "rename visible (save, follow, home data)",
        "structure edit (service, SQLite)", "engine follows a structure edit",
        "structure edit visible (save, follow, home data)",
        "workshop edit save (service, SQLite)", bench.STRUCTURE_EDIT_P95,
        *(bench.STRUCTURE_EDIT_OF + kind for kind in bench.STRUCTURE_EDIT_KINDS),
        *(f"structure edit p95: {kind}" for kind in bench.STRUCTURE_EDIT_KINDS),
        "memory growth over the structure edits MB"}
    assert all(value > 0 for key, value in figures.items() if "memory" not in key)


def test_a_run_of_one_part_prints_only_its_figures(capsys, monkeypatch):
    monkeypatch.setitem(bench.SCENARIOS, "province", (20, 1))
    bench.run(["province"], repeat=1, parts=("caches",))
    out = capsys.readouterr().out
    assert "home data after a realization save" in out and "full roll-up" not in out
    assert "target home data after a realization save ≤ 10 ms" in out
    for what in ("a rename", "a move (RHK under a colleague's RHK)", "an objective added",
                 "an indicator added"):
        assert f"province structure edit: {what} → new score, p95: " in out


def test_forecast_benchmark_times_indicators_roll_up_and_band():
    engine = Engine(generate(30, 1, 1))
    period = engine.periods(realized_only=True)[-1]
    figures = bench.bench_forecast(engine, period, repeat=2)
    assert set(figures) == {
        "forecast: plain roll-up of the year (paired)",
        "forecast of every indicator",
        "forecast roll-up",
        "forecast roll-up with band",
    }
    assert all(value > 0 for value in figures.values())


def test_forecast_benchmark_forecasts_as_of_the_third_quarter():
    assert bench.forecast_as_of("2024-Q4") == "2024-Q3"
    assert bench.forecast_as_of("2024") == "2024-Q3"


def test_the_recursive_file_scorer_agrees_with_the_engine(small_doc, tmp_path, capsys):
    import json

    from ekinerja import interchange

    path = tmp_path / "plan.json"
    path.write_text(json.dumps(interchange.to_dict(small_doc)), encoding="utf-8")
    engine = Engine(small_doc)
    for period in engine.periods(realized_only=True):
        root = bench.recursive_file_score(str(path), period)
        assert root == pytest.approx(engine.evaluate(period).score_of(engine.root), rel=1e-12)
    capsys.readouterr()


def test_the_recursive_scorer_child_loads_no_more_than_the_standard_library(small_doc,
                                                                            tmp_path):
    """The baseline's process pays for nothing of ours (numpy, the engine, the benchmark)."""
    import json
    import subprocess
    import sys

    from ekinerja import interchange

    path = tmp_path / "plan.json"
    path.write_text(json.dumps(interchange.to_dict(small_doc)), encoding="utf-8")
    period = Engine(small_doc).periods(realized_only=True)[-1]
    code = ("import runpy, sys\n"
            f"sys.argv = ['benchscore', 'recursive', {str(path)!r}, {period!r}]\n"
            "runpy.run_module('ekinerja.benchscore', run_name='__main__')\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('numpy', 'msgspec', 'orjson', 'click') or m.startswith('ekinerja.') "
            "and m != 'ekinerja.benchscore'), file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stderr.strip().splitlines()[-1] == "[]"
    assert json.loads(done.stdout)["period"] == period


def test_the_score_file_benchmark_runs_the_command_and_its_baseline(small_doc):
    engine = Engine(small_doc)
    figures = bench.bench_score_file(small_doc, engine.periods(realized_only=True)[-1], 1)
    assert figures["score file (first run)"] > 0 and figures["recursive pure-Python scorer"] > 0
    assert figures["score file (first run) peak MB"] > 0
    assert figures["recursive pure-Python scorer CPU"] > 0
    assert figures["score file vs recursive scorer (CPU ratio)"] == pytest.approx(
        figures["score file (first run) CPU"] / figures["recursive pure-Python scorer CPU"])


def test_the_level_sweep_baseline_reaches_the_engine_root(small_doc):
    engine = Engine(small_doc)
    period = engine.periods(realized_only=True)[-1]
    swept = bench.numpy_level_sweep(engine, period)[engine.root_index]
    assert swept == pytest.approx(engine.evaluate(period).score_of(engine.root), rel=1e-12)


def test_every_goal_is_printed_with_its_figure_or_as_not_measured(capsys):
    bench._print_goals({"province": {"compile": 100.0}})
    out = capsys.readouterr().out
    assert "province compile (from columns: a worker's path): 100 ms | ≤ 150 ms OK" in out
    assert out.count("not measured in this run") == len(bench.GOALS) - 1


def test_the_api_benchmark_times_a_bulk_upload_and_reads_over_http(small_doc):
    figures = bench.bench_api(small_doc, repeat=2, rows=50)
    upload = f"API bulk upload of {min(50, len(small_doc.indicators))} realizations"
    assert set(figures) == {
        upload, "API scores of a period (every node)", "API scores of a period (every node), 304",
        "API page of 1000 employees", "API page of 1000 employees, 304"}
    assert all(value > 0 for value in figures.values())


def test_a_web_run_prints_each_first_visit_beside_its_goal(capsys, monkeypatch):
    monkeypatch.setitem(bench.SCENARIOS, "province", (20, 1))
    bench.run(["province"], repeat=1, parts=("web",))
    out = capsys.readouterr().out
    assert f"target every callback's first visit ≤ {bench.FIRST_VISIT_MS} ms" in out
    for name in ("beranda.update_early_warning", "skp.update_view", "kualitas.update_quality"):
        line = next(line for line in out.splitlines() if line.strip().startswith(name + ":"))
        assert "ms (CPU " in line and f"| ≤ {bench.FIRST_VISIT_MS} ms" in line


def test_the_compile_is_timed_from_columns_and_from_the_plan_objects(small_doc):
    figures = bench.bench_compile(small_doc, repeat=3)
    assert set(figures) == {"compile", "compile from plan objects"}
    assert all(value > 0 for value in figures.values())


def test_cold_loads_are_timed_without_then_from_the_snapshot(small_doc, tmp_path):
    from ekinerja import services
    from ekinerja.services import engine_snapshot
    from ekinerja.storage.database import Database

    url = f"sqlite:///{tmp_path / 'cold.sqlite'}"
    db = Database(url)
    db.upgrade()
    services.import_document(db, services.system_user(), small_doc)
    db.dispose()
    figures = bench._cold_loads("sqlite", url, small_doc.plan.code)
    loads = ("sqlite cold load", "sqlite cold load (writes the snapshot)",
             "sqlite cold load (snapshot)")
    waits = ("sqlite cold load (writes the snapshot): waited for the snapshot",
             "sqlite cold load (snapshot): waited for the snapshot")
    assert set(figures) == {*loads, *(f"{load} CPU" for load in loads), *waits}
    assert not engine_snapshot.path_of(url, small_doc.plan.code).exists()  # cleaned up


@pytest.mark.postgres
def test_the_database_benchmark_imports_the_plan_file_on_both_backends(small_doc, capsys,
                                                                       monkeypatch, tmp_path):
    from tests.conftest import _empty_database

    with _empty_database("postgresql", tmp_path) as url:  # a schema of its own
        monkeypatch.setenv("EKINERJA_BENCH_POSTGRES", url)
        figures = bench.bench_database(small_doc)
    for kind in ("sqlite", "postgresql"):
        assert figures[f"{kind} import"] > figures[f"{kind} import: reading the file"] > 0
        assert figures[f"{kind} import again (unchanged)"] > 0
        assert figures[f"{kind} cold load"] > 0
    assert figures["postgresql import server CPU"] >= 0  # the server runs on this machine
    assert "sqlite import server CPU" not in figures
    capsys.readouterr()


def test_the_score_part_alone_times_the_score_command(capsys, monkeypatch):
    monkeypatch.setitem(bench.SCENARIOS, "province", (20, 1))
    bench.run(["province"], repeat=1, parts=("score",))
    out = capsys.readouterr().out
    assert "score file vs recursive scorer (CPU ratio)" in out and "full roll-up" not in out


def test_the_score_childs_peak_counts_its_forked_helpers(small_doc, tmp_path, capsys,
                                                         monkeypatch):
    import json

    from ekinerja import benchscore, fastscore, interchange

    path = tmp_path / "plan.json"
    path.write_text(json.dumps(interchange.to_dict(small_doc)), encoding="utf-8")
    period = Engine(small_doc).periods(realized_only=True)[-1]
    monkeypatch.setattr(fastscore, "FORK_BYTES", 0)  # helpers for a small plan too
    monkeypatch.setattr(fastscore, "_HELPER_MB", [0.0])
    monkeypatch.setattr(benchscore, "_status_mb", lambda field: 100.0)
    benchscore._child_main(["score", str(path), period])
    helpers = fastscore.helpers_peak_mb()
    assert helpers > 0  # the scan's helper
    assert capsys.readouterr().err.strip().splitlines()[-1] == f"{100.0 + helpers:.1f}"
