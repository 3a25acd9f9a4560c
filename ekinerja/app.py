"""The web app for leaders: create_app(settings) builds a Dash app (the only Dash import here)."""

from __future__ import annotations

import importlib
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import dash
import dash_cytoscape as cyto

from ekinerja import webauth
from ekinerja.rollup import Engine
from ekinerja.settings import AppSettings

EngineProvider = Callable[[], Engine]
EXAMPLE_PLAN = Path(__file__).parent / "data" / "ntb.json"


def document_provider(doc: Any) -> EngineProvider:
    """A provider serving one in-memory PlanDocument (compiled once)."""
    engine = Engine(doc)
    return lambda: engine


def file_provider(path: str | Path) -> EngineProvider:
    """A provider reading a plan file; it recompiles when the file's modification time changes."""
    from ekinerja.interchange import load

    file = Path(path)
    lock = threading.Lock()
    state: dict[str, Any] = {"mtime": None, "engine": None}

    def provide() -> Engine:
        mtime = file.stat().st_mtime_ns
        with lock:
            if state["engine"] is None or state["mtime"] != mtime:
                state["engine"] = Engine(load(file))
                state["mtime"] = mtime
            return state["engine"]

    return provide


def database_provider(url: str | None, plan_code: str | None = None) -> EngineProvider:
    """A provider asking the database each time (services cache by revision counter)."""
    from ekinerja import services
    from ekinerja.storage.database import Database

    db = Database(url)

    def provide() -> Engine:
        return services.load_engine(db, plan_code)

    provide.database = db  # type: ignore[attr-defined]  # callbacks share this Database
    return provide


def engine_provider(settings: AppSettings) -> EngineProvider:
    """The single source of the current Engine: a plan file, else the database."""
    if settings.plan_file:
        return file_provider(settings.plan_file)
    return database_provider(settings.database_url, settings.plan_code)


def warm_caches(provider: EngineProvider) -> None:
    """Load the engine and compute what the first pages need (Beranda, search, scorecard)."""
    from ekinerja.callbacks import beranda, pohon_kinerja, scorecard
    from ekinerja.callbacks.common import default_period

    engine = provider()
    period = default_period(engine)
    if period is not None:
        beranda.home_data(engine, period)
        scorecard.unit_objectives(engine, scorecard.first_unit(engine))
    pohon_kinerja.search_index(engine)


def _warm_in_background(provider: EngineProvider) -> threading.Thread:
    def run() -> None:
        try:
            warm_caches(provider)
        except Exception:  # the app still works: the first request computes it instead
            logging.getLogger("ekinerja.app").exception("pemanasan gagal / warm-up failed")

    thread = threading.Thread(target=run, name="ekinerja-warm", daemon=True)
    thread.start()
    return thread


def _callback_modules(pages: tuple[Any, ...]) -> list[Any]:
    names = ["shell", *(page.module for page in pages)]
    modules = []
    for name in names:
        try:
            modules.append(importlib.import_module(f"ekinerja.callbacks.{name}"))
        except ModuleNotFoundError as exc:  # a page without callbacks (or not written yet)
            if exc.name != f"ekinerja.callbacks.{name}":
                raise
    return modules


def create_app(
    settings: AppSettings | None = None,
    provider: EngineProvider | None = None,
    pages: tuple[Any, ...] | None = None,
) -> dash.Dash:
    """Build the Dash app: shell layout, pages and callbacks; everything served locally.

    `provider` replaces the engine provider of the settings; `pages` the page list (PAGES).
    """
    import ekinerja.assets
    from ekinerja.callbacks.common import ENGINE_KEY, PAGES_KEY, SETTINGS_KEY, default_period
    from ekinerja.i18n import language
    from ekinerja.layouts.common import shell
    from ekinerja.layouts.pages import PAGES

    settings = settings or AppSettings()
    provider = provider or engine_provider(settings)
    pages = tuple(pages) if pages is not None else PAGES
    cyto.load_extra_layouts()  # dagre, served from the dash_cytoscape package
    app = dash.Dash(
        __name__,
        title=settings.title,
        assets_folder=str(Path(ekinerja.assets.__file__).parent),
        serve_locally=True,
        suppress_callback_exceptions=True,
        update_title=None,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    app.server.config[ENGINE_KEY] = provider
    app.server.config[SETTINGS_KEY] = settings
    app.server.config[PAGES_KEY] = pages
    lang = language(settings.locale)

    def serve_layout() -> Any:
        engine = provider()
        return shell(lang, engine.periods(), default_period(engine), pages, title=settings.title)

    app.layout = serve_layout
    for module in _callback_modules(pages):
        module.register(app)
    webauth.install(app.server, settings, accounts_database(settings, provider),
                    script_hashes=app.csp_hashes())
    if settings.warm:
        _warm_in_background(provider)
    return app


def accounts_database(settings: AppSettings, provider: EngineProvider | None = None) -> Any:
    """Where the accounts live: the database the pages read, else (plan-file mode, a document)
    the configured database (EKINERJA_DATABASE_URL or the default SQLite file)."""
    from ekinerja.storage.database import Database

    shared = getattr(provider, "database", None)
    return shared if shared is not None else Database(settings.database_url)


def callback_timings(settings: AppSettings, repeat: int = 20, provider: EngineProvider | None = None
                     ) -> dict[str, list[float]]:
    """Server time (seconds) of each page callback's body on a plan, for the benchmark."""
    from ekinerja.callbacks import beranda, peta_strategi, pohon_kinerja, scorecard
    from ekinerja.callbacks.common import default_period

    provider = provider or engine_provider(settings)
    engine = provider()
    period = default_period(engine)
    lang = settings.locale
    deepest = engine.objective_codes[-1]  # an RHK at the bottom of the cascade, typically
    expanded, path = pohon_kinerja.reveal(engine, [engine.root], deepest)
    owner = next((o.owner for o in reversed(engine.doc.objectives) if o.owner), deepest)
    jobs: dict[str, Callable[[], Any]] = {
        "beranda.update_home": lambda: beranda.render(provider(), period, lang),
        "peta_strategi.update_map": lambda: peta_strategi.render_map(provider(), period, "", lang),
        "peta_strategi.show_details": lambda: peta_strategi.render_details(
            provider(), period, peta_strategi.first_node(provider()), lang),
        "pohon_kinerja.update_tree": lambda: pohon_kinerja.render_tree(
            provider(), period, expanded, path, lang),
        "pohon_kinerja.search": lambda: pohon_kinerja.search(provider(), owner, lang),
        "pohon_kinerja.expand": lambda: pohon_kinerja.reveal(provider(), [engine.root], deepest),
        "scorecard.update_grid": lambda: scorecard.render_grid(
            provider(), period, scorecard.first_unit(provider()), None, lang),
    }
    timings: dict[str, list[float]] = {name: [] for name in jobs}
    for _ in range(repeat):
        for name, job in jobs.items():
            start = time.perf_counter()
            job()
            timings[name].append(time.perf_counter() - start)
    return timings


def wsgi() -> Any:
    """The Flask server for a WSGI host with several workers, configured from the environment:
    `gunicorn -w 4 'ekinerja.app:wsgi()'` (EKINERJA_DATABASE_URL, EKINERJA_PLAN,
    EKINERJA_PLAN_FILE, EKINERJA_LANG)."""
    from ekinerja.settings import from_environment

    settings = from_environment(warm=True)
    return create_app(settings).server
