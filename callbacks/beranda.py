"""Beranda (home): the province score, missions, agency ranking, bands, trend, red and missing."""

from __future__ import annotations

from typing import Any

from dash import Input, Output
from ekinerja.callbacks.common import engine_of
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
        Input(ids.PERIOD, "value"),
        Input(ids.LANG, "value"),
        Input(ids.REVISION, "data"),
    )
    def update_home(period: str | None, lang: str | None, _revision: Any) -> Any:
        return render(engine_of(app), period, lang)
