"""Shared callback data: periods, cached evaluations, agencies, trends."""

from __future__ import annotations

import math

from ekinerja.callbacks import common


def test_default_period_is_the_latest_with_realizations(engine):
    assert common.default_period(engine) == "2023-Q2"


def test_an_invalid_period_falls_back_to_the_default(engine):
    assert common.valid_period(engine, "2023-Q9") == "2023-Q2"


def test_evaluation_is_reused_for_the_same_engine_and_period(engine):
    assert common.evaluation(engine, "2023-Q1") is common.evaluation(engine, "2023-Q1")


def test_a_new_engine_gets_fresh_evaluations(engine, document):
    from ekinerja.rollup import Engine

    assert common.evaluation(Engine(document), "2023-Q1") is not common.evaluation(
        engine, "2023-Q1")


def test_same_kind_periods_keep_quarters_only(engine):
    assert common.same_kind_periods(engine, "2023-Q2") == ["2023-Q1", "2023-Q2"]


def test_trend_follows_the_root_score_over_quarters(engine):
    points = common.trend(engine, "VISI", "2023-Q2")
    expected = [engine.evaluate(p).score_of("VISI") for p in ("2023-Q1", "2023-Q2")]
    assert [p for p, _ in points] == ["2023-Q1", "2023-Q2"]
    assert all(math.isclose(s, e) for (_, s), e in zip(points, expected, strict=True))


def test_a_division_belongs_to_its_agency(engine):
    assert common.agency_of_unit(engine)["DIKES-YAN"] == "DIKES"


def test_the_pemda_belongs_to_no_agency(engine):
    assert common.agency_of_unit(engine)["PEMDA"] is None


def test_agency_top_objectives_skip_those_under_the_same_agency(engine):
    top = common.agency_top_objectives(engine)["DIKES"]
    assert sorted(engine.codes[n] for n in top) == ["SPD-KES-1", "SPD-KES-2"]


def test_agency_score_is_the_mean_of_its_top_objectives(engine):
    ev = engine.evaluate("2023-Q2")
    rows = {r["code"]: r for r in common.agency_scores(engine, "2023-Q2")}
    expected = (ev.score_of("SPD-KES-1") + ev.score_of("SPD-KES-2")) / 2
    assert math.isclose(rows["DIKES"]["score"], expected)
    assert rows["DIKES"]["band"] == engine.band(expected)
