"""The Beranda layout: the home data of a period as components."""

from __future__ import annotations

import dataclasses
import json

import plotly.graph_objects as go
import pytest
from ekinerja.layouts import beranda, ids
from plotly.io.json import to_json_plotly

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
    assert figure["data"][0]["type"] == "scatter"
    assert list(figure["data"][0]["x"]) == ["Q1 2023", "Q2 2023"]


def plotly_trend(points: list[tuple[str, float | None]], lang: str) -> dict:
    """The trend as plotly's validated `go.Figure` gives it (the Beranda's figure before it
    was built as a plain dict), in its JSON form."""
    from ekinerja.i18n import fmt_number, period_label, translator

    _ = translator(lang)
    y = [s for _p, s in points]
    figure = go.Figure(go.Scatter(
        x=[period_label(p, lang) for p, _s in points], y=y, mode="lines+markers+text",
        text=[fmt_number(s, lang, 1) if s is not None else "" for s in y],
        textposition="top center", line={"color": "#1565c0"}, name=_("Score"),
        connectgaps=False))
    figure.update_layout(
        margin={"l": 40, "r": 10, "t": 10, "b": 30}, height=220,
        yaxis={"title": None, "rangemode": "tozero"}, xaxis={"type": "category"},
        plot_bgcolor="#fafafa", separators=",." if lang == "id" else ".,", showlegend=False)
    return figure.to_plotly_json()


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("points", [
    [("2023-Q1", 87.3), ("2023-Q2", 82.29)],
    [("2022", None), ("2023", 101.25), ("2024", 0.0), ("2025", None)],
    [("2024-03", 66.666)],
    [],
])
def test_home_trend_is_the_json_of_the_plotly_figure(points, lang):
    built, reference = beranda.trend_figure(points, lang), plotly_trend(points, lang)
    assert built == reference
    assert json.loads(to_json_plotly(built)) == json.loads(to_json_plotly(reference))


def test_home_body_without_a_plan_says_so(text):
    assert "Belum ada data rencana." in text(beranda.body(None, "id"))


def test_english_home_page_title_is_translated(text):
    assert "Home" in text(beranda.layout("en")) and "Beranda" in text(beranda.layout("id"))


def test_home_stale_list_names_the_last_reported_period(home, find, text):
    assert "terakhir dilaporkan Triwulan I 2023" in text(find(beranda.body(home, "id"),
                                                              ids.HOME_STALE))


def links_in(tree) -> dict[str, str]:
    """Each in-app link of a tree: its text -> where it leads."""
    from dash import dcc

    from tests.layouts.conftest import text_of, walk

    return {" ".join(text_of(node).split()): node.href for node in walk(tree)
            if isinstance(node, dcc.Link)}


def test_a_red_indicator_links_to_its_entry_page_and_its_agency_to_its_scorecard(home, find):
    red = dataclasses.replace(home.red.rows[0], agency_code="DIKBUD")
    data = dataclasses.replace(home, red=AlertList(3, [red]))
    links = links_in(find(beranda.body(data, "id"), ids.HOME_RED))
    assert links == {"IK-1 Lama sekolah": "/realisasi?indicator=IK-1",
                     "Dikbud": "/scorecard?unit=DIKBUD"}


def test_a_mission_links_to_its_node_on_the_strategy_map(home, find):
    links = links_in(find(beranda.body(home, "en"), ids.HOME_MISSIONS))
    assert links == {"M1 Sehat": "/peta-strategi?node=M1"}


def test_the_missing_and_stale_indicators_link_to_their_entry_page(home, find):
    stale = links_in(find(beranda.body(home, "id"), ids.HOME_STALE))
    assert stale == {"IK-1 Lama sekolah": "/realisasi?indicator=IK-1"}


def test_each_agency_of_the_ranking_links_to_its_scorecard(home, find):
    grid = find(beranda.body(home, "id"), ids.HOME_RANKING)
    assert grid.rowData[0]["href"] == "/scorecard?unit=DIKES"
    name = next(c for c in grid.columnDefs if c["field"] == "name")
    assert name["cellRenderer"] == "PageLink"  # assets/dashAgGridComponentFunctions.js


def show_all_buttons(tree):
    from dash import html

    from tests.layouts.conftest import walk

    return [node for node in walk(tree) if isinstance(node, html.Button)
            and isinstance(node.id, dict) and node.id["type"] == ids.HOME_SHOW_ALL_BUTTON]


def test_a_list_cut_to_its_first_rows_offers_to_show_all(home, find, text):
    many = AlertList(11, [home.red.rows[0]] * 10)
    table = find(beranda.body(dataclasses.replace(home, red=many), "en"), ids.HOME_RED)
    [button] = show_all_buttons(table)
    assert button.id["list"] == "red" and text(button) == "Show all (11)"
    assert button.to_plotly_json()["props"]["aria-expanded"] == "false"
    assert "10 of 11 shown" in text(table)


def test_a_list_shown_in_full_offers_to_show_fewer(home, find, text):
    every = AlertList(11, [home.red.rows[0]] * 11)
    table = find(beranda.body(dataclasses.replace(home, red=every), "id"), ids.HOME_RED)
    [button] = show_all_buttons(table)
    assert text(button) == "Tampilkan lebih sedikit" and "11 dari 11 ditampilkan" in text(table)


def test_a_short_list_has_no_show_all_button(home, find):
    assert show_all_buttons(find(beranda.body(home, "id"), ids.HOME_RED)) == []
