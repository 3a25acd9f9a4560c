"""Which period a page shows, and an objective's trend over periods of the same kind."""

from __future__ import annotations

import math

from ekinerja.readmodels import periods


def test_default_period_is_the_latest_with_realizations(engine):
    assert periods.default_period(engine) == "2023-Q2"


def test_an_invalid_period_falls_back_to_the_default(engine):
    assert periods.valid_period(engine, "2023-Q9") == "2023-Q2"


def test_same_kind_periods_keep_quarters_only(engine):
    assert periods.same_kind_periods(engine, "2023-Q2") == ["2023-Q1", "2023-Q2"]


def test_trend_follows_the_root_score_over_quarters(engine):
    points = periods.trend(engine, "VISI", "2023-Q2")
    expected = [engine.evaluate(p).score_of("VISI") for p in ("2023-Q1", "2023-Q2")]
    assert [p for p, _ in points] == ["2023-Q1", "2023-Q2"]
    assert all(math.isclose(s, e) for (_, s), e in zip(points, expected, strict=True))
