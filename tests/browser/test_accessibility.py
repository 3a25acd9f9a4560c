"""Every page for every reader: axe-core finds no serious or critical violation, and at phone
width (390 × 844) nothing scrolls the page sideways — in headless Chromium, signed in as the
admin (who sees every page), on the example database.

axe-core is the copy bundled with the axe-selenium-python test dependency (nothing is fetched
from the internet); it is injected into the page by WebDriver.
"""

from __future__ import annotations

import json

import pytest
from axe_selenium_python import Axe
from dash.testing.wait import until
from ekinerja.callbacks.pages import PAGES
from ekinerja.layouts import ids

from tests.browser.helpers import open_titled

BLOCKING = ("serious", "critical")  # the impacts that fail a page
#: Pages merged after this check was written, with serious violations still open (issue 9):
#: unlabelled controls and ungrouped radios. Remove a page from here once it passes.
NOT_CHECKED_YET: frozenset[str] = frozenset()
PHONE = (390, 844)
#: What may be wider than the window because it scrolls inside its card (tables, grids, maps).
SCROLLERS = ".table-scroll, .grid-scroll, .ag-root-wrapper, .cyto"


def open_page(browser, path: str) -> None:
    """Open a page and wait until it and its callbacks have rendered, and its title is set."""
    open_titled(browser, path)
    until(lambda: browser.driver.execute_script(
        "return document.title.indexOf('·') > 0"), timeout=10)


def _ours(violation: dict) -> dict | None:
    """A violation without the nodes of AG Grid's own row containers (role "rowgroup" kept
    while no row is pinned or full-width, or while a grid has no row at all: the grid
    library's markup, not our page's, recognised by its `.ag-` classes);
    None when nothing else is left."""
    nodes = [n for n in violation["nodes"]
             if not (violation["id"] == "aria-required-children"
                     and all(str(t).split(" > ")[-1].startswith(".ag-") for t in n["target"]))]
    return {**violation, "nodes": nodes} if nodes else None


def blocking_violations(browser) -> list[dict]:
    """axe-core's serious and critical violations on the open page."""
    axe = Axe(browser.driver)
    axe.inject()
    results = axe.run()
    found = (_ours(v) for v in results["violations"] if v["impact"] in BLOCKING)
    return [v for v in found if v is not None]


def describe(violations: list[dict]) -> str:
    return json.dumps([{"rule": v["id"], "impact": v["impact"], "help": v["help"],
                        "nodes": [(n["target"], (n.get("failureSummary") or "")[:300])
                                  for n in v["nodes"]][:6]} for v in violations],
                      indent=1, ensure_ascii=False)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_no_page_has_a_serious_or_critical_accessibility_violation(dash_duo, live_app, lang):
    dash_duo.start_server(live_app)
    if lang == "en":
        dash_duo.find_element(f'#{ids.LANG} input[value="en"]').click()
        dash_duo.wait_for_contains_text(f"#{ids.NAV}", "Enter realizations")
    found = {}
    for page in PAGES:
        if page.path in NOT_CHECKED_YET:
            continue
        open_page(dash_duo, page.path)
        assert dash_duo.driver.execute_script("return document.documentElement.lang") == lang
        violations = blocking_violations(dash_duo)
        if violations:
            found[page.path] = describe(violations)
    assert not found, "\n".join(f"{path}: {text}" for path, text in found.items())
    assert dash_duo.get_logs() == []


def horizontal_overflow(browser) -> dict:
    """How far the page scrolls sideways, and the elements that stick out of the window (not
    those an ancestor inside the window clips, such as a long choice ending in "…")."""
    return browser.driver.execute_script(f"""
        const width = document.documentElement.clientWidth;
        const clipped = (el) => {{
            for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {{
                const style = getComputedStyle(up);
                if (style.overflowX !== 'visible'
                        && up.getBoundingClientRect().right <= width + 1) {{ return true; }}
            }}
            return false;
        }};
        const wide = [];
        for (const el of document.querySelectorAll('body *')) {{
            const box = el.getBoundingClientRect();
            if (box.width > 0 && box.right > width + 1 && !el.closest('{SCROLLERS}')
                    && !clipped(el)) {{
                const name = el.id ? '#' + el.id : el.tagName.toLowerCase();
                const kind = (el.className || '').toString().split(' ')[0];
                wide.push(name + '.' + kind + ' → ' + Math.round(box.right));
            }}
        }}
        return {{scroll: document.documentElement.scrollWidth - width, wide: wide.slice(0, 8)}};
    """)


def test_every_page_fits_a_phone_without_sideways_scrolling(dash_duo, live_app):
    dash_duo.start_server(live_app)
    dash_duo.driver.set_window_size(*PHONE)
    found = {}
    for page in PAGES:
        open_page(dash_duo, page.path)
        overflow = horizontal_overflow(dash_duo)
        if overflow["scroll"] > 0 or overflow["wide"]:
            found[page.path] = overflow
    assert not found, json.dumps(found, indent=1)
    assert dash_duo.get_logs() == []


def test_on_a_phone_the_navbar_collapses_behind_a_menu_button(dash_duo, live_app):
    dash_duo.start_server(live_app)
    dash_duo.driver.set_window_size(*PHONE)
    open_page(dash_duo, "/realisasi")
    header = dash_duo.find_element(".topbar")
    assert header.size["height"] < 70  # the brand and the menu button, not every link
    assert not dash_duo.find_element(f"#{ids.NAV}").is_displayed()
    dash_duo.find_element(f"#{ids.NAV_TOGGLE}").click()
    until(lambda: dash_duo.find_element(f"#{ids.NAV}").is_displayed(), timeout=5)
    assert dash_duo.find_element(f"#{ids.NAV_TOGGLE}").get_attribute("aria-expanded") == "true"
    dash_duo.find_element("#nav-bobot").click()  # a new page closes the menu
    dash_duo.wait_for_element(".page-bobot", timeout=15)
    until(lambda: not dash_duo.find_element(f"#{ids.NAV}").is_displayed(), timeout=5)
    columns = dash_duo.driver.execute_script(
        "return getComputedStyle(document.querySelector('.page-bobot .grid-2'))"
        ".gridTemplateColumns.split(' ').length")
    assert columns == 1  # the cards stack
    assert dash_duo.get_logs() == []
