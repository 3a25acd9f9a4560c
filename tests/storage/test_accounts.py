"""Named account queries on real databases: lockout counters and shared secrets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ekinerja.storage import accounts as store
from ekinerja.storage.database import Database

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
WINDOW = timedelta(minutes=15)


def fail(db: Database, times: int, at: datetime = NOW, key: str = "budi") -> list:
    with db.connect() as conn:
        return [store.count_failure(conn, "user", key, at, WINDOW, 3, WINDOW)
                for _ in range(times)]


def lock_end(db: Database, at: datetime = NOW, key: str = "budi"):
    with db.connect() as conn:
        return store.locked_until(conn, [("user", key)], at)


def test_failures_below_the_limit_lock_nothing(db: Database) -> None:
    assert fail(db, 2) == [None, None]
    assert lock_end(db) is None


def test_the_failure_that_reaches_the_limit_locks_for_the_lock_period(db: Database) -> None:
    assert fail(db, 3)[-1] == NOW + WINDOW
    assert lock_end(db) == NOW + WINDOW


def test_a_lock_ends_after_its_period(db: Database) -> None:
    fail(db, 3)
    assert lock_end(db, NOW + WINDOW + timedelta(seconds=1)) is None


def test_failures_older_than_the_window_are_forgotten(db: Database) -> None:
    fail(db, 2)
    assert fail(db, 2, NOW + WINDOW + timedelta(minutes=1)) == [None, None]


def test_failures_are_counted_per_key(db: Database) -> None:
    fail(db, 2, key="budi")
    fail(db, 2, key="sari")
    assert lock_end(db, key="budi") is None and lock_end(db, key="sari") is None


def test_clearing_forgets_the_failures_of_a_key(db: Database) -> None:
    fail(db, 2)
    with db.connect() as conn:
        store.clear_failures(conn, "user", "budi")
    assert fail(db, 2) == [None, None]


def test_a_limit_of_zero_never_locks(db: Database) -> None:
    with db.connect() as conn:
        ends = [store.count_failure(conn, "address", "10.0.0.1", NOW, WINDOW, 0, WINDOW)
                for _ in range(5)]
    assert ends == [None] * 5


def test_a_secret_is_stored_once_and_the_first_one_stays(db: Database) -> None:
    with db.connect() as conn:
        store.add_secret(conn, "session_key", "first", NOW)
        store.add_secret(conn, "session_key", "second", NOW)
    with db.connect() as conn:
        assert store.read_secret(conn, "session_key") == "first"


def test_an_unknown_secret_is_none(db: Database) -> None:
    with db.connect() as conn:
        assert store.read_secret(conn, "nothing") is None
