"""Database location, engines (SQLite WAL / PostgreSQL), transactions and schema migrations."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, DisconnectionError, OperationalError

from ekinerja.messages import N_, Message
from ekinerja.storage.schema import Base, RevisionRow, table_of

ENV_VAR = "EKINERJA_DATABASE_URL"
MIGRATIONS = Path(__file__).parent / "migrations"
BUSY_TIMEOUT_MS = 10_000
#: A pooled PostgreSQL connection idle for longer is pinged before use (a restarted server or a
#: firewall may have dropped it); one in steady use is not, so a request saves that round trip.
PING_AFTER_SECONDS = 10.0
BACKUPS_SQLITE_ONLY = N_("backups here are for SQLite only; use pg_dump for PostgreSQL")
#: The newest migration (`head_revision`, kept equal by a test): a database stamped with it
#: passes the schema check without loading Alembic (0.2 s of a worker's cold start).
SCHEMA_HEAD = "0016"


class DatabaseError(RuntimeError):
    """The database cannot be used (cannot be opened, locked, wrong schema): one-line message,
    ``str()`` bilingual, `text(lang)` in one language."""

    exit_code = 1

    def __init__(self, message: str | Message):
        self.message = message if isinstance(message, Message) else None
        super().__init__(str(message))

    def text(self, lang: str | None = None) -> str:
        """The message in one language (the bilingual text when it carries no Message)."""
        return self.message.text(lang) if self.message is not None else str(self)


class SchemaError(DatabaseError):
    """The schema is older (run ``ekinerja db upgrade``) or newer than this program."""

    exit_code = 2


_revision = table_of(RevisionRow)


def now() -> datetime:
    """The current time, UTC (every stored timestamp)."""
    return datetime.now(UTC)


def utc(value: datetime | None) -> datetime | None:
    """A stored timestamp as an aware UTC datetime (SQLite returns naive ones)."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def bump_revision(conn: Connection) -> int:
    """Increment the database revision (taking the write lock first) and return it."""
    result = conn.execute(
        update(_revision)
        .where(_revision.c.id == 1)
        .values(value=_revision.c.value + 1)
        .returning(_revision.c.value)
    )
    return int(result.scalar_one())


#: The revision's read, built once: every web request makes it (building the statement and its
#: cache key anew cost more CPU than running it).
_READ_REVISION = select(_revision.c.value).where(_revision.c.id == 1)


def read_revision(conn: Connection) -> int:
    """The current database revision."""
    return int(conn.execute(_READ_REVISION).scalar_one())


def default_path() -> Path:
    """The per-user default SQLite file: $XDG_DATA_HOME/ekinerja/ekinerja.sqlite."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "ekinerja" / "ekinerja.sqlite"


def resolve_url(url: str | None = None) -> str:
    """The URL to use: the argument, else $EKINERJA_DATABASE_URL, else the default SQLite file."""
    if url:
        return url
    env = os.environ.get(ENV_VAR)
    if env:
        return env
    return f"sqlite:///{default_path()}"


def describe(url: str) -> str:
    """A printable location: the file of an SQLite URL, else the URL without its password."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return url
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or ":memory:"
    return parsed.render_as_string(hide_password=True)


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (see _sqlite_begin)
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA cache_size = -65536")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN")


def _idle_from_now(_dbapi_connection: Any, record: Any) -> None:
    record.info["idle_since"] = time.monotonic()


def _ping_when_idle(engine: Engine) -> Any:
    """A pool `checkout` listener: a connection idle for more than PING_AFTER_SECONDS is
    pinged, and one that does not answer is replaced (the pool retries with a new one)."""

    def checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.get("idle_since")
        if idle_since is None or time.monotonic() - idle_since < PING_AFTER_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as exc:  # any failure: the connection is not usable
            raise DisconnectionError(str(exc)) from exc

    return checkout


def _message(exc: BaseException) -> str:
    text_ = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return text_[0] if text_ else type(exc).__name__


class Database:
    """One database: its URL, a SQLAlchemy engine, transactions and migrations.

    One object per database in a process: the services, the engine cache and the web pages all
    receive it. ``read()`` and ``write()`` are the transactions of the services; a write bumps
    the database revision first, which serialises writers and tells every cache something moved.
    """

    def __init__(self, url: str | None = None, *, echo: bool = False):
        self.url = resolve_url(url)
        self.schema_checked = False
        try:
            parsed = make_url(self.url)
        except ArgumentError as exc:
            raise DatabaseError(Message(N_("invalid database URL: {url}"), {"url": self.url})
                                ) from exc
        self.dialect = parsed.get_backend_name()
        kwargs: dict[str, Any] = {"echo": echo}
        self.sqlite_file: Path | None = None
        if self.dialect == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                self.sqlite_file = Path(parsed.database)
            kwargs["connect_args"] = {"timeout": BUSY_TIMEOUT_MS / 1000}
        elif self.dialect == "postgresql":
            kwargs["connect_args"] = {"connect_timeout": 5}
        try:
            self.engine: Engine = create_engine(self.url, **kwargs)
        except (ArgumentError, ImportError) as exc:
            raise DatabaseError(Message(N_("unsupported database {url}: {why}"),
                                        {"url": describe(self.url), "why": str(exc)})) from exc
        if self.dialect == "sqlite":
            event.listen(self.engine, "connect", _sqlite_connect)
            event.listen(self.engine, "begin", _sqlite_begin)
        elif self.dialect == "postgresql":
            event.listen(self.engine, "checkin", _idle_from_now)
            event.listen(self.engine, "checkout", _ping_when_idle(self.engine))
        self._pin = threading.local()  # the revision pinned in this thread (pin_revision)

    def __repr__(self) -> str:
        return f"Database({describe(self.url)!r})"

    @property
    def location(self) -> str:
        """Where the data lives, for printing (file path or URL without password)."""
        return describe(self.url)

    @property
    def exists(self) -> bool:
        """False only for an SQLite file that is not there yet."""
        return self.sqlite_file is None or self.sqlite_file.exists()

    def _create_file(self) -> None:
        if self.sqlite_file is None:
            return
        try:
            self.sqlite_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            # created empty (a valid SQLite file) and owner-only before SQLite opens it: the
            # data, the password hashes and the session key are nobody else's to read; SQLite
            # gives its -wal and -shm files the same mode
            descriptor = os.open(self.sqlite_file, os.O_CREAT | os.O_WRONLY, 0o600)
            os.close(descriptor)
        except OSError as exc:
            raise DatabaseError(Message(N_("cannot create database {location}: {why}"),
                                        {"location": self.location, "why": str(exc.strerror)})
                                ) from exc

    @contextmanager
    def connect(self, snapshot: bool = False, create: bool = False) -> Iterator[Connection]:
        """A connection in one transaction: committed on success, rolled back on any error.

        ``snapshot``: every statement sees the same data (REPEATABLE READ on PostgreSQL;
        SQLite transactions are snapshots already). A missing SQLite file is created only with
        ``create``; otherwise it is a SchemaError telling to run ``ekinerja init``.
        """
        if create:
            self._create_file()
        elif not self.exists:
            raise SchemaError(Message(N_("database does not exist: {location}; run `ekinerja "
                                         "init` or `ekinerja db upgrade`"),
                                      {"location": self.location}))
        try:
            conn = self.engine.connect()
            if snapshot and self.dialect == "postgresql":
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
        except DBAPIError as exc:
            raise self._cannot_open(exc) from exc
        try:
            with conn.begin():
                yield conn
        except OperationalError as exc:
            if "locked" in str(exc).lower() or "busy" in str(exc).lower():
                raise DatabaseError(Message(N_("database is locked: {location}"),
                                            {"location": self.location})) from exc
            raise
        finally:
            conn.close()

    def _cannot_open(self, exc: DBAPIError) -> DatabaseError:
        return DatabaseError(Message(N_("cannot open database {location}: {why}"),
                                     {"location": self.location, "why": _message(exc)}))

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """One consistent read transaction on this program's schema (a snapshot on PostgreSQL)."""
        self._require_schema()
        with self.connect(snapshot=True) as conn:
            yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction on this program's schema; it bumps the revision first (and a
        revision pinned in this thread is read again after it)."""
        self._require_schema()
        try:
            with self.connect() as conn:
                bump_revision(conn)
                yield conn
        finally:
            self._pin.value = None

    @contextmanager
    def unversioned(self) -> Iterator[Connection]:
        """One write transaction that does not bump the revision: bookkeeping no page shows
        (sign-in records, lockout counters, the session key)."""
        self._require_schema()
        with self.connect() as conn:
            yield conn

    def revision(self) -> int:
        """The database revision: bumped by every write; caches key on it.

        One statement (on PostgreSQL outside a transaction, retried once on a connection found
        dropped); while this thread has pinned the revision (`pin_revision`), the value it read
        first, until a write of this thread."""
        pinned = getattr(self._pin, "value", None)
        if pinned is not None:
            return pinned
        value = self._read_revision()
        if getattr(self._pin, "active", False):
            self._pin.value = value
        return value

    def _read_revision(self) -> int:
        if self.dialect != "postgresql":
            with self.read() as conn:
                return read_revision(conn)
        self._require_schema()
        try:
            return self._autocommit_revision()
        except DBAPIError as exc:
            if not exc.connection_invalidated:
                raise
        return self._autocommit_revision()  # a new connection: the pool let the dropped ones go

    def _autocommit_revision(self) -> int:
        try:
            conn = self.engine.connect()
        except DBAPIError as exc:
            raise self._cannot_open(exc) from exc
        with conn:
            return read_revision(conn.execution_options(isolation_level="AUTOCOMMIT"))

    def pin_revision(self) -> None:
        """From now on in this thread, `revision()` answers the value it reads first, until a
        write of this thread or `unpin_revision()`: one look-up serves a whole web request
        (the session's account and the plan's engine are checked against the same revision)."""
        self._pin.active, self._pin.value = True, None

    def unpin_revision(self) -> None:
        """`revision()` reads the database again on every call in this thread."""
        self._pin.active, self._pin.value = False, None

    def _require_schema(self) -> None:
        """Check the schema once per object (SchemaError when it is not this program's)."""
        if not self.schema_checked:
            self.check_schema()
            self.schema_checked = True

    def checkpoint(self) -> None:
        """After bulk writes: SQLite folds the WAL into the file; PostgreSQL vacuums/analyses.

        Both keep the next cold load fast (no WAL lookups, index-only visibility, fresh stats).
        """
        from ekinerja.storage.schema import Base

        if self.dialect == "sqlite":
            raw = self.engine.raw_connection()  # outside any transaction
            try:
                raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]
            finally:
                raw.close()
            return
        with self.engine.connect() as conn:
            if self.dialect == "postgresql":
                auto = conn.execution_options(isolation_level="AUTOCOMMIT")
                for table in Base.metadata.sorted_tables:
                    auto.exec_driver_sql(f"VACUUM (ANALYZE) {table.name}")

    def backup(self, path: str | Path) -> Path:
        """SQLite: write a consistent copy of the live database to `path` (VACUUM INTO)."""
        if self.dialect != "sqlite":
            raise DatabaseError(Message(BACKUPS_SQLITE_ONLY))
        target = Path(path).resolve()
        if not self.exists:
            raise SchemaError(Message(N_("database does not exist: {location}"),
                                      {"location": self.location}))
        if target.exists():
            raise DatabaseError(Message(N_("file exists: {path}"), {"path": str(target)}))
        target.parent.mkdir(parents=True, exist_ok=True)
        raw = self.engine.raw_connection()  # outside any transaction (no BEGIN from us)
        try:
            raw.driver_connection.execute("VACUUM INTO ?", (str(target),))  # type: ignore[union-attr]
        finally:
            raw.close()
        return target

    # -- schema ---------------------------------------------------------------------------

    def _alembic_config(self, conn: Connection) -> Any:
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = conn
        return config

    def head_revision(self) -> str:
        """The newest schema revision this program knows."""
        from alembic.script import ScriptDirectory

        script = ScriptDirectory(str(MIGRATIONS))
        head = script.get_current_head()
        assert head is not None
        return head

    def current_revision(self) -> str | None:
        """The schema revision of the database (None when it has no ekinerja schema)."""
        from alembic.runtime.migration import MigrationContext

        if not self.exists:
            return None
        with self.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def upgrade(self) -> None:
        """Create the schema or bring it up to date (Alembic ``upgrade head``)."""
        from alembic import command

        self._refuse_newer()
        with self.connect(create=True) as conn:
            command.upgrade(self._alembic_config(conn), "head")

    def _refuse_newer(self) -> None:
        from alembic.script import ScriptDirectory

        current = self.current_revision()
        if current is None:
            return
        script = ScriptDirectory(str(MIGRATIONS))
        known = {rev.revision for rev in script.walk_revisions()}
        if current not in known:
            raise SchemaError(Message(N_("the database schema is newer than this program "
                                         "({revision}); upgrade ekinerja"),
                                      {"revision": current}))

    def _stamped_head(self) -> bool:
        """Whether the database is stamped with SCHEMA_HEAD alone (one query, no Alembic)."""
        if not self.exists:
            return False
        with self.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return False
            stamps = conn.exec_driver_sql("SELECT version_num FROM alembic_version").all()
        return [tuple(row) for row in stamps] == [(SCHEMA_HEAD,)]

    def check_schema(self) -> None:
        """Raise SchemaError unless the schema is exactly the one this program expects."""
        if self._stamped_head():
            return
        self._refuse_newer()
        current = self.current_revision()
        if current != self.head_revision():
            raise SchemaError(Message(
                N_("database schema missing: run `ekinerja db upgrade` ({location})")
                if current is None else
                N_("database schema outdated ({revision}): run `ekinerja db upgrade` ({location})"),
                {"revision": current, "location": self.location}))

    def reset_for_tests(self) -> None:
        """Drop every ekinerja table (tests and benchmarks only)."""
        if not self.exists:
            return
        with self.connect() as conn:
            Base.metadata.drop_all(conn)
            if inspect(conn).has_table("alembic_version"):
                conn.execute(text("DROP TABLE alembic_version"))
            if self.dialect == "postgresql":  # the triggers' functions (0002, 0016)
                for function in ("audit_log_append_only", "plan_rows_check", "plan_rows_delete"):
                    conn.execute(text(f"DROP FUNCTION IF EXISTS {function}() CASCADE"))

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    def __del__(self) -> None:
        # close pooled connections of a forgotten Database instead of leaking them
        engine = getattr(self, "engine", None)
        if engine is not None:
            with suppress(Exception):
                engine.dispose()
