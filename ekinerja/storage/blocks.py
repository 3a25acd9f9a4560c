"""A plan's big lists kept compactly: the JSON text of their rows' field values with where
each block of 64 rows starts, behind a `LazyRows` that makes an item read by position alone
(its block decoded) and the whole list on first other use. A cold load from the database
(repository.read_plan_columns) and a snapshot (services.engine_snapshot) keep them so."""

from __future__ import annotations

import contextlib
import mmap
import operator
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import starmap
from operator import attrgetter, itemgetter
from typing import IO, Any

import numpy as np
import orjson

from ekinerja import pagecache

#: Rows of a list in one block: where each block starts in the list's text is kept (an item
#: read decodes its block), and each block is encoded at once.
BLOCK = 64
#: Rows of a list encoded or decoded at a time (bounds the text and records alive at once):
#: whole blocks.
CHUNK = 65_536


def chunk_rows() -> int:
    """Rows of a chunk: `CHUNK` rounded down to whole blocks (one block at least)."""
    return max(CHUNK // BLOCK, 1) * BLOCK


def _few_values(values: list[Any]) -> list[Any] | None:
    """`values` with each distinct value held once, when they are few (at most one in ten
    rows: units, levels, owners' units; a list of references then costs little to keep);
    None otherwise."""
    seen: dict[Any, Any] = {}
    try:
        for value in values:
            seen.setdefault(value, value)
    except TypeError:  # a value that cannot be a key
        return None
    if len(seen) * 10 > len(values):
        return None
    # Each text kept is a new copy, made now that the rows it was decoded among are freed:
    # the first occurrences would hold on to the memory of those rows (a national plan's
    # objectives' units: about 80 MB that stayed resident for 2 000 texts).
    fresh = {value: _copied(value) for value in seen}
    return list(map(fresh.__getitem__, values))


def _copied(value: Any) -> Any:
    """A new object equal to `value` when it is a text, else `value`."""
    return (value + " ")[:-1] if type(value) is str and len(value) > 1 else value


class LazyRows(Sequence[Any]):
    """A plan list made of its objects on first use: the engine scores a worker's targets and
    realizations from their columns, and few read paths need the objects.

    With `item` (a builder of the object at one position) an item read makes that object
    alone, kept and returned again by later reads, and placed in the list if the list is made
    (iteration, slicing, comparison, pickling); with `column` (a reader of one field of every
    item) `field_values` gives a field without making the objects. `stored` is the
    `StoredRows` the list is read from (None once the objects are made, or without one)."""

    __hash__ = None  # type: ignore[assignment]

    def __init__(self, length: int, build: Callable[[], list[Any]],
                 item: Callable[[int], Any] | None = None,
                 column: Callable[[str], list[Any]] | None = None,
                 stored: StoredRows | None = None):
        self._length = length
        self._build: Callable[[], list[Any]] | None = build
        self._items: list[Any] | None = None
        self._lock = threading.Lock()
        self._item = item
        self._column = column
        self.stored = stored
        self._made: dict[int, Any] = {}  # objects made one by one, by position
        self._fields: dict[str, list[Any]] = {}  # fields of few distinct values (field_values)
        #: (the list not made it overlays, its items changed by position, those appended)
        self._overlay: tuple[LazyRows, dict[int, Any], list[Any]] | None = None

    def _list(self) -> list[Any]:
        items = self._items
        if items is None:
            with self._lock:
                if self._items is None and self._build is not None:
                    built = self._build()
                    for position, made in self._made.items():  # the objects already given out
                        built[position] = made
                    self._items = built
                    # its columns are no longer needed here
                    self._build = self._item = self._column = self.stored = None
                    self._overlay = None
                    self._fields = {}
                    self._made = {}
                items = self._items
        assert items is not None
        return items

    def overlaid(self, changed: Mapping[int, Any], appended: Sequence[Any] = ()
                 ) -> Sequence[Any]:
        """This list with the items at the positions `changed` replaced and `appended` added
        at the end. While the objects are not made: a LazyRows over the same rows that makes
        none of the others (an overlay of an overlay reads the first list, not a chain);
        otherwise a plain list."""
        if self._items is not None or self._item is None:
            items = list(self)
            for position, item in changed.items():
                items[position] = item
            items.extend(appended)
            return items
        root, kept, added = self._overlay or (self, {}, [])
        n_root = len(root)
        changes, extra = dict(kept), list(added)
        for position, item in changed.items():
            if position >= n_root:
                extra[position - n_root] = item
            else:
                changes[position] = item
        extra.extend(appended)

        def item(position: int) -> Any:
            if position >= n_root:
                return extra[position - n_root]
            return changes[position] if position in changes else root[position]

        def build() -> list[Any]:
            items = list(root)
            for position, value in changes.items():
                items[position] = value
            items.extend(extra)
            return items

        def column(name: str) -> list[Any]:
            values = root.field_values(name)
            for position, value in changes.items():
                values[position] = getattr(value, name)
            values.extend(getattr(value, name) for value in extra)
            return values

        rows = LazyRows(n_root + len(extra), build, item, column)
        rows._overlay = (root, changes, extra)
        return rows

    @property
    def built(self) -> bool:
        """Whether the objects have been made."""
        return self._items is not None

    def __len__(self) -> int:
        return self._length if self._items is None else len(self._items)

    def __getitem__(self, key: Any) -> Any:
        if self._items is None and self._item is not None and not isinstance(key, slice):
            position = operator.index(key)
            if position < 0:
                position += self._length
            made = self._made.get(position)
            if made is not None:
                return made
            with self._lock:
                if self._items is None:
                    if not 0 <= position < self._length:
                        raise IndexError("list index out of range")
                    made = self._made.get(position)
                    if made is None:
                        made = self._made[position] = self._item(position)
                    return made
        return self._list()[key]

    def field_values(self, name: str) -> list[Any]:
        """Every item's value of one field, in order (without making the objects when a column
        reader was given)."""
        if self._items is None and self._column is not None:
            with self._lock:
                if self._items is None and self._column is not None:
                    kept = self._fields.get(name)
                    if kept is None:
                        values = self._column(name)
                        kept = _few_values(values)
                        if kept is not None:  # a field of few values: kept, read again
                            self._fields[name] = kept
                    values = list(kept) if kept is not None else values
                    for position, made in self._made.items():
                        values[position] = getattr(made, name)
                    return values
        return list(map(attrgetter(name), self._list()))

    def __iter__(self) -> Iterator[Any]:
        return iter(self._list())

    # (Sequence's own would read item by item)
    def __contains__(self, value: object) -> bool:
        return value in self._list()

    def __reversed__(self) -> Iterator[Any]:
        return reversed(self._list())

    def index(self, value: Any, start: int = 0, stop: int = sys.maxsize) -> int:
        """The first position of `value` (ValueError when absent), as list.index."""
        return self._list().index(value, start, stop)

    def count(self, value: Any) -> int:
        """How many items equal `value`."""
        return self._list().count(value)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, list | LazyRows):
            return self._list() == list(other)
        return NotImplemented

    def __add__(self, other: Iterable[Any]) -> list[Any]:
        return self._list() + list(other)

    def __radd__(self, other: Iterable[Any]) -> list[Any]:
        return list(other) + self._list()

    def __reduce__(self) -> tuple[Any, ...]:
        """Copied or pickled as the plain list it stands for."""
        return (list, (self._list(),))

    def __repr__(self) -> str:
        return f"LazyRows({len(self)} rows{'' if self.built else ', not built'})"


def encoded_blocks(rows: list[Sequence[Any]]) -> tuple[bytes, np.ndarray]:
    """Rows' field values (a whole number of blocks but for the last) as the JSON text of
    their blocks joined by commas, and each block's length with its comma."""
    texts = [orjson.dumps(rows[k:k + BLOCK])[1:-1] for k in range(0, len(rows), BLOCK)]
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1
    return b",".join(texts), lengths


class StoredRows:
    """A plan list as the JSON text of its rows' field values (one array: ``[`` then the
    blocks' rows joined by commas, then ``]``), where each block of rows starts in it (the last
    start is the text's length: block k is ``text[starts[k]:starts[k + 1] - 1]``), the count
    of rows and the rows per block; `cls` makes an object of a row's values, `fields` names
    them."""

    def __init__(self, cls: Callable[..., Any], fields: Sequence[str], text: Any,
                 starts: np.ndarray, shape: Sequence[int] | np.ndarray):
        self.cls, self.fields, self.starts = cls, tuple(fields), starts
        self.source, self.text = text, memoryview(text)
        self.count, self.block = (int(n) for n in shape)

    @classmethod
    def of_chunks(cls, make: Callable[..., Any], fields: Sequence[str],
                  chunks: Iterable[Sequence[Sequence[Any]]]) -> StoredRows:
        """The rows of `chunks` (each a whole number of blocks but the last) encoded chunk by
        chunk (orjson.JSONEncodeError for a value JSON does not carry); a text longer than
        `SPILL_BYTES` is kept in a temporary file mapped into memory (`_Text`)."""
        text, lengths, count = _Text(), [np.ones(1, np.int64)], 0
        with contextlib.ExitStack() as stack:
            stack.callback(text.close)
            for rows in chunks:
                if not len(rows):
                    continue
                if count:
                    text.add(b",")
                joined, block_lengths = encoded_blocks(rows)
                text.add(joined)
                del joined
                lengths.append(block_lengths)
                count += len(rows)
            text.add(b"]")
            starts = np.cumsum(np.concatenate(lengths))
            return cls(make, fields, text.finished(), starts, (count, BLOCK))

    def shape(self) -> np.ndarray:
        """The count of rows and the rows per block, as a snapshot stores them."""
        return np.array([self.count, self.block], dtype=np.int64)

    def rows(self, start: int, stop: int) -> list[list[Any]]:
        """The field values of the rows of blocks start..stop-1."""
        if start >= stop:
            return []
        begin, end = int(self.starts[start]), int(self.starts[stop]) - 1
        return orjson.loads(b"[" + self.text[begin:end] + b"]")  # type: ignore[no-any-return]

    def item(self, position: int) -> Any:
        """The object at a position (its block decoded)."""
        block, offset = divmod(position, self.block)
        return self.cls(*self.rows(block, block + 1)[offset])

    def _chunks(self) -> Iterator[list[list[Any]]]:
        """The field values of every row, a chunk of blocks at a time."""
        blocks, size = len(self.starts) - 1, max(CHUNK // self.block, 1)
        for start in range(0, blocks, size):
            stop = min(start + size, blocks)
            yield self.rows(start, stop)
            self.release(int(self.starts[start]), int(self.starts[stop]))

    def release(self, begin: int, end: int) -> None:
        """Give back the pages of text[begin:end] when mapped from a file (read again from the
        page cache when used: the text is never written)."""
        if isinstance(self.source, np.ndarray):
            pagecache.release_array(self.source[begin:end])
        else:
            pagecache.release(self.source, begin, end - begin)

    def pieces(self, size: int = CHUNK * BLOCK) -> Iterator[memoryview]:
        """The text `size` bytes at a time, each piece's pages given back once used."""
        for begin in range(0, len(self.text), size):
            yield self.text[begin:begin + size]
            self.release(begin, min(begin + size, len(self.text)))

    def all(self) -> list[Any]:
        """Every object, decoded chunk by chunk."""
        result: list[Any] = []
        for rows in self._chunks():
            result.extend(starmap(self.cls, rows))
        return result

    def column(self, name: str) -> list[Any]:
        """Every row's value of one field, without making the objects."""
        value, result = itemgetter(self.fields.index(name)), []
        for rows in self._chunks():
            result.extend(map(value, rows))
        return result

    def lazy(self) -> LazyRows:
        """The list as objects made on first use (an item read by position: that one alone)."""
        return LazyRows(self.count, self.all, item=self.item, column=self.column, stored=self)


#: A stored list's text longer than this goes to a temporary file, mapped into memory: its
#: pages are the system's page cache, read into the process only when used (a national plan's
#: lists: about 200 MB).
SPILL_BYTES = 32 << 20


class _Text:
    """A stored list's text being written: in memory, moved to an unnamed temporary file once
    longer than `SPILL_BYTES` (kept in memory when no file can be written)."""

    def __init__(self) -> None:
        self.memory, self.size = [b"["], 1
        self.file: IO[bytes] | None = None
        self.spill = True

    def add(self, piece: bytes) -> None:
        """Append `piece`."""
        if self.file is not None:
            self.file.write(piece)
            return
        self.memory.append(piece)
        self.size += len(piece)
        if self.spill and self.size > SPILL_BYTES:
            try:
                self.file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by `close`)
                self.file.writelines(self.memory)
            except OSError:
                self.close()
                self.file, self.spill = None, False
                return
            self.memory = []

    def finished(self) -> bytes | mmap.mmap:
        """The whole text: the memory's, or the file mapped read-only."""
        if self.file is None:
            return b"".join(self.memory)
        self.file.flush()
        return mmap.mmap(self.file.fileno(), 0, access=mmap.ACCESS_READ)

    def close(self) -> None:
        """Close the file (a mapping of it stays valid)."""
        if self.file is not None:
            self.file.close()


#: Targets' or realizations' columns (repository.period_rows) taking more bytes than this go
#: to an unnamed temporary file, mapped read-only (`spilled`): a national plan's, about 400 MB.
SPILL_COLUMNS_BYTES = 64 << 20


def spilled(arrays: Sequence[np.ndarray]) -> list[np.ndarray] | None:
    """`arrays` copied into one unnamed temporary file and mapped read-only (each an
    `np.memmap`: `pagecache.release_array` gives its pages back once used, touched again they
    are read from the page cache); an array given twice is written once. None when no file
    can be written, or for an empty array or one of objects."""
    unique = {id(array): array for array in arrays}
    if any(array.nbytes == 0 or array.dtype.hasobject for array in unique.values()):
        return None
    try:
        with tempfile.TemporaryFile() as file:
            offsets, at = {}, 0
            for key, array in unique.items():
                offsets[key] = at
                file.write(memoryview(np.ascontiguousarray(array)).cast("B"))
                at += array.nbytes
            file.flush()
            mapped = {key: np.memmap(file, dtype=array.dtype, mode="r", offset=offsets[key],
                                     shape=array.shape)
                      for key, array in unique.items()}
    except (OSError, ValueError):
        return None
    return [mapped[id(array)] for array in arrays]


class SpooledColumns:
    """Columns read piece by piece (a read's batches), joined at the end: in memory while
    their pieces take at most `SPILL_COLUMNS_BYTES` in all, else each column's pieces
    written to an unnamed temporary file as they come and mapped read-only when joined
    (as `spilled`), so that a big read never holds its columns whole beside its next
    batches (a national plan's targets: about 300 MB). In memory when no file can be
    written."""

    def __init__(self, dtypes: Mapping[str, Any]) -> None:
        """`dtypes`: each column's name and the dtype of its values."""
        self.dtypes = {name: np.dtype(dtype) for name, dtype in dtypes.items()}
        self.pieces: dict[str, list[np.ndarray]] = {name: [] for name in dtypes}
        self.files: dict[str, IO[bytes]] | None = None
        self.counts = dict.fromkeys(dtypes, 0)
        self.size = 0
        self.spill = True

    def append(self, name: str, piece: np.ndarray) -> None:
        """Add `piece` (values of the column `name`) at its end."""
        piece = np.ascontiguousarray(piece, dtype=self.dtypes[name])
        self.size += piece.nbytes
        if self.files is None and self.spill and self.size > SPILL_COLUMNS_BYTES:
            self._to_files()
        if self.files is not None:
            try:
                self.files[name].write(memoryview(piece).cast("B"))
                self.counts[name] += len(piece)
                return
            except (OSError, ValueError):
                self._to_memory()
        self.pieces[name].append(piece)

    def joined(self, name: str) -> np.ndarray:
        """The column `name` whole (its pieces let go): mapped from its file when spilled."""
        pieces, self.pieces[name] = self.pieces[name], []
        file = self.files.pop(name) if self.files is not None else None
        if file is None:
            return np.concatenate(pieces) if pieces else np.empty(0, self.dtypes[name])
        with file:
            if not self.counts[name]:
                return np.empty(0, self.dtypes[name])
            try:
                file.flush()
                return np.memmap(file, dtype=self.dtypes[name], mode="r",
                                 shape=(self.counts[name],))
            except (OSError, ValueError):
                file.seek(0)
                return np.fromfile(file, self.dtypes[name], self.counts[name])

    def close(self) -> None:
        """Remove the files of the columns not joined."""
        for file in (self.files or {}).values():
            file.close()
        self.files = None

    def _to_files(self) -> None:
        """Move the pieces so far to one file per column (none: stay in memory)."""
        files: dict[str, IO[bytes]] = {}
        try:
            for name in self.pieces:
                files[name] = tempfile.TemporaryFile()  # noqa: SIM115 (closed when joined)
            for name, pieces in self.pieces.items():
                for piece in pieces:
                    files[name].write(memoryview(piece).cast("B"))
                self.counts[name] = sum(map(len, pieces))
        except (OSError, ValueError):
            for file in files.values():
                file.close()
            self.spill = False
            return
        self.files = files
        self.pieces = {name: [] for name in self.pieces}

    def _to_memory(self) -> None:
        """Read the files back into memory and keep the columns there from now on (a file
        that could not be written)."""
        assert self.files is not None
        files, self.files, self.spill = self.files, None, False
        for name, file in files.items():
            with file:
                file.flush()
                file.seek(0)
                self.pieces[name] = [np.fromfile(file, self.dtypes[name], self.counts[name])]


def stored_of(items: Sequence[Any]) -> StoredRows | None:
    """The stored rows a list is still read from (a LazyRows whose objects are not made)."""
    return items.stored if isinstance(items, LazyRows) else None
