"""The follow-up of a red indicator in headless Chromium on a real SQLite database of the NTB
plan: the DIKES operator records the cause, the corrective action and a due date on
/tindak-lanjut; the head of DIKES sees it open there, and Beranda counts one red indicator
fewer without a follow-up. No console error; axe finds nothing serious on the page."""

from __future__ import annotations

from axe_selenium_python import Axe
from dash.testing.wait import until
from ekinerja.layouts import ids

from ekinerja import services
from ekinerja.services import followups as fu
from tests.browser.helpers import click, open_titled, scrolled

INDICATOR = "IKP-DIKES-KESMAS"  # of SP-DIKES-KESMAS (below DIKES), positive, target 84 in 2022
PERIOD = "2022"  # the page's default period (the latest with realizations)
CAUSE = "Kader posyandu belum dilatih"
ACTION = "Pelatihan kader di 10 kecamatan"


def type_into(browser, selector: str, text: str) -> None:
    element = browser.find_element(selector)
    scrolled(browser, element)
    element.clear()
    element.send_keys(text)


def serious_violations(browser) -> list[dict]:
    axe = Axe(browser.driver)
    axe.inject()
    found = axe.run()["violations"]
    return [{"rule": v["id"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in found if v["impact"] in ("serious", "critical")]


def test_the_operator_records_a_follow_up_and_the_head_sees_it_open(
        dash_duo, live_app, db, sign_in_browser) -> None:
    services.record_realization(db, services.system_user(), None, INDICATOR, PERIOD, 30.0)
    red_before = len(fu.red_without_follow_up(db, None, PERIOD))
    dash_duo.start_server(live_app, username="demo-operator")

    open_titled(dash_duo, "/tindak-lanjut")
    dash_duo.wait_for_contains_text(f"#{ids.FOLLOWUP_RED}", INDICATOR, timeout=15)
    row = f"#followup-red-{INDICATOR}"
    dash_duo.wait_for_contains_text(row, "Belum ada tindak lanjut")
    assert serious_violations(dash_duo) == []

    # only the red indicators of the operator's DIKES are offered: this one
    click(dash_duo, f"#{ids.FOLLOWUP_INDICATOR}")
    option = dash_duo.wait_for_element(".dash-dropdown-option", timeout=10)
    assert INDICATOR in option.text
    dash_duo.driver.execute_script("arguments[0].click();", option)
    dash_duo.wait_for_contains_text(f"#{ids.FOLLOWUP_INDICATOR}", INDICATOR)
    type_into(dash_duo, f"#{ids.FOLLOWUP_CAUSE}", CAUSE)
    type_into(dash_duo, f"#{ids.FOLLOWUP_ACTION}", ACTION)
    type_into(dash_duo, f"#{ids.FOLLOWUP_DUE}", "2023-03-31")
    click(dash_duo, f"#{ids.FOLLOWUP_SAVE}")
    dash_duo.wait_for_contains_text(f"#{ids.FOLLOWUP_MESSAGE}", "Tindak lanjut dicatat",
                                    timeout=15)
    dash_duo.wait_for_contains_text(row, "1 terbuka, 0 selesai", timeout=15)
    dash_duo.wait_for_contains_text(f"#{ids.FOLLOWUP_OPEN}", CAUSE, timeout=15)
    [stored] = fu.follow_ups(db, None, None)
    assert (stored.indicator, stored.period, stored.author, stored.cause, stored.action) == (
        INDICATOR, PERIOD, "demo-operator", CAUSE, ACTION)
    assert dash_duo.get_logs() == []

    # the head of DIKES: the open follow-up of their subtree, nothing to record or close
    dash_duo.driver.get(dash_duo.server_url + "/logout")
    sign_in_browser(dash_duo, dash_duo.server_url, "demo-head")
    open_titled(dash_duo, "/tindak-lanjut")
    dash_duo.wait_for_contains_text(f"#{ids.FOLLOWUP_OPEN}", CAUSE, timeout=15)
    opened = dash_duo.find_element(f"#followup-open-{stored.id}").text
    assert INDICATOR in opened and ACTION in opened and "demo-operator" in opened
    assert not dash_duo.find_element(f"#{ids.FOLLOWUP_SAVE}").is_displayed()
    assert not dash_duo.find_element(f"#{ids.FOLLOWUP_CLOSE}").is_displayed()
    assert serious_violations(dash_duo) == []

    # Beranda: one red indicator fewer without a follow-up, linking to the page
    open_titled(dash_duo, "/")
    count = dash_duo.wait_for_element("#home-followup-count", timeout=15)
    until(lambda: count.text == str(red_before - 1), timeout=15)
    link = dash_duo.find_element(f'#{ids.HOME_FOLLOWUP} a[href="/tindak-lanjut"]')
    scrolled(dash_duo, link)
    link.click()
    dash_duo.wait_for_contains_text(f"#{ids.FOLLOWUP_OPEN}", CAUSE, timeout=15)
    assert dash_duo.get_logs() == []
