"""Kontribusi Saya in headless Chromium, end to end on a real SQLite database of the NTB plan."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from ekinerja.layouts import ids

from ekinerja.data import EXAMPLE_PLAN
from ekinerja.i18n import fmt_number
from ekinerja.interchange import load
from tests.browser.helpers import graph_node_ids, open_ready

PERIOD = "2022"  # the page's default period


def score_json(period: str) -> dict:
    """The `ekinerja score FILE --period P --format json` document of the example plan."""
    program = Path(sys.executable).parent / "ekinerja"  # the installed console script
    command = [str(program), "score", str(EXAMPLE_PLAN), "--period", period, "--format", "json"]
    result = subprocess.run(command, capture_output=True, text=True, check=True, timeout=120)
    return json.loads(result.stdout)


def contribution_from_score(document: dict, nip: str) -> float:
    """Σ contribution of the employee's objectives with no ancestor they also own (§3)."""
    doc = load(EXAMPLE_PLAN)
    parents: dict[str, list[str]] = {}
    for link in doc.links:
        parents.setdefault(link.child, []).append(link.parent)
    owner = {o.code: o.owner for o in doc.objectives}

    def ancestors(code: str) -> set[str]:
        seen: set[str] = set()
        stack = [code]
        while stack:
            for parent in parents.get(stack.pop(), []):
                if parent not in seen:
                    seen.add(parent)
                    stack.append(parent)
        return seen

    top = [c for c, o in owner.items() if o == nip and all(owner[a] != nip for a in ancestors(c))]
    return sum(document["objectives"][c]["contribution"] for c in top)


def test_an_employee_sees_the_contribution_that_ekinerja_score_gives(dash_duo, live_app):
    employee = next(e for e in load(EXAMPLE_PLAN).employees if e.unit == "DLHK")
    expected = contribution_from_score(score_json(PERIOD), employee.nip)
    assert expected > 0
    dash_duo.start_server(live_app)
    open_ready(dash_duo, "/kontribusi", f"#{ids.CONTRIB_VALUE}")
    dash_duo.select_dcc_dropdown(f"#{ids.CONTRIB_EMPLOYEE}",
                                 value=f"{employee.nip} · {employee.name}")
    dash_duo.wait_for_contains_text(".contrib-employee-name", employee.name)
    dash_duo.wait_for_text_to_equal(f"#{ids.CONTRIB_VALUE}", fmt_number(expected, "id", 3))
    assert dash_duo.get_logs() == []


def test_the_page_shows_the_path_and_the_map_with_an_empty_console(dash_duo, live_app):
    dash_duo.start_server(live_app)
    open_ready(dash_duo, "/kontribusi", f"#{ids.CONTRIB_MAP} canvas")
    nodes = graph_node_ids(dash_duo, ids.CONTRIB_MAP)
    assert "VISI" in nodes
    assert "NTB Gemilang" in dash_duo.find_element(".breadcrumb-path").text
    assert dash_duo.get_logs() == []


def test_switching_to_english_translates_the_page(dash_duo, live_app):
    dash_duo.start_server(live_app)
    open_ready(dash_duo, "/kontribusi", f"#{ids.CONTRIB_VALUE}")
    dash_duo.find_element(f"#{ids.LANG} input[value='en']").click()
    dash_duo.wait_for_contains_text(f"#{ids.CONTRIB_SUMMARY}", "points of the province score")
    assert "poin dari nilai provinsi" not in dash_duo.find_element(f"#{ids.PAGE}").text
    assert dash_duo.get_logs() == []
