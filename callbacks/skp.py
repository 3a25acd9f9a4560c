"""SKP: choose an employee; their RHK, ratings and predikat. A head (or an admin) rates the
employees below them in turn and sees the unit's distribution against its organisation
predikat, live: the ratings being chosen are previewed before they are saved.

Every rating is made as the signed-in account (`common.actor()`) through
`services.rate_employee`, and the form is offered only for the employees that account rates.
"""

from __future__ import annotations

from typing import Any

from dash import ALL, Input, Output, State, dcc, html, no_update
from dash.exceptions import PreventUpdate
from ekinerja.callbacks.common import (
    LANG_STATE,
    PERIOD_IN,
    PERIOD_STATE,
    actor,
    database_of,
    employee_search,
    engine_of,
    follows_shell,
    on_click,
    plan_code_of,
    refuse,
    row_click_chooses,
    save_on_click,
    saving,
    settings_of,
)
from ekinerja.layouts import ids
from ekinerja.layouts import skp as skp_page
from ekinerja.layouts.common import employee_options, feedback, message

from ekinerja import permissions, services, skp, skpreport, tpp
from ekinerja.i18n import N_, translator
from ekinerja.model import RATINGS, InvalidPlan, SkpRating
from ekinerja.readmodels import skp as skp_views
from ekinerja.readmodels.indexes import employees_by_nip
from ekinerja.readmodels.scorecard import unit_choices
from ekinerja.rollup import Engine
from ekinerja.services import User
from ekinerja.settings import AppSettings
from ekinerja.sources import PlanSource
from ekinerja.storage.database import Database

NOTE_CODES = [code for code, _label in skp.BERAKHLAK]


def layout_params(source: PlanSource, lang: str, user: User | None = None) -> dict[str, Any]:
    """The first employees for the chooser (the user, those they rate, the first of the plan);
    the page opens on the first employee the user rates, else on themselves; and whether the
    user's role rates at all (the form is then on the page)."""
    engine = source()
    can_rate = source.database is not None and permissions.may(user, permissions.Action.RATE_SKP)
    people = employees_by_nip(engine)
    team = skp_views.rateable_employees(engine, user) if can_rate else []
    own = user.nip if user is not None and user.nip in people else None
    choices = skp_views.employee_choices(engine, user, None)
    nip = team[0].nip if team else own or (choices[0].code if choices else None)
    can_note = source.database is not None and permissions.may(
        user, permissions.Action.WRITE_SKP_NOTE)
    can_manage = source.database is not None and permissions.may_manage_skp(user)
    return {"employees": choices, "nip": nip, "can_rate": can_rate, "can_note": can_note,
            "can_manage": can_manage, "units": unit_choices(engine) if can_manage else [],
            "cadence": engine.doc.plan.settings.skp.cadence}


def shown_result(engine: Engine, db: Database | None, plan_code: str | None, period: str,
                 wanted: list[str], pending: SkpRating | None = None, units: bool = True
                 ) -> skp.SkpResult:
    """The SKP a page shows of a period (`skp_views.page_result`): the employees `wanted`,
    with `units` every unit's counts; the database's ratings in force (or the plan file's),
    with a rating being chosen previewed (`pending`, nothing written)."""
    if db is not None:
        only = wanted[0] if not units and len(wanted) == 1 else None
        period, ratings, predikats, holders = services.skp_inputs(db, plan_code, period,
                                                                  pending, only)
        return skp_views.page_result(engine, period, wanted, ratings, predikats, holders,
                                     units)
    ratings = _file_ratings(engine, period, pending)
    return skp_views.page_result(engine, period, wanted, ratings, None, None, units)


def _file_ratings(engine: Engine, period: str, pending: SkpRating | None) -> list[SkpRating]:
    """The plan file's ratings, with a rating being chosen (`pending`) in place of the
    employee's rating of the period."""
    ratings = list(engine.doc.skp_ratings)
    if pending is None:
        return ratings
    return [r for r in ratings
            if not (r.employee == pending.employee and r.period == period)] + [pending]


def view(engine: Engine, db: Database | None, plan_code: str | None, nip: str | None,
         period: str | None, lang: str | None) -> tuple[Any, Any, Any]:
    """The employee's SKP summary, RHK table and rating history."""
    lang = lang or "id"
    _ = translator(lang)
    period = skp_views.skp_period(engine, period)
    if period is None:
        return message(_("No period with data.")), "", ""
    if not nip or nip not in employees_by_nip(engine):
        return message(_("Choose an employee.")), "", ""
    result = shown_result(engine, db, plan_code, period, [nip], units=False)
    rating = services.skp_rating(db, plan_code, nip, period) if db is not None else None
    history = services.rating_history(db, plan_code, nip, period) if db is not None else []
    holders = services.holders_in_period(db, plan_code, period) if db is not None else None
    return (
        skp_page.summary(result.employees.get(nip), rating, period, lang,
                         own_note(db, plan_code, nip, period)),
        skp_page.rhk_table(skp_views.rhk_lines(engine, period, nip, holders), lang),
        skp_page.history_table(history, lang),
    )


def own_note(db: Database | None, plan_code: str | None, nip: str, period: str) -> str | None:
    """The employee's own note on their SKP of the period in force (None without one)."""
    if db is None:
        return None
    notes = [n for n in services.skp_notes(db, plan_code, nip, period) if not n["superseded"]]
    return notes[-1]["note"] if notes else None


def self_form(db: Database | None, plan_code: str | None, user: User | None, nip: str | None,
              period: str | None) -> tuple[bool, str]:
    """Whether the own-note field is hidden (it shows on the signed-in employee's own SKP, and
    for an admin), and the note in force."""
    if db is None or not nip or period is None:
        return True, ""
    if not permissions.may_write_skp_note(user, nip):
        return True, ""
    return False, own_note(db, plan_code, nip, period) or ""


@saving
def save_note(db: Database, plan_code: str | None, user: User | None, nip: str | None,
              period: str | None, note: str | None, lang: str) -> str:
    """Write the employee's own note through the service as `user`; (message, revision)."""
    services.write_skp_note(db, user, plan_code, *_chosen(nip, period), note or "")
    return ""


def _chosen(nip: str | None, period: str | None) -> tuple[str, str]:
    """The employee and the period a save is for, or the save refused (none chosen)."""
    if not nip or not period:
        refuse(N_("Choose an employee."))
    return nip, period


@saving
def save_cadence(db: Database, plan_code: str | None, user: User | None,
                 cadence: str | None, lang: str) -> str:
    """Set the plan's SKP cadence through the service as `user`; (message, revision)."""
    services.set_skp_cadence(db, user, plan_code, cadence or "")
    return ""


@saving
def save_predikat(db: Database, plan_code: str | None, user: User | None,
                  unit: str | None, period: str | None, predikat: str | None,
                  lang: str) -> str:
    """Set (or clear) a unit's organisation predikat for the year of the period shown, through
    the service as `user`; (message, revision)."""
    if not unit or not period:
        refuse(N_("Choose a unit."))
    services.set_unit_predikat(db, user, plan_code, unit, period[:4], predikat or None)
    return ""


def predikat_panel(engine: Engine, db: Database | None, plan_code: str | None,
                   unit: str | None, period: str | None, lang: str | None
                   ) -> tuple[Any, Any, Any]:
    """The year the predikat is set for, the unit's predikat in force that year, and the
    unit's distribution in that year (live: it follows every saved rating and predikat) with
    the history of its organisation predikat."""
    lang = lang or "id"
    _ = translator(lang)
    period = skp_views.skp_period(engine, period)
    if db is None or period is None or not unit:
        return "", "", ""
    year = period[:4]
    result = shown_result(engine, db, plan_code, year, [])
    shown = result.units.get(unit)
    history = services.unit_predikat_history(db, plan_code, unit)
    return (
        _("For the year {year} (the year of the period shown).").format(year=year),
        shown.predikat or "" if shown is not None else "",
        html.Div([
            html.Div(skp_page.distribution(shown, skp_views.distribution(shown) if shown
                                           else [], lang, warnings_id="skp-predikat-warnings")),
            skp_page.predikat_history(history, lang),
        ]),
    )


def form_values(db: Database | None, plan_code: str | None, user: User | None,
                nip: str | None, period: str | None, lang: str | None) -> tuple[Any, ...]:
    """Whether the form is hidden, why, and its fields filled with the rating in force."""
    lang = lang or "id"
    empty = ("", None, [None] * len(NOTE_CODES), "", "")
    if not nip or period is None:
        return (True, "", *empty)
    allowed = db is not None and services.may_rate(db, user, plan_code, nip)
    note = skp_page.scope_note(allowed, db is not None, lang)
    if not allowed:
        return (True, note, *empty)
    rating = services.skp_rating(db, plan_code, nip, period) if db is not None else None
    if rating is None:
        return (False, note, *empty)
    return (False, note, rating.work or "", rating.behaviour,
            [rating.notes.get(code) for code in NOTE_CODES], rating.reason or "",
            rating.feedback or "")


def live(engine: Engine, db: Database | None, plan_code: str | None, user: User | None,
         nip: str | None, period: str | None, work: str | None, behaviour: str | None,
         lang: str | None) -> tuple[Any, Any, Any]:
    """The employees to rate, the unit's distribution and the chosen ratings' predikat, as
    they would be with the ratings being chosen."""
    lang = lang or "id"
    period = skp_views.skp_period(engine, period)
    if period is None:
        return "", "", ""
    pending = None
    if nip and nip in employees_by_nip(engine) and behaviour in RATINGS:
        pending = SkpRating(nip, period, behaviour, work if work in RATINGS else None)
    rated = skp_views.rateable_employees(engine, user)
    result = shown_result(engine, db, plan_code, period,
                          [e.nip for e in rated] + ([nip] if nip else []), pending)
    unit_code = skp_views.rating_unit(engine, user, nip)
    unit = result.units.get(unit_code) if unit_code else None
    shares = skp_views.distribution(unit) if unit is not None else []
    team = [result.employees[e.nip] for e in rated]
    chosen = result.employees.get(nip) if nip and pending is not None else None
    return (
        skp_page.team_grid(team, lang),
        skp_page.distribution(unit, shares, lang, pending is not None and unsaved(
            db, plan_code, pending)),
        skp_page.preview(chosen.predikat, lang) if chosen is not None else "",
    )


def unsaved(db: Database | None, plan_code: str | None, pending: SkpRating) -> bool:
    """Whether the ratings being chosen differ from those in force (the preview shows them)."""
    if db is None:
        return True
    current = services.skp_rating(db, plan_code, pending.employee, pending.period)
    return current is None or (current.work, current.behaviour) != (pending.work,
                                                                     pending.behaviour)


@saving
def save(db: Database, plan_code: str | None, user: User | None, nip: str | None,
         period: str | None, work: str | None, behaviour: str | None, notes: list[Any],
         reason: str | None, feedback_text: str | None, lang: str) -> str:
    """Rate the employee through the service as `user` (the signed-in account); (message,
    new revision or no_update)."""
    typed = dict(zip(NOTE_CODES, list(notes or []) + [None] * len(NOTE_CODES), strict=False))
    services.rate_employee(
        db, user, plan_code, *_chosen(nip, period), behaviour=behaviour,  # type: ignore[arg-type]
        work=work or None, reason=reason, notes={k: v for k, v in typed.items() if v},
        feedback=feedback_text,
    )
    return ""


def next_employee(engine: Engine, db: Database | None, plan_code: str | None,
                  user: User | None, nip: str | None, period: str | None) -> str:
    """The employee after `nip` among those the user rates, round the list."""
    period = skp_views.skp_period(engine, period)
    if period is None:
        raise PreventUpdate
    team = [e.nip for e in skp_views.rateable_employees(engine, user)]
    if not team:
        raise PreventUpdate
    at = team.index(nip) if nip in team else -1
    return team[(at + 1) % len(team)]


def workbook(engine: Engine, db: Database | None, plan_code: str | None,
             settings: AppSettings, period: str | None, kind: str, lang: str | None
             ) -> tuple[Any, Any]:
    """The TPP (payroll) or BKN e-Kinerja workbook of the period as a download, or why it
    could not be made; (download data or no_update, note)."""
    lang = lang or "id"
    _ = translator(lang)
    period = skp_views.skp_period(engine, period)
    if period is None:
        return no_update, message(_("No period with data."))

    def evaluate(p: str) -> skp.SkpResult:
        return skp_views.period_result(engine, db, plan_code, p)

    if kind == "bkn":
        result = evaluate(period)
        content = skpreport.workbook_bytes(lambda path: skpreport.write_bkn_workbook(result,
                                                                                     path))
        return dcc.send_bytes(content, f"ekinerja-bkn-{period}.xlsx"), ""
    try:
        tpp_settings = (tpp.load_settings(settings.tpp_settings) if settings.tpp_settings
                        else tpp.TppSettings())
        deductions = (tpp.read_deductions(settings.tpp_discipline) if settings.tpp_discipline
                      else {})
    except InvalidPlan as exc:
        return no_update, feedback(False, "; ".join(str(p) for p in exc.problems), lang)
    result = tpp.calculate(evaluate, period, tpp_settings, deductions)
    content = skpreport.workbook_bytes(lambda path: skpreport.write_tpp_workbook(result, path))
    return dcc.send_bytes(content, f"tpp-{period}.xlsx"), ""


def register(app: Any) -> None:
    """Search, the employee's SKP, the form, the live distribution, saving and moving on."""

    def context() -> tuple[Database | None, str | None, User | None]:
        return database_of(app), plan_code_of(app), actor()

    def period_of(period: str | None) -> str | None:
        return skp_views.skp_period(engine_of(app), period)

    employee_search(app, ids.SKP_EMPLOYEE)
    row_click_chooses(app, ids.SKP_TEAM_GRID, ids.SKP_EMPLOYEE, allow_duplicate=True)

    follows_shell(app, [ids.SKP_SUMMARY, ids.SKP_RHK, ids.SKP_HISTORY], [ids.SKP_EMPLOYEE],
                  lambda nip, period, lang: view(engine_of(app), database_of(app),
                                                 plan_code_of(app), nip, period, lang))
    follows_shell(  # only for who may rate (the form is not on the page otherwise)
        app,
        [Output(ids.SKP_FORM, "hidden"), ids.SKP_SCOPE, Output(ids.SKP_WORK, "value"),
         Output(ids.SKP_BEHAVIOUR, "value"), Output({"type": ids.SKP_NOTE, "index": ALL}, "value"),
         Output(ids.SKP_REASON, "value"), Output(ids.SKP_FEEDBACK, "value")],
        [ids.SKP_EMPLOYEE],
        lambda nip, period, lang: form_values(database_of(app), plan_code_of(app), actor(), nip,
                                              period_of(period), lang),
        revision=False)
    follows_shell(app, [ids.SKP_TEAM, ids.SKP_DISTRIBUTION, ids.SKP_PREVIEW],
                  [ids.SKP_EMPLOYEE, ids.SKP_WORK, ids.SKP_BEHAVIOUR],
                  lambda nip, work, behaviour, period, lang: live(
                      engine_of(app), *context(), nip, period, work, behaviour, lang))
    save_on_click(
        app, ids.SKP_SAVE, ids.SKP_MESSAGE,
        [ids.SKP_EMPLOYEE, PERIOD_STATE, ids.SKP_WORK, ids.SKP_BEHAVIOUR,
         State({"type": ids.SKP_NOTE, "index": ALL}, "value"), ids.SKP_REASON, ids.SKP_FEEDBACK],
        lambda nip, period, *rest: save(*context(), nip, period_of(period), *rest))

    @app.callback(  # only for who writes SKP notes (the field is not on the page otherwise)
        Output(ids.SKP_SELF_FORM, "hidden"),
        Output(ids.SKP_SELF_NOTE, "value"),
        Input(ids.SKP_EMPLOYEE, "value"),
        PERIOD_IN,
    )
    def fill_own_note(nip: str | None, period: str | None) -> Any:
        return self_form(*context(), nip, period_of(period))

    save_on_click(app, ids.SKP_SELF_SAVE, ids.SKP_SELF_MESSAGE,
                  [ids.SKP_EMPLOYEE, PERIOD_STATE, ids.SKP_SELF_NOTE],
                  lambda nip, period, *rest: save_note(*context(), nip, period_of(period), *rest))
    on_click(app, [ids.SKP_TPP_EXPORT, ids.SKP_BKN_EXPORT],
             [Output(ids.SKP_DOWNLOAD, "data"), ids.SKP_DOWNLOAD_NOTE], [PERIOD_STATE, LANG_STATE],
             lambda button, period, lang: workbook(
                 engine_of(app), database_of(app), plan_code_of(app), settings_of(app), period,
                 "bkn" if button == ids.SKP_BKN_EXPORT else "tpp", lang))
    save_on_click(app, ids.SKP_CADENCE_SAVE, ids.SKP_CADENCE_MESSAGE, [ids.SKP_CADENCE],
                  lambda *values: save_cadence(*context(), *values))
    follows_shell(app, [ids.SKP_PREDIKAT_YEAR, Output(ids.SKP_PREDIKAT_VALUE, "value"),
                        ids.SKP_PREDIKAT_VIEW], [ids.SKP_PREDIKAT_UNIT],
                  lambda unit, period, lang: predikat_panel(
                      engine_of(app), database_of(app), plan_code_of(app), unit, period, lang))
    save_on_click(app, ids.SKP_PREDIKAT_SAVE, ids.SKP_PREDIKAT_MESSAGE,
                  [ids.SKP_PREDIKAT_UNIT, PERIOD_STATE, ids.SKP_PREDIKAT_VALUE],
                  lambda unit, period, *rest: save_predikat(*context(), unit, period_of(period),
                                                            *rest))

    @app.callback(
        Output(ids.SKP_EMPLOYEE, "options", allow_duplicate=True),
        Input(ids.SKP_EMPLOYEE, "value"),
        prevent_initial_call=True,
    )
    def keep_chosen(nip: str | None) -> Any:
        """The chosen employee (from the list to rate, or "next") stays among the options."""
        return employee_options(skp_views.employee_choices(engine_of(app), actor(), nip))

    on_click(app, ids.SKP_NEXT, [Output(ids.SKP_EMPLOYEE, "value", allow_duplicate=True)],
             [ids.SKP_EMPLOYEE, PERIOD_STATE],
             lambda nip, period: next_employee(engine_of(app), *context(), nip, period))
