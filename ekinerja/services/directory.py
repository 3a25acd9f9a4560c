"""Synchronising a plan's units and employees from the region's personnel system (SIMPEG):
add the new ones, change the changed ones, in one transaction, audited; nothing is removed
(objectives and accounts refer to them). Planners and admins only: it is the structure."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ekinerja.messages import N_, InputError, Message
from ekinerja.model import UNIT_KINDS
from ekinerja.services.access import Action, User, require
from ekinerja.services.errors import located
from ekinerja.services.plans import plan_row
from ekinerja.services.realization_batch import (
    MAX_PROBLEMS,
    BatchRefused,
    BatchReport,
    RowProblem,
)
from ekinerja.services.structure import _validate
from ekinerja.storage import changes
from ekinerja.storage import directory as stored
from ekinerja.storage.audit import append as append_audit
from ekinerja.storage.database import Database, read_revision
from ekinerja.textrules import check_text

UNKNOWN_UNIT = N_('unknown unit "{unit}"')

UNIT_FIELDS = ("name", "parent", "kind")
EMPLOYEE_FIELDS = ("name", "unit", "position", "supervisor")


class SyncReport(BatchReport):
    """What a sync changed: counts, and each added or changed item with its changed fields
    (the fields and `as_dict` of a realization batch's report)."""


def _sync(db: Database, user: User | None, plan_code: str | None, kind: str,
          rows: Sequence[dict[str, Any]], key: str, fields: tuple[str, ...],
          check: Any) -> SyncReport:
    user = require(user, Action.CHANGE_STRUCTURE, kind)
    problems: list[RowProblem] = []

    def problem(index: int, name: str, message: str | Message) -> None:
        if len(problems) < MAX_PROBLEMS:
            problems.append(RowProblem(index, name, message))

    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        existing = stored.rows_by_key(conn, plan.id, kind)
        seen: dict[str, int] = {}
        for index, row in enumerate(rows):
            if row[key] in seen:
                problem(index, key, Message(N_("{item} already in row {row}"), {
                    "item": row[key], "row": str(seen[row[key]])}))
                continue
            seen[row[key]] = index
        context = {"units": set(stored.rows_by_key(conn, plan.id, "units"))
                   | ({r["code"] for r in rows} if kind == "units" else set()),
                   "employees": set(existing) | {r[key] for r in rows}}
        for index, row in enumerate(rows):
            for name, message in check(row, context):
                problem(index, name, message)
        if problems:
            raise BatchRefused(problems)
        report = SyncReport(plan.code, 0)
        added, changed, audit = [], [], []
        for index, row in enumerate(rows):
            wanted = {name: row[name] for name in fields}
            old_row = existing.get(row[key])
            if old_row is None:
                added.append({key: row[key], **wanted})
                action, old, new = "add", None, wanted
                report.added += 1
            else:
                old = {k: old_row._mapping[k] for k in fields if old_row._mapping[k] != wanted[k]}
                if not old:
                    report.unchanged += 1
                    continue
                new = {k: wanted[k] for k in old}
                changed.append({"row_id": old_row.id, **wanted})
                action = "update"
                report.updated += 1
            audit.append({"username": user.username, "plan_code": plan.code,
                          "entity": kind[:-1], "key": row[key], "action": action, "old": old,
                          "new": new, "address": user.address})
            report.changes.append({"row": index, key: row[key], "action": action,
                                   "fields": sorted(new)})
        if audit:
            stored.add_rows(conn, plan.id, kind, added)
            stored.change_rows(conn, kind, changed)
            append_audit(conn, audit)
            _validate(conn, plan)  # a unit tree or supervisor chain that loops is refused
            changes.record(conn, plan.code, changes.RELOAD)
        report.revision = read_revision(conn)
        return report


Found = list[tuple[str, Message]]  # (field, what is wrong with it)


def _text_problems(row: dict[str, Any], kinds: dict[str, str]) -> Found:
    """The fields of a row that break the text rules of their kind (ekinerja.textrules)."""
    found: Found = []
    for name, kind in kinds.items():
        value = row.get(name)
        if value is None or (value == "" and name not in ("code", "nip", "name")):
            continue
        try:
            check_text(value, kind)
        except InputError as exc:
            found.append((name, located(exc.message, name)))
    return found


def _above_problems(row: dict[str, Any], key: str, above: str, known: set[str],
                    unknown: Message, itself: Message) -> Found:
    """The field naming the one above a row (a parent unit, a supervisor): `unknown` when it
    names nobody known, `itself` when it names the row itself."""
    found: Found = []
    if row[above] is not None and row[above] not in known:
        found.append((above, unknown))
    if row[above] == row[key]:
        found.append((above, itself))
    return found


def _unit_problems(row: dict[str, Any], context: dict[str, set[str]]) -> Found:
    found = _text_problems(row, {"code": "code", "name": "name", "parent": "code"})
    if row["kind"] not in UNIT_KINDS:
        found.append(("kind", Message(N_('unknown unit kind "{kind}" ({kinds})'),
                                      {"kind": row["kind"], "kinds": ", ".join(UNIT_KINDS)})))
    return found + _above_problems(
        row, "code", "parent", context["units"],
        Message(N_('unknown parent unit "{unit}"'), {"unit": row["parent"]}),
        Message(N_("a unit cannot be its own parent")))


def _employee_problems(row: dict[str, Any], context: dict[str, set[str]]) -> Found:
    found = _text_problems(row, {"nip": "code", "name": "name", "unit": "code",
                                 "position": "name", "supervisor": "code"})
    if row["unit"] not in context["units"]:
        found.append(("unit", Message(UNKNOWN_UNIT, {"unit": row["unit"]})))
    return found + _above_problems(
        row, "nip", "supervisor", context["employees"],
        Message(N_('unknown supervisor "{nip}"'), {"nip": row["supervisor"]}),
        Message(N_("an employee cannot supervise themselves")))


def sync_units(db: Database, user: User | None, plan_code: str | None,
               rows: Sequence[dict[str, Any]]) -> SyncReport:
    """Add or change units (dicts: code, name, parent, kind) by code, in one transaction."""
    return _sync(db, user, plan_code, "units", rows, "code", UNIT_FIELDS, _unit_problems)


def sync_employees(db: Database, user: User | None, plan_code: str | None,
                   rows: Sequence[dict[str, Any]]) -> SyncReport:
    """Add or change employees (dicts: nip, name, unit, position, supervisor) by NIP, in one
    transaction."""
    return _sync(db, user, plan_code, "employees", rows, "nip", EMPLOYEE_FIELDS,
                 _employee_problems)
