"""The strategy map and the cascade tree in headless Chromium at 1366 px, on the bundled NTB
example database: labels readable at fit, view buttons, `?node=` links, the panel following
the scope, leaf details, and the PNG with its title and legend."""

from __future__ import annotations

import io
import time
from pathlib import Path

from dash.testing.wait import until
from ekinerja.layouts import ids
from ekinerja.layouts.common_map import MIN_FONT, zoom_ids
from PIL import Image

from ekinerja.data import EXAMPLE_PLAN
from ekinerja.interchange import load
from ekinerja.readmodels.presentation import band_legend
from ekinerja.rollup import Engine
from tests.browser.helpers import click, tap_node, wait_for_download, wait_idle

RENDERED_FONT = (  # the smallest label size on screen: zoom × the node's font size
    "const cy = document.getElementById(arguments[0])._cyreg.cy;"
    "const sizes = cy.nodes('.objective').map(n => parseFloat(n.style('font-size')));"
    "return sizes.length ? cy.zoom() * Math.min(...sizes) : null;"
)


def cy_ready(browser, graph: str, node: str, timeout: float = 20) -> None:
    """Wait until the graph draws `node` and its view was fitted once."""
    until(lambda: browser.driver.execute_script(
        "const g = document.getElementById(arguments[0]);"
        "return !!(g && g._cyreg && g._cyreg.cy && g._cyreg.cy.getElementById(arguments[1])"
        ".length);", graph, node), timeout=timeout, msg=f"{graph} never drew {node}")
    wait_idle(browser, 15)
    time.sleep(0.5)  # the view callback waits for the layout before fitting


def open_graph(browser, app, path: str, graph: str, node: str, **start) -> None:
    """Start the app (signed in as `start` says), open `path` and wait until `graph` draws
    `node` (see cy_ready)."""
    browser.start_server(app, **start)
    browser.wait_for_page(url=browser.server_url + path)
    cy_ready(browser, graph, node)


def rendered_font(browser, graph: str) -> float:
    return browser.driver.execute_script(RENDERED_FONT, graph)


def test_map_labels_are_readable_when_fitted_and_the_view_buttons_zoom(dash_duo, live_app):
    dash_duo.start_server(live_app)
    assert dash_duo.driver.execute_script("return window.innerWidth") >= 1300
    dash_duo.wait_for_page(url=dash_duo.server_url + "/peta-strategi")
    cy_ready(dash_duo, ids.MAP_GRAPH, "SS-5.2")
    fitted = rendered_font(dash_duo, ids.MAP_GRAPH)
    assert fitted >= MIN_FONT, f"labels at fit are {fitted:.1f} px"
    # the whole drawing is in view at that size (the box is sized to the drawing)
    inside = dash_duo.driver.execute_script(
        "const cy = document.getElementById(arguments[0])._cyreg.cy;"
        "const b = cy.nodes('.objective').renderedBoundingBox();"
        "return b.x1 >= -1 && b.y1 >= -1 && b.x2 <= cy.width() + 1 && b.y2 <= cy.height() + 1;",
        ids.MAP_GRAPH)
    assert inside
    click(dash_duo, f"#{zoom_ids(ids.MAP_GRAPH)['in']}")
    until(lambda: rendered_font(dash_duo, ids.MAP_GRAPH) > fitted * 1.1, timeout=5)
    click(dash_duo, f"#{zoom_ids(ids.MAP_GRAPH)['fit']}")
    until(lambda: abs(rendered_font(dash_duo, ids.MAP_GRAPH) - fitted) < 0.05, timeout=5)
    click(dash_duo, f"#{zoom_ids(ids.MAP_GRAPH)['out']}")
    time.sleep(0.4)
    assert rendered_font(dash_duo, ids.MAP_GRAPH) >= MIN_FONT  # the minimum zoom holds
    assert dash_duo.find_element(f"#{zoom_ids(ids.MAP_GRAPH)['in']}").text.endswith(
        "Perbesar")
    assert dash_duo.get_logs() == []


def test_tree_labels_are_readable_when_fitted_and_a_leaf_shows_its_details(dash_duo,
                                                                          live_app):
    open_graph(dash_duo, live_app, "/pohon-kinerja", ids.TREE_GRAPH, "MISI-1")
    assert rendered_font(dash_duo, ids.TREE_GRAPH) >= MIN_FONT
    box = dash_duo.find_element(f"#{ids.TREE_SEARCH}")
    box.send_keys("RHK-017")
    click(dash_duo, f"#{ids.TREE_SEARCH_BUTTON}")
    dash_duo.wait_for_contains_text(f"#{ids.TREE_INFO}", "ditemukan")
    cy_ready(dash_duo, ids.TREE_GRAPH, "RHK-017")
    assert rendered_font(dash_duo, ids.TREE_GRAPH) >= MIN_FONT
    tap_node(dash_duo, ids.TREE_GRAPH, "RHK-017")
    dash_duo.wait_for_contains_text(f"#{ids.TREE_DETAILS}", "RHK-017")
    assert "Indikator" in dash_duo.find_element(f"#{ids.TREE_DETAILS}").text
    assert dash_duo.get_logs() == []


def test_a_node_link_opens_its_agency_map_with_it_chosen_and_centred(dash_duo, live_app):
    open_graph(dash_duo, live_app, "/peta-strategi?node=SPD-BPBD-1", ids.MAP_GRAPH, "SPD-BPBD-1")
    dash_duo.wait_for_contains_text(f"#{ids.MAP_PANEL}", "SPD-BPBD-1")
    dash_duo.wait_for_contains_text(f"#{ids.MAP_SCOPE}", "Badan Penanggulangan Bencana")
    # the agency's objective, its province parent above and its children below
    drawn = set(dash_duo.driver.execute_script(
        "return document.getElementById(arguments[0])._cyreg.cy.nodes('.objective')"
        ".map(n => n.id());", ids.MAP_GRAPH))
    assert {"SPD-BPBD-1", "SS-1.1"} <= drawn and len(drawn) >= 4
    until(lambda: dash_duo.driver.execute_script(
        "const cy = document.getElementById(arguments[0])._cyreg.cy;"
        "const n = cy.getElementById(arguments[1]); const p = n.renderedPosition();"
        "return n.selected() && Math.abs(p.x - cy.width() / 2) < 2 "
        "&& Math.abs(p.y - cy.height() / 2) < 2;", ids.MAP_GRAPH, "SPD-BPBD-1"), timeout=5,
          msg="the linked node is not selected and centred")
    assert dash_duo.get_logs() == []


def test_another_scope_clears_the_panel_and_a_province_objective_names_its_unit(dash_duo,
                                                                               live_app):
    open_graph(dash_duo, live_app, "/peta-strategi", ids.MAP_GRAPH, "SS-1.1")
    tap_node(dash_duo, ids.MAP_GRAPH, "SS-1.1")
    dash_duo.wait_for_contains_text(f"#{ids.MAP_PANEL}", "SS-1.1")
    panel = dash_duo.find_element(f"#{ids.MAP_PANEL}").text
    assert "Pemerintah Provinsi" in panel and "tidak ada" not in panel
    assert "Badan Penanggulangan Bencana Daerah" in panel  # the agency carrying it
    dash_duo.select_dcc_dropdown(f"#{ids.MAP_SCOPE}", value="Dinas Kesehatan")
    dash_duo.wait_for_contains_text(f"#{ids.MAP_PANEL}", "Klik")
    assert "SS-1.1" not in dash_duo.find_element(f"#{ids.MAP_PANEL}").text
    assert dash_duo.get_logs() == []


def test_the_png_has_a_title_and_a_legend_of_the_bands(dash_duo, live_app):
    open_graph(dash_duo, live_app, "/peta-strategi", ids.MAP_GRAPH, "SS-1.1")
    drawing = dash_duo.driver.execute_script(
        "const cy = document.getElementById(arguments[0])._cyreg.cy;"
        "const b = cy.elements().boundingBox(); return [b.w * 2, b.h * 2];", ids.MAP_GRAPH)
    click(dash_duo, f"#{ids.MAP_PNG}")
    files = wait_for_download(Path(dash_duo.download_path), ".png")
    assert files and files[0].name.startswith("peta-strategi")
    image = Image.open(io.BytesIO(files[0].read_bytes())).convert("RGB")
    assert image.height > drawing[1] + 150  # room for the title and the legend
    title = image.crop((0, 0, image.width, 110))
    assert min(sum(p) for p in title.get_flattened_data()) < 150  # dark text on the title band
    below = image.crop((0, image.height - 130, image.width, image.height))
    colours = set(below.get_flattened_data())
    engine = Engine(load(EXAMPLE_PLAN))
    for band in band_legend(engine):
        rgb = tuple(int(band.colour[i:i + 2], 16) for i in (1, 3, 5))
        assert rgb in colours, f"the legend lacks {band.label}"
    assert dash_duo.get_logs() == []


def node_position(browser, code: str) -> dict:
    return browser.driver.execute_script(
        "return document.getElementById(arguments[0])._cyreg.cy.getElementById(arguments[1])"
        ".position();", ids.MAP_GRAPH, code)


def drag(browser, code: str, dx: int, dy: int) -> None:
    """Drag a node with the mouse (a real press, move and release on the canvas)."""
    from selenium.webdriver.common.actions.action_builder import ActionBuilder

    graph = browser.find_element(f"#{ids.MAP_GRAPH}")
    browser.driver.execute_script(  # the node in the middle of the window
        "const cy = arguments[0]._cyreg.cy; const box = arguments[0].getBoundingClientRect();"
        "const p = cy.getElementById(arguments[1]).renderedPosition();"
        "window.scrollTo({top: window.scrollY + box.top + p.y - window.innerHeight / 2,"
        " behavior: 'instant'});", graph, code)
    at = browser.driver.execute_script(  # the node's place in the window
        "const g = document.getElementById(arguments[0]); const cy = g._cyreg.cy;"
        "const box = g.getBoundingClientRect();"
        "const p = cy.getElementById(arguments[1]).renderedPosition();"
        "return [box.left + p.x, box.top + p.y];", ids.MAP_GRAPH, code)
    actions = ActionBuilder(browser.driver)
    actions.pointer_action.move_to_location(int(at[0]), int(at[1]))
    actions.pointer_action.pointer_down()
    for step in range(1, 5):
        actions.pointer_action.move_to_location(int(at[0] + dx * step / 4),
                                                int(at[1] + dy * step / 4))
    actions.pointer_action.pointer_up()
    actions.perform()


def test_a_planner_draws_an_arrow_places_a_node_and_resets_the_layout(dash_duo, live_app,
                                                                      db):
    from ekinerja import services

    open_graph(dash_duo, live_app, "/peta-strategi", ids.MAP_GRAPH, "SS-1.1")
    assert dash_duo.find_element(f"#{ids.MAP_EDIT}").is_displayed()
    tap_node(dash_duo, ids.MAP_GRAPH, "SS-1.1")
    dash_duo.wait_for_contains_text(f"#{ids.MAP_ARROW_CAUSE}", "SS-1.1")
    tap_node(dash_duo, ids.MAP_GRAPH, "SS-1.2")
    dash_duo.wait_for_contains_text(f"#{ids.MAP_ARROW_EFFECT}", "SS-1.2")
    click(dash_duo, f"#{ids.MAP_ARROW_ADD}")
    dash_duo.wait_for_contains_text(f"#{ids.MAP_EDIT_MESSAGE}", "Panah digambar")
    until(lambda: dash_duo.driver.execute_script(
        "return document.getElementById(arguments[0])._cyreg.cy"
        ".getElementById('SS-1.1->SS-1.2').length;", ids.MAP_GRAPH) == 1, timeout=10)
    assert ("SS-1.1", "SS-1.2") in {(c.cause, c.effect) for c in
                                    services.load_document(db, None).causal_links}
    assert services.edit_history(db, None, 1)[0]["username"] == "penguji"

    cy_ready(dash_duo, ids.MAP_GRAPH, "SS-1.1")
    automatic = node_position(dash_duo, "SS-1.1")
    click(dash_duo, f"#{ids.MAP_MOVE_MODE} input")
    until(lambda: not dash_duo.driver.execute_script(
        "return document.getElementById(arguments[0])._cyreg.cy.autoungrabify();",
        ids.MAP_GRAPH), timeout=5)
    drag(dash_duo, "SS-1.1", 120, 40)
    moved = node_position(dash_duo, "SS-1.1")
    assert abs(moved["x"] - automatic["x"]) > 50
    until(lambda: dash_duo.driver.execute_script(  # the drag is kept for saving
        "return document.getElementById(arguments[0])._cyreg.cy._ekinerjaMoves;",
        ids.MAP_GRAPH).get("SS-1.1"), timeout=5)
    click(dash_duo, f"#{ids.MAP_LAYOUT_SAVE}")
    dash_duo.wait_for_contains_text(f"#{ids.MAP_EDIT_MESSAGE}", "Posisi disimpan")
    saved = services.map_positions(db, None, "")
    assert set(saved) == {"SS-1.1"}
    assert abs(saved["SS-1.1"][0] - moved["x"]) < 1
    cy_ready(dash_duo, ids.MAP_GRAPH, "SS-1.1")  # redrawn with the place kept
    assert abs(node_position(dash_duo, "SS-1.1")["x"] - moved["x"]) < 1

    click(dash_duo, f"#{ids.MAP_LAYOUT_RESET}")
    dash_duo.wait_for_contains_text(f"#{ids.MAP_EDIT_MESSAGE}", "otomatis dipulihkan")
    assert services.map_positions(db, None, "") == {}
    cy_ready(dash_duo, ids.MAP_GRAPH, "SS-1.1")
    until(lambda: abs(node_position(dash_duo, "SS-1.1")["x"] - automatic["x"]) < 1,
          timeout=10, msg="the node did not go back to its automatic place")
    assert dash_duo.get_logs() == []


def test_a_viewer_sees_no_map_editor(dash_duo, live_app):
    open_graph(dash_duo, live_app, "/peta-strategi", ids.MAP_GRAPH, "SS-1.1",
               username="demo-viewer")
    assert not dash_duo.find_element(f"#{ids.MAP_EDIT}").is_displayed()
    assert dash_duo.driver.execute_script(
        "return document.getElementById(arguments[0])._cyreg.cy.autoungrabify();",
        ids.MAP_GRAPH)
    assert dash_duo.get_logs() == []
