"""Changing the cascade: objectives, indicators, links, targets and Manual IKU, each change
validated, permission-checked, audited old -> new and kept as an edit that can be undone.

Who: planners and admins (heads do not edit the structure: docs/accounts.md)
(`permissions.may_change_structure_of`). A change that would leave the plan invalid (a cycle,
a level above its parent, a second vision...) is refused with every problem named, and nothing
is written (docs/workshop.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Connection, Row

from ekinerja import model
from ekinerja import permissions as policy
from ekinerja.gcpause import no_gc
from ekinerja.messages import N_, Message
from ekinerja.model import Indicator, InvalidPlan, Objective, PlanDocument, Problem
from ekinerja.model import Link as LinkValue
from ekinerja.services import audit, neighbourhood
from ekinerja.services.access import Action, User, may_on, refuse, require, unit_scope
from ekinerja.services.errors import InvalidEdit, NotFound, PermissionDenied, ServiceError
from ekinerja.services.inputs import WEIGHT, number, text
from ekinerja.services.periods import check_period, refuse_closed
from ekinerja.services.plans import plan_row
from ekinerja.storage import changes, repository, structure
from ekinerja.storage import edits as stored_edits
from ekinerja.storage.database import Database, read_revision

OBJECTIVE_NOT_FOUND = N_('objective not found: "{code}"')
INDICATOR_NOT_FOUND = N_('indicator not found: "{code}"')
LINK_NOT_FOUND = N_('link not found: "{parent}>{code}"')
EDIT_NOT_FOUND = N_("edit not found: #{edit}")
INVALID_CODE = N_("invalid code")
UNKNOWN_FIELDS = N_("unknown fields: {fields}")
UNKNOWN_FIELDS_WEIGHT_HINT = N_("unknown fields: {fields} (weights through set_weights)")

OBJECTIVE_FIELDS = ("name", "level", "perspective", "unit", "owner")
INDICATOR_FIELDS = (
    "objective",
    "name",
    "measure_unit",
    "polarity",
    "aggregation",
    "negative_method",
    "cap",
)
#: Fields whose change cannot make the plan invalid beyond the checks made before writing.
LOCAL_FIELDS = frozenset({"name", "perspective", "measure_unit"})
MANUAL_FIELDS = stored_edits.MANUAL_FIELDS
MANUAL_TEXT_FIELDS = MANUAL_FIELDS[1:]  # every Manual IKU field but the flag


# -- rules shared by the use cases ------------------------------------------------------------


def validation_errors(doc: PlanDocument) -> list[Problem]:
    """The errors (not warnings) of a plan document (docs/scoring.md: the cascade rules)."""
    from ekinerja.cascade import validate

    with no_gc():
        problems = validate(doc)
    return [p for p in problems if p.severity == "error"]


def _validate(conn: Connection, plan: Row[Any], with_data: bool = False) -> None:
    """Refuse (InvalidPlan) when the plan inside this transaction no longer validates.

    Without ``with_data`` targets and realizations are left out: a change that cannot make
    them invalid (adding, moving, removing nodes) is checked on the structure alone.
    """
    skip = () if with_data else ("targets", "realizations")
    errors = validation_errors(repository.read_document(conn, plan, skip=skip))
    if errors:
        raise InvalidPlan(errors)


def existing_objective(conn: Connection, plan_id: int, code: str) -> Row[Any]:
    """The objective row of a code; NotFound when there is none."""
    row = structure.find_objective(conn, plan_id, code)
    if row is None:
        raise NotFound(Message(OBJECTIVE_NOT_FOUND, {"code": code}))
    return row


def existing_indicator(conn: Connection, plan_id: int, code: str) -> Row[Any]:
    """The indicator row of a code; NotFound when there is none."""
    row = structure.find_indicator(conn, plan_id, code)
    if row is None:
        raise NotFound(Message(INDICATOR_NOT_FOUND, {"code": code}))
    return row


@dataclass(frozen=True)
class OnIndicator:
    """What a workflow item (an entry, a follow-up) is about: its indicator, the indicator's
    objective, and the objective's unit and owner."""

    indicator: str
    indicator_name: str
    measure_unit: str
    objective: str
    objective_name: str
    unit: str | None
    owner: str | None

    @staticmethod
    def of(row: Row[Any]) -> tuple[str, str, str, str, str, str | None, str | None]:
        """The fields, in order, from a row joined to its objective (`objective_unit`,
        `objective_owner`): a subclass is built `Sub(*OnIndicator.of(row), ...)`."""
        return (row.indicator, row.indicator_name, row.measure_unit, row.objective,
                row.objective_name, row.objective_unit, row.objective_owner)


def may_on_indicator(db: Database, user: User | None, plan_code: str | None, indicator: str,
                     action: Action,
                     check: Callable[[Connection, User, Row[Any], Row[Any]], bool]) -> bool:
    """Whether `user` may do `action` on an indicator: False without a user, without the role's
    right or for an unknown indicator, else `check(conn, user, plan, indicator_row)`."""
    return may_on(db, user, plan_code, action,
                  lambda conn, plan_id: structure.find_indicator(conn, plan_id, indicator), check)


def _editor(user: User | None, what: str | None, action: Action = Action.CHANGE_STRUCTURE
            ) -> User:
    """The user when their role may edit the cascade somewhere (planner, admin, a head with
    a unit); PermissionDenied otherwise, before anything is read."""
    if policy.may(user, action) or policy.may_edit_structure(user):
        assert user is not None
        return user
    return require(user, action, what)


def _in_scope(conn: Connection, user: User, plan: Row[Any], units: Iterable[str | None],
              what: str, action: Action = Action.CHANGE_STRUCTURE) -> None:
    """PermissionDenied unless the user may edit objectives of every unit in `units`."""
    if policy.may(user, action):
        return
    if not policy.may_change_structure_of(user, units, unit_scope(conn, plan.id, user)):
        raise refuse(user, action, what)


def _objective_unit(conn: Connection, plan_id: int, code: str) -> str | None:
    return existing_objective(conn, plan_id, code).unit


def _check_objective_fields(values: dict[str, Any]) -> None:
    if "code" in values and not str(values["code"]).strip():
        raise InvalidEdit(N_("The code is empty."), "code")
    if "level" in values and values["level"] not in model.LEVELS:
        raise InvalidEdit(N_('Unknown level "{value}".'), "level", value=values["level"])
    if values.get("perspective") is not None and values["perspective"] not in model.PERSPECTIVES:
        raise InvalidEdit(N_('Unknown perspective "{value}".'), "perspective",
                          value=values["perspective"])
    if "name" in values and not str(values["name"]).strip():
        raise InvalidEdit(N_("The name is empty."), "name")
    _check_texts(values)


def _check_indicator_fields(values: dict[str, Any]) -> None:
    _check_objective_fields({k: v for k, v in values.items() if k in ("code", "name")})
    choices = {"polarity": model.POLARITIES, "aggregation": model.AGGREGATIONS}
    for name, allowed in choices.items():
        if name in values and values[name] not in allowed:
            raise InvalidEdit(N_('Unknown value "{value}".'), name, value=values[name])
    if values.get("negative_method") is not None and (
            values["negative_method"] not in model.NEGATIVE_METHODS):
        raise InvalidEdit(N_('Unknown value "{value}".'), "negative_method",
                          value=values["negative_method"])
    if values.get("cap") is not None:
        cap = number(values["cap"], "cap")
        if cap <= 0:
            raise InvalidEdit(N_("The cap must be above 0."), "cap")
    if "weight" in values:
        weight = number(values["weight"], WEIGHT)
        if weight < 0:
            raise InvalidEdit(N_("A weight cannot be negative."), "weight")


def _check_code(place: str, code: object) -> None:
    """Refuse (InvalidPlan, before anything is written) a code breaking the rule of codes."""
    from ekinerja import textrules

    problem = textrules.text_problem(code, "code") if isinstance(code, str) else None
    if not isinstance(code, str) or not code or problem is not None:
        text = problem.bilingual() if problem else Message(INVALID_CODE).bilingual()
        raise InvalidPlan([Problem(place, text)])


_TEXT_KINDS = {"code": "code", "name": "name", "measure_unit": "measure_unit"}


def _check_texts(values: dict[str, Any]) -> None:
    """Codes, names and measure units follow the import's text rules (ekinerja.textrules)."""
    for key, kind in _TEXT_KINDS.items():
        if isinstance(values.get(key), str):
            text(values[key], kind, key)


def _refuse_unknown_fields(
    changed: dict[str, Any], allowed: tuple[str, ...], *, weight_hint: bool = False
) -> None:
    """ServiceError naming the fields of `changed` not in `allowed` (with a set_weights hint)."""
    unknown = sorted(set(changed) - set(allowed))
    if unknown:
        hint = weight_hint and "weight" in unknown
        raise ServiceError(Message(UNKNOWN_FIELDS_WEIGHT_HINT if hint else UNKNOWN_FIELDS,
                                   {"fields": ", ".join(unknown)}))


def _refuse_taken(conn: Connection, plan_id: int, code: str) -> None:
    if structure.code_taken(conn, plan_id, code):
        raise InvalidEdit(N_('The code "{code}" is already used.'), "code", code=code)


def _changed_fields(row: Row[Any], wanted: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(old, new) of the fields of `wanted` that differ from `row`."""
    old = {k: row._mapping[k] for k in wanted if row._mapping[k] != wanted[k]}
    return old, {k: wanted[k] for k in old}


#: Entities of organisation edits (services.organisation): compiled plans reload after them.
ORGANISATION_ENTITIES = frozenset({"unit", "employee", "objective_holder"})


def _done(conn: Connection, plan: Row[Any], steps: list[dict[str, Any]] | None = None) -> int:
    """Record what the structure edit changed (its steps: compiled plans follow them, or
    reload without them or after an organisation edit) and return the revision."""
    if steps and not any(step["entity"] in ORGANISATION_ENTITIES for step in steps):
        changes.record(conn, plan.code, changes.STRUCTURE, changes.structure_items(steps))
    else:
        changes.record(conn, plan.code, changes.RELOAD)
    return read_revision(conn)


def _check_edit(conn: Connection, plan: Row[Any], steps: list[dict[str, Any]],
                with_data: bool = False) -> None:
    """Refuse (InvalidPlan) an edit that breaks a cascade rule where it touched the plan
    (services.neighbourhood: the whole-plan validation's errors, found on what changed)."""
    errors = neighbourhood.errors(conn, plan.id, neighbourhood.touched_by(steps),
                                  with_data=with_data)
    if errors:
        raise InvalidPlan(errors)


@contextmanager
def _edit(conn: Connection, user: User, plan: Row[Any], msgid: str, undo_of: int | None = None,
          **params: Any) -> Iterator[list[dict[str, Any]]]:
    """Keep what the block audits as one edit of the history (`edit_history`, `undo_edit`);
    yields the steps collected so far."""
    with audit.collecting() as steps:
        yield steps
    if steps:
        edit_id = stored_edits.append_edit(conn, plan.id, user.username,
                                           {"msgid": msgid, "params": params}, steps, undo_of)
        if undo_of is not None:
            stored_edits.mark_undone(conn, undo_of, edit_id)


#: The edit of the history (services.organisation keeps its changes as edits too).
kept_edit = _edit


@dataclass
class _Checked:
    """A structure edit in progress: its steps, and the revision once it is validated and
    recorded (after the block of `_checked_edit`)."""

    steps: list[dict[str, Any]]
    revision: int = 0


@contextmanager
def _checked_edit(conn: Connection, user: User, plan: Row[Any], msgid: str, *,
                  with_data: bool = False, undo_of: int | None = None,
                  **params: Any) -> Iterator[_Checked]:
    """One structure edit: kept in the history (`_edit`), then validated where it touched the
    plan (`_check_edit`, nothing written when it is refused) and recorded for the compiled
    plans (`_done`); its revision is in `.revision` after the block."""
    with _edit(conn, user, plan, msgid, undo_of, **params) as steps:
        edit = _Checked(steps)
        yield edit
    _check_edit(conn, plan, steps, with_data)
    edit.revision = _done(conn, plan, steps)


# -- links ------------------------------------------------------------------------------------


def _add_link(conn: Connection, user: User, plan: Row[Any], link: LinkValue,
              reason: str | None) -> None:
    structure.add_link(conn, plan.id, link.parent, link.child, float(link.weight))
    key = f"{link.parent}>{link.child}"
    audit.record(conn, user, plan.code, "link", key, "add", None, asdict(link), reason)


def _remove_link(conn: Connection, user: User, plan: Row[Any], link: Row[Any],
                 reason: str | None) -> None:
    structure.delete_link(conn, link.id)
    old = {"parent": link.parent, "child": link.child, "weight": link.weight}
    key = f"{link.parent}>{link.child}"
    audit.record(conn, user, plan.code, "link", key, "remove", old, None, reason)


def add_link(db: Database, user: User | None, plan_code: str | None, parent: str, child: str,
             weight: float = 1.0, *, reason: str | None = None) -> int:
    """Link `child` under one more parent (crosscutting) with its weight."""
    user = _editor(user, child)
    weight = number(weight, WEIGHT)
    if weight < 0:
        raise InvalidEdit(N_("A weight cannot be negative."), "weight")
    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        units = [_objective_unit(conn, plan.id, parent), _objective_unit(conn, plan.id, child)]
        _in_scope(conn, user, plan, units, child)
        if structure.links_to(conn, plan.id, child, parent):
            raise InvalidEdit(N_('"{child}" is already under "{parent}".'), "parent",
                              child=child, parent=parent)
        with _checked_edit(conn, user, plan, N_("Link {child} under {parent}"), child=child,
                           parent=parent) as edit:
            _add_link(conn, user, plan, LinkValue(parent, child, weight), reason)
        return edit.revision


def remove_link(db: Database, user: User | None, plan_code: str | None, parent: str,
                child: str, *, reason: str | None = None) -> int:
    """Remove one cascade link (the child stays; without parents it is unaligned)."""
    user = _editor(user, child)
    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        units = [_objective_unit(conn, plan.id, parent), _objective_unit(conn, plan.id, child)]
        _in_scope(conn, user, plan, units, child)
        links = structure.links_to(conn, plan.id, child, parent)
        if not links:
            raise InvalidEdit(N_('"{child}" is not under "{parent}".'), "parent",
                              child=child, parent=parent)
        with _checked_edit(conn, user, plan, N_("Unlink {child} from {parent}"), child=child,
                           parent=parent) as edit:
            _remove_link(conn, user, plan, links[0], reason)
        return edit.revision


# -- objectives -------------------------------------------------------------------------------


def add_objective(
    db: Database,
    user: User | None,
    plan_code: str | None,
    objective: Objective,
    *,
    parent: str | None,
    weight: float = 1.0,
    reason: str | None = None,
) -> int:
    """Add an objective under `parent` (None only for the vision); returns the revision."""
    user = _editor(user, objective.code)
    _check_code("objective.code", objective.code)
    values = asdict(objective)
    _check_objective_fields(values)
    weight = number(weight, WEIGHT)
    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        units = [objective.unit]
        if parent is not None:
            units.append(_objective_unit(conn, plan.id, parent))
        _in_scope(conn, user, plan, units, objective.code)
        _refuse_taken(conn, plan.id, objective.code)
        with _checked_edit(conn, user, plan, N_("Add {code}"), code=objective.code) as edit:
            structure.add_objective(conn, plan.id, values)
            audit.record(conn, user, plan.code, "objective", objective.code, "add", None,
                         values, reason)
            if parent is not None:
                _add_link(conn, user, plan, LinkValue(parent, objective.code, weight), reason)
        return edit.revision


def update_objective(db: Database, user: User | None, plan_code: str | None, code: str, *,
                     reason: str | None = None, **changed: Any) -> int:
    """Change fields of an objective (name, level, perspective, unit, owner)."""
    user = _editor(user, code)
    _refuse_unknown_fields(changed, OBJECTIVE_FIELDS)
    _check_objective_fields(changed)
    return _update_item(db, user, plan_code, "objective", code, changed, reason)


def _update_item(db: Database, user: User, plan_code: str | None, entity: str, code: str,
                 changed: dict[str, Any], reason: str | None) -> int:
    """Write and audit the fields of an objective or indicator that `changed` sets to new
    values, then validate the plan (with its data when an indicator changed)."""
    is_indicator = entity == "indicator"
    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        find = existing_indicator if is_indicator else existing_objective
        row = find(conn, plan.id, code)
        units = [row.unit] if not is_indicator else [_objective_unit(conn, plan.id,
                                                                      row.objective)]
        if "objective" in changed:
            units.append(_objective_unit(conn, plan.id, changed["objective"]))
        if "unit" in changed:
            units.append(changed["unit"])
        _in_scope(conn, user, plan, units, code)
        old, new = _changed_fields(row, changed)
        if not new:
            return read_revision(conn)
        with _edit(conn, user, plan, N_("Change {code}"), code=code) as steps:
            (structure.update_indicator if is_indicator else structure.update_objective)(
                conn, row.id, new
            )
            audit.record(conn, user, plan.code, entity, code, "update", old, new, reason)
        if set(new) == {"name"}:  # a name moves no score and breaks no cascade rule
            changes.record(conn, plan.code, changes.NAMES, [(code, new["name"])])
            return read_revision(conn)
        if not set(new) <= LOCAL_FIELDS:  # perspectives and measure units are checked above
            _check_edit(conn, plan, steps, with_data=is_indicator)
        return _done(conn, plan, steps)


def move_objective(
    db: Database,
    user: User | None,
    plan_code: str | None,
    code: str,
    new_parent: str,
    *,
    old_parent: str | None = None,
    weight: float | None = None,
    reason: str | None = None,
) -> int:
    """Move an objective under `new_parent` (from `old_parent`, or from all its parents)."""
    user = _editor(user, code)
    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        row = existing_objective(conn, plan.id, code)
        _in_scope(conn, user, plan, [row.unit, _objective_unit(conn, plan.id, new_parent)],
                  code)
        if new_parent == code:
            raise InvalidEdit(N_("An objective cannot be moved under itself."), "parent")
        old_links = structure.links_to(conn, plan.id, code, old_parent)
        if old_parent is not None and not old_links:
            raise NotFound(Message(LINK_NOT_FOUND, {"parent": old_parent, "code": code}))
        with _checked_edit(conn, user, plan, N_("Move {code} under {parent}"), code=code,
                           parent=new_parent) as edit:
            for link in old_links:
                _remove_link(conn, user, plan, link, reason)
            if weight is None:
                weight = old_links[0].weight if old_links else 1.0
            if not structure.links_to(conn, plan.id, code, new_parent):
                link = LinkValue(new_parent, code, number(weight, WEIGHT))
                _add_link(conn, user, plan, link, reason)
        return edit.revision


@dataclass
class Removal:
    """What removing an objective or indicator takes with it (shown before a cascade removal):
    objectives and indicators removed, links cut, targets and realization entries deleted."""

    code: str
    objectives: list[str] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    targets: int = 0
    realizations: int = 0
    children: list[str] = field(default_factory=list)

    @property
    def has_data(self) -> bool:
        """Whether targets or realizations would be deleted."""
        return bool(self.targets or self.realizations)


def _removal(conn: Connection, plan_id: int, code: str) -> Removal:
    """The removal of an objective with everything below it: a descendant goes when all its
    parents go (a crosscutting child with another parent only loses its link)."""
    existing_objective(conn, plan_id, code)
    result = Removal(code, children=structure.child_objectives(conn, plan_id, code))
    removed, queue = {code}, [code]
    order = [code]
    while queue:
        parent = queue.pop(0)
        for child in structure.child_objectives(conn, plan_id, parent):
            if child in removed:
                continue
            parents = {link.parent for link in structure.links_to(conn, plan_id, child)}
            if parents <= removed:
                removed.add(child)
                order.append(child)
                queue.append(child)
    result.objectives = order
    for objective in order:
        result.indicators += structure.indicators_of(conn, plan_id, objective)
        for link in structure.links_to(conn, plan_id, objective):
            result.links.append(f"{link.parent}>{link.child}")
        for link in structure.links_from(conn, plan_id, objective):
            if link.child not in removed:
                result.links.append(f"{link.parent}>{link.child}")
    result.targets = sum(len(structure.targets_of(conn, plan_id, i)) for i in result.indicators)
    result.realizations = structure.realization_count(conn, plan_id, result.indicators)
    return result


def removal_preview(db: Database, plan_code: str | None, code: str) -> Removal:
    """What `remove_objective(..., cascade=True)` of `code` would remove (an indicator code:
    the indicator with its targets and realizations)."""
    with db.read() as conn:
        plan = plan_row(conn, plan_code)
        if structure.find_indicator(conn, plan.id, code) is not None:
            return _indicator_removal(conn, plan.id, code)
        return _removal(conn, plan.id, code)


def _indicator_removal(conn: Connection, plan_id: int, code: str) -> Removal:
    return Removal(code, indicators=[code],
                   targets=len(structure.targets_of(conn, plan_id, code)),
                   realizations=structure.realization_count(conn, plan_id, [code]))


def _refuse_with_data(removal: Removal) -> None:
    if removal.children:
        raise InvalidEdit(N_('"{code}" still has child objectives: {children}.'), None,
                          code=removal.code, children=", ".join(removal.children))
    if removal.has_data:
        raise InvalidEdit(
            N_('"{code}" still has {targets} targets and {realizations} realization entries; '
               'remove it with everything below to delete them.'),
            None, code=removal.code, targets=removal.targets,
            realizations=removal.realizations)


def _remove_indicator(conn: Connection, user: User, plan: Row[Any], code: str,
                      reason: str | None) -> None:
    row = existing_indicator(conn, plan.id, code)
    for target in structure.targets_of(conn, plan.id, code):
        old = {"value": target.value, "low": target.low, "high": target.high}
        audit.record(conn, user, plan.code, "target", f"{code}@{target.period}", "remove", old,
                     None, reason)
    count = structure.realization_count(conn, plan.id, [code])
    if count:
        audit.record(conn, user, plan.code, "realizations", code, "remove", {"count": count},
                     None, reason)
    manual = stored_edits.find_manual(conn, plan.id, code)
    if manual is not None:
        old = {f: manual._mapping[f] for f in MANUAL_FIELDS}
        stored_edits.delete_manual(conn, plan.id, code)
        audit.record(conn, user, plan.code, "indicator_manual", code, "remove", old, None,
                     reason)
    old = {f: row._mapping[f] for f in repository.ENTITY["indicators"].fields}
    structure.delete_indicator(conn, plan.id, code, row.id)
    audit.record(conn, user, plan.code, "indicator", code, "remove", old, None, reason)


def _remove_objective_row(conn: Connection, user: User, plan: Row[Any], code: str,
                          reason: str | None) -> None:
    row = existing_objective(conn, plan.id, code)
    for indicator in structure.indicators_of(conn, plan.id, code):
        _remove_indicator(conn, user, plan, indicator, reason)
    for link in structure.links_to(conn, plan.id, code) + structure.links_from(conn, plan.id,
                                                                               code):
        _remove_link(conn, user, plan, link, reason)
    for causal in structure.causal_links_of(conn, plan.id, code):
        structure.delete_causal_link(conn, plan.id, causal.cause, causal.effect)
        audit.record(conn, user, plan.code, "causal_link", f"{causal.cause}>{causal.effect}",
                     "remove", {"cause": causal.cause, "effect": causal.effect}, None, reason)
    old = {f: row._mapping[f] for f in repository.ENTITY["objectives"].fields}
    structure.delete_objective(conn, plan.id, code, row.id)
    audit.record(conn, user, plan.code, "objective", code, "remove", old, None, reason)


def remove_objective(
    db: Database, user: User | None, plan_code: str | None, code: str, *,
    cascade: bool = False, reason: str | None = None
) -> int:
    """Remove an objective. Refused with the reason while it has child objectives or data
    (targets, realizations) unless `cascade`: then everything `removal_preview` lists goes."""
    user = _editor(user, code)
    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        removal = _removal(conn, plan.id, code)
        units = [structure.find_objective(conn, plan.id, c).unit for c in removal.objectives]
        _in_scope(conn, user, plan, units, code)
        if not cascade:
            _refuse_with_data(removal)
        msgid = N_("Remove {code} with everything below") if cascade else N_("Remove {code}")
        with _checked_edit(conn, user, plan, msgid, code=code) as edit:
            for objective in reversed(removal.objectives):
                _remove_objective_row(conn, user, plan, objective, reason)
        return edit.revision


# -- indicators and targets -------------------------------------------------------------------


def add_indicator(
    db: Database,
    user: User | None,
    plan_code: str | None,
    indicator: Indicator,
    *,
    reason: str | None = None,
) -> int:
    """Add an indicator under its objective."""
    user = _editor(user, indicator.code)
    _check_code("indicator.code", indicator.code)
    entity = repository.ENTITY["indicators"]
    values = dict(zip(entity.fields, repository.values_of(entity, indicator), strict=True))
    _check_indicator_fields(values)
    number(values["weight"], WEIGHT)
    _check_texts(values)
    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        _in_scope(conn, user, plan, [_objective_unit(conn, plan.id, indicator.objective)],
                  indicator.code)
        _refuse_taken(conn, plan.id, indicator.code)
        with _checked_edit(conn, user, plan, N_("Add {code}"), code=indicator.code) as edit:
            structure.add_indicator(conn, plan.id, values)
            audit.record(conn, user, plan.code, "indicator", indicator.code, "add", None,
                         values, reason)
        return edit.revision


def update_indicator(db: Database, user: User | None, plan_code: str | None, code: str, *,
                     reason: str | None = None, **changed: Any) -> int:
    """Change fields of an indicator (weights change through ``set_weights``)."""
    user = _editor(user, code)
    _refuse_unknown_fields(changed, INDICATOR_FIELDS, weight_hint=True)
    _check_indicator_fields(changed)
    _check_texts(changed)
    return _update_item(db, user, plan_code, "indicator", code, changed, reason)


def remove_indicator(
    db: Database, user: User | None, plan_code: str | None, code: str, *,
    cascade: bool = False, reason: str | None = None
) -> int:
    """Remove an indicator; refused while it has targets or realizations unless `cascade`."""
    user = _editor(user, code)
    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        row = existing_indicator(conn, plan.id, code)
        _in_scope(conn, user, plan, [_objective_unit(conn, plan.id, row.objective)], code)
        if not cascade:
            _refuse_with_data(_indicator_removal(conn, plan.id, code))
        with _checked_edit(conn, user, plan, N_("Remove {code}"), code=code) as edit:
            _remove_indicator(conn, user, plan, code, reason)
        return edit.revision


def indicator_manual(db: Database, plan_code: str | None, code: str) -> dict[str, Any]:
    """The IKU flag and Manual IKU of an indicator (empty fields when none is kept)."""
    with db.read() as conn:
        plan = plan_row(conn, plan_code)
        existing_indicator(conn, plan.id, code)
        row = stored_edits.find_manual(conn, plan.id, code)
    if row is None:
        return {"iku": False, **dict.fromkeys(MANUAL_TEXT_FIELDS, "")}
    return {f: row._mapping[f] for f in MANUAL_FIELDS}


def indicator_manuals(db: Database, plan_code: str | None) -> dict[str, dict[str, Any]]:
    """Every kept IKU flag and Manual IKU of a plan, by indicator code."""
    with db.read() as conn:
        return stored_edits.manuals(conn, plan_row(conn, plan_code).id)


def set_indicator_manual(db: Database, user: User | None, plan_code: str | None, code: str, *,
                         reason: str | None = None, **changed: Any) -> int:
    """Set the IKU flag (`iku`) and Manual IKU fields (definition, formula, data_source,
    collector, schedule) of an indicator."""
    user = _editor(user, code)
    _refuse_unknown_fields(changed, MANUAL_FIELDS)
    if "iku" in changed and not isinstance(changed["iku"], bool):
        raise InvalidEdit(N_("Choose yes or no."), "iku")
    for name in MANUAL_TEXT_FIELDS:
        if name in changed:
            changed[name] = str(changed[name] or "").strip()
    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        row = existing_indicator(conn, plan.id, code)
        _in_scope(conn, user, plan, [_objective_unit(conn, plan.id, row.objective)], code)
        stored = stored_edits.find_manual(conn, plan.id, code)
        current = ({"iku": False, **dict.fromkeys(MANUAL_TEXT_FIELDS, "")} if stored is None
                   else {f: stored._mapping[f] for f in MANUAL_FIELDS})
        old = {k: current[k] for k in changed if current[k] != changed[k]}
        new = {k: changed[k] for k in old}
        if not new:
            return read_revision(conn)
        with _edit(conn, user, plan, N_("Change the Manual IKU of {code}"), code=code):
            stored_edits.put_manual(conn, plan.id, code, {**current, **new})
            audit.record(conn, user, plan.code, "indicator_manual", code,
                         "add" if stored is None else "update",
                         None if stored is None else current, {**current, **new}, reason)
        return read_revision(conn)


def target_values(value: float | None, low: float | None, high: float | None
                  ) -> dict[str, float | None] | None:
    """The stored target (None: remove it); InvalidEdit for a negative value or a bad range.
    The workshop's grid checks each typed cell with it too."""
    if value is not None and (low is not None or high is not None):
        raise InvalidEdit(N_("Give a value or a range, not both."), "value")
    if (low is None) != (high is None):
        raise InvalidEdit(N_("A range needs a low and a high bound."),
                          "high" if high is None else "low")
    if value is not None:
        value = number(value, "target")
        if value < 0:
            raise InvalidEdit(N_("A negative target is not allowed: {value}."), "value",
                              value=value)
    if low is not None and high is not None:
        low, high = number(low, "low"), number(high, "high")
        if not 0 < low <= high:
            raise InvalidEdit(N_("Invalid range [{low}, {high}]: 0 < low ≤ high."), "low",
                              low=low, high=high)
    if value is None and low is None:
        return None
    return {"value": value, "low": low, "high": high}


def _put_target(conn: Connection, user: User, plan: Row[Any], indicator: str, period: str,
                new: dict[str, float | None] | None, reason: str | None) -> bool:
    """Write one target (None: remove it) with its audit record; False when unchanged."""
    refuse_closed(conn, plan.id, period)
    row = structure.find_target(conn, plan.id, indicator, period)
    old = None if row is None else {"value": row.value, "low": row.low, "high": row.high}
    if old == new:
        return False
    if row is None:
        structure.add_target(conn, plan.id, indicator, period, new or {})
        action = "add"
    elif new is None:
        structure.delete_target(conn, row.id)
        action = "remove"
    else:
        structure.update_target(conn, row.id, new)
        action = "update"
    key = f"{indicator}@{period}"
    audit.record(conn, user, plan.code, "target", key, action, old, new, reason)
    return True


def set_target(db: Database, user: User | None, plan_code: str | None, indicator: str,
               period: str, value: float | None = None, *, low: float | None = None,
               high: float | None = None, reason: str | None = None) -> int:
    """Set a target value or range [low, high]; all None removes the target."""
    return set_targets(db, user, plan_code, indicator, {period: (value, low, high)},
                       reason=reason)


TargetEntry = tuple[float | None, float | None, float | None]  # value, low, high


class _Unchanged:
    """The baseline argument left out: the stored baseline stays as it is."""

    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED = _Unchanged()
BASELINE = "baseline"  # the place of a refused baseline, and the audit entity


def baseline_value(value: float | None) -> float | None:
    """A baseline as stored (None: remove it); ServiceError unless a finite number. A
    baseline is a measured value, so it may be negative (economic growth in 2020)."""
    return None if value is None else number(value, "baseline")


def set_targets(db: Database, user: User | None, plan_code: str | None, indicator: str,
                entries: dict[str, TargetEntry], *,
                baseline: float | _Unchanged | None = UNCHANGED,
                reason: str | None = None) -> int:
    """Set several targets of one indicator in one edit: period -> (value, low, high), all
    None removing it; with `baseline`, also its value in the year before the plan (None
    removes it). Every entry is checked first (the first bad one refused with its period, or
    "baseline", as place); nothing is written unless all are good."""
    user = _editor(user, indicator, Action.CHANGE_TARGETS)
    wanted: dict[str, dict[str, float | None] | None] = {}
    for period, (value, low, high) in entries.items():
        try:
            wanted[period] = target_values(value, low, high)
        except InvalidEdit as exc:
            exc.field = period
            raise
    if not isinstance(baseline, _Unchanged):
        try:
            baseline = baseline_value(baseline)
        except ServiceError as exc:
            raise InvalidEdit(N_("A baseline must be a number: {value}"), BASELINE,
                              value=repr(baseline)) from exc
    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        row_indicator = existing_indicator(conn, plan.id, indicator)
        _in_scope(conn, user, plan, [_objective_unit(conn, plan.id, row_indicator.objective)],
                  indicator, Action.CHANGE_TARGETS)
        checked = {check_period(plan, period): new for period, new in wanted.items()}
        changed = False
        keys = [*checked, *(() if isinstance(baseline, _Unchanged) else (BASELINE,))]
        msgid = N_("Baseline {key}") if keys == [BASELINE] else N_("Target {key}")
        label = (f"{indicator}@{keys[0]}" if len(keys) == 1 else f"{indicator} ({len(keys)})")
        with _edit(conn, user, plan, msgid, key=label) as steps:
            for period, new in checked.items():
                changed = _put_target(conn, user, plan, indicator, period, new, reason) or changed
            if not isinstance(baseline, _Unchanged):
                changed = _put_baseline(conn, user, plan, indicator, baseline, reason) or changed
        if not changed:
            return read_revision(conn)
        return _done(conn, plan, steps)


def baseline_year(plan: Any) -> int:
    """The year of a plan's baselines: the year before its first year."""
    return int(plan.start_year) - 1


def _put_baseline(conn: Connection, user: User, plan: Row[Any], indicator: str,
                  value: float | None, reason: str | None) -> bool:
    """Write an indicator's baseline (None: remove it) with its audit record; False when
    unchanged."""
    year = baseline_year(plan)
    stored = stored_edits.find_baseline(conn, plan.id, indicator, year)
    if stored == value:
        return False
    stored_edits.put_baseline(conn, plan.id, indicator, year, value)
    action = "add" if stored is None else "remove" if value is None else "update"
    audit.record(conn, user, plan.code, BASELINE, f"{indicator}@{year}", action,
                 None if stored is None else {"value": stored},
                 None if value is None else {"value": value}, reason)
    return True


def baseline_of(db: Database, plan_code: str | None, indicator: str) -> float | None:
    """An indicator's baseline: its value in the year before the plan (None when not kept)."""
    with db.read() as conn:
        plan = plan_row(conn, plan_code)
        existing_indicator(conn, plan.id, indicator)
        return stored_edits.find_baseline(conn, plan.id, indicator, baseline_year(plan))


def baselines_of(db: Database, plan_code: str | None) -> dict[str, float]:
    """Every kept baseline of a plan (the year before the plan), by indicator code."""
    with db.read() as conn:
        plan = plan_row(conn, plan_code)
        return stored_edits.baselines(conn, plan.id, baseline_year(plan))


def targets_of(db: Database, plan_code: str | None, indicator: str
               ) -> dict[str, float | tuple[float, float]]:
    """An indicator's targets by period: a value, or (low, high) for a range."""
    with db.read() as conn:
        plan = plan_row(conn, plan_code)
        existing_indicator(conn, plan.id, indicator)
        rows = structure.targets_of(conn, plan.id, indicator)
    return {r.period: (r.value if r.low is None else (r.low, r.high)) for r in rows}


# -- the history: undo -------------------------------------------------------------------------


def edit_history(db: Database, plan_code: str | None, limit: int = 20) -> list[dict[str, Any]]:
    """The plan's newest structure edits first: id, at, username, label (msgid and params),
    undo_of, undone_by and steps (entity, key, action, old, new)."""
    with db.read() as conn:
        return stored_edits.recent_edits(conn, plan_row(conn, plan_code).id, limit)


INVERSE = {"add": "remove", "remove": "add", "update": "update"}


def _conflict(key: str) -> InvalidEdit:
    return InvalidEdit(N_('This edit can no longer be undone: "{key}" changed since.'), None,
                       key=key)


def _same(row: Row[Any] | None, values: dict[str, Any] | None) -> bool:
    """Whether a row still holds `values` (every given field)."""
    return row is not None and all(row._mapping[k] == v for k, v in (values or {}).items())


def _undo_step(conn: Connection, plan_id: int, step: dict[str, Any]) -> None:
    """Apply the inverse of one step; InvalidEdit when what it changed has changed since."""
    entity, key, action = step["entity"], step["key"], step["action"]
    old, new = step["old"], step["new"]
    if entity in ("objective", "indicator"):
        find = structure.find_objective if entity == "objective" else structure.find_indicator
        row = find(conn, plan_id, key)
        if action == "add":
            if not _same(row, new):
                raise _conflict(key)
            if entity == "indicator":
                if structure.targets_of(conn, plan_id, key) or structure.realization_count(
                        conn, plan_id, [key]):
                    raise _conflict(key)
                structure.delete_indicator_row(conn, plan_id, key)
            else:
                structure.delete_objective_row(conn, plan_id, key)
        elif action == "remove":
            if structure.code_taken(conn, plan_id, key):
                raise _conflict(key)
            add = structure.add_objective if entity == "objective" else structure.add_indicator
            add(conn, plan_id, old)
        else:
            if not _same(row, new):
                raise _conflict(key)
            update = (structure.update_objective if entity == "objective"
                      else structure.update_indicator)
            update(conn, row.id, old)
    elif entity == "link":
        parent, child = key.split(">", 1)
        links = structure.links_to(conn, plan_id, child, parent)
        if action == "add":
            if not links:
                raise _conflict(key)
            structure.delete_link(conn, links[0].id)
        elif action == "remove":
            if links:
                raise _conflict(key)
            structure.add_link(conn, plan_id, parent, child, float(old["weight"]))
        else:
            if not links or links[0].weight != new["weight"]:
                raise _conflict(key)
            structure.set_link_weight(conn, links[0].id, float(old["weight"]))
    elif entity == "target":
        indicator, period = key.rsplit("@", 1)
        row = structure.find_target(conn, plan_id, indicator, period)
        if action == "remove":
            if row is not None:
                raise _conflict(key)
            structure.add_target(conn, plan_id, indicator, period, old)
        else:
            if not _same(row, new):
                raise _conflict(key)
            if action == "add":
                structure.delete_target(conn, row.id)
            else:
                structure.update_target(conn, row.id, old)
    elif entity == "causal_link":
        cause, effect = key.split(">", 1)
        drawn = any(r.cause == cause and r.effect == effect
                    for r in structure.causal_links_of(conn, plan_id, cause))
        if drawn == (action == "remove"):
            raise _conflict(key)
        if action == "remove":
            structure.add_causal_link(conn, plan_id, cause, effect)
        else:
            structure.delete_causal_link(conn, plan_id, cause, effect)
    elif entity == "map_position":
        from ekinerja.services.maps import undo_position

        if not undo_position(conn, plan_id, step):
            raise _conflict(key)
    elif entity == BASELINE:
        indicator, year = key.rsplit("@", 1)
        value = stored_edits.find_baseline(conn, plan_id, indicator, int(year))
        if value != (new or {}).get("value"):
            raise _conflict(key)
        stored_edits.put_baseline(conn, plan_id, indicator, int(year),
                                  None if old is None else float(old["value"]))
    elif entity == "indicator_manual":
        row = stored_edits.find_manual(conn, plan_id, key)
        if action != "remove" and not _same(row, new):
            raise _conflict(key)
        if action == "add":
            stored_edits.delete_manual(conn, plan_id, key)
        else:
            stored_edits.put_manual(conn, plan_id, key, old)
    elif entity in ORGANISATION_ENTITIES:
        from ekinerja.services.organisation import undo_step

        if not undo_step(conn, plan_id, step):
            raise _conflict(key)
    else:
        raise InvalidEdit(N_("This edit cannot be undone: it deleted realizations."), None)


def undo_edit(db: Database, user: User | None, plan_code: str | None, edit_id: int, *,
              reason: str | None = None) -> int:
    """Undo one structure edit of the history: its steps reversed, validated, audited and kept
    as a new edit (which can be undone in turn). Planners and admins undo any edit, a head
    their own; refused when what it changed has changed since."""
    user = _editor(user, f"#{edit_id}")
    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        edit = stored_edits.find_edit(conn, plan.id, int(edit_id))
        if edit is None:
            raise NotFound(Message(EDIT_NOT_FOUND, {"edit": str(edit_id)}))
        if not policy.may(user, Action.CHANGE_STRUCTURE) and edit.username != user.username:
            raise PermissionDenied(policy.refusal(user, Action.CHANGE_STRUCTURE, f"#{edit_id}"))
        if edit.undone_by is not None:
            raise InvalidEdit(N_("This edit was undone already."), None)
        steps = list(edit.steps)
        if any(step["entity"] == "realizations" for step in steps):
            raise InvalidEdit(N_("This edit cannot be undone: it deleted realizations."), None)
        label = edit.label or {}
        with _checked_edit(conn, user, plan, N_("Undo: {edit}"), with_data=True,
                           undo_of=edit.id, edit=int(edit.id), label=label) as undone:
            for step in reversed(steps):
                _undo_step(conn, plan.id, step)
                audit.record(conn, user, plan.code, step["entity"], step["key"],
                             INVERSE[step["action"]], step["new"], step["old"],
                             reason or f"undo #{edit.id}")
        return undone.revision


# -- a new plan --------------------------------------------------------------------------------


def start_plan(db: Database, user: User | None, doc: PlanDocument, *,
               reason: str | None = None) -> int:
    """Create a plan that has no objectives yet (its units and employees may come with it):
    the cascade is then built in the app, starting with the vision. Planners and admins."""
    from ekinerja.services.importing import _Import

    user = require(user, Action.CHANGE_STRUCTURE, doc.plan.code)
    if doc.objectives or doc.indicators or doc.links or doc.targets or doc.realizations:
        raise InvalidEdit(N_("A new plan starts without objectives; import a whole plan "
                             "instead."), "objectives")
    errors = [p for p in validation_errors(doc) if p.place != "objectives"]
    if errors:
        raise InvalidPlan(errors)
    with db.write() as conn:
        if repository.find_plan(conn, doc.plan.code) is not None:
            raise InvalidEdit(N_('The code "{code}" is already used.'), "code",
                              code=doc.plan.code)
        _Import(conn, user, doc, False, None, reason).create()
        return read_revision(conn)
