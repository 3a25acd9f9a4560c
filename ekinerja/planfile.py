"""A plan file read for an import: the fast checked reader first, the full reader otherwise.

A JSON file whose checks all pass in the column reader of `ekinerja score`
(:func:`ekinerja.fastscore.checked_document`) becomes a :class:`CheckedDocument`: its
objectives, indicators and the other small lists are that reader's records, its targets and
realizations stay columns (:class:`ColumnItems`, which hand the import their rows directly),
and the import does not validate it again. Anything the fast reader is unsure of (a workbook,
SKP lists, any possible problem) is read by the full reader (ekinerja.interchange), which names
every problem at its place.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import Any, overload

import msgspec
import numpy as np

from ekinerja import model
from ekinerja.interchange import LISTS
from ekinerja.rollup import Columns, optional_floats
from ekinerja.storage.repository import ENTITIES, LazyRows, object_columns, values_of_getter

#: Rows made at a time from the columns (bounds the memory of an import's rows).
CHUNK = 100_000

#: The top-level lists of a JSON plan, undecoded: which of them the file holds.
_Lists = msgspec.defstruct("_Lists", [(name, msgspec.Raw, msgspec.Raw()) for name in LISTS])
_LISTS = msgspec.json.Decoder(_Lists)


class CheckedDocument(model.PlanDocument):
    """A plan document whose every check passed in the fast reader: not validated again."""

    __slots__ = ()


class ColumnItems(Sequence[Any]):
    """Targets or realizations kept as the fast reader's columns, read as a sequence of model
    objects (made on access) or, for the import, as stored rows (:meth:`rows`)."""

    def __init__(self, kind: type[model.Target] | type[model.Realization], columns: Columns,
                 indicator_codes: Sequence[str], n_objectives: int):
        self.kind, self.columns = kind, columns
        self.indicator_codes, self.n_objectives = indicator_codes, n_objectives
        self._codes: np.ndarray | None = None  # the codes as an array, made once

    def __len__(self) -> int:
        return len(self.columns.value)

    @overload
    def __getitem__(self, index: int) -> Any: ...

    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self[k] for k in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self.kind(*next(self.rows(index, index + 1)))

    def rows(self, start: int = 0, stop: int | None = None) -> Iterator[tuple[Any, ...]]:
        """The stored field values of each item (targets: indicator, period, value, low, high;
        realizations: indicator, period, value, status), `CHUNK` rows made at a time."""
        for _, columns in self.chunks(start, stop):
            yield from zip(*columns, strict=True)

    def chunks(self, start: int = 0, stop: int | None = None
               ) -> Iterator[tuple[int, list[list[Any]]]]:
        """(first position, one list per stored field) of `CHUNK` items at a time: what a bulk
        insert zips into rows at C speed."""
        stop = len(self) if stop is None else stop
        for begin in range(start, stop, CHUNK):
            yield begin, self._chunk(begin, min(begin + CHUNK, stop))

    def _chunk(self, start: int, stop: int) -> list[list[Any]]:
        c = self.columns
        if c.node is not None and c.period_id is not None and c.periods is not None:
            if self._codes is None:
                self._codes = np.asarray(self.indicator_codes, dtype=object)
            indicators = self._codes[c.node[start:stop] - self.n_objectives].tolist()
            periods = np.asarray(c.periods, dtype=object)[c.period_id[start:stop]].tolist()
        else:
            indicators = list(islice(c.indicator, start, stop))
            periods = list(islice(c.period, start, stop))
        if self.kind is model.Realization:
            status = (["verified"] * (stop - start) if c.status is None
                      else list(islice(c.status, start, stop)))
            return [indicators, periods, c.value[start:stop].tolist(), status]
        return [indicators, periods,
                *(optional_floats(a[start:stop]) for a in (c.value, c.low, c.high))]


class ReadAgain(LazyRows):
    """A checked list of a file (objectives, indicators...) not held in memory: decoded from
    the file's bytes again when used. Read as a sequence, its records are made once and kept
    (LazyRows); an import's bulk insert takes its rows (:meth:`rows`) from a decoding of its
    own, freed once stored, so an import never holds every list's records at once."""

    def __init__(self, name: str, source: Any):
        super().__init__(source.count, source.decode)
        self._decode: Callable[[], list[Any]] = source.decode
        self._entity = next(e for e in ENTITIES if e.name == name)
        self._getter = values_of_getter(self._entity)

    def rows(self) -> Iterator[tuple[Any, ...]]:
        """The stored field values of each item, in the entity's field order."""
        return map(self._getter, self if self.built else self._decode())

    def chunks(self) -> Iterator[tuple[int, list[list[Any]]]]:
        """(first position, one list per stored field) of the items, a bulk insert's columns
        (`object_columns`), from a decoding of their own as :meth:`rows`."""
        return object_columns(self._entity, list(self) if self.built else self._decode())


def lists_present(raw: bytes) -> frozenset[str] | None:
    """The lists a JSON plan holds (a key with a value other than null, as the full reader
    counts them); None when the bytes are not a JSON object."""
    try:
        lists = _LISTS.decode(raw)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None
    # (a list's text is not copied to be compared: a Raw holds no white space around it)
    return frozenset(name for name in LISTS
                     if len(value := getattr(lists, name))
                     and not (len(value) < 8 and bytes(value).strip() == b"null"))


def checked_json(box: list[bytes]) -> CheckedDocument | None:
    """The plan of a JSON file's bytes, given in a one-item list, when every check of the fast
    reader passes, else None (the full reader then decides and names the problems). The list
    is emptied: the bytes are freed once decoded."""
    from ekinerja import fastscore

    present = lists_present(box[0])
    if present is None:
        return None
    try:
        # the records are not kept: each list is decoded again when it is used (ReadAgain)
        doc, targets, realizations, structure = fastscore.checked_structure(
            box, records=False, reread=True)
    except fastscore._Unsure:
        return None
    codes, n_objectives = structure.indicator_codes, len(structure.objective_codes)
    del structure  # its code index (a dict of every code) is not needed here
    lists = {name: ReadAgain(name, getattr(doc, name))
             for name in ("units", "employees", "objectives", "indicators", "links",
                          "causal_links")}
    return CheckedDocument(
        plan=doc.plan, **lists,  # type: ignore[arg-type]
        targets=ColumnItems(model.Target, targets, codes, n_objectives),  # type: ignore[arg-type]
        realizations=ColumnItems(  # type: ignore[arg-type]
            model.Realization, realizations, codes, n_objectives),
        rhk_kinds=doc.rhk_kinds, present=present)


def read_plan(path: str | os.PathLike[str]) -> model.PlanDocument:
    """A plan file (JSON or workbook) for an import: checked by the fast reader when it can,
    else read by the full reader (InvalidPlan with every problem found)."""
    from ekinerja import fastscore, interchange

    if str(path).lower().endswith(".json"):
        # memory-mapped, as `ekinerja score` reads it: each list's pages are let go once it
        # is decoded, so the file is never held whole beside the plan (docs/scale.md)
        raw = fastscore._read(Path(path))
        doc = None if raw is None else checked_json([raw])
        del raw
        if doc is not None:
            return doc
    return interchange.load(path)
