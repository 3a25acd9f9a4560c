"""The audit trail of the use cases: one record per change (who, what, old -> new, why)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from ekinerja.storage import audit as stored
from ekinerja.storage.database import Database

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from ekinerja.services.access import User


#: The steps of the structure edit being made in this context (services.edits), or None.
_steps: ContextVar[list[dict[str, Any]] | None] = ContextVar("edit_steps", default=None)


@contextmanager
def collecting() -> Iterator[list[dict[str, Any]]]:
    """Collect the audit records made inside the block as steps (entity, key, action, old,
    new): what a structure edit did, so that it can be undone."""
    steps: list[dict[str, Any]] = []
    token = _steps.set(steps)
    try:
        yield steps
    finally:
        _steps.reset(token)


def record(
    conn: Connection,
    user: User,
    plan_code: str | None,
    entity: str,
    key: str,
    action: str,
    old: Any = None,
    new: Any = None,
    reason: str | None = None,
) -> None:
    """Append one audit record of `user`'s change, in the change's own transaction.

    The reason follows the text rules of a reason (ekinerja.textrules); a ServiceError here
    rolls the whole change back."""
    if reason is not None:
        from ekinerja.services.inputs import REASON, text

        reason = text(reason, "reason", REASON)
    steps = _steps.get()
    if steps is not None:
        steps.append({"entity": entity, "key": key, "action": action, "old": old, "new": new})
    stored.append(
        conn,
        [
            {
                "username": user.username,
                "plan_code": plan_code,
                "entity": entity,
                "key": key,
                "action": action,
                "old": old,
                "new": new,
                "reason": reason,
                "address": user.address,
            }
        ],
    )


def audit_log(
    db: Database, plan_code: str | None = None, *, limit: int = 100, offset: int = 0,
    **filters: str | None,
) -> list[dict[str, Any]]:
    """Audit records, newest first, filtered by plan and by `entity`, `key`, `username`."""
    with db.read() as conn:
        return stored.records(conn, limit=limit, offset=offset, plan_code=plan_code, **filters)
