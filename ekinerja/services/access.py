"""The acting user of a change and the checks every change makes, through ekinerja.permissions
(the one place the section 7 policy lives); accounts themselves are in services.accounts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Row

from ekinerja import permissions as policy
from ekinerja.messages import N_, Message
from ekinerja.permissions import ROLES, Action
from ekinerja.services.errors import PermissionDenied
from ekinerja.services.plans import plan_row
from ekinerja.storage import structure
from ekinerja.storage.database import Database

__all__ = ["ROLES", "Action", "User", "may_record", "may_verify", "require", "system_user",
           "unit_scope"]


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
    return User("system", Message(N_("System")).bilingual(), "admin")


@dataclass(frozen=True)
class _Target:
    """What a refusal is about, as a translatable message: ` "<it>"` in the reader's language."""

    what: Message

    def text(self, lang: str | None = None) -> str:
        return f' "{self.what.text(lang)}"'


def _refusal(user: User | None, action: Action, what: str | Message | None) -> Message:
    """The policy's refusal; a Message `what` is shown in the reader's language."""
    if not isinstance(what, Message):
        return policy.refusal_message(user, action, what)
    refusal = policy.refusal_message(user, action, None)
    return Message(refusal.msgid, {**refusal.params, "target": _Target(what)})


def require(user: User | None, action: Action, what: str | Message | None = None) -> User:
    """The user when their role may take `action` (`permissions.may`); PermissionDenied with
    the policy's bilingual refusal otherwise (checked before anything is read or written)."""
    if not policy.may(user, action):
        raise PermissionDenied(_refusal(user, action, what))
    assert user is not None
    return user


def refuse(user: User | None, action: Action, what: str | Message | None = None
           ) -> PermissionDenied:
    """The refusal of a change outside the user's scope, to raise."""
    return PermissionDenied(_refusal(user, action, what))


def unit_scope(conn: Connection, plan_id: int, user: User) -> frozenset[str]:
    """The user's unit and every unit below it in a plan (empty without a unit)."""
    if not user.unit:
        return frozenset()
    return policy.unit_subtree(structure.unit_parents(conn, plan_id), user.unit)


def may_on(db: Database, user: User | None, plan_code: str | None, action: Action,
           find: Callable[[Connection, int], Row[Any] | None],
           check: Callable[[Connection, User, Row[Any], Row[Any]], bool]) -> bool:
    """Whether `user` may do `action` on one stored item (for pages that offer a form only
    where allowed): False without a user, without the role's right or when `find(conn,
    plan_id)` finds no item, else `check(conn, user, plan, item)`."""
    if user is None or not policy.may(user, action):
        return False
    with db.read() as conn:
        plan = plan_row(conn, plan_code)
        row = find(conn, plan.id)
        return row is not None and check(conn, user, plan, row)


def may_record(conn: Connection, user: User | None, plan_id: int, objective: Row[Any]) -> bool:
    """`permissions.may_record` on an objective row of a plan: an admin always, an operator in
    their unit's subtree, an employee on the objectives they own."""
    if user is None or not policy.may(user, Action.RECORD_REALIZATION):
        return False
    return policy.may_record(user, objective.unit, objective.owner,
                             unit_scope(conn, plan_id, user))


def may_verify(conn: Connection, user: User | None, plan_id: int, unit: str | None,
               owner: str | None, scope: frozenset[str] | None = None) -> bool:
    """`permissions.may_verify` on an objective of a plan (its unit, or its owner's unit when it
    has none, and its owner): an admin or planner always, a head for the work of the units
    below theirs and of the other employees of their subtree. `scope` is the user's unit
    subtree when already known (bulk checks)."""
    if user is None or not policy.may(user, Action.VERIFY_REALIZATION):
        return False
    if scope is None:
        scope = unit_scope(conn, plan_id, user)
    return policy.may_verify(user, unit, owner, scope)
