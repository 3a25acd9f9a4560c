"""Bobot in headless Chromium, end to end on a real SQLite database of the NTB plan."""

from __future__ import annotations

from ekinerja.layouts import ids

from ekinerja import services
from ekinerja.i18n import fmt_number
from ekinerja.services import accounts
from tests.browser.helpers import click, wait_idle

PARENT = "VISI"  # the page's first parent
PERIOD = "2022"  # the page's default period
VISION_AFTER = f'#weight-chain td.weight-after[data-code="{PARENT}"]'


def open_page(browser) -> None:
    browser.wait_for_page(url=browser.server_url + "/bobot")
    browser.wait_for_element(".weight-input", timeout=15)
    browser.wait_for_element(VISION_AFTER, timeout=15)
    wait_idle(browser)


def vision_after(browser) -> str:
    """The previewed score of the vision (the number before the band label)."""
    return browser.find_element(VISION_AFTER).text.split(" · ")[0]


def edit_first_weight(browser, value: str) -> None:
    box = browser.find_elements(".weight-input input")[0]
    browser.clear_input(box)
    box.send_keys(value)


def save_as_typed(browser, reason: str) -> None:
    """Tick "save even if the total is not 100 %", give the reason and save."""
    click(browser, f"#{ids.WEIGHT_TOTAL_CONFIRM} input")
    browser.find_element(f"#{ids.WEIGHT_REASON}").send_keys(reason)
    click(browser, f"#{ids.WEIGHT_SAVE}")


def test_bobot_page_loads_with_an_empty_console(dash_duo, live_app):
    dash_duo.start_server(live_app)
    open_page(dash_duo)
    dash_duo.wait_for_contains_text(f"#{ids.WEIGHT_TOTAL}", "100,00")
    assert dash_duo.get_logs() == []


def test_the_preview_matches_the_score_after_saving(dash_duo, live_app, db):
    before = fmt_number(services.load_engine(db).evaluate(PERIOD).score_of(PARENT), "id")
    dash_duo.start_server(live_app, username="demo-planner")
    open_page(dash_duo)
    assert vision_after(dash_duo) == before
    edit_first_weight(dash_duo, "60")
    dash_duo.wait_for_contains_text(f"#{ids.WEIGHT_TOTAL}", "143,33")
    wait_idle(dash_duo)
    previewed = vision_after(dash_duo)
    assert previewed != before
    save_as_typed(dash_duo, "prioritas misi pertama")
    dash_duo.wait_for_contains_text(f"#{ids.WEIGHT_MESSAGE}", "versi 2")
    saved = services.load_engine(db).evaluate(PERIOD).score_of(PARENT)
    assert fmt_number(saved, "id") == previewed
    dash_duo.wait_for_contains_text(f"#{ids.WEIGHT_HISTORY}", "prioritas misi pertama")
    assert dash_duo.find_element(f"#{ids.WEIGHT_REASON}").get_attribute("value") == ""
    assert dash_duo.get_logs() == []


def test_a_conflicting_save_is_refused_and_the_edits_stay(dash_duo, live_app, db):
    dash_duo.start_server(live_app)
    open_page(dash_duo)
    edit_first_weight(dash_duo, "60")
    click(dash_duo, f"#{ids.WEIGHT_TOTAL_CONFIRM} input")
    dash_duo.find_element(f"#{ids.WEIGHT_REASON}").send_keys("prioritas misi pertama")
    other = accounts.get_account(db, "perencana2").actor()
    services.set_weights(db, other, None, PARENT, {"MISI-2": 5.0}, seen_version=0,
                         reason="perubahan lain")
    versions = services.weight_versions(db, None, PARENT)
    click(dash_duo, f"#{ids.WEIGHT_SAVE}")
    dash_duo.wait_for_contains_text(f"#{ids.WEIGHT_MESSAGE}", "diubah orang lain")
    assert "Ditolak" in dash_duo.find_element(f"#{ids.WEIGHT_MESSAGE}").text
    assert dash_duo.find_elements(".weight-input input")[0].get_attribute("value") == "60"
    assert services.weight_versions(db, None, PARENT) == versions
    assert dash_duo.get_logs() == []


def test_restoring_the_first_version_brings_back_its_weights(dash_duo, live_app, db):
    original = services.current_weights(db, None, PARENT)[1]
    dash_duo.start_server(live_app)
    open_page(dash_duo)
    edit_first_weight(dash_duo, "60")
    save_as_typed(dash_duo, "prioritas misi pertama")
    dash_duo.wait_for_contains_text(f"#{ids.WEIGHT_MESSAGE}", "versi 2")
    wait_idle(dash_duo)
    dash_duo.driver.set_window_size(1366, 1400)  # the history card sits below the fold
    dash_duo.find_element(f"#{ids.WEIGHT_REASON}").send_keys("kembali ke bobot awal")
    dash_duo.select_dcc_dropdown(f"#{ids.WEIGHT_RESTORE_VERSION}", index=1)  # newest first
    click(dash_duo, f"#{ids.WEIGHT_RESTORE}")
    dash_duo.wait_for_contains_text(f"#{ids.WEIGHT_MESSAGE}", "versi 3")
    assert services.current_weights(db, None, PARENT) == (3, original)
    assert dash_duo.get_logs() == []


def test_a_total_above_100_is_refused_until_confirmed(dash_duo, live_app, db):
    dash_duo.start_server(live_app)
    open_page(dash_duo)
    edit_first_weight(dash_duo, "30,5")
    dash_duo.wait_for_contains_text(f"#{ids.WEIGHT_TOTAL}", "bukan 100")
    assert dash_duo.find_elements(".weight-input input")[0].get_attribute("value") == "30,5"
    dash_duo.find_element(f"#{ids.WEIGHT_REASON}").send_keys("uji jumlah")
    click(dash_duo, f"#{ids.WEIGHT_SAVE}")
    dash_duo.wait_for_contains_text(f"#{ids.WEIGHT_MESSAGE}", "bukan 100 %")
    assert services.weight_versions(db, None, PARENT) == []
    assert dash_duo.get_logs() == []
