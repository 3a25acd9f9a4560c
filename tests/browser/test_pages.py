"""Every leader page in headless Chromium: clean load, period, map details, tree, English."""

from __future__ import annotations

from pathlib import Path

import pytest
from dash.testing.wait import until
from ekinerja.callbacks.common import engine_of
from ekinerja.callbacks.pages import PAGES
from ekinerja.layouts import ids
from openpyxl import load_workbook
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from ekinerja.i18n import fmt_number
from ekinerja.readmodels.periods import trend
from tests.browser.helpers import (
    graph_node_ids,
    open_ready,
    tap_node,
    wait_for_download,
    wait_for_nodes,
    wait_idle,
)

OWN_PAGES = [p for p in PAGES if p.name in {"beranda", "peta_strategi", "pohon_kinerja",
                                               "scorecard"}]
READY = {
    "beranda": f"#{ids.HOME_SCORE}",
    "peta_strategi": f"#{ids.MAP_GRAPH} canvas",
    "pohon_kinerja": f"#{ids.TREE_GRAPH} canvas",
    "scorecard": f"#{ids.CARD_GRID} .ag-row",
}


def root_score(app, period: str) -> str:
    engine = engine_of(app)
    return fmt_number(engine.evaluate(period).score_of(engine.root), "id")


def choose_period(dash_duo, label: str) -> None:
    dash_duo.select_dcc_dropdown(f"#{ids.PERIOD}", value=label)


def tree_node_ids(dash_duo) -> list[str]:
    return graph_node_ids(dash_duo, ids.TREE_GRAPH)


def open_graph(dash_duo, app, path: str, graph_id: str, nodes: set[str]) -> None:
    """Start the app, open the page at `path` and wait until its graph draws `nodes` and the
    callbacks are done."""
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=dash_duo.server_url + path)
    dash_duo.wait_for_element(f"#{graph_id} canvas", timeout=15)
    wait_for_nodes(dash_duo, graph_id, nodes)
    wait_idle(dash_duo)


@pytest.mark.parametrize("page", OWN_PAGES, ids=lambda p: p.name)
def test_page_loads_with_an_empty_console(dash_duo, app, page):
    dash_duo.start_server(app)
    open_ready(dash_duo, page.path, READY[page.name])
    assert dash_duo.get_logs() == []


def test_home_page_shows_the_latest_realized_period_by_default(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.wait_for_contains_text(f"#{ids.HOME_SCORE}", root_score(app, "2023-Q2"))


def test_home_trend_chart_draws_its_line_with_the_scores_written_on_it(dash_duo, app):
    """The trend (a plain figure dict, not a go.Figure) is drawn by plotly.js: its line and
    the province score of each period written at its point."""
    engine = engine_of(app)
    dash_duo.start_server(app)
    dash_duo.wait_for_element(f"#{ids.HOME_TREND} .scatterlayer .trace .js-line", timeout=15)
    expected = [fmt_number(score, "id", 1)
                for _period, score in trend(engine, engine.root, "2023-Q2") if score is not None]
    assert len(expected) >= 2
    until(lambda: [e.text for e in dash_duo.find_elements(
        f"#{ids.HOME_TREND} .textpoint text") if e.text] == expected, timeout=10,
        msg=f"the trend never showed {expected}")
    assert dash_duo.get_logs() == []


def test_changing_the_period_changes_the_province_score(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.wait_for_contains_text(f"#{ids.HOME_SCORE}", root_score(app, "2023-Q2"))
    choose_period(dash_duo, "Triwulan I 2023")
    dash_duo.wait_for_contains_text(f"#{ids.HOME_SCORE}", root_score(app, "2023-Q1"))
    assert dash_duo.get_logs() == []


def test_clicking_a_map_node_opens_its_details(dash_duo, app):
    open_graph(dash_duo, app, "/peta-strategi", ids.MAP_GRAPH, {"SS1"})
    tap_node(dash_duo, ids.MAP_GRAPH, "SS1")
    dash_duo.wait_for_contains_text(f"#{ids.MAP_PANEL}", "Angka harapan hidup")
    panel = dash_duo.find_element(f"#{ids.MAP_PANEL}").text
    assert "Asal-usul nilai" in panel
    assert dash_duo.get_logs() == []


def test_searching_the_tree_reveals_the_path_from_the_vision(dash_duo, app):
    open_graph(dash_duo, app, "/pohon-kinerja", ids.TREE_GRAPH, {"VISI"})
    assert "RHK-1" not in tree_node_ids(dash_duo)
    box = dash_duo.find_element(f"#{ids.TREE_SEARCH}")
    box.send_keys("198005052005012002")  # Baiq Nurhayati's NIP: she owns SP-YAN-1 and RHK-1
    box.send_keys(Keys.ENTER)
    dash_duo.wait_for_contains_text(f"#{ids.TREE_INFO}", "ditemukan")
    wait_for_nodes(dash_duo, ids.TREE_GRAPH, {"VISI", "M1", "T1", "SS1", "SPD-KES-1",
                                              "SP-YAN-1"})
    wait_idle(dash_duo)
    highlighted = dash_duo.driver.execute_script(
        "const cy = document.getElementById(arguments[0])._cyreg.cy;"
        "return cy.nodes('.path').map(n => n.id());",
        ids.TREE_GRAPH,
    )
    assert highlighted[0] == "VISI" and highlighted[-1] == "SP-YAN-1"


def test_clicking_a_tree_node_expands_it(dash_duo, app):
    # (M1: the first elements have arrived)
    open_graph(dash_duo, app, "/pohon-kinerja", ids.TREE_GRAPH, {"M1"})
    assert "T1" not in tree_node_ids(dash_duo)
    tap_node(dash_duo, ids.TREE_GRAPH, "M1")
    wait_for_nodes(dash_duo, ids.TREE_GRAPH, {"T1"})
    assert dash_duo.get_logs() == []


def test_switching_to_english_translates_the_page(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.wait_for_text_to_equal("#nav-beranda", "Beranda")
    dash_duo.driver.find_element(By.CSS_SELECTOR, f"#{ids.LANG} input[value='en']").click()
    dash_duo.wait_for_text_to_equal("#nav-beranda", "Home")
    dash_duo.wait_for_contains_text(f"#{ids.PAGE}", "Province score")
    assert "Nilai provinsi" not in dash_duo.find_element(f"#{ids.PAGE}").text
    assert dash_duo.get_logs() == []


def horizontal_overflow(dash_duo) -> int:
    return dash_duo.driver.execute_script(
        "return document.documentElement.scrollWidth - window.innerWidth;")


@pytest.mark.parametrize("page", OWN_PAGES, ids=lambda p: p.name)
def test_page_fits_a_1366_wide_screen_without_horizontal_scroll(dash_duo, app, page):
    dash_duo.start_server(app)
    dash_duo.driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 1366, "height": 768, "deviceScaleFactor": 1, "mobile": False},
    )
    open_ready(dash_duo, page.path, READY[page.name])
    assert horizontal_overflow(dash_duo) <= 0


def test_home_page_is_usable_on_a_390_px_phone(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True},
    )
    dash_duo.wait_for_page(url=dash_duo.server_url + "/")
    dash_duo.wait_for_contains_text(f"#{ids.HOME_SCORE}", root_score(app, "2023-Q2"))
    wait_idle(dash_duo)
    assert horizontal_overflow(dash_duo) <= 0
    score = dash_duo.find_element(f"#{ids.HOME_SCORE}")
    assert score.rect["x"] >= 0 and score.rect["x"] + score.rect["width"] <= 390


def test_the_strategy_map_saves_as_png(dash_duo, app):
    dash_duo.start_server(app)
    open_ready(dash_duo, "/peta-strategi", f"#{ids.MAP_GRAPH} canvas")
    dash_duo.find_element(f"#{ids.MAP_PNG}").click()
    files = wait_for_download(Path(dash_duo.download_path), ".png")
    assert files and files[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert dash_duo.get_logs() == []


def test_the_scorecard_exports_an_excel_workbook(dash_duo, app):
    dash_duo.start_server(app)
    open_ready(dash_duo, "/scorecard", f"#{ids.CARD_GRID} .ag-row")
    dash_duo.find_element(f"#{ids.CARD_EXPORT}").click()
    files = wait_for_download(Path(dash_duo.download_path), ".xlsx")
    assert files
    sheet = load_workbook(files[0]).active
    assert sheet.cell(row=3, column=2).value == "SPD-KES-1"


ENGLISH = {
    "beranda": (".page-title", "Beranda", "Home"),
    "peta_strategi": (".page-title", "Peta Strategi", "Strategy map"),
    "pohon_kinerja": (".page-title", "Pohon Kinerja", "Performance tree"),
    "scorecard": (f"#{ids.CARD_EXPORT}", "Ekspor ke Excel", "Export to Excel"),
}


@pytest.mark.parametrize("page", OWN_PAGES, ids=lambda p: p.name)
def test_every_page_switches_to_english(dash_duo, app, page):
    selector, indonesian, english = ENGLISH[page.name]
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=dash_duo.server_url + page.path)
    dash_duo.wait_for_text_to_equal(selector, indonesian, timeout=15)
    dash_duo.driver.find_element(By.CSS_SELECTOR, f"#{ids.LANG} input[value='en']").click()
    dash_duo.wait_for_text_to_equal(selector, english, timeout=15)
    dash_duo.wait_for_text_to_equal(f"#{ids.PERIOD_LABEL}", "Period")
    wait_idle(dash_duo)
    assert dash_duo.get_logs() == []
