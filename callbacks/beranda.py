"""Beranda (home): the province score, missions, agency ranking, bands, trend, red and missing."""

from __future__ import annotations

from typing import Any

from dash import Output
from ekinerja.callbacks.common import LANG_IN, PERIOD_IN, REVISION_IN, engine_of
from ekinerja.layouts import beranda, ids

from ekinerja.readmodels.home import home_data
from ekinerja.rollup import Engine


def render(engine: Engine, period: str | None, lang: str | None) -> list[Any]:
    """The whole Beranda callback body: data, then components."""
    return beranda.body(home_data(engine, period), lang)


def register(app: Any) -> None:
    """Fill the Beranda for the chosen period and language."""

    @app.callback(
        Output(ids.HOME_BODY, "children"),
        PERIOD_IN,
        LANG_IN,
        REVISION_IN,
    )
    def update_home(period: str | None, lang: str | None, _revision: Any) -> Any:
        return render(engine_of(app), period, lang)
