"""Tindak lanjut: the red indicators of the chosen period with their follow-ups, recording one,
the open follow-ups the user watches and marking one done.

Every change is made as the signed-in account (`common.actor()`); the services check it."""

from __future__ import annotations

from datetime import date
from typing import Any

from dash import Input, Output, State
from dash.exceptions import PreventUpdate
from ekinerja.callbacks import common
from ekinerja.callbacks.common import (
    LANG_IN,
    LANG_STATE,
    PERIOD_IN,
    PERIOD_STATE,
    REVISION_IN,
    engine_of,
    service_context,
)
from ekinerja.layouts import ids, tindak_lanjut
from ekinerja.layouts.common import message

from ekinerja import permissions
from ekinerja.i18n import N_, translator
from ekinerja.readmodels.periods import valid_period
from ekinerja.rollup import Engine
from ekinerja.services import User
from ekinerja.services import followups as fu
from ekinerja.sources import PlanSource
from ekinerja.storage.database import Database


def layout_params(source: PlanSource, lang: str, user: User | None = None) -> dict[str, Any]:
    """Whether the signed-in user is offered the forms (not without a database)."""
    return {"can_record": source.database is not None
            and permissions.may(user, permissions.Action.RECORD_FOLLOW_UP)}


def lists(engine: Engine, db: Database | None, plan_code: str | None, user: User | None,
          period: str | None, lang: str | None, today: date) -> tuple[Any, Any, Any, Any]:
    """The red indicators of the period, the indicator choices, the open follow-ups the user
    watches and the ones they may close."""
    lang = lang or "id"
    _ = translator(lang)
    if db is None:
        return message(_("This page needs a database.")), [], "", []
    chosen = valid_period(engine, period)
    units = {u.code: u.name for u in engine.doc.units}
    red = fu.red_indicators_of(db, user, plan_code, chosen) if chosen else []
    watched = fu.follow_ups(db, user, plan_code, status="open", watched=True)
    return (tindak_lanjut.red_table(red, units, lang),
            tindak_lanjut.indicator_options(red, lang),
            tindak_lanjut.open_table(watched, units, lang, today),
            tindak_lanjut.close_options(watched, lang))


def record(engine: Engine, db: Database | None, plan_code: str | None, user: User | None,
           period: str | None, indicator: str | None, cause: str | None, action: str | None,
           due: str | None, recommendation: str | None, lang: str | None) -> tuple[Any, Any]:
    """Record a follow-up of the chosen indicator in the period; (message, revision)."""
    return _record(db, plan_code, user, valid_period(engine, period) or "", indicator, cause,
                   action, due, recommendation, lang)


@common.saving
def _record(db: Database, plan_code: str | None, user: User | None, period: str,
            indicator: str | None, cause: str | None, action: str | None, due: str | None,
            recommendation: str | None, lang: str) -> str:
    _ = translator(lang)
    fu.record_follow_up(db, user, plan_code, indicator or "", period, cause, action, due,
                        recommendation)
    return _("Follow-up recorded.")


@common.saving
def close(db: Database, plan_code: str | None, user: User | None, follow_up: int | None,
          note: str | None, lang: str) -> str:
    """Mark the chosen follow-up done with a note; (message, revision)."""
    _ = translator(lang)
    if follow_up is None:
        common.refuse(N_("Choose a follow-up."))
    fu.close_follow_up(db, user, plan_code, int(follow_up), note)
    return _("Follow-up marked done.")


def register(app: Any) -> None:
    """The lists and choices; record; mark done."""

    @app.callback(
        Output(ids.FOLLOWUP_RED, "children"),
        Output(ids.FOLLOWUP_INDICATOR, "options"),
        Output(ids.FOLLOWUP_OPEN, "children"),
        Output(ids.FOLLOWUP_CLOSE_ID, "options"),
        Input(ids.FOLLOWUP_RED, "id"),  # only on this page
        PERIOD_IN,
        LANG_IN,
        REVISION_IN,
    )
    def update_lists(_page: Any, period: str | None, lang: str | None, _revision: Any) -> Any:
        db, user, plan_code = service_context(app)
        return lists(engine_of(app), db, plan_code, user, period, lang, date.today())

    @app.callback(
        Output(ids.FOLLOWUP_MESSAGE, "children"),
        Output(ids.REVISION, "data", allow_duplicate=True),
        Input(ids.FOLLOWUP_SAVE, "n_clicks"),
        State(ids.FOLLOWUP_INDICATOR, "value"),
        State(ids.FOLLOWUP_CAUSE, "value"),
        State(ids.FOLLOWUP_ACTION, "value"),
        State(ids.FOLLOWUP_DUE, "value"),
        State(ids.FOLLOWUP_RECOMMENDATION, "value"),
        PERIOD_STATE,
        LANG_STATE,
        prevent_initial_call=True,
    )
    def save(clicks: int | None, indicator: str | None, cause: str | None,
             action: str | None, due: str | None, recommendation: str | None,
             period: str | None, lang: str | None) -> Any:
        if not clicks:
            raise PreventUpdate
        db, user, plan_code = service_context(app)
        return record(engine_of(app), db, plan_code, user, period, indicator, cause, action,
                      due, recommendation, lang)

    @app.callback(
        Output(ids.FOLLOWUP_CLOSE_MESSAGE, "children"),
        Output(ids.REVISION, "data", allow_duplicate=True),
        Input(ids.FOLLOWUP_CLOSE, "n_clicks"),
        State(ids.FOLLOWUP_CLOSE_ID, "value"),
        State(ids.FOLLOWUP_CLOSE_NOTE, "value"),
        LANG_STATE,
        prevent_initial_call=True,
    )
    def mark_done(clicks: int | None, follow_up: int | None, note: str | None,
                  lang: str | None) -> Any:
        if not clicks:
            raise PreventUpdate
        db, user, plan_code = service_context(app)
        return close(db, plan_code, user, follow_up, note, lang)
