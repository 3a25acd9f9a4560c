"""Each demo role in headless Chromium, signed in through the real /login form on a real SQLite
database of the NTB plan: the navbar says who is signed in, and /bobot and /realisasi offer
exactly the changes the role may make; an employee lands on their own page and enters their
own realization."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from dash.testing.wait import until
from ekinerja.layouts import ids

from ekinerja import services
from ekinerja.permissions import ROLES
from ekinerja.services.accounts import DEMO_ACCOUNTS
from tests.browser.helpers import wait_idle

DEMO = {spec.role: spec for spec in DEMO_ACCOUNTS}
ROLE_WORDS = {"admin": "Administrator", "planner": "Perencana", "evaluator": "Evaluator",
              "head": "Kepala", "operator": "Operator", "employee": "Pegawai",
              "viewer": "Pengamat"}
SAVES_WEIGHTS = {"admin", "planner"}
RECORDS = {"admin", "operator", "employee"}
MANAGES_PERIODS = {"admin", "planner"}
GRID_ROW = f"#{ids.ENTRY_GRID} .ag-row"


def path_of(browser) -> str:
    return urlsplit(browser.driver.current_url).path


def present(browser, component_id: str) -> bool:
    return bool(browser.find_elements(f"#{component_id}"))


@pytest.mark.parametrize("role", ROLES)
def test_a_demo_role_sees_who_it_is_and_only_its_own_actions(dash_duo, live_app, role):
    spec = DEMO[role]
    dash_duo.start_server(live_app, username=spec.username)
    until(lambda: path_of(dash_duo) == ("/kontribusi" if role == "employee" else "/"),
          timeout=10)
    dash_duo.wait_for_contains_text(f"#{ids.ACCOUNT}", spec.name.split(",")[0], timeout=15)
    assert ROLE_WORDS[role] in dash_duo.find_element(f"#{ids.ACCOUNT}").text
    assert dash_duo.find_element(f"#{ids.SIGN_OUT}").get_attribute("href").endswith(
        "/logout?lang=id")
    assert present(dash_duo, ids.CHANGE_PASSWORD)
    assert present(dash_duo, "nav-pengguna") is (role == "admin")

    dash_duo.wait_for_page(url=dash_duo.server_url + "/bobot")
    dash_duo.wait_for_element(".weight-input", timeout=15)
    wait_idle(dash_duo)
    assert present(dash_duo, ids.WEIGHT_SAVE) is (role in SAVES_WEIGHTS)
    assert present(dash_duo, ids.WEIGHT_RESTORE) is (role in SAVES_WEIGHTS)
    assert present(dash_duo, ids.WEIGHT_READ_ONLY) is (role not in SAVES_WEIGHTS)

    dash_duo.wait_for_page(url=dash_duo.server_url + "/realisasi")
    dash_duo.wait_for_element(GRID_ROW, timeout=15)
    wait_idle(dash_duo)
    if role in RECORDS:  # the page opens on their unit or RHK: the entry is theirs to make
        until(lambda: dash_duo.find_element(f"#{ids.ENTRY_SAVE}").is_displayed(), timeout=10)
    else:
        assert not present(dash_duo, ids.ENTRY_SAVE)
        assert not present(dash_duo, ids.ENTRY_VALUE)
    assert present(dash_duo, ids.ENTRY_CLOSE) is (role in MANAGES_PERIODS)
    assert present(dash_duo, ids.ENTRY_REOPEN) is (role in MANAGES_PERIODS)
    assert dash_duo.get_logs() == []


def test_an_operator_is_not_offered_the_entry_outside_their_unit(dash_duo, live_app):
    dash_duo.start_server(live_app, username=DEMO["operator"].username)
    dash_duo.wait_for_page(url=dash_duo.server_url + "/realisasi")
    dash_duo.wait_for_element(GRID_ROW, timeout=15)
    wait_idle(dash_duo)
    until(lambda: dash_duo.find_element(f"#{ids.ENTRY_SAVE}").is_displayed(), timeout=10)
    dash_duo.select_dcc_dropdown(f"#{ids.ENTRY_UNIT}",
                                 value="Badan Perencanaan Pembangunan Daerah")
    dash_duo.wait_for_element(f'#{ids.ENTRY_GRID} .ag-row[row-id="IKD-BAPPEDA-1.1"]',
                              timeout=15)
    dash_duo.wait_for_contains_text(f"#{ids.ENTRY_SCOPE}", "di luar", timeout=10)
    assert not dash_duo.find_element(f"#{ids.ENTRY_SAVE}").is_displayed()
    assert dash_duo.get_logs() == []


def test_an_employee_lands_on_their_contribution_and_enters_their_own_realization(
        dash_duo, live_app, db):
    employee = DEMO["employee"]
    dash_duo.start_server(live_app, username=employee.username)
    until(lambda: path_of(dash_duo) == "/kontribusi", timeout=10)
    dash_duo.wait_for_contains_text(".contrib-employee-name", "Siti Nurhayati", timeout=15)
    dash_duo.find_element(f"#{ids.CONTRIB_OWN_ENTRY}").click()
    dash_duo.wait_for_element(f'#{ids.ENTRY_GRID} .ag-row[row-id="RHK-052-1"]', timeout=15)
    assert "RHK saya" in dash_duo.find_element(f"#{ids.ENTRY_UNIT}").text
    wait_idle(dash_duo)
    until(lambda: dash_duo.find_element(f"#{ids.ENTRY_VALUE}").is_displayed(), timeout=10)
    dash_duo.find_element(f"#{ids.ENTRY_VALUE}").send_keys("3")
    dash_duo.find_element(f"#{ids.ENTRY_SAVE}").click()
    dash_duo.wait_for_contains_text(f"#{ids.ENTRY_MESSAGE}", "Tersimpan", timeout=10)
    record = services.audit_log(db, entity="realization", limit=1)[0]
    assert record["username"] == employee.username
    assert record["key"].startswith("RHK-052-1@")
    assert dash_duo.get_logs() == []
