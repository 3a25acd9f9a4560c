"""Accounts and sign-in: create, change, disable, passwords, lockouts, bulk employee accounts.

Account changes are admin-only, one transaction each, and audited (never a password or a
hash). Sign-in bookkeeping (lockout counters, last sign-in) lives in the database so that every
worker process shares it, and does not bump the plan revision (pages need not re-render).
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import Connection, Row

from ekinerja import passwords
from ekinerja import permissions as policy
from ekinerja.messages import N_, Message
from ekinerja.services.access import User, system_user
from ekinerja.services.audit import record as _audit_one
from ekinerja.services.errors import (
    USER_NOT_FOUND,
    ConflictError,
    NotFound,
    PermissionDenied,
    ServiceError,
)
from ekinerja.services.plans import plan_row as _plan_row
from ekinerja.storage import accounts as store
from ekinerja.storage import database as repo
from ekinerja.storage.audit import append as _append_audit
from ekinerja.storage.database import Database

USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$")
SECRET_NAME = "session_key"
ANONYMOUS = "anonim"  # the actor of audit records of failed sign-ins


class InvalidAccount(ServiceError):
    """Bad account input: a usage error; `field` says which ("username", "role", "unit",
    "employee", "password"; None when it is no one field)."""

    exit_code = 2

    def __init__(self, message: str | Message, field: str | None = None):
        super().__init__(message)
        self.field = field


class AccountExists(ConflictError):
    """An account of that name exists already."""

    exit_code = 1


@dataclass(frozen=True)
class Account:
    """An account as stored (without its password hash)."""

    id: int
    username: str
    name: str
    role: str
    unit: str | None
    nip: str | None
    disabled: bool
    must_change_password: bool
    has_password: bool
    created_at: datetime | None
    last_sign_in_at: datetime | None
    last_sign_in_address: str | None
    session_token: str = field(repr=False)  # changes with the password: ends older sessions

    def actor(self, address: str | None = None) -> User:
        """The acting user of service calls made by this account from `address`."""
        return User(self.username, self.name, self.role, self.unit, self.nip, address)

    def as_dict(self) -> dict[str, Any]:
        """A plain dict for JSON and tables (no secret)."""
        return {
            "username": self.username, "name": self.name, "role": self.role,
            "unit": self.unit, "employee": self.nip, "disabled": self.disabled,
            "must_change_password": self.must_change_password,
            "has_password": self.has_password,
            "last_sign_in_at": None if self.last_sign_in_at is None
            else self.last_sign_in_at.isoformat(timespec="seconds"),
            "last_sign_in_address": self.last_sign_in_address,
        }


def _session_token(row: Row[Any]) -> str:
    """Changes when the password is set or changed (not when it is only rehashed): a session
    signed for another token has ended."""
    changed = repo.utc(row.password_changed_at)
    if row.password_hash is None or changed is None:
        return ""
    return hashlib.sha256(f"{row.id}:{changed.isoformat()}".encode()).hexdigest()[:16]


def _account(row: Row[Any]) -> Account:
    return Account(
        row.id, row.username, row.name, row.role, row.unit, row.nip, bool(row.disabled),
        bool(row.must_change_password), row.password_hash is not None, repo.utc(row.created_at),
        repo.utc(row.last_sign_in_at), row.last_sign_in_address, _session_token(row),
    )


@contextmanager
def _bookkeeping(db: Database) -> Iterator[Connection]:
    """A write transaction that does not bump the plan revision (sign-in records only).

    Its first statement must be a write (see ekinerja.storage.accounts)."""
    with db.unversioned() as conn:
        yield conn


def _admin(actor: User | None) -> User:
    if not policy.may_manage_accounts(actor):
        raise PermissionDenied(policy.refusal_message(actor, policy.Action.MANAGE_ACCOUNTS))
    assert actor is not None
    return actor


# ----------------------------------------------------------------- validation
def check_username(username: str) -> str:
    """The user name, or InvalidAccount: 1-100 letters, digits, and . _ @ - (not first)."""
    name = (username or "").strip()
    if not name:
        raise InvalidAccount(Message(N_("empty user name")), "username")
    if not USERNAME.match(name):
        raise InvalidAccount(Message(
            N_('invalid user name "{name}": letters, digits, . _ @ - (at most 100)'),
            {"name": name}), "username")
    return name


def check_role(role: str) -> str:
    """The role, or InvalidAccount naming the seven roles."""
    if role not in policy.ROLES:
        raise InvalidAccount(Message(N_('unknown role "{role}" (choose: {roles})'),
                                     {"role": role, "roles": ", ".join(policy.ROLES)}), "role")
    return role


def check_password(password: str, min_length: int = 8) -> str:
    """The password, or InvalidAccount when it is shorter than `min_length` or has no
    visible character."""
    if not password or not password.strip():
        raise InvalidAccount(Message(N_("empty password")), "password")
    if len(password) < min_length:
        raise InvalidAccount(Message(N_("password too short: at least {length} characters"),
                                     {"length": str(min_length)}), "password")
    return password


def _resolve_ties(conn: Connection, unit: str | None, nip: str | None
                  ) -> tuple[str | None, str | None]:
    """Check the unit and employee against the plans in the database; an employee's unit is
    the default unit."""
    unit = (unit or "").strip() or None
    nip = (nip or "").strip() or None
    if nip is not None:
        employee = store.find_employee(conn, nip)
        if employee is None:
            raise InvalidAccount(Message(N_('employee not found in any plan: "{nip}"'),
                                         {"nip": nip}), "employee")
        unit = unit or employee.unit
    if unit is not None and not store.plans_with_unit(conn, unit):
        raise InvalidAccount(Message(N_('unit not found in any plan: "{unit}"'), {"unit": unit}),
                             "unit")
    return unit, nip


def _audit_fields(role: str, name: str, unit: str | None, nip: str | None,
                  **more: Any) -> dict[str, Any]:
    return {"role": role, "name": name, "unit": unit, "employee": nip, **more}


# ----------------------------------------------------------------- reading
def get_account(db: Database, username: str) -> Account:
    """The account of that name (NotFound otherwise)."""
    with db.read() as conn:
        row = store.find_user(conn, username)
    if row is None:
        raise NotFound(Message(USER_NOT_FOUND, {"username": username}))
    return _account(row)


def account_by_id(db: Database, user_id: int) -> Account | None:
    """The account of an id (None when it is gone)."""
    with db.read() as conn:
        row = store.find_user_by_id(conn, user_id)
    return None if row is None else _account(row)


def list_accounts(db: Database) -> list[Account]:
    """Every account, by user name."""
    with db.read() as conn:
        return [_account(row) for row in store.all_users(conn)]


def list_accounts_as(db: Database, actor: User | None) -> list[Account]:
    """Every account, for an admin's page (PermissionDenied for anyone else)."""
    _admin(actor)
    return list_accounts(db)


def get_account_as(db: Database, actor: User | None, username: str) -> Account:
    """One account, for an admin's page (PermissionDenied for anyone else, else NotFound)."""
    _admin(actor)
    return get_account(db, username)


# ----------------------------------------------------------------- changes (admin)
def create_account(
    db: Database,
    actor: User | None,
    username: str,
    role: str,
    password: str,
    *,
    name: str | None = None,
    unit: str | None = None,
    nip: str | None = None,
    generated: bool = False,
    must_change_password: bool = False,
    min_length: int = 8,
) -> Account:
    """Add an account with a password (`generated`: made by `passwords.generate`)."""
    actor = _admin(actor)
    username = check_username(username)
    check_role(role)
    if not generated:
        check_password(password, min_length)
    digest = passwords.hash_generated(password) if generated else passwords.hash_password(password)
    with db.write() as conn:
        if store.find_user(conn, username) is not None:
            raise AccountExists(Message(N_('user exists: "{username}"'), {"username": username}))
        unit, nip = _resolve_ties(conn, unit, nip)
        display = (name or "").strip() or username
        stamp = repo.now()
        user_id = store.insert_user(conn, {
            "username": username, "name": display, "role": role, "unit": unit, "nip": nip,
            "created_at": stamp, "password_hash": digest, "password_changed_at": stamp,
            "must_change_password": must_change_password, "disabled": False,
        })
        _audit_one(conn, actor, None, "account", username, "add", None,
                   _audit_fields(role, display, unit, nip,
                                 must_change_password=must_change_password))
        return _account(store.find_user_by_id(conn, user_id))  # type: ignore[arg-type]


_KEEP: Any = object()


def update_account(
    db: Database,
    actor: User | None,
    username: str,
    *,
    name: str | None = _KEEP,
    role: str = _KEEP,
    unit: str | None = _KEEP,
    nip: str | None = _KEEP,
) -> Account:
    """Change the name, role, unit or employee of an account (what is not given stays)."""
    actor = _admin(actor)
    if role is not _KEEP:
        check_role(role)
    with db.write() as conn:
        row = _existing(conn, username)
        new_unit = row.unit if unit is _KEEP else unit
        new_nip = row.nip if nip is _KEEP else nip
        if unit is not _KEEP or nip is not _KEEP:
            new_unit, new_nip = _resolve_ties(conn, new_unit, new_nip)
        values = {
            "name": row.name if name is _KEEP else ((name or "").strip() or row.username),
            "role": row.role if role is _KEEP else role,
            "unit": new_unit,
            "nip": new_nip,
        }
        old = {k: row._mapping[k] for k in values}
        if values == old:
            return _account(row)
        if old["role"] == "admin" and values["role"] != "admin":
            _refuse_last_admin(
                conn, row, N_('cannot change the role of the last admin: "{username}"'))
        store.update_user(conn, row.id, values)
        _audit_one(conn, actor, None, "account", row.username, "update",
                   _audit_fields(old["role"], old["name"], old["unit"], old["nip"]),
                   _audit_fields(values["role"], values["name"], values["unit"], values["nip"]))
        return _account(store.find_user_by_id(conn, row.id))  # type: ignore[arg-type]


def _existing(conn: Connection, username: str) -> Row[Any]:
    row = store.find_user(conn, username)
    if row is None:
        raise NotFound(Message(USER_NOT_FOUND, {"username": username}))
    return row


def _refuse_last_admin(conn: Connection, row: Row[Any], msgid: str) -> None:
    others = [r for r in store.all_users(conn)
              if r.role == "admin" and not r.disabled and r.id != row.id]
    if not others:
        raise ServiceError(Message(msgid, {"username": row.username}))


def set_password(
    db: Database,
    actor: User | None,
    username: str,
    password: str,
    *,
    generated: bool = False,
    must_change_password: bool = False,
    min_length: int = 8,
) -> Account:
    """Give an account a new password (an admin's reset). Its other sessions end."""
    actor = _admin(actor)
    if not generated:
        check_password(password, min_length)
    digest = passwords.hash_generated(password) if generated else passwords.hash_password(password)
    with db.write() as conn:
        row = _existing(conn, username)
        store.update_user(conn, row.id, {
            "password_hash": digest, "password_changed_at": repo.now(),
            "must_change_password": must_change_password,
        })
        store.clear_failures(conn, "user", _throttle_key(row.username))
        _audit_one(conn, actor, None, "account", row.username, "password", None,
                   {"must_change_password": must_change_password})
        return _account(store.find_user_by_id(conn, row.id))  # type: ignore[arg-type]


def set_disabled(db: Database, actor: User | None, username: str, disabled: bool = True
                 ) -> Account:
    """Disable an account (it can no longer sign in; open sessions end) or enable it again."""
    actor = _admin(actor)
    with db.write() as conn:
        row = _existing(conn, username)
        if bool(row.disabled) == disabled:
            return _account(row)
        if disabled and row.role == "admin":
            _refuse_last_admin(conn, row, N_('cannot disable the last admin: "{username}"'))
        store.update_user(conn, row.id, {"disabled": disabled})
        _audit_one(conn, actor, None, "account", row.username,
                   "disable" if disabled else "enable",
                   {"disabled": not disabled}, {"disabled": disabled})
        return _account(store.find_user_by_id(conn, row.id))  # type: ignore[arg-type]


def change_own_password(db: Database, user: User, current: str, new: str,
                        lockout: Lockout | None = None, min_length: int = 8) -> Account:
    """The signed-in user replaces their password (the current one is asked again; a wrong
    one counts as a failed sign-in of that name)."""
    lockout = lockout or Lockout()
    check_password(new, min_length)
    with db.read() as conn:
        row = _existing(conn, user.username)
    if not passwords.verify(row.password_hash, current):
        with _bookkeeping(db) as conn:
            lockout.count(conn, user.username, user.address, repo.now())
            _audit_one(conn, user, None, "session", row.username, "password_failed")
        raise PermissionDenied(Message(N_("the current password is wrong")))
    if new == current:
        raise InvalidAccount(Message(N_("the new password must differ from the current one")))
    digest = passwords.hash_password(new)
    with db.write() as conn:
        store.update_user(conn, row.id, {
            "password_hash": digest, "password_changed_at": repo.now(),
            "must_change_password": False,
        })
        _audit_one(conn, user, None, "account", row.username, "password", None,
                   {"must_change_password": False})
        return _account(store.find_user_by_id(conn, row.id))  # type: ignore[arg-type]


# ----------------------------------------------------------------- sign-in
def _throttle_key(username: str) -> str:
    return username.strip().lower()[:200]


@dataclass(frozen=True)
class Lockout:
    """Lockout rule: `attempts` failures of one user name, or `address_attempts` from one
    address, within `minutes`, lock that name or address for `minutes` (0 attempts: never)."""

    attempts: int = 5
    address_attempts: int = 10
    minutes: float = 15.0

    @classmethod
    def from_settings(cls, settings: Any) -> Lockout:
        """The rule of an AppSettings."""
        return cls(settings.lockout_attempts, settings.lockout_address_attempts,
                   settings.lockout_minutes)

    @property
    def period(self) -> timedelta:
        """How long a lock lasts (and the window failures are counted in)."""
        return timedelta(minutes=self.minutes)

    def keys(self, username: str, address: str | None) -> list[tuple[str, str]]:
        """The (kind, key) pairs a sign-in of `username` from `address` is counted under."""
        return [("user", _throttle_key(username)), ("address", address or "-")]

    def count(self, conn: Connection, username: str, address: str | None, now: datetime
              ) -> list[tuple[str, str, datetime]]:
        """Count one failure under each key; the locks it starts as (kind, key, until)."""
        started = []
        for (kind, key), limit in zip(self.keys(username, address),
                                      (self.attempts, self.address_attempts), strict=True):
            until = store.count_failure(conn, kind, key, now, self.period, limit, self.period)
            if until is not None:
                started.append((kind, key, until))
        return started


@dataclass(frozen=True)
class SignIn:
    """The outcome of a sign-in: `ok` (with the account), `failed`, `locked` (until), or
    `unknown` (a single sign-on for a NIP no account is tied to)."""

    outcome: Literal["ok", "failed", "locked", "unknown"]
    account: Account | None = None
    locked_until: datetime | None = None

    def retry_after(self, now: datetime | None = None) -> int:
        """Whole seconds until a lock ends (0 without a lock)."""
        if self.locked_until is None:
            return 0
        seconds = (self.locked_until - (now or repo.now())).total_seconds()
        return max(1, int(seconds + 0.999))


def sign_in(db: Database, username: str, password: str, address: str | None,
            lockout: Lockout | None = None) -> SignIn:
    """Check a user name and password from an address; record and audit the outcome.

    A locked name or address is refused before any password is checked. The answer does not
    tell an unknown name, a wrong password or a disabled account apart.
    """
    lockout = lockout or Lockout()
    username = (username or "").strip()
    now = repo.now()
    with db.read() as conn:
        until = store.locked_until(conn, lockout.keys(username, address), now)
        row = store.find_user(conn, username) if username else None
    if until is not None:
        return SignIn("locked", locked_until=until)
    if row is None:
        passwords.spend_time(password or "")
        matches = False
    else:
        matches = passwords.verify(row.password_hash, password or "")
    anonymous = User(ANONYMOUS, address=address)
    key = username[:100] or "-"
    if not matches:
        with _bookkeeping(db) as conn:
            started = lockout.count(conn, username, address, now)
            _audit_one(conn, anonymous, None, "session", key, "sign_in_failed")
            for kind, locked_key, locked_to in started:
                _audit_one(conn, anonymous, None, "session", f"{kind}:{locked_key}", "locked",
                           None, {"until": locked_to.isoformat(timespec="seconds")})
        return SignIn("failed")
    assert row is not None
    if row.disabled:
        with _bookkeeping(db) as conn:
            _audit_one(conn, anonymous, None, "session", key, "sign_in_refused", None,
                       {"disabled": True})
        return SignIn("failed")
    rehash = passwords.hash_password(password) if passwords.needs_rehash(row.password_hash) \
        else None
    with _bookkeeping(db) as conn:
        store.record_sign_in(conn, row.id, now, address, rehash)
        store.clear_failures(conn, "user", _throttle_key(username))
        account = _account(store.find_user_by_id(conn, row.id))  # type: ignore[arg-type]
        _audit_one(conn, account.actor(address), None, "session", row.username, "sign_in")
    return SignIn("ok", account)


def sign_in_by_nip(db: Database, nip: str, address: str | None, *, via: str = "sso",
                   create: bool = False) -> SignIn:
    """Sign in the account tied to an employee's NIP, vouched for by the region's single
    sign-on (`via`); record and audit the outcome.

    The enabled account named by the NIP comes first, else the oldest enabled one tied to it.
    Without one: with `create`, an employee of a plan gets an `employee` account (user name =
    NIP, tied to the employee and their unit, no password: it signs in only through the
    sign-on); otherwise "unknown". Only disabled accounts: "failed".
    """
    nip = (nip or "").strip()
    anonymous = User(ANONYMOUS, address=address)
    key = nip[:100] or "-"
    now = repo.now()
    with db.read() as conn:  # reads first: a bookkeeping transaction starts with a write
        rows = store.users_tied_to(conn, nip) if nip else []
        employee = store.find_employee(conn, nip) if nip else None
        name_taken = bool(nip) and store.find_user(conn, nip) is not None
    enabled = sorted((r for r in rows if not r.disabled), key=lambda r: r.username != nip)
    if not enabled:
        creatable = create and employee is not None and not rows and not name_taken
        if not creatable:
            with _bookkeeping(db) as conn:
                action = "sign_in_refused" if rows else "sign_in_failed"
                _audit_one(conn, anonymous, None, "session", key, action, None,
                           {"via": via, "disabled" if rows else "no_account": True})
            return SignIn("failed" if rows else "unknown")
    with _bookkeeping(db) as conn:
        if enabled:
            user_id = enabled[0].id
            store.record_sign_in(conn, user_id, now, address, None)
        else:
            assert employee is not None
            user_id = store.insert_user(conn, {
                "username": nip, "name": employee.name, "role": "employee",
                "unit": employee.unit, "nip": nip, "created_at": now, "password_hash": None,
                "password_changed_at": None, "must_change_password": False, "disabled": False,
                "last_sign_in_at": now, "last_sign_in_address": address,
            })
            _audit_one(conn, anonymous, None, "account", nip, "add", None,
                       {**_audit_fields("employee", employee.name, employee.unit, nip,
                                        must_change_password=False), "via": via})
        account = _account(store.find_user_by_id(conn, user_id))  # type: ignore[arg-type]
        _audit_one(conn, account.actor(address), None, "session", account.username, "sign_in",
                   None, {"via": via})
    return SignIn("ok", account)


def sign_out(db: Database, user: User) -> None:
    """Audit the end of a session."""
    with _bookkeeping(db) as conn:
        _audit_one(conn, user, None, "session", user.username, "sign_out")


# ----------------------------------------------------------------- first admin, bulk, demo
def ensure_admin(db: Database, username: str = "admin", password: str | None = None, *,
                 name: str = "Administrator", min_length: int = 8
                 ) -> tuple[Account, str | None]:
    """The first admin (`ekinerja init`): created when missing. A given `password` is set
    (created or replaced); without one, a password is generated only for an admin that has
    none. Returns the account and the password set now (None when left as it was)."""
    actor = system_user()
    generated = password is None
    chosen = passwords.generate() if password is None else password
    try:
        account = get_account(db, username)
    except NotFound:
        account = create_account(db, actor, username, "admin", chosen, name=name,
                                 generated=generated, min_length=min_length)
        return account, chosen
    if account.role != "admin":
        raise AccountExists(Message(N_('user "{username}" exists with role {role}'),
                                    {"username": username, "role": account.role}))
    if generated and account.has_password:
        return account, None
    account = set_password(db, actor, username, chosen, generated=generated,
                           min_length=min_length)
    if account.disabled:
        account = set_disabled(db, actor, username, False)
    return account, chosen


@dataclass(frozen=True)
class Credential:
    """A new account and its one-time password, for distribution."""

    username: str
    name: str
    unit: str | None
    position: str
    password: str


@dataclass
class EmployeeAccounts:
    """What a bulk creation did: the accounts made (with passwords) and the NIPs skipped."""

    plan_code: str
    created: list[Credential] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def create_employee_accounts(
    db: Database,
    actor: User | None,
    plan_code: str | None,
    deliver: Callable[[list[Credential]], None],
) -> EmployeeAccounts:
    """An `employee` account for every employee of a plan who has none (user name = NIP,
    tied to the employee and their unit; skipped when that name exists or another account is
    tied to the NIP), each with a one-time password to be replaced at the
    first sign-in. `deliver(credentials)` runs before the commit (it writes the workbook): if
    it fails, no account is created."""
    actor = _admin(actor)
    with db.read() as conn:
        plan = _plan_row(conn, plan_code)
        employees = store.plan_employees(conn, plan.id)
    result = EmployeeAccounts(plan.code)
    pending = [Credential(e.nip, e.name, e.unit, e.position, passwords.generate())
               for e in employees]
    hashes = {c.username: passwords.hash_generated(c.password) for c in pending}
    with db.write() as conn:
        existing = store.usernames_among(conn, [c.username for c in pending])
        existing |= store.tied_nips(conn)  # an employee who has an account of another name
        result.skipped = [c.username for c in pending if c.username in existing]
        result.created = [c for c in pending if c.username not in existing]
        stamp = repo.now()
        store.insert_users(conn, [
            {"username": c.username, "name": c.name, "role": "employee", "unit": c.unit,
             "nip": c.username, "created_at": stamp, "password_hash": hashes[c.username],
             "password_changed_at": stamp, "must_change_password": True, "disabled": False,
             "last_sign_in_at": None, "last_sign_in_address": None}
            for c in result.created
        ])
        _append_audit(conn, [
            {"username": actor.username, "address": actor.address, "plan_code": plan.code,
             "entity": "account", "key": c.username, "action": "add",
             "new": _audit_fields("employee", c.name, c.unit, c.username,
                                  must_change_password=True)}
            for c in result.created
        ])
        deliver(result.created)
    return result


#: The credentials workbook's columns ("Indonesian / English").
CREDENTIAL_HEADER = ("NIP", Message(N_("Name")).bilingual(), "Unit",
                     Message(N_("Position")).bilingual(), Message(N_("User name")).bilingual(),
                     Message(N_("One-time password")).bilingual())


def credentials_workbook(credentials: list[Credential]) -> bytes:
    """An .xlsx of new accounts and their one-time passwords (one row each)."""
    from openpyxl import Workbook

    from ekinerja.workbooks import cell_value

    book = Workbook(write_only=True)
    sheet = book.create_sheet("akun")
    sheet.append(list(CREDENTIAL_HEADER))
    for c in credentials:  # a name typed as "=..." stays text, never a live formula
        sheet.append([cell_value(sheet, v) for v in
                      (c.username, c.name, c.unit or "", c.position, c.username, c.password)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class DemoAccount:
    """One account of the demo: a role tied to real units and employees of the NTB example."""

    username: str
    role: str
    name: str
    unit: str | None = None
    nip: str | None = None


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("demo-admin", "admin", "Administrator (demo)"),
    DemoAccount("demo-planner", "planner", "Perencana Bappeda (demo)", "BAPPEDA"),
    DemoAccount("demo-evaluator", "evaluator", "Evaluator Inspektorat (demo)"),
    DemoAccount("demo-head", "head", "Hairul Ridwan, Kepala Dinas Kesehatan (demo)", "DIKES",
                "196701271995011002"),
    DemoAccount("demo-operator", "operator", "Operator Dinas Kesehatan (demo)", "DIKES"),
    DemoAccount("demo-employee", "employee", "Siti Nurhayati, Nutrisionis Ahli Muda (demo)",
                "DIKES-KESMAS-GIZI", "199407242019042005"),
    DemoAccount("demo-viewer", "viewer", "Pimpinan daerah / DPRD (demo)"),
)


def refresh_demo_accounts(db: Database, password: str) -> list[Account]:
    """Create or reset the demo accounts (one per role), all with `password`."""
    actor = system_user()
    result = []
    for spec in DEMO_ACCOUNTS:
        try:
            get_account(db, spec.username)
        except NotFound:
            create_account(db, actor, spec.username, spec.role, password, name=spec.name,
                           unit=spec.unit, nip=spec.nip, generated=True)
        else:
            update_account(db, actor, spec.username, name=spec.name, role=spec.role,
                           unit=spec.unit, nip=spec.nip)
            set_password(db, actor, spec.username, password, generated=True)
            if get_account(db, spec.username).disabled:
                set_disabled(db, actor, spec.username, False)
        result.append(get_account(db, spec.username))
    return result


# ----------------------------------------------------------------- the session key
def session_secret(db: Database) -> str:
    """The key signing session cookies: generated once and kept in the database, so that
    every worker (and every restart) shares it."""
    import secrets

    with db.read() as conn:
        value = store.read_secret(conn, SECRET_NAME)
    if value:
        return value
    with _bookkeeping(db) as conn:
        store.add_secret(conn, SECRET_NAME, secrets.token_urlsafe(48), repo.now())
        value = store.read_secret(conn, SECRET_NAME)
    assert value
    return value
