"""Input Realisasi: a unit's indicators, entering a realization, closing periods, live refresh.

The page follows the shell's revision Store (ids.REVISION); a save writes the new revision there.
"""

from __future__ import annotations

from typing import Any

from dash import Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate
from ekinerja.callbacks.common import (
    LANG_IN,
    LANG_STATE,
    PERIOD_IN,
    PERIOD_STATE,
    REVISION_IN,
    acting_user,
    database_of,
    engine_of,
    plan_code_of,
    user_choices,
)
from ekinerja.layouts import ids, realisasi
from ekinerja.layouts.common import feedback, message

from ekinerja import realization_entry, services
from ekinerja.i18n import translator
from ekinerja.readmodels import realizations
from ekinerja.readmodels.periods import valid_period
from ekinerja.readmodels.presentation import band_legend
from ekinerja.rollup import Engine
from ekinerja.sources import PlanSource
from ekinerja.storage.database import Database


# ----------------------------------------------------------------- the page
def layout_params(source: PlanSource, lang: str) -> dict[str, Any]:
    """Units that have indicators and the users."""
    return {"units": realizations.units_with_indicators(source()), "users": user_choices(source)}


def table(
    engine: Engine, db: Database | None, plan_code: str | None, unit: str | None,
    period: str | None, lang: str | None, current: str | None,
) -> tuple[Any, list[dict[str, str]], str | None, Any]:
    """The unit's indicator table, the indicator options, the chosen one and the period status."""
    lang = lang or "id"
    period = valid_period(engine, period)
    if not unit or period is None:
        _ = translator(lang)
        return message(_("Choose a unit.")), [], None, realisasi.status_badge(
            None, None, lang)
    rows = realizations.unit_rows(engine, period, unit)
    options = realisasi.indicator_options(rows)
    codes = [o["value"] for o in options]
    chosen = current if current in codes else (codes[0] if codes else None)
    closed = services.is_period_closed(db, plan_code, period) if db is not None else None
    colours = {b.label: b.colour for b in band_legend(engine)}
    return (
        realisasi.indicator_table(rows, lang, colours),
        options,
        chosen,
        realisasi.status_badge(closed, period, lang),
    )


def preview(engine: Engine, indicator: str | None, period: str | None, value: Any,
            lang: str | None) -> Any:
    """What the typed value would score (or why it is not a number)."""
    lang = lang or "id"
    period = valid_period(engine, period)
    if not indicator or period is None or value in (None, ""):
        return ""
    try:
        number = realization_entry.parse_number(value)
    except ValueError as exc:
        return realisasi.preview(None, str(exc), lang)
    result = realizations.preview_achievement(engine, period, indicator, number)
    return realisasi.preview(result, None, lang)


def save(
    db: Database | None, plan_code: str | None, username: str | None, indicator: str | None,
    period: str | None, value: Any, note: str | None, evidence: str | None, lang: str | None,
) -> tuple[Any, Any]:
    """Record a realization through the service; (message, new revision or no_update)."""
    lang = lang or "id"
    _ = translator(lang)
    if db is None:
        return feedback(False, _("This page needs a database."), lang), no_update
    try:
        number = realization_entry.parse_number(value)
        link = realization_entry.check_evidence(evidence)
    except ValueError as exc:
        return feedback(False, str(exc), lang), no_update
    if not indicator or not period:
        return feedback(False, _("Choose an indicator."), lang), no_update
    try:
        revision = services.record_realization(
            db, acting_user(db, username), plan_code, indicator, period, number,
            note=(note or "").strip() or None, evidence=link,
        )
    except services.ServiceError as exc:
        return feedback(False, str(exc), lang), no_update
    return feedback(True, "", lang), revision


def change_period(
    db: Database | None, plan_code: str | None, username: str | None, period: str | None,
    action: str, reason: str | None, lang: str | None,
) -> tuple[Any, Any]:
    """Close or reopen a period through the service; (message, new revision or no_update)."""
    lang = lang or "id"
    _ = translator(lang)
    if db is None:
        return feedback(False, _("This page needs a database."), lang), no_update
    if not period:
        return feedback(False, _("Choose a period."), lang), no_update
    user = acting_user(db, username)
    try:
        if action == "close":
            revision = services.close_period(db, user, plan_code, period,
                                             (reason or "").strip() or None)
        else:
            revision = services.reopen_period(db, user, plan_code, period, reason or "")
    except services.ServiceError as exc:
        return feedback(False, str(exc), lang), no_update
    return feedback(True, "", lang), revision


def unit_of_user(db: Database | None, username: str | None,
                 options: list[dict[str, Any]]) -> Any:
    """The acting user's own unit when the page lists it (else no_update: keep the choice)."""
    user = acting_user(db, username) if db is not None else None
    if user is None or not user.unit or user.unit not in {o["value"] for o in options}:
        return no_update
    return user.unit


def history(db: Database | None, plan_code: str | None, indicator: str | None,
            period: str | None, lang: str | None) -> Any:
    """Audit-log entries of the indicator in the period."""
    lang = lang or "id"
    if db is None or not indicator or not period:
        return realisasi.history_table([], lang)
    entries = services.audit_log(db, plan_code, entity="realization",
                                 key=f"{indicator}@{period}", limit=50)
    return realisasi.history_table(entries, lang)


def register(app: Any) -> None:
    """Table, preview, save, history and period closing (refreshed by the shell's revision)."""

    def engine() -> Engine:
        return engine_of(app)

    @app.callback(
        Output(ids.ENTRY_TABLE, "children"),
        Output(ids.ENTRY_INDICATOR, "options"),
        Output(ids.ENTRY_INDICATOR, "value"),
        Output(ids.ENTRY_STATUS, "children"),
        Input(ids.ENTRY_UNIT, "value"),
        PERIOD_IN,
        LANG_IN,
        REVISION_IN,
        State(ids.ENTRY_INDICATOR, "value"),
    )
    def update_table(unit: str | None, period: str | None, lang: str | None, _revision: Any,
                     current: str | None) -> Any:
        return table(engine_of(app), database_of(app), plan_code_of(app), unit, period,
                     lang, current)

    @app.callback(
        Output(ids.ENTRY_UNIT, "value"),
        Input(ids.ENTRY_USER, "value"),
        State(ids.ENTRY_UNIT, "options"),
        prevent_initial_call=True,
    )
    def follow_user_unit(username: str | None, options: list[dict[str, Any]] | None) -> Any:
        return unit_of_user(database_of(app), username, options or [])

    @app.callback(
        Output(ids.ENTRY_INDICATOR, "value", allow_duplicate=True),
        Input(ids.ENTRY_GRID, "cellClicked"),
        prevent_initial_call=True,
    )
    def choose_clicked_row(cell: dict[str, Any] | None) -> Any:
        if not cell or not cell.get("rowId"):
            raise PreventUpdate
        return cell["rowId"]

    @app.callback(
        Output(ids.ENTRY_PREVIEW, "children"),
        Input(ids.ENTRY_VALUE, "value"),
        Input(ids.ENTRY_INDICATOR, "value"),
        PERIOD_IN,
        LANG_IN,
    )
    def update_preview(value: Any, indicator: str | None, period: str | None,
                       lang: str | None) -> Any:
        return preview(engine(), indicator, period, value, lang)

    @app.callback(
        Output(ids.ENTRY_MESSAGE, "children"),
        Output(ids.REVISION, "data", allow_duplicate=True),
        Input(ids.ENTRY_SAVE, "n_clicks"),
        State(ids.ENTRY_USER, "value"),
        State(ids.ENTRY_INDICATOR, "value"),
        PERIOD_STATE,
        State(ids.ENTRY_VALUE, "value"),
        State(ids.ENTRY_NOTE, "value"),
        State(ids.ENTRY_EVIDENCE, "value"),
        LANG_STATE,
        prevent_initial_call=True,
    )
    def save_realization(clicks: int | None, username: str | None, indicator: str | None,
                         period: str | None, value: Any, note: str | None,
                         evidence: str | None, lang: str | None) -> Any:
        if not clicks:
            raise PreventUpdate
        return save(database_of(app), plan_code_of(app), username, indicator,
                    valid_period(engine(), period), value, note, evidence, lang)

    @app.callback(
        Output(ids.ENTRY_PERIOD_MESSAGE, "children"),
        Output(ids.REVISION, "data", allow_duplicate=True),
        Input(ids.ENTRY_CLOSE, "n_clicks"),
        Input(ids.ENTRY_REOPEN, "n_clicks"),
        State(ids.ENTRY_USER, "value"),
        PERIOD_STATE,
        State(ids.ENTRY_REASON, "value"),
        LANG_STATE,
        prevent_initial_call=True,
    )
    def close_or_reopen(close: int | None, reopen: int | None, username: str | None,
                        period: str | None, reason: str | None, lang: str | None) -> Any:
        if not (close or reopen):
            raise PreventUpdate
        action = "close" if ctx.triggered_id == ids.ENTRY_CLOSE else "reopen"
        return change_period(database_of(app), plan_code_of(app), username,
                             valid_period(engine(), period), action, reason, lang)

    @app.callback(
        Output(ids.ENTRY_HISTORY, "children"),
        Input(ids.ENTRY_INDICATOR, "value"),
        PERIOD_IN,
        LANG_IN,
        REVISION_IN,
    )
    def update_history(indicator: str | None, period: str | None, lang: str | None,
                       _revision: Any) -> Any:
        return history(database_of(app), plan_code_of(app), indicator,
                       valid_period(engine(), period), lang)
