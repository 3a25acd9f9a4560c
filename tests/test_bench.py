"""The benchmark's own code runs on a small plan (figures are printed by `ekinerja bench`)."""

from __future__ import annotations

from ekinerja import bench
from ekinerja.generate import generate
from ekinerja.rollup import Engine


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
