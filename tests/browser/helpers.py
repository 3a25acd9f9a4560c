"""Plain helpers the browser tests share (fixtures are in conftest.py): waiting for Dash,
clicking as a person would, opening a page, Cytoscape graphs and downloads."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from dash.testing.wait import until
from ekinerja.layouts import ids
from selenium.common.exceptions import ElementClickInterceptedException


def wait_idle(browser: Any, timeout: float = 10) -> None:
    """Wait until no Dash callback is pending (`_wait_for_callbacks` only answers whether none
    is: it must be polled)."""
    browser.wait_for_no_elements('[data-dash-is-loading="true"]', timeout=timeout)
    until(browser._wait_for_callbacks, timeout=timeout)


def scrolled(browser: Any, element: Any) -> None:
    """Scroll `element` to the middle of the window at once (a smooth scroll would still be
    moving it)."""
    browser.driver.execute_script(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element)


def click(browser: Any, selector: str) -> None:
    """Scroll an element to the middle of the window, then click it (as a person would)."""
    element = browser.find_element(selector)
    scrolled(browser, element)
    element.click()


def click_when_free(browser: Any, selector: str, timeout: float = 10) -> None:
    """Click as `click` does, again until nothing covers the element (a panel that is still
    re-rendering)."""

    def attempt() -> bool:
        element = browser.find_element(selector)
        scrolled(browser, element)
        try:
            element.click()
        except ElementClickInterceptedException:
            return False
        return True

    until(attempt, timeout=timeout)


def open_ready(browser: Any, path: str, ready: str, idle: float = 10) -> None:
    """Open `path` of the running app, wait for the element `ready`, then for its callbacks
    (`idle`: how long they may take)."""
    browser.wait_for_page(url=browser.server_url + path)
    browser.wait_for_element(ready, timeout=15)
    wait_idle(browser, idle)


def open_titled(browser: Any, path: str, idle: float = 15) -> None:
    """Load `path` of the running app and wait until its page title and then its callbacks
    have rendered."""
    browser.driver.get(browser.server_url + path)
    browser.wait_for_element(f"#{ids.PAGE} .page-title", timeout=20)
    wait_idle(browser, idle)


def graph_node_ids(browser: Any, graph_id: str) -> list[str]:
    """The ids of the nodes a Cytoscape graph draws now ([] before it is ready)."""
    return browser.driver.execute_script(
        "const graph = document.getElementById(arguments[0]);"
        "if (!graph || !graph._cyreg || !graph._cyreg.cy) { return []; }"
        "return graph._cyreg.cy.nodes().map(n => n.id());",
        graph_id,
    )


def wait_for_nodes(browser: Any, graph_id: str, wanted: set[str], timeout: float = 15) -> None:
    """Wait until a graph draws every wanted node (its elements come from a callback, after
    the canvas exists)."""
    until(lambda: wanted <= set(graph_node_ids(browser, graph_id)), timeout=timeout,
          msg=f"{graph_id} never showed {sorted(wanted)}")


def tap_node(browser: Any, graph_id: str, node_id: str) -> None:
    """Tap a node of a Cytoscape graph (as a click on it would)."""
    browser.driver.execute_script(
        "const cy = document.getElementById(arguments[0])._cyreg.cy;"
        "cy.getElementById(arguments[1]).emit('tap');",
        graph_id,
        node_id,
    )


def wait_for_download(folder: Path, suffix: str, timeout: float = 15.0) -> list[Path]:
    """The non-empty files ending in `suffix` that arrive in `folder` within `timeout` seconds
    ([] when none does)."""
    end = time.time() + timeout
    while time.time() < end:
        found = [p for p in folder.glob(f"*{suffix}") if p.stat().st_size > 0]
        if found:
            return found
        time.sleep(0.2)
    return []
