"""The shell's callbacks: route the URL to a page, translate the navbar and the period list,
and poll the data revision so that open pages re-render when someone else changes the data."""

from __future__ import annotations

import importlib
import itertools
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dash import Input, Output, State, no_update
from ekinerja.callbacks.common import ENGINE_KEY, PAGES_KEY, SETTINGS_KEY, engine_of
from ekinerja.layouts import ids
from ekinerja.layouts.common import nav_links, period_options, unknown_page
from ekinerja.layouts.pages import PAGES, Page, page_for

from ekinerja.i18n import language, translator
from ekinerja.rollup import Engine

_tokens = itertools.count(1)
_engine_tokens: weakref.WeakKeyDictionary[Engine, str] = weakref.WeakKeyDictionary()


def reads_database(provider: Callable[[], Engine]) -> bool:
    """Whether an engine provider reads a database (ekinerja.app.database_provider's carry it);
    a file's or a test's / benchmark's own provider must never touch a database."""
    return getattr(provider, "database", None) is not None


def engine_token(engine: Engine) -> str:
    """A revision standing for one Engine object (a new Engine gets a new token)."""
    token = _engine_tokens.get(engine)
    if token is None:
        token = _engine_tokens.setdefault(engine, f"engine:{next(_tokens)}")
    return token


def data_revision(config: Any) -> Any:
    """The revision of the data the app shows, the same in every worker process: the database
    revision counter; with a plan file its modification time (what the file provider recompiles
    on); otherwise the identity of the provider's Engine. JSON-safe (no int above 2**53)."""
    from ekinerja.callbacks.realisasi import database_for

    provider = config[ENGINE_KEY]
    settings = config.get(SETTINGS_KEY)
    if settings is not None and settings.plan_file and not reads_database(provider):
        try:
            return f"file:{Path(settings.plan_file).stat().st_mtime_ns}"
        except OSError:
            return engine_token(provider())
    if reads_database(provider):
        db = database_for(config)
        if db is not None:
            from ekinerja import services

            return services.revision(db)
    return engine_token(provider())


def poll(config: Any, seen: Any) -> Any:
    """The current data revision when it differs from `seen`, else no_update (nothing
    re-renders: the pages take the revision Store as an Input)."""
    current = data_revision(config)
    return no_update if current == seen else current


def find_component(tree: Any, component_id: str) -> Any:
    """The component of a layout tree with that id (None when absent)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, list | tuple):
            stack.extend(node)
        elif hasattr(node, "_prop_names"):
            if getattr(node, "id", None) == component_id:
                return node
            stack.append(getattr(node, "children", None))
    return None


def with_revision(build: Any, config: Any) -> Callable[[], Any]:
    """A layout function: the shell of `build` with the revision Store set to the current
    revision (read first: the page content is rendered later, so it is never older)."""

    def layout() -> Any:
        revision = data_revision(config)
        tree = build() if callable(build) else build
        store = find_component(tree, ids.REVISION)
        if store is not None:
            store.data = revision
        return tree

    return layout


def page_content(engine: Engine, pathname: str | None, lang: str | None,
                 pages: tuple[Page, ...] = PAGES) -> Any:
    """The layout of the page at a URL path, in a language."""
    lang = language(lang)
    page = page_for(pathname, pages)
    if page is None:
        return unknown_page(lang, pathname)
    try:
        layout_module = importlib.import_module(f"ekinerja.layouts.{page.module}")
    except ModuleNotFoundError as exc:
        if exc.name != f"ekinerja.layouts.{page.module}":
            raise
        return unknown_page(lang, pathname)
    params: dict[str, Any] = {}
    try:
        callbacks_module = importlib.import_module(f"ekinerja.callbacks.{page.module}")
    except ModuleNotFoundError as exc:
        if exc.name != f"ekinerja.callbacks.{page.module}":
            raise
        callbacks_module = None
    if callbacks_module is not None and hasattr(callbacks_module, "layout_params"):
        params = callbacks_module.layout_params(engine, lang)
    return layout_module.layout(lang=lang, **params)


def register(app: Any) -> None:
    """Routing, translation of the frame, and the data revision poll."""
    config = app.server.config
    app.layout = with_revision(app.layout, config)

    @app.callback(
        Output(ids.PAGE, "children"),
        Input(ids.URL, "pathname"),
        Input(ids.LANG, "value"),
    )
    def route(pathname: str | None, lang: str | None) -> Any:
        return page_content(engine_of(app), pathname, lang, app.server.config[PAGES_KEY])

    @app.callback(
        Output(ids.NAV, "children"),
        Output(ids.PERIOD_LABEL, "children"),
        Output(ids.PERIOD, "options"),
        Input(ids.URL, "pathname"),
        Input(ids.LANG, "value"),
        Input(ids.REVISION, "data"),
    )
    def translate_frame(pathname: str | None, lang: str | None, _revision: Any
                        ) -> tuple[Any, str, Any]:
        lang = language(lang)
        engine = engine_of(app)
        return (
            nav_links(lang, pathname, app.server.config[PAGES_KEY]),
            translator(lang)("Period"),
            period_options(engine.periods(), lang),
        )

    @app.callback(
        Output(ids.REVISION, "data"),
        Input(ids.REVISION_POLL, "n_intervals"),
        State(ids.REVISION, "data"),
        prevent_initial_call=True,
    )
    def poll_revision(_n: int | None, seen: Any) -> Any:
        return poll(config, seen)
