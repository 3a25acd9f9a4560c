"""Input Realisasi: a unit's indicators, entering a realization, closing periods, live refresh.

The page follows the shell's revision Store (ids.REVISION); a save writes the new revision there.
Every change is made as the signed-in account (`common.actor()`), and the page offers only the
changes that account may make.
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
    actor,
    database_of,
    engine_of,
    plan_code_of,
    row_click_chooses,
)
from ekinerja.layouts import ids, realisasi
from ekinerja.layouts.common import feedback, message

from ekinerja import permissions, realization_entry, services
from ekinerja.i18n import translator
from ekinerja.readmodels import realizations
from ekinerja.readmodels.indexes import unit_subtree
from ekinerja.readmodels.periods import valid_period
from ekinerja.readmodels.presentation import IndicatorLine, Named, band_legend
from ekinerja.readmodels.realizations import OWN_RHK
from ekinerja.rollup import Engine
from ekinerja.services import User
from ekinerja.sources import PlanSource
from ekinerja.storage.database import Database


# ----------------------------------------------------------------- the page
def first_unit(engine: Engine, units: list[Named], user: User | None) -> str | None:
    """The unit the page opens on: the signed-in employee's own RHK, else the first listed unit
    in the user's unit subtree (an operator's or head's own unit first), else the first one."""
    if user is not None and user.role == "employee" and realizations.owns_indicators(
            engine, user.nip):
        return OWN_RHK
    codes = [u.code for u in units]
    if user is not None and user.unit:
        scope = unit_subtree(engine, user.unit)
        mine = [user.unit] if user.unit in codes else [c for c in codes if c in scope]
        if mine:
            return mine[0]
    return codes[0] if codes else None


def layout_params(source: PlanSource, lang: str, user: User | None = None) -> dict[str, Any]:
    """Units that have indicators (and the employee's own RHK), the unit to open on, and the
    changes the signed-in user may make here (none without a database)."""
    engine = source()
    units = realizations.units_with_indicators(engine)
    writable = source.database is not None
    return {
        "units": units,
        "unit": first_unit(engine, units, user),
        "own": user is not None and realizations.owns_indicators(engine, user.nip),
        "can_record": writable and permissions.may(user, permissions.Action.RECORD_REALIZATION),
        "can_manage_periods": writable and permissions.may_manage_periods(user),
    }


def unit_rows(engine: Engine, period: str, unit: str, user: User | None) -> list[IndicatorLine]:
    """The indicators of a unit, or of the signed-in user's own RHK (OWN_RHK: the NIP is the
    account's, never one the browser sends)."""
    if unit == OWN_RHK:
        nip = user.nip if user is not None else None
        return realizations.owned_rows(engine, period, nip) if nip else []
    return realizations.unit_rows(engine, period, unit)


def table(
    engine: Engine, db: Database | None, plan_code: str | None, unit: str | None,
    period: str | None, lang: str | None, current: str | None, user: User | None = None,
) -> tuple[Any, list[dict[str, str]], str | None, Any]:
    """The unit's indicator table, the indicator options, the chosen one and the period status."""
    lang = lang or "id"
    period = valid_period(engine, period)
    if not unit or period is None:
        _ = translator(lang)
        return message(_("Choose a unit.")), [], None, realisasi.status_badge(
            None, None, lang)
    rows = unit_rows(engine, period, unit, user)
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
    warnings = [w.text(lang) for w in realization_entry.value_warnings(number)]
    return realisasi.preview(result, None, lang, warnings)


def entry_scope(db: Database | None, plan_code: str | None, user: User | None,
                indicator: str | None, lang: str | None) -> tuple[bool, str]:
    """Whether the entry fields are hidden for the chosen indicator, and why (the service's
    own rule: `services.may_record_indicator`)."""
    lang = lang or "id"
    if not indicator:
        return True, ""
    allowed = db is not None and services.may_record_indicator(db, user, plan_code, indicator)
    return not allowed, realisasi.scope_note(allowed, db is not None, lang)


def save(
    db: Database | None, plan_code: str | None, user: User | None, indicator: str | None,
    period: str | None, value: Any, note: str | None, evidence: str | None, lang: str | None,
) -> tuple[Any, Any]:
    """Record a realization through the service as `user` (the signed-in account); (message,
    new revision or no_update)."""
    lang = lang or "id"
    _ = translator(lang)
    if db is None:
        return feedback(False, _("This page needs a database."), lang), no_update
    try:
        number = realization_entry.parse_number(value)
        link = realization_entry.check_evidence(evidence)
    except ValueError as exc:
        return feedback(False, str(exc), lang), no_update
    if not indicator:
        return feedback(False, _("Choose an indicator."), lang), no_update
    try:
        revision = services.record_realization(
            db, user, plan_code, indicator, period, number,
            note=(note or "").strip() or None, evidence=link,
        )
    except services.ServiceError as exc:
        return feedback(False, str(exc), lang), no_update
    warnings = [w.text(lang) for w in realization_entry.value_warnings(number)]
    return feedback(True, " ".join([_("Saved."), *warnings]) if warnings else "", lang), revision


def change_period(
    db: Database | None, plan_code: str | None, user: User | None, period: str | None,
    action: str, reason: str | None, lang: str | None,
) -> tuple[Any, Any]:
    """Close or reopen a period through the service as `user`; (message, new revision or
    no_update)."""
    lang = lang or "id"
    _ = translator(lang)
    if db is None:
        return feedback(False, _("This page needs a database."), lang), no_update
    if not period:
        return feedback(False, _("Choose a period."), lang), no_update
    try:
        if action == "close":
            revision = services.close_period(db, user, plan_code, period,
                                             (reason or "").strip() or None)
        else:
            revision = services.reopen_period(db, user, plan_code, period, reason or "")
    except services.ServiceError as exc:
        return feedback(False, str(exc), lang), no_update
    return feedback(True, "", lang), revision


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
                     lang, current, actor())

    @app.callback(  # only for who may record (the entry is not on the page otherwise)
        Output(ids.ENTRY_FIELDS, "hidden"),
        Output(ids.ENTRY_SCOPE, "children"),
        Input(ids.ENTRY_INDICATOR, "value"),
        LANG_IN,
    )
    def show_entry(indicator: str | None, lang: str | None) -> Any:
        return entry_scope(database_of(app), plan_code_of(app), actor(), indicator, lang)

    row_click_chooses(app, ids.ENTRY_GRID, ids.ENTRY_INDICATOR, allow_duplicate=True)

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
        State(ids.ENTRY_INDICATOR, "value"),
        PERIOD_STATE,
        State(ids.ENTRY_VALUE, "value"),
        State(ids.ENTRY_NOTE, "value"),
        State(ids.ENTRY_EVIDENCE, "value"),
        LANG_STATE,
        prevent_initial_call=True,
    )
    def save_realization(clicks: int | None, indicator: str | None,
                         period: str | None, value: Any, note: str | None,
                         evidence: str | None, lang: str | None) -> Any:
        if not clicks:
            raise PreventUpdate
        # the period as sent: the service refuses one that is not a period of the plan
        return save(database_of(app), plan_code_of(app), actor(), indicator,
                    period, value, note, evidence, lang)

    @app.callback(
        Output(ids.ENTRY_PERIOD_MESSAGE, "children"),
        Output(ids.REVISION, "data", allow_duplicate=True),
        Input(ids.ENTRY_CLOSE, "n_clicks"),
        Input(ids.ENTRY_REOPEN, "n_clicks"),
        PERIOD_STATE,
        State(ids.ENTRY_REASON, "value"),
        LANG_STATE,
        prevent_initial_call=True,
    )
    def close_or_reopen(close: int | None, reopen: int | None,
                        period: str | None, reason: str | None, lang: str | None) -> Any:
        if not (close or reopen):
            raise PreventUpdate
        action = "close" if ctx.triggered_id == ids.ENTRY_CLOSE else "reopen"
        return change_period(database_of(app), plan_code_of(app), actor(),
                             period, action, reason, lang)

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
