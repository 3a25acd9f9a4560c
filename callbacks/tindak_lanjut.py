"""Tindak lanjut: the red indicators of the chosen period with their follow-ups, recording one,
the open follow-ups the user watches and marking one done.

Every change is made as the signed-in account (`common.actor()`); the services check it."""

from __future__ import annotations

from datetime import date
from typing import Any

from dash import Input, Output
from ekinerja.callbacks import common
from ekinerja.callbacks.common import (
    PERIOD_STATE,
    engine_of,
    follows_shell,
    save_on_click,
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

    def update_lists(_page: Any, period: str | None, lang: str | None) -> Any:
        db, user, plan_code = service_context(app)
        return lists(engine_of(app), db, plan_code, user, period, lang, date.today())

    def save(indicator: str | None, cause: str | None, action: str | None, due: str | None,
             recommendation: str | None, period: str | None, lang: str | None) -> Any:
        db, user, plan_code = service_context(app)
        return record(engine_of(app), db, plan_code, user, period, indicator, cause, action,
                      due, recommendation, lang)

    def mark_done(follow_up: int | None, note: str | None, lang: str | None) -> Any:
        db, user, plan_code = service_context(app)
        return close(db, plan_code, user, follow_up, note, lang)

    follows_shell(app, [ids.FOLLOWUP_RED, Output(ids.FOLLOWUP_INDICATOR, "options"),
                        ids.FOLLOWUP_OPEN, Output(ids.FOLLOWUP_CLOSE_ID, "options")],
                  [Input(ids.FOLLOWUP_RED, "id")],  # only on this page
                  update_lists)
    save_on_click(app, ids.FOLLOWUP_SAVE, ids.FOLLOWUP_MESSAGE,
                  [ids.FOLLOWUP_INDICATOR, ids.FOLLOWUP_CAUSE, ids.FOLLOWUP_ACTION,
                   ids.FOLLOWUP_DUE, ids.FOLLOWUP_RECOMMENDATION, PERIOD_STATE], save)
    save_on_click(app, ids.FOLLOWUP_CLOSE, ids.FOLLOWUP_CLOSE_MESSAGE,
                  [ids.FOLLOWUP_CLOSE_ID, ids.FOLLOWUP_CLOSE_NOTE], mark_done)
