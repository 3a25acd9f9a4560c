"""/laporan in headless Chromium on the example database: a document made and downloaded."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from ekinerja.layouts import ids

from tests.browser.helpers import open_ready, wait_for_download, wait_idle


def test_a_head_downloads_the_pk_of_their_unit_as_word(dash_duo, live_app):
    dash_duo.start_server(live_app, username="demo-head")  # the head of DIKES
    open_ready(dash_duo, "/laporan", f"#{ids.REPORT_UNIT}")
    assert "Dinas Kesehatan" in dash_duo.find_element(f"#{ids.REPORT_UNIT}").text  # their own
    dash_duo.select_dcc_dropdown(f"#{ids.REPORT_YEAR}", value="2022")
    dash_duo.find_element('button[id*="pk.docx"]').click()
    dash_duo.wait_for_contains_text(f"#{ids.REPORT_STATUS}", "pk-DIKES-2022.docx", timeout=20)
    assert "4 indikator" in dash_duo.find_element(f"#{ids.REPORT_STATUS}").text
    files = wait_for_download(Path(dash_duo.download_path), ".docx", timeout=20.0)
    assert [f.name for f in files] == ["pk-DIKES-2022.docx"]
    cells = [c.text for t in Document(str(files[0])).tables for r in t.rows for c in r.cells]
    assert "95,00 %" in cells  # IKD-DIKES-1.1, 2022
    assert not dash_duo.find_element(f"#{ids.REPORT_PROGRESS}").is_displayed()
    assert dash_duo.get_logs() == []


def test_a_planner_freezes_the_awal_and_downloads_it(dash_duo, live_app):
    dash_duo.start_server(live_app, username="demo-planner")
    dash_duo.wait_for_page(url=dash_duo.server_url + "/laporan")
    dash_duo.wait_for_contains_text(f"#{ids.PK_VERSIONS}", "Belum ada versi", timeout=15)
    wait_idle(dash_duo)
    box = dash_duo.find_element(f"#{ids.PK_FREEZE_DATE}")
    dash_duo.clear_input(box)
    box.send_keys("2022-01-03")
    dash_duo.find_element(f"#{ids.PK_FREEZE}").click()
    dash_duo.wait_for_contains_text(f"#{ids.PK_FREEZE_MESSAGE}", "versi 1 dibekukan", timeout=15)
    dash_duo.wait_for_contains_text(f"#{ids.PK_VERSIONS}", "3 Januari 2022", timeout=15)
    dash_duo.find_element('button[id*="1.pdf"]').click()
    files = wait_for_download(Path(dash_duo.download_path), ".pdf", timeout=20.0)
    assert files and files[0].read_bytes()[:5] == b"%PDF-"
    assert dash_duo.get_logs() == []
