"""Database location, SQLite settings, migrations and schema checks on real databases."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from ekinerja.storage.database import (
    SCHEMA_HEAD,
    Database,
    DatabaseError,
    SchemaError,
    default_path,
    resolve_url,
)
from ekinerja.storage.schema import Base, applies_to


def test_explicit_url_wins_over_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("EKINERJA_DATABASE_URL", "sqlite:///env.sqlite")
    assert resolve_url("sqlite:///arg.sqlite") == "sqlite:///arg.sqlite"


def test_environment_url_is_used_without_argument(monkeypatch) -> None:
    monkeypatch.setenv("EKINERJA_DATABASE_URL", "sqlite:///env.sqlite")
    assert resolve_url(None) == "sqlite:///env.sqlite"


def test_default_is_a_per_user_sqlite_file_under_xdg_data_home(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("EKINERJA_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'ekinerja' / 'ekinerja.sqlite'}"


def test_default_falls_back_to_local_share(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_path() == tmp_path / ".local" / "share" / "ekinerja" / "ekinerja.sqlite"


def test_sqlite_file_runs_in_wal_mode_with_foreign_keys(tmp_path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'x.sqlite'}")
    with db.connect(create=True) as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() > 0
    db.dispose()


def test_missing_directories_of_the_sqlite_file_are_created(tmp_path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'a' / 'b' / 'x.sqlite'}")
    db.upgrade()
    db.dispose()
    assert (tmp_path / "a" / "b" / "x.sqlite").exists()


def test_reading_a_missing_sqlite_file_does_not_create_it(tmp_path) -> None:
    path = tmp_path / "nowhere" / "x.sqlite"
    with pytest.raises(SchemaError, match="ekinerja db upgrade"):
        Database(f"sqlite:///{path}").check_schema()
    assert not path.parent.exists()


def test_connecting_to_a_missing_sqlite_file_says_run_init(tmp_path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'x.sqlite'}")
    with pytest.raises(SchemaError, match="ekinerja init"), db.connect():
        pass


def test_migrated_schema_matches_the_models(db: Database) -> None:
    with db.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_object": applies_to(db.dialect)})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_upgrade_twice_is_harmless(db: Database) -> None:
    db.upgrade()
    assert db.current_revision() == db.head_revision()


def test_upgraded_schema_passes_the_check(db: Database) -> None:
    db.check_schema()
    assert db.current_revision() == db.head_revision()


def test_the_known_schema_head_is_the_newest_migration(db: Database) -> None:
    assert db.head_revision() == SCHEMA_HEAD


def test_the_check_of_an_up_to_date_schema_does_not_load_alembic(db: Database) -> None:
    code = ("import sys; from ekinerja.storage.database import Database; "
            f"Database({db.url!r}).check_schema(); "
            "assert not any(m.split('.')[0] == 'alembic' for m in sys.modules), 'alembic'")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_an_older_schema_asks_for_db_upgrade(db: Database) -> None:
    with db.connect() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0015'"))
    with pytest.raises(SchemaError, match=r"outdated \(0015\)"):
        db.check_schema()


def test_database_without_schema_asks_for_db_upgrade(empty_db: Database) -> None:
    with pytest.raises(SchemaError, match="ekinerja db upgrade"):
        empty_db.check_schema()


NEWER = "UPDATE alembic_version SET version_num = '9999'"


@pytest.mark.parametrize(("change", "action", "said"), [
    ("DELETE FROM alembic_version", Database.check_schema, "run `ekinerja db upgrade`"),
    (NEWER, Database.check_schema, "newer than this program"),
    (NEWER, Database.upgrade, "newer"),
], ids=["lost-version-asks-for-db-upgrade", "newer-schema-is-refused-with-a-clear-message",
        "newer-schema-is-not-upgraded"])
def test_a_database_on_an_unknown_revision_is_refused_with_a_clear_message(
        db: Database, change: str, action: Callable[[Database], None], said: str) -> None:
    with db.connect() as conn:
        conn.execute(text(change))
    with pytest.raises(SchemaError, match=said):
        action(db)


def test_file_that_is_not_a_database_gives_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "not.sqlite"
    path.write_bytes(b"this is not an sqlite file at all" * 100)
    with pytest.raises(DatabaseError) as info:
        Database(f"sqlite:///{path}").check_schema()
    assert "cannot open database" in str(info.value) and "\n" not in str(info.value)


def test_unreachable_postgresql_gives_a_one_line_error() -> None:
    db = Database("postgresql+psycopg://postgres@127.0.0.1:1/test")
    with pytest.raises(DatabaseError, match="cannot open database"):
        db.check_schema()


def test_locked_sqlite_database_gives_a_clear_error(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("ekinerja.storage.database.BUSY_TIMEOUT_MS", 100)
    path = tmp_path / "x.sqlite"
    db = Database(f"sqlite:///{path}")
    db.upgrade()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseError, match="locked"), db.connect() as conn:
            conn.execute(text("UPDATE db_revision SET value = value + 1"))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        db.dispose()


def test_unsupported_url_is_a_database_error() -> None:
    with pytest.raises(DatabaseError, match="invalid database URL"):
        Database("not a url")


def test_location_hides_the_password() -> None:
    db = Database("postgresql+psycopg://user:secret@127.0.0.1:5432/test")
    assert "secret" not in db.location


def test_migration_downgrades_to_nothing_and_upgrades_again(db: Database) -> None:
    from alembic import command
    from sqlalchemy import inspect

    with db.connect() as conn:
        command.downgrade(db._alembic_config(conn), "base")
    with db.connect() as conn:
        assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
    db.upgrade()
    db.check_schema()


def test_audit_log_refuses_updates(db: Database, add_account) -> None:
    from ekinerja import services

    add_account(db, "budi", "viewer")
    with pytest.raises(DBAPIError, match="append-only"), db.connect() as conn:
        conn.execute(text("UPDATE audit_log SET username = 'someone else'"))
    assert services.audit_log(db)[0]["username"] == "system"


def test_audit_log_refuses_deletes(db: Database, add_account) -> None:
    from ekinerja import services

    add_account(db, "budi", "viewer")
    with pytest.raises(DBAPIError, match="append-only"), db.connect() as conn:
        conn.execute(text("DELETE FROM audit_log"))
    assert len(services.audit_log(db)) == 1


def test_database_on_the_first_schema_upgrades_keeping_its_data(empty_db: Database,
                                                                upgrade_to) -> None:
    from ekinerja.services import accounts

    upgrade_to(empty_db, "0001")
    with pytest.raises(SchemaError, match="outdated"):
        empty_db.check_schema()
    with empty_db.connect() as conn:
        conn.execute(
            text(
                "INSERT INTO users (username, name, role, created_at) "
                "VALUES ('lama', 'Pengguna Lama', 'viewer', CURRENT_TIMESTAMP)"
            )
        )
    empty_db.upgrade()
    empty_db.check_schema()
    assert accounts.get_account(empty_db, "lama").name == "Pengguna Lama"


def test_a_database_on_schema_0002_upgrades_keeping_users_and_audit(empty_db: Database,
                                                                    upgrade_to) -> None:
    from ekinerja import services
    from ekinerja.services import accounts

    upgrade_to(empty_db, "0002")
    with empty_db.connect() as conn:
        conn.execute(text(
            "INSERT INTO users (username, name, role, unit, created_at) "
            "VALUES ('lama', 'Pengguna Lama', 'operator', 'DIKES', CURRENT_TIMESTAMP)"))
        conn.execute(text(
            "INSERT INTO audit_log (at, username, entity, key, action) "
            "VALUES (CURRENT_TIMESTAMP, 'system', 'user', 'lama', 'add')"))
    empty_db.upgrade()
    empty_db.check_schema()
    kept = accounts.get_account(empty_db, "lama")
    assert (kept.name, kept.role, kept.unit, kept.disabled, kept.has_password) == (
        "Pengguna Lama", "operator", "DIKES", False, False)
    record = services.audit_log(empty_db)[0]
    assert (record["key"], record["address"]) == ("lama", None)


def test_the_database_refuses_a_role_outside_the_seven(db: Database, add_account) -> None:
    add_account(db, "budi", "head")
    with pytest.raises(DBAPIError), db.connect() as conn:
        conn.execute(text("UPDATE users SET role = 'superuser' WHERE username = 'budi'"))
def test_every_write_transaction_bumps_the_revision(db: Database) -> None:
    before = db.revision()
    with db.write():
        pass
    assert db.revision() == before + 1


def test_reading_a_database_without_schema_asks_for_db_upgrade(empty_db: Database) -> None:
    with pytest.raises(SchemaError, match="db upgrade"), empty_db.read():
        pass


def test_a_pinned_revision_holds_until_a_write_of_the_same_thread(db: Database) -> None:
    other_worker = Database(db.url)
    try:
        db.pin_revision()
        pinned = db.revision()
        with other_worker.write():  # another process writes: this request keeps its revision
            pass
        assert db.revision() == pinned
        with db.write():  # its own write: read again
            pass
        assert db.revision() == pinned + 2
        db.unpin_revision()
        with other_worker.write():
            pass
        assert db.revision() == pinned + 3
    finally:
        db.unpin_revision()
        other_worker.dispose()


def test_a_pinned_revision_is_the_pinning_threads_own(db: Database) -> None:
    import threading

    db.pin_revision()
    try:
        pinned = db.revision()
        with Database(db.url).write():
            pass
        seen: list[int] = []
        thread = threading.Thread(target=lambda: seen.append(db.revision()))
        thread.start()
        thread.join()
        assert (db.revision(), seen) == (pinned, [pinned + 1])
    finally:
        db.unpin_revision()


def _pooled_backends(db: Database) -> list[int]:
    """The server process ids of two connections `db` then keeps in its pool."""
    with db.engine.connect() as first, db.engine.connect() as second:
        return [conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
                for conn in (first, second)]


def _terminate(url: str, pids: list[int]) -> None:
    """End those server processes, as a restarted server or a dropped network would."""
    admin = Database(url)
    try:
        with admin.engine.connect() as conn:
            for pid in pids:
                assert conn.exec_driver_sql(f"SELECT pg_terminate_backend({int(pid)})"
                                            ).scalar_one()
    finally:
        admin.dispose()


@pytest.fixture
def postgres(db: Database) -> Database:
    if db.dialect != "postgresql":
        pytest.skip("PostgreSQL connections only")
    return db


def test_revision_recovers_from_connections_dropped_while_in_use(postgres: Database) -> None:
    """Connections used a moment ago are not pinged: the first statement on a dropped one
    fails, and the revision is read again on a new connection (the pool lets the rest go)."""
    before = postgres.revision()
    _terminate(postgres.url, _pooled_backends(postgres))
    assert postgres.revision() == before
    with postgres.read() as conn:  # the other dropped connection went with the first
        assert conn.exec_driver_sql("SELECT 1").scalar_one() == 1


def test_connections_idle_for_a_while_are_pinged_and_replaced(postgres: Database,
                                                              monkeypatch) -> None:
    from ekinerja.storage import database

    postgres.revision()
    _terminate(postgres.url, _pooled_backends(postgres))
    monkeypatch.setattr(database, "PING_AFTER_SECONDS", 0.0)  # idle long enough: pinged
    with postgres.read() as conn:
        assert conn.exec_driver_sql("SELECT 1").scalar_one() == 1
    with postgres.write():
        pass


def test_connections_in_steady_use_are_not_pinged(postgres: Database, monkeypatch) -> None:
    """Each request saves the round trip of a ping (PING_AFTER_SECONDS)."""
    from ekinerja.storage import database

    pings: list[int] = []
    real = postgres.engine.dialect.do_ping
    postgres.engine.dialect.do_ping = lambda conn: pings.append(1) or real(conn)  # type: ignore[method-assign]
    for _ in range(5):
        postgres.revision()
        with postgres.read():
            pass
    assert pings == []
    monkeypatch.setattr(database, "PING_AFTER_SECONDS", 0.0)
    postgres.revision()
    assert pings == [1]
