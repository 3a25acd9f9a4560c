"""Input Realisasi in headless Chromium, end to end on a real SQLite database of the NTB plan."""

from __future__ import annotations

from pathlib import Path

import pytest
from dash.testing.browser import Browser
from dash.testing.wait import until
from ekinerja.layouts import ids
from selenium.common.exceptions import ElementClickInterceptedException

from ekinerja import services
from ekinerja.storage.database import Database
from tests.browser.helpers import scrolled, wait_idle

INDICATOR = "IKD-BAPPEDA-1.1"  # first indicator of the first unit (Bappeda)
PERIOD = "2022"  # the latest period with realizations: the page's default
ROW = f'#{ids.ENTRY_GRID} .ag-row[row-id="{INDICATOR}"]'
CELL = f'{ROW} [col-id="realization"]'


@pytest.fixture
def second_browser(request: pytest.FixtureRequest, tmp_path: Path):
    """Another headless Chromium session (its own cookies and storage), no server of its own."""
    with Browser(
        browser="chrome",
        headless=True,
        options=request.config.hook.pytest_setup_options(),
        download_path=str(tmp_path / "second-download"),
    ) as browser:
        yield browser


@pytest.fixture
def other_worker(db_url: str, serve_in_process):
    """The same app served by another process (`ekinerja serve`) on the same database."""
    with serve_in_process(db_url) as url:
        yield url


def open_page(browser) -> None:
    browser.wait_for_page(url=browser.server_url + "/realisasi")
    browser.wait_for_element(ROW, timeout=15)
    wait_idle(browser)


def enter(browser, value: str) -> None:
    """Type a value for the chosen indicator and save (as the signed-in account)."""
    until(lambda: browser.find_element(f"#{ids.ENTRY_VALUE}").is_displayed(), timeout=10)
    box = browser.find_element(f"#{ids.ENTRY_VALUE}")
    browser.clear_input(box)  # it starts from the current value
    box.send_keys(value)
    click(browser, f"#{ids.ENTRY_SAVE}")


def click(browser, selector: str) -> None:
    """Scroll an element to the middle of the window, then click it."""
    element = browser.find_element(selector)
    scrolled(browser, element)
    try:
        element.click()
    except ElementClickInterceptedException:  # a tooltip over it: click the element itself
        browser.driver.execute_script("arguments[0].click()", element)


def entries(db: Database) -> list[dict]:
    return services.realization_history(db, None, INDICATOR)


def test_realisasi_page_loads_with_an_empty_console(dash_duo, live_app):
    dash_duo.start_server(live_app)
    open_page(dash_duo)
    dash_duo.wait_for_contains_text(f"#{ids.ENTRY_STATUS}", "Terbuka")
    assert dash_duo.get_logs() == []


def test_an_entered_realization_appears_in_a_second_browser_without_reload(
    dash_duo, second_browser, live_app, db, sign_in_browser
):
    dash_duo.start_server(live_app)
    sign_in_browser(second_browser, dash_duo.server_url)
    open_page(second_browser)
    open_page(dash_duo)
    assert "91,50" not in second_browser.find_element(CELL).text
    enter(dash_duo, "91,5")
    dash_duo.wait_for_contains_text(f"#{ids.ENTRY_MESSAGE}", "Tersimpan")
    dash_duo.wait_for_contains_text(CELL, "91,50")
    second_browser.wait_for_contains_text(CELL, "91,50", timeout=10)
    assert services.load_engine(db).evaluate(PERIOD).indicator(INDICATOR)["realization"] == 91.5
    assert dash_duo.get_logs() == []
    assert second_browser.get_logs() == []


def test_text_is_refused_with_a_message_and_nothing_is_written(dash_duo, live_app, db):
    before = (entries(db), services.revision(db))
    dash_duo.start_server(live_app)
    open_page(dash_duo)
    enter(dash_duo, "sembilan puluh")
    dash_duo.wait_for_contains_text(f"#{ids.ENTRY_MESSAGE}", "Ditolak")
    assert "bukan angka" in dash_duo.find_element(f"#{ids.ENTRY_MESSAGE}").text
    assert (entries(db), services.revision(db)) == before
    assert dash_duo.get_logs() == []


def test_closing_a_period_disables_the_entry_and_nothing_is_written(dash_duo, live_app, db):
    dash_duo.start_server(live_app)
    open_page(dash_duo)
    click(dash_duo, f"#{ids.ENTRY_CLOSE}")  # without a reason: refused
    dash_duo.wait_for_contains_text(f"#{ids.ENTRY_PERIOD_MESSAGE}", "alasan")
    dash_duo.find_element(f"#{ids.ENTRY_REASON}").send_keys("evaluasi tahunan selesai")
    click(dash_duo, f"#{ids.ENTRY_CLOSE}")
    dash_duo.wait_for_contains_text(f"#{ids.ENTRY_STATUS}", "Ditutup")
    until(lambda: not dash_duo.find_element(f"#{ids.ENTRY_VALUE}").is_enabled(), timeout=10)
    assert not dash_duo.find_element(f"#{ids.ENTRY_SAVE}").is_enabled()
    dash_duo.wait_for_contains_text(f"#{ids.ENTRY_SCOPE}", "ditutup")
    assert dash_duo.get_logs() == []


def test_choosing_a_row_shows_its_current_value(dash_duo, live_app):
    dash_duo.start_server(live_app)
    open_page(dash_duo)
    until(lambda: dash_duo.find_element(f"#{ids.ENTRY_VALUE}").get_attribute("value")
          == "94,52", timeout=10)
    assert dash_duo.get_logs() == []


THOUSANDS = "IKD-DINSOS-1.2"  # Dinas Sosial, target 8.000 KK


@pytest.mark.parametrize(("lang", "typed"), [("id", "6.621,5"), ("en", "6,621.5")])
def test_a_thousands_grouped_value_saves_the_same_number_in_each_language(
        dash_duo, live_app, db, lang, typed):
    dash_duo.start_server(live_app)
    if lang == "en":
        dash_duo.find_element(f'#{ids.LANG} input[value="en"]').click()
        dash_duo.wait_for_contains_text(f"#{ids.NAV}", "Enter realizations")
    open_page(dash_duo)
    dash_duo.select_dcc_dropdown(f"#{ids.ENTRY_UNIT}", value="Dinas Sosial")
    row = f'#{ids.ENTRY_GRID} .ag-row[row-id="{THOUSANDS}"]'
    dash_duo.wait_for_element(row, timeout=15)
    dash_duo.find_element(f'{row} [col-id="target"]').click()
    dash_duo.wait_for_contains_text(f"#{ids.ENTRY_INDICATOR}", THOUSANDS)
    wait_idle(dash_duo)
    enter(dash_duo, typed)
    dash_duo.wait_for_contains_text(f"#{ids.ENTRY_MESSAGE}",
                                    "Tersimpan" if lang == "id" else "Saved")
    shown = "6.621,50" if lang == "id" else "6,621.50"
    dash_duo.wait_for_contains_text(f'{row} [col-id="realization"]', shown)
    assert services.load_engine(db).evaluate(PERIOD).indicator(THOUSANDS)["realization"] == 6621.5
    assert dash_duo.get_logs() == []


def test_clicking_a_row_chooses_its_indicator(dash_duo, live_app):
    dash_duo.start_server(live_app)
    open_page(dash_duo)
    other = "IKD-BAPPEDA-1.2"
    dash_duo.find_element(f'#{ids.ENTRY_GRID} .ag-row[row-id="{other}"] [col-id="target"]').click()
    dash_duo.wait_for_contains_text(f"#{ids.ENTRY_INDICATOR}", other)
    assert dash_duo.get_logs() == []


def test_another_worker_process_shows_a_new_realization_without_reload(
    dash_duo, second_browser, other_worker, live_app, sign_in_browser
):
    dash_duo.start_server(live_app)
    sign_in_browser(second_browser, other_worker)
    open_page(second_browser)
    open_page(dash_duo)
    enter(dash_duo, "77,25")
    dash_duo.wait_for_contains_text(f"#{ids.ENTRY_MESSAGE}", "Tersimpan")
    second_browser.wait_for_contains_text(CELL, "77,25", timeout=10)
    assert second_browser.get_logs() == []
