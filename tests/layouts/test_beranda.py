"""The Beranda layout: the home data of a period as components."""

from __future__ import annotations

import pytest
from ekinerja.layouts import beranda, ids

from ekinerja.readmodels.agencies import AgencyScore
from ekinerja.readmodels.home import AlertList, BandCount, HomeData, IndicatorAlert
from ekinerja.readmodels.presentation import Banded, IndicatorLine, Scored

HIGH = Banded(100.1, "Sangat Tinggi", "#1b5e20")
RED_LINE = IndicatorLine("IK-1", "Lama sekolah", "tahun", "positive", "S", "Sasaran", 8.0, 3.2,
                         False, 40.0, Banded(40.0, "Sangat Rendah", "#e53935"))


@pytest.fixture
def home() -> HomeData:
    """The Beranda data of a small plan in 2023-Q2."""
    return HomeData(
        period="2023-Q2", root="VISI", name="NTB Gemilang", plan="RPJMD", coverage=0.875,
        score=Banded(82.29, "Tinggi", "#43a047"),
        missions=[Scored("M1", "Sehat", HIGH)],
        ranking=[AgencyScore(1, "DIKES", "Dinas Kesehatan", Banded(97.4, "Sangat Tinggi",
                                                                 "#1b5e20"))],
        bands=[BandCount("Sangat Tinggi", "#1b5e20", 7), BandCount(None, "#9e9e9e", 2)],
        trend=[("2023-Q1", 87.3), ("2023-Q2", 82.29)],
        red=AlertList(3, [IndicatorAlert(RED_LINE, "Dikbud")]),
        missing=AlertList(0, []),
        stale=AlertList(1, [IndicatorAlert(RED_LINE, "Dikbud", "2023-Q1")], "2023-Q2"),
    )


def test_home_body_shows_the_province_score_with_its_band(home, find, text):
    assert "82,29 · Tinggi" in text(find(beranda.body(home, "id"), ids.HOME_SCORE))


def test_home_body_shows_coverage_in_percent(home, find, text):
    assert "Cakupan data 88 %" in text(find(beranda.body(home, "id"), ids.HOME_SCORE))


def test_home_body_counts_objectives_per_band_with_labels(home, find, text):
    assert text(find(beranda.body(home, "en"), ids.HOME_BANDS)) == "Very high 7 No score 2"


def test_home_ranking_grid_is_sortable(home, find):
    grid = find(beranda.body(home, "id"), ids.HOME_RANKING)
    assert grid.defaultColDef["sortable"] is True
    assert grid.rowData[0]["name"] == "Dinas Kesehatan"


def test_home_red_list_says_how_many_are_shown(home, find, text):
    assert "1 dari 3 ditampilkan" in text(find(beranda.body(home, "id"), ids.HOME_RED))


def test_home_trend_is_a_plotly_line_over_periods(home, find):
    figure = find(beranda.body(home, "en"), ids.HOME_TREND).figure
    assert list(figure.data[0].x) == ["Q1 2023", "Q2 2023"]


def test_home_body_without_a_plan_says_so(text):
    assert "Belum ada data rencana." in text(beranda.body(None, "id"))


def test_english_home_page_title_is_translated(text):
    assert "Home" in text(beranda.layout("en")) and "Beranda" in text(beranda.layout("id"))


def test_home_stale_list_names_the_last_reported_period(home, find, text):
    assert "terakhir dilaporkan Triwulan I 2023" in text(find(beranda.body(home, "id"),
                                                              ids.HOME_STALE))
