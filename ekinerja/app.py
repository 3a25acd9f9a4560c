"""The web app for leaders: create_app(settings) builds a Dash app (the only Dash import here)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import dash
import dash_cytoscape as cyto
import flask

from ekinerja import api, webauth, weblog
from ekinerja.settings import AppSettings
from ekinerja.sources import PlanSource, database_provider, file_provider


def plan_source(settings: AppSettings) -> PlanSource:
    """The single source of the current Engine: a plan file, else the database."""
    if settings.plan_file:
        return file_provider(settings.plan_file)
    return database_provider(settings.database_url, settings.plan_code)


def warm_caches(source: PlanSource) -> None:
    """Load the engine and compute what the first pages need (Beranda, search, scorecard)."""
    from ekinerja.readmodels import home, scorecard, search
    from ekinerja.readmodels.periods import default_period

    engine = source()
    period = default_period(engine)
    if period is not None:
        home.home_data(engine, period)
        scorecard.unit_objectives(engine, scorecard.first_unit(engine))
    search.objective_index(engine)


def _warm_in_background(source: PlanSource) -> threading.Thread:
    def run() -> None:
        try:
            warm_caches(source)
        except Exception:  # the app still works: the first request computes it instead
            logging.getLogger("ekinerja.app").exception("pemanasan gagal / warm-up failed")

    thread = threading.Thread(target=run, name="ekinerja-warm", daemon=True)
    thread.start()
    return thread


def create_app(
    settings: AppSettings | None = None,
    provider: PlanSource | None = None,
    pages: tuple[Any, ...] | None = None,
) -> dash.Dash:
    """Build the Dash app: shell layout, pages and their callbacks; everything served locally.

    `provider` replaces the plan source of the settings; `pages` the page list
    (ekinerja.callbacks.pages.PAGES).
    """
    import ekinerja.assets
    from ekinerja.callbacks import common_comments
    from ekinerja.callbacks import shell as shell_callbacks
    from ekinerja.callbacks.common import PAGES_KEY, SETTINGS_KEY, SOURCE_KEY
    from ekinerja.callbacks.pages import PAGES, pages_for
    from ekinerja.i18n import language
    from ekinerja.layouts.common import shell
    from ekinerja.readmodels.periods import default_period

    settings = settings or AppSettings()
    source = provider or plan_source(settings)
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
        on_error=_callback_failed,  # a failing callback says so on the page, never a blank 500
    )
    app.index_string = app.index_string.replace(  # the default language until the page's own
        "<html>", f'<html lang="{language(settings.locale)}">', 1)
    app.server.config[SOURCE_KEY] = source
    app.server.config[SETTINGS_KEY] = settings
    app.server.config[PAGES_KEY] = pages
    lang = language(settings.locale)

    def serve_layout() -> Any:  # per request: the navbar of the signed-in account
        engine = source()
        user = webauth.current_actor() if flask.has_request_context() else None
        return shell(lang, engine.periods(), default_period(engine), pages_for(user, pages),
                     title=settings.title, user=user,
                     unit_name=shell_callbacks.account_unit_name(engine, user))

    app.layout = serve_layout
    shell_callbacks.register(app)
    common_comments.register(app)  # shared by the pages that show the comments card
    for page in pages:
        page.register(app)
    accounts = accounts_database(settings, source)
    webauth.install(app.server, settings, accounts, script_hashes=app.csp_hashes())
    api.install(app.server, source, accounts, settings)
    weblog.install(app.server, int(settings.max_request_mb * (1 << 20)))
    if settings.debug:  # Dash's dev tools; never Werkzeug's interactive debugger
        app.enable_dev_tools(debug=True, dev_tools_hot_reload=False)
    if settings.warm:
        _warm_in_background(source)
    return app


def _callback_failed(exc: Exception) -> None:
    """Dash's on_error: log the failure with the request id, show the translated message with
    that reference in the shell's alert, and leave the callback's outputs as they were."""
    from ekinerja.layouts import ids

    weblog.log_failure(exc, "callback")
    dash.set_props(ids.APP_ERROR, {"children": weblog.failure_text(weblog.lang_of_callback()),
                                   "hidden": False})


def accounts_database(settings: AppSettings, source: PlanSource | None = None) -> Any:
    """Where the accounts live: the database the pages read, else (plan-file mode, a document)
    the configured database (EKINERJA_DATABASE_URL or the default SQLite file)."""
    from ekinerja.storage.database import Database

    shared = getattr(source, "database", None)
    return shared if shared is not None else Database(settings.database_url)


def callback_timings(settings: AppSettings, repeat: int = 20, provider: PlanSource | None = None,
                     cpu: dict[str, list[float]] | None = None) -> dict[str, list[float]]:
    """Server time (seconds) of each page's main callback body on a plan, for the benchmark
    (the first round on a fresh engine is each page's first visit); `cpu`, when given, gets
    the process's CPU seconds of each call too (what a busy machine's queueing leaves out)."""
    from ekinerja.callbacks import (
        beranda,
        kontribusi,
        kualitas,
        peta_strategi,
        pohon_kinerja,
        realisasi,
        scorecard,
        skp,
    )
    from ekinerja.layouts import kualitas as kualitas_layout
    from ekinerja.readmodels import realizations, tree
    from ekinerja.readmodels.periods import default_period
    from ekinerja.readmodels.scorecard import first_unit
    from ekinerja.readmodels.strategy_map import first_objective

    source = provider or plan_source(settings)
    engine = source()
    period = default_period(engine)
    lang = settings.locale
    deepest = engine.objective_codes[-1]  # an RHK at the bottom of the cascade, typically
    expanded, path = tree.reveal(engine, [engine.root], deepest)
    owner = next((o.owner for o in reversed(engine.doc.objectives) if o.owner), deepest)
    entry_unit = realisasi.first_unit(engine, realizations.units_with_indicators(engine), None)

    def quality() -> Any:
        counts, shown = kualitas.summary(source(), None, None)
        return kualitas_layout.body(shown, lang, counts)

    jobs: dict[str, Callable[[], Any]] = {
        "beranda.update_home": lambda: beranda.render(source(), period, lang),
        "beranda.update_early_warning": lambda: beranda.render_early_warning(
            source(), period, None, lang),
        "peta_strategi.update_map": lambda: peta_strategi.render_map(source(), period, "", lang),
        "peta_strategi.show_details": lambda: peta_strategi.render_details(
            source(), period, first_objective(source()), lang),
        "pohon_kinerja.update_tree": lambda: pohon_kinerja.render_tree(
            source(), period, expanded, path, lang),
        "pohon_kinerja.search": lambda: pohon_kinerja.search(source(), owner),
        "pohon_kinerja.expand": lambda: tree.reveal(source(), [engine.root], deepest),
        "scorecard.update_grid": lambda: scorecard.render_grid(
            source(), period, first_unit(source()), None, lang),
        "kontribusi.update_contribution": lambda: kontribusi.render(source(), owner, period, lang),
        "realisasi.update_table": lambda: realisasi.table(
            source(), None, None, entry_unit, period, lang, None),
        "skp.update_view": lambda: skp.view(source(), None, None, owner, period, lang),
        "kualitas.update_quality": quality,
    }
    timings: dict[str, list[float]] = {name: [] for name in jobs}
    for _ in range(repeat):
        for name, job in jobs.items():
            start, used = time.perf_counter(), time.process_time()
            job()
            timings[name].append(time.perf_counter() - start)
            if cpu is not None:
                cpu.setdefault(name, []).append(time.process_time() - used)
    return timings


def wsgi() -> Any:
    """The Flask server for a WSGI host with several workers, configured from the environment:
    `gunicorn -w 4 'ekinerja.app:wsgi()'` (EKINERJA_DATABASE_URL, EKINERJA_PLAN,
    EKINERJA_PLAN_FILE, EKINERJA_LANG)."""
    from ekinerja.settings import from_environment

    settings = from_environment(warm=True)
    return create_app(settings).server
