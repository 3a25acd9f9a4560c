"""Save a PNG of the sign-in page and every page of the web app, through headless Chromium
(`make screenshots`).

Usage: python -m ekinerja.screenshots OUT_DIR [--plan-file FILE | --database URL]
With neither option it shows the bundled example plan (ekinerja/data/ntb.json). The plan is
copied into a throw-away database with a throw-away admin: no account is added anywhere else.
"""

from __future__ import annotations

import argparse
import socket
import sys
import threading
import time
from contextlib import suppress
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
SIZES = {"desktop": (1366, 768), "phone": (390, 844)}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _driver(width: int, height: int):  # -> selenium WebDriver
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--no-first-run", "--hide-scrollbars",
                     f"--window-size={width},{height}"):
        options.add_argument(argument)
    options.binary_location = CHROMIUM
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def _serve(app, port: int) -> threading.Thread:
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", port, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return thread


def _wait_idle(driver, timeout: float = 20.0) -> None:
    """Wait until Dash has no callback pending (and let charts draw)."""
    end = time.time() + timeout
    script = ("return window.dash_clientside !== undefined && "
              "!document.querySelector('[data-dash-is-loading=\"true\"]');")
    while time.time() < end:
        if driver.execute_script(script):
            break
        time.sleep(0.2)
    time.sleep(1.5)


def _signed_in_app(workdir: Path, plan_file: str | None, database: str | None
                   ) -> tuple[object, str, str]:
    """The app on a throw-away SQLite copy of the plan (a file, or a database's only plan),
    with a throw-away admin; returns the app, the admin's name and password."""
    from ekinerja import interchange, passwords, services
    from ekinerja.app import AppSettings, create_app
    from ekinerja.services import accounts
    from ekinerja.storage.database import Database

    if database is not None:
        source = Database(database)
        doc = services.load_document(source)
        source.dispose()
    else:
        doc = interchange.load(plan_file)
    url = f"sqlite:///{workdir / 'screenshots.sqlite'}"
    db = Database(url)
    db.upgrade()
    services.import_document(db, services.system_user(), doc)
    password = passwords.generate()
    accounts.create_account(db, services.system_user(), "screenshots", "admin", password,
                            name="Administrator")
    with suppress(services.ServiceError):  # the demo accounts (tied to the NTB example)
        accounts.refresh_demo_accounts(db, passwords.generate())
    db.dispose()
    return create_app(AppSettings(database_url=url)), "screenshots", password


def _sign_in(driver, base: str, username: str, password: str) -> None:
    from selenium.webdriver.common.by import By

    driver.get(f"{base}/login")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.ID, "sign-in").click()
    _wait_idle(driver)


def take(out_dir: Path, plan_file: str | None = None, database: str | None = None) -> list[Path]:
    """Screenshot the sign-in page and every page (desktop size, and the home page at phone
    width), signed in as a throw-away admin on a copy of the plan; return the files."""
    import tempfile

    from ekinerja.callbacks.pages import PAGES
    from ekinerja.data import EXAMPLE_PLAN

    if plan_file is None and database is None:
        plan_file = str(EXAMPLE_PLAN)
    out_dir.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    with tempfile.TemporaryDirectory() as workdir:
        app, username, password = _signed_in_app(Path(workdir), plan_file, database)
        port = _free_port()
        _serve(app, port)
        base = f"http://127.0.0.1:{port}"
        for size, (width, height) in SIZES.items():
            driver = _driver(max(width, 500), height)
            try:
                # Chromium windows are at least 500 px wide: emulate narrower screens (phones).
                driver.execute_cdp_cmd(
                    "Emulation.setDeviceMetricsOverride",
                    {"width": width, "height": height, "deviceScaleFactor": 1,
                     "mobile": width < 500},
                )
                if size == "desktop":
                    driver.get(f"{base}/login")
                    path = out_dir / "login.png"
                    driver.save_screenshot(str(path))
                    saved.append(path)
                _sign_in(driver, base, username, password)
                pages = PAGES if size == "desktop" else PAGES[:1]
                for page in pages:
                    driver.get(f"{base}{page.path}")
                    _wait_idle(driver)
                    name = page.name if size == "desktop" else f"{page.name}-{size}"
                    path = out_dir / f"{name}.png"
                    driver.save_screenshot(str(path))
                    saved.append(path)
            finally:
                driver.quit()
    return saved


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--plan-file")
    parser.add_argument("--database")
    args = parser.parse_args(argv)
    for path in take(args.out_dir, args.plan_file, args.database):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
