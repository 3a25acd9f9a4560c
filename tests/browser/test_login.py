"""The sign-in page in headless Chromium: the real form, the next page, English, signing out."""

from __future__ import annotations

from ekinerja.layouts import ids


def open_login(dash_duo, app, path: str = "/") -> None:
    dash_duo.start_server(app, navigate=False)
    dash_duo.driver.get(dash_duo.server.url + path)
    dash_duo.wait_for_element("#username")


def fill(dash_duo, username: str, password: str) -> None:
    dash_duo.find_element("#username").send_keys(username)
    dash_duo.find_element("#password").send_keys(password)
    dash_duo.find_element("#sign-in").click()


def test_a_page_asks_to_sign_in_and_opens_after_it_with_an_empty_console(
        dash_duo, app, account_password):
    open_login(dash_duo, app, "/scorecard")
    assert dash_duo.driver.current_url.endswith("/login?next=/scorecard")
    fill(dash_duo, "penguji", account_password)
    dash_duo.wait_for_element(f"#{ids.CARD_GRID} .ag-row", timeout=15)
    assert dash_duo.driver.current_url.endswith("/scorecard")
    assert dash_duo.get_logs() == []


def test_a_wrong_password_shows_the_form_again_with_a_message(dash_duo, app):
    open_login(dash_duo, app)
    fill(dash_duo, "penguji", "salah-sekali")
    dash_duo.wait_for_text_to_equal('[role="alert"]', "Nama pengguna atau kata sandi salah.")
    assert dash_duo.find_element("#username").get_attribute("value") == "penguji"


def test_the_login_page_switches_to_english(dash_duo, app):
    open_login(dash_duo, app)
    dash_duo.find_element('a[hreflang="en"]').click()
    dash_duo.wait_for_text_to_equal('label[for="username"]', "User name")
    assert dash_duo.get_logs() == []


def test_signing_out_returns_to_the_login_page(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.driver.get(dash_duo.server_url + "/logout")
    dash_duo.wait_for_element("#username")
    dash_duo.driver.get(dash_duo.server_url + "/")
    dash_duo.wait_for_element("#username")
    assert "/login?next=/" in dash_duo.driver.current_url
