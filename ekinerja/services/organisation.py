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

from ekinerja.messages import N_, Message
from ekinerja.model import NIP, UNIT_KINDS
from ekinerja.periods import parse_period
from ekinerja.services import audit
from ekinerja.services.access import Action, User, require
from ekinerja.services.errors import OBJECTIVE_NOT_FOUND, InvalidEdit, NotFound
from ekinerja.services.periods import check_period
from ekinerja.services.plans import plan_row
from ekinerja.services.structure import ORGANISATION_ENTITIES, kept_edit
from ekinerja.storage import changes, structure
from ekinerja.storage import directory as stored_directory
from ekinerja.storage import edits as stored_edits
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
            raise NotFound(Message(OBJECTIVE_NOT_FOUND, {"objective": objective}))
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


#: The organisation's two chains: the field naming the one above, the message for an unknown
#: one (and its placeholder), the message for a loop.
_CHAINS = {"unit": ("parent", UNKNOWN_UNIT, "code", UNIT_LOOP),
           "employee": ("supervisor", UNKNOWN_EMPLOYEE, "nip", SUPERVISOR_LOOP)}


def _place_in_chain(kind: str, chain: dict[str, str | None], key: str, above: str | None
                    ) -> None:
    """Put `key` under `above` in a unit or supervisor `chain` (changed in place): InvalidEdit
    on the chain's field when `above` is unknown or the chain would loop."""
    field, unknown, placeholder, looping = _CHAINS[kind]
    if above is not None and above not in chain:
        raise InvalidEdit(unknown, field, **{placeholder: above})
    chain[key] = above
    loop = _chain_loop(chain, key)
    if loop:
        raise InvalidEdit(looping, field, chain=" → ".join(loop))


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
        _place_in_chain("unit", parents, code, values["parent"])
        wanted = {f: values[f] for f in UNIT_FIELDS}
        label = N_("Change unit {code}") if code in existing else N_("Add unit {code}")
        with kept_edit(conn, user, plan, label, code=code):
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
        _place_in_chain("employee", _supervisors(conn, plan_id), nip, values["supervisor"])


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
        label = N_("Add employee {nip}") if existing is None else N_("Change employee {nip}")
        with kept_edit(conn, user, plan, label, nip=nip):
            if not _write(conn, user, plan, "employees", nip, existing, values,
                          EMPLOYEE_FIELDS, reason):
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
        with kept_edit(conn, user, plan, N_("Move employee {nip}"), nip=nip):
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
        with kept_edit(conn, user, plan, N_("Succession: {successor} after {leaving}"),
                       successor=successor, leaving=leaving):
            _succeed(conn, user, plan, people, owned, reports, leaving, successor, day,
                     take_position, reason)
        return _done(conn, plan)


def _succeed(conn: Connection, user: User, plan: Row[Any], people: dict[str, Row[Any]],
             owned: list[Row[Any]], reports: list[Row[Any]], leaving: str, successor: str,
             day: date, take_position: bool, reason: str | None) -> None:
    """The writes of a succession (checked before): the position, then the objectives."""
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


# -- removal ----------------------------------------------------------------------------------

#: Why a unit or an employee cannot be removed, by what refers to it (storage.organisation).
UNIT_BLOCKERS = {
    "objectives": N_('Unit "{key}" is the unit of objectives ({items}): give them another '
                     'unit first.'),
    "accounts": N_('Unit "{key}" is the unit of accounts ({items}): change them first.'),
    "unit_predikat": N_('Unit "{key}" has organisation predikat on record ({count}): its '
                        'history stays, so the unit stays.'),
    "agreements": N_('Unit "{key}" has Perjanjian Kinerja versions ({count}): its history '
                     'stays, so the unit stays.'),
    "lke_answers": N_('Unit "{key}" has LKE answers ({count}): its history stays, so the '
                      'unit stays.'),
    "lke_findings": N_('Unit "{key}" has LKE findings ({count}): its history stays, so the '
                       'unit stays.'),
    "top": N_('Unit "{key}" is at the top: the units and employees below it ({items}) have '
              'nowhere to go.'),
}
EMPLOYEE_BLOCKERS = {
    "objectives": N_('Employee "{key}" owns objectives ({items}): name a successor first, '
                     'who takes them over.'),
    "holdings": N_('Employee "{key}" held objectives in past periods ({count}): their past '
                   'scores stay theirs, so the employee stays.'),
    "skp_ratings": N_('Employee "{key}" has SKP ratings on record ({count}): their past '
                      'scores stay theirs, so the employee stays.'),
    "skp_notes": N_('Employee "{key}" has SKP notes on record ({count}): their past scores '
                    'stay theirs, so the employee stays.'),
    "accounts": N_('Employee "{key}" is linked to accounts ({items}): unlink them first.'),
}
CONFIRM_REMOVAL = N_('Removing "{key}" moves {moves}. Confirm to remove it.')
UNDO_DEPENDS = N_('This edit can no longer be undone: {moves} depend on "{key}" now.')


@dataclass(frozen=True)
class Move:
    """What a removal moves: a unit ("unit", code) or an employee ("employee", NIP) whose
    `field` (parent, unit or supervisor) goes from the removed one to `to`."""

    entity: str
    key: str
    field: str
    to: str | None

    def text(self) -> str:
        """`KEY → TO` (`-` for none)."""
        return f"{self.key} → {self.to or '-'}"


@dataclass(frozen=True)
class Removal:
    """What removing a unit (`kind` "units") or an employee ("employees") would do: why it
    is refused (`blockers`: what -> items), and what it moves (with a confirmation)."""

    kind: str
    key: str
    blockers: dict[str, list[str]]
    moves: tuple[Move, ...]

    def refusal(self) -> InvalidEdit | None:
        """The first reason the removal is refused, located at the key, or None."""
        field = "code" if self.kind == "units" else "nip"
        messages = UNIT_BLOCKERS if self.kind == "units" else EMPLOYEE_BLOCKERS
        for what, items in self.blockers.items():
            return InvalidEdit(messages[what], field, key=self.key, count=len(items),
                               items=", ".join(items[:10]) + (" …" if len(items) > 10 else ""))
        return None

    def moves_text(self) -> str:
        """The moves as `KEY → TO, ...`."""
        return ", ".join(m.text() for m in self.moves)


def _removal(conn: Connection, plan_id: int, kind: str, key: str) -> Removal:
    """What removing unit or employee `key` would do (InvalidEdit when it is unknown)."""
    rows = stored_directory.rows_by_key(conn, plan_id, kind)
    if key not in rows:
        if kind == "units":
            raise InvalidEdit(UNKNOWN_UNIT, "code", code=key)
        raise InvalidEdit(UNKNOWN_EMPLOYEE, "nip", nip=key)
    blockers = stored.references(conn, plan_id, kind, key)
    moves: list[Move]
    if kind == "units":
        to = rows[key].parent
        moves = [Move("unit", r.code, "parent", to) for r in rows.values() if r.parent == key]
        moves += [Move("employee", r.nip, "unit", to)
                  for r in stored.employee_rows(conn, plan_id) if r.unit == key]
        if moves and to is None:
            blockers["top"] = [m.key for m in moves]
    else:
        to = rows[key].supervisor
        moves = [Move("employee", r.nip, "supervisor", to) for r in rows.values()
                 if r.supervisor == key]
    moves.sort(key=lambda m: (m.entity != "unit", m.key))  # units first
    return Removal(kind, key, blockers, tuple(moves))


def organisation_removal(db: Database, plan_code: str | None, kind: str, key: str
                         ) -> Removal:
    """What removing a unit (`kind` "units", by code) or an employee ("employees", by NIP)
    would do: why it is refused, or what it moves."""
    with db.read() as conn:
        return _removal(conn, plan_row(conn, plan_code).id, kind, key)


def _remove(db: Database, user: User | None, plan_code: str | None, kind: str, key: str,
            confirm: bool, reason: str | None) -> int:
    user = require(user, Action.CHANGE_STRUCTURE, key)
    entity = kind[:-1]
    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        removal = _removal(conn, plan.id, kind, key)
        refused = removal.refusal()
        if refused is not None:
            raise refused
        if removal.moves and not confirm:
            raise InvalidEdit(CONFIRM_REMOVAL, "confirm", key=key, moves=removal.moves_text())
        rows = {"unit": stored_directory.rows_by_key(conn, plan.id, "units"),
                "employee": stored_directory.rows_by_key(conn, plan.id, "employees")}
        label = N_("Remove unit {code}") if kind == "units" else N_("Remove employee {nip}")
        fields = UNIT_FIELDS if kind == "units" else EMPLOYEE_FIELDS
        with kept_edit(conn, user, plan, label, **{"code" if kind == "units" else "nip": key}):
            for move in removal.moves:
                row = rows[move.entity][move.key]
                _write(conn, user, plan, f"{move.entity}s", move.key, row,
                       {move.field: move.to}, UNIT_FIELDS if move.entity == "unit"
                       else EMPLOYEE_FIELDS, reason)
            row = rows[entity][key]
            old = {"code" if kind == "units" else "nip": key,
                   **{f: row._mapping[f] for f in fields}}
            stored.delete_row(conn, plan.id, kind, key)
            audit.record(conn, user, plan.code, entity, key, "remove", old, None, reason)
        return _done(conn, plan)


def remove_unit(db: Database, user: User | None, plan_code: str | None, code: str, *,
                confirm: bool = False, reason: str | None = None) -> int:
    """Remove a unit. Refused with the reason while objectives, accounts or a history
    (organisation predikat, Perjanjian Kinerja, LKE) refer to it; its units and employees go
    to its parent unit, only with `confirm` (refused otherwise, naming what goes where).
    Audited and kept as an edit (undoable). Returns the revision."""
    return _remove(db, user, plan_code, "units", code, confirm, reason)


def remove_employee(db: Database, user: User | None, plan_code: str | None, nip: str, *,
                    confirm: bool = False, reason: str | None = None) -> int:
    """Remove an employee. Refused with the reason while they own objectives (name a
    successor: `name_successor`), held objectives or have SKP records in the past (their
    past scores stay theirs), or accounts are linked to their NIP; their direct reports go to
    their supervisor, only with `confirm`. Audited and kept as an edit (undoable). Returns
    the revision."""
    return _remove(db, user, plan_code, "employees", nip, confirm, reason)


# -- the history: undo -------------------------------------------------------------------------


def organisation_history(db: Database, plan_code: str | None, limit: int = 20
                         ) -> list[dict[str, Any]]:
    """The plan's newest organisation edits first (those of the shared edit history that
    changed units, employees or holdings), as `edit_history` gives them."""
    with db.read() as conn:
        edits = stored_edits.recent_edits(conn, plan_row(conn, plan_code).id, limit * 10)
    return [e for e in edits
            if any(step["entity"] in ORGANISATION_ENTITIES for step in e["steps"])][:limit]


def undo_step(conn: Connection, plan_id: int, step: dict[str, Any]) -> bool:
    """Apply the inverse of one organisation step (services.structure.undo_edit); False when
    what it changed has changed since, InvalidEdit when a later edit depends on it (an
    employee added, then given objectives or direct reports)."""
    entity, key, action = step["entity"], step["key"], step["action"]
    old, new = step["old"], step["new"]
    if entity == "objective_holder":
        return _undo_handover(conn, plan_id, key, old, new)
    kind = f"{entity}s"
    fields = UNIT_FIELDS if entity == "unit" else EMPLOYEE_FIELDS
    row = stored_directory.rows_by_key(conn, plan_id, kind).get(key)
    if action == "remove":
        if row is not None:
            return False
        values = {f: old[f] for f in fields}
        _check_restored(conn, plan_id, entity, key, values)
        stored_directory.add_rows(conn, plan_id, kind, [{("code" if entity == "unit"
                                                          else "nip"): key, **values}])
        return True
    if row is None or any(row._mapping[f] != v for f, v in new.items() if f in fields):
        return False
    if action == "add":
        removal = _removal(conn, plan_id, kind, key)
        refused = removal.refusal()
        if refused is not None:
            raise refused
        if removal.moves:
            raise InvalidEdit(UNDO_DEPENDS, None, key=key, moves=removal.moves_text())
        stored.delete_row(conn, plan_id, kind, key)
        return True
    values = {f: old[f] for f in old if f in fields}
    _check_restored(conn, plan_id, entity, key, values)
    stored_directory.change_rows(conn, kind, [{"row_id": row.id, **values}])
    return True


def _check_restored(conn: Connection, plan_id: int, entity: str, key: str,
                    values: dict[str, Any]) -> None:
    """What an undo restores must fit the organisation as it is now (a parent unit, unit and
    supervisor that still exist, no loop): InvalidEdit otherwise."""
    if entity == "employee":
        _check_employee(conn, plan_id, key, values)
        return
    parents = _unit_parents(conn, plan_id)
    _place_in_chain("unit", parents, key, values.get("parent", parents.get(key)))


def _undo_handover(conn: Connection, plan_id: int, objective: str, old: dict[str, Any],
                   new: dict[str, Any]) -> bool:
    """Undo one handover: the successor's running holding goes and the one before runs again
    (the first handover's record of the owner goes too: an objective never handed over is held
    by its owner). False when the holding changed since."""
    rows = stored.holdings(conn, plan_id, objective)
    current = rows[-1] if rows else None
    since = new.get("since")
    if (current is None or current.until is not None or current.holder != new["holder"]
            or (current.since.isoformat() if current.since else None) != since):
        return False
    stored.remove_holding(conn, current.id)
    before = rows[-2] if len(rows) > 1 else None
    if before is None or before.holder != old["holder"]:
        return False
    if before.since is None and len(rows) == 2:
        stored.remove_holding(conn, before.id)  # the record of the first handover
    else:
        stored.reopen_holding(conn, before.id)
    return True
