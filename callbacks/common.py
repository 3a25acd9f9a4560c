"""What the page callbacks share: where an app keeps its engine provider, settings and pages."""

from __future__ import annotations

from typing import Any

from ekinerja.rollup import Engine

ENGINE_KEY = "EKINERJA_ENGINE"  # Flask config key of the engine provider
SETTINGS_KEY = "EKINERJA_SETTINGS"
PAGES_KEY = "EKINERJA_PAGES"  # the app's pages (ekinerja.layouts.pages.Page tuple)


def engine_of(app: Any) -> Engine:
    """The current Engine of an app (asks its provider: cheap when nothing changed)."""
    return app.server.config[ENGINE_KEY]()
