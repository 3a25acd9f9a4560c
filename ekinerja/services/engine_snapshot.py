"""A compiled plan's inputs kept on disk, so that a worker starting cold skips reading the plan's
1.6 million rows: the structure and period columns the engine compiles from (arrays and codes,
one file mapped into memory), the plan's other lists as JSON columns made into objects on first
use.

Keyed by database URL and plan, under ``$XDG_CACHE_HOME/ekinerja/engines``; a snapshot says
which database state it holds (the revision, the last change id, the plan row's id and creation
time). A worker loading it follows the changes recorded since (services.engine_cache.followed),
or reads the plan afresh when it cannot (docs/scale.md).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from itertools import starmap
from pathlib import Path
from typing import Any

import numpy as np
import orjson
from sqlalchemy import Connection, select

from ekinerja import model
from ekinerja.rollup import Columns, StructureColumns
from ekinerja.storage import changes, repository

#: Bump when the layout changes (an older snapshot is then ignored and written again).
VERSION = 1
_ALIGN = 64
_PERIOD_LISTS = ("targets", "realizations")
#: The big lists of the structure: made into objects on first use.
_LAZY_LISTS = frozenset({"objectives", "indicators", "links", "employees"})
_INDICATOR_ARRAYS = ("polarity", "method", "cap", "aggregation", "_ind_parent", "_ind_weight")


def folder() -> Path:
    """Where the snapshots live: ``$XDG_CACHE_HOME/ekinerja/engines``."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "ekinerja" / "engines"


def path_of(url: str, plan_code: str) -> Path:
    """The snapshot file of a plan in a database."""
    key = hashlib.sha1(f"{url}\n{plan_code}\n{VERSION}".encode(), usedforsecurity=False)
    return folder() / f"{key.hexdigest()}.arrays"


def state_of(conn: Connection, plan_row: Any, revision: int, change_id: int
             ) -> dict[str, Any]:
    """What a snapshot must match to be used: the plan row, the database state, and a digest
    of the last change it reflects (a database restored from a backup that has written as many
    changes since holds other ones under the same ids)."""
    row = conn.execute(select(changes.change_table.c.plan_code, changes.change_table.c.kind,
                              changes.change_table.c.entries)
                       .where(changes.change_table.c.id == change_id)).first()
    text = json.dumps(None if row is None else list(row), sort_keys=True, default=str)
    return {"plan_id": int(plan_row.id), "created": str(plan_row.created_at),
            "revision": int(revision), "change_id": int(change_id), "version": VERSION,
            "change": hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()}


def _json(value: Any) -> np.ndarray:
    return np.frombuffer(json.dumps(value, ensure_ascii=False).encode("utf-8"), dtype=np.uint8)


def _unjson(data: np.ndarray) -> Any:
    return json.loads(data.tobytes().decode("utf-8"))


def save(path: Path, state: dict[str, Any], doc: model.PlanDocument,
         structure: StructureColumns, targets: Columns, realizations: Columns,
         *, background: bool = False) -> bool:
    """Write a snapshot of what a full read gave; False (nothing written) when the columns
    hold codes that are no indicator's (the engine drops them; a snapshot keeps node ids).

    With `background`, what the file holds is taken now (the lists' field values, copies of
    the arrays: later changes to the engine cannot reach it) and encoded and written by a
    thread of its own, so a cold load returns without waiting for it (`wait` joins it)."""
    if any(len(c.indicator) for c in (targets, realizations)):
        return False
    arrays, lists = _arrays(state, doc, structure, targets, realizations, copy=background)
    if not background:
        _encode_and_write(path, arrays, lists)
        return True
    thread = threading.Thread(target=_encode_and_write, args=(path, arrays, lists),
                              name="engine-snapshot", daemon=False)
    with _PENDING_LOCK:
        _PENDING[:] = [t for t in _PENDING if t.is_alive()] + [thread]
    thread.start()
    return True


def wait() -> None:
    """Return once every snapshot being written in the background is written."""
    with _PENDING_LOCK:
        pending = list(_PENDING)
    for thread in pending:
        thread.join()


_PENDING: list[threading.Thread] = []
_PENDING_LOCK = threading.Lock()


def _arrays(state: dict[str, Any], doc: model.PlanDocument, structure: StructureColumns,
            targets: Columns, realizations: Columns, *, copy: bool
            ) -> tuple[dict[str, np.ndarray], dict[str, list[tuple[Any, ...]]]]:
    """The arrays of a snapshot (copied with `copy`) and the rows of its other lists (field
    value tuples: taken from the objects now, encoded later)."""
    arrays: dict[str, np.ndarray] = {
        "state": _json(state),
        "objective_codes": _json(structure.objective_codes),
        "indicator_codes": _json(structure.indicator_codes),
        "objective_rank": structure.objective_rank,
        "link_parent": structure.links[0], "link_child": structure.links[1],
        "link_weight": structure.links[2],
    }
    for name in _INDICATOR_ARRAYS:
        arrays[f"indicator{name}"] = structure.indicators[name]
    for name, columns in (("targets", targets), ("realizations", realizations)):
        assert columns.node is not None and columns.period_id is not None
        arrays[f"{name}_node"], arrays[f"{name}_period_id"] = columns.node, columns.period_id
        arrays[f"{name}_periods"] = _json(columns.periods)
        arrays[f"{name}_value"] = columns.value
        if name == "targets":
            arrays["targets_low"], arrays["targets_high"] = columns.low, columns.high
        else:
            arrays["realizations_status"] = _json(columns.status)
    if copy:
        arrays = {name: np.array(array) for name, array in arrays.items()}
    lists = {entity.name: list(map(repository.values_of_getter(entity),
                                   repository.items_of(doc, entity)))
             for entity in repository.ENTITIES if entity.name not in _PERIOD_LISTS}
    return arrays, lists


def _encode_and_write(path: Path, arrays: dict[str, np.ndarray],
                      lists: dict[str, list[tuple[Any, ...]]]) -> None:
    """The lists encoded as JSON (orjson) beside the arrays, all written to `path` (a file
    that cannot be written is left unwritten: the next cold load reads the plan)."""
    for name, rows in lists.items():
        arrays[f"list_{name}"] = np.frombuffer(orjson.dumps(rows), dtype=np.uint8)
    arrays["counts"] = _json({name: len(rows) for name, rows in lists.items()})
    try:
        _write(path, arrays)
    except OSError:
        if not threading.current_thread().name.startswith("engine-snapshot"):
            raise


def _write(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Arrays in one file a reader maps into memory: a JSON header (name: dtype, shape,
    offset) after its length, then each array's bytes at an offset aligned to 64."""
    header: dict[str, Any] = {}
    offset = 0
    for name, array in arrays.items():
        header[name] = [array.dtype.str, list(array.shape), offset]
        offset += -(-array.nbytes // _ALIGN) * _ALIGN
    head = json.dumps(header).encode("utf-8")
    start = -(-(8 + len(head)) // _ALIGN) * _ALIGN
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as tmp:
        try:
            tmp.write(len(head).to_bytes(8, "little") + head)
            for name, array in arrays.items():
                tmp.seek(start + header[name][2])
                tmp.write(np.ascontiguousarray(array).tobytes())
            tmp.truncate(start + offset)
        except BaseException:
            os.unlink(tmp.name)
            raise
    os.replace(tmp.name, path)


def _read(path: Path) -> dict[str, np.ndarray]:
    """The arrays of a snapshot file, mapped copy-on-write (pages read when used; a write
    to one never reaches the file)."""
    with open(path, "rb") as file:
        size = int.from_bytes(file.read(8), "little")
        header = json.loads(file.read(size).decode("utf-8"))
    start = -(-(8 + size) // _ALIGN) * _ALIGN
    if not header:
        return {}
    data = np.memmap(path, dtype=np.uint8, mode="c")
    arrays = {}
    for name, (dtype, shape, offset) in header.items():
        kind = np.dtype(dtype)
        count = int(np.prod(shape)) * kind.itemsize
        arrays[name] = data[start + offset: start + offset + count].view(kind).reshape(shape)
    return arrays


def state(path: Path) -> dict[str, Any] | None:
    """The database state a snapshot holds; None when there is none (or it cannot be read)."""
    try:
        found: dict[str, Any] = _unjson(_read(path)["state"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return found if found.get("version") == VERSION else None


def load(path: Path, plan: model.Plan
         ) -> tuple[model.PlanDocument, StructureColumns, Columns, Columns]:
    """What `repository.read_plan_columns` gives, from a snapshot: the big lists (objectives,
    indicators, links, targets, realizations) are made into objects on first use."""
    arrays = _read(path)
    objective_codes = _unjson(arrays["objective_codes"])
    indicator_codes = _unjson(arrays["indicator_codes"])
    codes = objective_codes + indicator_codes
    structure = StructureColumns(
        objective_codes, indicator_codes, dict(zip(codes, range(len(codes)), strict=True)),
        arrays["objective_rank"],
        {name: arrays[f"indicator{name}"] for name in _INDICATOR_ARRAYS},
        (arrays["link_parent"], arrays["link_child"], arrays["link_weight"]),
    )
    doc = model.PlanDocument(plan)
    counts = _unjson(arrays["counts"])
    for entity in repository.ENTITIES:
        if entity.name in _PERIOD_LISTS:
            continue
        blob = arrays[f"list_{entity.name}"]
        rows: Any
        if entity.name in _LAZY_LISTS:
            rows = _lazy_list(entity, counts[entity.name], blob)
        else:
            rows = list(starmap(entity.cls, _unjson(blob)))
        repository.set_items(doc, entity, rows)
    columns: dict[str, Columns] = {}
    for name in _PERIOD_LISTS:
        value = arrays[f"{name}_value"]
        nan = np.full(len(value), np.nan)
        columns[name] = Columns(
            [], [], value, arrays.get(f"{name}_low", nan), arrays.get(f"{name}_high", nan),
            _unjson(arrays["realizations_status"]) if name == "realizations" else None,
            arrays[f"{name}_node"], arrays[f"{name}_period_id"],
            _unjson(arrays[f"{name}_periods"]),
        )
        setattr(doc, name, repository.period_rows(name, columns[name], structure))
    return doc, structure, columns["targets"], columns["realizations"]


def _lazy_list(entity: repository.Entity, count: int, blob: np.ndarray) -> Any:
    return repository.LazyRows(count, lambda: list(starmap(entity.cls, _unjson(blob))))
