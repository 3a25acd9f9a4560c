"""The organisation in the app (docs/organisation.md): units (a tree), employees (NIP, name,
position, unit, supervisor), moves, and succession with history.

Planners and admins change it (it is the structure: `Action.CHANGE_STRUCTURE`); every
signed-in role reads it. Each change is validated first (a located, translated message;
nothing written), made in one transaction, audited old -> new, and recorded as `reload` in the
change log so every open page and compiled plan follows.

Succession: when an employee leaves a position, their successor takes over the objectives they
own (their RHK keep their place in the cascade: nothing is re-cascaded) and, with the
position, their unit, title, supervisor and direct reports. Who held each objective from when
until when is kept (table `objective_holders`), so a past period's SKP attributes an objective
to whoever held it then (`holders_in_period`).
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, Row

from ekinerja.messages import N_
from ekinerja.model import NIP, UNIT_KINDS
from ekinerja.periods import parse_period
from ekinerja.services import audit
from ekinerja.services.access import Action, User, require
from ekinerja.services.errors import InvalidEdit, NotFound
from ekinerja.services.periods import check_period
from ekinerja.services.plans import plan_row
from ekinerja.storage import changes, structure
from ekinerja.storage import directory as stored_directory
from ekinerja.storage import organisation as stored
from ekinerja.storage.database import Database, read_revision
from ekinerja.textrules import text_problem

UNIT_FIELDS = ("name", "parent", "kind")
EMPLOYEE_FIELDS = ("name", "unit", "position", "supervisor")

UNKNOWN_UNIT = N_('Unknown unit "{code}".')
UNKNOWN_EMPLOYEE = N_('Unknown employee "{nip}".')
BAD_NIP = N_('A NIP is 18 digits: "{value}".')
UNIT_LOOP = N_("A unit cannot be below itself: {chain}.")
SUPERVISOR_LOOP = N_("A supervisor chain cannot loop: {chain}.")


@dataclass(frozen=True)
class Holding:
    """Who held an objective from `since` (None: the plan's start) until `until` (None: now)."""

    objective: str
    holder: str
    since: date | None
    until: date | None
    author: str


# -- reading ----------------------------------------------------------------------------------


def organisation(db: Database, plan_code: str | None) -> dict[str, list[dict[str, Any]]]:
    """The units (code, name, parent, kind) and employees (nip, name, unit, position,
    supervisor) of a plan, in plan order."""
    with db.read() as conn:
        plan = plan_row(conn, plan_code)
        units = [{"code": r.code, "name": r.name, "parent": r.parent, "kind": r.kind}
                 for r in stored.unit_rows(conn, plan.id)]
        people = [{"nip": r.nip, "name": r.name, "unit": r.unit, "position": r.position,
                   "supervisor": r.supervisor} for r in stored.employee_rows(conn, plan.id)]
    return {"units": units, "employees": people}


def objective_holdings(db: Database, plan_code: str | None, objective: str | None = None
                       ) -> list[Holding]:
    """The holding history of a plan (or of one objective), oldest first."""
    with db.read() as conn:
        plan = plan_row(conn, plan_code)
        rows = stored.holdings(conn, plan.id, objective)
    return [Holding(r.objective, r.holder, r.since, r.until, r.author) for r in rows]


def period_end(period: str) -> date:
    """The last day of a period (YYYY, YYYY-Qn, YYYY-MM)."""
    parsed = parse_period(period)
    last = calendar.monthrange(parsed.year, parsed.month_end)[1]
    return date(parsed.year, parsed.month_end, last)


def holders_in_period(db: Database, plan_code: str | None, period: str) -> dict[str, str]:
    """Objective -> who held it at the end of `period`, for the objectives whose holder changed
    (a succession); every other objective is held by its owner."""
    with db.read() as conn:
        plan = plan_row(conn, plan_code)
        return stored.holders_on(conn, plan.id, period_end(check_period(plan, period)))


def holder_of(db: Database, plan_code: str | None, objective: str, period: str) -> str | None:
    """Who held objective `objective` in `period` (at the period's end): from the holding
    history when it covers that day, else its owner (None: no owner)."""
    with db.read() as conn:
        plan = plan_row(conn, plan_code)
        day = period_end(check_period(plan, period))
        row = structure.find_objective(conn, plan.id, objective)
        if row is None:
            raise NotFound(f'sasaran tidak ditemukan / objective not found: "{objective}"')
        held = stored.holders_on(conn, plan.id, day).get(objective)
    return held if held is not None else row.owner


def attributed_owner(holders: Mapping[str, str], objective: str, owner: str | None
                     ) -> str | None:
    """Who an objective's score in a period belongs to: its holder then, else its owner."""
    return holders.get(objective, owner)


# -- checks -----------------------------------------------------------------------------------


def _text(values: dict[str, Any], name: str, kind: str, *, required: bool) -> None:
    value = values.get(name)
    if value is None or value == "":
        if required:
            raise InvalidEdit(N_("The name is empty.") if name == "name"
                              else N_("The code is empty."), name)
        return
    if not isinstance(value, str):
        raise InvalidEdit(N_("Must be text."), name)
    problem = text_problem(value, kind)
    if problem is not None:
        raise InvalidEdit(problem.msgid, name, **problem.params)


def _check_nip(value: Any, field: str) -> str:
    if not isinstance(value, str) or not NIP.fullmatch(value):
        raise InvalidEdit(BAD_NIP, field, value="" if value is None else str(value))
    return value


def _chain_loop(parents: Mapping[str, str | None], start: str) -> list[str] | None:
    """The loop met walking up from `start` (start ... start), None when the walk ends."""
    seen: list[str] = []
    current: str | None = start
    while current is not None:
        if current in seen:
            return [*seen[seen.index(current):], current]
        seen.append(current)
        current = parents.get(current)
    return None


def _nullable(value: Any) -> Any:
    return None if value == "" else value


def _unit_parents(conn: Connection, plan_id: int) -> dict[str, str | None]:
    return {r.code: r.parent for r in stored.unit_rows(conn, plan_id)}


def _supervisors(conn: Connection, plan_id: int) -> dict[str, str | None]:
    return {r.nip: r.supervisor for r in stored.employee_rows(conn, plan_id)}


def _done(conn: Connection, plan: Row[Any]) -> int:
    changes.record(conn, plan.code, changes.RELOAD)
    return read_revision(conn)


def _write(conn: Connection, user: User, plan: Row[Any], kind: str, key: str,
           row: Row[Any] | None, wanted: dict[str, Any], fields: tuple[str, ...],
           reason: str | None) -> bool:
    """Add (no `row`) or change a unit or employee with its audit record; False: unchanged."""
    key_field = "code" if kind == "units" else "nip"
    if row is None:
        stored_directory.add_rows(conn, plan.id, kind, [{key_field: key, **wanted}])
        audit.record(conn, user, plan.code, kind[:-1], key, "add", None, wanted, reason)
        return True
    old = {f: row._mapping[f] for f in fields if f in wanted and row._mapping[f] != wanted[f]}
    if not old:
        return False
    new = {f: wanted[f] for f in old}
    stored_directory.change_rows(conn, kind, [{"row_id": row.id, **new}])
    audit.record(conn, user, plan.code, kind[:-1], key, "update", old, new, reason)
    return True


# -- units ------------------------------------------------------------------------------------


def save_unit(db: Database, user: User | None, plan_code: str | None, code: str, *,
              name: str, parent: str | None = None, kind: str = "agency",
              reason: str | None = None) -> int:
    """Add a unit, or change the name, parent and kind of an existing one (by code). Refused
    for an unknown parent or one that would put the unit below itself. Returns the revision."""
    user = require(user, Action.CHANGE_STRUCTURE, code)
    values = {"code": code, "name": name, "parent": _nullable(parent), "kind": kind}
    _text(values, "code", "code", required=True)
    _text(values, "name", "name", required=True)
    _text(values, "parent", "code", required=False)
    if kind not in UNIT_KINDS:
        raise InvalidEdit(N_('Unknown value "{value}".'), "kind", value=str(kind))
    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        existing = stored_directory.rows_by_key(conn, plan.id, "units")
        parents = {c: r.parent for c, r in existing.items()}
        if values["parent"] is not None and values["parent"] not in parents:
            raise InvalidEdit(UNKNOWN_UNIT, "parent", code=values["parent"])
        parents[code] = values["parent"]
        loop = _chain_loop(parents, code)
        if loop:
            raise InvalidEdit(UNIT_LOOP, "parent", chain=" → ".join(loop))
        wanted = {f: values[f] for f in UNIT_FIELDS}
        if not _write(conn, user, plan, "units", code, existing.get(code), wanted,
                      UNIT_FIELDS, reason):
            return read_revision(conn)
        return _done(conn, plan)


# -- employees --------------------------------------------------------------------------------


def _check_employee(conn: Connection, plan_id: int, nip: str, values: dict[str, Any]
                    ) -> None:
    """Unknown unit or supervisor, a supervisor loop: InvalidEdit with the field."""
    if "unit" in values and values["unit"] not in _unit_parents(conn, plan_id):
        raise InvalidEdit(UNKNOWN_UNIT, "unit", code=values["unit"])
    if "supervisor" in values:
        supervisors = _supervisors(conn, plan_id)
        boss = values["supervisor"]
        if boss is not None and boss not in supervisors:
            raise InvalidEdit(UNKNOWN_EMPLOYEE, "supervisor", nip=boss)
        supervisors[nip] = boss
        loop = _chain_loop(supervisors, nip)
        if loop:
            raise InvalidEdit(SUPERVISOR_LOOP, "supervisor", chain=" → ".join(loop))


def _employee_values(**given: Any) -> dict[str, Any]:
    values = {k: _nullable(v) if k == "supervisor" else v for k, v in given.items()
              if v is not None or k == "supervisor"}
    _text(values, "name", "name", required="name" in given)
    _text(values, "position", "name", required=False)
    _text(values, "unit", "code", required="unit" in given)
    if values.get("supervisor") is not None:
        _check_nip(values["supervisor"], "supervisor")
    return values


def save_employee(db: Database, user: User | None, plan_code: str | None, nip: str, *,
                  name: str, unit: str, position: str = "", supervisor: str | None = None,
                  reason: str | None = None) -> int:
    """Add an employee, or change the name, unit, position and supervisor of an existing one
    (by NIP). Refused for a NIP that is not 18 digits, an unknown unit or supervisor, and a
    supervisor chain that would loop. Returns the revision."""
    user = require(user, Action.CHANGE_STRUCTURE, nip)
    nip = _check_nip(nip, "nip")
    values = _employee_values(name=name, unit=unit, position=position or "",
                              supervisor=supervisor)
    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        _check_employee(conn, plan.id, nip, values)
        existing = stored_directory.rows_by_key(conn, plan.id, "employees").get(nip)
        if not _write(conn, user, plan, "employees", nip, existing, values, EMPLOYEE_FIELDS,
                      reason):
            return read_revision(conn)
        return _done(conn, plan)


def move_employee(db: Database, user: User | None, plan_code: str | None, nip: str, *,
                  unit: str | None = None, supervisor: str | None = None,
                  keep_supervisor: bool = False, reason: str | None = None) -> int:
    """Move an employee to another unit and/or supervisor (None with `keep_supervisor`: the
    supervisor stays; None otherwise: no supervisor). Returns the revision."""
    user = require(user, Action.CHANGE_STRUCTURE, nip)
    given: dict[str, Any] = {} if unit is None else {"unit": unit}
    if not keep_supervisor:
        given["supervisor"] = supervisor
    values = _employee_values(**given)
    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        row = stored_directory.rows_by_key(conn, plan.id, "employees").get(nip)
        if row is None:
            raise InvalidEdit(UNKNOWN_EMPLOYEE, "nip", nip=nip)
        _check_employee(conn, plan.id, nip, values)
        if not _write(conn, user, plan, "employees", nip, row, values, EMPLOYEE_FIELDS,
                      reason):
            return read_revision(conn)
        return _done(conn, plan)


# -- succession -------------------------------------------------------------------------------


def _handover_day(on: date | str | None) -> date:
    if on is None:
        return date.today()
    if isinstance(on, date):
        return on
    try:
        return date.fromisoformat(str(on).strip())
    except ValueError:
        raise InvalidEdit(N_('Invalid date "{value}": use YYYY-MM-DD.'), "date",
                          value=str(on)) from None


def name_successor(db: Database, user: User | None, plan_code: str | None, leaving: str,
                   successor: str, *, on: date | str | None = None, take_position: bool = True,
                   reason: str | None = None) -> int:
    """Name the successor of an employee who leaves a position (retired, moved) from day `on`
    (today when None): the successor takes over every objective the leaving employee owns
    (their place in the cascade unchanged: nothing is re-cascaded), and the holding history
    records who held each from when until when. With `take_position` the successor also takes
    the position: the leaving employee's unit, title and supervisor, and their direct reports.
    The leaving employee stays in the list: their past scores remain theirs. Returns the
    revision."""
    user = require(user, Action.CHANGE_STRUCTURE, leaving)
    day = _handover_day(on)
    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        people = stored_directory.rows_by_key(conn, plan.id, "employees")
        if leaving not in people:
            raise InvalidEdit(UNKNOWN_EMPLOYEE, "leaving", nip=leaving)
        if successor not in people:
            raise InvalidEdit(UNKNOWN_EMPLOYEE, "successor", nip=successor)
        if successor == leaving:
            raise InvalidEdit(N_("The successor must be someone else than who leaves."),
                              "successor")
        owned = stored.owned_objectives(conn, plan.id, leaving)
        reports = [r for r in people.values() if r.supervisor == leaving and r.nip != successor]
        if not owned and not (take_position and reports):
            raise InvalidEdit(N_('"{nip}" holds no objective and supervises nobody: there is '
                                 'nothing to hand over.'), "leaving", nip=leaving)
        for objective in owned:
            current = stored.open_holding(conn, plan.id, objective.code)
            if current is not None and current.since is not None and day <= current.since:
                raise InvalidEdit(N_('The handover date must come after {since}, when '
                                     '{holder} took over {code}.'), "date",
                                  since=current.since.isoformat(), holder=current.holder,
                                  code=objective.code)
        if take_position:
            gone = people[leaving]
            wanted = {"unit": gone.unit, "position": gone.position,
                      "supervisor": gone.supervisor if gone.supervisor != successor
                      else people[successor].supervisor}
            supervisors = {nip: r.supervisor for nip, r in people.items()}
            supervisors[successor] = wanted["supervisor"]
            for report in reports:
                supervisors[report.nip] = successor
            for nip in [successor, *(r.nip for r in reports)]:
                loop = _chain_loop(supervisors, nip)
                if loop:
                    raise InvalidEdit(SUPERVISOR_LOOP, "successor", chain=" → ".join(loop))
            _write(conn, user, plan, "employees", successor, people[successor], wanted,
                   EMPLOYEE_FIELDS, reason)
            for report in reports:
                _write(conn, user, plan, "employees", report.nip, report,
                       {"supervisor": successor}, EMPLOYEE_FIELDS, reason)
        for objective in owned:
            _hand_over(conn, user, plan, objective, leaving, successor, day, reason)
        return _done(conn, plan)


def _hand_over(conn: Connection, user: User, plan: Row[Any], objective: Row[Any],
               leaving: str, successor: str, day: date, reason: str | None) -> None:
    """One objective to the successor: its owner and its holding history, audited."""
    code = objective.code
    current = stored.open_holding(conn, plan.id, code)
    if current is None:  # the first handover: the leaving owner held it from the start
        stored.add_holding(conn, plan.id, code, leaving, None, day, user.username)
        before, since = leaving, None
    else:  # the holder of the last handover (the owner, unless the workshop changed it)
        stored.close_holding(conn, current.id, day)
        before, since = current.holder, current.since
    stored.add_holding(conn, plan.id, code, successor, day, None, user.username)
    stored.set_owner(conn, objective.id, successor)
    audit.record(conn, user, plan.code, "objective", code, "update", {"owner": leaving},
                 {"owner": successor}, reason)
    audit.record(conn, user, plan.code, "objective_holder", code, "update",
                 {"holder": before, "since": since.isoformat() if since else None},
                 {"holder": successor, "since": day.isoformat()}, reason)
