"""Beranda's early-warning and priority lists in headless Chromium, for the region and an agency."""

from __future__ import annotations

from dash.testing.wait import until
from ekinerja.callbacks.common import engine_of
from ekinerja.layouts import ids
from selenium.common.exceptions import StaleElementReferenceException

from ekinerja.readmodels.early_warning import early_warning_data


def codes_in(dash_duo, block_id: str) -> list[str]:
    """The codes a list of the early-warning card shows, in order ([] while it is redrawn)."""
    try:
        return [e.text for e in dash_duo.find_elements(f"#{block_id} td .code")]
    except StaleElementReferenceException:  # replaced between finding and reading
        return []


def test_home_shows_the_early_warning_and_priority_lists_and_narrows_them_to_an_agency(
    dash_duo, app
):
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=dash_duo.server_url + "/")
    dash_duo.wait_for_element(f"#{ids.HOME_SCORE}", timeout=15)
    engine = engine_of(app)
    region = early_warning_data(engine, "2023-Q2")
    assert region.warnings and region.priorities  # the plan has something to warn about
    until(lambda: codes_in(dash_duo, ids.HOME_WARNINGS) == [w.code for w in region.warnings],
          timeout=15, msg="the early-warning list never matched the forecast")
    assert codes_in(dash_duo, ids.HOME_PRIORITIES) == [p.code for p in region.priorities]
    dash_duo.wait_for_contains_text(f"#{ids.HOME_EW_BODY}", "Proyeksi 2023 per Triwulan II 2023")

    dropdown = dash_duo.find_element(f"#{ids.HOME_EW_AGENCY}")
    dash_duo.driver.execute_script("arguments[0].scrollIntoView("
                                   "{block: 'center', behavior: 'instant'});", dropdown)
    dropdown.click()
    until(lambda: [o for o in dash_duo.find_elements(".dash-dropdown-option")
                   if o.text == "Dinas Kesehatan"], timeout=10)
    option = next(o for o in dash_duo.find_elements(".dash-dropdown-option")
                  if o.text == "Dinas Kesehatan")
    dash_duo.driver.execute_script("arguments[0].click();", option)
    agency = early_warning_data(engine, "2023-Q2", "DIKES")
    wanted = [p.code for p in agency.priorities]
    assert wanted != [p.code for p in region.priorities]
    until(lambda: codes_in(dash_duo, ids.HOME_PRIORITIES) == wanted, timeout=15,
          msg="the priority list was never narrowed to the agency")
    assert dash_duo.get_logs() == []
