"""The audit trail of the use cases: one record per change (who, what, old -> new, why)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ekinerja.storage import audit as stored
from ekinerja.storage.database import Database

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from ekinerja.services.access import User


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
        from ekinerja.services.inputs import text

        reason = text(reason, "reason", "alasan / reason")
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
