"""Laporan: make a SAKIP document of the chosen unit and year and hand it to the browser —
through services.documents as the signed-in account (who must be allowed to see the unit)."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from dash import ALL, Input, Output, dcc, no_update
from dash.exceptions import PreventUpdate
from ekinerja.callbacks import common
from ekinerja.callbacks.common import (
    LANG_STATE,
    engine_of,
    follows_shell,
    in_service_context,
    on_click,
    save_on_click,
    service_context,
)
from ekinerja.layouts import ids, laporan
from ekinerja.layouts.common import feedback, message

from ekinerja import documents, numbers, permissions
from ekinerja.i18n import language, translator
from ekinerja.messages import N_, InputError, Message
from ekinerja.readmodels.budgets import budget_lines
from ekinerja.readmodels.periods import default_year
from ekinerja.readmodels.scorecard import first_unit, unit_choices
from ekinerja.rollup import Engine
from ekinerja.services import ServiceError, User
from ekinerja.services.agreements import (
    agreement_version,
    agreement_versions,
    freeze_agreement,
    scores_against,
)
from ekinerja.services.budgets import budgets_of, set_budget
from ekinerja.services.documents import make_document
from ekinerja.services.followups import analysis_of
from ekinerja.sources import PlanSource
from ekinerja.storage.database import Database


def layout_params(source: PlanSource, lang: str, user: User | None = None) -> dict[str, Any]:
    """The units (the user's own first chosen), the plan's years and the latest year with
    data."""
    engine = source()
    plan = engine.doc.plan
    units = unit_choices(engine)
    own = user.unit if user is not None and user.unit in {u.code for u in units} else None
    return {"units": units, "unit": own or first_unit(engine),
            "years": list(range(plan.start_year, plan.end_year + 1)),
            "year": default_year(engine),
            "may_freeze": source.database is not None and permissions.may_change_targets(user),
            "today": date.today().isoformat()}


def make(engine: Engine, user: User | None, index: str, unit: str | None, year: int | None,
         lang: str | None, budgets: Any = None, analysis: Any = None) -> tuple[Any, Any]:
    """The download (or no_update) and the message, for a click on a document's button."""
    lang = language(lang)
    kind, suffix = laporan.parse_button_index(index)
    try:
        made = make_document(engine.doc, user, kind, unit or "", int(year or 0), suffix,
                             budgets=budgets, analysis=analysis)
    except ServiceError as exc:
        return no_update, feedback(False, exc.text(lang), lang)
    text = laporan.made_text(made.filename, made.rows, len(made.content), made.seconds, lang)
    return dcc.send_bytes(made.content, made.filename), feedback(True, text, lang)


def versions_of(db: Database | None, user: User | None, plan_code: str | None, engine: Engine,
                unit: str | None, year: int | None, lang: str | None) -> Any:
    """The PK versions of a unit and year with the scores against each (or why not)."""
    lang = language(lang)
    _ = translator(lang)
    if db is None:
        return message(_("PK versions are kept in the database: this app shows a plan file."))
    if not unit or not year:
        raise PreventUpdate
    try:
        versions = agreement_versions(db, user, plan_code, unit, int(year))
        scores = {v.version: scores_against(engine.doc, agreement_version(
            db, user, plan_code, unit, int(year), v.version)) for v in versions}
    except ServiceError as exc:
        return message(exc.text(lang))
    return laporan.versions_view(versions, scores, lang)


@common.saving
def freeze(db: Database, user: User | None, plan_code: str | None, unit: str | None,
           year: int | None, kind: str | None, day: str | None, reason: str | None,
           lang: str) -> str:
    """Freeze the PK as it stands: the message, and the new revision (the list follows)."""
    _ = translator(lang)
    version = freeze_agreement(db, user, plan_code, unit or "", int(year or 0), kind or "",
                               day or "", reason)
    return _("PK {unit} {year}: version {version} frozen.").format(unit=unit, year=year,
                                                                  version=version)


def version_file(db: Database | None, user: User | None, plan_code: str | None,
                 unit: str | None, year: int | None, index: str, lang: str | None
                 ) -> tuple[Any, Any]:
    """One frozen PK version as Word or PDF to download, and what was made."""
    lang = language(lang)
    number, _dot, extension = index.partition(".")
    suffix = f".{extension}"
    if db is None or not unit or not year:
        raise PreventUpdate
    start = time.perf_counter()
    try:
        agreement = agreement_version(db, user, plan_code, unit, int(year), int(number))
        content = documents.render_agreement(agreement, suffix)
    except ServiceError as exc:
        return no_update, feedback(False, exc.text(lang), lang)
    except ValueError as exc:  # a version number or format the page never offers
        return no_update, feedback(False, str(exc), lang)
    name = f"pk-{unit}-{year}-v{number}{suffix}"
    text = laporan.made_text(name, len(agreement.rows), len(content),
                             time.perf_counter() - start, lang)
    return dcc.send_bytes(content, name), feedback(True, text, lang)


def budgets_panel(engine: Engine, db: Database | None, plan_code: str | None,
                  unit: str | None, year: int | None, lang: str | None) -> tuple[Any, Any]:
    """The programs and activities of the unit with their budgets in the year, and the
    form's choices of them."""
    lang = language(lang)
    _ = translator(lang)
    if db is None:
        return message(_("Budgets are kept in the database: this app shows a plan file.")), []
    if not unit or not year:
        raise PreventUpdate
    lines = budget_lines(engine, unit, int(year), budgets_of(db, plan_code))
    options = [{"label": f"{line.code} — {line.name}", "value": line.code} for line in lines]
    return laporan.budgets_view(lines, int(year), lang), options


@common.saving
def save_budget(db: Database, user: User | None, plan_code: str | None,
                objective: str | None, year: int | None, amount: Any, realization: Any,
                lang: str) -> str:
    """Store a program's budget typed on the page (numbers in the reader's format) through the
    service as the signed-in user: the message, and the new revision (the table follows)."""
    _ = translator(lang)
    if not objective or not year:
        common.refuse(N_("Choose a program or activity."))
    value = typed_amount(amount, _("Budget (Rp)"), lang, required=True)
    spent = typed_amount(realization, _("Realization (Rp)"), lang, required=False)
    set_budget(db, user, plan_code, objective, int(year), value, spent)  # type: ignore[arg-type]
    return _("Budget of {code} in {year} saved.").format(code=objective, year=year)


def typed_amount(text: Any, place: str, lang: str, *, required: bool) -> float | None:
    """An amount typed in the reader's number format (ekinerja.numbers); None when blank and
    not required; InputError naming its field otherwise."""
    parsed = numbers.parse_number(text, lang)
    if parsed.status == "empty" and not required:
        return None
    if not parsed.ok:
        raise InputError(parsed.message or Message(N_("Enter a number.")), place)
    return parsed.value


def register(app: Any) -> None:
    """A document's button makes it and downloads it (progress shown while it runs); the
    versions of the performance agreement, the budgets and their writes."""

    def make_and_download(button: dict[str, Any], unit: str | None, year: int | None,
                          lang: str | None) -> Any:
        db, user, plan_code = service_context(app)
        budgets = budgets_of(db, plan_code) if db is not None else None
        analysis = (analysis_of(db, plan_code, int(year)) if db is not None and year
                    else None)
        return make(engine_of(app), user, button["index"], unit, year, lang, budgets,
                    analysis)

    def budgets(part: int) -> Any:
        """One part of the budgets panel (the table, the objectives to choose) as a view."""
        def view(*args: Any) -> Any:
            unit, year, lang = args[-3:]
            db, _user, plan_code = service_context(app)
            return budgets_panel(engine_of(app), db, plan_code, unit, year, lang)[part]
        return view

    chosen = [ids.REPORT_UNIT, ids.REPORT_YEAR]
    on_click(app, {"type": ids.REPORT_MAKE, "index": ALL},
             [Output(ids.REPORT_DOWNLOAD, "data"), ids.REPORT_STATUS], [*chosen, LANG_STATE],
             make_and_download,
             running=[
                 (Output(ids.REPORT_PROGRESS, "style"), {"display": "block"},
                  {"display": "none"}),
             ])
    follows_shell(app, [ids.PK_VERSIONS], chosen,
                  lambda unit, year, lang: versions_of(*service_context(app), engine_of(app),
                                                       unit, year, lang),
                  period=False)
    follows_shell(app, [ids.BUDGET_TABLE], chosen, budgets(0), period=False)
    follows_shell(app, [Output(ids.BUDGET_OBJECTIVE, "options")],
                  # only where the form is (who may enter budgets)
                  [Input(ids.BUDGET_FORM, "id"), *chosen], budgets(1), period=False,
                  revision=False)
    save_on_click(app, ids.BUDGET_SAVE, ids.BUDGET_MESSAGE,
                  [ids.BUDGET_OBJECTIVE, ids.REPORT_YEAR, ids.BUDGET_AMOUNT,
                   ids.BUDGET_REALIZATION], in_service_context(app, save_budget))
    save_on_click(app, ids.PK_FREEZE, ids.PK_FREEZE_MESSAGE,
                  [*chosen, ids.PK_FREEZE_KIND, ids.PK_FREEZE_DATE, ids.PK_FREEZE_REASON],
                  in_service_context(app, freeze))
    on_click(app, {"type": ids.PK_VERSION_GET, "index": ALL},
             [Output(ids.REPORT_DOWNLOAD, "data", allow_duplicate=True),
              Output(ids.REPORT_STATUS, "children", allow_duplicate=True)],
             [*chosen, LANG_STATE],
             lambda button, unit, year, lang: version_file(*service_context(app), unit, year,
                                                           button["index"], lang))
