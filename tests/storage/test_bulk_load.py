"""PostgreSQL's bulk load of a first import: its schema changes undone, its rows frozen and
stored as an import into tables that hold rows stores them."""

from __future__ import annotations

from dataclasses import replace

import psycopg
import pytest
from sqlalchemy import make_url

from ekinerja import services
from ekinerja.storage import repository
from ekinerja.storage.database import Database

pytestmark = pytest.mark.postgres

#: Every key, constraint and trigger of the plan's lists, as PostgreSQL would create it again.
CATALOG = """
SELECT 'index', indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index
 WHERE indrelid::regclass::text = ANY(%(tables)s)
UNION ALL
SELECT 'constraint', conname, pg_get_constraintdef(oid) FROM pg_constraint
 WHERE conrelid::regclass::text = ANY(%(tables)s)
UNION ALL
SELECT 'trigger', tgname, pg_get_triggerdef(oid) || ' ' || tgenabled::text FROM pg_trigger
 WHERE tgrelid::regclass::text = ANY(%(tables)s) AND NOT tgisinternal
UNION ALL
SELECT 'default', adrelid::regclass::text || '.' || adnum, pg_get_expr(adbin, adrelid)
  FROM pg_attrdef WHERE adrelid::regclass::text = ANY(%(tables)s)
ORDER BY 1, 2
"""


def _catalog(db: Database) -> list[tuple[str, str, str]]:
    tables = [entity.table.name for entity in repository.ENTITIES]
    with db.connect() as conn:
        cursor = conn.connection.driver_connection.cursor()
        cursor.execute(CATALOG, {"tables": tables})
        return list(cursor.fetchall())


@pytest.fixture
def pg_db(database_url: str) -> Database:
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only")
    db = Database(database_url)
    db.upgrade()
    yield db
    db.dispose()


def test_a_first_import_leaves_every_key_and_trigger_as_it_was(pg_db, small_plan,
                                                               monkeypatch) -> None:
    """The primary keys, indexes, unique keys, the plan checks' triggers and the columns'
    defaults changed for the rows are as they were after it (a failed import rolls them back
    with its rows); the triggers check again: a target naming no plan is refused."""
    before = _catalog(pg_db)
    assert any(kind == "trigger" and "REFERENCING NEW TABLE" in text
               for kind, _name, text in before)
    original = repository.insert_items

    def fail_on_realizations(conn, plan_id, entity, *args, **kwargs):
        if entity.name == "realizations":
            raise RuntimeError("injected failure")
        return original(conn, plan_id, entity, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(repository, "insert_items", fail_on_realizations)
        with pytest.raises(RuntimeError):
            services.import_document(pg_db, services.system_user(), small_plan)
    assert _catalog(pg_db) == before and services.list_plans(pg_db) == []
    services.import_document(pg_db, services.system_user(), small_plan)
    assert _catalog(pg_db) == before
    for name in ("targets", "realizations"):
        entity = repository.ENTITY[name]
        item = repository.items_of(small_plan, entity)[0]
        extra = ({"author": "t", "recorded_at": None, "superseded": False}
                 if entity.history else None)
        with pytest.raises(psycopg.errors.ForeignKeyViolation), pg_db.write() as conn:
            repository.insert_items(conn, 999_999, entity, [item], extra)


def test_only_the_rows_of_emptied_tables_are_copied_frozen(pg_db, database_url,
                                                          small_plan) -> None:
    """A first import copies into tables it emptied: its rows are frozen (a snapshot taken
    before it sees them, as ``COPY ... FREEZE`` documents). A second plan goes into tables
    that hold rows: nothing is emptied (the first plan's rows stay) and its rows are copied
    as usual (that snapshot does not see them)."""
    url = make_url(database_url)
    dsn = {"host": url.host, "port": url.port, "user": url.username, "dbname": url.database,
           "options": url.query.get("options", "")}
    targets = len(small_plan.targets)
    user = services.system_user()

    def counts(watcher: psycopg.Connection) -> tuple[int, int]:
        found = watcher.execute("SELECT (SELECT count(*) FROM plans), "
                                "(SELECT count(*) FROM targets)").fetchone()
        assert found is not None
        return int(found[0]), int(found[1])

    with psycopg.connect(**dsn) as watcher:
        watcher.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        watcher.execute("SELECT count(*) FROM plans")  # the snapshot, no lock on the lists
        services.import_document(pg_db, user, small_plan)
        assert counts(watcher) == (0, targets)
    with psycopg.connect(**dsn) as watcher:
        watcher.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        assert counts(watcher) == (1, targets)
        services.import_document(pg_db, user, replace(small_plan, plan=replace(
            small_plan.plan, code="P2")))
        assert counts(watcher) == (1, targets)
    with psycopg.connect(**dsn) as reader:
        assert counts(reader) == (2, 2 * targets)


def test_a_first_import_stores_what_an_import_into_tables_with_rows_stores(pg_db,
                                                                          small_plan) -> None:
    """The rows of the first plan (copied frozen, the plan and the history columns left to
    the columns' defaults) are those of a second plan copied with every column, but for the
    plan and the time; realizations carry the time of their import."""
    from sqlalchemy import select

    user = services.system_user()
    services.import_document(pg_db, user, small_plan)
    services.import_document(pg_db, user, replace(small_plan, plan=replace(small_plan.plan,
                                                                           code="P2")))
    with pg_db.read() as conn:
        first, second = (repository.find_plan(conn, code) for code in ("P1", "P2"))
        for entity in repository.ENTITIES:
            table = entity.table
            shown = [c for c in table.c if c.name not in ("id", "plan_id", "recorded_at")]

            def rows(plan_id: int, table=table, shown=shown) -> list[tuple]:
                query = select(*shown).where(table.c.plan_id == plan_id).order_by(table.c.id)
                return [tuple(row) for row in conn.execute(query)]

            assert rows(first.id) == rows(second.id)
            assert len(rows(first.id)) == len(repository.items_of(small_plan, entity))
        stamps = conn.execute(select(repository.ENTITY["realizations"].table.c.recorded_at)
                              .where(repository.ENTITY["realizations"].table.c.plan_id
                                     == first.id)).scalars().all()
    assert stamps and set(stamps) == {first.created_at}
