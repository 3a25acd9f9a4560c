"""Impor in headless Chromium on a real SQLite database of the NTB plan: a planner uploads a
workbook with one changed weight and one removed realization, sees both in the preview (the
removal in red), is refused without the extra confirmation, confirms with it, and the score
changes; other roles neither see the page nor may use it."""

from __future__ import annotations

from pathlib import Path

from axe_selenium_python import Axe
from dash.testing.wait import until
from ekinerja.layouts import ids

from ekinerja import interchange, services
from ekinerja.model import PlanDocument
from ekinerja.report import default_period
from ekinerja.rollup import Engine
from ekinerja.services.accounts import DEMO_ACCOUNTS
from tests.browser.helpers import click, wait_idle

DEMO = {spec.role: spec for spec in DEMO_ACCOUNTS}
RED = "rgba(176, 42, 55, 1)"


def root_score(doc: PlanDocument, period: str) -> float | None:
    evaluation = Engine(doc).evaluate(period)
    return evaluation.objective(evaluation.root)["score"]


def edited_plan(doc: PlanDocument) -> tuple[PlanDocument, str, tuple[str, str], str]:
    """The plan with one indicator weight changed and one realization of the scored period
    removed, chosen so that the root's score moves; (plan, indicator, realization key,
    period)."""
    period = default_period(Engine(doc))
    before = root_score(doc, period)
    counts: dict[str, int] = {}
    for i in doc.indicators:
        counts[i.objective] = counts.get(i.objective, 0) + 1
    for index, realization in enumerate(doc.realizations):
        if realization.period != period:
            continue
        indicator = next(i for i in doc.indicators if i.code == realization.indicator)
        if counts[indicator.objective] < 2:
            continue
        trial = interchange.parse(interchange.to_dict(doc))
        target = next(i for i in trial.indicators if i.code == indicator.code)
        target.weight = indicator.weight + 2
        del trial.realizations[index]
        if root_score(trial, period) != before:
            return trial, indicator.code, (realization.indicator, realization.period), period
    raise AssertionError("no realization whose removal moves the score")


def test_a_planner_previews_and_imports_a_changed_weight_and_a_removed_realization(
        dash_duo, live_app, db, tmp_path: Path):
    plan = services.load_document(db)
    edited, indicator, (removed, period), _ = edited_plan(plan)
    score_before = root_score(services.load_document(db), period)
    path = tmp_path / "rencana.xlsx"
    interchange.save(edited, path)

    dash_duo.start_server(live_app, username="perencana2")
    dash_duo.wait_for_element("#nav-impor", timeout=15)
    dash_duo.wait_for_page(url=dash_duo.server_url + "/impor")
    dash_duo.wait_for_element(f"#{ids.IMPORT_UPLOAD} input[type=file]", timeout=15)
    wait_idle(dash_duo, 20)
    # the file input is named by the visible label of its field
    upload = dash_duo.find_element(f"#{ids.IMPORT_UPLOAD} input[type=file]")
    until(lambda: upload.get_attribute("aria-labelledby") == ids.IMPORT_UPLOAD_LABEL, timeout=5)
    upload.send_keys(str(path))

    weight = f'.import-change[data-list="indicators"][data-key="{indicator}"]'
    gone = f'.import-change[data-list="realizations"][data-key="{removed}@{period}"]'
    dash_duo.wait_for_element(weight, timeout=30)
    wait_idle(dash_duo, 20)
    assert "weight" in dash_duo.find_element(weight).text
    assert "→" in dash_duo.find_element(weight).text
    assert dash_duo.find_element(weight).get_attribute("data-action") == "update"
    removal = dash_duo.find_element(gone)
    assert removal.get_attribute("data-action") == "remove"
    assert removal.value_of_css_property("color") == RED
    assert dash_duo.find_element(f"#{ids.IMPORT_REMOVALS_BLOCK}").is_displayed()
    assert len(dash_duo.find_elements(".import-change")) == 2

    # axe on the page with its preview shown
    axe = Axe(dash_duo.driver)
    axe.inject()
    blocking = [v for v in axe.run()["violations"] if v["impact"] in ("serious", "critical")]
    assert blocking == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in blocking]

    # without the extra confirmation the removal is refused, nothing written
    click(dash_duo, f"#{ids.IMPORT_CONFIRM}")
    dash_duo.wait_for_contains_text(f"#{ids.IMPORT_MESSAGE}", "Ditolak", timeout=20)
    assert "centang “Hapus juga”" in dash_duo.find_element(f"#{ids.IMPORT_MESSAGE}").text
    assert services.load_document(db) == plan

    click(dash_duo, f"#{ids.IMPORT_REMOVALS} input")
    click(dash_duo, f"#{ids.IMPORT_CONFIRM}")
    dash_duo.wait_for_contains_text(f"#{ids.IMPORT_MESSAGE}", "Diimpor", timeout=30)
    assert "1 dihapus" in dash_duo.find_element(f"#{ids.IMPORT_MESSAGE}").text
    until(lambda: dash_duo.find_element(f"#{ids.IMPORT_CONFIRM}").get_attribute("disabled"),
          timeout=5)

    stored = services.load_document(db)
    assert stored == edited
    assert root_score(stored, period) != score_before
    entries = services.audit_log(db, stored.plan.code, entity="realization")
    assert entries[0]["username"] == "perencana2" and entries[0]["action"] == "remove"
    assert services.import_snapshots(db, stored.plan.code)[0]["author"] == "perencana2"
    assert dash_duo.get_logs() == []


def test_a_file_with_errors_shows_its_problems_and_cannot_be_confirmed(
        dash_duo, live_app, db, tmp_path: Path):
    plan = services.load_document(db)
    data = interchange.to_dict(plan)
    data["indicators"][0]["weight"] = "lima"
    path = tmp_path / "rusak.json"
    path.write_text(__import__("json").dumps(data), encoding="utf-8")

    dash_duo.start_server(live_app, username="perencana2")
    dash_duo.wait_for_page(url=dash_duo.server_url + "/impor")
    dash_duo.wait_for_element(f"#{ids.IMPORT_UPLOAD} input[type=file]", timeout=15)
    wait_idle(dash_duo, 20)
    dash_duo.find_element(f"#{ids.IMPORT_UPLOAD} input[type=file]").send_keys(str(path))
    dash_duo.wait_for_element(".import-problem", timeout=30)
    wait_idle(dash_duo, 20)
    assert "indicators[0].weight" in dash_duo.find_element(".import-problem").text
    assert dash_duo.find_element(f"#{ids.IMPORT_CONFIRM}").get_attribute("disabled")
    assert services.load_document(db) == plan
    assert dash_duo.get_logs() == []


def test_other_roles_neither_see_nor_open_the_import_page(dash_duo, live_app):
    dash_duo.start_server(live_app, username=DEMO["operator"].username)
    dash_duo.wait_for_element(f"#{ids.NAV} a", timeout=15)
    assert not dash_duo.find_elements("#nav-impor")
    dash_duo.wait_for_page(url=dash_duo.server_url + "/impor")
    dash_duo.wait_for_element(".not-allowed", timeout=15)
    assert not dash_duo.find_elements(f"#{ids.IMPORT_UPLOAD}")
    assert dash_duo.get_logs() == []
