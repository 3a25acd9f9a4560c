"""Links between pages in headless Chromium, on the example database: a red indicator on the
Beranda opens /realisasi with its row chosen and its current value in the form; an agency of
the ranking (by click or by Enter) and `/scorecard?unit=&band=` open the filtered scorecard;
"Show all" shows the rest of a list. The console stays free of errors."""

from __future__ import annotations

from dash.testing.wait import until
from ekinerja.layouts import ids
from selenium.webdriver.common.keys import Keys

from tests.browser.helpers import click, scrolled, wait_idle

INDICATOR = "RHK-012-1"  # the worst red indicator of Triwulan IV 2022, entered as 6,52
RED_LINK = f'#{ids.HOME_RED} a[href="/realisasi?indicator={INDICATOR}"]'


def path_of(browser) -> str:
    return browser.driver.execute_script("return location.pathname + location.search;")


def test_a_red_indicator_opens_its_entry_with_its_row_chosen_and_its_value(dash_duo,
                                                                           live_app):
    dash_duo.start_server(live_app)
    dash_duo.wait_for_contains_text(f"#{ids.HOME_RED}", "10 dari 11 ditampilkan", timeout=20)
    wait_idle(dash_duo, 15)
    click(dash_duo, f"#{ids.HOME_RED} button.show-all")
    dash_duo.wait_for_contains_text(f"#{ids.HOME_RED}", "11 dari 11 ditampilkan", timeout=15)
    assert len(dash_duo.find_elements(f"#{ids.HOME_RED} tbody tr")) == 11

    scrolled(dash_duo, dash_duo.find_element(f"#{ids.PERIOD}"))  # the period, in the navbar
    dash_duo.select_dcc_dropdown(f"#{ids.PERIOD}", value="Triwulan IV 2022")
    dash_duo.wait_for_element(RED_LINK, timeout=15)
    wait_idle(dash_duo, 15)
    click(dash_duo, RED_LINK)

    until(lambda: path_of(dash_duo) == f"/realisasi?indicator={INDICATOR}", timeout=10)
    dash_duo.wait_for_contains_text(f"#{ids.ENTRY_INDICATOR}", INDICATOR, timeout=20)
    until(lambda: dash_duo.find_element(f"#{ids.ENTRY_VALUE}").get_attribute("value")
          == "6,52", timeout=15)
    dash_duo.wait_for_element(
        f'#{ids.ENTRY_GRID} .ag-row-selected[row-id="{INDICATOR}"]', timeout=15)
    assert "Triwulan IV 2022" in dash_duo.find_element(f"#{ids.PERIOD}").text  # period kept
    wait_idle(dash_duo, 15)
    assert dash_duo.get_logs() == []


def test_an_agency_of_the_ranking_and_a_scorecard_link_open_the_filtered_scorecard(
        dash_duo, live_app):
    dash_duo.start_server(live_app)
    link = dash_duo.wait_for_element(f"#{ids.HOME_RANKING} a.grid-link", timeout=20)
    wait_idle(dash_duo, 15)
    name, href = link.text, link.get_attribute("href")
    unit = href.rsplit("unit=", 1)[1]
    cell = dash_duo.find_element(f'#{ids.HOME_RANKING} .ag-row[row-index="0"] '
                                 '.ag-cell[col-id="name"]')
    dash_duo.driver.execute_script(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});"
        "arguments[0].focus();", cell)
    cell.send_keys(Keys.ENTER)  # the keyboard follows the link as a click does

    until(lambda: path_of(dash_duo) == f"/scorecard?unit={unit}", timeout=10)
    dash_duo.wait_for_contains_text(f"#{ids.CARD_SUMMARY}", name, timeout=20)
    assert name in dash_duo.find_element(f"#{ids.CARD_UNIT}").text

    dash_duo.driver.get(dash_duo.server_url + "/scorecard?unit=DINSOS&band=Sangat%20Rendah")
    dash_duo.wait_for_contains_text(f"#{ids.CARD_SUMMARY}", "Dinas Sosial", timeout=20)
    wait_idle(dash_duo, 15)
    bands = [c.text for c in dash_duo.find_elements(
        f'#{ids.CARD_GRID} .ag-center-cols-container .ag-cell[col-id="band"]')]
    assert bands and set(bands) == {"Sangat Rendah"}
    assert dash_duo.get_logs() == []


def test_a_weights_link_opens_that_parent_even_beyond_the_first_choices(dash_duo, live_app):
    parent = "SK-DINSOS-LINJAM-JSK"  # not among the chooser's first 50 parents
    dash_duo.start_server(live_app)
    dash_duo.driver.get(dash_duo.server_url + f"/bobot?parent={parent}")
    dash_duo.wait_for_contains_text(f"#{ids.WEIGHT_PARENT}", parent, timeout=20)
    dash_duo.wait_for_element(f"#{ids.WEIGHT_EDITOR} .weight-input", timeout=15)
    wait_idle(dash_duo, 15)
    assert parent in dash_duo.find_element(f"#{ids.WEIGHT_PARENT}").text
    assert dash_duo.get_logs() == []
