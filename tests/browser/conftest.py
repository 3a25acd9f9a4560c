"""Browser-test setup: headless Chromium options for dash_duo, and the app under test."""

from __future__ import annotations

from pathlib import Path

import pytest
from ekinerja.layouts.pages import PAGES
from selenium.webdriver.chrome.options import Options

from ekinerja.app import AppSettings, create_app

PLAN = Path(__file__).parent.parent / "callbacks" / "plan.json"
CHROMIUM = "/usr/bin/chromium"
#: The leaders' pages (issue #4); other pages are tested by their own modules.
LEADER_PAGES = tuple(p for p in PAGES if p.module in {"beranda", "peta_strategi",
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


@pytest.fixture
def app():
    """The web app on the small example plan (read-only plan-file mode)."""
    return create_app(AppSettings(plan_file=str(PLAN)), pages=LEADER_PAGES)
