"""/lke in headless Chromium: the evaluator takes a proposal, saves it, and the grade follows."""

from __future__ import annotations

from ekinerja.layouts import ids

from tests.browser.helpers import wait_idle


def test_the_evaluator_saves_a_proposed_answer_and_the_total_follows(dash_duo, live_app):
    dash_duo.start_server(live_app, username="demo-evaluator")
    dash_duo.wait_for_page(url=dash_duo.server_url + "/lke")
    dash_duo.wait_for_contains_text(f"#{ids.LKE_SUMMARY}", "predikat D", timeout=15)
    wait_idle(dash_duo)
    dash_duo.driver.set_window_size(1366, 2400)  # the criteria's long texts: room to choose
    chooser = dash_duo.find_element(f"#{ids.LKE_CRITERION}")
    dash_duo.driver.execute_script("arguments[0].scrollIntoView("
                                   "{block: 'start', behavior: 'instant'});", chooser)
    dash_duo.select_dcc_dropdown(chooser, index=16)  # 1.2.10, after 1.1.* and 1.2.1-9
    dash_duo.wait_for_contains_text(f"#{ids.LKE_CRITERION_INFO}", "Usulan: A", timeout=15)
    wait_idle(dash_duo)
    dash_duo.find_element(f"#{ids.LKE_SAVE}").click()
    dash_duo.wait_for_contains_text(f"#{ids.LKE_MESSAGE}", "1.2.10 disimpan", timeout=15)
    # 1 of 10 criteria of 1.2 (weight 9) answered A: 0,90
    dash_duo.wait_for_contains_text(f"#{ids.LKE_SUMMARY}", "Nilai akhir: 0,90", timeout=15)
    assert dash_duo.get_logs() == []
