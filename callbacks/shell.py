"""The shell's callbacks: route the URL to a page (the signed-in role's pages only), translate
the navbar, the signed-in account and the period list, and poll the data revision so that open
pages re-render when someone else changes the data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dash import Input, Output, State, no_update
from ekinerja.callbacks.common import (
    PAGES_KEY,
    SETTINGS_KEY,
    SOURCE_KEY,
    actor,
    client_side,
    engine_of,
    follows_shell,
    parse_query,
)
from ekinerja.callbacks.pages import Page, page_for, pages_for
from ekinerja.layouts import ids
from ekinerja.layouts.common import (
    account_menu,
    nav_links,
    not_allowed_page,
    page_meta,
    period_options,
    unknown_page,
)

from ekinerja.i18n import language, translator
from ekinerja.readmodels import skp as skp_views
from ekinerja.readmodels.indexes import unit_name
from ekinerja.rollup import Engine
from ekinerja.services import User
from ekinerja.sources import PlanSource


def data_revision(config: Any) -> Any:
    """The revision of the data the app shows, the same in every worker process: the database
    revision counter, a plan file's modification time, or a token of an in-memory plan."""
    return config[SOURCE_KEY].revision()


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


def page_content(source: PlanSource, pathname: str | None, lang: str | None,
                 pages: tuple[Page, ...], user: User | None = None,
                 search: str | None = None) -> Any:
    """The layout of the page at a URL path, in a language, for the signed-in user (a page
    their role does not see says so instead), opened on what the URL query chooses
    (`search`: `?unit=DIKES`)."""
    lang = language(lang)
    page = page_for(pathname, pages)
    if page is None:
        return unknown_page(lang, pathname)
    if not page.allows(user):
        return not_allowed_page(lang, page.title)
    return page.content(source, lang, user, parse_query(search))


def page_title_meta(pathname: str | None, lang: str | None, pages: tuple[Page, ...],
                    app_title: str) -> dict[str, str]:
    """The browser tab's title ("Beranda · e-Kinerja") and the language of the open page."""
    lang = language(lang)
    _ = translator(lang)
    page = page_for(pathname, pages)
    return page_meta(_(page.title) if page else _("Page not found"), app_title, lang)


def account_unit_name(engine: Engine, user: User | None) -> str | None:
    """The name of the signed-in user's unit in the plan shown (None when it has none)."""
    return None if user is None else unit_name(engine, user.unit)


def register(app: Any) -> None:
    """Routing, translation of the frame, and the data revision poll."""
    config = app.server.config
    app.layout = with_revision(app.layout, config)

    pathname_in = Input(ids.URL, "pathname")
    follows_shell(app, [ids.PAGE],
                  # a link within a page (`?indicator=`) opens it anew
                  [pathname_in, Input(ids.URL, "search")],
                  lambda pathname, search, lang: page_content(
                      config[SOURCE_KEY], pathname, lang, config[PAGES_KEY], actor(), search),
                  period=False, revision=False)

    def title_and_language(pathname: str | None, lang: str | None) -> Any:
        settings = config.get(SETTINGS_KEY)
        app_title = getattr(settings, "title", None) or "e-Kinerja"
        return (page_title_meta(pathname, lang, config[PAGES_KEY], app_title),
                translator(language(lang))("Skip to the content"))

    follows_shell(app, [Output(ids.PAGE_META, "data"), ids.SKIP_LINK], [pathname_in],
                  title_and_language, period=False, revision=False)

    client_side(  # the menu of a narrow screen
        app, "toggleMenu",
        Output(ids.NAV_MENU, "className"),
        Output(ids.NAV_TOGGLE, "aria-expanded"),
        Input(ids.NAV_TOGGLE, "n_clicks"),
        Input(ids.URL, "pathname"),
        prevent_initial_call=True,
    )

    client_side(  # <html lang> and the tab's title
        app, "applyPageMeta",
        Output(ids.PAGE_META_APPLIED, "data"),
        Input(ids.PAGE_META, "data"),
    )

    def translate_frame(pathname: str | None, lang: str | None) -> tuple[Any, str, Any, Any]:
        lang = language(lang)
        _ = translator(lang)
        user = actor()
        engine = engine_of(app)
        return (
            nav_links(lang, pathname, pages_for(user, config[PAGES_KEY])),
            _("Period"),
            period_options(skp_views.period_choices(engine) if (pathname or "").rstrip("/")
                           == "/skp" else engine.periods(), lang),
            account_menu(lang, user, account_unit_name(engine, user)),
        )

    follows_shell(app, [ids.NAV, ids.PERIOD_LABEL, Output(ids.PERIOD, "options"), ids.ACCOUNT],
                  [pathname_in], translate_frame, period=False)

    @app.callback(
        Output(ids.REVISION, "data"),
        Input(ids.REVISION_POLL, "n_intervals"),
        State(ids.REVISION, "data"),
        prevent_initial_call=True,
    )
    def check_revision(_n: int | None, seen: Any) -> Any:
        return poll(config, seen)
