"""LKE: the evaluator's answers, findings and follow-up through services.lke as the signed-in
account (which refuses anyone but the evaluator and admins); everyone reads the values."""

from __future__ import annotations

from typing import Any

from dash import Output, no_update
from dash.exceptions import PreventUpdate
from ekinerja.callbacks import common
from ekinerja.callbacks.common import (
    LANG_STATE,
    engine_of,
    follows,
    follows_shell,
    in_service_context,
    save_on_click,
    service_context,
    values_of,
)
from ekinerja.layouts import ids
from ekinerja.layouts import lke as page
from ekinerja.layouts.common import message

from ekinerja import lke, lke_evidence, permissions
from ekinerja.i18n import N_, language, translator
from ekinerja.readmodels.periods import default_year
from ekinerja.readmodels.scorecard import unit_choices
from ekinerja.rollup import Engine
from ekinerja.services import ServiceError, User
from ekinerja.services import lke as evaluations
from ekinerja.sources import PlanSource
from ekinerja.storage.database import Database
from ekinerja.units import region_unit


def layout_params(source: PlanSource, lang: str, user: User | None = None) -> dict[str, Any]:
    """Units (the user's own, else the region, first chosen), years, and what the user may."""
    engine = source()
    doc = engine.doc
    units = unit_choices(engine)
    codes = {u.code for u in units}
    region = region_unit(doc)
    own = user.unit if user is not None and user.unit in codes else None
    default = own or (region.code if region is not None else (units[0].code if units else None))
    return {"units": units, "unit": default,
            "years": list(range(doc.plan.start_year, doc.plan.end_year + 1)),
            "year": default_year(engine),
            "may_answer": permissions.may_answer_lke(user),
            "has_database": source.database is not None,
            "statuses": evaluations.STATUSES}


def _proposals(engine: Engine, unit: str, year: int) -> dict[str, lke_evidence.Proposal]:
    return {p.criterion: p for p in lke_evidence.proposals(engine.doc, unit, year)}


def render(db: Database | None, user: User | None, plan_code: str | None, engine: Engine,
           unit: str | None, year: int | None, lang: str | None) -> tuple[Any, Any, Any, Any]:
    """Summary (values, grade, trend), every criterion, the findings and their options."""
    lang = language(lang)
    if db is None or not unit or not year:
        raise PreventUpdate
    try:
        evaluation = evaluations.evaluation(db, user, plan_code, unit, int(year))
        trend = evaluations.trend(db, user, plan_code, unit)
        found = evaluations.findings(db, user, plan_code, unit, int(year))
    except ServiceError as exc:
        shown = message(exc.text(lang))
        return shown, shown, shown, []
    return (page.summary(evaluation.result, trend, lang),
            page.answers_table(evaluation.answers, _proposals(engine, unit, int(year)), lang),
            page.findings_list(found, lang), page.finding_options(found))


def choose(db: Database | None, user: User | None, plan_code: str | None, engine: Engine,
           criterion: str | None, unit: str | None, year: int | None, lang: str | None
           ) -> tuple[Any, Any, Any, Any]:
    """A criterion's text, answer and proposal; the form filled with the stored answer (else
    the proposal's), note and evidence."""
    lang = language(lang)
    if db is None or not unit or not year or criterion not in lke.criteria():
        raise PreventUpdate
    try:
        stored = evaluations.evaluation(db, user, plan_code, unit, int(year)).answers
    except ServiceError as exc:
        return message(exc.text(lang)), no_update, no_update, no_update
    current = stored.get(criterion)
    proposal = _proposals(engine, unit, int(year)).get(criterion)
    info = page.criterion_info(lke.criteria()[criterion], current, proposal, lang)
    answer = (current.answer if current is not None and current.answer
              else proposal.answer if proposal is not None else page.NONE)
    return (info, answer, current.note if current is not None else "",
            current.evidence if current is not None else "")


@common.saving
def save_answer(db: Database, user: User | None, plan_code: str | None, unit: str | None,
                year: int | None, criterion: str | None, answer: str | None, note: str | None,
                evidence: str | None, lang: str) -> str:
    """Store the answer: the message and the new revision (the page follows)."""
    _ = translator(lang)
    evaluations.record_answer(db, user, plan_code, unit or "", int(year or 0), criterion or "",
                              None if answer == page.NONE else answer, note, evidence)
    return _("Answer to {criterion} saved.").format(criterion=criterion)


@common.saving
def add_finding(db: Database, user: User | None, plan_code: str | None, unit: str | None,
                year: int | None, criterion: str | None, text: str | None,
                advice: str | None, lang: str) -> str:
    """Record a finding: the message and the new revision."""
    _ = translator(lang)
    found = evaluations.add_finding(db, user, plan_code, unit or "", int(year or 0), criterion,
                                    text or "", advice or "")
    return _("Finding #{id} added.").format(id=found)


@common.saving
def save_follow_up(db: Database, user: User | None, plan_code: str | None,
                   finding: int | None, status: str | None, text: str | None,
                   lang: str) -> str:
    """Change a finding's follow-up: the message and the new revision."""
    _ = translator(lang)
    if finding is None:
        common.refuse(N_("Choose a finding."))
    evaluations.follow_up(db, user, plan_code, int(finding), status or "", text)
    return _("Follow-up of #{id} saved.").format(id=finding)


def register(app: Any) -> None:
    """Render on unit, year, language and revision; choose a criterion; the three writes."""

    follows_shell(app, [ids.LKE_SUMMARY, ids.LKE_ANSWERS, ids.LKE_FINDINGS,
                        Output(ids.LKE_FOLLOW_FINDING, "options")],
                  [ids.LKE_UNIT, ids.LKE_YEAR],
                  lambda unit, year, lang: render(*service_context(app), engine_of(app), unit,
                                                  year, lang),
                  period=False)

    def chosen(criterion: str | None, unit: str | None, year: int | None,
               lang: str | None) -> Any:
        return choose(*service_context(app), engine_of(app), criterion, unit, year, lang)

    answer = (ids.LKE_ANSWER, ids.LKE_NOTE, ids.LKE_EVIDENCE)  # the answer in force, to edit
    follows(app, [ids.LKE_CRITERION_INFO, *values_of(*answer)],
            [ids.LKE_CRITERION, ids.LKE_UNIT, ids.LKE_YEAR], chosen, [LANG_STATE])

    save_on_click(app, ids.LKE_SAVE, ids.LKE_MESSAGE,
                  [ids.LKE_UNIT, ids.LKE_YEAR, ids.LKE_CRITERION, ids.LKE_ANSWER, ids.LKE_NOTE,
                   ids.LKE_EVIDENCE], in_service_context(app, save_answer))
    save_on_click(app, ids.LKE_FINDING_ADD, ids.LKE_FINDING_MESSAGE,
                  [ids.LKE_UNIT, ids.LKE_YEAR, ids.LKE_FINDING_CRITERION, ids.LKE_FINDING_TEXT,
                   ids.LKE_FINDING_ADVICE], in_service_context(app, add_finding))
    save_on_click(app, ids.LKE_FOLLOW_SAVE, ids.LKE_FOLLOW_MESSAGE,
                  [ids.LKE_FOLLOW_FINDING, ids.LKE_FOLLOW_STATUS, ids.LKE_FOLLOW_TEXT],
                  in_service_context(app, save_follow_up))
