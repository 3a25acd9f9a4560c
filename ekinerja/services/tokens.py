"""Personal access tokens of the JSON API (docs/api.md): create, list, revoke, authenticate.

A token is `ekn_` and 43 random URL-safe characters, shown once when it is made; only its
SHA-256 hash is stored (a token is random and long, so a fast hash is as safe as a slow one,
and every API request can check it cheaply). A token acts as its account — the account's
role, unit and employee, the same checks as the pages — limited by its scope: `read` (GET
only) or `write` (reads and changes). It expires; a revoked token, a disabled account or an
expired token no longer authenticates. Users make their own tokens; an admin makes tokens for
any account (a service account of a sync job, say).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row

from ekinerja import permissions as policy
from ekinerja.messages import N_, Message
from ekinerja.services.access import User
from ekinerja.services.audit import record as _audit
from ekinerja.services.errors import USER_NOT_FOUND, NotFound, PermissionDenied, ServiceError
from ekinerja.storage import accounts as account_store
from ekinerja.storage import tokens as store
from ekinerja.storage.database import Database, now, utc

PREFIX = "ekn_"
SCOPES = ("read", "write")
DEFAULT_DAYS = 90
MAX_DAYS = 3650
TOUCH_SECONDS = 60  # the last use is stamped at most this often (a write per minute, not per call)


TOKEN_NOT_FOUND = N_("token not found: {id}")


class InvalidToken(ServiceError):
    """Bad token input (name, scope, days); `field` names it."""

    exit_code = 2

    def __init__(self, message: str | Message, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class TokenInfo:
    """A stored token as listed (never the token itself)."""

    id: int
    username: str
    name: str
    prefix: str
    scope: str
    created_by: str
    created_at: datetime | None
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None

    def state(self, at: datetime | None = None) -> str:
        """"active", "expired" or "revoked"."""
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= (at or now()):
            return "expired"
        return "active"

    def as_dict(self) -> dict[str, Any]:
        """A plain dict for JSON and tables."""
        def stamp(value: datetime | None) -> str | None:
            return None if value is None else value.isoformat(timespec="seconds")

        return {
            "id": self.id, "username": self.username, "name": self.name, "prefix": self.prefix,
            "scope": self.scope, "state": self.state(), "created_by": self.created_by,
            "created_at": stamp(self.created_at), "expires_at": stamp(self.expires_at),
            "last_used_at": stamp(self.last_used_at), "revoked_at": stamp(self.revoked_at),
        }


@dataclass(frozen=True)
class Authenticated:
    """Who a valid token acts as, and what it may do."""

    token_id: int
    scope: str
    account_id: int
    user: User

    @property
    def may_write(self) -> bool:
        """Whether the token's scope allows changes."""
        return self.scope == "write"


def digest(token: str) -> str:
    """The stored form of a token: its SHA-256, hex."""
    return hashlib.sha256(token.encode()).hexdigest()


def _info(row: Row[Any]) -> TokenInfo:
    return TokenInfo(row.id, row.username, row.name, row.prefix, row.scope, row.created_by,
                     utc(row.created_at), utc(row.expires_at), utc(row.last_used_at),
                     utc(row.revoked_at))


def _may_act_for(actor: User | None, username: str) -> User:
    """The actor, when they may manage the tokens of `username` (their own, or an admin)."""
    if actor is not None and (actor.username == username or policy.may_manage_accounts(actor)):
        return actor
    raise PermissionDenied(policy.refusal_message(actor, policy.Action.MANAGE_ACCOUNTS,
                                                  f"token {username}"))


def check_scope(scope: str) -> str:
    """The scope, or InvalidToken naming the two scopes."""
    if scope not in SCOPES:
        raise InvalidToken(Message(N_('unknown scope "{scope}" (choose: {scopes})'),
                                   {"scope": scope, "scopes": ", ".join(SCOPES)}), "scope")
    return scope


def create_token(db: Database, actor: User | None, username: str, name: str, scope: str = "read",
                 days: int = DEFAULT_DAYS) -> tuple[str, TokenInfo]:
    """Make a token for an account; returns (the token — shown once —, its listing).

    A user makes their own; an admin makes one for any account. `days` until it expires
    (1 to MAX_DAYS)."""
    actor = _may_act_for(actor, username)
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise InvalidToken(Message(N_("token name empty or longer than 100 characters")), "name")
    check_scope(scope)
    if not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise InvalidToken(Message(N_("validity: 1..{limit} days"), {"limit": str(MAX_DAYS)}),
                           "days")
    token = PREFIX + secrets.token_urlsafe(32)
    stamp = now()
    with db.write() as conn:
        row = account_store.find_user(conn, username)
        if row is None:
            raise NotFound(Message(USER_NOT_FOUND, {"username": username}))
        if row.disabled:
            raise InvalidToken(Message(N_('account disabled: "{username}"'),
                                       {"username": username}), "username")
        values = {
            "user_id": row.id, "name": name, "prefix": token[: len(PREFIX) + 4],
            "token_hash": digest(token), "scope": scope, "created_by": actor.username,
            "created_at": stamp, "expires_at": stamp + timedelta(days=days),
        }
        token_id = store.add_token(conn, values)
        _audit(conn, actor, None, "token", f"{username}#{token_id}", "add", None,
               {"name": name, "scope": scope, "expires_at": values["expires_at"].isoformat()})
        created = store.find_by_id(conn, token_id)
    assert created is not None
    return token, _info(created)


def list_tokens(db: Database, actor: User | None, username: str | None = None
                ) -> list[TokenInfo]:
    """The tokens of an account (the actor's own by default); every token for an admin asking
    for all (`username` "*")."""
    actor_user = actor
    if username == "*":
        if not policy.may_manage_accounts(actor_user):
            raise PermissionDenied(policy.refusal_message(actor_user,
                                                          policy.Action.MANAGE_ACCOUNTS))
        with db.read() as conn:
            return [_info(row) for row in store.list_tokens(conn)]
    if actor_user is None:
        raise PermissionDenied(policy.refusal_message(None, policy.Action.MANAGE_ACCOUNTS))
    wanted = username or actor_user.username
    _may_act_for(actor_user, wanted)
    with db.read() as conn:
        row = account_store.find_user(conn, wanted)
        if row is None:
            raise NotFound(Message(USER_NOT_FOUND, {"username": wanted}))
        return [_info(token) for token in store.list_tokens(conn, row.id)]


def revoke_token(db: Database, actor: User | None, token_id: int) -> TokenInfo:
    """Revoke a token (its owner or an admin); revoking a revoked token changes nothing."""
    with db.write() as conn:
        row = store.find_by_id(conn, token_id)
        if row is None:
            raise NotFound(Message(TOKEN_NOT_FOUND, {"id": str(token_id)}))
        actor_user = _may_act_for(actor, row.username)
        if row.revoked_at is None:
            store.revoke(conn, token_id, now())
            _audit(conn, actor_user, None, "token", f"{row.username}#{token_id}", "revoke")
        revoked = store.find_by_id(conn, token_id)
    assert revoked is not None
    return _info(revoked)


def authenticate(db: Database, token: str, address: str | None = None) -> Authenticated | None:
    """Who a presented token acts as (None: unknown, revoked, expired, or a disabled account).

    The last use is stamped at most once a minute, without moving the plan revision."""
    if not token.startswith(PREFIX) or len(token) > 200:
        return None
    hashed = digest(token)
    with db.read() as conn:
        row = store.find_by_hash(conn, hashed)
        if row is None:
            return None
        account = account_store.find_user_by_id(conn, row.user_id)
    stamp = now()
    expires = utc(row.expires_at)
    if (account is None or account.disabled or row.revoked_at is not None
            or expires is None or expires <= stamp
            or not secrets.compare_digest(row.token_hash, hashed)):
        return None
    used = utc(row.last_used_at)
    if used is None or (stamp - used).total_seconds() >= TOUCH_SECONDS:
        with db.unversioned() as conn:
            store.touch(conn, row.id, stamp)
    user = User(account.username, account.name, account.role, account.unit, account.nip, address)
    return Authenticated(row.id, row.scope, account.id, user)
