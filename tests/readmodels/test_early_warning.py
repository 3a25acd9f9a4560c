"""The early-warning read model: the forecast lists, typed, for the region or an agency."""

from __future__ import annotations

import pytest

from ekinerja import forecast
from ekinerja.readmodels.early_warning import early_warning_data
from ekinerja.rollup import Engine

AS_OF = "2023-Q2"


@pytest.fixture
def engine(forecast_plan) -> Engine:
    return Engine(forecast_plan)


def test_the_lists_are_the_forecast_lists_in_the_same_order(engine):
    data = early_warning_data(engine, AS_OF)
    result = forecast.forecast(engine, AS_OF)
    current = engine.evaluation(AS_OF)
    assert [w.code for w in data.warnings] == [
        w["code"] for w in forecast.early_warning(result, current)][:10]
    assert [p.code for p in data.priorities] == [
        p["code"] for p in forecast.priority(current)][:10]
    assert data.warnings and data.priorities


def test_the_vision_forecast_is_the_rolled_up_forecast_with_its_band(engine):
    data = early_warning_data(engine, AS_OF)
    vision = forecast.forecast(engine, AS_OF).objective("V")
    assert data.vision.value == pytest.approx(vision["score"])
    assert data.vision.band == vision["band"]
    assert data.vision_low <= data.vision.value <= data.vision_high
    assert (data.as_of, data.year, data.elapsed_months) == (AS_OF, "2023", 6)


def test_a_warning_item_carries_its_method_gap_and_bands(engine):
    items = {w.code: w for w in early_warning_data(engine, AS_OF).warnings}
    assert "NEG" in items  # flat at 8 against a target of 5: ends the year low
    neg = items["NEG"]
    assert (neg.kind, neg.method, neg.reasons) == ("indicator", "latest_trend", ("falls", "below"))
    assert neg.gap == pytest.approx(5.0 - 8.0)  # target − forecast, in the indicator's unit
    assert items["SB"].method is None and items["SB"].gap is None
    assert neg.measure_unit == "per 1000" and neg.owner_name == "Budi Kepala"
    assert neg.forecast.value is not None and neg.forecast.band is not None


def test_an_agency_keeps_only_its_subtree_and_the_totals_count_every_item(engine):
    region = early_warning_data(engine, AS_OF, limit=1)
    assert len(region.warnings) == 1 and region.warnings_total > 1
    agency = early_warning_data(engine, AS_OF, "DINAS-B")
    assert agency.warnings and {w.agency for w in agency.warnings} == {"DINAS-B"}
    assert {p.agency for p in agency.priorities} <= {"DINAS-B"}
    assert agency.warnings_total < region.warnings_total


def test_an_unknown_agency_is_an_error_and_no_period_is_no_data(engine, forecast_plan):
    with pytest.raises(KeyError):
        early_warning_data(engine, AS_OF, "DINAS-X")
    forecast_plan.targets, forecast_plan.realizations = [], []
    assert early_warning_data(Engine(forecast_plan), None) is None


def test_a_list_asked_for_in_full_has_every_row(example_engine):
    short = early_warning_data(example_engine, "2022")
    full = early_warning_data(example_engine, "2022", show_all=["priorities"])
    assert len(short.priorities) == 10 < short.priorities_total
    assert len(full.priorities) == full.priorities_total
    assert [p.code for p in full.priorities][:10] == [p.code for p in short.priorities]
    assert len(full.warnings) == len(short.warnings) == 10 < full.warnings_total


def test_after_saves_the_lists_equal_those_of_the_plan_compiled_afresh(forecast_plan):
    from ekinerja.model import Realization
    from ekinerja.readmodels.early_warning import LISTS, year_forecast

    engine = Engine(forecast_plan)
    early_warning_data(engine, AS_OF, show_all=LISTS)  # the forecast kept for the structure
    saves = [("LAT", "2023-05", 20.0), ("AVG", "2023-02", 99.0), ("NEG", "2023-04", 30.0)]
    followed = engine
    for save in saves:  # one save after another, each engine following the last
        followed = followed.follow([save])
        early_warning_data(followed, AS_OF)
    assert year_forecast(followed, AS_OF).engine is followed
    assert year_forecast(followed, AS_OF).evaluation.engine is followed
    changed = {(code, period) for code, period, _ in saves}
    forecast_plan.realizations = [
        r for r in forecast_plan.realizations if (r.indicator, r.period) not in changed
    ] + [Realization(code, period, value) for code, period, value in saves]
    fresh = early_warning_data(Engine(forecast_plan), AS_OF, show_all=LISTS)
    carried = early_warning_data(followed, AS_OF, show_all=LISTS)
    assert carried.vision.value == pytest.approx(fresh.vision.value)
    assert (carried.vision_low, carried.vision_high) == pytest.approx(
        (fresh.vision_low, fresh.vision_high))
    assert [w.code for w in carried.warnings] == [w.code for w in fresh.warnings]
    assert [w.forecast.value for w in carried.warnings] == pytest.approx(
        [w.forecast.value for w in fresh.warnings])
    assert [w.reasons for w in carried.warnings] == [w.reasons for w in fresh.warnings]
    assert [p.code for p in carried.priorities] == [p.code for p in fresh.priorities]
    assert (carried.warnings_total, carried.priorities_total) == (
        fresh.warnings_total, fresh.priorities_total)
