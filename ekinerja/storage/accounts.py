"""Named queries of accounts: users, sign-in lockouts, shared secrets (SQLAlchemy Core).

SQLite note: a transaction that writes must write first (its BEGIN is deferred, and a read
lock cannot always be upgraded while another connection writes), so the functions that start
a sign-in's bookkeeping are writes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Row, Table, delete, select, update

from ekinerja.storage.database import utc
from ekinerja.storage.repository import insert_many
from ekinerja.storage.schema import (
    AppSecretRow,
    EmployeeRow,
    PlanRow,
    SignInThrottleRow,
    UnitRow,
    UserRow,
    tables_of,
)

users, throttle, app_secrets, units, employees, plans = tables_of(
    UserRow, SignInThrottleRow, AppSecretRow, UnitRow, EmployeeRow, PlanRow)


def _insert(conn: Connection, table: Table) -> Any:
    """The dialect's INSERT (with ON CONFLICT) for `table`."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table)


# ----------------------------------------------------------------- users
def find_user(conn: Connection, username: str) -> Row[Any] | None:
    """The account row of a user name (exact), or None."""
    return conn.execute(select(users).where(users.c.username == username)).first()


def find_user_by_id(conn: Connection, user_id: int) -> Row[Any] | None:
    """The account row of an id, or None."""
    return conn.execute(select(users).where(users.c.id == user_id)).first()


def users_tied_to(conn: Connection, nip: str) -> list[Row[Any]]:
    """The accounts tied to an employee's NIP, oldest first."""
    return list(conn.execute(select(users).where(users.c.nip == nip).order_by(users.c.id)))


def all_users(conn: Connection) -> list[Row[Any]]:
    """Every account, by user name."""
    return list(conn.execute(select(users).order_by(users.c.username)))


def usernames_among(conn: Connection, names: Iterable[str]) -> set[str]:
    """Which of `names` already have an account."""
    wanted = list(names)
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        found.update(conn.execute(select(users.c.username).where(users.c.username.in_(chunk)))
                     .scalars())
    return found


def tied_nips(conn: Connection) -> set[str]:
    """The NIPs that some account is tied to."""
    return set(conn.execute(select(users.c.nip).where(users.c.nip.is_not(None))).scalars())


def insert_user(conn: Connection, values: dict[str, Any]) -> int:
    """Add one account; its id."""
    return int(conn.execute(users.insert().values(**values).returning(users.c.id)).scalar_one())


def insert_users(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Add many accounts (each dict has every column but id)."""
    insert_many(conn, users, rows)


def update_user(conn: Connection, user_id: int, values: dict[str, Any]) -> None:
    """Change columns of one account."""
    conn.execute(update(users).where(users.c.id == user_id).values(**values))


def record_sign_in(conn: Connection, user_id: int, at: datetime, address: str | None,
                   new_hash: str | None = None) -> None:
    """Stamp a successful sign-in (and store a rehashed password, when given)."""
    values: dict[str, Any] = {"last_sign_in_at": at, "last_sign_in_address": address}
    if new_hash is not None:
        values["password_hash"] = new_hash
    update_user(conn, user_id, values)


# ----------------------------------------------------------------- lockouts
def locked_until(conn: Connection, keys: Iterable[tuple[str, str]], now: datetime
                 ) -> datetime | None:
    """The latest end of a lock still running on any of the (kind, key) pairs, or None."""
    latest: datetime | None = None
    for kind, key in keys:
        value = conn.execute(
            select(throttle.c.locked_until).where(throttle.c.kind == kind, throttle.c.key == key)
        ).scalar()
        end = utc(value)
        if end is not None and end > now and (latest is None or end > latest):
            latest = end
    return latest


def count_failure(conn: Connection, kind: str, key: str, now: datetime, window: timedelta,
                  limit: int, lock: timedelta) -> datetime | None:
    """Count one failed sign-in of (kind, key); return the end of the lock it starts, if any.

    Failures count within `window` of the first one; the `limit`-th locks for `lock` and
    starts counting afresh. The first statement writes (and so locks the row): concurrent
    workers count every failure.
    """
    counted = conn.execute(
        _insert(conn, throttle)
        .values(kind=kind, key=key, failures=1, window_started_at=now, locked_until=None)
        .on_conflict_do_update(
            index_elements=[throttle.c.kind, throttle.c.key],
            set_={"failures": throttle.c.failures + 1},
        )
        .returning(throttle.c.id, throttle.c.failures, throttle.c.window_started_at)
    ).one()
    failures = counted.failures
    if utc(counted.window_started_at) < now - window:  # an old window: this one is the first
        failures = 1
        conn.execute(update(throttle).where(throttle.c.id == counted.id)
                     .values(failures=1, window_started_at=now))
    if limit <= 0 or failures < limit:
        return None
    end = now + lock
    conn.execute(update(throttle).where(throttle.c.id == counted.id)
                 .values(failures=0, window_started_at=now, locked_until=end))
    return end


def clear_failures(conn: Connection, kind: str, key: str) -> None:
    """Forget the failures of (kind, key) (after a successful sign-in of that name)."""
    conn.execute(delete(throttle).where(throttle.c.kind == kind, throttle.c.key == key))


# ----------------------------------------------------------------- shared secrets
def read_secret(conn: Connection, name: str) -> str | None:
    """A stored secret, or None."""
    return conn.execute(select(app_secrets.c.value).where(app_secrets.c.name == name)).scalar()


def add_secret(conn: Connection, name: str, value: str, now: datetime) -> None:
    """Store a secret unless another worker stored one under that name first."""
    conn.execute(
        _insert(conn, app_secrets)
        .values(name=name, value=value, created_at=now)
        .on_conflict_do_nothing(index_elements=[app_secrets.c.name])
    )


# ----------------------------------------------------------------- units and employees
def plans_with_unit(conn: Connection, code: str) -> list[str]:
    """Codes of the plans that have a unit of that code."""
    query = (select(plans.c.code).join(units, units.c.plan_id == plans.c.id)
             .where(units.c.code == code).order_by(plans.c.code))
    return list(conn.execute(query).scalars())


def find_employee(conn: Connection, nip: str) -> Row[Any] | None:
    """An employee of that NIP (nip, name, unit, plan_code) in any plan, or None."""
    query = (select(employees.c.nip, employees.c.name, employees.c.unit,
                    plans.c.code.label("plan_code"))
             .join(plans, employees.c.plan_id == plans.c.id)
             .where(employees.c.nip == nip).order_by(plans.c.code))
    return conn.execute(query).first()


def plan_employees(conn: Connection, plan_id: int) -> list[Row[Any]]:
    """The employees of a plan (nip, name, unit, position), in document order."""
    query = (select(employees.c.nip, employees.c.name, employees.c.unit, employees.c.position)
             .where(employees.c.plan_id == plan_id).order_by(employees.c.seq))
    return list(conn.execute(query))


def unit_parents(conn: Connection, plan_code: str | None = None) -> list[tuple[str, str | None]]:
    """(code, parent) of every unit of a plan, or of every plan when None (for scopes)."""
    query = select(units.c.code, units.c.parent)
    if plan_code is not None:
        query = query.join(plans, units.c.plan_id == plans.c.id).where(plans.c.code == plan_code)
    return [(code, parent) for code, parent in conn.execute(query)]
