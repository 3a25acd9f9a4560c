"""The LKE of a unit (each Perangkat Daerah's internal evaluation) or of the region, year by
year: the evaluator's answers with note and evidence, the values and grade (ekinerja.lke),
findings with recommendations and their follow-up, and the trend over the years.

Only who may answer the LKE (the evaluator, admins) changes anything, each change in one
audited transaction; everyone signed in reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row

from ekinerja import lke
from ekinerja import permissions as policy
from ekinerja.messages import N_, Message
from ekinerja.services import audit
from ekinerja.services.access import Action, User, require
from ekinerja.services.errors import Joined, NotFound, PermissionDenied, ServiceError
from ekinerja.services.plans import plan_row
from ekinerja.storage import lke as stored
from ekinerja.storage import structure
from ekinerja.storage.database import Database, utc

STATUSES = ("open", "in_progress", "done")
STATUS_LABELS = {"open": N_("open"), "in_progress": N_("in progress"), "done": N_("done")}
UNKNOWN_CRITERION = N_('unknown criterion "{criterion}"')


@dataclass(frozen=True)
class StoredAnswer:
    """One criterion's answer (None: not answered yet), note and evidence link."""

    criterion: str
    answer: str | None
    note: str | None
    evidence: str | None
    author: str
    at: datetime


@dataclass(frozen=True)
class Evaluation:
    """A unit's LKE of a year: its answers and the values and grade they give."""

    unit: str
    year: int
    answers: dict[str, StoredAnswer]
    result: lke.Result

    def document(self) -> dict[str, Any]:
        """The answers as an `ekinerja-lke/1` document (what `ekinerja lke` reads)."""
        return {"format": lke.FORMAT,
                "answers": {c: a.answer for c, a in self.answers.items() if a.answer}}


@dataclass(frozen=True)
class Finding:
    """A finding, its recommendation and the follow-up."""

    id: int
    criterion: str | None
    finding: str
    recommendation: str
    status: str
    follow_up: str | None
    author: str
    at: datetime


def _may_see(user: User | None, unit: str) -> None:
    if not policy.may_see_unit(user, unit):
        raise PermissionDenied(policy.see_refusal(user, unit))


def _check_scope(conn: Connection, plan: Row[Any], unit: str, year: int) -> None:
    problems = []
    if unit not in {code for code, _parent in structure.unit_parents(conn, plan.id)}:
        problems.append(Message(N_('unknown unit "{unit}"'), {"unit": unit}))
    if not plan.start_year <= year <= plan.end_year:
        problems.append(Message(N_("year {year} outside the plan years {start}–{end}"), {
            "year": str(year), "start": str(plan.start_year), "end": str(plan.end_year)}))
    if problems:
        raise ServiceError(Joined("", parts=tuple(problems)))


def _clean(text: str | None) -> str | None:
    return text.strip() if text and text.strip() else None


def _evidence(link: str | None) -> str | None:
    link = _clean(link)
    if link is not None and not link.startswith(("https://", "http://", "/")):
        raise ServiceError(Message(N_("evidence must be a link (https://… or /page): {link}"),
                                   {"link": repr(link)}))
    return link


def _answer(criterion: str, answer: str | None) -> str | None:
    if criterion not in lke.criteria():
        raise ServiceError(Message(UNKNOWN_CRITERION, {"criterion": criterion}))
    answer = _clean(answer)
    if answer is not None and answer not in lke.ANSWER_VALUES:
        raise ServiceError(Message(N_('unknown answer "{answer}" ({answers})'),
                                   {"answer": answer, "answers": ", ".join(lke.ANSWER_VALUES)}))
    return answer


def record_answer(db: Database, user: User | None, plan_code: str | None, unit: str, year: int,
                  criterion: str, answer: str | None, note: str | None = None,
                  evidence: str | None = None) -> None:
    """Set (or clear, with None) the answer to one criterion, with its note and evidence."""
    user = require(user, Action.ANSWER_LKE, f"LKE {unit} {year} {criterion}")
    answer = _answer(criterion, answer)
    note, link = _clean(note), _evidence(evidence)
    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        _check_scope(conn, plan, unit, year)
        old = stored.find_answer(conn, plan.id, unit, year, criterion)
        stored.put_answer(conn, plan.id, unit, year, criterion, answer, note, link,
                          user.username)
        before = None if old is None else {"answer": old.answer, "note": old.note,
                                           "evidence": old.evidence}
        audit.record(conn, user, plan.code, "lke", f"{unit}/{year}/{criterion}", "answer",
                     before, {"answer": answer, "note": note, "evidence": link})


def _stored_answers(rows: list[Row[Any]]) -> dict[str, StoredAnswer]:
    order = list(lke.criteria())
    found = {r.criterion: StoredAnswer(r.criterion, r.answer, r.note, r.evidence, r.author,
                                       utc(r.at)) for r in rows}
    return {c: found[c] for c in order if c in found}


def _result(answers: dict[str, StoredAnswer]) -> lke.Result:
    return lke.evaluate({c: a.answer for c, a in answers.items()
                         if c in lke.criteria() and a.answer in lke.ANSWER_VALUES})


def evaluation(db: Database, user: User | None, plan_code: str | None, unit: str, year: int
               ) -> Evaluation:
    """A unit's LKE of a year (no answers yet: every value 0, grade D)."""
    _may_see(user, unit)
    with db.read() as conn:
        plan = plan_row(conn, plan_code)
        _check_scope(conn, plan, unit, year)
        answers = _stored_answers(stored.answers(conn, plan.id, unit, year))
    return Evaluation(unit, year, answers, _result(answers))


def trend(db: Database, user: User | None, plan_code: str | None, unit: str
          ) -> list[tuple[int, float, str]]:
    """(year, total, grade) of every year with answers, oldest first."""
    _may_see(user, unit)
    with db.read() as conn:
        years = stored.answered_years(conn, plan_row(conn, plan_code).id, unit)
    result = []
    for year, rows in years.items():
        value = _result(_stored_answers(rows))
        result.append((year, float(value.total), value.grade))
    return result


def add_finding(db: Database, user: User | None, plan_code: str | None, unit: str, year: int,
                criterion: str | None, finding: str, recommendation: str) -> int:
    """Record a finding and its recommendation (status open); its id."""
    user = require(user, Action.ANSWER_LKE, f"LKE {unit} {year}")
    criterion = _clean(criterion)
    if criterion is not None and criterion not in lke.criteria():
        raise ServiceError(Message(UNKNOWN_CRITERION, {"criterion": criterion}))
    text, advice = _clean(finding), _clean(recommendation)
    if text is None or advice is None:
        raise ServiceError(Message(N_("a finding and a recommendation are required")))
    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        _check_scope(conn, plan, unit, year)
        found = stored.add_finding(conn, plan.id, unit, year, criterion, text, advice,
                                   user.username)
        audit.record(conn, user, plan.code, "lke_finding", str(found), "add", None,
                     {"unit": unit, "year": year, "criterion": criterion, "finding": text,
                      "recommendation": advice})
        return found


def follow_up(db: Database, user: User | None, plan_code: str | None, finding_id: int,
              status: str, text: str | None = None) -> None:
    """Set a finding's follow-up status (open, in_progress, done) and what was done."""
    user = require(user, Action.ANSWER_LKE, Message(N_("finding {id}"), {"id": str(finding_id)}))
    if status not in STATUSES:
        raise ServiceError(Message(N_('unknown status "{status}" ({statuses})'),
                                   {"status": status, "statuses": ", ".join(STATUSES)}))
    note = _clean(text)
    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        row = stored.find_finding(conn, plan.id, finding_id)
        if row is None:
            raise NotFound(Message(N_("no finding {id}"), {"id": str(finding_id)}))
        stored.set_follow_up(conn, finding_id, status, note)
        audit.record(conn, user, plan.code, "lke_finding", str(finding_id), "follow_up",
                     {"status": row.status, "follow_up": row.follow_up},
                     {"status": status, "follow_up": note})


def findings(db: Database, user: User | None, plan_code: str | None, unit: str, year: int
             ) -> list[Finding]:
    """The findings of a unit's LKE of a year, oldest first."""
    _may_see(user, unit)
    with db.read() as conn:
        rows = stored.findings(conn, plan_row(conn, plan_code).id, unit, year)
    return [Finding(r.id, r.criterion, r.finding, r.recommendation, r.status, r.follow_up,
                    r.author, utc(r.at)) for r in rows]
