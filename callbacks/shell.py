"""The shell's callbacks: route the URL to a page, translate the navbar and the period list."""

from __future__ import annotations

import importlib
from typing import Any

from dash import Input, Output
from ekinerja.callbacks.common import PAGES_KEY, engine_of
from ekinerja.layouts import ids
from ekinerja.layouts.common import nav_links, period_options, unknown_page
from ekinerja.layouts.pages import PAGES, Page, page_for

from ekinerja.i18n import language, translator
from ekinerja.rollup import Engine


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
    """Routing and translation of the frame."""

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
    )
    def translate_frame(pathname: str | None, lang: str | None) -> tuple[Any, str, Any]:
        lang = language(lang)
        engine = engine_of(app)
        return (
            nav_links(lang, pathname, app.server.config[PAGES_KEY]),
            translator(lang)("Period"),
            period_options(engine.periods(), lang),
        )
