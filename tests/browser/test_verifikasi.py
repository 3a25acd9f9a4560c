"""The realization workflow in headless Chromium on a real SQLite database of the NTB plan: the
operator submits with a PDF, the head rejects with a reason, the operator corrects, the head
verifies; when the plan counts verified values only, the score moves only then."""

from __future__ import annotations

from pathlib import Path

import pytest
from dash.testing.wait import until
from ekinerja.layouts import ids

from ekinerja import services
from ekinerja.app import AppSettings, create_app
from ekinerja.data import EXAMPLE_PLAN
from ekinerja.interchange import load
from ekinerja.services import accounts
from ekinerja.storage.database import Database
from tests.browser.helpers import wait_idle

UNIT = "Bidang Kesehatan Masyarakat"  # DIKES-KESMAS: below the demo head's DIKES
INDICATOR = "IKP-DIKES-KESMAS"  # of SP-DIKES-KESMAS, owned by the head of the division
PERIOD = "2022"  # the page's default period (the latest with realizations)
KEY = f"{INDICATOR}@{PERIOD}"
ENTRY_ROW = f'#{ids.ENTRY_GRID} .ag-row[row-id="{INDICATOR}"]'
INBOX_ROW = f'#{ids.VERIFY_GRID} .ag-row[row-id="{KEY}"]'
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def switch_to(browser, sign_in_browser, username: str) -> None:
    """Sign out, then in again as `username`."""
    base = browser.server_url
    browser.driver.get(base + "/logout")
    sign_in_browser(browser, base, username)


def enter(browser, value: str, pdf: Path | None = None) -> None:
    """On /realisasi: the division's indicator, a value (and a file), saved and submitted."""
    browser.wait_for_page(url=browser.server_url + "/realisasi")
    browser.wait_for_element(f"#{ids.ENTRY_UNIT}", timeout=15)
    wait_idle(browser)
    browser.select_dcc_dropdown(f"#{ids.ENTRY_UNIT}", value=UNIT)
    browser.wait_for_element(ENTRY_ROW, timeout=15).click()
    browser.wait_for_contains_text(f"#{ids.ENTRY_INDICATOR}", INDICATOR)
    until(lambda: browser.find_element(f"#{ids.ENTRY_VALUE}").is_displayed(), timeout=10)
    box = browser.find_element(f"#{ids.ENTRY_VALUE}")
    box.clear()
    box.send_keys(value)
    if pdf is not None:
        browser.find_element(f"#{ids.ENTRY_UPLOAD} input[type=file]").send_keys(str(pdf))
        browser.wait_for_contains_text(f"#{ids.ENTRY_UPLOAD_NAME}", pdf.name)
    browser.find_element(f"#{ids.ENTRY_SAVE}").click()
    browser.wait_for_contains_text(f"#{ids.ENTRY_MESSAGE}", "Tersimpan", timeout=10)


def review(browser, action: str, reason: str = "") -> None:
    """On /verifikasi: select the entry, then verify or reject it."""
    browser.wait_for_page(url=browser.server_url + "/verifikasi")
    browser.wait_for_element(INBOX_ROW, timeout=15).click()
    browser.wait_for_contains_text(f"#{ids.VERIFY_DETAIL}", "Riwayat entri")
    if reason:
        browser.find_element(f"#{ids.VERIFY_REASON}").send_keys(reason)
    button = ids.VERIFY_APPROVE if action == "verify" else ids.VERIFY_REJECT
    browser.find_element(f"#{button}").click()
    done = "Terverifikasi: 1" if action == "verify" else "Ditolak: 1"
    browser.wait_for_contains_text(f"#{ids.VERIFY_MESSAGE}", done, timeout=10)


def statuses(db: Database) -> list[tuple[float, str]]:
    return [(e["value"], e["status"])
            for e in services.realization_history(db, None, INDICATOR, PERIOD)]


def test_submit_with_a_pdf_reject_correct_and_verify(dash_duo, live_app, db, sign_in_browser,
                                                     tmp_path) -> None:
    pdf = tmp_path / "laporan-kesmas.pdf"
    pdf.write_bytes(PDF)
    dash_duo.start_server(live_app, username="demo-operator")
    enter(dash_duo, "81,5", pdf)
    assert statuses(db)[-1] == (81.5, "submitted")
    file_id = services.realization_history(db, None, INDICATOR, PERIOD)[-1]["evidence_file"]
    assert services.evidence_file(db, services.system_user(), None, file_id).data == PDF

    switch_to(dash_duo, sign_in_browser, "demo-head")
    review(dash_duo, "reject", "lampiran belum ditandatangani")
    assert statuses(db)[-1] == (81.5, "rejected")
    logs = dash_duo.get_logs()
    assert logs == [], [entry["message"][180:420] for entry in logs]

    switch_to(dash_duo, sign_in_browser, "demo-operator")
    dash_duo.wait_for_page(url=dash_duo.server_url + "/verifikasi")
    dash_duo.wait_for_contains_text(f"#{ids.RETURNED_GRID}", "lampiran belum ditandatangani",
                                    timeout=15)
    enter(dash_duo, "82")

    switch_to(dash_duo, sign_in_browser, "demo-head")
    review(dash_duo, "verify")
    history = services.realization_history(db, None, INDICATOR, PERIOD)
    assert [(e["value"], e["status"]) for e in history[-2:]] == [(81.5, "rejected"),
                                                                (82.0, "verified")]
    assert history[-1]["evidence_file"] == file_id  # the correction kept the PDF
    assert (history[-1]["reviewed_by"], history[-2]["review_reason"]) == (
        "demo-head", "lampiran belum ditandatangani")
    dash_duo.wait_for_contains_text(f"#{ids.VERIFY_LIST}", "Tidak ada yang menunggu")
    assert dash_duo.get_logs() == []


@pytest.fixture
def verified_only_app(tmp_path: Path, add_account, account_password: str):
    """The example plan counting verified values only, with the demo accounts."""
    url = f"sqlite:///{tmp_path / 'verified.sqlite'}"
    database = Database(url)
    database.upgrade()
    doc = load(EXAMPLE_PLAN)
    doc.plan.settings.count = "verified"
    services.import_document(database, services.system_user(), doc)
    add_account(database, "penguji", name="Penguji")
    accounts.refresh_demo_accounts(database, account_password)
    yield create_app(AppSettings(database_url=url)), database
    database.dispose()


def test_the_score_moves_only_when_verified_if_the_plan_counts_verified_values(
        dash_duo, verified_only_app, sign_in_browser) -> None:
    app, db = verified_only_app
    cell = f'{ENTRY_ROW} [col-id="realization"]'
    dash_duo.start_server(app, username="demo-operator")
    enter(dash_duo, "77,25")
    dash_duo.wait_for_contains_text(f'{ENTRY_ROW} [col-id="status"]', "Diajukan")
    assert "77,25" not in dash_duo.find_element(cell).text
    before = services.load_engine(db).evaluate(PERIOD).indicator(INDICATOR)["realization"]
    assert before != 77.25  # the year still comes from its verified quarters

    switch_to(dash_duo, sign_in_browser, "demo-head")
    review(dash_duo, "verify")
    assert services.load_engine(db).evaluate(PERIOD).indicator(INDICATOR)["realization"] == 77.25
    dash_duo.wait_for_page(url=dash_duo.server_url + "/realisasi")
    dash_duo.select_dcc_dropdown(f"#{ids.ENTRY_UNIT}", value=UNIT)
    dash_duo.wait_for_contains_text(cell, "77,25", timeout=15)
    assert dash_duo.get_logs() == []
