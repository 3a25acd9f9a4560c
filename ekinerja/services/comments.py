"""Comments on objectives and indicators (docs/workflow.md): a short thread per item, with
@mentions of accounts, who see them in their in-app notifications (the navbar's 🔔 and the
inbox) until they mark them read. Visible to who may see the item; every write is one audited
transaction as the signed-in account."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ekinerja import permissions as policy
from ekinerja.messages import N_, Message
from ekinerja.services import audit
from ekinerja.services.access import Action, User, require
from ekinerja.services.errors import (
    INDICATOR_NOT_FOUND,
    OBJECTIVE_NOT_FOUND,
    NotFound,
    PermissionDenied,
    ServiceError,
)
from ekinerja.services.plans import plan_row
from ekinerja.storage import comments as stored
from ekinerja.storage import structure
from ekinerja.storage.database import Database, now, read_revision, utc

ITEM_KINDS: tuple[str, ...] = ("objective", "indicator")
MAX_COMMENT = 2_000  # characters
MAX_MENTIONS = 20
#: @name: a user name after "@" (not inside a word or an address), without a final dot.
MENTION = re.compile(r"(?<![\w@.])@([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9_-])?)")


@dataclass(frozen=True)
class Comment:
    """One comment of a thread, with the accounts it mentions."""

    id: int
    item_kind: str
    item: str
    body: str
    author: str
    author_name: str | None
    at: datetime | None
    mentions: tuple[str, ...]


@dataclass(frozen=True)
class Mention:
    """An unread mention of the signed-in account: the comment and where it is."""

    id: int
    comment_id: int
    plan_code: str
    item_kind: str
    item: str
    body: str
    author: str
    at: datetime | None


def mentions_in(text: str) -> list[str]:
    """The user names a text mentions (@name), each once, in order."""
    return list(dict.fromkeys(MENTION.findall(text or "")))


def _item_unit(conn: Any, plan_id: int, item_kind: str, item: str) -> str | None:
    """The unit an item belongs to (an indicator's objective's); NotFound when unknown."""
    if item_kind not in ITEM_KINDS:
        raise ServiceError(Message(N_('unknown item kind "{kind}" ({kinds})'),
                                   {"kind": item_kind, "kinds": ", ".join(ITEM_KINDS)}))
    objective = item
    if item_kind == "indicator":
        indicator = structure.find_indicator(conn, plan_id, item)
        if indicator is None:
            raise NotFound(Message(INDICATOR_NOT_FOUND, {"indicator": item}))
        objective = indicator.objective
    row = structure.find_objective(conn, plan_id, objective)
    if row is None:
        raise NotFound(Message(OBJECTIVE_NOT_FOUND, {"objective": objective}))
    return row.unit  # type: ignore[no-any-return]


def _see(user: User | None, unit: str | None) -> User:
    if not policy.may_see_unit(user, unit):
        raise PermissionDenied(policy.see_refusal(user, unit))
    assert user is not None
    return user


def add_comment(db: Database, user: User | None, plan_code: str | None, item_kind: str,
                item: str, body: str) -> int:
    """Add a comment to an objective's or indicator's thread as `user` (who may comment and
    see the item); each @name must be an enabled account and is notified (not the author).
    Returns the new revision. Nothing is written on any refusal."""
    user = require(user, Action.COMMENT, f"{item_kind} {item}")
    text = (body if isinstance(body, str) else "").strip()
    if not text:
        raise ServiceError(Message(N_("the comment is empty")))
    if len(text) > MAX_COMMENT:
        raise ServiceError(Message(N_("the comment is too long (at most {limit} characters)"),
                                   {"limit": str(MAX_COMMENT)}))
    named = mentions_in(text)
    if len(named) > MAX_MENTIONS:
        raise ServiceError(Message(N_("too many mentions (at most {limit})"),
                                   {"limit": str(MAX_MENTIONS)}))
    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        _see(user, _item_unit(conn, plan.id, item_kind, item))
        known = stored.enabled_accounts(conn, named)
        unknown = [name for name in named if name not in known]
        if unknown:
            raise ServiceError(Message(N_("mentioned accounts unknown or disabled: {names}"),
                                       {"names": ", ".join(f"@{name}" for name in unknown)}))
        notified = [name for name in named if name != user.username]
        stored.add_comment(conn, plan.id, item_kind, item, text, user.username, notified)
        audit.record(conn, user, plan.code, "comment", f"{item_kind}:{item}", "add", None,
                     {"body": text, "mentions": notified})
        return read_revision(conn)


def comments_on(db: Database, user: User | None, plan_code: str | None, item_kind: str,
                item: str) -> list[Comment]:
    """The thread of an objective or indicator, oldest first, for who may see the item."""
    with db.read() as conn:
        plan = plan_row(conn, plan_code)
        _see(user, _item_unit(conn, plan.id, item_kind, item))
        rows = stored.thread(conn, plan.id, item_kind, item)
        named = stored.mentions_of(conn, [row.id for row in rows])
    return [Comment(row.id, row.item_kind, row.item, row.body, row.author, row.author_name,
                    utc(row.at), tuple(named.get(row.id, ()))) for row in rows]


def unread_mentions(db: Database, user: User | None, plan_code: str | None = None
                    ) -> list[Mention]:
    """The signed-in account's unread mentions, newest first (of one plan when given)."""
    if user is None:
        return []
    with db.read() as conn:
        plan_id = None if plan_code is None else plan_row(conn, plan_code).id
        rows = stored.unread(conn, user.username, plan_id)
    return [Mention(r.mention_id, r.comment_id, r.plan_code, r.item_kind, r.item, r.body,
                    r.author, utc(r.at)) for r in rows]


def unread_mention_count(db: Database, user: User | None) -> int:
    """How many mentions of the signed-in account are unread (the notification count)."""
    if user is None:
        return 0
    with db.read() as conn:
        return stored.unread_count(conn, user.username)


def mark_mentions_read(db: Database, user: User | None, plan_code: str | None = None) -> int:
    """Mark the signed-in account's unread mentions read (its own notifications only), in one
    audited transaction; returns the new revision (nothing written when none is unread)."""
    if user is None or user.role not in policy.ROLES:
        raise PermissionDenied(policy.see_refusal(user))
    with db.read() as conn:
        if stored.unread_count(conn, user.username) == 0:
            return read_revision(conn)
    with db.write() as conn:
        plan_id = None if plan_code is None else plan_row(conn, plan_code).id
        rows = stored.unread(conn, user.username, plan_id)
        stored.mark_read(conn, [r.mention_id for r in rows], now())
        audit.record(conn, user, None if plan_code is None else plan_code, "mention",
                     user.username, "read", None, {"comments": [r.comment_id for r in rows]})
        return read_revision(conn)
