"""Pengguna in headless Chromium on a real SQLite database of the NTB plan: an admin creates an
account and sees its one-time password once; anyone else gets no such page."""

from __future__ import annotations

from ekinerja.layouts import ids

from ekinerja.services import accounts
from tests.browser.helpers import wait_idle


def open_page(browser) -> None:
    browser.wait_for_page(url=browser.server_url + "/pengguna")
    browser.wait_for_element(f"#{ids.ACCOUNT_GRID} .ag-row", timeout=15)
    wait_idle(browser)


def test_an_admin_creates_an_account_and_its_password_is_shown_once(dash_duo, live_app, db):
    dash_duo.start_server(live_app)
    open_page(dash_duo)
    dash_duo.find_element(f"#{ids.ACCOUNT_NEW_USERNAME}").send_keys("budi.santoso")
    dash_duo.find_element(f"#{ids.ACCOUNT_NEW_NAME}").send_keys("Budi Santoso")
    dash_duo.select_dcc_dropdown(f"#{ids.ACCOUNT_NEW_ROLE}", value="Operator (operator)")
    dash_duo.select_dcc_dropdown(f"#{ids.ACCOUNT_NEW_UNIT}", value="DIKES · Dinas Kesehatan")
    dash_duo.find_element(f"#{ids.ACCOUNT_CREATE}").click()
    dash_duo.wait_for_element(f"#{ids.ACCOUNT_SECRET} .account-password", timeout=10)
    password = dash_duo.find_element(f"#{ids.ACCOUNT_SECRET} .account-password").text
    created = accounts.get_account(db, "budi.santoso")
    assert (created.role, created.unit, created.must_change_password) == ("operator", "DIKES",
                                                                          True)
    assert accounts.sign_in(db, "budi.santoso", password, "127.0.0.1").outcome == "ok"
    dash_duo.wait_for_element(f'#{ids.ACCOUNT_GRID} .ag-row[row-id="budi.santoso"]', timeout=10)
    open_page(dash_duo)  # opened again: the password is gone for good
    assert password not in dash_duo.find_element(f"#{ids.PAGE}").text
    assert not dash_duo.find_elements(".account-password")
    assert dash_duo.get_logs() == []


def test_a_refused_account_says_which_field_is_wrong(dash_duo, live_app):
    dash_duo.start_server(live_app)
    open_page(dash_duo)
    dash_duo.find_element(f"#{ids.ACCOUNT_NEW_USERNAME}").send_keys("budi santoso")
    dash_duo.find_element(f"#{ids.ACCOUNT_CREATE}").click()
    dash_duo.wait_for_contains_text(f"#{ids.ACCOUNT_MESSAGE}", "Nama pengguna:", timeout=10)
    assert not dash_duo.find_elements(".account-password")
    assert dash_duo.get_logs() == []


def test_a_planner_gets_no_accounts_page_nor_its_link(dash_duo, live_app):
    dash_duo.start_server(live_app, username="demo-planner")
    dash_duo.wait_for_page(url=dash_duo.server_url + "/pengguna")
    dash_duo.wait_for_contains_text(f"#{ids.PAGE}", "Tidak diizinkan", timeout=15)
    assert not dash_duo.find_elements(f"#{ids.ACCOUNT_GRID}")
    assert not dash_duo.find_elements("#nav-pengguna")
    assert dash_duo.get_logs() == []
