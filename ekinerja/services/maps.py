"""Editing a strategy map: causal arrows drawn and removed, objectives placed by hand (per plan
and map) and the automatic layout given back. Each change is one transaction, permission-
checked against the signed-in account (planners and admins: `permissions.may_change_structure_of`
through the structure services' checks), audited old -> new, and kept as a structure edit that
can be undone from the history (docs/workshop.md)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, Row

from ekinerja.messages import N_
from ekinerja.services import audit
from ekinerja.services.access import User
from ekinerja.services.errors import InvalidEdit
from ekinerja.services.plans import plan_row
from ekinerja.services.structure import (
    _done,
    _edit,
    _editor,
    _in_scope,
    _validate,
    existing_objective,
)
from ekinerja.storage import map_layout, structure
from ekinerja.storage.database import Database, read_revision

POSITION = "map_position"  # the audit entity of a place set by hand
LIMIT = 1e6  # |x|, |y| of a place: far beyond any drawing


def position_key(scope: str, node: str) -> str:
    """The audit key of a node's place on a map: `scope|node` ("" scope: the province)."""
    return f"{scope}|{node}"


def _ends(conn: Connection, user: User, plan: Row[Any], cause: str, effect: str) -> None:
    """Both ends are objectives the user may edit, and differ."""
    if cause == effect:
        raise InvalidEdit(N_("An arrow joins two different objectives."), "effect")
    units = [existing_objective(conn, plan.id, cause).unit,
             existing_objective(conn, plan.id, effect).unit]
    _in_scope(conn, user, plan, units, f"{cause}>{effect}")


def _arrow_exists(conn: Connection, plan_id: int, cause: str, effect: str) -> bool:
    return any(row.cause == cause and row.effect == effect
               for row in structure.causal_links_of(conn, plan_id, cause))


#: The two edits of an arrow: whether it must exist before, the refusal when it does not (or
#: does), the edit's label in the history, the storage call, and whether the map is validated.
_ARROW_EDITS: dict[str, tuple[bool, str, str, Any, bool]] = {
    "add": (False, N_('The arrow "{cause}" → "{effect}" is drawn already.'),
            N_("Arrow {cause} → {effect}"), structure.add_causal_link, True),
    "remove": (True, N_('There is no arrow "{cause}" → "{effect}".'),
               N_("Remove the arrow {cause} → {effect}"), structure.delete_causal_link, False),
}


def _change_arrow(db: Database, user: User | None, plan_code: str | None, cause: str,
                  effect: str, action: str, reason: str | None) -> int:
    """Draw ("add") or remove ("remove") the arrow cause -> effect: both ends checked, audited
    old -> new and kept as an undoable structure edit; returns the revision."""
    must_exist, refusal, label, store, validate = _ARROW_EDITS[action]
    arrow = {"cause": cause, "effect": effect}
    user = _editor(user, f"{cause}>{effect}")
    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        _ends(conn, user, plan, cause, effect)
        if _arrow_exists(conn, plan.id, cause, effect) != must_exist:
            raise InvalidEdit(refusal, "effect", **arrow)
        with _edit(conn, user, plan, label, **arrow):
            store(conn, plan.id, cause, effect)
            old, new = (arrow, None) if must_exist else (None, arrow)
            audit.record(conn, user, plan.code, "causal_link", f"{cause}>{effect}", action,
                         old, new, reason)
        if validate:
            _validate(conn, plan)
        return _done(conn, plan)


def add_causal_link(db: Database, user: User | None, plan_code: str | None, cause: str,
                    effect: str, *, reason: str | None = None) -> int:
    """Draw an arrow cause -> effect between two objectives; returns the revision."""
    return _change_arrow(db, user, plan_code, cause, effect, "add", reason)


def remove_causal_link(db: Database, user: User | None, plan_code: str | None, cause: str,
                       effect: str, *, reason: str | None = None) -> int:
    """Remove the arrow cause -> effect; returns the revision."""
    return _change_arrow(db, user, plan_code, cause, effect, "remove", reason)


def _place(value: Any, place: str) -> float:
    """A coordinate: a finite number within LIMIT."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    if not math.isfinite(number) or abs(number) > LIMIT:
        raise InvalidEdit(N_("Not a place on the map: {value}."), place, value=str(value))
    return number


def map_positions(db: Database, plan_code: str | None, scope: str | None
                  ) -> dict[str, tuple[float, float]]:
    """The objectives placed by hand on one map (scope "" or None: the province)."""
    with db.read() as conn:
        return map_layout.positions(conn, plan_row(conn, plan_code).id, scope or "")


def place_nodes(db: Database, user: User | None, plan_code: str | None, scope: str | None,
                places: Mapping[str, Any], *, reason: str | None = None) -> int:
    """Place objectives by hand on one map: code -> (x, y) (or {"x": .., "y": ..}); those
    already there are left alone. One edit, undoable; returns the revision."""
    scope = scope or ""
    user = _editor(user, scope or "peta")
    wanted: dict[str, tuple[float, float]] = {}
    for node, value in places.items():
        x, y = (value.get("x"), value.get("y")) if isinstance(value, Mapping) else (
            tuple(value) if isinstance(value, list | tuple) and len(value) == 2
            else (None, None))
        wanted[str(node)] = (_place(x, str(node)), _place(y, str(node)))
    if not wanted:
        raise InvalidEdit(N_("No node was moved."), None)
    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        units = [existing_objective(conn, plan.id, node).unit for node in wanted]
        _in_scope(conn, user, plan, units, scope or "peta")
        with _edit(conn, user, plan, N_("Place {count} nodes on the map"), count=len(wanted),
                   scope=scope):
            for node, (x, y) in wanted.items():
                row = map_layout.find_position(conn, plan.id, scope, node)
                old = None if row is None else {"x": float(row.x), "y": float(row.y)}
                if old == {"x": x, "y": y}:
                    continue
                map_layout.put_position(conn, plan.id, scope, node, x, y)
                audit.record(conn, user, plan.code, POSITION, position_key(scope, node),
                             "add" if old is None else "update", old, {"x": x, "y": y}, reason)
        return read_revision(conn)


def reset_layout(db: Database, user: User | None, plan_code: str | None, scope: str | None,
                 *, reason: str | None = None) -> int:
    """Give every node of one map its automatic place back (one edit, undoable)."""
    scope = scope or ""
    user = _editor(user, scope or "peta")
    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        placed = map_layout.positions(conn, plan.id, scope)
        if not placed:
            raise InvalidEdit(N_("This map has its automatic layout already."), None)
        units = [row.unit for node in placed
                 if (row := structure.find_objective(conn, plan.id, node)) is not None]
        _in_scope(conn, user, plan, units, scope or "peta")
        with _edit(conn, user, plan, N_("Automatic layout of the map"), scope=scope):
            for node, (x, y) in placed.items():
                map_layout.delete_position(conn, plan.id, scope, node)
                audit.record(conn, user, plan.code, POSITION, position_key(scope, node),
                             "remove", {"x": x, "y": y}, None, reason)
        return read_revision(conn)


def undo_position(conn: Connection, plan_id: int, step: dict[str, Any]) -> bool:
    """Undo one step of a place set by hand (structure.undo_edit); False when what it
    set has changed since."""
    scope, node = step["key"].split("|", 1)
    row = map_layout.find_position(conn, plan_id, scope, node)
    now = None if row is None else {"x": float(row.x), "y": float(row.y)}
    if now != step["new"]:
        return False
    if step["old"] is None:
        map_layout.delete_position(conn, plan_id, scope, node)
    else:
        map_layout.put_position(conn, plan_id, scope, node, step["old"]["x"], step["old"]["y"])
    return True
