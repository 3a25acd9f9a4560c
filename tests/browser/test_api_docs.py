"""The API's docs page and the /token page in real Chromium: Swagger UI renders from local
assets under the app's Content-Security-Policy, with an empty console; a token is made once."""

from __future__ import annotations

from selenium.webdriver.common.by import By


def test_the_api_docs_page_renders_locally_with_an_empty_console(dash_duo, app):
    dash_duo.start_server(app, navigate=False)
    dash_duo.driver.get(dash_duo.server.url + "/api/v1/docs")
    dash_duo.wait_for_contains_text(".swagger-ui .info .title", "ekinerja API", timeout=20)
    operations = dash_duo.driver.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")
    assert "/realizations/bulk" in {o.get_attribute("data-path") for o in operations}
    assert dash_duo.get_logs() == []


def test_a_signed_in_user_makes_a_token_on_the_token_page(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.driver.get(dash_duo.server.url + "/token?lang=en")
    dash_duo.find_element("#name").send_keys("dashboard")
    dash_duo.find_element("#create-token").click()
    dash_duo.wait_for_element("#new-token")
    assert dash_duo.find_element("#new-token").get_attribute("value").startswith("ekn_")
    assert "dashboard" in dash_duo.find_element("#token-list").text
    assert dash_duo.get_logs() == []
