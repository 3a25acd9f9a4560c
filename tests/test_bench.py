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
        "engine follows the weight save", "weight save visible (save, follow, home data)"}
    assert all(value > 0 for value in figures.values())


def test_a_run_of_one_part_prints_only_its_figures(capsys, monkeypatch):
    monkeypatch.setitem(bench.SCENARIOS, "province", (20, 1))
    bench.run(["province"], repeat=1, parts=("caches",))
    out = capsys.readouterr().out
    assert "home data after a realization save" in out and "full roll-up" not in out
    assert "target home data after a realization save ≤ 10 ms" in out


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


def test_the_api_benchmark_times_a_bulk_upload_and_reads_over_http(small_doc):
    figures = bench.bench_api(small_doc, repeat=2, rows=50)
    upload = f"API bulk upload of {min(50, len(small_doc.indicators))} realizations"
    assert set(figures) == {
        upload, "API scores of a period (every node)", "API scores of a period (every node), 304",
        "API page of 1000 employees", "API page of 1000 employees, 304"}
    assert all(value > 0 for value in figures.values())
