"""Comments on objectives and indicators and the accounts they mention."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, false, func, select, update

from ekinerja.storage.database import now
from ekinerja.storage.schema import CommentMentionRow, CommentRow, PlanRow, UserRow, tables_of

comments, mentions, users, plans = tables_of(CommentRow, CommentMentionRow, UserRow, PlanRow)


def enabled_accounts(conn: Connection, names: Iterable[str]) -> dict[str, str]:
    """Which of `names` are enabled accounts: user name -> display name."""
    wanted = sorted(set(names))
    if not wanted:
        return {}
    query = select(users.c.username, users.c.name).where(users.c.username.in_(wanted),
                                                         users.c.disabled == false())
    return {row.username: row.name for row in conn.execute(query)}


def add_comment(conn: Connection, plan_id: int, item_kind: str, item: str, body: str,
                author: str, mentioned: Iterable[str]) -> int:
    """Insert a comment and its mentions (unread); its id."""
    comment_id = conn.execute(
        comments.insert().values(plan_id=plan_id, item_kind=item_kind, item=item, body=body,
                                 author=author, at=now()).returning(comments.c.id)
    ).scalar_one()
    names = list(dict.fromkeys(mentioned))
    if names:
        conn.execute(mentions.insert(), [{"comment_id": comment_id, "username": name,
                                          "read_at": None} for name in names])
    return int(comment_id)


def thread(conn: Connection, plan_id: int, item_kind: str, item: str) -> list[Row[Any]]:
    """The comments on one item, oldest first (with the author's display name, if any)."""
    query = (select(comments, users.c.name.label("author_name"))
             .join(users, users.c.username == comments.c.author, isouter=True)
             .where(comments.c.plan_id == plan_id, comments.c.item_kind == item_kind,
                    comments.c.item == item)
             .order_by(comments.c.id))
    return list(conn.execute(query))


def mentions_of(conn: Connection, comment_ids: list[int]) -> dict[int, list[str]]:
    """The user names each comment mentions."""
    if not comment_ids:
        return {}
    found: dict[int, list[str]] = {}
    query = (select(mentions.c.comment_id, mentions.c.username)
             .where(mentions.c.comment_id.in_(comment_ids)).order_by(mentions.c.id))
    for row in conn.execute(query):
        found.setdefault(row.comment_id, []).append(row.username)
    return found


def unread(conn: Connection, username: str, plan_id: int | None = None) -> list[Row[Any]]:
    """The unread mentions of an account, newest first, with their comment and plan code."""
    query = (select(mentions.c.id.label("mention_id"), comments.c.id.label("comment_id"),
                    comments.c.item_kind, comments.c.item, comments.c.body, comments.c.author,
                    comments.c.at, plans.c.code.label("plan_code"))
             .join(comments, comments.c.id == mentions.c.comment_id)
             .join(plans, plans.c.id == comments.c.plan_id)
             .where(mentions.c.username == username, mentions.c.read_at.is_(None)))
    if plan_id is not None:
        query = query.where(comments.c.plan_id == plan_id)
    return list(conn.execute(query.order_by(comments.c.id.desc())))


def unread_count(conn: Connection, username: str) -> int:
    """How many mentions of an account are unread."""
    return int(conn.execute(select(func.count()).select_from(mentions).where(
        mentions.c.username == username, mentions.c.read_at.is_(None))).scalar_one())


def mark_read(conn: Connection, mention_ids: list[int], at: datetime) -> None:
    """Set mentions read."""
    if mention_ids:
        conn.execute(update(mentions).where(mentions.c.id.in_(mention_ids)).values(read_at=at))
