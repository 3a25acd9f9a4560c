"""Settings of ekinerja, declared once as data: name, environment variable, default, help."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any


def _setting(default: Any, env: str | None, help_: str) -> Any:
    return field(default=default, metadata={"env": env, "help": help_})


@dataclass
class AppSettings:
    """Settings of the app and the commands; each field declares its variable and help."""

    database_url: str | None = _setting(
        None,
        "EKINERJA_DATABASE_URL",
        "Database URL (SQLAlchemy form, e.g. postgresql+psycopg://user@host/db); "
        "default: the SQLite file $XDG_DATA_HOME/ekinerja/ekinerja.sqlite",
    )
    plan_code: str | None = _setting(
        None, "EKINERJA_PLAN", "Plan code to show; default: the only plan in the database"
    )
    plan_file: str | None = _setting(
        None,
        "EKINERJA_PLAN_FILE",
        "A JSON / xlsx plan to show read-only instead of a database",
    )
    locale: str = _setting("id", "EKINERJA_LANG", "Default interface language: id or en")
    debug: bool = _setting(False, "EKINERJA_DEBUG", "Dash debug mode (never in production)")
    title: str = _setting("e-Kinerja", "EKINERJA_TITLE", "Title shown in the browser and navbar")
    warm: bool = _setting(
        False, "EKINERJA_WARM", "Compute the first page's data in the background at start"
    )


def declared() -> list[tuple[str, str | None, Any, str]]:
    """Every setting as (name, environment variable, default, help)."""
    return [(f.name, f.metadata["env"], f.default, f.metadata["help"]) for f in fields(AppSettings)]


def _convert(raw: str, default: Any) -> Any:
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "ya", "on"}
    return raw or None if default is None else raw


def from_environment(environ: Mapping[str, str] | None = None, **overrides: Any) -> AppSettings:
    """Settings from environment variables, then explicit overrides (None overrides ignored)."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for name, env, default, _ in declared():
        if env and env in environ:
            values[name] = _convert(environ[env], default)
    values.update({k: v for k, v in overrides.items() if v is not None})
    return AppSettings(**values)
