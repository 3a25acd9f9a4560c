"""Who may do what: the acting user, roles, the checks every change makes, and user accounts."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection, Row

from ekinerja.permissions import ROLES, unit_subtree
from ekinerja.services import audit
from ekinerja.services.errors import NotFound, PermissionDenied, ServiceError
from ekinerja.storage import structure, users
from ekinerja.storage.database import Database

STRUCTURE_ROLES = frozenset({"admin", "planner"})  # structure, weights, targets, periods
RECORD_ROLES = frozenset({"admin", "operator", "employee"})  # realizations (see may_record)
ADMIN_ROLES = frozenset({"admin"})  # user accounts


@dataclass(frozen=True)
class User:
    """The acting user: a role of ekinerja.permissions.ROLES, optionally tied to a unit and an
    employee (NIP); `address` is where the request came from (audited), None from the shell."""

    username: str
    name: str = ""
    role: str = "viewer"
    unit: str | None = None
    nip: str | None = None
    address: str | None = None


def system_user() -> User:
    """The built-in administrator used by command-line tools."""
    return User("system", "Sistem / System", "admin")


def require(user: User | None, roles: frozenset[str], action: str) -> User:
    """The user when their role is one of `roles`; PermissionDenied naming `action` otherwise."""
    if user is None or user.role not in roles:
        who = "anonim / anonymous" if user is None else f"{user.username} ({user.role})"
        raise PermissionDenied(
            f"tidak diizinkan / not allowed: {who} tidak boleh / may not {action}"
        )
    return user


def _unit_subtree(conn: Connection, plan_id: int, unit: str) -> frozenset[str]:
    """A unit and every unit below it."""
    return unit_subtree(list(structure.unit_parents(conn, plan_id)), unit)


def may_record(conn: Connection, user: User, plan_id: int, objective: Row[Any]) -> bool:
    """Whether `user` may record realizations of indicators under `objective`: an admin always,
    an operator in their unit's subtree, an employee on the objectives they own."""
    if user.role == "admin":
        return True
    if user.role == "operator" and user.unit:
        return objective.unit is not None and objective.unit in _unit_subtree(
            conn, plan_id, user.unit
        )
    if user.role == "employee" and user.nip:
        return objective.owner == user.nip
    return False


# -- accounts ---------------------------------------------------------------------------------


def _user_from_row(row: Row[Any]) -> User:
    return User(row.username, row.name, row.role, row.unit, row.nip)


def get_user(db: Database, username: str) -> User:
    """The user of that name (NotFound otherwise)."""
    with db.read() as conn:
        row = users.find_user(conn, username)
    if row is None:
        raise NotFound(f'pengguna tidak ditemukan / user not found: "{username}"')
    return _user_from_row(row)


def list_users(db: Database) -> list[User]:
    """Every user, by username."""
    with db.read() as conn:
        return [_user_from_row(r) for r in users.all_users(conn)]


def ensure_user(
    db: Database,
    username: str,
    name: str = "",
    role: str = "viewer",
    unit: str | None = None,
    nip: str | None = None,
    *,
    actor: User | None = None,
) -> User:
    """Create the user, or update name/role/unit/NIP when they differ; admin only (audited)."""
    actor = require(actor or system_user(), ADMIN_ROLES, "mengelola pengguna / manage users")
    if role not in ROLES:
        raise ServiceError(f'peran tidak dikenal / unknown role "{role}" ({", ".join(ROLES)})')
    if not username.strip():
        raise ServiceError("nama pengguna kosong / empty username")
    wanted = User(username, name, role, unit, nip)
    fields = {"name": name, "role": role, "unit": unit, "nip": nip}
    with db.write() as conn:
        row = users.find_user(conn, username)
        if row is None:
            users.insert_user(conn, username=username, **fields)
            audit.record(conn, actor, None, "user", username, "add", None, asdict(wanted))
        elif (current := _user_from_row(row)) != wanted:
            users.update_user(conn, row.id, **fields)
            audit.record(
                conn, actor, None, "user", username, "update", asdict(current), asdict(wanted)
            )
    return wanted
