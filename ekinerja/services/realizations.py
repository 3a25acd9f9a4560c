"""Recording realizations: who may, into which periods, and the history every entry leaves."""

from __future__ import annotations

from typing import Any

from ekinerja.messages import Message
from ekinerja.periods import parse_period
from ekinerja.services import audit
from ekinerja.services.access import Action, User, may_record, refuse, require
from ekinerja.services.errors import NotFound
from ekinerja.services.evidence import EVIDENCE_NOT_FOUND, EvidenceLimits, Upload, check_upload
from ekinerja.services.inputs import EVIDENCE, NOTE, REALIZATION, number, text
from ekinerja.services.periods import check_period, refuse_closed
from ekinerja.services.plans import plan_row
from ekinerja.services.structure import (
    existing_indicator,
    existing_objective,
    may_on_indicator,
)
from ekinerja.storage import changes
from ekinerja.storage import realizations as stored
from ekinerja.storage.database import Database, read_revision, utc


def record_realization(
    db: Database,
    user: User | None,
    plan_code: str | None,
    indicator: str,
    period: str,
    value: float,
    *,
    note: str | None = None,
    evidence: str | None = None,
    reason: str | None = None,
    submit: bool = True,
    evidence_file: int | None = None,
    upload: Upload | None = None,
    limits: EvidenceLimits | None = None,
) -> int:
    """Record a realization; a replaced entry is kept as history. Returns the new revision.

    ``reason``: why the value is right although it looked implausible (far from its target,
    negative, a percentage above 100), kept in the audit record.

    The new entry is `submitted` (`submit`, the default) or a `draft` (docs/workflow.md); a
    rejected or verified value is corrected this way too and waits for verification again.
    `upload` is an evidence file, checked against `limits` (type from its content, size)
    before anything is written and stored with the entry; `evidence_file` names a stored file
    instead; with neither, a correction keeps the file of the entry it replaces. The user must
    be allowed on the indicator's objective (permissions.may_record: an operator in their
    unit's subtree, an employee on their own RHK) and the period, inside the plan's years,
    must be open.
    """
    user = require(user, Action.RECORD_REALIZATION, indicator)
    value = number(value, REALIZATION)
    note = text(note, "note", NOTE)
    evidence = text(evidence, "url", EVIDENCE)
    checked = None if upload is None else check_upload(upload, limits)
    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        period = check_period(plan, period)
        row = existing_indicator(conn, plan.id, indicator)
        if not may_record(conn, user, plan.id, existing_objective(conn, plan.id, row.objective)):
            raise refuse(user, Action.RECORD_REALIZATION, indicator)
        refuse_closed(conn, plan.id, period)
        current = stored.current_realization(conn, plan.id, indicator, period)
        if evidence_file is not None and stored.evidence_file(conn, plan.id,
                                                              evidence_file) is None:
            raise NotFound(Message(EVIDENCE_NOT_FOUND, {"id": str(evidence_file)}))
        if checked is not None:
            evidence_file = stored.add_evidence_file(
                conn, plan.id, name=checked.name, content_type=checked.content_type,
                data=checked.data, sha256=checked.sha256, uploaded_by=user.username)
        elif evidence_file is None and current is not None:
            evidence_file = current.evidence_file_id
        if current is not None:
            stored.supersede_realization(conn, current.id)
        status = "submitted" if submit else "draft"
        stored.add_realization(
            conn,
            plan.id,
            indicator,
            period,
            value,
            seq=None if current is None else current.seq,
            note=note,
            evidence=evidence,
            author=user.username,
            status=status,
            evidence_file_id=evidence_file,
        )
        old = (
            None
            if current is None
            else {"value": current.value, "note": current.note, "evidence": current.evidence,
                  "status": current.status, "evidence_file": current.evidence_file_id}
        )
        new = {"value": value, "note": note, "evidence": evidence, "status": status,
               "evidence_file": evidence_file}
        if checked is not None:
            new |= {"file_name": checked.name, "file_sha256": checked.sha256}
        action = "add" if current is None else "update"
        key = f"{indicator}@{period}"
        audit.record(conn, user, plan.code, "realization", key, action, old, new,
                     (reason or "").strip() or None)
        changes.record(conn, plan.code, changes.REALIZATIONS,
                       [(indicator, period, value, status)])
        return read_revision(conn)


def may_record_indicator(db: Database, user: User | None, plan_code: str | None,
                         indicator: str) -> bool:
    """Whether `user` may record realizations of an indicator (the check `record_realization`
    makes; False for an unknown indicator), for pages that show the entry only where allowed."""
    return may_on_indicator(
        db, user, plan_code, indicator, Action.RECORD_REALIZATION,
        lambda conn, actor, plan, row: may_record(
            conn, actor, plan.id, existing_objective(conn, plan.id, row.objective)))


def realization_history(
    db: Database, plan_code: str | None, indicator: str, period: str | None = None
) -> list[dict[str, Any]]:
    """Every entry of an indicator (optionally one period), oldest first, superseded included."""
    with db.read() as conn:
        plan = plan_row(conn, plan_code)
        if period is not None:
            period = check_period(plan, period)
        rows = stored.realization_entries(conn, plan.id, indicator, period)
    return sorted(
        (
            {
                "period": r.period,
                "value": r.value,
                "note": r.note,
                "evidence": r.evidence,
                "author": r.author,
                "recorded_at": utc(r.recorded_at),
                "superseded": r.superseded,
                "status": r.status,
                "submitted_by": r.submitted_by,
                "submitted_at": utc(r.submitted_at),
                "reviewed_by": r.reviewed_by,
                "reviewed_at": utc(r.reviewed_at),
                "review_reason": r.review_reason,
                "evidence_file": r.evidence_file_id,
            }
            for r in rows
        ),
        key=lambda e: parse_period(e["period"]),
    )
