"""Input Realisasi: a unit's indicators, entering a realization, closing periods, live refresh.

The page follows the shell's revision Store (ids.REVISION); a save writes the new revision there.
Every change is made as the signed-in account (`common.actor()`), and the page offers only the
changes that account may make.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dash import Input, Output, State, html, no_update
from dash.exceptions import PreventUpdate
from ekinerja.callbacks.common import (
    LANG_STATE,
    PERIOD_IN,
    PERIOD_STATE,
    Query,
    actor,
    database_of,
    engine_of,
    follows_shell,
    kept_per_revision,
    plan_code_of,
    query_value,
    refusal_text,
    row_click_chooses,
    save_on_click,
    settings_of,
)
from ekinerja.layouts import ids, realisasi
from ekinerja.layouts.common import feedback, message

from ekinerja import numbers, permissions, realization_entry, services
from ekinerja.i18n import N_, fmt_number, translator
from ekinerja.readmodels import realizations, verification
from ekinerja.readmodels.cache import ResultCache
from ekinerja.readmodels.indexes import unit_subtree
from ekinerja.readmodels.periods import valid_period
from ekinerja.readmodels.presentation import IndicatorLine, Named, band_legend, indicator_line
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


def linked_params(source: PlanSource, user: User | None, query: Query) -> dict[str, Any]:
    """What a link chooses: `?indicator=CODE` opens its unit (the employee's own RHK when the
    indicator is theirs) with that indicator chosen; an unknown code chooses nothing."""
    engine = source()
    indicator = query_value(query, "indicator")
    if not indicator or not engine.is_indicator(indicator):
        return {}
    unit = realizations.unit_of_indicator(engine, indicator)
    if (user is not None and user.role == "employee" and user.nip
            and realizations.owner_of_indicator(engine, indicator) == user.nip):
        unit = OWN_RHK
    name = engine.item(indicator).name
    return {"unit": unit, "indicator": indicator,
            "indicator_options": [{"label": f"{indicator} · {name}", "value": indicator}]}


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
    waiting = {r.code: s for r in rows
               if (s := verification.status_of(engine, r.code, period)) is not None}
    share = verification.verified_share(engine, period, [r.code for r in rows])
    return (
        html.Div([realisasi.indicator_table(rows, lang, colours, waiting, chosen),
                  realisasi.verified_share(share, lang)]),
        options,
        chosen,
        realisasi.status_badge(closed, period, lang),
    )


@dataclass(frozen=True)
class Entry:
    """A typed value read for an indicator: the number (None when it is not one yet), why not
    (`problem`), the readings of an ambiguous text, and why to check it before saving."""

    value: float | None
    problem: str | None = None
    readings: tuple[float, ...] = ()
    warnings: tuple[str, ...] = ()


def read_entry(engine: Engine, indicator: str | None, period: str | None, text: Any,
               reading: Any, lang: str) -> Entry:
    """Read a typed value in the language (id: 1.234,5; en: 1,234.5). An ambiguous text takes
    the reading the user chose among its readings (none chosen: no value yet); the value is
    then checked against the indicator's target and measure unit in the period."""
    parsed = numbers.parse_number(text, lang)
    if parsed.status == numbers.AMBIGUOUS:
        chosen = next((r for r in parsed.readings
                       if isinstance(reading, int | float) and float(reading) == r), None)
        if chosen is None:
            return Entry(None, parsed.message.text(lang) if parsed.message else None,
                         parsed.readings)
        parsed = numbers.ParsedNumber(numbers.OK, chosen, parsed.readings)
    if not parsed.ok or parsed.value is None:
        return Entry(None, parsed.message.text(lang) if parsed.message else None)
    warnings: tuple[str, ...] = ()
    if indicator and period in engine.periods() and engine.is_indicator(indicator):
        line = indicator_line(engine, engine.evaluation(period), indicator)
        warnings = tuple(m.text(lang) for m in numbers.plausibility_warnings(
            parsed.value, line.target, line.measure_unit))
    return Entry(parsed.value, None, parsed.readings, warnings)


def current_value(engine: Engine, indicator: str | None, period: str | None,
                  lang: str | None) -> str:
    """The realization entered for the indicator in the period, written in the language, to
    start from (empty when none was entered; a value derived from sub-periods is not one)."""
    period = valid_period(engine, period)
    if not indicator or period is None or not engine.is_indicator(indicator):
        return ""
    line = indicator_line(engine, engine.evaluation(period), indicator)
    if line.realization is None or line.derived:
        return ""
    return fmt_number(line.realization, lang, None)


def preview(engine: Engine, indicator: str | None, period: str | None, value: Any,
            lang: str | None, reading: Any = None) -> tuple[Any, list[dict[str, Any]], bool,
                                                            bool]:
    """What the typed value would score (or why it is not a number); the readings to choose
    from when the text is ambiguous (and whether to hide that choice); whether to hide the
    confirmation an implausible value needs."""
    lang = lang or "id"
    period = valid_period(engine, period)
    if not indicator or period is None or value in (None, ""):
        return "", [], True, True
    entry = read_entry(engine, indicator, period, value, reading, lang)
    options = realisasi.reading_options(entry.readings, lang)
    if entry.value is None:
        return realisasi.preview(None, entry.problem, lang), options, not options, True
    result = realizations.preview_achievement(engine, period, indicator, entry.value)
    return (realisasi.preview(result, None, lang, entry.warnings), options, not options,
            not entry.warnings)


def entry_scope(db: Database | None, plan_code: str | None, user: User | None,
                indicator: str | None, lang: str | None, period: str | None = None
                ) -> tuple[bool, str, bool]:
    """Whether the entry fields are hidden for the chosen indicator, why, and whether they are
    disabled because the period is closed (the service's own rules:
    `services.may_record_indicator`, `services.is_period_closed`)."""
    lang = lang or "id"
    if not indicator:
        return True, "", False
    allowed = db is not None and services.may_record_indicator(db, user, plan_code, indicator)
    closed = bool(allowed and period and services.is_period_closed(db, plan_code, period))
    return not allowed, realisasi.scope_note(allowed, db is not None, lang, closed), closed


def _unready(db: Database | None, chosen: str | None, choose: str, lang: str
             ) -> tuple[Any, Any] | None:
    """The refusal of a save without a database, or without what it is for (`chosen`; the
    msgid `choose` asks for it); None when both are there."""
    _ = translator(lang)
    if db is None:
        return feedback(False, _("This page needs a database."), lang), no_update
    if not chosen:
        return feedback(False, _(choose), lang), no_update
    return None


def save(
    db: Database | None, plan_code: str | None, user: User | None, indicator: str | None,
    period: str | None, value: Any, note: str | None, evidence: str | None, lang: str | None,
    *, reading: Any = None, confirmed: bool = False, reason: str | None = None,
    engine: Engine | None = None, submit: bool = True, upload: str | None = None,
    upload_name: str | None = None, limits: services.EvidenceLimits | None = None,
) -> tuple[Any, Any]:
    """Record a realization through the service as `user` (the signed-in account), submitted
    for verification or as a draft (`submit`), with an evidence file (`upload`, a dcc.Upload's
    contents); (message, new revision or no_update). The text is read in the language; an
    ambiguous one needs the chosen `reading`, an implausible value needs `confirmed` and a
    `reason`, which the history keeps with the warnings."""
    lang = lang or "id"
    _ = translator(lang)
    if (missing := _unready(db, indicator, N_("Choose an indicator."), lang)) is not None:
        return missing
    engine = engine if engine is not None else services.load_engine(db, plan_code)
    entry = read_entry(engine, indicator, period, value, reading, lang)
    if entry.value is None:
        if entry.readings:
            return feedback(False, _("Choose which number you mean.") + " " + (entry.problem or ""),
                            lang), no_update
        return feedback(False, entry.problem or _("Enter a number."), lang), no_update
    try:
        link = realization_entry.check_evidence(evidence)
    except ValueError as exc:
        return feedback(False, refusal_text(exc, lang), lang), no_update
    why = (reason or "").strip()
    if entry.warnings and not (confirmed and why):
        return feedback(False, _("Tick “I checked: the value is right” and say why: {warnings}")
                        .format(warnings=" ".join(entry.warnings)), lang), no_update
    try:
        revision = services.record_realization(
            db, user, plan_code, indicator, period, entry.value,
            note=(note or "").strip() or None, evidence=link,
            reason=f"{why} ({' '.join(entry.warnings)})" if entry.warnings else None,
            submit=submit, upload=services.decode_upload(upload, upload_name), limits=limits,
        )
    except services.ServiceError as exc:
        return feedback(False, refusal_text(exc, lang), lang), no_update
    done = _("Saved and submitted for verification.") if submit else _("Saved as a draft.")
    return feedback(True, done, lang), revision


def change_period(
    db: Database | None, plan_code: str | None, user: User | None, period: str | None,
    action: str, reason: str | None, lang: str | None,
) -> tuple[Any, Any]:
    """Close or reopen a period through the service as `user`; (message, new revision or
    no_update)."""
    lang = lang or "id"
    _ = translator(lang)
    if (missing := _unready(db, period, N_("Choose a period."), lang)) is not None:
        return missing
    if (action == "close" and not (reason or "").strip()
            and permissions.may_manage_periods(user)):  # who may not is refused as such
        return feedback(False, _("Give a reason for closing the period."), lang), no_update
    try:
        if action == "close":
            revision = services.close_period(db, user, plan_code, period,
                                             (reason or "").strip() or None)
        else:
            revision = services.reopen_period(db, user, plan_code, period, reason or "")
    except services.ServiceError as exc:
        return feedback(False, refusal_text(exc, lang), lang), no_update
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


#: The table callback's answers per engine, data revision (the closed periods are data),
#: unit, period, language, chosen indicator and (for one's own RHK only) the reader's NIP.
_TABLES = ResultCache(8)


def register(app: Any) -> None:
    """Table, preview, save, history and period closing (refreshed by the shell's revision)."""

    def engine() -> Engine:
        return engine_of(app)

    def update_table(unit: str | None, period: str | None, lang: str | None,
                     current: str | None) -> Any:
        user = actor()
        own = user.nip if unit == OWN_RHK and user is not None else None  # the only reader
        return kept_per_revision(app, _TABLES, (unit, period, lang, current, own), lambda: table(
            engine(), database_of(app), plan_code_of(app), unit, period, lang, current, user))

    follows_shell(app, [ids.ENTRY_TABLE, Output(ids.ENTRY_INDICATOR, "options"),
                        Output(ids.ENTRY_INDICATOR, "value"), ids.ENTRY_STATUS],
                  [ids.ENTRY_UNIT], update_table, states=[ids.ENTRY_INDICATOR])
    follows_shell(  # only for who may record (the entry is not on the page otherwise)
        app, [Output(ids.ENTRY_FIELDS, "hidden"), ids.ENTRY_SCOPE,
              Output(ids.ENTRY_FIELDSET, "disabled")], [ids.ENTRY_INDICATOR],
        lambda indicator, period, lang: entry_scope(database_of(app), plan_code_of(app),
                                                    actor(), indicator, lang,
                                                    valid_period(engine(), period)))

    row_click_chooses(app, ids.ENTRY_GRID, ids.ENTRY_INDICATOR, allow_duplicate=True)

    @app.callback(  # the keyboard: Space on the focused row selects it
        Output(ids.ENTRY_INDICATOR, "value", allow_duplicate=True),
        Input(ids.ENTRY_GRID, "selectedRows"),
        State(ids.ENTRY_INDICATOR, "value"),
        prevent_initial_call=True,
    )
    def choose_selected_row(rows: list[dict[str, Any]] | None, current: str | None) -> Any:
        if not isinstance(rows, list) or not rows or rows[0].get("code") in (None, current):
            raise PreventUpdate  # the chosen row, selected when the table is drawn
        return rows[0]["code"]

    @app.callback(  # choosing an indicator (or a period) starts from its current value
        Output(ids.ENTRY_VALUE, "value"),
        Output(ids.ENTRY_CONFIRM, "value"),
        Output(ids.ENTRY_CONFIRM_REASON, "value"),
        Input(ids.ENTRY_INDICATOR, "value"),
        PERIOD_IN,
        State(ids.LANG, "value"),
    )
    def start_value(indicator: str | None, period: str | None, lang: str | None) -> Any:
        return current_value(engine(), indicator, period, lang), [], ""

    follows_shell(app, [ids.ENTRY_PREVIEW, Output(ids.ENTRY_READING, "options"),
                        Output(ids.ENTRY_READING_BLOCK, "hidden"),
                        Output(ids.ENTRY_CONFIRM_BLOCK, "hidden")],
                  [ids.ENTRY_VALUE, ids.ENTRY_READING, ids.ENTRY_INDICATOR],
                  lambda value, reading, indicator, period, lang: preview(
                      engine(), indicator, period, value, lang, reading),
                  revision=False)

    def save_realization(button: str, indicator: str | None, period: str | None, value: Any,
                         note: str | None, evidence: str | None, upload: str | None,
                         upload_name: str | None, reading: Any, confirm: list[str] | None,
                         reason: str | None, lang: str | None) -> Any:
        # the period as sent: the service refuses one that is not a period of the plan
        said, revision = save(database_of(app), plan_code_of(app), actor(), indicator,
                              period, value, note, evidence, lang,
                              reading=reading, confirmed="yes" in (confirm or []),
                              reason=reason, engine=engine(),
                              submit=button != ids.ENTRY_DRAFT, upload=upload,
                              upload_name=upload_name,
                              limits=settings_of(app).evidence_limits())
        return said, revision, (no_update if revision is no_update else None)

    save_on_click(app, [ids.ENTRY_SAVE, ids.ENTRY_DRAFT], ids.ENTRY_MESSAGE,
                  [ids.ENTRY_INDICATOR, PERIOD_STATE, ids.ENTRY_VALUE, ids.ENTRY_NOTE,
                   ids.ENTRY_EVIDENCE, State(ids.ENTRY_UPLOAD, "contents"),
                   State(ids.ENTRY_UPLOAD, "filename"), ids.ENTRY_READING, ids.ENTRY_CONFIRM,
                   ids.ENTRY_CONFIRM_REASON],
                  save_realization, more=[Output(ids.ENTRY_UPLOAD, "contents")])

    @app.callback(
        Output(ids.ENTRY_UPLOAD_NAME, "children"),
        Input(ids.ENTRY_UPLOAD, "filename"),
        Input(ids.ENTRY_UPLOAD, "contents"),
        LANG_STATE,
    )
    def show_upload(name: str | None, contents: str | None, lang: str | None) -> Any:
        return realisasi.upload_name(name if contents else None, lang or "id")

    save_on_click(app, [ids.ENTRY_CLOSE, ids.ENTRY_REOPEN], ids.ENTRY_PERIOD_MESSAGE,
                  [PERIOD_STATE, ids.ENTRY_REASON],
                  lambda button, period, reason, lang: change_period(
                      database_of(app), plan_code_of(app), actor(), period,
                      "close" if button == ids.ENTRY_CLOSE else "reopen", reason, lang))
    follows_shell(app, [ids.ENTRY_HISTORY], [ids.ENTRY_INDICATOR],
                  lambda indicator, period, lang: history(
                      database_of(app), plan_code_of(app), indicator,
                      valid_period(engine(), period), lang))
