"""Beranda data: province score, missions, ranking, bands, red and missing indicators."""

from __future__ import annotations

import math

from ekinerja.callbacks import beranda


def test_home_data_carries_the_root_score_of_the_period(engine):
    data = beranda.home_data(engine, "2023-Q1")
    assert math.isclose(data["score"], engine.evaluate("2023-Q1").score_of("VISI"))


def test_home_data_without_a_period_uses_the_latest_realized_one(engine):
    assert beranda.home_data(engine, None)["period"] == "2023-Q2"


def test_missions_are_the_children_of_the_vision(engine):
    codes = [m["code"] for m in beranda.home_data(engine, "2023-Q2")["missions"]]
    assert codes == ["M1", "M2"]


def test_ranking_puts_the_higher_agency_score_first(engine):
    ranking = beranda.home_data(engine, "2023-Q2")["ranking"]
    assert [r["code"] for r in ranking] == ["DIKES", "DIKBUD"]
    assert [r["rank"] for r in ranking] == [1, 2]


def test_band_counts_add_up_to_every_objective(engine):
    counts = beranda.home_data(engine, "2023-Q2")["bands"]
    assert sum(row["count"] for row in counts) == engine.n_objectives


def test_band_counts_list_the_bands_top_first_then_no_score(engine):
    labels = [row["band"] for row in beranda.home_data(engine, "2023")["bands"]]
    assert labels == ["Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah", None]


def test_a_score_below_the_lowest_bound_counts_in_the_lowest_band(engine):
    import numpy as np

    counts = beranda.band_counts(engine, np.array([-5.0, 10.0, np.nan]))
    by_band = {row["band"]: row["count"] for row in counts}
    assert by_band["Sangat Rendah"] == 2 and by_band[None] == 1


def test_red_indicators_are_those_in_the_lowest_band(engine):
    red = beranda.red_indicators(engine, "2023-Q2")
    assert [r["code"] for r in red["rows"]] == ["IK-DIK-1"]
    assert red["rows"][0]["agency"] == "Dinas Pendidikan dan Kebudayaan"


def test_red_list_is_cut_to_the_limit_but_counts_all(engine):
    red = beranda.red_indicators(engine, "2023-Q2", limit=0)
    assert red["rows"] == [] and red["total"] == 1


def test_missing_indicators_have_a_target_but_no_realization(engine):
    missing = beranda.missing_indicators(engine, "2023-Q2")
    assert [r["code"] for r in missing["rows"]] == ["IK-DIK-2"]


def test_render_returns_components_for_the_page_body(engine):
    children = beranda.render(engine, "2023-Q2", "id")
    assert isinstance(children, list) and children


def test_an_indicator_last_reported_before_the_others_is_stale(engine):
    stale = beranda.stale_indicators(engine, "2023")
    assert [r["code"] for r in stale["rows"]] == ["IK-DIK-2"]
    assert stale["rows"][0]["last_period"] == "2023-Q1" and stale["frontier"] == "2023-Q2"


def test_a_month_has_no_stale_realizations(engine):
    assert beranda.stale_indicators(engine, "2023-05")["total"] == 0
