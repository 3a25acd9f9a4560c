"""A compiled plan's inputs kept on disk, so that a worker starting cold skips reading the plan's
1.6 million rows: the structure and period columns the engine compiles from (arrays and codes,
one file mapped into memory), the plan's other lists as the JSON text of their rows with where
each block of 64 rows starts: an item read by its position is made alone (its block decoded), a
whole list on first other use.

Keyed by database URL and plan, under ``$XDG_CACHE_HOME/ekinerja/engines``; a snapshot says
which database state it holds (the revision, the last change id, the plan row's id and creation
time). A worker loading it follows the changes recorded since (services.engine_cache.followed),
or reads the plan afresh when it cannot (docs/scale.md).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import orjson
from sqlalchemy import Connection, select

from ekinerja import model, pagecache
from ekinerja.rollup import Columns, StructureColumns
from ekinerja.storage import blocks, changes, repository

#: Bump when the layout changes (an older snapshot is then ignored and written again).
VERSION = 3
_ALIGN = 64
_PERIOD_LISTS = ("targets", "realizations")
#: The big lists of the structure: their objects made one by one when read by position, the
#: whole list on first other use.
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
    return np.frombuffer(orjson.dumps(value), dtype=np.uint8)


def _unjson(data: np.ndarray) -> Any:
    return orjson.loads(memoryview(data))


def save(path: Path, state: dict[str, Any], doc: model.PlanDocument,
         structure: StructureColumns, targets: Columns, realizations: Columns,
         *, background: bool = False) -> bool:
    """Write a snapshot of what a full read gave; False (nothing written) when the columns
    hold codes that are no indicator's (the engine drops them; a snapshot keeps node ids).

    The arrays are written at once (later changes to the engine cannot reach the file). With
    `background`, the rest is taken now (the lists of codes and statuses copied; the plan's
    lists as copies of the lists: their objects are never changed, an edit replaces them;
    those a cold load keeps as stored rows, blocks.StoredRows, as they are) and encoded and
    written part by part by a thread of its own, so a cold load returns
    without waiting for it (`wait` joins it); a file that cannot be written is then left
    unwritten (the next cold load reads the plan)."""
    if any(len(c.indicator) for c in (targets, realizations)):
        return False
    parts = _parts(state, doc, structure, targets, realizations)
    try:
        output = _Output(path)
        output.add({name: part for name, part in parts.items() if isinstance(part, np.ndarray)})
    except OSError:
        if not background:
            raise
        return False
    rest = {name: part for name, part in parts.items() if not isinstance(part, np.ndarray)}
    del parts
    if not background:
        output.finish(rest)
        return True
    thread = threading.Thread(target=output.finish, args=(rest,), kwargs={"background": True},
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


class _Rows:
    """A plan list to encode: its items (a copy of the list) and the getter of their stored
    field values (repository.values_of_getter), let go chunk by chunk as they are encoded."""

    def __init__(self, items: list[Any], getter: Callable[[Any], tuple[Any, ...]]):
        self.count, self.getter, self.block = len(items), getter, blocks.BLOCK
        size = blocks.chunk_rows()
        self.chunks = [items[start:start + size] for start in range(0, len(items), size)]


#: A part of a snapshot before it is encoded: an array, a list (codes, statuses: JSON) or a
#: plan list's rows (to encode, or as a cold load read them: stored already).
_Part = np.ndarray | list[Any] | _Rows | blocks.StoredRows | None


def _parts(state: dict[str, Any], doc: model.PlanDocument, structure: StructureColumns,
           targets: Columns, realizations: Columns) -> dict[str, _Part]:
    """What a snapshot holds, by name: the arrays, the lists of codes and statuses (copied),
    the plan's other lists (copies of the lists)."""
    parts: dict[str, _Part] = {
        "state": _json(state),
        "objective_codes": list(structure.objective_codes),
        "indicator_codes": list(structure.indicator_codes),
        "objective_rank": structure.objective_rank,
        "link_parent": structure.links[0], "link_child": structure.links[1],
        "link_weight": structure.links[2],
    }
    for name in _INDICATOR_ARRAYS:
        parts[f"indicator{name}"] = structure.indicators[name]
    for name, columns in (("targets", targets), ("realizations", realizations)):
        assert columns.node is not None and columns.period_id is not None
        parts[f"{name}_node"], parts[f"{name}_period_id"] = columns.node, columns.period_id
        parts[f"{name}_periods"] = _json(columns.periods)
        parts[f"{name}_value"] = columns.value
        if name == "targets":
            parts["targets_low"], parts["targets_high"] = columns.low, columns.high
        else:
            parts["realizations_status"] = (None if columns.status is None
                                            else list(columns.status))
    for entity in repository.ENTITIES:
        if entity.name not in _PERIOD_LISTS:
            items = repository.items_of(doc, entity)
            parts[f"list_{entity.name}"] = blocks.stored_of(items) or _Rows(
                list(items), repository.values_of_getter(entity))
    return parts


#: An array of the file, or a text given in pieces (stored as bytes).
_Encoded = np.ndarray | Iterator[bytes | memoryview]


def _encoded(name: str, part: _Part) -> list[tuple[str, _Encoded]]:
    """A part as the arrays of the file."""
    if isinstance(part, _Rows):
        return _rows_encoded(name, part)
    if isinstance(part, blocks.StoredRows):  # taken as it is
        return [(name, part.pieces()),
                (f"{name}_starts", part.starts), (f"{name}_shape", part.shape())]
    if isinstance(part, np.ndarray):
        return [(name, part)]
    if name != "realizations_status":
        return [(name, iter([orjson.dumps(part)]))]
    if part is None:  # every realization verified
        return [("realizations_status_names", _json(None))]
    numbers = {status: k for k, status in enumerate(dict.fromkeys(part))}  # each as a number
    ids = np.fromiter(map(numbers.__getitem__, part), dtype=np.int32, count=len(part))
    return [("realizations_status_names", _json(list(numbers))),
            ("realizations_status_ids", ids.astype(np.uint8) if len(numbers) <= 256 else ids)]


def _rows_encoded(name: str, rows: _Rows) -> list[tuple[str, _Encoded]]:
    """A plan list's rows as one JSON array of their field values (its text given chunk by
    chunk, each chunk let go once given), then where each block of rows starts in that text
    (filled as the text is given; the last is the text's length: block k is
    ``text[starts[k]:starts[k + 1] - 1]``), then the count of rows and the rows per block."""
    size = rows.block
    starts = np.empty(-(-rows.count // size) + 1, dtype=np.int64)
    starts[0] = 1

    def text() -> Iterator[bytes]:
        yield b"["
        done = 0  # blocks
        while rows.chunks:
            chunk = rows.chunks.pop(0)
            joined, lengths = blocks.encoded_blocks(list(map(rows.getter, chunk)))
            del chunk
            starts[done + 1: done + 1 + len(lengths)] = starts[done] + np.cumsum(lengths)
            if done:
                yield b","
            done += len(lengths)
            yield joined
            del joined
        yield b"]"

    return [(name, text()), (f"{name}_starts", starts),
            (f"{name}_shape", np.array([rows.count, size], dtype=np.int64))]


class _Output:
    """A snapshot file being written (a temporary file beside it until complete): the
    position of the header (8 bytes), each array's bytes at an offset aligned to 64, then the
    header (JSON: each array's dtype, shape and offset)."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        # closed by finish or discard (written across threads: no context manager)
        self.file = tempfile.NamedTemporaryFile(  # noqa: SIM115
            dir=path.parent, suffix=".tmp", delete=False)
        self.header: dict[str, Any] = {}
        self.position = _ALIGN

    def add(self, parts: dict[str, _Part]) -> None:
        """Encode and write the parts, each let go in turn (`parts` is emptied)."""
        try:
            while parts:
                name = next(iter(parts))
                for array_name, data in _encoded(name, parts.pop(name)):
                    self._add(array_name, data)
                    del data
        except BaseException:
            self.discard()
            raise

    def _add(self, name: str, data: _Encoded) -> None:
        self.file.seek(self.position)
        if isinstance(data, np.ndarray):
            data = np.ascontiguousarray(data)
            self.file.write(data.reshape(-1).view(np.uint8).data)
            pagecache.release_array(data)  # a cold load's columns mapped from a file
            self.header[name] = [data.dtype.str, list(data.shape), self.position]
            size = data.nbytes
        else:
            size = 0
            for piece in data:
                self.file.write(piece)
                size += len(piece)
            self.header[name] = ["|u1", [size], self.position]
        self.position += -(-size // _ALIGN) * _ALIGN

    def finish(self, parts: dict[str, _Part], *, background: bool = False) -> None:
        """Write the other parts and the header and put the file in place (in the
        `background`, a file that cannot be written is left unwritten)."""
        try:
            self.add(parts)
            try:
                self.file.seek(self.position)
                self.file.write(json.dumps(self.header).encode("utf-8"))
                self.file.seek(0)
                self.file.write(self.position.to_bytes(8, "little"))
                self.file.close()
                os.replace(self.file.name, self.path)
            except BaseException:
                self.discard()
                raise
        except OSError:
            if not background:
                raise

    def discard(self) -> None:
        """Close and remove the temporary file."""
        self.file.close()
        with contextlib.suppress(OSError):
            os.unlink(self.file.name)


def _read(path: Path) -> dict[str, np.ndarray]:
    """The arrays of a snapshot file, mapped copy-on-write (pages read when used; a write
    to one never reaches the file)."""
    with open(path, "rb") as file:
        file.seek(int.from_bytes(file.read(8), "little"))
        header = json.loads(file.read().decode("utf-8"))
    if not header:
        return {}
    data = np.memmap(path, dtype=np.uint8, mode="c")
    arrays = {}
    for name, (dtype, shape, offset) in header.items():
        kind = np.dtype(dtype)
        count = int(np.prod(shape)) * kind.itemsize
        arrays[name] = data[offset: offset + count].view(kind).reshape(shape)
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
    indicators, links, targets, realizations) are made into objects on first use, and an
    item of the structure's lists read by its position is made alone."""
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
    del codes
    doc = model.PlanDocument(plan)
    for entity in repository.ENTITIES:
        if entity.name in _PERIOD_LISTS:
            continue
        rows = blocks.StoredRows(entity.cls, entity.fields,
                                 *(arrays[f"list_{entity.name}{suffix}"]
                                   for suffix in ("", "_starts", "_shape")))
        repository.set_items(doc, entity, rows.lazy() if entity.name in _LAZY_LISTS
                             else rows.all())
    columns: dict[str, Columns] = {}
    for name, array in arrays.items():
        if name.startswith(_PERIOD_LISTS):  # let go once compiled (let_go):
            array.flags.writeable = False  # a write would be lost, so none may be made
    for name in _PERIOD_LISTS:
        value = arrays[f"{name}_value"]
        nan = np.full(len(value), np.nan)
        columns[name] = Columns(
            [], [], value, arrays.get(f"{name}_low", nan), arrays.get(f"{name}_high", nan),
            _statuses(arrays) if name == "realizations" else None,
            arrays[f"{name}_node"], arrays[f"{name}_period_id"],
            _unjson(arrays[f"{name}_periods"]),
        )
        setattr(doc, name, repository.period_rows(name, columns[name], structure))
    return doc, structure, columns["targets"], columns["realizations"]


def let_go(*columns: Columns) -> None:
    """Give back the pages of a snapshot's targets' and realizations' columns (`load`) once an
    Engine has grouped them by period: touched again, they are read from the page cache."""
    for column in columns:
        for array in (column.value, column.low, column.high, column.node, column.period_id):
            pagecache.release_array(array)


def _statuses(arrays: dict[str, np.ndarray]) -> list[str] | None:
    """The realizations' statuses (None: every one verified), each text made once."""
    names: list[str] | None = _unjson(arrays["realizations_status_names"])
    if names is None:
        return None
    return list(map(names.__getitem__, arrays["realizations_status_ids"].tolist()))
