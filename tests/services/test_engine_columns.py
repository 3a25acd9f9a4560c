"""The worker's cold load: the plan read column-wise and compiled from the columns, and the
snapshot of the compile's inputs, against the per-row read (SQLite and PostgreSQL)."""

from __future__ import annotations

import copy
import mmap
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import replace
from itertools import count, pairwise
from types import SimpleNamespace

import numpy as np
import pytest

from ekinerja import services
from ekinerja.generate import generate
from ekinerja.model import PlanDocument, Realization
from ekinerja.rollup import Engine
from ekinerja.services import engine_cache, engine_snapshot
from ekinerja.services.plans import plan_row
from ekinerja.storage import blocks, changes, repository
from ekinerja.storage.database import Database, read_revision


def _plan() -> PlanDocument:
    """A generated plan with ranged targets, quarters and the year, monthly realizations and
    realizations waiting for verification."""
    doc = generate(30, 2, 3)
    months = [f"{doc.targets[0].period[:4]}-{m:02d}" for m in (1, 2, 4)]
    extra = [Realization(i.code, month, 10.0 + k, ("submitted", "draft", "verified")[k % 3])
             for k, i in enumerate(doc.indicators[:60]) for month in months]
    return replace(doc, realizations=doc.realizations + extra)


@pytest.fixture
def plan_db(db: Database) -> tuple[Database, PlanDocument]:
    doc = _plan()
    services.import_document(db, services.system_user(), doc)
    return db, doc


def _same_engine(ours: Engine, theirs: Engine, *, followed: bool = False) -> None:
    """The same compiled arrays and scores (a followed engine holds a changed value at the end
    of its period's arrays, not in its place: compared by position then)."""
    assert ours.codes == theirs.codes
    for name in ("e_parent", "e_child", "e_weight", "layer_of", "polarity", "cap"):
        np.testing.assert_array_equal(getattr(ours, name), getattr(theirs, name))
    for ours_g, theirs_g in ((ours._targets, theirs._targets),
                             (ours._realizations, theirs._realizations),
                             (ours.verified_only()._realizations,
                              theirs.verified_only()._realizations)):
        assert sorted(ours_g) == sorted(theirs_g) if followed else list(ours_g) == list(theirs_g)
        for period, parts in theirs_g.items():
            mine = ours_g[period]
            if followed:
                mine = [a[np.argsort(mine[0])] for a in mine]
                parts = tuple(a[np.argsort(parts[0])] for a in parts)
            for a, b in zip(mine, parts, strict=True):
                np.testing.assert_array_equal(a, b)
    assert ours.periods() == theirs.periods()
    for period in theirs.periods():
        assert ours.evaluate(period).to_json() == theirs.evaluate(period).to_json()


def test_column_read_gives_the_document_and_engine_of_the_row_read(plan_db) -> None:
    db, _ = plan_db
    with db.read() as conn:
        row = plan_row(conn, None)
        doc = repository.read_document(conn, row)
        lazy, structure, targets, realizations = repository.read_plan_columns(conn, row)
    assert isinstance(lazy.targets, repository.LazyRows) and not lazy.targets.built
    assert len(lazy.targets) == len(doc.targets) and len(lazy.realizations) == len(
        doc.realizations)
    engine = Engine(lazy, structure=structure, targets=targets, realizations=realizations)
    assert not lazy.realizations.built  # compiled without an object per row
    _same_engine(engine, Engine(doc))
    assert lazy == doc  # made on first use: the same objects in the same order
    assert lazy.targets[3] == doc.targets[3] and list(lazy.realizations) == doc.realizations


def test_a_cold_worker_loads_from_the_snapshot_and_follows_later_changes(plan_db) -> None:
    db, doc = plan_db
    first = services.load_engine(db)
    path = engine_snapshot.path_of(db.url, doc.plan.code)
    engine_snapshot.wait()  # written in the background
    assert path.is_file()
    engine_cache._ENGINES.clear()  # a new worker process
    again = services.load_engine(db)
    assert again is not first
    assert isinstance(again.doc.objectives, repository.LazyRows)  # from the snapshot
    _same_engine(again, first)
    assert again.doc == first.doc
    code = doc.indicators[5].code
    services.record_realization(db, services.system_user(), doc.plan.code, code,
                                first.periods(realized_only=True)[0], 42.5)
    engine_cache._ENGINES.clear()
    followed = services.load_engine(db)  # the snapshot, then the change recorded since
    fresh = Engine(services.load_document(db))
    _same_engine(followed, fresh, followed=True)

    def key(r: Realization) -> tuple[str, str]:
        return r.indicator, r.period

    assert sorted(followed.doc.realizations, key=key) == sorted(fresh.doc.realizations, key=key)
    assert replace(followed.doc, realizations=[]) == replace(fresh.doc, realizations=[])


def test_a_snapshot_of_another_plan_row_or_another_state_is_not_used(plan_db, monkeypatch
                                                                    ) -> None:
    db, doc = plan_db
    services.load_engine(db)
    engine_snapshot.wait()
    path = engine_snapshot.path_of(db.url, doc.plan.code)
    saved = engine_snapshot.state(path)
    assert saved is not None
    with db.read() as conn:
        row = plan_row(conn, None)
        for changed in ({"created": "another time"}, {"revision": saved["revision"] + 1},
                        {"change_id": saved["change_id"] + 1}, {"change": "another change"}):
            state = {**saved, **changed}
            doc_, structure, targets, realizations = repository.read_plan_columns(conn, row)
            assert engine_snapshot.save(path, state, doc_, structure, targets, realizations)
            assert engine_cache._from_snapshot(conn, path, row, saved["revision"],
                                               saved["change_id"]) is None
    monkeypatch.setenv("EKINERJA_ENGINE_SNAPSHOTS", "0")
    path.unlink()
    engine_cache._ENGINES.clear()
    services.load_engine(db)
    assert not path.exists()


def test_lazy_rows_build_once_on_first_use_and_act_as_their_list() -> None:
    built: list[int] = []

    def build() -> list[int]:
        built.append(1)
        return [1, 2, 3]

    rows = repository.LazyRows(3, build)
    assert len(rows) == 3 and bool(rows) and not rows.built and built == []
    assert rows == [1, 2, 3] and [0, *rows] == [0, 1, 2, 3] and rows[1:] == [2, 3]
    assert rows.__add__([4]) == [1, 2, 3, 4] and rows.__radd__([0]) == [0, 1, 2, 3]
    assert 2 in rows and list(reversed(rows)) == [3, 2, 1]
    assert copy.deepcopy(rows) == [1, 2, 3] and type(copy.copy(rows)) is list
    assert built == [1] and rows.built


def test_the_batched_column_read_gives_the_engine_and_document_of_the_row_read(
        plan_db, monkeypatch) -> None:
    """Rows taken from the driver a few at a time (every batch boundary crossed): the same
    columns, engine and objects as the per-row read and as `Engine(doc)`."""
    db, _ = plan_db
    with db.read() as conn:
        row = plan_row(conn, None)
        doc = repository.read_document(conn, row)
        whole = repository.read_plan_columns(conn, row)
        monkeypatch.setattr(repository, "READ_BATCH", 7)
        lazy, structure, targets, realizations = repository.read_plan_columns(conn, row)
    assert realizations.status is not None and targets.indicator == []
    assert np.isnan(targets.low).any() and not np.isnan(targets.low).all()
    for ours, theirs in ((targets, whole[2]), (realizations, whole[3])):
        for name in ("node", "period_id", "value", "low", "high"):
            np.testing.assert_array_equal(getattr(ours, name), getattr(theirs, name))
        assert ours.periods == theirs.periods and ours.status == theirs.status
    engine = Engine(lazy, structure=structure, targets=targets, realizations=realizations)
    _same_engine(engine, Engine(doc))
    assert lazy == doc


def test_rows_naming_no_indicator_keep_their_codes_in_the_column_read(plan_db) -> None:
    """A target naming an objective and a realization naming no node (not from an import:
    stored by hand) are kept as read, as the row read keeps them; the engine drops them."""
    from ekinerja.model import Target

    db, doc = plan_db
    with db.write() as conn:
        plan_id = plan_row(conn, None).id
        for name, item in (("targets", Target(doc.objectives[1].code, "2024", 5.0)),
                           ("realizations", Realization("NO-SUCH", "2024-Q1", 3.0))):
            entity = repository.ENTITY[name]
            start = repository.next_seq(conn, entity.table, plan_id)
            extra = ({"author": "t", "recorded_at": None, "superseded": False}
                     if entity.history else None)
            repository.insert_items(conn, plan_id, entity, [item], extra)
            assert start >= 0
    with db.read() as conn:
        row = plan_row(conn, None)
        slow = repository.read_document(conn, row)
        lazy, structure, targets, realizations = repository.read_plan_columns(conn, row)
    assert doc.objectives[1].code in targets.indicator and "NO-SUCH" in realizations.indicator
    assert list(lazy.targets) == slow.targets and list(lazy.realizations) == slow.realizations
    engine = Engine(lazy, structure=structure, targets=targets, realizations=realizations)
    _same_engine(engine, Engine(slow))


@pytest.mark.postgres
def test_bulk_loads_skip_the_plan_checks_only_inside_and_only_when_permitted(
        database_url) -> None:
    """PostgreSQL: inside `bulk_load` the session role is `replica` (no per-row plan check),
    `origin` again after it; a role that may not set it leaves the checks on and the
    transaction usable. SQLite: nothing changes."""
    db = Database(database_url)
    db.upgrade()
    try:
        with db.write() as conn:
            if db.dialect != "postgresql":
                with repository.bulk_load(conn) as skipped:
                    assert not skipped
                return

            def role() -> str:
                return str(conn.exec_driver_sql("SHOW session_replication_role").scalar())

            with repository.bulk_load(conn) as skipped:
                assert skipped and role() == "replica"
            assert role() == "origin"
            conn.exec_driver_sql("SET LOCAL ROLE pg_monitor")  # a role without the right
            with repository.bulk_load(conn) as skipped:
                assert not skipped and role() == "origin"
            assert conn.exec_driver_sql("SELECT 1").scalar() == 1
            conn.exec_driver_sql("RESET ROLE")
    finally:
        db.dispose()


def test_an_imported_plan_keeps_its_foreign_keys(db) -> None:
    """After an import (bulk loaded), a row naming no plan is still refused."""
    import sqlite3

    import psycopg
    from sqlalchemy.exc import IntegrityError

    from ekinerja.model import Target

    services.import_document(db, services.system_user(), _plan())
    refused = (IntegrityError, sqlite3.IntegrityError, psycopg.IntegrityError)
    with pytest.raises(refused), db.write() as conn:
        repository.insert_items(conn, 999_999, repository.ENTITY["targets"],
                                [Target("X", "2024", 1.0)])


def test_a_code_holding_the_separator_and_a_plan_without_rows_read_as_the_row_read(
        plan_db) -> None:
    """A stored code holding the joined texts' separator (not from an import) and a plan
    whose realizations are all superseded: the column read gives what the row read gives."""
    from ekinerja.model import Target

    db, _ = plan_db
    with db.write() as conn:
        plan_id = plan_row(conn, None).id
        entity = repository.ENTITY["targets"]
        repository.insert_items(conn, plan_id, entity,
                                [Target("A\x1fB", "2024", 5.0)], None)
        history = "true" if db.dialect == "postgresql" else "1"
        conn.exec_driver_sql(f"UPDATE realizations SET superseded = {history}")
    with db.read() as conn:
        row = plan_row(conn, None)
        slow = repository.read_document(conn, row)
        lazy, structure, targets, realizations = repository.read_plan_columns(conn, row)
    assert "A\x1fB" in targets.indicator and len(realizations.value) == 0
    assert list(lazy.targets) == slow.targets and list(lazy.realizations) == slow.realizations
    engine = Engine(lazy, structure=structure, targets=targets, realizations=realizations)
    _same_engine(engine, Engine(slow))


def test_a_first_import_builds_the_keys_after_its_rows_and_they_hold(db) -> None:
    """A first import drops the empty tables' indexes (PostgreSQL: and unique keys) and builds
    them after the rows: a duplicate key is still refused (nothing written), afterwards the
    schema is whole, and a second plan is loaded with every key in place; the ids copied in
    blocks (PostgreSQL) are distinct and a row saved afterwards takes a new one."""
    import sqlite3

    import psycopg
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    from ekinerja.model import Target
    from ekinerja.storage.database import now
    from ekinerja.storage.schema import Base, applies_to

    refused = (IntegrityError, sqlite3.IntegrityError, psycopg.IntegrityError)
    doc = _plan()
    tables = [entity.table for entity in repository.ENTITIES]
    with pytest.raises(refused), db.write() as conn:
        plan_id = repository.insert_plan(conn, repository.plan_fields(doc.plan), now())
        with repository.bulk_load(conn, tables):
            repository.insert_items(conn, plan_id, repository.ENTITY["targets"],
                                    [*doc.targets, doc.targets[0]])
    services.import_document(db, services.system_user(), doc)
    other = replace(doc, plan=replace(doc.plan, code="P2"))
    services.import_document(db, services.system_user(), other)
    with db.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": applies_to(db.dialect)})
        assert compare_metadata(context, Base.metadata) == []
        count, ids = conn.execute(text("SELECT count(*), count(DISTINCT id) FROM targets")).one()
    assert count == ids == 2 * len(doc.targets)
    done = doc.realizations[0]  # the ids copied in blocks: the sequences carry on after them
    services.record_realization(db, services.system_user(), "P2", done.indicator, done.period,
                                done.value + 1)
    first = doc.targets[0]
    with pytest.raises(refused), db.write() as conn:
        row = repository.find_plan(conn, "P2")
        repository.insert_items(conn, row.id, repository.ENTITY["targets"],
                                [Target(first.indicator, first.period, 1.0)], None)


EDGE_VALUES = [0.0, -0.0, 0.1, -0.1, 1 / 3, 88.0, 1.5, 2.0 ** -60, 1e-20, 1e37, 2.0 ** 53 + 2,
               2.0 ** 60 + 1024, 2.0 ** 70, -(2.0 ** 62), 2.0 ** 63, -(2.0 ** 63), 7.0,
               123456789.123456789, None]


def test_scaled_texts_carry_each_double_exactly_or_refuse_it() -> None:
    """SQLite's joined texts of values (`_scaled`): every value read back bit for bit as the
    driver reads it, NULL as NaN; a value no scale fits (tiny, huge, infinite) is left out,
    so the whole text is refused."""
    import sqlite3
    import struct

    rng = np.random.default_rng(5)
    values = EDGE_VALUES + list(rng.uniform(-1, 1, 2000) * 10.0 ** rng.integers(-18, 30, 2000))
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE x (seq INTEGER, v DOUBLE)")
    conn.executemany("INSERT INTO x VALUES (?, ?)", list(enumerate(values)))
    read = [row[0] for row in conn.execute("SELECT v FROM x ORDER BY seq")]
    text = conn.execute(f"SELECT group_concat({repository._scaled('v')}) "
                        "FROM (SELECT v FROM x ORDER BY seq)").fetchone()[0]
    got = repository._unscaled(text, len(values))
    assert got is not None
    assert [struct.pack("d", v) for v in got.tolist()] == [
        struct.pack("d", float("nan") if v is None else v) for v in read]
    for refused in (5e-324, 1e-300, 1e300, float("inf"), float("-inf")):
        conn.execute("INSERT INTO x VALUES (?, ?)", (len(values), refused))
        text = conn.execute(f"SELECT group_concat({repository._scaled('v')}) "
                            "FROM (SELECT v FROM x ORDER BY seq)").fetchone()[0]
        assert repository._unscaled(text, len(values) + 1) is None
        conn.execute("DELETE FROM x WHERE seq = ?", (len(values),))


def _same_read(ours, theirs) -> None:
    for a, b in zip(ours[:2] + ours[3:6], theirs[:2] + theirs[3:6], strict=True):
        np.testing.assert_array_equal(a, b)
    assert ours[2] == theirs[2] and ours[6] == theirs[6]


def _reads_like_the_rows(db: Database, same) -> None:
    """`same(read, rows)` for targets and realizations: SQLite's joined texts or PostgreSQL's
    copy against the driver's rows."""
    with db.read() as conn:
        row = plan_row(conn, None)
        structure = repository.StructureColumns.of_document(repository.read_document(conn, row))
        for name in ("targets", "realizations"):
            entity = repository.ENTITY[name]
            read = (repository._copied_columns(conn, row.id, entity, lambda: structure)
                    if db.dialect == "postgresql" else
                    repository._aggregated_columns(conn, row.id, entity, lambda: structure))
            assert read is not None
            same(read, repository._fetched_columns(conn, row.id, entity, structure))


@pytest.mark.parametrize("batch", [100_000, 7])
def test_sqlite_joined_texts_read_what_the_driver_rows_read(plan_db, monkeypatch,
                                                            batch: int) -> None:
    db, _ = plan_db
    if db.dialect != "sqlite":
        pytest.skip("SQLite's read")
    monkeypatch.setattr(repository, "READ_BATCH", batch)
    _reads_like_the_rows(db, _same_read)


@pytest.mark.parametrize(("batch", "first"), [(7, 3), (100_000, 1), (7, 100)])
def test_a_first_batch_of_its_own_size_teaches_the_later_ones(plan_db, monkeypatch,
                                                            batch: int, first: int) -> None:
    """The first batch (periods as texts, values as pairs) has `FIRST_BATCH` seqs (at most
    `READ_BATCH`): every seq in one batch, the read is the driver rows'."""
    db, _ = plan_db
    if db.dialect != "sqlite":
        pytest.skip("SQLite's read")
    monkeypatch.setattr(repository, "READ_BATCH", batch)
    monkeypatch.setattr(repository, "FIRST_BATCH", first)
    bounds = repository._batch_bounds(5, 40)
    assert bounds[0] == (5, 5 + min(first, batch, 36)) and bounds[-1][1] == 41
    assert all(a[1] == b[0] for a, b in pairwise(bounds))
    assert all(0 < end - start <= batch for start, end in bounds)
    assert repository._batch_bounds(None, None) == [] and repository._batch_bounds(3, 3) == [(3, 4)]
    _reads_like_the_rows(db, _same_bits)


def _same_bits(ours, theirs) -> None:
    """Two reads of `_period_columns` alike, values bit for bit (NaN for NULL)."""
    for a, b in zip(ours[:2] + ours[3:6], theirs[:2] + theirs[3:6], strict=True):
        assert a.dtype == b.dtype
        np.testing.assert_array_equal(a.view(np.int64), b.view(np.int64))
    assert ours[2] == theirs[2] and ours[6] == theirs[6]


@pytest.mark.parametrize("batch", [100_000, 7])
def test_every_read_of_the_periods_reads_what_the_driver_rows_read(plan_db, monkeypatch,
                                                                  batch: int) -> None:
    """SQLite's joined texts and PostgreSQL's copy: codes, periods, values and statuses as the
    driver's rows give them (a status waiting for verification in the last batches)."""
    db, _ = plan_db
    monkeypatch.setattr(repository, "READ_BATCH", batch)
    _reads_like_the_rows(db, _same_bits)


def test_scaled_integers_carry_each_double_exactly_or_the_batch_is_sent_as_pairs(
        plan_db, monkeypatch) -> None:
    """After a first batch of pairs, values travel as integers at one scale: a later batch
    holding a value that scale does not carry (finer, larger, negative, tiny, NULL, one that
    reads as the NULL integer) is sent again as pairs, every value bit for bit."""
    db, _ = plan_db
    if db.dialect != "sqlite":
        pytest.skip("SQLite's read")
    monkeypatch.setattr(repository, "READ_BATCH", 7)
    rng = np.random.default_rng(11)
    randoms = list(rng.uniform(-1, 1, 300) * 10.0 ** rng.integers(-18, 30, 300))
    edges = [*EDGE_VALUES, 0.5, 0.25, 2.0 ** -53, -(2.0 ** 63) / 2 ** 53, 2.0 ** 62, *randoms]
    _set_values(db, edges, 21, 30)  # the first three batches keep the generated values
    _reads_like_the_rows(db, _same_bits)


def _set_values(db: Database, edges: list, targets_from: int, realizations_from: int) -> None:
    """Every other target from position `targets_from` on takes a value of `edges` (its low
    one from the end, its high the same value or NULL), every third current realization
    from `realizations_from` on one too (NULL left out)."""
    mark = "%s" if db.dialect == "postgresql" else "?"
    with db.write() as conn:
        seqs = [s for (s,) in conn.exec_driver_sql("SELECT seq FROM targets ORDER BY seq")]
        conn.exec_driver_sql(
            f"UPDATE targets SET value = {mark}, low = {mark}, high = {mark} WHERE seq = {mark}",
            [(v, edges[-k - 1], None if k % 3 else v, s)
             for k, (v, s) in enumerate(zip(edges, seqs[targets_from::2], strict=False))])
        seqs = [s for (s,) in conn.exec_driver_sql(
            "SELECT seq FROM realizations WHERE NOT superseded ORDER BY seq")]
        conn.exec_driver_sql(f"UPDATE realizations SET value = {mark} WHERE seq = {mark}",
                             [(v, s) for v, s in zip([e for e in edges if e is not None],
                                                     seqs[realizations_from::3], strict=False)])


def test_postgresql_copy_carries_each_double_bit_for_bit(plan_db) -> None:
    """PostgreSQL's binary copy: every value (signed zeros, tiny, huge, infinite, NaN, NULL)
    and status as the driver's rows read them."""
    db, _ = plan_db
    if db.dialect != "postgresql":
        pytest.skip("PostgreSQL's read")
    _set_values(db, [*EDGE_VALUES, float("inf"), -float("inf"), float("nan"), 5e-324,
                     -1.7e308], 5, 3)
    _reads_like_the_rows(db, _same_bits)


def _sent_batches(db: Database, monkeypatch) -> list[str]:
    """SQLite only: batches of 7 seqs, and the list every `_batch_sql` query goes to."""
    if db.dialect != "sqlite":
        pytest.skip("SQLite's read")
    monkeypatch.setattr(repository, "READ_BATCH", 7)
    sent: list[str] = []
    batch_sql = repository._batch_sql
    monkeypatch.setattr(repository, "_batch_sql",
                        lambda *args: sent.append(batch_sql(*args)) or sent[-1])
    return sent


@pytest.mark.parametrize("later", [None, 2.5, "abc"])
def test_a_value_column_null_so_far_travels_as_its_count_until_a_value_comes(
        plan_db, monkeypatch, later: float | str | None) -> None:
    """The targets' values NULL in every row read so far are sent as their count alone; a
    later batch holding a value (a number, or a text the joined texts refuse) is sent again
    the first way: the read is the driver rows' bit for bit, or None for the text. The
    ranges travel as the text of the rows holding one."""
    db, _ = plan_db
    sent = _sent_batches(db, monkeypatch)
    with db.write() as conn:
        # (ranges of one scale: no batch sent again for them)
        conn.exec_driver_sql("UPDATE targets SET value = NULL, low = seq, high = seq + 1")
        if later is not None:
            conn.exec_driver_sql("UPDATE targets SET value = ? WHERE seq = "
                                 "(SELECT seq FROM targets ORDER BY seq LIMIT 1 OFFSET 40)",
                                 (later,))
    if later == "abc":
        with db.read() as conn:
            row = plan_row(conn, None)
            structure = repository.StructureColumns.of_document(
                repository.read_document(conn, row))
            assert repository._aggregated_columns(conn, row.id, repository.ENTITY["targets"],
                                                  lambda: structure) is None
    else:
        _reads_like_the_rows(db, _same_bits)
    targets = [sql for sql in sent if "FROM targets" in sql]
    counted = ["count(value)" in sql for sql in targets]
    assert not counted[0] and all(counted[1:5])  # pairs first, then counts only
    assert all("count(low)" not in sql and "ORDER BY" not in sql for sql in targets)
    if later is not None:  # the batch holding the value: counted, then sent as pairs
        assert counted[5] and not counted[6]
        assert later == "abc" or not any(counted[7:])
    else:
        assert all(counted[1:])


@pytest.mark.parametrize("change", ["UPDATE targets SET value = 'abc' WHERE seq = 30",
                                    "UPDATE targets SET low = x'01' WHERE seq = 31",
                                    "UPDATE realizations SET status = 'odd' WHERE seq = 40",
                                    "UPDATE targets SET indicator = 'NOPE' WHERE seq = 32"])
def test_a_later_batch_the_joined_texts_cannot_carry_takes_the_row_read(plan_db, monkeypatch,
                                                                       change: str) -> None:
    """A text or blob where a value belongs, an unknown status or a code that names no
    indicator in a later batch: None (the rows are read instead), as in the first; the same
    for PostgreSQL's copy (an unknown status or code: its columns hold no other type)."""
    db, _ = plan_db
    if db.dialect != "sqlite" and ("SET value" in change or "SET low" in change):
        pytest.skip("a value of another type: SQLite's read")
    monkeypatch.setattr(repository, "READ_BATCH", 7)
    with db.write() as conn:
        conn.exec_driver_sql(change)
    name = change.split()[1]
    read = (repository._copied_columns if db.dialect == "postgresql" else
            repository._aggregated_columns)
    with db.read() as conn:
        row = plan_row(conn, None)
        structure = repository.StructureColumns.of_document(repository.read_document(conn, row))
        assert read(conn, row.id, repository.ENTITY[name], lambda: structure) is None


@pytest.mark.parametrize("changes", [
    ["UPDATE targets SET low = NULL, high = NULL", "UPDATE realizations SET status = 'verified'"],
    ["UPDATE targets SET low = NULL, high = NULL",
     "UPDATE targets SET low = 2.5 WHERE seq = (SELECT min(seq) FROM targets)",
     "UPDATE targets SET high = -0.0 WHERE seq = (SELECT max(seq) FROM targets)",
     "UPDATE realizations SET status = 'verified'",
     "UPDATE realizations SET status = 'rejected' WHERE seq = (SELECT max(seq) FROM realizations"
     " WHERE NOT superseded)"],
])
def test_postgresql_copy_sends_ranges_and_statuses_of_their_rows_only(plan_db,
                                                                     changes: list[str]) -> None:
    """PostgreSQL's copy: the targets' low and high and the realizations' statuses come for
    the rows that hold them only (none, or the first and last rows), and read as the driver's
    rows do."""
    db, _ = plan_db
    if db.dialect != "postgresql":
        pytest.skip("PostgreSQL's read")
    with db.write() as conn:
        for change in changes:
            conn.exec_driver_sql(change)
    _reads_like_the_rows(db, _same_bits)


def test_postgresql_copy_in_other_pieces_reads_the_same(plan_db, monkeypatch) -> None:
    """PostgreSQL's copy is read where the driver holds it when it comes as the row's message
    and the trailer; in other pieces they are joined first, and read the same."""
    import psycopg

    db, _ = plan_db
    if db.dialect != "postgresql":
        pytest.skip("PostgreSQL's read")
    iterate = psycopg.Copy.__iter__

    def pieces(reader: psycopg.Copy) -> Iterator[bytes]:
        for part in iterate(reader):
            yield from (bytes(part[k:k + 100]) for k in range(0, len(part), 100))

    monkeypatch.setattr(psycopg.Copy, "__iter__", pieces)
    _reads_like_the_rows(db, _same_bits)


def test_batches_out_of_seq_order_are_sent_again_in_order(plan_db, monkeypatch) -> None:
    """A batch whose rows the table gives out of seq order (here: the seqs reversed, and no
    index on (plan, seq)) is sent again through a subquery ordered by seq, and so is every
    later batch: the read is the driver rows'."""
    db, _ = plan_db
    sent = _sent_batches(db, monkeypatch)
    with db.write() as conn:
        for table in ("targets", "realizations"):
            conn.exec_driver_sql(f"DROP INDEX ix_{table}_plan_id_seq")
            conn.exec_driver_sql(f"UPDATE {table} SET seq = (SELECT max(seq) FROM {table}) - seq")
    _reads_like_the_rows(db, _same_bits)
    for table in ("targets", "realizations"):
        batches = [sql for sql in sent if f"FROM {table}" in sql]
        assert "ORDER BY" not in batches[0] and all("ORDER BY seq" in sql for sql in batches[1:])
        assert len(batches) > 3


@pytest.mark.parametrize("name", ["targets", "realizations"])
def test_two_rows_of_one_seq_take_the_row_read(plan_db, monkeypatch, name: str) -> None:
    db, _ = plan_db
    if db.dialect != "sqlite":
        pytest.skip("SQLite's read")
    monkeypatch.setattr(repository, "READ_BATCH", 7)
    with db.write() as conn:
        conn.exec_driver_sql(f"UPDATE {name} SET seq = seq - 1 WHERE seq = "
                             f"(SELECT seq FROM {name} WHERE plan_id = 1 ORDER BY seq "
                             "LIMIT 1 OFFSET 9)")
    with db.read() as conn:
        row = plan_row(conn, None)
        structure = repository.StructureColumns.of_document(repository.read_document(conn, row))
        assert repository._aggregated_columns(conn, row.id, repository.ENTITY[name],
                                              lambda: structure) is None


def test_scale_of_is_the_least_that_makes_every_value_an_integer() -> None:
    rng = np.random.default_rng(3)
    for _ in range(200):
        value = rng.uniform(-1, 1, 20) * 2.0 ** rng.integers(-30, 30)
        if rng.integers(0, 2):
            value = np.round(value * 2.0 ** rng.integers(0, 8)) / 2.0 ** rng.integers(0, 8)
        value[rng.integers(0, 20, 3)] = np.nan
        k = repository._scale_of(value)
        values = value[~np.isnan(value)]
        least = next((j for j in range(63) if (values * 2.0 ** j % 1 == 0).all()), None)
        if k is None:
            assert least is None or (np.abs(values * 2.0 ** least) > 2.0 ** 63).any()
            continue
        scaled = values * 2.0 ** k
        assert (scaled % 1 == 0).all() and (np.abs(scaled) <= 2.0 ** 63).all() and k == least
    assert repository._scale_of(np.array([np.nan, 0.0])) == 0
    assert repository._scale_of(np.array([np.nan, np.nan])) == repository._NULL_SCALE
    assert repository._scale_of(np.array([3.0, 0.5])) == 1
    assert repository._scale_of(np.array([3.0, 2.0 ** 62])) == 0
    assert repository._scale_of(np.array([1e30, 1e-10])) is None
    assert repository._scale_of(np.array([1.0, np.inf])) is None


def test_carried_integers_are_the_value_exactly_or_stand_apart() -> None:
    """`_carried` at a scale: every value it carries read back bit for bit, NULL as NaN; a
    value the scale does not carry (finer, too large, infinite, a text, a blob) stands apart,
    and no double reads as the NULL or the uncarried integer."""
    import sqlite3
    import struct

    rng = np.random.default_rng(9)
    values = [v for v in EDGE_VALUES if v is None or v == v] + [
        2.0 ** 53, 2.0 ** 53 + 2, 2.0 ** 53 + 4, -(2.0 ** 53) - 2, 2.0 ** 62, 2.0 ** 63 - 1024,
        2.0 ** -1, 2.0 ** -2, float("inf"), float("-inf"), "abc", b"\x01",
        *(rng.uniform(-1, 1, 500) * 10.0 ** rng.integers(-5, 25, 500)).tolist()]
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE x (seq INTEGER, v DOUBLE)")
    conn.executemany("INSERT INTO x VALUES (?, ?)", list(enumerate(values)))
    read = [row[0] for row in conn.execute("SELECT v FROM x ORDER BY seq")]
    for k in (0, 1, 2, 30, 53, 62):
        text = conn.execute(f"SELECT group_concat({repository._carried('v', k)}) "
                            "FROM (SELECT v FROM x ORDER BY seq)").fetchone()[0]
        integers = np.fromstring(text, np.int64, sep=",")
        assert len(integers) == len(values)
        for integer, value in zip(integers.tolist(), read, strict=True):
            if value is None:
                assert integer == repository._NULL_INTEGER
            elif integer == repository._UNCARRIED:
                assert not isinstance(value, float) or value * 2.0 ** k % 1 != 0 or abs(
                    value * 2.0 ** k) > 2.0 ** 63
            else:
                got = repository._from_integers(np.array([integer]), k)
                assert got is not None and struct.pack("d", got[0]) == struct.pack("d", value)
        assert repository._from_integers(integers, k) is None  # (the text, at least)
    text = conn.execute(f"SELECT group_concat({repository._carried('v', None)}) "
                        "FROM (SELECT v FROM x ORDER BY seq)").fetchone()[0]
    pairs = np.fromstring(text, np.int64, sep=",")  # without a scale: pairs, refused marked
    assert len(pairs) == 2 * len(values) and repository._REFUSED_SCALE in pairs[1::2]


@pytest.mark.parametrize("texts", [
    [""], ["a"], ["", ""], ["abcdefgh", "", "abcdefghi", "x"],
    ["ééé", "日本語のコード", "a" * 40, ""],
    [f"K.{k}" * (k % 5) for k in range(300)]])
def test_fixed_rows_hold_each_text_zero_padded(texts: list[str]) -> None:
    """`_fixed_rows`: each text's UTF-8 bytes then zeros, the width a multiple of 8 (at least
    8) past the longest, the lengths in bytes; None for a count that is not the texts'."""
    encoded = [t.encode() for t in texts]
    data = repository._SEPARATOR.join(texts).encode()
    fixed = repository._fixed_rows(data, len(texts))
    assert fixed is not None
    rows, lengths = fixed
    width = max(8, -(-max(map(len, encoded)) // 8) * 8)
    assert rows.shape == (len(texts), width) and rows.dtype == np.uint8
    assert [bytes(row) for row in rows] == [e.ljust(width, b"\0") for e in encoded]
    assert lengths.tolist() == list(map(len, encoded))
    assert repository._fixed_rows(data, len(texts) + 1) is None
    if len(texts) > 1:
        assert repository._fixed_rows(data, len(texts) - 1) is None


def test_codes_and_periods_split_by_numpy_as_by_dict(monkeypatch) -> None:
    """`_CodeTable` finds the node of each code (UTF-8, of any length) as the structure's index
    does, and refuses a code that is no indicator; `_interned_rows` numbers texts as
    `interned`; both as before when two hashes are alike."""
    from ekinerja.rollup import interned

    rng = np.random.default_rng(7)
    indicators = [f"IK{k}.{'é' * (k % 3)}{'x' * (k % 23)}" for k in range(500)]
    objectives = ["O1", "O2", "IK7.é"]
    structure = SimpleNamespace(objective_codes=objectives, indicator_codes=indicators,
                                index={c: k for k, c in enumerate(objectives + indicators)})
    picked = [indicators[k] for k in rng.integers(0, 500, 2000)]
    data = "\x1f".join(picked).encode()
    table = repository._CodeTable.of(structure)
    assert table is not None
    expected = np.array([structure.index[c] for c in picked])
    np.testing.assert_array_equal(table.nodes(data, len(picked)), expected)
    for wrong in ("O1", "IK7.é", "IK7.", "IK1.éxx", "y" * 300, ""):
        assert table.nodes("\x1f".join([*picked[:5], wrong]).encode(), 6) is None
    assert table.nodes(data, len(picked) + 1) is None
    periods = [f"2024-{m:02d}" for m in rng.integers(1, 13, 3000)] + ["2024", ""]
    ids = defaultdict(count().__next__)
    got = repository._interned_rows("\x1f".join(periods).encode(), len(periods),
                                    ids.__getitem__)
    want, distinct = interned(periods, len(periods))
    np.testing.assert_array_equal(got, want)
    assert list(ids) == distinct
    mixed = b"0\x1f#2025\x1f1\x1f#2026\x1f#2025"
    known = defaultdict(count().__next__)
    known["a"], known["b"] = known["a"], known["b"]
    np.testing.assert_array_equal(repository._batch_periods(5, mixed, known), [0, 2, 1, 3, 2])
    assert list(known) == ["a", "b", "2025", "2026"]
    monkeypatch.setattr(repository, "_row_hashes",
                        lambda rows, lengths: np.zeros(len(rows), np.uint64))
    assert repository._CodeTable.of(structure) is None
    np.testing.assert_array_equal(
        repository._code_nodes(data, len(picked), structure, None), expected)
    ids.clear()
    got = repository._interned_rows("\x1f".join(periods).encode(), len(periods),
                                    __import__("collections").defaultdict(
                                        __import__("itertools").count().__next__).__getitem__)
    np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("worth", [0.0, 0.75, 1.0])
def test_code_table_looks_up_runs_of_one_code_once_and_finds_each_row(
        monkeypatch, worth: float) -> None:
    """`_CodeTable.nodes` on codes in runs (a target's periods): the first of each run looked
    up (when the runs are long enough to be worth it), every row given its node; codes alike
    but for a trailing zero byte or their length are runs of their own; a code that is no
    indicator in a run is refused."""
    monkeypatch.setattr(repository, "_REPEATS_WORTH", worth)
    rng = np.random.default_rng(17)
    indicators = [f"IKU{k}.{k % 5}" for k in range(400)] + ["IK1", "IK1\x00", "IK1\x00\x00"]
    structure = SimpleNamespace(objective_codes=["V", "W"], indicator_codes=indicators,
                                index={c: k for k, c in enumerate(["V", "W", *indicators])})
    table = repository._CodeTable.of(structure)
    assert table is not None
    picked = [code for k in rng.integers(0, len(indicators), 600)
              for code in [indicators[k]] * int(rng.integers(1, 8))]
    picked += ["IK1", "IK1", "IK1\x00", "IK1\x00\x00", "IK1\x00\x00", "IK1"]
    want = [structure.index[c] for c in picked]
    np.testing.assert_array_equal(table.nodes("\x1f".join(picked).encode(), len(picked)), want)
    for wrong in ("V", "IKU1.2", "IK1\x00\x00\x00"):
        codes = [*picked[:40], picked[39], wrong, wrong, picked[40]]
        assert table.nodes("\x1f".join(codes).encode(), len(codes)) is None
    one = [indicators[3]] * 50
    np.testing.assert_array_equal(table.nodes("\x1f".join(one).encode(), 50), [5] * 50)


@pytest.mark.parametrize("per_code", [1 / 64, 2, 64])
def test_code_table_slots_find_each_code_directly_or_by_binary_search(
        monkeypatch, per_code: float) -> None:
    """`_CodeTable`'s slots: a code alone in its slot is found there, codes sharing one (few
    slots: all of them) by the sorted hashes, alike; a code that is no indicator (its slot
    empty, shared or another's) is refused."""
    monkeypatch.setattr(repository, "_SLOTS_PER_CODE", per_code)
    rng = np.random.default_rng(5)
    indicators = [f"IKU{k}.{k % 7}" for k in range(3000)]
    structure = SimpleNamespace(objective_codes=["V"], indicator_codes=indicators,
                                index={c: k for k, c in enumerate(["V", *indicators])})
    table = repository._CodeTable.of(structure)
    assert table is not None
    direct = np.count_nonzero(table.slots >= 0)
    assert direct == 0 if per_code < 1 else direct > len(indicators) // 2
    if per_code <= 2:  # some share a slot: found by binary search
        assert (table.slots == -2).any()
    picked = [indicators[k] for k in rng.integers(0, 3000, 5000)]
    np.testing.assert_array_equal(table.nodes("\x1f".join(picked).encode(), len(picked)),
                                  [structure.index[c] for c in picked])
    for wrong in ("V", "IKU1.2", "IKU3000.4", "IKU12.5x", "x" * 40):
        assert table.nodes("\x1f".join([*picked[:3], wrong]).encode(), 4) is None


def test_values_the_joined_texts_cannot_carry_are_read_from_rows(plan_db) -> None:
    db, _ = plan_db
    if db.dialect != "sqlite":
        pytest.skip("SQLite's read")
    with db.write() as conn:
        conn.exec_driver_sql("UPDATE targets SET value = 1e300 WHERE seq = 1")
        conn.exec_driver_sql("UPDATE realizations SET value = 5e-324 WHERE seq = 2")
    with db.read() as conn:
        row = plan_row(conn, None)
        slow = repository.read_document(conn, row)
        structure = repository.StructureColumns.of_document(slow)
        for name in ("targets", "realizations"):
            assert repository._aggregated_columns(
                conn, row.id, repository.ENTITY[name], lambda: structure) is None
        lazy, structure, targets, realizations = repository.read_plan_columns(conn, row)
    assert 1e300 in targets.value and 5e-324 in realizations.value
    assert list(lazy.targets) == slow.targets and list(lazy.realizations) == slow.realizations
    engine = Engine(lazy, structure=structure, targets=targets, realizations=realizations)
    _same_engine(engine, Engine(slow))


def test_threads_read_apart_only_the_revision_of_the_load(plan_db) -> None:
    """A thread's own connection reads what `conn` reads; one that sees another database
    revision (a write in between) gives way (None); the load is the same read apart or not."""
    db, _ = plan_db
    with db.read() as conn:
        row = plan_row(conn, None)
        revision = read_revision(conn)
        structure = repository.StructureColumns.of_document(repository.read_document(conn, row))
        names = ("targets", "realizations")
        both = repository._read_apart(conn, row.id, names, revision, lambda: structure)
        assert list(both) == list(names)
        for name in names:
            apart = repository._read_apart(conn, row.id, (name,), revision,
                                           lambda: structure)[name]
            here = repository._period_columns(conn, row.id, repository.ENTITY[name],
                                              lambda: structure)
            for read in (apart, both[name]):
                assert list(read[1]) == list(here[1])
                for field in ("node", "period_id", "value", "low", "high"):
                    np.testing.assert_array_equal(getattr(read[0], field),
                                                  getattr(here[0], field))
                assert read[0].periods == here[0].periods and read[0].status == here[0].status
        assert repository._read_apart(conn, row.id, names, revision + 1,
                                      lambda: structure) == {}
        together = repository.read_plan_columns(conn, row)
        repository.READ_APART = False
        try:
            alone = repository.read_plan_columns(conn, row)
        finally:
            repository.READ_APART = True
    assert together[0] == alone[0]
    if db.dialect == "sqlite":  # the pooled connections keep their page cache setting
        with db.engine.connect() as a, db.engine.connect() as b, db.engine.connect() as c:
            assert {x.exec_driver_sql("PRAGMA cache_size").scalar() for x in (a, b, c)} == {
                -65536}
    _same_engine(Engine(together[0], structure=together[1], targets=together[2],
                        realizations=together[3]),
                 Engine(alone[0], structure=alone[1], targets=alone[2], realizations=alone[3]))


def test_postgresql_asks_for_the_second_copy_once_the_first_is_taken_in(
        plan_db, monkeypatch) -> None:
    """On PostgreSQL the server makes one copy at a time: the realizations' copy is asked for
    only once the targets' is taken in and read into arrays (its codes prepared before the
    structure is waited for); the load is the same."""
    db, doc = plan_db
    if db.dialect != "postgresql":
        pytest.skip("PostgreSQL's copies")
    import psycopg

    events: list[tuple[str, str]] = []
    asked = psycopg.Cursor.copy

    def asking(self, statement, *args, **kwargs):
        events.append(("asked", "realizations" if "realizations" in statement else "targets"))
        return asked(self, statement, *args, **kwargs)

    copied = repository._copied_columns

    def logged(conn, plan_id, entity, structure, turn=bool, taken=bool):
        def marked() -> None:
            events.append(("taken", entity.name))
            taken()

        def waited() -> repository.StructureColumns:
            events.append(("structure", entity.name))
            return structure()

        return copied(conn, plan_id, entity, waited, turn, marked)

    monkeypatch.setattr(psycopg.Cursor, "copy", asking)
    monkeypatch.setattr(repository, "_copied_columns", logged)
    with db.read() as conn:
        row = plan_row(conn, None)
        read = repository.read_plan_columns(conn, row)
    for name in ("targets", "realizations"):
        mine = [kind for kind, of in events if of == name]
        assert mine[:3] == ["asked", "taken", "structure"], events
    assert events.index(("asked", "realizations")) > events.index(("taken", "targets"))
    assert list(read[0].targets) == doc.targets
    assert list(read[0].realizations) == doc.realizations


def test_a_busy_pool_leaves_the_load_on_its_own_connection(plan_db, monkeypatch) -> None:
    """With fewer than two connections left in the pool, nothing is read apart."""
    db, doc = plan_db
    with db.read() as conn:
        row = plan_row(conn, None)
        assert repository._shared(conn)
        others = [db.engine.connect() for _ in range(db.engine.pool.size() - 2)]
        try:
            assert not repository._shared(conn)
            monkeypatch.setattr(repository, "_read_apart", None)  # not called
            lazy = repository.read_plan_columns(conn, row)[0]
        finally:
            for other in others:
                other.close()
    assert list(lazy.targets) == doc.targets


def test_lazy_rows_make_an_item_read_by_position_alone_and_keep_it_in_their_list() -> None:
    built: list[int] = []
    made: list[int] = []

    def build() -> list[SimpleNamespace]:
        built.append(1)
        return [SimpleNamespace(name=k * 10) for k in range(5)]

    def item(position: int) -> SimpleNamespace:
        made.append(position)
        return SimpleNamespace(name=position * 10)

    rows = repository.LazyRows(5, build, item=item,
                               column=lambda name: [k * 10 for k in range(5)])
    second = rows[1]
    assert second.name == 10 and rows[1] is second and rows[-4] is second and made == [1]
    assert rows[np.int64(4)].name == 40 and made == [1, 4]
    with pytest.raises(IndexError):
        rows[5]
    second.name = "changed"  # the object given out is the list's: changes are kept
    assert rows.field_values("name") == [0, "changed", 20, 30, 40]
    assert built == [] and not rows.built and len(rows) == 5
    assert [r.name for r in rows] == [0, "changed", 20, 30, 40] and rows.built and built == [1]
    assert rows[1] is second and rows[1:3] == [second, rows[2]] and made == [1, 4]
    assert rows.field_values("name") == [0, "changed", 20, 30, 40]


def test_lazy_rows_read_whole_for_membership_order_and_counts() -> None:
    made: list[int] = []
    rows = repository.LazyRows(3, lambda: [1, 2, 3], item=lambda k: made.append(k) or k + 1)
    assert 3 in rows and list(reversed(rows)) == [3, 2, 1] and rows.index(2) == 1
    assert rows.count(1) == 1 and made == [] and rows.built


def test_a_snapshot_s_lists_make_an_item_alone_and_the_same_list(plan_db, monkeypatch
                                                                 ) -> None:
    """Rows encoded and decoded a few at a time (every chunk boundary crossed): an item read
    by position (Engine.item) makes that object only; the list built later is the plan's."""
    monkeypatch.setattr(blocks, "CHUNK", 7)
    monkeypatch.setattr(blocks, "BLOCK", 3)
    db, _ = plan_db
    first = services.load_engine(db)
    engine_snapshot.wait()
    engine_cache._ENGINES.clear()
    again = services.load_engine(db)
    lists = {name: getattr(again.doc, name)
             for name in ("objectives", "indicators", "links", "employees")}
    assert all(isinstance(rows, repository.LazyRows) for rows in lists.values())
    objective, indicator = first.doc.objectives[9], first.doc.indicators[-1]
    assert again.item(objective.code) == objective and again.item(indicator.code) == indicator
    assert again.doc.links[3] == first.doc.links[3]
    assert lists["objectives"].field_values("unit") == [o.unit for o in first.doc.objectives]
    assert not any(rows.built for rows in lists.values())
    assert again.item(objective.code) is again.doc.objectives[9]
    for name, rows in lists.items():
        assert list(rows) == getattr(first.doc, name) and rows.built
    assert again.doc == first.doc


def test_home_data_from_a_snapshot_makes_none_of_the_big_lists(plan_db) -> None:
    from ekinerja.readmodels.home import home_data
    from ekinerja.readmodels.periods import default_period

    db, _ = plan_db
    first = services.load_engine(db)
    engine_snapshot.wait()
    engine_cache._ENGINES.clear()
    again = services.load_engine(db)
    period = default_period(again)
    assert home_data(again, period, show_all=("red", "missing", "stale")) == home_data(
        first, period, show_all=("red", "missing", "stale"))
    assert not any(getattr(again.doc, name).built for name in (
        "objectives", "indicators", "links", "employees", "targets", "realizations"))


def test_inputs_of_a_period_without_values_share_one_read_only_array(plan_db) -> None:
    db, doc = plan_db
    engine = services.load_engine(db)
    year = int(doc.targets[0].period[:4])
    empty = engine.inputs(f"{year + 30}-07")
    assert np.isnan(empty.value).all() and empty.value is empty.low is empty.realization
    assert not empty.value.flags.writeable
    assert engine.inputs(f"{year + 31}").high is empty.high
    ev = engine.evaluate(f"{year + 30}-07", realizations={doc.indicators[0].code: 5.0})
    assert ev.realization[0] == 5.0 and np.isnan(empty.realization[0])


_STORED = ("objectives", "indicators", "links", "employees")


def _structure_arrays(structure: repository.StructureColumns) -> dict[str, object]:
    return {"objective_codes": structure.objective_codes,
            "indicator_codes": structure.indicator_codes, "index": structure.index,
            "objective_rank": structure.objective_rank.tolist(),
            **{name: values.tolist() for name, values in structure.indicators.items()},
            **{f"link{k}": links.tolist() for k, links in enumerate(structure.links)}}


@pytest.mark.parametrize("block", [64, 3])
def test_the_big_lists_are_read_as_stored_rows_equal_to_the_row_read(
        plan_db, monkeypatch, block) -> None:
    """Objectives, indicators, links and employees read as the text of blocks of rows (small
    blocks and chunks: every boundary crossed): the same objects, structure columns and
    scores as the per-row read, none made by the read."""
    monkeypatch.setattr(blocks, "BLOCK", block)
    monkeypatch.setattr(blocks, "CHUNK", 7 if block == 3 else blocks.CHUNK)
    if block == 3:  # every list's text in a file of its own
        monkeypatch.setattr(blocks, "SPILL_BYTES", 100)
    db, _ = plan_db
    with db.read() as conn:
        row = plan_row(conn, None)
        slow = repository.read_document(conn, row)
        lazy, structure, targets, realizations = repository.read_plan_columns(conn, row)
    lists = {name: getattr(lazy, name) for name in _STORED}
    assert all(isinstance(rows, repository.LazyRows) and rows.stored is not None
               and not rows.built for rows in lists.values())
    assert all(isinstance(rows.stored.source, mmap.mmap) == (block == 3)
               for rows in lists.values())
    assert _structure_arrays(structure) == _structure_arrays(
        repository.StructureColumns.of_document(slow))
    engine = Engine(lazy, structure=structure, targets=targets, realizations=realizations)
    _same_engine(engine, Engine(slow))
    assert not any(rows.built for rows in lists.values())
    for name, rows in lists.items():
        assert list(rows) == getattr(slow, name) and rows.built and rows.stored is None
    assert lazy == slow


def test_a_stored_list_makes_an_item_read_alone_and_a_field_without_objects(plan_db) -> None:
    db, _ = plan_db
    with db.read() as conn:
        row = plan_row(conn, None)
        slow = repository.read_document(conn, row)
        lazy = repository.read_plan_columns(conn, row)[0]
    objectives = lazy.objectives
    assert objectives[70] == slow.objectives[70] and objectives[-1] == slow.objectives[-1]
    assert objectives._made.keys() == {70, len(slow.objectives) - 1} and not objectives.built
    assert objectives[70] is objectives[70]
    assert objectives.field_values("unit") == [o.unit for o in slow.objectives]
    assert lazy.indicators.field_values("cap") == [i.cap for i in slow.indicators]
    assert not objectives.built and objectives[70] is list(objectives)[70]


def test_a_value_the_text_cannot_carry_reads_the_lists_as_objects(plan_db) -> None:
    """An infinite cap (JSON has none; not from an import: stored by hand): the lists are
    read as objects, as the row read reads them."""
    db, _ = plan_db
    infinity = "'Infinity'" if db.dialect == "postgresql" else "9e999"
    with db.write() as conn:
        conn.exec_driver_sql(f"UPDATE indicators SET cap = {infinity} WHERE seq = 2")
    with db.read() as conn:
        row = plan_row(conn, None)
        slow = repository.read_document(conn, row)
        lazy, structure, _, _ = repository.read_plan_columns(conn, row)
    assert slow.indicators[2].cap == float("inf")
    assert all(type(getattr(lazy, name)) is list for name in _STORED)
    assert lazy == slow and _structure_arrays(structure) == _structure_arrays(
        repository.StructureColumns.of_document(slow))


def test_codes_are_made_again_unless_one_holds_the_separator() -> None:
    codes = repository._Gathered("code")
    first, second = ["A", "B.1"], ["A\x1fB", "C"]
    codes.add(first)
    codes.add(second)
    assert codes.parts[0] == "A\x1fB.1" and codes.parts[1] is second
    again: list[str] = []
    codes.append_to(again)
    assert again == [*first, *second] and again[1] is not first[1]
    levels = repository._Gathered("level")
    levels.add(["rpjmd", "".join(["rp", "jmd"]), None])
    kept: list[str | None] = []
    levels.append_to(kept)
    assert kept == ["rpjmd", "rpjmd", None] and kept[0] is kept[1]
    weights = repository._Gathered("weight")
    weights.add([1.0, None])
    numbers: list[float | None] = []
    weights.append_to(numbers)
    assert numbers == [1.0, None]
    mixed = repository._Gathered("parent")  # a code not a text: kept as it is
    mixed.add(["A", None])
    assert mixed.parts == [["A", None]]


@pytest.mark.parametrize("spill", [False, True])
def test_the_snapshot_takes_the_stored_rows_of_the_cold_load_as_they_are(
        plan_db, monkeypatch, spill) -> None:
    if spill:  # the texts in files of their own
        monkeypatch.setattr(blocks, "SPILL_BYTES", 100)
    db, _ = plan_db
    engine = services.load_engine(db)
    stored = {name: getattr(engine.doc, name).stored for name in _STORED}
    engine_snapshot.wait()
    path = engine_snapshot.path_of(db.url, engine.doc.plan.code)
    arrays = engine_snapshot._read(path)
    for name, rows in stored.items():
        assert arrays[f"list_{name}"].tobytes() == bytes(rows.text)
        np.testing.assert_array_equal(arrays[f"list_{name}_starts"], rows.starts)
    engine_cache._ENGINES.clear()
    again = services.load_engine(db)
    assert isinstance(again.doc.objectives, repository.LazyRows)
    assert again.doc == engine.doc


def test_renames_and_structure_edits_make_only_the_objects_they_touch(plan_db) -> None:
    """After a cold load whose lists are not made, a rename, an update, an addition and a
    second rename keep the lists unmade (one level of overlay, not a chain) and give the
    same plan as the same edits on the per-row read; a removal makes the list."""
    from dataclasses import asdict

    from ekinerja.model import Link, Objective

    db, _ = plan_db
    with db.read() as conn:
        row = plan_row(conn, None)
        slow = repository.read_document(conn, row)
        lazy, structure, targets, realizations = repository.read_plan_columns(conn, row)
    engine = Engine(lazy, structure=structure, targets=targets, realizations=realizations)
    eager = Engine(slow)
    first, parent = slow.objectives[3], next(
        o for o in slow.objectives if o.level == "individual")
    added = Objective("NEW-1", "RHK baru", "individual", unit=parent.unit, owner=parent.owner)
    steps = [["objective", first.code, "update", {"perspective": first.perspective},
              {"perspective": "internal_process"}],
             ["objective", added.code, "add", None, asdict(added)],
             ["link", f"{parent.code}>{added.code}", "add", None,
              asdict(Link(parent.code, added.code, 2.0))]]
    indicator = slow.indicators[5].code

    def edited(e: Engine) -> Engine:
        e = e.with_names({first.code: "Nama baru", indicator: "Indikator baru"})
        return e.with_structure(steps).with_names({added.code: "RHK dinamai"})

    fast, slow_after = edited(engine), edited(eager)
    objectives = fast.doc.objectives
    assert isinstance(objectives, repository.LazyRows) and not objectives.built
    assert objectives._overlay is not None and objectives._overlay[0] is lazy.objectives
    assert not lazy.objectives.built and not fast.doc.indicators.built
    assert objectives[3].name == "Nama baru" and objectives[3].perspective == "internal_process"
    assert objectives[-1].name == "RHK dinamai" and not objectives.built
    assert objectives.field_values("name")[-1] == "RHK dinamai"
    assert list(objectives) == slow_after.doc.objectives
    assert list(fast.doc.indicators) == slow_after.doc.indicators
    assert list(fast.doc.links) == slow_after.doc.links
    assert fast.codes == slow_after.codes
    for period in slow_after.periods():
        np.testing.assert_array_equal(fast.evaluate(period).score,
                                      slow_after.evaluate(period).score)
    removed = Engine(lazy, structure=structure, targets=targets, realizations=realizations)
    gone = slow.links[-1]
    after = removed.with_structure([["link", f"{gone.parent}>{gone.child}", "remove",
                                     asdict(gone), None]])
    assert list(after.doc.links) == slow.links[:-1]


def test_lazy_rows_keep_a_field_of_few_values_read_once() -> None:
    """A field of few distinct values (an objective's unit) is decoded once and kept, each
    value held once, as a new copy (the decoded ones would keep the memory of the rows they
    were decoded among); a field of many is decoded at each read; a caller's copy is its
    own."""
    read: list[str] = []
    units = [f"U{k % 3}" for k in range(40)]

    def column(name: str) -> list[object]:
        read.append(name)
        return list(units) if name == "unit" else list(range(40))

    rows = repository.LazyRows(40, lambda: [], item=lambda k: SimpleNamespace(unit=units[k]),
                               column=column)
    first = rows.field_values("unit")
    first[0] = "mine"
    assert rows.field_values("unit") == units and read == ["unit"]
    assert len({id(u) for u in rows.field_values("unit")}) == 3
    assert not {id(u) for u in rows.field_values("unit")} & {id(u) for u in units}
    assert rows.field_values("code") == list(range(40)) == rows.field_values("code")
    assert read == ["unit", "code", "code"]


@pytest.mark.parametrize("edit", ["add", "remove"])
def test_the_verified_only_view_after_a_structure_edit_scores_as_a_fresh_compile(
        plan_db, edit) -> None:
    """A column read's realizations carry node indices: an objective added (or an indicator
    removed) before them renumbers them for the verified-only view too."""
    from dataclasses import asdict

    from ekinerja.model import Objective

    db, _ = plan_db
    with db.read() as conn:
        row = plan_row(conn, None)
        lazy, structure, targets, realizations = repository.read_plan_columns(conn, row)
    engine = Engine(lazy, structure=structure, targets=targets, realizations=realizations)
    assert engine.verified_only() is not engine  # some realizations wait for verification
    if edit == "add":
        parent = next(o for o in lazy.objectives if o.level == "individual")
        added = Objective("NEW-1", "RHK baru", "individual", unit=parent.unit,
                          owner=parent.owner)
        steps = [["objective", added.code, "add", None, asdict(added)]]
    else:
        gone = lazy.indicators[7]
        steps = [["indicator", gone.code, "remove", asdict(gone), None],
                 ["realizations", gone.code, "remove", None, None]]
    edited = engine.with_structure(steps)
    from dataclasses import fields

    fresh = Engine(PlanDocument(**{
        f.name: list(value) if isinstance(value, repository.LazyRows) else value
        for f in fields(edited.doc) for value in [getattr(edited.doc, f.name)]}))
    for period in fresh.periods():
        np.testing.assert_array_equal(edited.verified_only().evaluate(period).score,
                                      fresh.verified_only().evaluate(period).score)


def _period_arrays(columns) -> list[np.ndarray]:
    return [columns.value, columns.low, columns.high, columns.node, columns.period_id]


@pytest.mark.parametrize("spill", [True, False])
def test_big_period_columns_are_mapped_from_a_file_and_score_and_read_as_before(
        plan_db, monkeypatch, spill: bool) -> None:
    """Period columns above `SPILL_COLUMNS_BYTES` (made 0 here) are moved to a file mapped
    read-only: the same engine, evaluations, verified-only view, list of objects and followed
    engine as the per-row read; below it (this plan's size) they stay in memory."""
    from ekinerja import pagecache

    db, doc = plan_db
    if spill:
        monkeypatch.setattr(blocks, "SPILL_COLUMNS_BYTES", 0)
    with db.read() as conn:
        row = plan_row(conn, None)
        rows = repository.read_document(conn, row)
        lazy, structure, targets, realizations = repository.read_plan_columns(conn, row)
    for columns in (targets, realizations):
        mapped = [pagecache.memmap_of(array) is not None for array in _period_arrays(columns)]
        assert mapped == [spill] * 5
        assert all(array.flags.writeable != spill for array in _period_arrays(columns))
    assert (realizations.low is realizations.high) and (targets.low is not targets.high)
    engine = Engine(lazy, structure=structure, targets=targets, realizations=realizations)
    assert not lazy.targets.built and not lazy.realizations.built
    _same_engine(engine, Engine(rows))
    # the columns' pages were given back once grouped: read again from the file, unchanged
    assert lazy == rows and list(lazy.targets) == rows.targets
    code = doc.indicators[5].code
    period = engine.periods(realized_only=True)[0]
    with db.read() as conn:
        last = changes.last_id(conn)
    services.record_realization(db, services.system_user(), doc.plan.code, code, period, 42.5)
    with db.read() as conn:
        fresh = Engine(repository.read_document(conn, plan_row(conn, None)))
        since = changes.since(conn, doc.plan.code, last)
    followed = engine_cache.followed(engine, since)
    assert followed is not None
    _same_engine(followed, fresh, followed=True)


def test_the_sqlite_read_writes_big_columns_to_files_as_it_reads_them(
        plan_db, monkeypatch) -> None:
    """On SQLite the batches of a big list go to files as they are read (blocks.SpooledColumns):
    its columns come mapped from the read itself, none copied to a file after it; only the
    realizations' ranges, made after the read (NaN), are. The same engine as the row read."""
    from ekinerja import pagecache

    db, _ = plan_db
    if db.url.startswith("postgresql"):
        pytest.skip("PostgreSQL copies each list whole (its columns spilled after the copy)")
    monkeypatch.setattr(blocks, "SPILL_COLUMNS_BYTES", 0)
    copied: list[list[np.ndarray]] = []
    real_spilled = repository.spilled

    def spilled(arrays: list[np.ndarray]) -> list[np.ndarray] | None:
        copied.append(arrays)
        return real_spilled(arrays)

    monkeypatch.setattr(repository, "spilled", spilled)
    with db.read() as conn:
        row = plan_row(conn, None)
        rows = repository.read_document(conn, row)
        lazy, structure, targets, realizations = repository.read_plan_columns(conn, row)
    assert all(pagecache.memmap_of(array) is not None
               for columns in (targets, realizations) for array in _period_arrays(columns))
    assert len(copied) == 1 and all(np.isnan(array).all() for array in copied[0])
    assert [id(array) for array in copied[0]] == [id(copied[0][0])] * 2  # low is high
    _same_engine(Engine(lazy, structure=structure, targets=targets,
                        realizations=realizations), Engine(rows))


def test_period_columns_no_file_can_hold_stay_in_memory_and_a_snapshot_s_stay_its_own(
        plan_db, monkeypatch) -> None:
    """A spill that cannot write its file leaves the columns as read (same engine); a
    snapshot's columns, mapped already, are not copied to another file."""
    import tempfile

    from ekinerja import pagecache

    db, _ = plan_db
    monkeypatch.setattr(blocks, "SPILL_COLUMNS_BYTES", 0)

    def no_file(*args, **kwargs):
        raise OSError("no space left")

    with monkeypatch.context() as patch:
        patch.setattr(tempfile, "TemporaryFile", no_file)
        with db.read() as conn:
            row = plan_row(conn, None)
            rows = repository.read_document(conn, row)
            lazy, structure, targets, realizations = repository.read_plan_columns(conn, row)
    assert all(pagecache.memmap_of(array) is None
               for columns in (targets, realizations) for array in _period_arrays(columns))
    _same_engine(Engine(lazy, structure=structure, targets=targets,
                        realizations=realizations), Engine(rows))
    first = services.load_engine(db)
    engine_snapshot.wait()
    engine_cache._ENGINES.clear()
    path = engine_snapshot.path_of(db.url, first.doc.plan.code)
    loaded = engine_snapshot.load(path, first.doc.plan)
    for columns in loaded[2:]:  # (the realizations' low and high: NaN made in memory)
        files = {None if pagecache.memmap_of(array) is None else
                 pagecache.memmap_of(array).filename for array in _period_arrays(columns)}
        assert files - {None} == {path.resolve()}
    _same_engine(Engine(loaded[0], structure=loaded[1], targets=loaded[2],
                        realizations=loaded[3]), first)


def test_spilled_arrays_read_as_given_and_refuse_what_a_file_cannot_map() -> None:
    from ekinerja import pagecache

    shared = np.array([1.5, np.nan, -0.0])
    arrays = [np.arange(5, dtype=np.int64), shared, shared, np.arange(3, dtype=np.int32)]
    mapped = blocks.spilled(arrays)
    assert mapped is not None and mapped[1] is mapped[2]
    for ours, theirs in zip(mapped, arrays, strict=True):
        assert ours.dtype == theirs.dtype and not ours.flags.writeable
        np.testing.assert_array_equal(ours.view(np.uint8), theirs.view(np.uint8))
        pagecache.release_array(ours)
        np.testing.assert_array_equal(ours.view(np.uint8), theirs.view(np.uint8))
    assert blocks.spilled([np.arange(3), np.empty(0)]) is None
    assert blocks.spilled([np.array(["a"], dtype=object)]) is None
    pagecache.give_back_heap()  # nothing to see but that it runs
