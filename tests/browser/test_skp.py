"""/skp in headless Chromium on a real SQLite database of the NTB plan: the demo head rates two
of their staff in turn, watching the unit's distribution against its organisation predikat;
the demo employee sees their own SKP, no rating form, and writes their own note."""

from __future__ import annotations

from pathlib import Path

import pytest
from dash.testing.wait import until
from ekinerja.layouts import ids
from selenium.webdriver.common.by import By

from ekinerja import services
from ekinerja.app import AppSettings, create_app
from ekinerja.data import EXAMPLE_PLAN
from ekinerja.interchange import load
from ekinerja.model import UnitPredikat
from ekinerja.services import accounts
from ekinerja.services.accounts import DEMO_ACCOUNTS
from ekinerja.storage.database import Database
from tests.browser.helpers import click, wait_idle

DEMO = {spec.role: spec for spec in DEMO_ACCOUNTS}
PERIOD = "2022"  # the latest period with realizations: the page's default
FIRST = "197601061999011010"  # Zainul Ridwan, Kabid Kesmas: the demo head's first staff
SECOND = "197010091998012004"  # Dr. Dewi Nurhayati, Kabid Yankes


@pytest.fixture
def skp_url(tmp_path: Path, add_account, account_password: str) -> str:
    """The NTB example with Dinas Kesehatan's organisation predikat `baik` in 2022, the admin
    "penguji" and the demo accounts."""
    url = f"sqlite:///{tmp_path / 'ekinerja.sqlite'}"
    db = Database(url)
    db.upgrade()
    doc = load(EXAMPLE_PLAN)
    doc.unit_predikat = [UnitPredikat("DIKES", PERIOD, "baik")]
    services.import_document(db, services.system_user(), doc)
    add_account(db, "penguji", name="Penguji")
    accounts.refresh_demo_accounts(db, account_password)
    db.dispose()
    return url


def choose(browser, group: str, value: str) -> None:
    click(browser, f'#{group} input[value="{value}"]')


def test_a_head_rates_two_of_their_staff_in_turn(dash_duo, skp_url):
    dash_duo.start_server(create_app(AppSettings(database_url=skp_url)),
                          username=DEMO["head"].username)
    dash_duo.wait_for_page(url=dash_duo.server_url + "/skp")
    dash_duo.wait_for_contains_text(f"#{ids.SKP_SUMMARY}", "Zainul Ridwan", timeout=15)
    wait_idle(dash_duo)
    until(lambda: dash_duo.find_element(f"#{ids.SKP_SAVE}").is_displayed(), timeout=10)
    dash_duo.wait_for_contains_text(f"#{ids.SKP_TEAM}", "Dr. Dewi Nurhayati", timeout=10)
    dash_duo.wait_for_contains_text(f"#{ids.SKP_DISTRIBUTION}", "Baik", timeout=10)

    # the first: as expected in behaviour; the preview says the predikat before saving
    choose(dash_duo, ids.SKP_WORK, "as_expected")
    choose(dash_duo, ids.SKP_BEHAVIOUR, "as_expected")
    dash_duo.wait_for_contains_text(f"#{ids.SKP_PREVIEW}", "Baik", timeout=10)
    dash_duo.find_element(f"#{ids.SKP_FEEDBACK}").send_keys("Pertahankan kinerja.")
    click(dash_duo, f"#{ids.SKP_SAVE}")
    dash_duo.wait_for_contains_text(f"#{ids.SKP_MESSAGE}", "Tersimpan", timeout=10)
    dash_duo.wait_for_contains_text(f"#{ids.SKP_SUMMARY}", "Pertahankan kinerja.", timeout=10)
    # Baik: 1 of 1 rated, more than 70 % and no Butuh Perbaikan or Kurang: two warnings
    until(lambda: len(dash_duo.find_elements("#skp-warnings .alert-warning")) == 2, timeout=10)

    # the next one in turn: below expectations in behaviour -> Kurang
    click(dash_duo, f"#{ids.SKP_NEXT}")
    dash_duo.wait_for_contains_text(f"#{ids.SKP_SUMMARY}", "Dr. Dewi Nurhayati", timeout=10)
    wait_idle(dash_duo)
    choose(dash_duo, ids.SKP_WORK, "as_expected")
    choose(dash_duo, ids.SKP_BEHAVIOUR, "below")
    dash_duo.wait_for_contains_text(f"#{ids.SKP_PREVIEW}", "Kurang", timeout=10)
    click(dash_duo, f"#{ids.SKP_SAVE}")
    dash_duo.wait_for_contains_text(f"#{ids.SKP_MESSAGE}", "Tersimpan", timeout=10)
    # 1 Baik and 1 Kurang of 2: the rules of `baik` are kept
    dash_duo.wait_for_contains_text("#skp-warnings", "memenuhi ketentuan", timeout=10)
    dash_duo.wait_for_contains_text(f"#{ids.SKP_HISTORY}", "demo-head", timeout=10)

    db = Database(skp_url)
    try:
        result = services.skp_result(db, None, PERIOD)
        assert (result.employees[FIRST].behaviour, result.employees[FIRST].predikat) == (
            "as_expected", "baik")
        assert result.employees[SECOND].predikat == "kurang"
        assert result.units["DIKES"].warnings == []
        records = services.audit_log(db, entity="skp_rating")
        assert {r["username"] for r in records} == {"demo-head"}
        assert {r["key"] for r in records} == {f"{FIRST}@{PERIOD}", f"{SECOND}@{PERIOD}"}
    finally:
        db.dispose()
    assert dash_duo.get_logs() == []


def test_an_employee_sees_their_own_skp_and_writes_their_note(dash_duo, skp_url):
    dash_duo.start_server(create_app(AppSettings(database_url=skp_url)),
                          username=DEMO["employee"].username)
    dash_duo.wait_for_page(url=dash_duo.server_url + "/skp")
    dash_duo.wait_for_contains_text(f"#{ids.SKP_SUMMARY}", "Siti Nurhayati", timeout=15)
    dash_duo.wait_for_contains_text(f"#{ids.SKP_RHK}", "utama", timeout=10)
    wait_idle(dash_duo)
    assert not dash_duo.find_elements(f"#{ids.SKP_SAVE}")
    assert not dash_duo.find_elements(f"#{ids.SKP_BEHAVIOUR}")
    # their own note on their SKP
    until(lambda: dash_duo.find_element(f"#{ids.SKP_SELF_NOTE}").is_displayed(), timeout=10)
    dash_duo.find_element(f"#{ids.SKP_SELF_NOTE}").send_keys("Target gizi tercapai.")
    click(dash_duo, f"#{ids.SKP_SELF_SAVE}")
    dash_duo.wait_for_contains_text(f"#{ids.SKP_SELF_MESSAGE}", "Tersimpan", timeout=10)
    dash_duo.wait_for_contains_text("#skp-own-note", "Target gizi tercapai.", timeout=10)
    assert dash_duo.get_logs() == []


def test_a_planner_sets_the_cadence_and_a_units_predikat(dash_duo, skp_url):
    dash_duo.start_server(create_app(AppSettings(database_url=skp_url)),
                          username=DEMO["planner"].username)
    dash_duo.wait_for_page(url=dash_duo.server_url + "/skp")
    dash_duo.wait_for_element(f"#{ids.SKP_PREDIKAT_SAVE}", timeout=15)
    wait_idle(dash_duo)
    choose(dash_duo, ids.SKP_CADENCE, "quarterly")
    click(dash_duo, f"#{ids.SKP_CADENCE_SAVE}")
    dash_duo.wait_for_contains_text(f"#{ids.SKP_CADENCE_MESSAGE}", "Tersimpan")
    wait_idle(dash_duo)
    click(dash_duo, f"#{ids.SKP_PREDIKAT_UNIT}")  # a searchable dropdown: type, then pick
    dash_duo.find_element(".dash-dropdown-search").send_keys("Dinas Kesehatan")
    until(lambda: [o for o in dash_duo.driver.find_elements(
        By.CSS_SELECTOR, ".dash-dropdown-option") if o.text.strip() == "Dinas Kesehatan"],
        timeout=10)
    [option] = [o for o in dash_duo.driver.find_elements(By.CSS_SELECTOR, ".dash-dropdown-option")
                if o.text.strip() == "Dinas Kesehatan"]
    dash_duo.driver.execute_script("arguments[0].click();", option)
    dash_duo.wait_for_contains_text(f"#{ids.SKP_PREDIKAT_VIEW}", "Dinas Kesehatan ·",
                                    timeout=15)
    dash_duo.wait_for_contains_text(f"#{ids.SKP_PREDIKAT_VIEW}", "berlaku", timeout=15)
    wait_idle(dash_duo)
    dash_duo.select_dcc_dropdown(f"#{ids.SKP_PREDIKAT_VALUE}", value="Istimewa")
    click(dash_duo, f"#{ids.SKP_PREDIKAT_SAVE}")
    dash_duo.wait_for_contains_text(f"#{ids.SKP_PREDIKAT_MESSAGE}", "Tersimpan")
    dash_duo.wait_for_contains_text(f"#{ids.SKP_PREDIKAT_VIEW}", "diganti", timeout=15)
    db = Database(skp_url)
    try:
        assert services.skp_cadence(db) == "quarterly"
        history = services.unit_predikat_history(db, None, "DIKES")
        assert [(h.predikat, h.author, h.superseded) for h in history][-2:] == [
            ("baik", "system", True), ("istimewa", DEMO["planner"].username, False)]
    finally:
        db.dispose()
    logs = dash_duo.get_logs()
    assert logs == [], [entry["message"][:300] for entry in logs]
