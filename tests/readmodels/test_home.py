"""Beranda data: province score, missions, ranking, bands, red, missing and stale indicators."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from ekinerja.readmodels import home
from ekinerja.rollup import Engine


def test_home_data_carries_the_root_score_of_the_period(engine):
    data = home.home_data(engine, "2023-Q1")
    assert math.isclose(data.score.value, engine.evaluate("2023-Q1").score_of("VISI"))


def test_home_data_without_a_period_uses_the_latest_realized_one(engine):
    assert home.home_data(engine, None).period == "2023-Q2"


def test_missions_are_the_children_of_the_vision(engine):
    assert [m.code for m in home.home_data(engine, "2023-Q2").missions] == ["M1", "M2"]


def test_band_counts_add_up_to_every_objective(engine):
    counts = home.home_data(engine, "2023-Q2").bands
    assert sum(row.count for row in counts) == len(engine.objective_codes)


def test_band_counts_list_the_bands_top_first_then_no_score(engine):
    labels = [row.band for row in home.home_data(engine, "2023").bands]
    assert labels == ["Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah", None]


def test_a_score_below_the_lowest_bound_counts_in_the_lowest_band(engine):
    counts = home.band_counts(engine, np.array([-5.0, 10.0, np.nan]))
    by_band = {row.band: row.count for row in counts}
    assert by_band["Sangat Rendah"] == 2 and by_band[None] == 1


def searched_band_counts(engine, scores: np.ndarray) -> list[int]:
    """The former count: each score's band by a binary search, top band first, then NaN."""
    bounds = np.array(sorted(lower for lower, _ in engine.bands))
    scored = scores[~np.isnan(scores)]
    position = np.clip(np.searchsorted(bounds, scored, side="right") - 1, 0, None)
    return [*np.bincount(position, minlength=len(bounds))[::-1].tolist(),
            int(np.isnan(scores).sum())]


@pytest.mark.parametrize("bands", [None, [(50.0, "B"), (50.0, "A"), (0.0, "C"), (-10.0, "D")]])
def test_band_counts_equal_a_search_per_score(engine, bands):
    if bands is not None:
        engine = Engine(replace(engine.doc, plan=replace(engine.doc.plan, settings=replace(
            engine.doc.plan.settings, bands=bands))))
    rng = np.random.default_rng(3)
    bounds = [lower for lower, _ in engine.bands]
    scores = np.concatenate([rng.uniform(-50, 160, 2000), bounds, np.nextafter(bounds, -np.inf),
                             [np.nan] * 7, [np.inf, -np.inf]])
    for values in (scores, engine.evaluate("2023").objective_scores, np.array([np.nan])):
        assert [row.count for row in home.band_counts(engine, values)] == \
            searched_band_counts(engine, values)


def test_red_indicators_are_those_in_the_lowest_band(engine):
    red = home.red_indicators(engine, "2023-Q2")
    assert [r.line.code for r in red.rows] == ["IK-DIK-1"]
    assert red.rows[0].agency == "Dinas Pendidikan dan Kebudayaan"


def test_red_list_is_cut_to_the_limit_but_counts_all(engine):
    red = home.red_indicators(engine, "2023-Q2", limit=0)
    assert red.rows == [] and red.total == 1


def test_missing_indicators_have_a_target_but_no_realization(engine):
    assert [r.line.code for r in home.missing_indicators(engine, "2023-Q2").rows] == ["IK-DIK-2"]


def test_an_indicator_last_reported_before_the_others_is_stale(engine):
    stale = home.stale_indicators(engine, "2023")
    assert [r.line.code for r in stale.rows] == ["IK-DIK-2"]
    assert stale.rows[0].last_period == "2023-Q1" and stale.frontier == "2023-Q2"


def test_a_month_has_no_stale_realizations(engine):
    assert home.stale_indicators(engine, "2023-05").total == 0


def test_a_plan_without_data_has_no_home_data(make_contribution_plan):
    from ekinerja.rollup import Engine

    doc = make_contribution_plan()
    doc.targets, doc.realizations = [], []
    assert home.home_data(Engine(doc), None) is None


def test_home_data_after_a_realization_change_shows_the_new_score(engine):
    home.home_data(engine, "2023-Q2")
    followed = engine.follow([("IK-DIK-1", "2023-Q2", 9.0)])
    fresh = engine.evaluate("2023-Q2", realizations={"IK-DIK-1": 9.0})
    assert math.isclose(home.home_data(followed, "2023-Q2").score.value, fresh.score_of("VISI"))


def test_codes_sort_by_their_numbers():
    codes = ["M10", "M2", "M1", "MISI-1.10", "MISI-1.2"]
    assert sorted(codes, key=home.code_order) == ["M1", "M2", "M10", "MISI-1.2", "MISI-1.10"]


def test_missions_are_in_the_order_of_their_codes(engine):
    codes = [m.code for m in home.home_data(engine, "2023-Q2").missions]
    assert codes == sorted(engine.child_objectives(engine.root), key=home.code_order)


def test_a_list_asked_for_in_full_has_every_row_the_others_their_first(example_plan):
    from ekinerja.rollup import Engine

    engine = Engine(example_plan)
    short = home.home_data(engine, "2022")
    assert short.red.total == 11 and len(short.red.rows) == home.LIST_LIMIT
    full = home.home_data(engine, "2022", show_all=["red"])
    assert len(full.red.rows) == full.red.total == 11
    assert [r.line.code for r in full.red.rows][:home.LIST_LIMIT] == \
        [r.line.code for r in short.red.rows]  # the same order, the rest after
    assert len(full.missing.rows) == min(full.missing.total, home.LIST_LIMIT)


def test_an_alert_names_its_agency_by_name_and_code(example_plan):
    from ekinerja.rollup import Engine

    engine = Engine(example_plan)
    rows = home.home_data(engine, "2022-Q4").red.rows
    dinsos = next(r for r in rows if r.agency_code == "DINSOS")
    assert dinsos.agency == "Dinas Sosial"
    assert next(r for r in rows if r.line.code == "IKU-5.1").agency_code is None


def test_a_plan_without_bands_counts_only_the_scores_missing(engine):
    bare = Engine(replace(engine.doc, plan=replace(engine.doc.plan, settings=replace(
        engine.doc.plan.settings, bands=[]))))
    counts = home.band_counts(bare, np.array([12.0, np.nan, 80.0, np.nan]))
    assert [(row.band, row.count) for row in counts] == [(None, 2)]
