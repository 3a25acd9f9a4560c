"""Weights of a parent's children: versioned changes, conflicts between planners, restoring.

Every change makes a new version of the parent's weights (the first also stores the weights
it replaced as version 1), so any version can be restored; a planner who saves weights that
someone else changed since they loaded them is refused (ConflictError) and nothing is written.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Row

from ekinerja.cascade import MAX_WEIGHT_SUM, weight_problem
from ekinerja.messages import N_, Message
from ekinerja.services import audit
from ekinerja.services.access import Action, User, require
from ekinerja.services.errors import ConflictError, NotFound, ServiceError
from ekinerja.services.inputs import WEIGHT, need_reason, number
from ekinerja.services.plans import plan_row
from ekinerja.services.structure import existing_objective
from ekinerja.storage import changes
from ekinerja.storage import weights as stored
from ekinerja.storage.database import Database, utc

CHANGED_BY_SOMEONE_ELSE = N_('the weights of "{parent}" were changed by someone else{by}: '
                             "version {version}, not {seen}; reload")


def weight_versions(db: Database, plan_code: str | None, parent: str) -> list[dict[str, Any]]:
    """Every stored version of a parent's weights, oldest first (empty: never changed)."""
    with db.read() as conn:
        rows = stored.weight_versions(conn, plan_row(conn, plan_code).id, parent)
    return [
        {
            "version": r.version,
            "author": r.author,
            "at": utc(r.at),
            "reason": r.reason,
            "weights": {k: float(v) for k, v in r.weights.items()},
        }
        for r in rows
    ]


def current_weights(
    db: Database, plan_code: str | None, parent: str
) -> tuple[int, dict[str, float]]:
    """(version, weights) of a parent now: pass the version back as ``seen_version``."""
    with db.read() as conn:
        plan = plan_row(conn, plan_code)
        existing_objective(conn, plan.id, parent)
        return (
            stored.weight_version(conn, plan.id, parent),
            stored.child_weights(conn, plan.id, parent),
        )


def _refuse_stale(conn: Connection, plan_id: int, parent: str, seen_version: int) -> int:
    """The parent's current version; ConflictError when it is not the one the user saw."""
    version = stored.weight_version(conn, plan_id, parent)
    if version != seen_version:
        latest = stored.find_version(conn, plan_id, parent, version)
        by = f" ({latest.author}, {latest.at:%Y-%m-%d %H:%M})" if latest else ""
        raise ConflictError(Message(CHANGED_BY_SOMEONE_ELSE, {
            "parent": parent, "by": by, "version": str(version), "seen": str(seen_version)}))
    return version


def _new_weights(parent: str, old: dict[str, float], weights: dict[str, float]
                 ) -> dict[str, float]:
    """The parent's weights after the change: children only, numbers ≥ 0, not all zero."""
    unknown = sorted(set(weights) - set(old))
    if unknown:
        raise ServiceError(
            f'bukan anak dari "{parent}" / not children of "{parent}": ' + ", ".join(unknown)
        )
    new = dict(old)
    for child, w in weights.items():
        value = number(w, WEIGHT)
        problem = weight_problem(value)  # the plan file's own rule: 0 or in [1e-6, 1e6]
        if problem is not None:
            raise ServiceError(f"{child}: {problem}")
        new[child] = value
    if new and not any(new.values()):
        raise ServiceError(Message(N_('all weights of "{parent}" are zero'), {"parent": parent}))
    total = sum(new.values())
    if total > MAX_WEIGHT_SUM:  # so a weighted mean can never overflow
        raise ServiceError(Message(N_('weights under "{parent}" sum to {total} (≤ {limit})'),
                                   {"parent": parent, "total": f"{total:g}",
                                    "limit": f"{MAX_WEIGHT_SUM:g}"}))
    return new


def _apply(
    conn: Connection,
    user: User,
    plan: Row[Any],
    parent: str,
    weights: dict[str, float],
    seen_version: int,
    reason: str,
) -> int:
    """Write a new version of the parent's weights; returns its number."""
    existing_objective(conn, plan.id, parent)
    version = _refuse_stale(conn, plan.id, parent, seen_version)
    old = stored.child_weights(conn, plan.id, parent)
    new = _new_weights(parent, old, weights)
    if version == 0:
        stored.add_weight_version(
            conn,
            plan.id,
            parent,
            1,
            user.username,
            Message(N_("initial weights before the change")).bilingual(),
            old,
        )
        version = 1
    moved = [(parent, child, w) for child, w in new.items() if old[child] != w]
    for _parent, child, w in moved:
        stored.set_child_weight(conn, plan.id, parent, child, w)
    stored.add_weight_version(conn, plan.id, parent, version + 1, user.username, reason, new)
    audit.record(conn, user, plan.code, "weights", parent, "update", old, new, reason)
    changes.record(conn, plan.code, changes.WEIGHTS, moved)
    return version + 1


def set_weights(
    db: Database,
    user: User | None,
    plan_code: str | None,
    parent: str,
    weights: dict[str, float],
    *,
    seen_version: int,
    reason: str,
) -> int:
    """Set some or all child weights of `parent`; returns the new weight version.

    ``seen_version`` is the version the user saw (``current_weights``); when someone changed
    the weights since, ConflictError is raised and nothing is written. The first change of a
    parent also stores its previous weights as version 1.
    """
    user = require(user, Action.CHANGE_WEIGHTS, parent)
    reason = need_reason(reason)
    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        return _apply(conn, user, plan, parent, weights, seen_version, reason)


def restore_weights(
    db: Database,
    user: User | None,
    plan_code: str | None,
    parent: str,
    version: int,
    *,
    seen_version: int,
    reason: str,
) -> int:
    """Roll a parent's weights back to an earlier version (as a new version)."""
    user = require(user, Action.CHANGE_WEIGHTS, parent)
    reason = need_reason(reason)
    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        row = stored.find_version(conn, plan.id, parent, version)
        if row is None:
            raise NotFound(Message(N_("weight version not found: {parent} v{version}"),
                                   {"parent": parent, "version": str(version)}))
        children = stored.child_weights(conn, plan.id, parent)
        weights = {k: float(v) for k, v in row.weights.items() if k in children}
        return _apply(conn, user, plan, parent, weights, seen_version, reason)
