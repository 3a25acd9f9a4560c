"""The planner's workshop in headless Chromium, on a real SQLite database: a planner builds a
cascade from an empty plan, sees its score after one realization, moves a node and undoes it;
a head cannot edit the cascade."""

from __future__ import annotations

from pathlib import Path

import pytest
from dash.testing.wait import until
from ekinerja.layouts import ids
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from ekinerja import services
from ekinerja.app import AppSettings, create_app
from ekinerja.model import Employee, Plan, PlanDocument, Unit
from ekinerja.storage.database import Database
from tests.browser.helpers import click_when_free as click
from tests.browser.helpers import scrolled, wait_idle

HEAD = "197001012000011001"
ANI = "199001012020011002"


@pytest.fixture
def empty_url(tmp_path: Path, add_account) -> str:
    """A database holding one plan without objectives (units and employees only), a planner
    "perencana" and the head "kadis" of DINAS."""
    url = f"sqlite:///{tmp_path / 'ekinerja.sqlite'}"
    db = Database(url)
    db.upgrade()
    services.start_plan(db, services.system_user(), PlanDocument(
        Plan("BARU", "Rencana Baru", 2025, 2026),
        units=[Unit("PEMDA", "Pemerintah Daerah", None, "pemda"),
               Unit("DINAS", "Dinas Kesehatan", "PEMDA")],
        employees=[Employee(HEAD, "Kepala Dinas", "DINAS", "Kepala"),
                   Employee(ANI, "Ani", "DINAS", "Analis", HEAD)]))
    add_account(db, "perencana", "planner", name="Perencana")
    add_account(db, "kadis", "head", unit="DINAS", nip=HEAD, name="Kepala Dinas")
    db.dispose()
    return url


def open_tree(browser) -> None:
    browser.wait_for_page(url=browser.server_url + "/pohon-kinerja")
    browser.wait_for_element(f"#{ids.WORK_PANEL}", timeout=15)
    wait_idle(browser)
    browser.driver.execute_script(  # unfold every section of the panel, as a user would
        "document.querySelectorAll('.work-section').forEach(d => d.open = true);")


def pick(browser, component: str, value: str) -> None:
    """Choose an option of a dropdown by its text."""
    element = browser.find_element(f"#{component}")
    scrolled(browser, element)
    browser.select_dcc_dropdown(element, value=value)
    close_menus(browser)


def close_menus(browser) -> None:
    """Close an open dropdown menu (Escape), as a user would before the next click."""
    if browser.driver.find_elements(By.CSS_SELECTOR, ".dash-dropdown-options"):
        browser.driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    until(lambda: not browser.driver.find_elements(By.CSS_SELECTOR, ".dash-dropdown-options"),
          timeout=5)


def tap(browser, code: str) -> None:
    """Click a node of the tree (a tap on the Cytoscape node, as a mouse click makes)."""
    until(lambda: browser.driver.execute_script(
        "const cy = document.getElementById(arguments[0])._cyreg.cy;"
        "return cy.getElementById(arguments[1]).length;", ids.TREE_GRAPH, code), timeout=15)
    browser.driver.execute_script(
        "document.getElementById(arguments[0])._cyreg.cy.getElementById(arguments[1])"
        ".emit('tap');", ids.TREE_GRAPH, code)
    browser.wait_for_contains_text(f"#{ids.WORK_TITLE}", code)
    wait_idle(browser)


def find(browser, code: str) -> None:
    """Choose a node through the tree's search (it reveals the path and is the one edited)."""
    typed(browser, ids.TREE_SEARCH, code)
    browser.find_element(f"#{ids.TREE_SEARCH}").send_keys(Keys.ENTER)
    browser.wait_for_contains_text(f"#{ids.WORK_TITLE}", code)
    wait_idle(browser)


def typed(browser, component: str, text: str) -> None:
    box = browser.find_element(f"#{component}")
    scrolled(browser, box)
    browser.clear_input(box)
    box.send_keys(text)


def add(browser, code: str, name: str, level: str | None = None, *,
        indicator: bool = False) -> None:
    """Add a child of the chosen node (a new objective is chosen next)."""
    if indicator:
        click(browser, f"#{ids.WORK_CHILD_KIND} input[value='indicator']")
    typed(browser, ids.WORK_CHILD_CODE, code)
    typed(browser, ids.WORK_CHILD_NAME, name)
    if level:
        pick(browser, ids.WORK_CHILD_LEVEL, level)
    click(browser, f"#{ids.WORK_ADD}")
    browser.wait_for_contains_text(f"#{ids.WORK_MESSAGE}", f"{code} ditambahkan")
    wait_idle(browser)
    if indicator:
        click(browser, f"#{ids.WORK_CHILD_KIND} input[value='objective']")


def search_choose(browser, component: str, text: str, option: str) -> None:
    """Type in a dropdown that searches as one types, then pick an option."""
    click(browser, f"#{component}")
    search = browser.find_element(".dash-dropdown-search")
    search.send_keys(text)
    until(lambda: any(o.text == option for o in browser.driver.find_elements(
        By.CSS_SELECTOR, ".dash-dropdown-option")), timeout=10)
    next(o for o in browser.driver.find_elements(By.CSS_SELECTOR, ".dash-dropdown-option")
         if o.text == option).click()
    close_menus(browser)


def parents_of(db: Database, code: str) -> set[str]:
    return {lk.parent for lk in services.load_document(db, "BARU").links if lk.child == code}


def test_a_planner_builds_a_cascade_from_an_empty_plan(dash_duo, empty_url):
    db = Database(empty_url)
    app = create_app(AppSettings(database_url=empty_url))
    dash_duo.start_server(app, username="perencana")
    open_tree(dash_duo)
    dash_duo.wait_for_contains_text(f"#{ids.WORK_TITLE}", "Belum ada yang dipilih")

    add(dash_duo, "VISI", "Daerah sehat dan sejahtera")  # nothing chosen: the vision
    dash_duo.wait_for_contains_text(f"#{ids.WORK_TITLE}", "VISI")
    add(dash_duo, "MISI-1", "Layanan kesehatan merata", "Misi")
    tap(dash_duo, "VISI")
    add(dash_duo, "MISI-2", "Tata kelola yang baik", "Misi")
    find(dash_duo, "MISI-1")
    add(dash_duo, "SS-DINAS", "Meningkatnya mutu layanan kesehatan", "Sasaran Perangkat Daerah")
    pick(dash_duo, ids.WORK_UNIT, "DINAS · Dinas Kesehatan")
    click(dash_duo, f"#{ids.WORK_SAVE}")
    dash_duo.wait_for_contains_text(f"#{ids.WORK_MESSAGE}", "Tersimpan")
    wait_idle(dash_duo)
    add(dash_duo, "RHK-ANI", "Laporan layanan tersusun", "RHK")
    add(dash_duo, "IND-ANI", "Jumlah laporan", indicator=True)

    # the indicator's targets, typed in the grid as the language writes numbers
    dash_duo.wait_for_element(f"#{ids.WORK_TARGETS} [row-id='2025'] [col-id='annual']")
    cell = dash_duo.find_element(f"#{ids.WORK_TARGETS} [row-id='2025'] [col-id='annual']")
    scrolled(dash_duo, cell)
    cell.click()
    editor = dash_duo.driver.switch_to.active_element
    editor.send_keys("12,5")
    editor.send_keys(Keys.ENTER)
    click(dash_duo, f"#{ids.WORK_TARGETS_SAVE}")
    dash_duo.wait_for_contains_text(f"#{ids.WORK_MESSAGE}", "1 target disimpan")
    doc = services.load_document(db, "BARU")
    assert [(o.code, o.level) for o in doc.objectives] == [
        ("VISI", "vision"), ("MISI-1", "mission"), ("MISI-2", "mission"),
        ("SS-DINAS", "agency_objective"), ("RHK-ANI", "individual")]
    assert [(t.indicator, t.period, t.value) for t in doc.targets] == [("IND-ANI", "2025", 12.5)]

    # one realization (entered by the unit's operator) and the planner sees the score
    services.record_realization(db, services.system_user(), "BARU", "IND-ANI", "2025", 10.0)
    find(dash_duo, "VISI")
    dash_duo.wait_for_contains_text(f"#{ids.WORK_TITLE}", "80,00 · Tinggi", timeout=15)

    # move the agency objective under the second mission, then undo it
    find(dash_duo, "SS-DINAS")
    search_choose(dash_duo, ids.WORK_MOVE_TO, "MISI-2", "MISI-2 · Tata kelola yang baik")
    click(dash_duo, f"#{ids.WORK_MOVE}")
    dash_duo.wait_for_contains_text(f"#{ids.WORK_MESSAGE}", "Dipindahkan")
    assert parents_of(db, "SS-DINAS") == {"MISI-2"}
    wait_idle(dash_duo)
    dash_duo.wait_for_contains_text(f"#{ids.WORK_HISTORY}", "Pindahkan SS-DINAS ke bawah MISI-2")
    click(dash_duo, f"#{ids.WORK_UNDO}")
    dash_duo.wait_for_contains_text(f"#{ids.WORK_MESSAGE}", "Dibatalkan")
    assert parents_of(db, "SS-DINAS") == {"MISI-1"}
    assert dash_duo.get_logs() == []
    db.dispose()


def test_a_head_cannot_edit_the_cascade_even_in_their_unit(dash_duo, empty_url):
    db = Database(empty_url)
    planner = services.User("perencana", role="planner")
    from ekinerja.model import Objective

    services.add_objective(db, planner, "BARU", Objective("VISI", "Visi", "vision"), parent=None)
    services.add_objective(db, planner, "BARU", Objective("SS-DINAS", "Sasaran Dinas",
                                                         "agency_objective", unit="DINAS"),
                           parent="VISI")
    app = create_app(AppSettings(database_url=empty_url))
    dash_duo.start_server(app, username="kadis")
    open_tree(dash_duo)
    dash_duo.driver.execute_script(  # choose a node: for a head the panel stays hidden
        "document.getElementById(arguments[0])._cyreg.cy.getElementById('VISI').emit('tap');",
        ids.TREE_GRAPH)
    wait_idle(dash_duo)
    panel = dash_duo.find_element(f"#{ids.WORK_PANEL}")
    assert not panel.is_displayed()
    assert not dash_duo.find_element(f"#{ids.WORK_SAVE}").is_displayed()
    assert dash_duo.get_logs() == []
    # a forged post is refused by the service (tests/callbacks/test_write_access.py)
    with pytest.raises(services.PermissionDenied):
        services.update_objective(db, services.accounts.get_account(db, "kadis").actor("10.0.0.1"),
                                  "BARU", "SS-DINAS", name="Sasaran Dinas Kesehatan")
    assert services.load_document(db, "BARU").objectives[1].name == "Sasaran Dinas"
    db.dispose()


def grid_cell(year: str, column: str) -> str:
    return f"#{ids.WORK_TARGETS} .ag-center-cols-container [row-id='{year}'] [col-id='{column}']"


def cell_texts(browser, year: str) -> list[str]:
    return [browser.find_element(grid_cell(year, c)).text
            for c in ("annual", "q1", "q2", "q3", "q4")]


def edit_cell(browser, year: str, column: str, text: str) -> None:
    """Click a cell of the targets grid (it opens its editor), type and press Enter."""
    click(browser, grid_cell(year, column))
    until(lambda: browser.driver.switch_to.active_element.tag_name == "input", timeout=5)
    editor = browser.driver.switch_to.active_element
    editor.send_keys(Keys.CONTROL, "a")
    editor.send_keys(text)
    editor.send_keys(Keys.ENTER)


def paste_on(browser, year: str, column: str, text: str) -> None:
    """Click a cell, then paste `text` there as Ctrl+V does: a paste event carrying the
    clipboard's text (headless Chromium has no clipboard to fill)."""
    click(browser, grid_cell(year, column))
    browser.driver.execute_script(
        "const data = new DataTransfer(); data.setData('text/plain', arguments[0]);"
        "document.activeElement.dispatchEvent(new ClipboardEvent('paste', "
        "{clipboardData: data, bubbles: true, cancelable: true}));", text)


def test_a_planner_pastes_a_block_and_sets_the_baseline(dash_duo, empty_url):
    """A Rencana Aksi block copied in a spreadsheet (tabs, CRLF, Indonesian numbers, a range)
    pasted on the grid, one bad cell named, the baseline typed; saved, seen and undone."""
    from ekinerja.model import Indicator, Objective

    db = Database(empty_url)
    planner = services.User("perencana", role="planner")
    services.add_objective(db, planner, "BARU", Objective("VISI", "Visi", "vision"), parent=None)
    services.add_indicator(db, planner, "BARU", Indicator("IND-1", "VISI", "Angka harapan hidup",
                                                         "tahun"))
    app = create_app(AppSettings(database_url=empty_url))
    dash_duo.start_server(app, username="perencana")
    dash_duo.wait_for_page(url=dash_duo.server_url + "/pohon-kinerja?node=VISI&indicator=IND-1")
    dash_duo.wait_for_element(f"#{ids.WORK_PANEL}", timeout=15)
    dash_duo.wait_for_contains_text(f"#{ids.WORK_TITLE}", "VISI", timeout=15)
    wait_idle(dash_duo)
    dash_duo.driver.execute_script(
        "document.querySelectorAll('.work-section').forEach(d => d.open = true);")
    baseline_label = f"#{ids.WORK_TARGETS} .ag-pinned-left-cols-container [row-id='baseline']"
    dash_duo.wait_for_contains_text(baseline_label, "Nilai awal 2024")

    # a block with one bad cell: pasted, the bad cell named, nothing saved
    paste_on(dash_duo, "2025", "annual", "71,5\t70,1\t70,6\t71\tsatu\r\n72 - 73,5\t\t\t\t72\r\n")
    dash_duo.wait_for_contains_text(f"#{ids.WORK_TARGETS_CHECK}",
                                    "Triwulan IV 2025 (baris tempelan 1, sel 5)")
    until(lambda: cell_texts(dash_duo, "2025") == ["71,5", "70,1", "70,6", "71", "satu"],
          timeout=10)
    assert cell_texts(dash_duo, "2026") == ["72 - 73,5", "", "", "", "72"]
    assert services.targets_of(db, "BARU", "IND-1") == {}

    # the planner fixes the bad cell and types the baseline
    edit_cell(dash_duo, "2025", "q4", "71,2")
    until(lambda: cell_texts(dash_duo, "2025")[4] == "71,2", timeout=10)
    edit_cell(dash_duo, "baseline", "annual", "69,8")
    dash_duo.wait_for_text_to_equal(f"#{ids.WORK_TARGETS_CHECK}", "")
    until(lambda: dash_duo.find_element(grid_cell("baseline", "annual")).text == "69,8",
          timeout=5)
    click(dash_duo, f"#{ids.WORK_TARGETS_SAVE}")
    dash_duo.wait_for_contains_text(f"#{ids.WORK_MESSAGE}", "8 sel disimpan, termasuk nilai awal")
    assert services.baseline_of(db, "BARU", "IND-1") == 69.8
    assert services.targets_of(db, "BARU", "IND-1") == {
        "2025": 71.5, "2025-Q1": 70.1, "2025-Q2": 70.6, "2025-Q3": 71.0, "2025-Q4": 71.2,
        "2026": (72.0, 73.5), "2026-Q4": 72.0}
    wait_idle(dash_duo)  # the grid filled again from the database
    assert cell_texts(dash_duo, "baseline")[0] == "69,8"
    assert cell_texts(dash_duo, "2026") == ["72 - 73,5", "", "", "", "72"]

    # undone from the history: the baseline and the targets go
    dash_duo.wait_for_contains_text(f"#{ids.WORK_HISTORY}", "Target IND-1 (8)")
    click(dash_duo, f"#{ids.WORK_UNDO}")
    dash_duo.wait_for_contains_text(f"#{ids.WORK_MESSAGE}", "Dibatalkan")
    assert services.baseline_of(db, "BARU", "IND-1") is None
    assert services.targets_of(db, "BARU", "IND-1") == {}
    until(lambda: cell_texts(dash_duo, "baseline")[0] == "", timeout=10)

    # without the shortcut: the block in the text area, placed from the cell last clicked
    click(dash_duo, grid_cell("2026", "q2"))
    dash_duo.driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    typed(dash_duo, ids.WORK_PASTE_TEXT, "5\n6,5")
    click(dash_duo, f"#{ids.WORK_PASTE_FILL}")
    dash_duo.wait_for_contains_text(f"#{ids.WORK_TARGETS_CHECK}", "Tempel: Blok berisi 2 baris; "
                                    "mulai dari Triwulan II 2026 tabel hanya memuat 1.")
    assert cell_texts(dash_duo, "2026")[2] == ""  # refused whole
    click(dash_duo, grid_cell("2025", "q2"))
    dash_duo.driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    click(dash_duo, f"#{ids.WORK_PASTE_FILL}")
    until(lambda: (cell_texts(dash_duo, "2025")[2], cell_texts(dash_duo, "2026")[2])
          == ("5", "6,5"), timeout=10)
    assert services.targets_of(db, "BARU", "IND-1") == {}  # nothing saved
    assert dash_duo.get_logs() == []
    db.dispose()
