"""Leader pages in headless Chromium follow the database revision without reload (issue 5)."""

from __future__ import annotations

import pytest
from dash.testing.wait import until
from ekinerja.layouts import ids
from ekinerja.layouts.common import POLL_MS
from selenium.common.exceptions import StaleElementReferenceException

from ekinerja import services
from ekinerja.i18n import fmt_number
from ekinerja.storage.database import Database

INDICATOR = "IKD-BAPPEDA-1.1"
PERIOD = "2022"  # the latest period with realizations: the pages' default


def province_score(db: Database) -> str:
    """The province (vision) score of the period as the Beranda writes it."""
    engine = services.load_engine(db)
    return fmt_number(engine.evaluate(PERIOD).score_of(engine.root), "id")


def open_home(dash_duo, db: Database) -> None:
    dash_duo.wait_for_page(url=dash_duo.server_url + "/")
    dash_duo.wait_for_contains_text(f"#{ids.HOME_SCORE}", province_score(db), timeout=15)
    until(dash_duo._wait_for_callbacks, timeout=10)


def test_a_realization_recorded_elsewhere_changes_the_province_score_without_reload(
    dash_duo, live_app, db
):
    dash_duo.start_server(live_app)
    open_home(dash_duo, db)
    before = province_score(db)
    marker = dash_duo.driver.execute_script("window.__not_reloaded = true; return true;")
    assert before in dash_duo.find_element(f"#{ids.HOME_SCORE}").text
    services.record_realization(db, services.system_user(), None, INDICATOR, PERIOD, 0.0)
    after = province_score(db)
    assert after != before
    # the next poll, then the recompute: generous on a busy machine
    dash_duo.wait_for_contains_text(f"#{ids.HOME_SCORE}", after, timeout=POLL_MS / 1000 + 25)
    assert marker and dash_duo.driver.execute_script("return window.__not_reloaded === true;")
    assert dash_duo.get_logs() == []


def vision_label(dash_duo) -> str:
    """The label the performance tree draws on the vision node ("" before it is drawn)."""
    return dash_duo.driver.execute_script(
        "const graph = document.getElementById(arguments[0]);"
        "if (!graph || !graph._cyreg || !graph._cyreg.cy) { return ''; }"
        "const node = graph._cyreg.cy.getElementById('VISI');"
        "return node.length ? node.data('label') : '';",
        ids.TREE_GRAPH,
    )


def test_the_performance_tree_shows_a_new_vision_score_without_reload(dash_duo, live_app, db):
    dash_duo.start_server(live_app)
    dash_duo.wait_for_page(url=dash_duo.server_url + "/pohon-kinerja")
    before = province_score(db)
    until(lambda: before in vision_label(dash_duo), timeout=15)
    services.record_realization(db, services.system_user(), None, INDICATOR, PERIOD, 0.0)
    after = province_score(db)
    assert after != before
    until(lambda: after in vision_label(dash_duo), timeout=POLL_MS / 1000 + 7,
          msg=f"the vision node never showed {after}")
    assert dash_duo.get_logs() == []


def test_a_poll_without_a_change_re_renders_nothing(dash_duo, live_app, db):
    dash_duo.start_server(live_app)
    open_home(dash_duo, db)
    score = dash_duo.find_element(f"#{ids.HOME_SCORE}")
    n_before = ticks(dash_duo)
    until(lambda: ticks(dash_duo) >= n_before + 2, timeout=3 * POLL_MS / 1000 + 5, poll=0.2)
    until(dash_duo._wait_for_callbacks, timeout=10)
    try:
        assert score.text  # the same DOM node: the Beranda was not rendered again
    except StaleElementReferenceException:  # pragma: no cover - the failure being tested
        pytest.fail("the Beranda re-rendered although the revision did not change")
    assert dash_duo.get_logs() == []


def ticks(dash_duo) -> int:
    """How many times the shell's revision Interval has fired."""
    return int(dash_duo.driver.execute_script(
        "const s = window.store.getState();"
        "const p = s.paths.strs[arguments[0]];"
        "let node = s.layout; for (const k of p) { node = node[k]; }"
        "return node.props.n_intervals || 0;",
        ids.REVISION_POLL,
    ))
