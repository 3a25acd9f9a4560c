"""SKP ratings (docs/skp.md): who may rate whom, the reason a differing rating needs, the history
every rating leaves, and the SKP of a period with the ratings in force."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from ekinerja import permissions as policy
from ekinerja import skp
from ekinerja.messages import N_, Message
from ekinerja.model import RATINGS, SkpRating, UnitPredikat
from ekinerja.services import audit
from ekinerja.services.access import Action, User, may_on, refuse, require, unit_scope
from ekinerja.services.engine_cache import load_engine
from ekinerja.services.errors import EMPLOYEE_NOT_FOUND, NotFound, ServiceError
from ekinerja.services.inputs import NOTE, REASON
from ekinerja.services.organisation import period_end
from ekinerja.services.periods import check_period
from ekinerja.services.plans import plan_row
from ekinerja.storage import changes, repository, structure
from ekinerja.storage import organisation as organisation_store
from ekinerja.storage import skp as stored
from ekinerja.storage.database import Database, read_revision, utc

BERAKHLAK_CODES: tuple[str, ...] = tuple(code for code, _label in skp.BERAKHLAK)
MAX_TEXT = 4_000  # characters of a reason, a note or the feedback


@dataclass(frozen=True)
class RatingEntry:
    """One rating of an employee in a period as stored: in force or replaced (history)."""

    employee: str
    period: str
    work: str | None
    behaviour: str
    reason: str | None
    notes: dict[str, str]
    feedback: str | None
    author: str | None
    recorded_at: Any
    superseded: bool


def _entry(row: Any) -> RatingEntry:
    return RatingEntry(row.employee, row.period, row.work, row.behaviour, row.reason,
                       dict(row.notes or {}), row.feedback, row.author, utc(row.recorded_at),
                       bool(row.superseded))


def _rating(value: str | None, what: Message, optional: bool) -> str | None:
    if value is None and optional:
        return None
    if value not in RATINGS:
        raise ServiceError(Message(N_("{what} must be one of: {choices} ({value})"), {
            "what": what, "choices": ", ".join(RATINGS), "value": repr(value)}))
    return value


def _text(value: str | None, what: Message) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ServiceError(Message(N_("{what} must be text"), {"what": what}))
    value = value.strip()
    if len(value) > MAX_TEXT:
        raise ServiceError(Message(N_("{what} is too long (at most {limit} characters)"),
                                   {"what": what, "limit": str(MAX_TEXT)}))
    return value or None


def _notes(notes: dict[str, str] | None) -> dict[str, str]:
    """The BerAKHLAK notes without empty ones; ServiceError on a value that is not one."""
    kept: dict[str, str] = {}
    for code, note in (notes or {}).items():
        if code not in BERAKHLAK_CODES:
            raise ServiceError(Message(N_('unknown BerAKHLAK value: "{code}" ({codes})'),
                                       {"code": code, "codes": ", ".join(BERAKHLAK_CODES)}))
        text = _text(note, Message(N_("note {code}"), {"code": code}))
        if text:
            kept[code] = text
    return {code: kept[code] for code in BERAKHLAK_CODES if code in kept}


def rate_employee(
    db: Database,
    user: User | None,
    plan_code: str | None,
    employee: str,
    period: str,
    *,
    behaviour: str,
    work: str | None = None,
    reason: str | None = None,
    notes: dict[str, str] | None = None,
    feedback: str | None = None,
) -> int:
    """Set an employee's SKP ratings for a period; the rating replaced stays as history.
    Returns the new revision.

    The user must be allowed to rate the employee (permissions.may_rate_skp: a head, for the
    employees of their unit's subtree other than themselves; an admin). `work` None lets the
    proposal stand; a work rating other than the one that would stand without it (the proposal,
    or a head's rating from the unit predikat) needs a `reason`. `notes` holds a note per
    BerAKHLAK value; `feedback` is what the employee reads.
    """
    user = require(user, Action.RATE_SKP, employee)
    behaviour = _rating(behaviour, Message(N_("behaviour rating")), False)  # type: ignore[assignment]
    work = _rating(work, Message(N_("work rating")), True)
    reason = _text(reason, REASON)
    feedback = _text(feedback, Message(N_("feedback")))
    kept_notes = _notes(notes)
    engine = load_engine(db, plan_code)
    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        period = check_period(plan, period)
        problem = skp.cadence_problem(period, _cadence(plan))
        if problem is not None:
            raise ServiceError(problem)
        row = stored.find_employee(conn, plan.id, employee)
        if row is None:
            raise NotFound(Message(EMPLOYEE_NOT_FOUND, {"employee": employee}))
        if not policy.may_rate_skp(user, employee, row.unit, unit_scope(conn, plan.id, user)):
            raise refuse(user, Action.RATE_SKP, employee)
        predikats = [UnitPredikat(*r) for r in stored.current_unit_predikat(conn, plan.id, period)]
        result = skp.evaluate(engine, period, [], predikats, _holders(conn, plan.id, period))
        standing = result.employees[employee].unset_work if employee in result.employees else None
        if work is not None and standing is not None and work != standing and not reason:
            raise ServiceError(Message(N_("a reason is required when the work rating differs "
                                          "from the proposal ({standing})"),
                                       {"standing": standing}))
        current = stored.current_rating(conn, plan.id, employee, period)
        new = {"employee": employee, "period": period, "behaviour": behaviour, "work": work,
               "reason": reason, "notes": kept_notes or None, "feedback": feedback}
        stored.replace_rating(conn, plan.id, current, new, user.username)
        old = None if current is None else {k: current._mapping[k] for k in new}
        action = "add" if current is None else "update"
        shown = {k: v for k, v in new.items() if k not in ("employee", "period")}
        old_shown = None if old is None else {k: old[k] for k in shown}
        audit.record(conn, user, plan.code, "skp_rating", f"{employee}@{period}", action,
                     old_shown, shown, reason)
        return read_revision(conn)


def _cadence(plan: Any) -> str | None:
    """The SKP cadence of a plan row (None: not set)."""
    value = ((plan.settings or {}).get("skp") or {}).get("cadence")
    return value if isinstance(value, str) else None


def skp_cadence(db: Database, plan_code: str | None = None) -> str | None:
    """The plan's SKP cadence: `monthly`, `quarterly`, or None while not set."""
    with db.read() as conn:
        return _cadence(plan_row(conn, plan_code))


def set_skp_cadence(db: Database, user: User | None, plan_code: str | None,
                    cadence: str) -> int:
    """Set the plan's cadence of periodic SKP ratings (`monthly` or `quarterly`), a database
    plan setting (the plan file format has none; an import keeps it); planners and admins
    (permissions.may_manage_skp). Audited; returns the new revision."""
    user = require(user, Action.MANAGE_SKP, "SKP")
    if cadence not in skp.CADENCES:
        raise ServiceError(Message(N_("the SKP cadence must be one of: {choices} ({value})"),
                                   {"choices": ", ".join(skp.CADENCES), "value": repr(cadence)}))
    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        old = _cadence(plan)
        if old == cadence:
            return read_revision(conn)
        settings = dict(plan.settings or {})
        settings["skp"] = {**(settings.get("skp") or {}), "cadence": cadence}
        repository.update_plan(conn, plan.id, settings=settings)
        audit.record(conn, user, plan.code, "plan", plan.code, "update",
                     {"settings.skp.cadence": old}, {"settings.skp.cadence": cadence})
        changes.record(conn, plan.code, changes.RELOAD)
        return read_revision(conn)


# ----------------------------------------------------------------- organisation predikat
@dataclass(frozen=True)
class PredikatEntry:
    """One organisation predikat of a unit as stored: in force or replaced (history)."""

    unit: str
    period: str
    predikat: str
    author: str | None
    recorded_at: Any
    superseded: bool


def set_unit_predikat(db: Database, user: User | None, plan_code: str | None, unit: str,
                      year: int | str, predikat: str | None) -> int:
    """Set (None: clear) a unit's organisation predikat for a year (docs/skp.md); the one
    replaced stays as history. Planners and admins (permissions.may_manage_skp); one audited
    transaction. Returns the new revision."""
    user = require(user, Action.MANAGE_SKP, f"{unit}/{year}")
    if predikat is not None and predikat not in skp.UNIT_PREDIKAT_LABELS:
        raise ServiceError(Message(
            N_("the organisation predikat must be one of: {choices} ({value})"),
            {"choices": ", ".join(skp.UNIT_PREDIKAT_LABELS), "value": repr(predikat)}))
    text = str(year).strip()
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        raise ServiceError(Message(N_("invalid year: {year} (YYYY)"), {"year": repr(str(year))}))
    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        period = check_period(plan, text)
        if unit not in dict(structure.unit_parents(conn, plan.id)):
            raise NotFound(Message(N_('unit not found: "{unit}"'), {"unit": unit}))
        old = stored.replace_unit_predikat(conn, plan.id, unit, period, predikat,
                                           user.username)
        if old is None and predikat is None:
            return read_revision(conn)
        action = "add" if old is None else "remove" if predikat is None else "update"
        audit.record(conn, user, plan.code, "unit_predikat", f"{unit}@{period}", action,
                     None if old is None else {"predikat": old.predikat},
                     None if predikat is None else {"predikat": predikat})
        return read_revision(conn)


def unit_predikat_history(db: Database, plan_code: str | None, unit: str
                          ) -> list[PredikatEntry]:
    """Every organisation predikat of a unit, oldest first, replaced ones included."""
    with db.read() as conn:
        plan = plan_row(conn, plan_code)
        rows = stored.unit_predikat_entries(conn, plan.id, unit)
    return [PredikatEntry(r.unit, r.period, r.predikat, r.author, utc(r.recorded_at),
                          bool(r.superseded)) for r in rows]


def may_rate(db: Database, user: User | None, plan_code: str | None, employee: str) -> bool:
    """Whether `user` may rate an employee (the check `rate_employee` makes; False when the
    employee is unknown), for pages that offer the rating form only where allowed."""
    return may_on(db, user, plan_code, Action.RATE_SKP,
                  lambda conn, plan_id: stored.find_employee(conn, plan_id, employee),
                  lambda conn, user, plan, row: policy.may_rate_skp(
                      user, employee, row.unit, unit_scope(conn, plan.id, user)))


def skp_result(
    db: Database, plan_code: str | None, period: str, pending: SkpRating | None = None
) -> skp.SkpResult:
    """The SKP of a period with the ratings and unit predikat in force in the database; with
    `pending`, as it would be with that rating too (what a page previews, nothing written)."""
    engine = load_engine(db, plan_code)
    period, ratings, predikats, holders = skp_inputs(db, plan_code, period, pending)
    return skp.evaluate(engine, period, ratings, predikats, holders)


def skp_inputs(db: Database, plan_code: str | None, period: str,
               pending: SkpRating | None = None, employee: str | None = None
               ) -> tuple[str, list[SkpRating], list[UnitPredikat], dict[str, str]]:
    """The period (canonical) and what its SKP is computed from besides the plan: the ratings
    in force (only `employee`'s when given; `pending` in place of its employee's), the unit
    predikat in force and who held each objective handed over (skp.evaluate's `holders`)."""
    with db.read() as conn:
        plan = plan_row(conn, plan_code)
        period = check_period(plan, period)
        rows = (stored.current_ratings(conn, plan.id, period) if employee is None else
                [r for r in [stored.current_rating(conn, plan.id, employee, period)] if r])
        ratings = [SkpRating(r.employee, r.period, r.behaviour, r.work) for r in rows]
        predikats = [UnitPredikat(*r) for r in stored.current_unit_predikat(conn, plan.id, period)]
        holders = _holders(conn, plan.id, period)
    if pending is not None:
        ratings = [r for r in ratings if r.employee != pending.employee] + [pending]
    return period, ratings, predikats, holders


def _holders(conn: Connection, plan_id: int, period: str) -> dict[str, str]:
    """Who held each objective handed over in a succession at the end of `period`
    (docs/organisation.md): the SKP of a past period stays with whoever held the RHK then."""
    return organisation_store.holders_on(conn, plan_id, period_end(period))


def skp_rating(
    db: Database, plan_code: str | None, employee: str, period: str
) -> RatingEntry | None:
    """The rating in force of an employee in a period (with notes, reason, feedback), or None."""
    with db.read() as conn:
        plan = plan_row(conn, plan_code)
        row = stored.current_rating(conn, plan.id, employee, check_period(plan, period))
    return None if row is None else _entry(row)


def rating_history(
    db: Database, plan_code: str | None, employee: str, period: str
) -> list[RatingEntry]:
    """Every rating of an employee in a period, oldest first, replaced ones included."""
    with db.read() as conn:
        plan = plan_row(conn, plan_code)
        rows = stored.rating_entries(conn, plan.id, employee, check_period(plan, period))
    return [_entry(row) for row in rows]


# ----------------------------------------------------------------- the employee's own notes
def write_skp_note(
    db: Database, user: User | None, plan_code: str | None, employee: str, period: str,
    note: str,
) -> int:
    """Write an employee's own note on their SKP of a period (the employee themselves, or an
    admin: permissions.may_write_skp_note); the note replaced stays as history. Returns the
    new revision."""
    user = require(user, Action.WRITE_SKP_NOTE, employee)
    if not policy.may_write_skp_note(user, employee):
        raise refuse(user, Action.WRITE_SKP_NOTE, employee)
    text = _text(note, NOTE)
    if not text:
        raise ServiceError(Message(N_("the note is empty")))
    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        period = check_period(plan, period)
        if stored.find_employee(conn, plan.id, employee) is None:
            raise NotFound(Message(EMPLOYEE_NOT_FOUND, {"employee": employee}))
        current = stored.replace_note(conn, plan.id, employee, period, text, user.username)
        old = None if current is None else {"note": current.note}
        audit.record(conn, user, plan.code, "skp_note", f"{employee}@{period}",
                     "add" if current is None else "update", old, {"note": text})
        return read_revision(conn)


def skp_notes(db: Database, plan_code: str | None, employee: str, period: str
              ) -> list[dict[str, Any]]:
    """An employee's notes on their SKP of a period, oldest first: note, author, recorded_at,
    superseded (the last one not superseded is in force)."""
    with db.read() as conn:
        plan = plan_row(conn, plan_code)
        rows = stored.note_entries(conn, plan.id, employee, check_period(plan, period))
    return [{"note": r.note, "author": r.author, "recorded_at": utc(r.recorded_at),
             "superseded": bool(r.superseded)} for r in rows]
