"""What the page callbacks share: the app's plan source and settings, its database, and the
acting user the pages that write let one pick (until login exists)."""

from __future__ import annotations

from typing import Any

from dash import Input, State
from ekinerja.layouts import ids

from ekinerja import services
from ekinerja.rollup import Engine
from ekinerja.settings import AppSettings
from ekinerja.sources import PlanSource
from ekinerja.storage.database import Database

# The shell's controls, as every page's callbacks depend on them: a page re-renders when the
# period, the language or the data revision (REVISION_IN) changes.
PERIOD_IN = Input(ids.PERIOD, "value")
LANG_IN = Input(ids.LANG, "value")
REVISION_IN = Input(ids.REVISION, "data")
PERIOD_STATE = State(ids.PERIOD, "value")
LANG_STATE = State(ids.LANG, "value")

SOURCE_KEY = "EKINERJA_SOURCE"  # Flask config key of the app's PlanSource
SETTINGS_KEY = "EKINERJA_SETTINGS"
PAGES_KEY = "EKINERJA_PAGES"  # the app's pages (ekinerja.callbacks.pages.Page tuple)


def source_of(app: Any) -> PlanSource:
    """The plan source of a Dash app."""
    return app.server.config[SOURCE_KEY]


def settings_of(app: Any) -> AppSettings:
    """The settings of a Dash app."""
    return app.server.config[SETTINGS_KEY]


def engine_of(app: Any) -> Engine:
    """The current Engine of an app (asks its source: cheap when nothing changed)."""
    return source_of(app)()


def database_of(app: Any) -> Database | None:
    """The app's one database (None when it shows a plan read-only)."""
    return source_of(app).database


def plan_code_of(app: Any) -> str | None:
    """The plan the app shows (None: the only plan in the database)."""
    return source_of(app).plan_code


def acting_user(db: Database, username: str | None) -> services.User | None:
    """The user picked in the page (None when none or unknown: services then refuse)."""
    if not username:
        return None
    try:
        return services.get_user(db, username)
    except services.NotFound:
        return None


def user_choices(source: PlanSource) -> list[services.User]:
    """The users to pick the acting user from (none without a database)."""
    return [] if source.database is None else services.list_users(source.database)
