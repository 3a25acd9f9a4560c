"""Beranda (home): the province score, missions, agency ranking, bands, trend, red and missing;
the early-warning and priority lists of the year-end forecast, for the region or an agency."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from dash import ALL, Input, Output, State, ctx
from dash.exceptions import PreventUpdate
from ekinerja.callbacks.common import (
    LANG_IN,
    PERIOD_IN,
    REVISION_IN,
    KeptJson,
    database_of,
    engine_of,
    plan_code_of,
    settings_of,
)
from ekinerja.layouts import beranda, ids

from ekinerja.followup import red_indicators
from ekinerja.i18n import LANGUAGES
from ekinerja.readmodels.agencies import agency_ranking
from ekinerja.readmodels.cache import ResultCache
from ekinerja.readmodels.early_warning import early_warning_data
from ekinerja.readmodels.follow_up import overdue_per_unit
from ekinerja.readmodels.home import home_data
from ekinerja.readmodels.periods import valid_period
from ekinerja.rollup import Engine
from ekinerja.services.followups import red_without_follow_up
from ekinerja.storage.database import Database


def render(engine: Engine, period: str | None, lang: str | None,
           show_all: Sequence[str] | None = None) -> list[Any]:
    """The whole Beranda callback body: data (the lists of `show_all` in full), then
    components; kept per engine (a saved value brings a new one), shown period, language and
    lists shown in full, so the sessions looking at the same Beranda share one rendering.
    The components are only read afterwards (serialised), never changed."""
    shown = tuple(sorted(set(show_all or ())))
    key = (valid_period(engine, period), lang or "id", shown)
    return _RENDERED.get(engine, key, lambda: beranda.body(
        home_data(engine, period, shown), lang))


#: Beranda bodies by engine, period, language and lists in full (a few: 2 languages, a period
#: or two, the latest engine).
_RENDERED = ResultCache(8)
#: Their JSON, as the callback answers it (written once per body kept).
_RENDERED_JSON = KeptJson(_RENDERED.maxsize)


def toggled(shown: Sequence[str] | None, name: str) -> list[str]:
    """The lists shown in full after a "Show all" / "Show fewer" click on list `name`."""
    shown = list(shown or [])
    return [n for n in shown if n != name] if name in shown else [*shown, name]


def agency_options(engine: Engine, period: str | None) -> list[dict[str, str]]:
    """The agencies the early-warning lists can be narrowed to, by name."""
    chosen = valid_period(engine, period)
    if chosen is None:
        return []
    rows = sorted(agency_ranking(engine, chosen), key=lambda r: r.name)
    return [{"label": r.name, "value": r.code} for r in rows]


def render_early_warning(
    engine: Engine, period: str | None, agency: str | None, lang: str | None,
    show_all: Sequence[str] | None = None,
) -> list[Any]:
    """The early-warning card's body (an agency the plan does not know: the whole region),
    the lists of `show_all` in full."""
    shown = tuple(show_all or ())
    try:
        data = early_warning_data(engine, period, agency or None, show_all=shown)
    except KeyError:
        data = early_warning_data(engine, period, None, show_all=shown)
    return beranda.early_warning_body(data, lang)


def render_follow_up(engine: Engine, db: Database | None, plan_code: str | None,
                     period: str | None, lang: str | None, today: date, days: int) -> Any:
    """The follow-up card: red indicators without a follow-up in the period, overdue
    realizations per unit (nothing without a database)."""
    chosen = valid_period(engine, period)
    if db is None or chosen is None:
        return []
    without = red_without_follow_up(db, plan_code, chosen)
    red = len(red_indicators(engine, chosen))
    overdue = overdue_per_unit(db, plan_code, today, days)
    units = {u.code: u.name for u in engine.doc.units}
    return beranda.follow_up_card(len(without), red, overdue, units, lang)


def prepare_drawing() -> None:
    """Load, once per process, what drawing any Beranda needs whatever the plan: the number
    symbols of each language (Babel's locale data) and plotly's figure template, so that the
    first visit of the page computes only its plan's figures."""
    for lang in LANGUAGES:
        beranda.trend_figure([("2024", 1.0), ("2025", None)], lang)


def register(app: Any) -> None:
    """Fill the Beranda for the chosen period and language."""
    prepare_drawing()

    @app.callback(
        Output(ids.HOME_BODY, "children"),
        PERIOD_IN,
        LANG_IN,
        REVISION_IN,
        Input(ids.HOME_SHOW_ALL, "data"),
    )
    def update_home(period: str | None, lang: str | None, _revision: Any,
                    show_all: list[str] | None) -> Any:
        return _RENDERED_JSON.of(render(engine_of(app), period, lang, show_all))

    for store, button in ((ids.HOME_SHOW_ALL, ids.HOME_SHOW_ALL_BUTTON),
                          (ids.HOME_EW_SHOW_ALL, ids.HOME_EW_SHOW_ALL_BUTTON)):
        show_all_toggle(app, store, button)

    @app.callback(Output(ids.HOME_FOLLOWUP, "children"), PERIOD_IN, LANG_IN, REVISION_IN)
    def update_follow_up(period: str | None, lang: str | None, _revision: Any) -> Any:
        return render_follow_up(engine_of(app), database_of(app), plan_code_of(app), period,
                                lang, date.today(), settings_of(app).deadline_days)

    @app.callback(Output(ids.HOME_EW_AGENCY, "options"), PERIOD_IN, REVISION_IN)
    def update_agencies(period: str | None, _revision: Any) -> Any:
        return agency_options(engine_of(app), period)

    @app.callback(
        Output(ids.HOME_EW_BODY, "children"),
        PERIOD_IN,
        Input(ids.HOME_EW_AGENCY, "value"),
        LANG_IN,
        REVISION_IN,
        Input(ids.HOME_EW_SHOW_ALL, "data"),
    )
    def update_early_warning(
        period: str | None, agency: str | None, lang: str | None, _revision: Any,
        show_all: list[str] | None,
    ) -> Any:
        return render_early_warning(engine_of(app), period, agency, lang, show_all)


def show_all_toggle(app: Any, store: str, button: str) -> None:
    """A click on a "Show all" / "Show fewer" button of type `button` toggles its list in
    `store` (the buttons a re-render brings, with no click yet, change nothing)."""

    @app.callback(
        Output(store, "data"),
        Input({"type": button, "list": ALL}, "n_clicks"),
        State(store, "data"),
        prevent_initial_call=True,
    )
    def toggle_list(_clicks: list[int | None], shown: list[str] | None) -> Any:
        if not isinstance(ctx.triggered_id, dict) or not ctx.triggered[0].get("value"):
            raise PreventUpdate
        return toggled(shown, ctx.triggered_id["list"])
