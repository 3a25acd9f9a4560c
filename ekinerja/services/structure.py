"""Changing the cascade: objectives, indicators, links and targets, each change validated.

A change that would leave the plan invalid (a cycle, a level above its parent, a second
vision...) is refused with every problem named, and nothing is written.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy import Connection, Row

from ekinerja.gcpause import no_gc
from ekinerja.model import (
    LEVELS,
    PERSPECTIVES,
    Indicator,
    InvalidPlan,
    Objective,
    PlanDocument,
    Problem,
)
from ekinerja.model import Link as LinkValue
from ekinerja.services import audit
from ekinerja.services.access import Action, User, require
from ekinerja.services.errors import NotFound, ServiceError
from ekinerja.services.inputs import WEIGHT, number, text
from ekinerja.services.periods import check_period, refuse_closed
from ekinerja.services.plans import plan_row
from ekinerja.storage import changes, repository, structure
from ekinerja.storage.database import Database, read_revision

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
        raise NotFound(f'sasaran tidak ditemukan / objective not found: "{code}"')
    return row


def existing_indicator(conn: Connection, plan_id: int, code: str) -> Row[Any]:
    """The indicator row of a code; NotFound when there is none."""
    row = structure.find_indicator(conn, plan_id, code)
    if row is None:
        raise NotFound(f'indikator tidak ditemukan / indicator not found: "{code}"')
    return row


def _check_objective_fields(values: dict[str, Any]) -> None:
    if "level" in values and values["level"] not in LEVELS:
        raise ServiceError(f'tingkat tidak dikenal / unknown level "{values["level"]}"')
    if values.get("perspective") is not None and values["perspective"] not in PERSPECTIVES:
        raise ServiceError(
            f'perspektif tidak dikenal / unknown perspective "{values["perspective"]}"'
        )
    if "name" in values and not str(values["name"]).strip():
        raise ServiceError("nama kosong / empty name")
    _check_texts(values)


def _check_code(place: str, code: object) -> None:
    """Refuse (InvalidPlan, before anything is written) a code breaking the rule of codes."""
    from ekinerja import textrules

    problem = textrules.text_problem(code, "code") if isinstance(code, str) else None
    if not isinstance(code, str) or not code or problem is not None:
        text = problem.bilingual() if problem else "kode tidak sah / invalid code"
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
        raise ServiceError(
            "kolom tidak dikenal / unknown fields: "
            + ", ".join(unknown)
            + (
                " (bobot lewat set_weights / weights through set_weights)"
                if weight_hint and "weight" in unknown
                else ""
            )
        )


def _refuse_taken(conn: Connection, plan_id: int, code: str) -> None:
    if structure.code_taken(conn, plan_id, code):
        raise ServiceError(f'kode sudah dipakai / code already used: "{code}"')


def _changed_fields(row: Row[Any], wanted: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(old, new) of the fields of `wanted` that differ from `row`."""
    old = {k: row._mapping[k] for k in wanted if row._mapping[k] != wanted[k]}
    return old, {k: wanted[k] for k in old}


def _done(conn: Connection, plan: Row[Any]) -> int:
    """Record that the structure changed (compiled plans reload) and return the revision."""
    changes.record(conn, plan.code, changes.RELOAD)
    return read_revision(conn)


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
    user = require(user, Action.CHANGE_STRUCTURE, objective.code)
    _check_code("objective.code", objective.code)
    values = asdict(objective)
    _check_objective_fields(values)
    weight = number(weight, WEIGHT)
    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        _refuse_taken(conn, plan.id, objective.code)
        structure.add_objective(conn, plan.id, values)
        audit.record(conn, user, plan.code, "objective", objective.code, "add", None, values,
                     reason)
        if parent is not None:
            existing_objective(conn, plan.id, parent)
            _add_link(conn, user, plan, LinkValue(parent, objective.code, weight), reason)
        _validate(conn, plan)
        return _done(conn, plan)


def update_objective(db: Database, user: User | None, plan_code: str | None, code: str, *,
                     reason: str | None = None, **changed: Any) -> int:
    """Change fields of an objective (name, level, perspective, unit, owner)."""
    user = require(user, Action.CHANGE_STRUCTURE, code)
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
        if "objective" in changed:
            existing_objective(conn, plan.id, changed["objective"])
        old, new = _changed_fields(row, changed)
        if not new:
            return read_revision(conn)
        (structure.update_indicator if is_indicator else structure.update_objective)(
            conn, row.id, new
        )
        audit.record(conn, user, plan.code, entity, code, "update", old, new, reason)
        if set(new) == {"name"}:  # a name moves no score and breaks no cascade rule
            changes.record(conn, plan.code, changes.NAMES, [(code, new["name"])])
            return read_revision(conn)
        _validate(conn, plan, with_data=is_indicator)
        return _done(conn, plan)


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
    user = require(user, Action.CHANGE_STRUCTURE, code)
    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        existing_objective(conn, plan.id, code)
        existing_objective(conn, plan.id, new_parent)
        old_links = structure.links_to(conn, plan.id, code, old_parent)
        if old_parent is not None and not old_links:
            raise NotFound(f'tautan tidak ditemukan / link not found: "{old_parent}>{code}"')
        for link in old_links:
            _remove_link(conn, user, plan, link, reason)
        if weight is None:
            weight = old_links[0].weight if old_links else 1.0
        if not structure.links_to(conn, plan.id, code, new_parent):
            link = LinkValue(new_parent, code, number(weight, WEIGHT))
            _add_link(conn, user, plan, link, reason)
        _validate(conn, plan)
        return _done(conn, plan)


def _remove_indicator(conn: Connection, user: User, plan: Row[Any], code: str,
                      reason: str | None) -> None:
    row = existing_indicator(conn, plan.id, code)
    old = {f: row._mapping[f] for f in repository.ENTITY["indicators"].fields}
    structure.delete_indicator(conn, plan.id, code, row.id)
    audit.record(conn, user, plan.code, "indicator", code, "remove", old, None, reason)


def remove_objective(
    db: Database, user: User | None, plan_code: str | None, code: str, *, reason: str | None = None
) -> int:
    """Remove an objective without child objectives, with its indicators, links and data."""
    user = require(user, Action.CHANGE_STRUCTURE, code)
    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        row = existing_objective(conn, plan.id, code)
        children = structure.child_objectives(conn, plan.id, code)
        if children:
            raise ServiceError(
                f'"{code}" masih punya sasaran anak / still has child objectives: '
                + ", ".join(children)
            )
        for indicator in structure.indicators_of(conn, plan.id, code):
            _remove_indicator(conn, user, plan, indicator, reason)
        for link in structure.links_to(conn, plan.id, code):
            _remove_link(conn, user, plan, link, reason)
        old = {f: row._mapping[f] for f in repository.ENTITY["objectives"].fields}
        structure.delete_objective(conn, plan.id, code, row.id)
        audit.record(conn, user, plan.code, "objective", code, "remove", old, None, reason)
        _validate(conn, plan)
        return _done(conn, plan)


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
    user = require(user, Action.CHANGE_STRUCTURE, indicator.code)
    _check_code("indicator.code", indicator.code)
    entity = repository.ENTITY["indicators"]
    values = dict(zip(entity.fields, repository.values_of(entity, indicator), strict=True))
    number(values["weight"], WEIGHT)
    _check_texts(values)
    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        _refuse_taken(conn, plan.id, indicator.code)
        existing_objective(conn, plan.id, indicator.objective)
        structure.add_indicator(conn, plan.id, values)
        audit.record(conn, user, plan.code, "indicator", indicator.code, "add", None, values,
                     reason)
        _validate(conn, plan)
        return _done(conn, plan)


def update_indicator(db: Database, user: User | None, plan_code: str | None, code: str, *,
                     reason: str | None = None, **changed: Any) -> int:
    """Change fields of an indicator (weights change through ``set_weights``)."""
    user = require(user, Action.CHANGE_STRUCTURE, code)
    _refuse_unknown_fields(changed, INDICATOR_FIELDS, weight_hint=True)
    if "name" in changed and not str(changed["name"]).strip():
        raise ServiceError("nama kosong / empty name")
    _check_texts(changed)
    return _update_item(db, user, plan_code, "indicator", code, changed, reason)


def remove_indicator(
    db: Database, user: User | None, plan_code: str | None, code: str, *, reason: str | None = None
) -> int:
    """Remove an indicator with its targets and realizations."""
    user = require(user, Action.CHANGE_STRUCTURE, code)
    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        _remove_indicator(conn, user, plan, code, reason)
        _validate(conn, plan)
        return _done(conn, plan)


def _target_values(value: float | None, low: float | None, high: float | None
                   ) -> dict[str, float | None] | None:
    """The stored target (None: remove it); ServiceError for a negative value or a bad range."""
    if value is not None and (low is not None or high is not None):
        raise ServiceError("nilai atau rentang, bukan keduanya / a value or a range, not both")
    if (low is None) != (high is None):
        raise ServiceError("rentang perlu low dan high / a range needs low and high")
    if value is not None:
        value = number(value, "target")
        if value < 0:
            raise ServiceError(f"target negatif / negative target: {value}")
    if low is not None and high is not None:
        low, high = number(low, "low"), number(high, "high")
        if not 0 < low <= high:
            raise ServiceError(
                f"rentang tidak sah / invalid range [{low}, {high}] (0 < low ≤ high)"
            )
    if value is None and low is None:
        return None
    return {"value": value, "low": low, "high": high}


def set_target(db: Database, user: User | None, plan_code: str | None, indicator: str,
               period: str, value: float | None = None, *, low: float | None = None,
               high: float | None = None, reason: str | None = None) -> int:
    """Set a target value or range [low, high]; all None removes the target."""
    user = require(user, Action.CHANGE_TARGETS, indicator)
    new = _target_values(value, low, high)
    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        period = check_period(plan, period)
        existing_indicator(conn, plan.id, indicator)
        refuse_closed(conn, plan.id, period)
        row = structure.find_target(conn, plan.id, indicator, period)
        old = None if row is None else {"value": row.value, "low": row.low, "high": row.high}
        if old == new:
            return read_revision(conn)
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
        return _done(conn, plan)
