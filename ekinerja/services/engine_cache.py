"""The compiled plan of each database, kept while the data does not change and following
realization and weight changes without recompiling (docs/architecture.md: caches).

Keyed by (database URL, plan code) and checked against the database revision on every call, so
several worker processes stay coherent: a process that did not make a change learns what
changed from the change log (storage.changes), written by the service that made the change.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Row

from ekinerja import pagecache
from ekinerja.gcpause import no_gc
from ekinerja.rollup import Engine
from ekinerja.services import engine_snapshot
from ekinerja.services.plans import plan_row
from ekinerja.storage import changes, repository
from ekinerja.storage.database import Database, read_revision

ENGINE_CACHE_SIZE = 8  # compiled plans kept (one per database and plan)


@dataclass
class _Cached:
    """A compiled plan and what it reflects: the database revision and the last change read."""

    revision: int
    change_id: int
    engine: Engine


_ENGINES: dict[tuple[str, str | None], _Cached] = {}
_ENGINES_LOCK = threading.Lock()
_BUILD_LOCKS: dict[tuple[str, str | None], threading.Lock] = {}


def revision(db: Database) -> int:
    """The database revision: bumped by every write; caches key on it."""
    return db.revision()


def followed(engine: Engine, recorded: Sequence[changes.Change]) -> Engine | None:
    """`engine` after the recorded changes, in their order (itself when there are none); None
    when one of them needs a recompile. Realizations, weights and names are followed
    (Engine.follow), structure edits applied from their steps (Engine.with_structure)."""
    realizations: list[tuple[Any, ...]] = []
    weights: dict[tuple[str, str], float] = {}
    names: dict[str, str] = {}

    def flushed(current: Engine) -> Engine:
        if not (realizations or weights or names):
            return current
        result = current.follow(realizations, weights, names)
        realizations.clear()
        weights.clear()
        names.clear()
        return result

    try:
        for change in recorded:
            if change.kind == changes.REALIZATIONS:
                realizations.extend(tuple(item) for item in change.items)
            elif change.kind == changes.WEIGHTS:
                weights.update({(parent, child): w for parent, child, w in change.items})
            elif change.kind == changes.NAMES:
                names.update({code: name for code, name in change.items})
            elif change.kind == changes.STRUCTURE:
                engine = flushed(engine).with_structure(change.items)
            else:
                return None
        return flushed(engine)
    except (KeyError, ValueError, TypeError, IndexError):  # not followable: compile afresh
        return None


def snapshots() -> bool:
    """Whether compiled plans are kept on disk (services.engine_snapshot): on unless
    EKINERJA_ENGINE_SNAPSHOTS is 0."""
    return os.environ.get("EKINERJA_ENGINE_SNAPSHOTS", "1") != "0"


def _from_snapshot(conn: Connection, path: Path, plan: Row[Any], revision: int,
                   last: int) -> Engine | None:
    """The engine of a plan's snapshot brought up to date by the changes recorded since it
    was written; None when there is none or it cannot be followed (the plan was recreated,
    the database is older than the snapshot, or a change needs a recompile)."""
    saved = engine_snapshot.state(path)
    if saved is None:
        return None
    if saved["revision"] > revision or saved["change_id"] > last:
        return None
    now = engine_snapshot.state_of(conn, plan, revision, saved["change_id"])
    if any(saved[k] != now[k] for k in ("plan_id", "created", "change")):
        return None
    try:
        doc, structure, targets, realizations = engine_snapshot.load(
            path, repository.plan_from_row(plan))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    with no_gc():
        engine = Engine(doc, structure=structure, targets=targets, realizations=realizations)
    engine_snapshot.let_go(targets, realizations)
    if saved["revision"] == revision:
        return engine
    return followed(engine, changes.since(conn, plan.code, saved["change_id"]))


def load_engine(db: Database, plan_code: str | None = None) -> Engine:
    """The compiled scoring Engine of a plan, cached by (database, plan, revision).

    A second call with an unchanged database revision returns the same object. When only
    realizations, weights, names or structure edits changed since the cached engine, it
    follows them (Engine.follow, Engine.with_structure) instead of recompiling; one thread
    rebuilds while the others wait for its result.
    """
    key = (db.url, plan_code)
    current = db.revision()
    with _ENGINES_LOCK:
        hit = _ENGINES.get(key)
        build_lock = _BUILD_LOCKS.setdefault(key, threading.Lock())
    if hit is not None and hit.revision == current:
        return hit.engine
    with build_lock:
        with _ENGINES_LOCK:
            hit = _ENGINES.get(key)
        if hit is not None and hit.revision >= db.revision():
            return hit.engine
        engine: Engine | None = None
        with pagecache.large_blocks_mapped():  # a big plan's freed arrays given back
            with db.read() as conn:
                rev = read_revision(conn)
                plan = plan_row(conn, plan_code)
                last = changes.last_id(conn)
                if hit is not None:
                    engine = followed(hit.engine, changes.since(conn, plan.code, hit.change_id))
                snapshot = engine_snapshot.path_of(db.url, plan.code) if snapshots() else None
                if engine is None and snapshot is not None:
                    engine = _from_snapshot(conn, snapshot, plan, rev, last)
                read: Any = (None if engine is not None
                             else repository.read_plan_columns(conn, plan))
                if read is not None and conn.dialect.name == "sqlite":
                    # the pages the read cached (up to 64 MB a connection): not read again soon
                    conn.exec_driver_sql("PRAGMA shrink_memory")
                state = (engine_snapshot.state_of(conn, plan, rev, last)
                         if snapshot is not None and read is not None else None)
            if engine is None:
                doc, structure, targets, realizations = read
                del read
                with no_gc():
                    engine = Engine(doc, structure=structure, targets=targets,
                                    realizations=realizations)
                if snapshot is not None and state is not None:
                    engine_snapshot.save(snapshot, state, doc, structure, targets, realizations,
                                         background=True)
                    del doc, structure, targets, realizations
            if engine.n * 8 >= pagecache.LARGE_BLOCK:  # its evaluations' arrays too
                pagecache.keep_large_blocks_mapped()
        retired: list[Engine] = []
        with _ENGINES_LOCK:
            replaced = _ENGINES.pop(key, None)
            if replaced is not None and replaced.engine is not engine:
                retired.append(replaced.engine)
            _ENGINES[key] = _Cached(rev, last, engine)
            while len(_ENGINES) > ENGINE_CACHE_SIZE:
                retired.append(_ENGINES.pop(next(iter(_ENGINES))).engine)
        for old in retired:  # its kept evaluations would keep it alive
            old.retire()
        return engine
