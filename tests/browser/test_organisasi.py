"""The organisation page in headless Chromium, on a real SQLite database: a planner sees the
unit tree and a unit's employees, adds an employee (a bad NIP refused in words first) and names
the successor of one who leaves; the console stays empty and axe finds nothing serious."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_selenium_python import Axe
from dash.testing.wait import until
from ekinerja.layouts import ids
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from ekinerja import services
from ekinerja.app import AppSettings, create_app
from ekinerja.model import Employee, Indicator, Objective, Plan, PlanDocument, Unit
from ekinerja.storage.database import Database
from tests.browser.helpers import click_when_free as click
from tests.browser.helpers import scrolled, wait_idle

HEAD = "197001012000011001"
ANI = "199001012020011002"
BUDI = "199505052020121003"


@pytest.fixture
def org_url(tmp_path: Path, add_account) -> str:
    """A plan with two units, a head and Ani who owns an RHK; a planner "perencana" and the
    head "kadis" of DINAS."""
    url = f"sqlite:///{tmp_path / 'ekinerja.sqlite'}"
    db = Database(url)
    db.upgrade()
    system = services.system_user()
    services.start_plan(db, system, PlanDocument(
        Plan("ORG", "Rencana Organisasi", 2025, 2026),
        units=[Unit("PEMDA", "Pemerintah Daerah", None, "pemda"),
               Unit("DINAS", "Dinas Kesehatan", "PEMDA")],
        employees=[Employee(HEAD, "Kepala Dinas", "DINAS", "Kepala"),
                   Employee(ANI, "Ani", "DINAS", "Analis", HEAD)]))
    services.add_objective(db, system, "ORG", Objective("VISI", "Visi", "vision"), parent=None)
    services.add_objective(db, system, "ORG", Objective("RHK-ANI", "Laporan tersusun",
                                                        "individual", unit="DINAS", owner=ANI),
                           parent="VISI")
    services.add_indicator(db, system, "ORG", Indicator("IND-ANI", "RHK-ANI", "Laporan"))
    services.set_target(db, system, "ORG", "IND-ANI", "2025", 10.0)
    services.record_realization(db, system, "ORG", "IND-ANI", "2025", 8.0)
    add_account(db, "perencana", "planner", name="Perencana")
    add_account(db, "kadis", "head", unit="DINAS", nip=HEAD, name="Kepala Dinas")
    db.dispose()
    return url


def typed(browser, component: str, text: str) -> None:
    box = browser.find_element(f"#{component}")
    scrolled(browser, box)
    browser.clear_input(box)
    box.send_keys(text)


def close_menus(browser) -> None:
    if browser.driver.find_elements(By.CSS_SELECTOR, ".dash-dropdown-options"):
        browser.driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    until(lambda: not browser.driver.find_elements(By.CSS_SELECTOR, ".dash-dropdown-options"),
          timeout=5)


def pick(browser, component: str, option: str) -> None:
    """Choose an option of a dropdown by its text (once the page has offered it)."""
    def attempt() -> bool:
        close_menus(browser)
        element = browser.find_element(f"#{component}")
        scrolled(browser, element)
        browser.driver.execute_script("arguments[0].click();", element)
        for choice in browser.driver.find_elements(By.CSS_SELECTOR, ".dash-dropdown-option"):
            if choice.text == option:
                choice.click()
                return True
        return False

    until(attempt, timeout=10)
    close_menus(browser)
    browser.wait_for_contains_text(f"#{component}", option)


def choose_unit(browser, name: str) -> None:
    """Click a unit of the tree by its name."""
    def attempt() -> bool:
        for button in browser.driver.find_elements(By.CSS_SELECTOR,
                                                   f"#{ids.ORG_TREE} button"):
            if button.text.startswith(name):
                scrolled(browser, button)
                button.click()
                return True
        return False

    until(attempt, timeout=10)
    browser.wait_for_contains_text(f"#{ids.ORG_UNIT_TITLE}", name)
    wait_idle(browser)


def open_dinas(browser, url: str, username: str = "perencana") -> None:
    """/organisasi signed in as `username`, with Dinas Kesehatan chosen."""
    browser.start_server(create_app(AppSettings(database_url=url)), username=username)
    browser.driver.get(browser.server_url + "/organisasi")
    browser.wait_for_element(f"#{ids.ORG_TREE} button", timeout=15)
    wait_idle(browser)
    choose_unit(browser, "Dinas Kesehatan")
    browser.wait_for_contains_text(f"#{ids.ORG_EMPLOYEES}", ANI)


def test_a_planner_adds_an_employee_and_names_a_successor(dash_duo, org_url):
    db = Database(org_url)
    open_dinas(dash_duo, org_url)
    assert dash_duo.find_element(f"#{ids.ORG_UNIT_CODE}").get_attribute("value") == "DINAS"

    # a NIP that is not 18 digits is refused in words, nothing written
    typed(dash_duo, ids.ORG_EMP_NIP, "12345")
    typed(dash_duo, ids.ORG_EMP_NAME, "Budi")
    click(dash_duo, f"#{ids.ORG_EMP_SAVE}")
    dash_duo.wait_for_contains_text(f"#{ids.ORG_MESSAGE}", "nip: NIP terdiri dari 18 angka")
    assert len(services.organisation(db, "ORG")["employees"]) == 2

    typed(dash_duo, ids.ORG_EMP_NIP, BUDI)
    typed(dash_duo, ids.ORG_EMP_POSITION, "Analis Kebijakan")
    pick(dash_duo, ids.ORG_EMP_SUPERVISOR, f"{HEAD} · Kepala Dinas")
    click(dash_duo, f"#{ids.ORG_EMP_SAVE}")
    dash_duo.wait_for_contains_text(f"#{ids.ORG_MESSAGE}", f"Pegawai {BUDI} disimpan")
    dash_duo.wait_for_contains_text(f"#{ids.ORG_EMPLOYEES}", BUDI)
    budi = services.organisation(db, "ORG")["employees"][-1]
    assert budi == {"nip": BUDI, "name": "Budi", "unit": "DINAS",
                    "position": "Analis Kebijakan", "supervisor": HEAD}
    wait_idle(dash_duo)

    # Ani leaves; Budi succeeds her from 2026 and takes over her RHK
    pick(dash_duo, ids.ORG_LEAVING, f"{ANI} · Ani")
    pick(dash_duo, ids.ORG_SUCCESSOR, f"{BUDI} · Budi")
    typed(dash_duo, ids.ORG_HANDOVER_DATE, "2026-01-01")
    click(dash_duo, f"#{ids.ORG_SUCCEED}")
    dash_duo.wait_for_contains_text(f"#{ids.ORG_MESSAGE}", f"{BUDI} menggantikan {ANI}")
    dash_duo.wait_for_contains_text(f"#{ids.ORG_HOLDINGS}", "2026-01-01")
    doc = services.load_document(db, "ORG")
    assert next(o for o in doc.objectives if o.code == "RHK-ANI").owner == BUDI
    assert services.holder_of(db, "ORG", "RHK-ANI", "2025") == ANI
    assert services.holder_of(db, "ORG", "RHK-ANI", "2026") == BUDI
    wait_idle(dash_duo)

    axe = Axe(dash_duo.driver)
    axe.inject()
    serious = [(v["id"], [n["target"] for n in v["nodes"]]) for v in axe.run()["violations"]
               if v["impact"] in ("serious", "critical")]
    assert serious == []
    assert dash_duo.get_logs() == []
    db.dispose()


def test_a_head_reads_the_organisation_without_the_forms(dash_duo, org_url):
    open_dinas(dash_duo, org_url, "kadis")
    assert not dash_duo.find_element(f"#{ids.ORG_EMP_SAVE}").is_displayed()
    assert dash_duo.get_logs() == []


CITRA = "199607072021122004"


def test_a_planner_removes_an_employee_with_confirmation_and_undoes_it(dash_duo, org_url):
    db = Database(org_url)
    planner = services.User("perencana", "Perencana", "planner")
    services.save_employee(db, planner, "ORG", BUDI, name="Budi", unit="DINAS",
                           position="Analis", supervisor=HEAD)
    services.save_employee(db, planner, "ORG", CITRA, name="Citra", unit="DINAS",
                           position="Pranata", supervisor=BUDI)
    open_dinas(dash_duo, org_url)
    dash_duo.wait_for_contains_text(f"#{ids.ORG_EMPLOYEES}", BUDI)
    dash_duo.wait_for_contains_text(f"#{ids.ORG_HISTORY}", f"Tambah pegawai {CITRA}")
    pick(dash_duo, ids.ORG_EMP_PICK, f"{BUDI} · Budi")
    until(lambda: dash_duo.find_element(f"#{ids.ORG_EMP_NIP}").get_attribute("value") == BUDI,
          timeout=10)
    wait_idle(dash_duo)

    # Budi supervises Citra: the removal asks for a confirmation naming where she goes
    click(dash_duo, f"#{ids.ORG_EMP_REMOVE}")
    dash_duo.wait_for_contains_text(f"#{ids.ORG_MESSAGE}", f"{CITRA} → {HEAD}")
    assert "Konfirmasi" in dash_duo.find_element(f"#{ids.ORG_MESSAGE}").text
    assert BUDI in {e["nip"] for e in services.organisation(db, "ORG")["employees"]}
    click(dash_duo, f"#{ids.ORG_EMP_CONFIRM} input")
    click(dash_duo, f"#{ids.ORG_EMP_REMOVE}")
    dash_duo.wait_for_contains_text(f"#{ids.ORG_MESSAGE}", f"Pegawai {BUDI} dihapus")
    people = {e["nip"]: e for e in services.organisation(db, "ORG")["employees"]}
    assert BUDI not in people and people[CITRA]["supervisor"] == HEAD
    until(lambda: BUDI not in dash_duo.find_element(f"#{ids.ORG_EMPLOYEES}").text, timeout=10)
    dash_duo.wait_for_contains_text(f"#{ids.ORG_HISTORY}", f"Hapus pegawai {BUDI}")
    wait_idle(dash_duo)

    # the removal undone from the organisation history: Budi and his report are back
    dash_duo.wait_for_contains_text(f"#{ids.ORG_UNDO_EDIT}", f"Hapus pegawai {BUDI}")
    click(dash_duo, f"#{ids.ORG_UNDO}")
    dash_duo.wait_for_contains_text(f"#{ids.ORG_MESSAGE}", "Dibatalkan")
    people = {e["nip"]: e for e in services.organisation(db, "ORG")["employees"]}
    assert people[BUDI]["supervisor"] == HEAD and people[CITRA]["supervisor"] == BUDI
    dash_duo.wait_for_contains_text(f"#{ids.ORG_EMPLOYEES}", BUDI)
    dash_duo.wait_for_contains_text(f"#{ids.ORG_HISTORY}", "Batalkan")
    wait_idle(dash_duo)
    assert dash_duo.get_logs() == []
    db.dispose()
