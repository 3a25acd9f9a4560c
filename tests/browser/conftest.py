"""Browser-test setup: headless Chromium options for dash_duo, and the app under test."""

from __future__ import annotations

from pathlib import Path

import pytest
from ekinerja.callbacks.pages import PAGES
from ekinerja.layouts import ids
from selenium.webdriver.chrome.options import Options

from ekinerja import services
from ekinerja.app import AppSettings, create_app
from ekinerja.data import EXAMPLE_PLAN
from ekinerja.interchange import load
from ekinerja.services import accounts
from ekinerja.storage.database import Database

CHROMIUM = "/usr/bin/chromium"
#: The leaders' pages (issue #4); other pages are tested by their own modules.
LEADER_PAGES = tuple(p for p in PAGES if p.name in {"beranda", "peta_strategi",
                                                       "pohon_kinerja", "scorecard"})


def pytest_setup_options() -> Options:
    """Chromium options for dash[testing]'s webdriver (headless, no network chatter)."""
    options = Options()
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1366,768",
    ):
        options.add_argument(argument)
    options.binary_location = CHROMIUM
    return options


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder drives a real browser."""
    for item in items:
        if "tests/browser/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


def _sign_in_browser(browser, base_url: str, username: str, password: str) -> None:
    """Sign in through the real /login form and stay on the page it lands on (the home page;
    an employee's own /kontribusi); `browser.server_url` is then the app's address."""
    browser.driver.get(base_url + "/login")
    browser.find_element("#username").send_keys(username)
    browser.find_element("#password").send_keys(password)
    browser.find_element("#sign-in").click()
    browser.wait_for_element(browser.dash_entry_locator)  # redirected into the app
    browser._url = base_url  # = `server_url`, without its setter's reload: stay where we landed
    browser.wait_for_element(f"#{ids.PAGE} > *", timeout=15)  # the landing page rendered


@pytest.fixture
def sign_in_browser(account_password: str):
    """sign_in_browser(browser, base_url, username="penguji", password=<the tests' password>):
    sign in through the /login form of a running app, then open it."""

    def sign_in(browser, base_url: str, username: str = "penguji",
                password: str = account_password) -> None:
        _sign_in_browser(browser, base_url, username, password)

    return sign_in


@pytest.fixture
def dash_duo(dash_duo, sign_in_browser):
    """dash[testing]'s dash_duo whose `start_server(app)` signs in through the real /login
    form first (as "penguji", the admin every app of these tests has), then opens the app."""
    start = dash_duo.start_server

    def start_signed_in(app, navigate: bool = True, username: str = "penguji", **kwargs):
        start(app, navigate=False, **kwargs)
        if navigate:
            sign_in_browser(dash_duo, dash_duo.server.url, username)

    dash_duo.start_server = start_signed_in
    return dash_duo


@pytest.fixture
def app(plan_file: Path, accounts_url: str):
    """The web app on the small example plan (read-only plan-file mode); its accounts (the
    admin "penguji") live in a database of their own."""
    return create_app(AppSettings(plan_file=str(plan_file), database_url=accounts_url),
                      pages=LEADER_PAGES)


@pytest.fixture
def db_url(tmp_path: Path, add_account, account_password: str) -> str:
    """A real SQLite database imported from the bundled example through the services, with the
    admin "penguji" who signs in by default, a second planner "perencana2", and the demo
    accounts of every role (`ekinerja demo`'s, with the tests' password)."""
    url = f"sqlite:///{tmp_path / 'ekinerja.sqlite'}"
    db = Database(url)
    db.upgrade()
    services.import_document(db, services.system_user(), load(EXAMPLE_PLAN))
    add_account(db, "penguji", name="Penguji")
    add_account(db, "perencana2", "planner", name="Perencana Biro Organisasi")
    accounts.refresh_demo_accounts(db, account_password)
    db.dispose()
    return url


@pytest.fixture
def db(db_url: str):
    """The example database, closed after the test."""
    database = Database(db_url)
    yield database
    database.dispose()


@pytest.fixture
def live_app(db_url: str):
    """The web app on the example database (every page)."""
    return create_app(AppSettings(database_url=db_url))
