"""Year-end forecasts: back-tests on known series, a reference implementation, roll-up, lists."""

from __future__ import annotations

import math
import statistics

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ekinerja import forecast, model
from ekinerja.model import Indicator, Link, Objective, Plan, PlanDocument, Realization, Target
from ekinerja.periods import parse_period
from ekinerja.rollup import Engine
from ekinerja.scoring import achievement

AS_OF = "2023-Q2"


@pytest.fixture
def engine(forecast_plan) -> Engine:
    return Engine(forecast_plan)


def forecast_of(doc: PlanDocument, code: str, as_of: str = AS_OF) -> dict:
    return forecast.forecast(Engine(doc), as_of).indicator(code)


# ----------------------------------------------------------------- back-tests on known series
def test_sum_forecast_keeps_the_pace_against_the_quarterly_targets(forecast_plan):
    # 90 % of every month's share of the quarterly targets 10, 20, 30, 40 → 90 % of 100
    result = forecast_of(forecast_plan, "SUM-T", "2023-05")
    assert result["method"] == "sum_target_pace"
    assert result["realization"] == pytest.approx(90.0)
    assert result["low"] == pytest.approx(90.0) and result["high"] == pytest.approx(90.0)


def test_sum_forecast_of_a_linear_cumulative_series_is_exact_without_quarterly_targets(
    forecast_plan,
):
    result = forecast_of(forecast_plan, "SUM-L")
    assert result["method"] == "sum_time_pace"
    assert result["realization"] == pytest.approx(120.0)  # 10 a month for 12 months
    assert result["achievement"] == pytest.approx(100.0)


def test_latest_forecast_of_a_linear_series_is_exact(forecast_plan):
    result = forecast_of(forecast_plan, "LAT")
    assert result["method"] == "latest_trend"
    assert result["realization"] == pytest.approx(72.0)  # 50 + 2 a month, read at December
    assert result["low"] == pytest.approx(72.0) and result["high"] == pytest.approx(72.0)
    assert result["achievement"] == pytest.approx(90.0)  # against the year target 80


def test_a_flat_series_stays_flat_with_no_band(forecast_plan):
    result = forecast_of(forecast_plan, "FLAT")
    assert (result["low"], result["realization"], result["high"]) == (70.0, 70.0, 70.0)


def test_the_average_of_a_constant_is_the_constant(forecast_plan):
    result = forecast_of(forecast_plan, "AVG")
    assert result["method"] == "average_mean"
    assert (result["low"], result["realization"], result["high"]) == (65.0, 65.0, 65.0)


def test_an_indicator_without_sub_period_data_has_no_forecast(forecast_plan):
    result = forecast_of(forecast_plan, "NONE")
    assert result == {
        "realization": None,
        "low": None,
        "high": None,
        "achievement": None,
        "achievement_low": None,
        "achievement_high": None,
        "band": None,
        "method": None,
        "observations": 0,
    }


def test_a_single_latest_value_is_carried_flat_to_the_year_end(forecast_plan):
    result = forecast_of(forecast_plan, "LAT", "2023-01")
    assert result["realization"] == 50.0 and result["observations"] == 1


def test_values_after_the_as_of_period_are_not_used(forecast_plan):
    before = forecast_of(forecast_plan, "LAT", "2023-04")
    forecast_plan.realizations += [
        Realization("LAT", "2023-05", 0.0),
        Realization("LAT", "2023-Q2", 0.0),  # a quarter that ends after April
        Realization("LAT", "2023", 0.0),  # the year's own value is never an observation
    ]
    assert forecast_of(forecast_plan, "LAT", "2023-04") == before
    assert before["realization"] == pytest.approx(72.0)


def test_a_quarter_value_replaces_its_months(forecast_plan):
    forecast_plan.realizations.append(Realization("AVG", "2023-Q1", 95.0))
    result = forecast_of(forecast_plan, "AVG", "2023-Q2")
    # Q1 counts once for three months (95), April..June count one month each (65)
    assert result["observations"] == 4
    assert result["realization"] == pytest.approx((3 * 95 + 3 * 65) / 6)


def test_a_year_as_of_uses_every_sub_period(forecast_plan):
    result = forecast_of(forecast_plan, "SUM-L", "2023")
    assert result["observations"] == 6 and result["realization"] == pytest.approx(120.0)


# ----------------------------------------------------------------- the bands, by hand
def _with_series(doc: PlanDocument, code: str, aggregation: str, values: dict[str, float]):
    doc.indicators.append(Indicator(code, "SB", code, aggregation=aggregation))
    doc.targets.append(Target(code, "2023", 100.0))
    doc.realizations += [Realization(code, p, v) for p, v in values.items()]
    return doc


def test_sum_time_pace_band_is_one_standard_deviation_of_the_monthly_pace(forecast_plan):
    series = {"2023-01": 8.0, "2023-02": 12.0, "2023-03": 10.0, "2023-04": 10.0}
    doc = _with_series(forecast_plan, "NOISY", "sum", series)
    result = forecast_of(doc, "NOISY", "2023-04")
    spread = statistics.stdev(series.values()) * 8  # eight months to come
    assert result["realization"] == pytest.approx(120.0)
    assert result["low"] == pytest.approx(120.0 - spread)
    assert result["high"] == pytest.approx(120.0 + spread)


def test_sum_target_pace_band_is_one_standard_deviation_of_the_pace_against_target(
    forecast_plan,
):
    forecast_plan.realizations = [
        r for r in forecast_plan.realizations if r.indicator != "SUM-T"
    ] + [Realization("SUM-T", "2023-Q1", 9.0), Realization("SUM-T", "2023-04", 8.0)]
    result = forecast_of(forecast_plan, "SUM-T", "2023-04")
    covered_target = 10 + 20 / 3
    pace = [9.0 / 10, 8.0 / (20 / 3)]
    expected = 17.0 / covered_target * 100
    half = statistics.stdev(pace) * (100 - covered_target)
    assert result["realization"] == pytest.approx(expected)
    assert (result["low"], result["high"]) == pytest.approx((expected - half, expected + half))


def test_latest_band_is_the_residual_standard_deviation_of_the_line(forecast_plan):
    series = {"2023-01": 50.0, "2023-02": 53.0, "2023-03": 54.0, "2023-04": 57.0}
    doc = _with_series(forecast_plan, "WOBBLE", "latest", series)
    result = forecast_of(doc, "WOBBLE", "2023-04")
    months, values = np.array([1.0, 2, 3, 4]), np.array(list(series.values()))
    line = np.polyfit(months, values, 1)
    residual = values - np.polyval(line, months)
    spread = math.sqrt((residual**2).sum() / 2)
    assert result["realization"] == pytest.approx(np.polyval(line, 12))
    assert result["high"] - result["realization"] == pytest.approx(spread)


def test_average_band_shrinks_with_the_share_of_the_year_still_to_come(forecast_plan):
    doc = _with_series(forecast_plan, "MEAN", "average", {"2023-01": 60.0, "2023-02": 70.0})
    result = forecast_of(doc, "MEAN", "2023-02")
    assert result["realization"] == pytest.approx(65.0)
    assert result["high"] - 65.0 == pytest.approx(statistics.stdev([60, 70]) * 10 / 12)


# ----------------------------------------------------------------- against a reference
def reference_forecast(doc: PlanDocument, code: str, as_of: str) -> tuple | None:
    """The module docstring's rules, one indicator at a time, the obvious way."""
    period = parse_period(as_of)
    year, elapsed = period.year, period.month_end
    indicator = next(i for i in doc.indicators if i.code == code)
    own = {r.period: r.value for r in doc.realizations if r.indicator == code}
    observations = []  # (value, last month, months covered, quarter)
    for q in range(1, 5):
        if 3 * q <= elapsed and f"{year}-Q{q}" in own:
            observations.append((own[f"{year}-Q{q}"], 3 * q, 3, q))
            continue
        for m in range(3 * q - 2, min(3 * q, elapsed) + 1):
            if f"{year}-{m:02d}" in own:
                observations.append((own[f"{year}-{m:02d}"], m, 1, q))
    if not observations:
        return None
    values = [o[0] for o in observations]
    n, covered = len(values), sum(o[2] for o in observations)

    def sd(xs: list[float]) -> float:
        return statistics.stdev(xs) if len(xs) > 1 else 0.0

    if indicator.aggregation == "sum":
        quarter_target = {}
        for t in doc.targets:
            if t.indicator == code and t.period.startswith(f"{year}-Q"):
                value = t.value if t.low is None else (t.low + t.high) / 2
                quarter_target[int(t.period[-1])] = value
        slot = [quarter_target.get(o[3], math.nan) * o[2] / 3 for o in observations]
        total = sum(quarter_target.values()) if len(quarter_target) == 4 else math.nan
        if total > 0 and all(t > 0 for t in slot):
            point = sum(values) / sum(slot) * total
            half = sd([v / t for v, t in zip(values, slot, strict=True)]) * (total - sum(slot))
            return point, half, "sum_target_pace"
        point = sum(values) / covered * 12
        half = sd([o[0] / o[2] for o in observations]) * (12 - covered)
        return point, half, "sum_time_pace"
    if indicator.aggregation == "latest":
        if n == 1:
            return values[0], 0.0, "latest_trend"
        months = np.array([o[1] for o in observations], dtype=float)
        line = np.polyfit(months, values, 1)
        residual = np.array(values) - np.polyval(line, months)
        half = math.sqrt((residual**2).sum() / (n - 2)) if n > 2 else 0.0
        return float(np.polyval(line, 12)), half, "latest_trend"
    point = sum(o[0] * o[2] for o in observations) / covered
    return point, sd(values) * (12 - covered) / 12, "average_mean"


def random_plan(seed: int, missing: str = "skip") -> PlanDocument:
    """A vision, two missions and 120 indicators with random series, targets and polarities."""
    rng = np.random.default_rng(seed)
    indicators, targets, realizations = [], [], []
    for k in range(120):
        code = f"I{k}"
        aggregation = ["sum", "latest", "average"][k % 3]
        polarity = ["positive", "negative", "range"][int(rng.integers(0, 3))]
        indicators.append(
            Indicator(code, f"M{k % 2 + 1}", code, aggregation=aggregation, polarity=polarity)
        )
        level = float(rng.uniform(10, 100))
        if polarity == "range" or rng.random() < 0.2:
            targets.append(Target(code, "2023", None, level * 0.9, level * 1.1))
        else:
            targets.append(Target(code, "2023", level))
        if aggregation == "sum" and rng.random() < 0.6:
            quarters = range(1, 5) if rng.random() < 0.8 else range(1, 3)
            targets += [Target(code, f"2023-Q{q}", level / 4 * rng.uniform(0.5, 1.5))
                        for q in quarters]
        scale = level / 3 if aggregation == "sum" else level
        for q in range(1, 5):
            if rng.random() < 0.3:
                value = float(scale * rng.uniform(0.5, 1.5))
                realizations.append(Realization(code, f"2023-Q{q}", value))
            for m in range(3 * q - 2, 3 * q + 1):
                if rng.random() < 0.5:
                    value = float(scale / 3 * rng.uniform(0.5, 1.5))
                    realizations.append(Realization(code, f"2023-{m:02d}", value))
    return PlanDocument(
        Plan("R", "Acak", 2023, 2023, model.Settings(missing=missing)),
        objectives=[Objective("V", "Visi", "vision"), Objective("M1", "Misi 1", "mission"),
                    Objective("M2", "Misi 2", "mission")],
        indicators=indicators,
        links=[Link("V", "M1", 2.0), Link("V", "M2", 1.0)],
        targets=targets,
        realizations=realizations,
    )


AS_OF_PERIODS = ["2023-01", "2023-02", "2023-Q1", "2023-05", "2023-Q2", "2023-08", "2023-Q3",
                 "2023-11", "2023"]
SETTINGS = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(seed=st.integers(0, 10_000), as_of=st.sampled_from(AS_OF_PERIODS))
def test_vectorised_forecasts_match_the_reference_one_indicator_at_a_time(seed, as_of):
    doc = random_plan(seed)
    result = forecast.forecast_indicators(Engine(doc), as_of)
    for k, indicator in enumerate(doc.indicators):
        expected = reference_forecast(doc, indicator.code, as_of)
        if expected is None:
            assert math.isnan(result.realization[k]) and result.method[k] == forecast.NO_METHOD
            continue
        point, half, method = expected
        assert forecast.METHODS[result.method[k]] == method, indicator.code
        assert result.realization[k] == pytest.approx(point, rel=1e-9, abs=1e-9)
        assert result.high[k] - result.realization[k] == pytest.approx(half, rel=1e-6, abs=1e-6)


# ----------------------------------------------------------------- roll-up (docs/scoring.md)
@SETTINGS
@given(
    seed=st.integers(0, 10_000),
    as_of=st.sampled_from(AS_OF_PERIODS),
    missing=st.sampled_from(["skip", "zero"]),
)
def test_forecast_roll_up_is_the_engine_evaluating_the_year_with_those_realizations(
    seed, as_of, missing
):
    engine = Engine(random_plan(seed, missing))
    result = forecast.forecast(engine, as_of)
    what_if = {
        code: None if math.isnan(value) else float(value)
        for code, value in zip(engine.indicator_codes, result.indicators.realization, strict=True)
    }
    expected = engine.evaluate("2023", realizations=what_if)
    np.testing.assert_allclose(result.evaluation.score, expected.score, equal_nan=True)


@SETTINGS
@given(seed=st.integers(0, 10_000), as_of=st.sampled_from(AS_OF_PERIODS))
def test_band_roll_ups_take_each_indicators_worst_and_best_achievement_in_its_band(seed, as_of):
    doc = random_plan(seed)
    engine = Engine(doc)
    result = forecast.forecast(engine, as_of)
    targets = {t.indicator: t for t in doc.targets if t.period == "2023"}
    for indicator in doc.indicators:
        found = result.indicator(indicator.code)
        if found["realization"] is None:
            continue
        target = targets[indicator.code]
        bounds = [target.value] if target.low is None else [target.low, target.high]
        candidates = [found["low"], found["realization"], found["high"]] + [
            b for b in bounds if found["low"] <= b <= found["high"]
        ]
        reached = [
            min(max(achievement(indicator.polarity, target.value if target.low is None
                                else (target.low, target.high), x), 0.0), 120.0)
            for x in candidates
        ]
        assert found["achievement_low"] == pytest.approx(min(reached))
        assert found["achievement_high"] == pytest.approx(max(reached))


def test_every_objective_gets_a_forecast_score_within_its_band(engine):
    result = forecast.forecast(engine, AS_OF)
    for code in engine.objective_codes:
        found = result.objective(code)
        assert found["low"] <= found["score"] <= found["high"]
        assert found["band"] == engine.band(found["score"])


def test_a_negative_indicator_is_worst_at_the_high_end_of_its_band(forecast_plan):
    forecast_plan.realizations = [
        r for r in forecast_plan.realizations if r.indicator != "NEG"
    ] + [Realization("NEG", f"2023-{m:02d}", 7.0 - m % 2) for m in range(1, 7)]
    result = forecast_of(forecast_plan, "NEG", "2023-06")
    assert result["low"] < result["realization"] < result["high"]
    assert result["achievement_low"] == pytest.approx(100 * (2 * 5 - result["high"]) / 5)
    assert result["achievement_high"] == pytest.approx(100 * (2 * 5 - result["low"]) / 5)


def test_the_forecast_is_the_year_even_as_of_a_month(engine):
    result = forecast.forecast(engine, "2023-05")
    assert (result.as_of, result.year, result.elapsed_months) == ("2023-05", "2023", 5)
    assert result.evaluation.period == "2023"


# ----------------------------------------------------------------- early warning
def test_warning_threshold_is_the_third_band_from_the_top():
    assert forecast.warning_threshold(model.Settings().bands) == 66.0
    assert forecast.warning_threshold([(50.0, "Baik"), (0.0, "Buruk")]) == 0.0
    assert forecast.warning_threshold([(0, "A"), (80, "C"), (40, "B"), (90, "D")]) == 40.0


def test_early_warning_lists_what_falls_a_band_or_ends_below_sedang_by_influence(engine):
    result = forecast.forecast(engine, AS_OF)
    items = forecast.early_warning(result, engine.evaluate(AS_OF))
    assert [i["code"] for i in items] == ["V", "M2", "SB", "LAT", "AVG", "NEG"]
    by_code = {i["code"]: i for i in items}
    assert by_code["LAT"]["reasons"] == ["falls"]  # Sangat Tinggi now, Tinggi at year end
    assert by_code["AVG"]["reasons"] == ["falls", "below"]
    influences = [i["influence"] for i in items]
    assert influences == sorted(influences, reverse=True)


def test_early_warning_gives_the_gap_to_target_in_the_indicators_own_unit(engine):
    result = forecast.forecast(engine, AS_OF)
    items = {i["code"]: i for i in forecast.early_warning(result, engine.evaluate(AS_OF))}
    assert items["LAT"]["gap"] == pytest.approx(8.0)  # target 80, forecast 72
    assert items["LAT"]["measure_unit"] == "%"
    assert items["NEG"]["gap"] == pytest.approx(-3.0)  # must come down from 8 to 5
    assert items["SB"]["gap"] is None and items["SB"]["measure_unit"] is None


def test_an_indicator_already_low_now_is_warned_only_when_below_the_threshold(engine):
    result = forecast.forecast(engine, AS_OF)
    codes = [i["code"] for i in forecast.early_warning(result, engine.evaluate(AS_OF))]
    assert "SUM-T" not in codes  # Rendah now (60), Tinggi forecast (90): improving


def test_early_warning_of_an_agency_keeps_the_objectives_in_its_unit_subtree(engine):
    result = forecast.forecast(engine, AS_OF)
    current = engine.evaluate(AS_OF)
    items = forecast.early_warning(result, current, unit="DINAS-A")
    assert [i["code"] for i in items] == ["LAT"]
    assert (items[0]["unit"], items[0]["agency"]) == ("DINAS-A.B1", "DINAS-A")
    owner = engine.doc.employees[0]
    assert (items[0]["owner"], items[0]["owner_name"]) == (owner.nip, "Ani Kepala")


def test_early_warning_of_an_unknown_unit_is_an_error(engine):
    result = forecast.forecast(engine, AS_OF)
    with pytest.raises(KeyError, match="DINAS-X"):
        forecast.early_warning(result, engine.evaluate(AS_OF), unit="DINAS-X")


# ----------------------------------------------------------------- priority
def test_priority_orders_indicators_by_the_vision_points_reaching_target_adds(engine):
    # The year 2023 so far: SUM-T 21, SUM-L 50, LAT 75, FLAT 100, AVG 65, NEG 40 (of 100);
    # each scored indicator carries 1/6 of the vision (NONE has no data: influence 0).
    items = forecast.priority(engine.evaluate("2023"))
    assert [i["code"] for i in items] == ["SUM-T", "NEG", "SUM-L", "AVG", "LAT"]
    assert [i["gain"] for i in items] == pytest.approx([79 / 6, 60 / 6, 50 / 6, 35 / 6, 25 / 6])


def test_priority_gain_is_the_vision_score_change_of_reaching_the_target(engine):
    current = engine.evaluate("2023")
    item = forecast.priority(current)[0]
    reached = engine.evaluate("2023", realizations={item["code"]: 100.0})
    assert reached.score_of("V") - current.score_of("V") == pytest.approx(item["gain"])


def test_priority_of_an_agency_has_owner_and_unit(engine):
    items = forecast.priority(engine.evaluate("2023"), unit="DINAS-B", limit=1)
    assert len(items) == 1
    assert items[0]["code"] == "NEG"
    assert (items[0]["owner"], items[0]["owner_name"], items[0]["unit"]) == (
        engine.doc.employees[1].nip, "Budi Kepala", "DINAS-B",
    )


def test_priority_leaves_out_indicators_already_at_target(engine):
    codes = [i["code"] for i in forecast.priority(engine.evaluate("2023"))]
    assert "FLAT" not in codes


# ----------------------------------------------------------------- JSON
def test_forecast_json_has_every_objective_and_indicator_with_nulls_not_nan(engine):
    document = forecast.score_json(forecast.forecast(engine, AS_OF), engine.evaluate(AS_OF))
    assert set(document) == {"forecast", "early_warning", "priority"}
    block = document["forecast"]
    assert (block["as_of"], block["year"], block["elapsed_months"]) == (AS_OF, "2023", 6)
    assert set(block["objectives"]) == set(engine.objective_codes)
    assert set(block["indicators"]) == set(engine.indicator_codes)
    assert block["indicators"]["NONE"]["realization"] is None
    assert block["indicators"]["LAT"]["method"] == "latest_trend"
    assert set(block["objectives"]["V"]) == {"score", "low", "high", "band"}


def test_a_limited_list_is_the_start_of_the_full_list_even_within_ties(engine):
    result = forecast.forecast(engine, AS_OF)
    current = engine.evaluate(AS_OF)
    full = forecast.early_warning(result, current)
    assert forecast.early_warning(result, current, limit=4) == full[:4]  # cuts a 1/6 tie
    year = engine.evaluate("2023")
    assert forecast.priority(year, limit=2) == forecast.priority(year)[:2]


# ----------------------------------------------------------------- carried over after saves
def assert_same_forecast(carried: forecast.Forecast, full: forecast.Forecast) -> None:
    """The same figures, lists and bands (what the early warning shows)."""
    np.testing.assert_array_equal(carried.indicators.realization, full.indicators.realization)
    for name in ("evaluation", "low", "high"):
        a, b = getattr(carried, name), getattr(full, name)
        for array in ("score", "coverage", "has_data", "denominator", "raw", "realization"):
            np.testing.assert_allclose(getattr(a, array), getattr(b, array), rtol=1e-12,
                                       atol=1e-9, equal_nan=True, err_msg=f"{name}.{array}")
        np.testing.assert_allclose(a.influence, b.influence, rtol=1e-12, atol=1e-12)
    current = full.engine.evaluation(full.as_of)
    assert_same_items(forecast.early_warning(carried, current),
                      forecast.early_warning(full, current))
    assert_same_items([carried.to_json()], [full.to_json()])


def assert_same_items(carried: list, full: list) -> None:
    """The same items, numbers equal up to rounding (a carried roll-up adds in another order),
    in the same order but for items of equal influence."""
    assert len(carried) == len(full)
    by_code = {item.get("code"): item for item in full}
    assert set(by_code) == {item.get("code") for item in carried}
    for item in carried:
        assert _approx_tree(item, by_code[item.get("code")]), item.get("code")
    for a, b in zip(carried, full, strict=True):
        if a.get("code") != b.get("code"):
            assert a["influence"] == pytest.approx(b["influence"], rel=1e-9)


def _approx_tree(a: object, b: object) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_approx_tree(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(_approx_tree(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float):
        return a == pytest.approx(b, rel=1e-9, abs=1e-9)
    return a == b


def random_saves(engine: Engine, rng: np.random.Generator, count: int) -> list[tuple]:
    """`count` realizations saved in sub-periods of 2023 (some removed: None)."""
    periods = [f"2023-{m:02d}" for m in range(1, 13)] + [f"2023-Q{q}" for q in range(1, 5)]
    return [(engine.indicator_codes[int(rng.integers(0, engine.n_indicators))],
             periods[int(rng.integers(0, len(periods)))],
             None if rng.random() < 0.15 else float(rng.uniform(1, 150)))
            for _ in range(count)]


@SETTINGS
@given(seed=st.integers(0, 10_000), as_of=st.sampled_from(AS_OF_PERIODS),
       missing=st.sampled_from(["skip", "zero"]))
def test_a_forecast_carried_over_saves_equals_the_forecast_computed_afresh(seed, as_of, missing):
    rng = np.random.default_rng(seed)
    engine = Engine(random_plan(seed, missing))
    carried = forecast.forecast(engine, as_of)
    carried.low, carried.high  # noqa: B018 - the band too, as the early warning asks for it
    for _save in range(4):  # one save after another, each carried from the last
        engine = engine.follow(random_saves(engine, rng, int(rng.integers(1, 4))))
        carried = forecast.forecast(engine, as_of, previous=carried)
        assert_same_forecast(carried, forecast.forecast(engine, as_of))


def test_a_carried_forecast_rolls_up_only_the_changed_paths(forecast_plan, monkeypatch):
    engine = Engine(forecast_plan)
    before = forecast.forecast(engine, AS_OF)
    before.low, before.high  # noqa: B018
    followed = engine.follow([("LAT", "2023-04", 99.0)])
    afresh: list[str] = []
    evaluate_array = Engine.evaluate_array
    monkeypatch.setattr(Engine, "evaluate_array",
                        lambda self, *a: afresh.append(a[0]) or evaluate_array(self, *a))
    carried = forecast.forecast(followed, AS_OF, previous=before)
    assert afresh == []  # no roll-up of the whole year: the point, low and high carried
    assert carried.evaluation is not before.evaluation
    monkeypatch.undo()
    assert_same_forecast(carried, forecast.forecast(followed, AS_OF))
    assert carried.indicator("LAT") != before.indicator("LAT")


def test_a_forecast_is_computed_afresh_when_weights_or_targets_changed(forecast_plan):
    engine = Engine(forecast_plan)
    before = forecast.forecast(engine, AS_OF)
    link = forecast_plan.links[0]
    reweighted = engine.follow(weights={(link.parent, link.child): link.weight * 3})
    assert not forecast._carries(before, reweighted, parse_period(AS_OF),
                                 forecast.forecast_indicators(reweighted, AS_OF))
    assert_same_forecast(forecast.forecast(reweighted, AS_OF, previous=before),
                         forecast.forecast(reweighted, AS_OF))
    other = Engine(forecast_plan)  # another compiled structure: never carried
    assert not forecast._carries(before, other, parse_period(AS_OF),
                                 forecast.forecast_indicators(other, AS_OF))
    assert not forecast._carries(before, engine, parse_period("2023-Q3"),
                                 forecast.forecast_indicators(engine, "2023-Q3"))
