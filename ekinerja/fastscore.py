"""The fast path of `ekinerja score FILE`: a typed column-wise reader, vectorised checks, a
compiled snapshot per file content; no networkx, no SQLAlchemy, no openpyxl.

:func:`engine_of_file` answers an Engine, or None whenever anything may be wrong with the file:
then the caller takes the full reader (ekinerja.interchange + ekinerja.cascade), which finds
and places every problem exactly. So every check here only has to be *conservative*: it may send
a valid plan to the slow path, never let an invalid one through.

- Decoding: msgspec with a schema (the interchange format, docs/file-format.md) straight into
  small structs that the collector does not track; unknown fields, missing required fields and
  wrong types fail the decode. Keys given twice (which msgspec would take silently) are caught
  by counting: the file's ``":`` sequences must equal the number of fields decoded.
- Checks over columns: text rules, unique codes, references, periods, targets, enums, weights,
  levels, one vision, cycles among RHK, unit and supervisor loops, caps and settings.
- Snapshot: the compiled engine's arrays and codes in one ``.npz`` under the user's cache folder
  (``$XDG_CACHE_HOME/ekinerja/snapshots``), keyed by a hash of the file's bytes, so scoring an
  unchanged file again skips reading and compiling.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import math
import mmap
import os
import re
import select
import signal
import struct
import threading
from collections.abc import Callable, Iterator, Sequence
from functools import cached_property, partial
from itertools import compress, repeat
from operator import attrgetter
from pathlib import Path
from typing import Any, BinaryIO, Literal, NamedTuple

import msgspec
import numpy as np
import orjson
from msgspec import UNSET, UnsetType

from ekinerja import model, pagecache, textrules
from ekinerja.gcpause import no_gc
from ekinerja.limits import MAX_CAP, MAX_WEIGHT, MAX_WEIGHT_SUM, MIN_WEIGHT
from ekinerja.periods import is_period, parse_period
from ekinerja.rollup import (
    _AGGREGATION_CODES,
    Columns,
    Engine,
    StructureColumns,
    _chain_depths,
    _Layer,
)
from ekinerja.scoring import METHOD_CODES, POLARITY_CODES

#: Bump when the snapshot's layout or the engine's compiled arrays change.
SNAPSHOT_VERSION = 3
#: Snapshots kept in the cache folder (the oldest are removed).
SNAPSHOTS_KEPT = 8
#: Files smaller than this are read by the full reader directly (it is fast enough there).
MIN_FAST_BYTES = 0
_MAX_TEXT = 32767

Opt = Any  # a field that may be absent (UNSET), null (None) or a value


class _S(msgspec.Struct, forbid_unknown_fields=True, gc=False, omit_defaults=True):
    """Base of the decoded records: unknown fields refused, not tracked by the collector."""


class Skp(_S):
    above_from: float | UnsetType | None = UNSET
    as_expected_from: float | UnsetType | None = UNSET


class SettingsIn(_S):
    cap: float | UnsetType | None = UNSET
    floor: float | UnsetType | None = UNSET
    missing: str | UnsetType | None = UNSET
    negative_method: str | UnsetType | None = UNSET
    bands: list[tuple[float, str]] | UnsetType | None = UNSET
    count: str | UnsetType | None = UNSET
    skp: Skp | UnsetType | None = UNSET


class PlanIn(_S):
    code: str
    name: str
    start_year: int
    end_year: int
    settings: SettingsIn | UnsetType | None = UNSET


# enumerations as Literal types: one shared string object per value, not one per row
_Level = Literal[model.LEVELS]  # type: ignore[valid-type]
_Perspective = Literal[model.PERSPECTIVES]  # type: ignore[valid-type]
_UnitKind = Literal[model.UNIT_KINDS]  # type: ignore[valid-type]
_RhkKind = Literal[model.RHK_KINDS]  # type: ignore[valid-type]
_Polarity = Literal[model.POLARITIES]  # type: ignore[valid-type]
_Aggregation = Literal[model.AGGREGATIONS]  # type: ignore[valid-type]
_Method = Literal[model.NEGATIVE_METHODS]  # type: ignore[valid-type]
_Status = Literal[model.REALIZATION_STATUSES]  # type: ignore[valid-type]


#: The records of the format's lists (docs/file-format.md): required fields, then optional
#: ones (absent: UNSET, null: None, or a value of their type).
_RECORDS: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "units": ({"code": str, "name": str}, {"parent": str, "kind": _UnitKind}),
    "employees": ({"nip": str, "name": str, "unit": str},
                  {"position": str, "supervisor": str}),
    "objectives": ({"code": str, "name": str, "level": _Level},
                   {"perspective": _Perspective, "unit": str, "owner": str,
                    "rhk_kind": _RhkKind}),
    "indicators": ({"code": str, "objective": str, "name": str},
                   {"measure_unit": str, "weight": float, "polarity": _Polarity,
                    "aggregation": _Aggregation, "negative_method": _Method, "cap": float}),
    "links": ({"parent": str, "child": str}, {"weight": float}),
    "causal_links": ({"cause": str, "effect": str}, {}),
    "targets": ({"indicator": str, "period": str},
                {"value": float, "low": float, "high": float}),
    "realizations": ({"indicator": str, "period": str, "value": float}, {"status": _Status}),
}


def _list_decoder(name: str, *, nullable: bool = True) -> msgspec.json.Decoder[Any]:
    """The typed decoder of one of the format's lists (null too, when `nullable`)."""
    required, optional = _RECORDS[name]
    fields = [*required.items(),
              *((field, kind | UnsetType | None, UNSET) for field, kind in optional.items())]
    record = msgspec.defstruct(f"{name}_record", fields, bases=(_S,), module=__name__,
                               forbid_unknown_fields=True, gc=False, omit_defaults=True)
    return msgspec.json.Decoder(list[record] | None if nullable else list[record])


class DocumentIn(_S):
    format: str
    plan: PlanIn
    # every list decoded (or scanned) one after the other, once the whole text has been
    # checked and its pages released (a lower peak of memory); an empty Raw: absent
    objectives: msgspec.Raw = msgspec.Raw()
    indicators: msgspec.Raw = msgspec.Raw()
    units: msgspec.Raw = msgspec.Raw()
    employees: msgspec.Raw = msgspec.Raw()
    links: msgspec.Raw = msgspec.Raw()
    causal_links: msgspec.Raw = msgspec.Raw()
    targets: msgspec.Raw = msgspec.Raw()
    realizations: msgspec.Raw = msgspec.Raw()
    # the SKP lists are left to the full reader: any item there takes the slow path
    unit_predikat: list[Any] | UnsetType | None = UNSET
    skp_ratings: list[Any] | UnsetType | None = UNSET


_DECODER = msgspec.json.Decoder(DocumentIn)
#: The lists besides targets and realizations: (name, decoder, required).
_LISTS = tuple((name, _list_decoder(name, nullable=not required), required)
               for name, required in (("units", False), ("employees", False),
                                      ("objectives", True), ("indicators", True),
                                      ("links", False), ("causal_links", False)))
_TARGETS = _list_decoder("targets")
_REALIZATIONS = _list_decoder("realizations")


class _Unsure(Exception):
    """Something may be wrong: the full reader decides (and names every problem)."""


# ---------------------------------------------------------------------------- columns


_COLUMNS: dict[tuple[int, str], list[Any]] = {}


def _column(items: Sequence[Any], name: str) -> list[Any]:
    """The values of one field of every item (memoised while one document is checked)."""
    key = (id(items), name)
    column = _COLUMNS.get(key)
    if column is None:
        column = _COLUMNS[key] = list(map(attrgetter(name), items))
    return column


def _once(items: Sequence[Any], name: str) -> list[Any]:
    """The values of a field read once: memoised only if already, and then no longer (freed
    after its use; at national scale each column is about 10 MB)."""
    column = _COLUMNS.pop((id(items), name), None)
    return list(map(attrgetter(name), items)) if column is None else column


def _normalise(items: Sequence[Any], name: str, default: Any, *, null_too: bool) -> None:
    """Give absent fields (and, with `null_too`, null ones) the format's default, in place,
    so the structs read like the model's dataclasses."""
    column = _column(items, name)
    if UNSET not in column and not (null_too and None in column):
        return
    for k, value in enumerate(column):
        if value is UNSET or (null_too and value is None):
            setattr(items[k], name, default)
            column[k] = default


def _set_count(column: list[Any]) -> int:
    """How many values of a column were given in the file (not UNSET)."""
    return len(column) - column.count(UNSET)


def _filled(column: list[Any], default: Any) -> list[Any]:
    """The column with absent (UNSET) and null values replaced by the default."""
    if column.count(UNSET) or column.count(None):
        # (a lookup in C per value: UNSET and None map to the default, any other value to
        # itself; the values are strings and floats, equal to neither)
        return list(map({UNSET: default, None: default}.get, column, column))
    return column


def _require(condition: bool) -> None:
    if not condition:
        raise _Unsure


def _texts(column: list[Any], kind: str, *, empty_ok: bool = False, plain: bool = False
           ) -> None:
    """Every text follows its rule (textrules), screened at C speed. `plain`: the texts come
    from a list whose JSON text holds no character any rule refuses (_plain_text), so their
    lengths (and a code's surrounding spaces) alone remain to check."""
    if not column:
        return
    if kind == "code" and not plain:
        _require(textrules.all_codes_valid(column))
        return
    # (every value a str: the decoder's schema says so)
    rule = textrules.RULES[kind]
    if kind == "code":  # (no surrounding space: a code's rule)
        lengths = list(map(len, column))
        _require(max(lengths) <= rule.max_length and min(lengths) > 0)
        _require(sum(map(len, map(str.strip, column))) == sum(lengths))
        return
    _require(max(map(len, column)) <= rule.max_length and (empty_ok or "" not in column))
    if not plain:
        _require(
            all(map(str.isprintable, column))
            or not any(map(rule.forbidden.search, column))
        )


def _given_texts(column: list[Any]) -> list[str]:
    """The texts of an optional text column that are neither absent, null nor empty (a loop
    in C: UNSET, None and "" are false)."""
    return list(filter(None, column))


_PLAIN = ":plain"  # the _COLUMNS key of a list whose JSON text passed _plain_text


def _plain(items: Sequence[Any]) -> bool:
    """Whether the list `items` was decoded from a JSON text that passed _plain_text."""
    return (id(items), _PLAIN) in _COLUMNS


def _plain_text(text: np.ndarray) -> bool:
    """True when no string of a JSON text (its UTF-8 bytes, which msgspec decoded: valid
    UTF-8, no raw control character inside a string) can hold a character that a text rule
    refuses (textrules: the single-line rules, the strictest): no escape at all (no
    backslash) and none of the refused characters' byte sequences — DEL, the C1 controls
    (c2 80-9f), U+2028-U+202E (e2 80 a8-ae), U+2066-U+2069 (e2 81 a6-a9), surrogates
    (ed a0-bf), U+FDD0-U+FDEF (ef b7 90-af), and any bf be / bf bf (U+FFFE, U+FFFF and the
    other planes' last two code points). False means unsure: each text is then checked."""
    for at in range(0, len(text), _CHUNK):
        part = text[at : at + _CHUNK + 2]  # (2 bytes more: a sequence across the border)
        if np.count_nonzero(part == ord("\\")):
            return False
        if int(part.max()) < 0x7F:
            continue
        wide = np.flatnonzero(part >= 0x7F)
        wide = wide[wide < _CHUNK]  # (those after: the next part's)
        padded = np.concatenate([part, np.zeros(2, np.uint8)])
        first, second, third = padded[wide], padded[wide + 1], padded[wide + 2]
        refused = (
            (first == 0x7F)
            | ((first == 0xC2) & (second >= 0x80) & (second <= 0x9F))
            | ((first == 0xE2) & (second == 0x80) & (third >= 0xA8) & (third <= 0xAE))
            | ((first == 0xE2) & (second == 0x81) & (third >= 0xA6) & (third <= 0xA9))
            | ((first == 0xED) & (second >= 0xA0))
            | ((first == 0xEF) & (second == 0xB7) & (third >= 0x90) & (third <= 0xAF))
            | ((first == 0xBF) & ((second == 0xBE) | (second == 0xBF)))
        )
        if refused.any():
            return False
    return True


def _enum(column: list[Any], choices: Sequence[str], *, nullable: bool = False) -> None:
    values = set(column)
    values.discard(UNSET)
    if nullable:
        values.discard(None)
    _require(values <= set(choices))


def _numbers(values: np.ndarray) -> None:
    _require(bool(np.isfinite(values).all()))


def _float_column(column: list[Any], default: float) -> np.ndarray:
    return np.array(_filled(column, default), dtype=float)


def _optional_floats(column: list[Any]) -> np.ndarray:
    """NaN where absent or null; a given value must be finite."""
    absent = column.count(UNSET)
    if absent + column.count(None) == len(column):  # (none given: no conversion per value)
        return np.full(len(column), np.nan)
    if absent:
        column = list(map({UNSET: None}.get, column, column))  # (as _filled)
    values = np.array(column, dtype=float)  # None becomes NaN
    _require(not bool(np.isinf(values).any()))
    return values


def _refs(column: list[Any], known: set[str] | dict[str, int], *, nullable: bool) -> None:
    values = set(column)
    if nullable:
        values.discard(None)
        values.discard(UNSET)
    _require(values <= known.keys() if isinstance(known, dict) else values <= known)


#: Keys below this (and below 64 per key) are checked distinct by marking each in a table
#: of as many bytes, not by a sort (a province's targets: 6 MB, 2-3 ms against 15-60 ms).
_MARKED_KEYS = 1 << 25


def _distinct(keys: np.ndarray) -> bool:
    """No integer key twice: small non-negative keys (a row's indicator and period) marked in
    a table, others sorted (both faster than a hash table of Python objects)."""
    if len(keys) < 2:
        return True
    top = int(keys.max())
    if top < min(_MARKED_KEYS, 64 * len(keys)) and int(keys.min()) >= 0:
        seen = np.zeros(top + 1, dtype=np.bool_)
        seen[keys] = True
        return int(np.count_nonzero(seen)) == len(keys)
    ordered = np.sort(keys)
    return not bool((ordered[1:] == ordered[:-1]).any())


def _unique(values: list[str]) -> None:
    _require(len(set(values)) == len(values))


def _no_loop(codes: list[str], parents: list[Any]) -> None:
    """A unit tree or a supervisor chain without a cycle."""
    position = dict(zip(codes, range(len(codes)), strict=True))
    # (every parent given is a known code, checked before: -1 is an absent or null one)
    up = np.fromiter(map(position.get, parents, repeat(-1)), np.int64, count=len(parents))
    given = up >= 0
    if not given.any():
        return
    up, down = up[given], np.flatnonzero(given)
    if bool((up < down).all()):  # each one listed after its parent: no cycle can be
        return
    _require(_chain_depths(len(codes), up, down) is not None)


def _interned(strings: list[str]) -> tuple[np.ndarray, list[str]]:
    """Integer ids of the strings (in order of first appearance) and the distinct strings."""
    ids: dict[str, int] = {}
    for text in strings:
        if text not in ids:
            ids[text] = len(ids)
    return np.fromiter(map(ids.__getitem__, strings), np.int64, count=len(strings)), list(ids)


# ---------------------------------------------------------------------------- read + check


def _decode(raw: bytes) -> DocumentIn:
    try:
        doc = _DECODER.decode(raw)
    except (msgspec.DecodeError, msgspec.ValidationError):
        raise _Unsure from None
    return doc


def _key_colons(data: np.ndarray, skipped: list[tuple[int, int]], raw: Any = None) -> int:
    """How many `":` the bytes hold outside the `skipped` (start, length) spans; _Unsure when
    a key may stand apart from its colon (`"key" :`), which that count would miss. Given the
    memory map `raw` of `data`, each part's pages are released once counted."""
    total, start = 0, 0
    for begin, length in [*sorted(skipped), (len(data), 0)]:
        for at in range(start, begin, _CHUNK):
            part = data[at : min(at + _CHUNK + 1, begin)]
            colon = np.flatnonzero(part[1:] == ord(":"))  # (at the byte before each)
            before = part[colon]
            total += int(np.count_nonzero(before == ord('"')))
            for k in (colon[_CLASS[before] == 1] + at).tolist():  # (back past the part's start)
                while k >= 0 and _CLASS[data[k]] == 1:
                    k -= 1
                _require(k < 0 or data[k] != ord('"'))
            if raw is not None:
                _release(raw, (at, len(part)))
        start = max(start, begin + length)
    return total


def _count_fields(doc: DocumentIn) -> int:
    """Fields the decoded document holds (top level, plan, settings; the lists are counted as
    they are decoded)."""
    total = sum(1 for f in doc.__struct_fields__ if _given(getattr(doc, f)))
    total += sum(1 for f in doc.plan.__struct_fields__ if getattr(doc.plan, f) is not UNSET)
    settings = doc.plan.settings
    if isinstance(settings, SettingsIn):
        total += sum(1 for f in settings.__struct_fields__ if getattr(settings, f) is not UNSET)
        if isinstance(settings.skp, Skp):
            skp = settings.skp
            total += sum(1 for f in skp.__struct_fields__ if getattr(skp, f) is not UNSET)
    return total


def _span_of(value: Any, data: np.ndarray) -> tuple[int, int]:
    """(start, length) of a raw value within the document's bytes; (0, 0) when absent."""
    if not isinstance(value, msgspec.Raw) or not len(value):
        return (0, 0)
    view = np.frombuffer(value, dtype=np.uint8)
    return (view.ctypes.data - data.ctypes.data, len(view))


def _release(raw: Any, span: tuple[int, int]) -> None:
    """Drop the pages of a memory-mapped file's (start, length) span from this process's
    memory (they are read again from the page cache if touched); nothing for bytes."""
    pagecache.release(raw, *span)


def _given(value: Any) -> bool:
    """Whether a top-level field was in the file (an empty Raw: it was not)."""
    return value is not UNSET and not (isinstance(value, msgspec.Raw) and len(value) == 0)


def _fields_of(items: list[Any] | None) -> int:
    """Fields given in the file over every item of a list."""
    if not items:
        return 0
    kind = type(items[0])
    required = len(kind.__struct_fields__) - len(kind.__struct_defaults__)  # always given
    # (the optional columns are kept: the checks read each of them next)
    return required * len(items) + sum(_set_count(_column(items, field))
                                       for field in kind.__struct_fields__[required:])


def _forget(items: list[Any]) -> None:
    """Drop the memoised columns of a list about to be freed (its id may be reused)."""
    for key in [k for k in _COLUMNS if k[0] == id(items)]:
        del _COLUMNS[key]


def _settings(doc: DocumentIn) -> model.Settings:
    given = doc.plan.settings
    settings = model.Settings()
    if not isinstance(given, SettingsIn):
        return settings
    for name in ("cap", "floor"):
        value = getattr(given, name)
        if value is not UNSET and value is not None:
            _require(math.isfinite(value))
            setattr(settings, name, float(value))
    for name, choices in (("missing", model.MISSING_MODES),
                          ("negative_method", model.NEGATIVE_METHODS),
                          ("count", model.COUNT_MODES)):
        value = getattr(given, name)
        if value is not UNSET and value is not None:
            _require(value in choices)
            setattr(settings, name, value)
    if given.bands is not UNSET and given.bands is not None:
        bands = [(float(low), label) for low, label in given.bands]
        _require(all(math.isfinite(low) for low, _ in bands))
        _texts([label for _, label in bands], "name")
        _require(len(json.dumps([[b, label] for b, label in bands], ensure_ascii=False))
                 <= _MAX_TEXT)
        settings.bands = bands
    if isinstance(given.skp, Skp):
        for name in ("above_from", "as_expected_from"):
            value = getattr(given.skp, name)
            if value is not UNSET and value is not None:
                _require(math.isfinite(value))
                setattr(settings.skp, name, float(value))
    # cascade.validate's settings errors
    _require(abs(settings.cap) <= MAX_CAP and abs(settings.floor) <= MAX_CAP)
    _require(settings.floor < settings.cap)
    _require(settings.skp.above_from > settings.skp.as_expected_from)
    return settings


def checked_document(raw: Any) -> tuple[model.PlanDocument, Columns, Columns]:
    """The plan of a JSON file's bytes (bytes, or a memory map whose pages are released as
    they are used) with its targets and realizations as columns, when every check passes;
    _Unsure otherwise (the full reader then names the problems).

    Given the bytes in a one-item list, the list is emptied once they are decoded, so they
    are freed before the checks (a lower peak of memory).
    """
    doc, targets, realizations, _ = checked_structure(raw)
    return doc, targets, realizations


def checked_structure(raw: Any, *, records: bool = True, reread: bool = False,
                      parallel: bool = False, indexed: bool = True,
                      joined: Callable[[], None] | None = None
                      ) -> tuple[model.PlanDocument, Columns, Columns, StructureColumns]:
    """As :func:`checked_document`, with the objectives, indicators and links also as the
    compile's columns (made from the columns the checks built: Engine(structure=...) then
    reads no record). Without `records` the document holds the plan alone (what a score
    needs: no lists, no defaults filled in); with `reread` too, its RHK kinds and each list
    besides targets and realizations as a :class:`Reread` (an import's path: the records
    are not held while the targets are scanned, nor all at once while they are stored).
    With `parallel`, large targets and realizations are scanned by a forked process while
    this one checks the rest (:func:`_scan_helper`; in-process where it cannot fork).
    Without `indexed` (and records), the structure's code
    index is left empty where its targets and realizations came numbered (an engine builds
    it if asked). `joined` is called once the lists besides targets and realizations are
    checked and the scanning helper is done (the machine's other core then idle)."""
    box = raw if isinstance(raw, list) else [raw]
    _COLUMNS.clear()
    try:
        with no_gc():  # millions of small objects, none of them in a cycle
            checked = _checked_document(box, records=records, reread=reread,
                                        parallel=parallel, indexed=indexed, joined=joined)
            structure = checked[3]
            if indexed and not structure.index:  # (the checks index objectives alone)
                structure.index = _code_index(structure)
            return checked
    finally:
        _COLUMNS.clear()


class Reread(NamedTuple):
    """A checked list of a file, decoded again from the file's bytes by each `decode()` (its
    defaults filled in, as the checked document's records): nothing of it is kept between."""

    count: int
    decode: Callable[[], list[Any]]


def _reread(raw: Any, span: tuple[int, int], decoder: msgspec.json.Decoder[Any], name: str
            ) -> list[Any]:
    """The records of the list `name` at `span` of the file's bytes (already checked)."""
    if span[1] <= 0:
        return []
    with no_gc():
        items = decoder.decode(memoryview(raw)[span[0]:span[0] + span[1]]) or []
        _release(raw, span)
        lists = {key: items if key == name else []
                 for key in ("units", "employees", "objectives", "indicators", "links")}
        for target, field, default, null_too in _defaults(**lists):
            if target is items:
                _normalise(items, field, default, null_too=null_too)
        _forget(items)
    return items  # type: ignore[no-any-return]


def _codes_of(column: list[Any], codes: dict[str, int], default: str | None = None
              ) -> np.ndarray:
    """Each (valid) enumeration value as its integer code, absent and null values as the
    `default`'s when given (else the column is filled); one value: no lookup per row."""
    if default is not None:
        codes = {**codes, UNSET: codes[default], None: codes[default]}  # type: ignore[dict-item]
    distinct = set(column)
    if len(distinct) == 1:
        return np.full(len(column), codes[distinct.pop()], dtype=np.int64)
    return np.fromiter(map(codes.__getitem__, column), np.int64, count=len(column))


def _structure_columns(objective_codes: list[str], indicator_codes: list[str],
                       index: dict[str, int], rank: np.ndarray, settings: model.Settings,
                       indicators: list[Any], polarity: list[str], caps: np.ndarray,
                       ip: np.ndarray, indicator_weight: np.ndarray,
                       links: tuple[np.ndarray, np.ndarray, np.ndarray]) -> StructureColumns:
    """The compile's columns (rollup.StructureColumns.of_document's) from the checked
    columns."""
    columns = {
        "polarity": _codes_of(polarity, POLARITY_CODES),
        "method": _codes_of(_column(indicators, "negative_method"), METHOD_CODES,
                            settings.negative_method),
        "cap": np.where(np.isnan(caps), float(settings.cap), caps),
        "aggregation": _codes_of(_column(indicators, "aggregation"), _AGGREGATION_CODES,
                                 "latest"),
        "_ind_parent": ip,
        "_ind_weight": indicator_weight,
    }
    return StructureColumns(objective_codes, indicator_codes, index, rank, columns, links)


def _checked_document(box: list[Any], *, records: bool, reread: bool = False,
                      parallel: bool = False, indexed: bool = True,
                      joined: Callable[[], None] | None = None
                      ) -> tuple[model.PlanDocument, Columns, Columns, StructureColumns]:
    raw = box.pop()
    # a helper forked before the decode scans the lists where it finds them in the bytes (a
    # guess, kept when the decode finds them there: the decode and the scan then overlap)
    helper = _scan_helper(raw, _guessed_spans(raw)) if parallel else None
    try:
        doc = _decode(raw)
        _require(doc.format == model.FORMAT)
        _require(not doc.unit_predikat and not doc.skp_ratings)
        data = np.frombuffer(raw, dtype=np.uint8)
        spans = {name: _span_of(getattr(doc, name), data)
                 for name in (*(name for name, _, _ in _LISTS), "targets", "realizations")}
        if helper is not None and helper.spans != _scanned_spans(spans):
            helper.stop()  # guessed wrong: one forked now scans where the lists are
            helper = None
        if parallel and helper is None:
            helper = _scan_helper(raw, spans)
        return _checked_rest(raw, doc, data, spans, helper, records=records, reread=reread,
                             indexed=indexed, joined=joined)
    finally:
        if helper is not None:
            helper.stop()


def _decoded_list(raw: Any, doc: DocumentIn, spans: dict[str, tuple[int, int]], name: str
                  ) -> int:
    """Decode the list `name` of the document in place (its pages released once read); the
    number of fields it holds."""
    decoder, required = next((d, r) for n, d, r in _LISTS if n == name)
    given = getattr(doc, name)
    _require(_given(given) or not required)
    try:
        items = decoder.decode(given) if _given(given) else None
    except (msgspec.DecodeError, msgspec.ValidationError):
        raise _Unsure from None
    text = np.frombuffer(given, np.uint8)
    if items and _plain_text(text):
        _COLUMNS[(id(items), _PLAIN)] = []
    fields = None
    if items and name in _KEYS_FIRST:  # the fields checked against the keys later
        fields = _text_keys(text)
        _COLUMNS[(id(items), _KEYS)] = [fields]
    del given, text
    _release(raw, spans[name])
    setattr(doc, name, items)
    return _fields_of(items) if fields is None else fields


#: The lists whose fields are counted at first from their text's keys (the indicators: the
#: scanning helper waits for their codes), then by _fields_checked with the checks.
_KEYS_FIRST = frozenset({"indicators"})
_KEYS = ":keys"  # the _COLUMNS key of such a list's count of keys


def _text_keys(text: np.ndarray) -> int:
    """How many `":` a JSON text holds: each field of its objects ends with one (a key apart
    from its colon is refused by _key_colons; one within a string counts too, then the
    count of fields cannot match)."""
    total = 0
    pair = ord('"') | ord(":") << 8  # (as a little-endian 16-bit word)
    for at in range(0, len(text), _CHUNK):  # (_CHUNK is even)
        for start in (at, at + 1):  # the pairs at even, then at odd positions
            part = text[start : start + _CHUNK]
            total += int(np.count_nonzero(part[: len(part) // 2 * 2].view("<u2") == pair))
    return total


def _fields_checked(items: list[Any]) -> None:
    """A list whose fields were counted from its text's keys (_KEYS_FIRST) holds as many
    fields as keys: none given twice (the decoder keeps the last)."""
    keys = _COLUMNS.get((id(items), _KEYS))
    if keys is not None:
        _require(_fields_of(items) == keys[0])


def _checked_rest(raw: Any, doc: DocumentIn, data: np.ndarray, spans: dict[str, tuple[int, int]],
                  helper: _Helper | None, *, records: bool, reread: bool, indexed: bool,
                  joined: Callable[[], None] | None = None
                  ) -> tuple[model.PlanDocument, Columns, Columns, StructureColumns]:
    """_checked_document once the file is decoded (its lists as raw values), targets and
    realizations perhaps being scanned by a `helper`."""
    # a key given twice: msgspec keeps the last; the count of `":` tells (outside the targets
    # and realizations, which the scanner reads key by key, or counted when it cannot; by
    # the helper when there is one)
    colons = -_count_fields(doc)
    outside = [spans["targets"], spans["realizations"]]
    if helper is not None:  # the indicators first: the helper's scan waits for their codes
        _release(raw, (0, len(data)))  # decoded: its pages are read again list by list
        colons -= _decoded_list(raw, doc, spans, "indicators")
        helper.send_codes(_column(doc.indicators, "code"))
    else:
        colons += _key_colons(data, outside)
    _release(raw, (0, len(data)))  # checked: its pages are read again list by list
    for name, _, _ in _LISTS:
        if helper is None or name != "indicators":
            colons -= _decoded_list(raw, doc, spans, name)

    plan = doc.plan
    settings, structure, rhk_kinds = _checked_lists(doc)
    index, indicator_codes = structure.index, structure.indicator_codes
    n_obj = len(structure.objective_codes)
    ranged = structure.indicators["polarity"] == POLARITY_CODES["range"]
    if not records:  # the columns hold what a score needs: the records go before the bulk
        counts = {name: len(getattr(doc, name) or ()) for name, _, _ in _LISTS}
        for name, _, _ in _LISTS:
            setattr(doc, name, None)
        _COLUMNS.clear()
        # (no reference to the decoded codes may outlive this: they would keep the records'
        # memory, and the new codes would be scattered among it)
        del index, indicator_codes
        structure = _compacted(structure, indexed=indexed)
        index, indicator_codes = structure.index, structure.indicator_codes

    # targets and realizations: scanned into columns (by the helper, or here when it could
    # not), or read by the typed decoder when the scanner is not sure of them
    columns = []
    table: _Codes | None = None
    scans = helper.finish() if helper is not None else None
    if joined is not None:
        joined()
    if helper is not None:
        counted = scans.get("colons") if scans is not None else None
        colons += counted if isinstance(counted, int) else _key_colons(data, outside, raw)
    for name, decoder in (("targets", _TARGETS), ("realizations", _REALIZATIONS)):
        given = getattr(doc, name)
        setattr(doc, name, UNSET)  # the last reference to the file's bytes goes with it
        is_target = name == "targets"
        scan = scans.get(name) if scans is not None else None
        if _given(given) and scan is not None:
            if scan != "unsure":
                del given
                node, period_ids, value, *bounds = (
                    _shared_view(helper.arena, place) for place in scan["columns"])
                node += n_obj
                period_ids = period_ids.astype(np.int64, copy=False)  # (narrowed to bytes)
                extra = dict(zip(("low", "high"), bounds, strict=True)) if is_target else {}
                columns.append(_checked_columns(node, period_ids, scan["distinct"], plan,
                                                ranged, n_obj, value=value, **extra))
                continue
        elif _given(given):
            table = table or _Codes(indicator_codes)
            try:
                offset = spans[name][0]
                scanned = _scan_periodic(
                    np.frombuffer(given, np.uint8), is_target=is_target, codes=table,
                    n_obj=n_obj, release=lambda a, b, at=offset: _release(raw, (at + a, b - a)))
            except _Unsure:
                pass
            else:
                del given
                _release(raw, spans[name])
                columns.append(_scanned_columns(scanned, plan, ranged, n_obj,
                                                is_target=is_target))
                continue
        try:
            items = decoder.decode(given) if _given(given) else None
        except (msgspec.DecodeError, msgspec.ValidationError):
            raise _Unsure from None
        if _given(given):
            colons += _key_colons(np.frombuffer(given, np.uint8), [])
        del given
        _release(raw, spans[name])
        items = items or []
        colons -= _fields_of(items)
        if not index:  # (left to the end, the scanned columns being numbered)
            index = structure.index = _code_index(structure)
        columns.append(_period_columns(items, index, n_obj, plan, ranged,
                                       is_target=is_target))
        _forget(items)
        del items
    _require(colons == 0)
    target_columns, realization_columns = columns
    plan_of = model.Plan(plan.code, plan.name, plan.start_year, plan.end_year, settings)
    if not records:
        document = model.PlanDocument(plan_of)
        if reread:  # the lists decoded again when used (an import stores one at a time)
            for name, decoder, _ in _LISTS:
                setattr(document, name, Reread(counts[name], partial(
                    _reread, raw, spans[name], decoder, name)))
            document.rhk_kinds = rhk_kinds
        return document, target_columns, realization_columns, structure
    units, employees = doc.units or [], doc.employees or []
    objectives, indicators, links = doc.objectives, doc.indicators, doc.links or []
    for items, name, default, null_too in _defaults(units, employees, objectives, indicators,
                                                    links):
        _normalise(items, name, default, null_too=null_too)
    document = model.PlanDocument(
        plan=plan_of,
        # structs with the fields (and, now, the defaults) of the model's dataclasses
        units=units,  # type: ignore[arg-type]
        employees=employees,  # type: ignore[arg-type]
        objectives=objectives,  # type: ignore[arg-type]
        indicators=indicators,  # type: ignore[arg-type]
        links=links,  # type: ignore[arg-type]
        causal_links=doc.causal_links or [],  # type: ignore[arg-type]
        rhk_kinds=rhk_kinds,
    )
    return document, target_columns, realization_columns, structure


def _compacted(structure: StructureColumns, *, indexed: bool = True) -> StructureColumns:
    """The structure with its codes made anew, once the records are gone: the decoded codes
    lay among the records' other strings, and kept alive they would keep that memory from
    being given back (the allocator frees only wholly empty arenas). Without `indexed`, its
    code index is left empty."""
    n_obj = len(structure.objective_codes)
    joined = "\n".join([*structure.objective_codes, *structure.indicator_codes])
    structure.objective_codes = structure.indicator_codes = []
    structure.index = {}
    codes = joined.split("\n")  # (codes hold no line feed: their text rule)
    del joined
    structure.objective_codes, structure.indicator_codes = codes[:n_obj], codes[n_obj:]
    if indexed:
        structure.index = _code_index(structure)
    return structure


def _code_index(structure: StructureColumns) -> dict[str, int]:
    """The node number of each code of a structure."""
    codes = [*structure.objective_codes, *structure.indicator_codes]
    return dict(zip(codes, range(len(codes)), strict=True))


def _checked_lists(doc: DocumentIn
                   ) -> tuple[model.Settings, StructureColumns, dict[str, str]]:
    """The plan's settings, the compile's columns and the RHK kinds of a decoded document
    whose lists besides targets and realizations all pass their checks; _Unsure otherwise.
    (A function of its own: what the checks held is freed when it returns.)"""
    plan = doc.plan
    _texts([plan.code], "code")
    _texts([plan.name], "name")
    _require(1000 <= plan.start_year <= plan.end_year <= 9999)
    settings = _settings(doc)

    units = doc.units or []
    employees = doc.employees or []
    objectives, indicators = doc.objectives, doc.indicators
    links = doc.links or []
    causal = doc.causal_links or []
    for items in (units, employees, objectives, indicators, links, causal):
        _fields_checked(items)

    # units and employees
    unit_codes = _column(units, "code")
    _texts(unit_codes, "code", plain=_plain(units))
    _texts(_once(units, "name"), "name", plain=_plain(units))
    _unique(unit_codes)
    unit_set = set(unit_codes)
    unit_parents = _column(units, "parent")
    _refs(unit_parents, unit_set, nullable=True)
    _enum(_column(units, "kind"), model.UNIT_KINDS)
    _no_loop(unit_codes, unit_parents)
    nips = _column(employees, "nip")
    _texts(nips, "code", plain=_plain(employees))
    _require(all(map(model.NIP.fullmatch, nips)))
    _unique(nips)
    nip_set = set(nips)
    _texts(_once(employees, "name"), "name", plain=_plain(employees))
    _texts(_given_texts(_once(employees, "position")), "name", empty_ok=True,
           plain=_plain(employees))
    _refs(_once(employees, "unit"), unit_set, nullable=False)
    supervisors = _column(employees, "supervisor")
    _refs(supervisors, nip_set, nullable=True)
    _no_loop(nips, supervisors)

    # objectives and indicators: one namespace of codes
    objective_codes = _column(objectives, "code")
    indicator_codes = _column(indicators, "code")
    _texts(objective_codes, "code", plain=_plain(objectives))
    _texts(indicator_codes, "code", plain=_plain(indicators))
    n_obj = len(objective_codes)
    # the objectives' node numbers (every reference checked here is to an objective: an
    # indicator's code is unknown to it); the indicators' codes distinct, and none an
    # objective's (the whole code index is made once the codes are compacted, if needed)
    index = dict(zip(objective_codes, range(n_obj), strict=True))
    _require(len(index) == n_obj)
    distinct_indicators = set(indicator_codes)
    _require(len(distinct_indicators) == len(indicator_codes)
             and distinct_indicators.isdisjoint(index))
    del distinct_indicators
    _texts(_once(objectives, "name"), "name", plain=_plain(objectives))
    levels = _column(objectives, "level")
    _enum(levels, model.LEVELS)
    _require(levels.count("vision") == 1)
    _enum(_once(objectives, "perspective"), model.PERSPECTIVES, nullable=True)
    _refs(_once(objectives, "unit"), unit_set, nullable=True)
    _refs(_once(objectives, "owner"), nip_set, nullable=True)
    kinds = _column(objectives, "rhk_kind")
    _enum(kinds, model.RHK_KINDS, nullable=True)
    other_kinds = set(kinds) - {UNSET, None, "main"}
    rhk_kinds = {
        objective_codes[i]: kinds[i]
        for i in compress(range(len(kinds)), map(other_kinds.__contains__, kinds))
    }
    _require(all(levels[index[code]] == "individual" for code in rhk_kinds))

    _texts(_once(indicators, "name"), "name", plain=_plain(indicators))
    _texts(_given_texts(_once(indicators, "measure_unit")), "measure_unit", empty_ok=True,
           plain=_plain(indicators))
    parents_of_indicators = _once(indicators, "objective")
    polarity = _filled(_column(indicators, "polarity"), "positive")
    _enum(polarity, model.POLARITIES)
    _enum(_column(indicators, "aggregation"), model.AGGREGATIONS, nullable=True)
    _enum(_column(indicators, "negative_method"), model.NEGATIVE_METHODS, nullable=True)
    indicator_weight = _float_column(_once(indicators, "weight"), 1.0)
    caps = _optional_floats(_once(indicators, "cap"))
    given_caps = caps[~np.isnan(caps)]
    _require(bool(((given_caps >= 0) & (given_caps <= MAX_CAP)).all()))

    # links: objectives only, no pair twice, levels in order
    link_parents, link_children = _once(links, "parent"), _once(links, "child")
    link_weight = _float_column(_once(links, "weight"), 1.0)
    rank = _codes_of(levels, model.LEVEL_RANK)
    # references to objectives: node numbers below n_obj (-1: not a code); no set of codes
    lp = _objective_nodes(link_parents, index, n_obj)
    lc = _objective_nodes(link_children, index, n_obj)
    _require(_distinct(lp * n_obj + lc))
    individual = model.LEVEL_RANK["individual"]
    both_individual = (rank[lp] == individual) & (rank[lc] == individual)
    _require(bool(((rank[lc] > rank[lp]) | both_individual).all()))
    if both_individual.any():
        _require(_chain_depths(n_obj, lp[both_individual], lc[both_individual]) is not None)
    for cause, effect in zip(_column(causal, "cause"), _column(causal, "effect"), strict=True):
        _require(index.get(cause, n_obj) < n_obj and index.get(effect, n_obj) < n_obj)
    _require(len(set(zip(_column(causal, "cause"), _column(causal, "effect"), strict=True)))
             == len(causal))

    # weights: each 0 or in bounds; per parent not all zero and not too large a sum
    ip = _objective_nodes(parents_of_indicators, index, n_obj)
    weights = np.concatenate([link_weight, indicator_weight])
    _numbers(weights)
    _require(bool(((weights == 0) | ((weights >= MIN_WEIGHT) & (weights <= MAX_WEIGHT))).all()))
    parents = np.concatenate([lp, ip])
    total = np.bincount(parents, weights, minlength=n_obj)
    has_children = np.bincount(parents, minlength=n_obj) > 0
    _require(bool((total[has_children] > 0).all() and (total <= MAX_WEIGHT_SUM).all()))

    # (its code index left empty: made from the codes where it is needed)
    structure = _structure_columns(objective_codes, indicator_codes, {}, rank, settings,
                                   indicators, polarity, caps, ip, indicator_weight,
                                   (lp, lc, link_weight))
    return settings, structure, rhk_kinds


def _objective_nodes(codes: list[str], index: dict[str, int], n_obj: int) -> np.ndarray:
    """The node number of each code, which must be an objective's (numbered below `n_obj`)."""
    nodes = np.fromiter(map(index.get, codes, repeat(-1)), np.int64, count=len(codes))
    _require(bool(((nodes >= 0) & (nodes < n_obj)).all()))
    return nodes


def _defaults(units: list[Any], employees: list[Any], objectives: list[Any],
              indicators: list[Any], links: list[Any]) -> list[tuple[list[Any], str, Any, bool]]:
    """(items, field, default, null too) of every optional field (docs/file-format.md)."""
    return [
        (units, "parent", None, False), (units, "kind", "agency", True),
        (employees, "position", "", True), (employees, "supervisor", None, False),
        (objectives, "perspective", None, False), (objectives, "unit", None, False),
        (objectives, "owner", None, False), (objectives, "rhk_kind", "main", True),
        (indicators, "measure_unit", "", True), (indicators, "weight", 1.0, True),
        (indicators, "polarity", "positive", True), (indicators, "aggregation", "latest", True),
        (indicators, "negative_method", None, False), (indicators, "cap", None, False),
        (links, "weight", 1.0, True),
    ]


def _period_columns(items: list[Any], index: dict[str, int], n_obj: int, plan: PlanIn,
                    ranged: np.ndarray, *, is_target: bool) -> Columns:
    """Targets or realizations decoded as records, as columns after their checks."""
    n = len(items)
    refs = _column(items, "indicator")
    node = np.fromiter(map(index.get, refs, [-1] * n), np.int64, count=n)
    periods = _column(items, "period")
    period_ids, distinct = _interned(periods)
    if is_target:
        return _checked_columns(node, period_ids, distinct, plan, ranged, n_obj,
                                value=_optional_floats(_column(items, "value")),
                                low=_optional_floats(_column(items, "low")),
                                high=_optional_floats(_column(items, "high")))
    value = np.array(_column(items, "value"), dtype=float)
    statuses = _column(items, "status")
    _enum(statuses, model.REALIZATION_STATUSES, nullable=True)
    filled = _filled(statuses, "verified")
    status = None if set(filled) <= {"verified"} else filled
    checked = _checked_columns(node, period_ids, distinct, plan, ranged, n_obj, value=value)
    if status is not None:  # the engine selects the counted rows: it maps them itself
        return Columns(refs, periods, checked.value, checked.low, checked.high, status)
    return checked


def _scanned_columns(scanned: dict[str, np.ndarray], plan: PlanIn, ranged: np.ndarray,
                     n_obj: int, *, is_target: bool) -> Columns:
    """Columns of scanned targets or realizations (periods interned in order of first
    appearance), after their checks."""
    period_ids, distinct = _period_ids(scanned["period"])
    extra = {name: scanned[name] for name in ("low", "high")} if is_target else {}
    return _checked_columns(scanned["node"], period_ids, distinct, plan, ranged, n_obj,
                            value=scanned["value"], **extra)


def _period_ids(words: np.ndarray, empty: Callable[[int, Any], np.ndarray] = np.empty, *,
                narrow: bool = False) -> tuple[np.ndarray, list[str]]:
    """The id of each scanned period (its text as a word; ids in order of first appearance,
    in an array made by `empty(rows, dtype)`: of bytes, when `narrow` and few) and the
    distinct periods."""
    ordered = np.sort(words)
    keys = ordered[np.r_[True, ordered[1:] != ordered[:-1]]] if len(ordered) else ordered
    del ordered
    if len(keys) <= _FEW_PERIODS:  # a pass per period: no index arrays as large as the rows
        first = [int(np.argmax(words == key)) for key in keys]
        order = np.argsort(first, kind="stable")
        keys = keys[order]
        ids = empty(len(words), np.int8 if narrow else np.int64)
        for k, key in enumerate(keys):
            ids[words == key] = k
    else:
        keys, first_of, inverse = np.unique(words, return_index=True, return_inverse=True)
        order = np.argsort(first_of)
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order))
        keys = keys[order]
        ids = np.take(rank, inverse.ravel(), out=empty(len(words), np.int64))
    try:
        distinct = [key.tobytes().rstrip(b"\0").decode("utf-8") for key in keys]
    except UnicodeDecodeError:
        raise _Unsure from None
    return ids, distinct


def _checked_columns(node: np.ndarray, period_ids: np.ndarray, distinct: list[str],
                     plan: PlanIn, ranged: np.ndarray, n_obj: int, *, value: np.ndarray,
                     low: np.ndarray | None = None, high: np.ndarray | None = None) -> Columns:
    """Targets (with `low` and `high`) or realizations after their checks: references,
    periods, one row per indicator and period, the target's form and values."""
    _require(bool((node >= n_obj).all()))
    for text in distinct:
        _require(type(text) is str and is_period(text) and textrules.text_problem(text, "code")
                 is None)
        _require(plan.start_year <= parse_period(text).year <= plan.end_year)
    _require(_distinct((node - n_obj) * max(len(distinct), 1) + period_ids))
    if low is not None and high is not None:
        has_value, has_low, has_high = ~np.isnan(value), ~np.isnan(low), ~np.isnan(high)
        _require(bool((has_low == has_high).all() and (has_value != has_low).all()))
        ranged = ranged[node - n_obj]
        _require(bool((low[has_low] > 0).all() and (low[has_low] <= high[has_low]).all()))
        _require(bool((value[has_value & ranged] > 0).all()))
        _require(bool((value[has_value & ~ranged] >= 0).all()))
        return Columns([], [], value, low, high, None, node, period_ids, distinct)
    _numbers(value)
    nan = _nans(len(value))
    return Columns([], [], value, nan, nan, None, node, period_ids, distinct)


def _nans(count: int) -> np.ndarray:
    """`count` NaN as a read-only array that holds one value (the realizations' low and high:
    read, never written)."""
    return np.broadcast_to(np.float64(np.nan), (count,))


# ---------------------------------------------------------------------------- scanner
# Targets and realizations (most of a plan's bytes) are read straight into columns with numpy,
# without a Python object per row. msgspec has already checked that their text is valid JSON
# (it skips them as raw values); the scanner then needs only the positions of quotes and
# braces: a list of flat objects whose keys are the format's fields, each once, whose values
# are strings, plain decimal numbers or null. Anything else (an escape, a bracket, an exponent,
# more than 15 digits, a key apart from its colon...) raises _Unsure and the typed decoder
# reads the list.

_CHUNK = 1 << 22  # bytes compared at a time (bounds the temporary arrays)
_PAD = 32  # zero bytes after a group's text (a word may be read from each of its last bytes)
_PENDING_BYTES = 4 << 20  # codes read before their table is ready held at most (then waits)
_GROUP_BYTES = 1 << 21  # text scanned at a time (bounds the temporary arrays: the peak)
#: The fewest bytes of an object of the scanned lists (`{"indicator":"","period":"",...`).
_LEAST_OBJECT = 24
#: 1: JSON white space, 0: any other byte
_CLASS = np.zeros(256, dtype=np.uint8)
_CLASS[[9, 10, 13, 32]] = 1
_POWERS = 10.0 ** np.arange(23)
#: The low k bytes of a little-endian word, for k = 0..8.
_LOW = np.array([(1 << (8 * k)) - 1 for k in range(8)] + [(1 << 64) - 1], dtype=np.uint64)
_BITS = np.array([bin(k).count("1") for k in range(256)], dtype=np.int64)
#: Words of 8 equal bytes: 0x01, 0x7F, 0x80, "0", "."; and what added to a byte below 0x80
#: sets its bit 7 when it is "0" or above, ":" or above.
_ONES, _SEVENS, _HIGHS, _ZEROS, _POINTS, _FROM_0, _PAST_9 = (
    np.uint64(0x0101010101010101 * b) for b in (1, 0x7F, 0x80, 0x30, 0x2E, 0x50, 0x46))
_NUMBER_FIELDS = frozenset({"value", "low", "high"})
#: Up to this many distinct periods, their ids are found a period at a time.
_FEW_PERIODS = 64
#: Up to this many layouts of objects in a group, their keys are found layout by layout.
_LAYOUTS = 4


def _words(data: np.ndarray, start: np.ndarray, length: np.ndarray, count: int
           ) -> list[np.ndarray]:
    """`count` little-endian 8-byte words of each span (bytes past its length zeroed), as
    the k-th word of each span for each k; `data` must have 8 * count bytes of padding after
    its last span."""
    windows = _windows(data)
    return [windows[start] & _LOW[np.minimum(length, 8)]] + [
        windows[start + 8 * k] & _LOW[np.clip(length - 8 * k, 0, 8)] for k in range(1, count)]


def _windows(data: np.ndarray) -> np.ndarray:
    """The 8-byte word (native order) starting at each byte of `data` (a view: a gather of
    these is one 8-byte copy per word)."""
    return np.ndarray(shape=(len(data) - 7,), dtype=np.uint64, buffer=data, strides=(1,))


def _skip_space(data: np.ndarray, position: np.ndarray) -> np.ndarray:
    """Each position moved past white space."""
    position = position.copy()
    more = np.flatnonzero(_CLASS[data[position]])
    while len(more):
        position[more] += 1
        more = more[_CLASS[data[position[more]]] == 1]
    return position


def _numbers_at(data: np.ndarray, start: np.ndarray) -> np.ndarray:
    """The JSON number or null at each position as a float (NaN: null): plain decimals of at
    most 15 digits, converted exactly as a correct parser does (an integer below 2^53 divided
    by a power of ten ≤ 10^22: one correctly rounded operation). `data` must have 16 bytes of
    padding after its last number."""
    first = data[start]
    null = first == ord("n")
    _require(bool((((first >= ord("0")) & (first <= ord("9"))) | (first == ord("-"))
                   | null).all()))  # not a string, a boolean or an object
    if null.any():
        values = np.full(len(start), np.nan)
        numbers: Any = np.flatnonzero(~null)
        position = start[numbers]
    else:  # (no null: the usual)
        values, numbers, position = np.empty(len(start)), slice(None), start.copy()
    negative = data[position] == ord("-")
    position += negative
    # most numbers (digits and point) end within the 8 bytes from their first digit: each is
    # read as one word, its bytes compared at once (bit 7 of each byte: a flag)
    word = _windows(data)[position]
    low = word & _SEVENS
    digit = (low + _FROM_0) & ~(low + _PAST_9) & ~word & _HIGHS
    other = word ^ _POINTS  # (a zero byte: a point)
    point = ~(((other & _SEVENS) + _SEVENS) | other) & _HIGHS
    length = _bytes_before(~(digit | point) & _HIGHS)  # digits and point
    result = np.empty(len(position), dtype=np.float64)
    long = length == 8
    if long.any():  # the others digit by digit
        result[long] = _long_numbers(data, position[long])
        short: Any = np.flatnonzero(~long)
        word, length, point = word[short], length[short], point[short]
    else:
        short = slice(None)
    after = (word >> (length << np.uint64(3))) & np.uint64(0xFF)
    _require(not bool(((after | np.uint64(0x20)) == ord("e")).any()))  # an exponent
    dot = _bytes_before(point & _LOW[length])  # (8: none)
    has_dot = dot < length
    fraction = np.where(has_dot, length - dot - np.uint64(1), np.uint64(0))
    below = _LOW[dot]
    digits = (word & below) | ((word >> np.uint64(8)) & ~below)  # the point left out
    mantissa = _digits_value(digits, length - has_dot)
    result[short] = mantissa.astype(np.int64) / _POWERS[fraction]
    _require(not bool((negative & (result == 0)).any()))  # "-0": an integer zero elsewhere
    result[negative] = -result[negative]
    values[numbers] = result
    return values


def _bytes_before(flags: np.ndarray) -> np.ndarray:
    """The bytes of each word below its lowest flagged one (bit 7 set), 8 when none."""
    lowest = flags & (~flags + np.uint64(1))
    return (((lowest >> np.uint64(7)) - np.uint64(1)) & _ONES) * _ONES >> np.uint64(56)


def _digits_value(word: np.ndarray, count: np.ndarray) -> np.ndarray:
    """The integer that the first `count` (≤ 8) bytes of each word, decimal digits, write
    (SWAR: the digits moved to the top bytes after '0's, then summed by pairs, fours,
    eights)."""
    shift = (np.uint64(8) - count) << np.uint64(3)
    digits = ((word & _LOW[count]) << shift) | (_ZEROS & _LOW[8 - count])
    value = digits & np.uint64(0x0F0F0F0F0F0F0F0F)
    value = (value * np.uint64(10) + (value >> np.uint64(8))) & np.uint64(0x00FF00FF00FF00FF)
    value = (value * np.uint64(100) + (value >> np.uint64(16))) & np.uint64(0x0000FFFF0000FFFF)
    return (value * np.uint64(10000) + (value >> np.uint64(32))) & np.uint64(0xFFFFFFFF)


def _long_numbers(data: np.ndarray, position: np.ndarray) -> np.ndarray:
    """The plain decimal (sign read) at each position, digit by digit; _Unsure past 15
    digits or with an exponent."""
    mantissa = np.zeros(len(position), dtype=np.int64)
    fraction = np.zeros(len(position), dtype=np.int64)
    digits = np.zeros(len(position), dtype=np.int64)
    point = np.zeros(len(position), dtype=bool)
    active = np.arange(len(position))
    position = position.copy()
    while len(active):
        char = data[position[active]]
        digit = (char >= ord("0")) & (char <= ord("9"))
        dot = char == ord(".")
        _require(not bool(((char | 0x20) == ord("e")).any()))  # an exponent
        now = active[digit]
        mantissa[now] = mantissa[now] * 10 + (char[digit] - ord("0"))
        digits[now] += 1
        fraction[now] += point[now]
        point[active[dot]] = True
        active = active[digit | dot]
        position[active] += 1
    _require(bool((digits <= 15).all()))
    return mantissa / _POWERS[fraction]  # type: ignore[no-any-return]


class _Codes:
    """Codes for a lookup of many byte spans at once: a 64-bit hash of each in a table of
    open addressing (a probe per span, not a binary search), and the codes' bytes to confirm
    every match (no hash is trusted alone)."""

    def __init__(self, codes: list[str]):
        encoded = list(map(str.encode, codes)) or [b""]  # UTF-8
        self.lengths = np.fromiter(map(len, encoded), np.int64, count=len(encoded))
        self.count = -(-int(self.lengths.max()) // 8) or 1  # words per code
        #: the codes' k-th words, for k < count (an array each)
        self.words = list(np.array(encoded, dtype=f"S{8 * self.count}").view(np.uint64)
                          .reshape(-1, self.count).T.copy())
        self.hashes = _hashes(self.words)
        _require(_distinct(self.hashes))  # two codes of one hash (never seen): not sure
        # each code at the first free slot from its hash's (a quarter of the slots used)
        bits = max(4, (4 * len(encoded)).bit_length())
        size = 1 << bits
        self.shift = np.uint64(64 - bits)  # a slot: the top bits of a hash (the mixed ones)
        self.slots = np.full(size, -1, dtype=np.int64)
        position = np.arange(len(encoded))
        slot = (self.hashes >> self.shift).astype(np.int64)
        while len(position):
            free = self.slots[slot] < 0
            self.slots[slot[free]] = position[free]  # (of codes at one slot, one is kept)
            left = self.slots[slot] != position
            position, slot = position[left], (slot[left] + 1) & (size - 1)

    def find(self, data: np.ndarray, start: np.ndarray, length: np.ndarray) -> np.ndarray:
        """The position in `codes` of each span's text; _Unsure when one is not a code."""
        return self.lookup(_words(data, start, length, self.count), length)

    def ready(self) -> bool:
        """Always (see _LateCodes)."""
        return True

    def lookup(self, words: list[np.ndarray], length: np.ndarray) -> np.ndarray:
        """As find, given the spans' words (from _words, however many)."""
        _require(bool((length <= 8 * self.count).all()))  # (words past `count`: zero)
        rows = len(length)
        words = words[: self.count] + [np.zeros(rows, np.uint64)] * (self.count - len(words))
        # rows of one indicator often follow each other: each run of equal spans is looked
        # up once
        runs = _runs(words, length)
        if runs is not None:
            words, length = [word[runs] for word in words], length[runs]
        hashes = _hashes(words)
        slot = (hashes >> self.shift).astype(np.int64)
        position = self.slots[slot]
        _require(bool((position >= 0).all()))  # an empty slot: no code of that hash
        todo = np.flatnonzero(self.hashes[position] != hashes)
        while len(todo):  # probe on while the slot holds another code's hash
            slot[todo] = (slot[todo] + 1) & (len(self.slots) - 1)
            held = self.slots[slot[todo]]
            _require(bool((held >= 0).all()))
            hit = self.hashes[held] == hashes[todo]
            position[todo[hit]] = held[hit]
            todo = todo[~hit]
        _require(bool((self.lengths[position] == length).all()
                      and all((mine[position] == word).all()
                              for mine, word in zip(self.words, words, strict=True))))
        if runs is not None:
            position = np.repeat(position, np.diff(np.r_[runs, rows]))
        return position


_MULTIPLIERS = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9,
                         0xD6E8FEB86659FD93], dtype=np.uint64)


def _hashes(words: list[np.ndarray]) -> np.ndarray:
    """A 64-bit hash of each row of words (`words`: the k-th word of each row, for each k)."""
    hashes = np.zeros(len(words[0]), dtype=np.uint64)
    for k, word in enumerate(words):
        mixed = word * (_MULTIPLIERS[k % len(_MULTIPLIERS)] + np.uint64(2 * k))
        hashes ^= mixed ^ (mixed >> np.uint64(29))
    return hashes


def _scan_periodic(segment: np.ndarray, *, is_target: bool, codes: _Codes | _LateCodes,
                   n_obj: int,
                   release: Callable[[int, int], None] = lambda start, stop: None,
                   empty: Callable[[int, Any], np.ndarray] = np.empty,
                   bytes_at_a_time: int = _GROUP_BYTES, pending: list[_Lookup] | None = None
                   ) -> dict[str, np.ndarray]:
    """Targets or realizations (`segment`: the list's JSON text, valid) as columns: node,
    period (its text as a little-endian word), value, low, high; _Unsure when not plain.
    `release(start, stop)` is told of each part of the segment once it has been read;
    `empty(rows, dtype)` makes the node and number columns (for more rows than there are:
    only their first pages are written); the objects of about `bytes_at_a_time` bytes are
    read at a time. Given a `pending` list (and no `n_obj`), the indicators' codes read
    while `codes` is not ready are left there for the caller to look up (_resolve);
    otherwise they are looked up at the end."""
    own = [] if pending is None else pending
    fields = ("indicator", "period", "value", "low", "high") if is_target else (
        "indicator", "period", "value", "status")
    n = len(segment)
    _require(n >= 2 and segment[0] == ord("[") and segment[-1] == ord("]"))
    most = (n - 2) // _LEAST_OBJECT + 1  # (no more objects than that fit in the text)
    columns = {"indicator": empty(most, np.int64),
               "period": np.empty(most, dtype=np.uint64),
               **{name: empty(most, np.float64) for name in fields if name in _NUMBER_FIELDS}}
    rows = keys = brackets = commas = 0
    start = _object_start(segment, 1)
    # before the first object (or in a list without one), white space only
    _require(not bool((_CLASS[segment[1:start]] == 0).any()))
    while start < n - 1:
        # a group: from an object's `{` to the first `{` after bytes_at_a_time bytes (the
        # text before a `{` of a string holds an odd number of quotes: not sure)
        stop = _object_start(segment, start + bytes_at_a_time)
        # padded: a word may be read past the last byte
        chunk = np.concatenate([segment[start:stop], np.zeros(_PAD, np.uint8)])
        text = chunk[: stop - start]
        brackets += int(np.count_nonzero((text - ord("[")) <= 2))  # `[`, `\`, `]`
        commas += int(np.count_nonzero(text == ord(",")))
        opens = np.flatnonzero(text == ord("{"))
        _require(rows + len(opens) <= most)
        part_of = {name: column[rows : rows + len(opens)] for name, column in columns.items()}
        for name in _NUMBER_FIELDS.intersection(fields):
            part_of[name].fill(np.nan)
        keys += _scan_rows(chunk, stop - start, opens, fields, fields[: 2 if is_target else 3],
                           part_of, codes, own)
        rows += len(opens)
        del chunk, text
        release(start, stop)
        start = stop
    _require(brackets == 0)  # (the list's own are outside): nothing nested, no escape
    # every comma separates two keys of an object or two objects: none in a string, no
    # element that is not an object
    _require(commas == max(keys - 1, 0))
    columns = {name: column[:rows] for name, column in columns.items()}
    columns["node"] = columns.pop("indicator")
    if pending is None:
        _resolve(own, codes)
    _require(n_obj == 0 or not own)
    columns["node"] += n_obj
    return columns


def _object_start(segment: np.ndarray, at: int) -> int:
    """The place of the first `{` at or after `at` in a list's text (of its `]` when none)."""
    end = len(segment) - 1
    while at < end:
        window = segment[at : min(at + 4096, end)]
        found = np.flatnonzero(window == ord("{"))
        if len(found):
            return at + int(found[0])
        at += len(window)
    return end


def _runs(words: list[np.ndarray], length: np.ndarray) -> np.ndarray | None:
    """Where each run of equal spans (words and length) starts, when there are runs enough
    (a quarter fewer runs than spans); None otherwise."""
    if len(length) < 2:
        return None
    new = length[1:] != length[:-1]
    for word in words:
        new |= word[1:] != word[:-1]
    runs = np.flatnonzero(np.r_[True, new])
    return runs if len(runs) < len(length) * 3 // 4 else None


class _Lookup(NamedTuple):
    """Indicators' codes read before their table was ready: their words and lengths (each
    run of equal ones once, `repeats` times), and the rows of the node column they go
    to."""

    column: np.ndarray
    rows: Any
    words: list[np.ndarray]
    length: np.ndarray
    repeats: np.ndarray | None

    @classmethod
    def of(cls, column: np.ndarray, rows: Any, words: list[np.ndarray], length: np.ndarray
           ) -> _Lookup:
        runs = _runs(words, length)
        repeats = None
        if runs is not None:
            repeats = np.diff(np.r_[runs, len(length)]).astype(np.int32)
            words, length = [word[runs] for word in words], length[runs]
        if isinstance(rows, np.ndarray):
            rows = rows.astype(np.int32)  # (fewer bytes held)
        return cls(column, rows, words, length.astype(np.int32), repeats)

    @property
    def nbytes(self) -> int:
        held = [*self.words, self.length, self.rows, self.repeats]
        return sum(part.nbytes for part in held if isinstance(part, np.ndarray))


def _resolve(pending: list[_Lookup], codes: _Codes | _LateCodes) -> None:
    """Look up the pending codes (waiting for their table), in their columns."""
    while pending:
        lookup = pending.pop(0)
        position = codes.lookup(lookup.words, lookup.length)
        if lookup.repeats is not None:
            position = np.repeat(position, lookup.repeats)
        lookup.column[lookup.rows] = position


def _scan_rows(chunk: np.ndarray, length: int, row_start: np.ndarray, fields: Sequence[str],
               required: Sequence[str], out: dict[str, np.ndarray], codes: _Codes | _LateCodes,
               pending: list[_Lookup]) -> int:
    """Scan the objects starting at `row_start` into `out` (per field, one value per row:
    numbers NaN where absent; the indicators' codes left in `pending` while `codes` is not
    ready); the number of keys given."""
    quotes = np.flatnonzero(chunk[:length] == ord('"'))
    _require(len(quotes) % 2 == 0)  # (no escapes) every string is a pair of quotes
    opening, closing = quotes[0::2], quotes[1::2]
    is_key = chunk[closing + 1] == ord(":")
    rows = len(row_start)
    keys, located = (_same_keys(chunk, opening, closing, is_key, row_start, fields)
                     or _keys_of_rows(chunk, quotes, is_key, row_start, fields))
    given = np.zeros(len(fields), dtype=np.int64)
    for f, _, key_close, _ in located:
        given[f] += len(key_close)
    _require(all(given[fields.index(name)] == rows for name in required))
    for f, where, key_close, text in located:
        name = fields[f]
        if not len(key_close):
            continue
        starts = _skip_space(chunk, key_close + 2)
        if name in _NUMBER_FIELDS:
            out[name][where] = _numbers_at(chunk, starts)
            continue
        if name == "status":  # null only (verified); a status given: the typed decoder
            _require(bool((chunk[starts] == ord("n")).all()))
            continue
        _require(bool((chunk[starts] == ord('"')).all()) and text is not None)  # a string
        text_open, text_close = text()
        _require(bool((text_open == starts).all()))
        begin, span = text_open + 1, text_close - text_open - 1
        if name == "indicator":
            # (words only as long as the longest: read at most 8 bytes past a string's end)
            words = _words(chunk, begin, span, max(-(-int(span.max()) // 8), 1))
            if codes.ready() or sum(lookup.nbytes for lookup in pending) > _PENDING_BYTES:
                _resolve(pending, codes)  # (past that many bytes held: waits for the codes)
                out[name][where] = codes.lookup(words, span)
            else:
                pending.append(_Lookup.of(out[name], where, words, span))
        else:
            _require(bool((span <= 7).all()))  # YYYY, YYYY-Qn, YYYY-MM
            out[name][where] = _words(chunk, begin, span, 1)[0]
    return keys


#: Where a field's keys were found: its number, the rows that give it, where each of its
#: keys ends, and (a function giving) where the string after each key begins and ends.
_Located = tuple[int, Any, np.ndarray, Callable[[], tuple[np.ndarray, np.ndarray]] | None]


def _same_keys(chunk: np.ndarray, opening: np.ndarray, closing: np.ndarray, is_key: np.ndarray,
               row_start: np.ndarray, fields: Sequence[str]
               ) -> tuple[int, list[_Located]] | None:
    """The keys of objects of a few layouts (a layout: as many strings, the same keys in the
    same order; a file written by a program has one or two), each layout's field found as a
    column; None when there are more or they are not plain (then _keys_of_rows)."""
    rows = len(row_start)
    if not rows or not len(opening):
        return None
    first = np.searchsorted(opening, row_start)  # each object's first string
    # each `{` outside strings: after the string before it
    if first[0] != 0 or not bool((closing[first[1:] - 1] < row_start[1:]).all()):
        return None
    strings = np.diff(np.r_[first, len(opening)])
    layouts = np.flatnonzero(np.bincount(strings, minlength=1)).tolist()
    if len(layouts) > _LAYOUTS or layouts[0] == 0:
        return None
    located: list[_Located] = []
    keys = 0
    for count in layouts:
        mine = np.flatnonzero(strings == count) if len(layouts) > 1 else slice(None)
        base = first[mine]
        pattern = is_key[base[0] : base[0] + count]
        if not pattern[0] or not all(bool((is_key[base + k] == pattern[k]).all())
                                     for k in range(1, count)):
            return None
        seen: set[int] = set()
        for column in np.flatnonzero(pattern).tolist():
            key_open, key_close = opening[base + column], closing[base + column]
            name = chunk[key_open[0] + 1 : key_close[0]].tobytes()
            f = next((f for f, field in enumerate(fields) if field.encode() == name), None)
            if f is None or f in seen or not bool((key_close - key_open - 1 == len(name)).all()):
                return None  # an unknown key, or one twice
            seen.add(f)
            for at in range(0, len(name), 8):  # every row's key: that name
                part = name[at : at + 8]
                expected = np.frombuffer(part.ljust(8, b"\0"), dtype=np.uint64)[0]
                if not bool(((_windows(chunk)[key_open + 1 + at] & _LOW[len(part)])
                             == expected).all()):
                    return None
            text = None
            if column + 1 < count:
                text = partial(lambda at: (opening[at], closing[at]), base + column + 1)
            located.append((f, mine, key_close, text))
        keys += len(seen) * len(base)
    return keys, located


def _keys_of_rows(chunk: np.ndarray, quotes: np.ndarray, is_key: np.ndarray,
                  row_start: np.ndarray, fields: Sequence[str]) -> tuple[int, list[_Located]]:
    """The keys of the objects starting at `row_start`, any of them (each field's keys and
    their rows); _Unsure when they are not the flat objects of the format."""
    # each `{` outside strings: an object's start, not a character of a code
    _require(not bool((np.searchsorted(quotes, row_start) & 1).any()))
    opening, closing = quotes[0::2], quotes[1::2]
    key_index = np.flatnonzero(is_key)
    _require(len(key_index) > 0)
    key_open, key_close = opening[key_index], closing[key_index]
    rows = len(row_start)
    first_key = np.searchsorted(key_open, row_start)  # keys are in the order of their objects
    count = np.diff(np.r_[first_key, len(key_open)])
    _require(bool((count > 0).all()))
    row = np.repeat(np.arange(rows), count)
    size = key_close - key_open - 1
    head = _windows(chunk)[key_open + 1]  # a key's first 8 bytes and more
    field = np.full(len(key_index), -1, dtype=np.int64)
    for f, name in enumerate(fields):
        encoded = name.encode()
        candidates = np.flatnonzero(size == len(encoded))
        expected = np.frombuffer(encoded[:8].ljust(8, b"\0"), dtype=np.uint64)[0]
        same = (head[candidates] & _LOW[min(len(encoded), 8)]) == expected
        for k in range(8, len(encoded)):  # the rest of a longer name, byte by byte
            same &= chunk[key_open[candidates] + 1 + k] == encoded[k]
        field[candidates[same]] = f
    _require(bool((field >= 0).all()))  # an unknown field
    # no key twice in an object: the fields' bits or-ed per object, one bit per key
    bits = np.bitwise_or.reduceat(np.left_shift(1, field), first_key)
    _require(bool((_BITS[bits] == count).all()))
    located: list[_Located] = []
    for f in range(len(fields)):
        mine = np.flatnonzero(field == f)
        text = key_index[mine] + 1
        located.append((f, row[mine], key_close[mine],
                        lambda text=text: (opening[text], closing[text])))
    return len(key_index), located


# ---------------------------------------------------------------------------- helpers
# A large file's targets and realizations are scanned by a forked process while this one
# decodes and checks the other lists (the machine's second core). It is forked before the
# file is decoded, the lists found by a guess (_guessed_spans) that the decode then confirms
# (or a helper is forked anew where they are): the decode and the scan overlap. The columns
# come back through an anonymous shared mapping made before the fork, a short JSON answer
# through a pipe. (The compiled snapshot is written by a thread while the score is written
# out: a forked writer would have its pages copied as this process writes.) Any failure of
# a helper (no fork, a crash, an exception) leaves the work to this process: the results
# are the same either way.

#: Targets and realizations of at least this many bytes are scanned by a forked helper, in
#: files of at most FORK_MAX_BYTES: the helper's memory comes on top of this process's peak
#: (about 80 MB for the province's 132 MB file; at national scale, 1 GB, the peak is the
#: goal that binds: there the work stays in this process).
FORK_BYTES = 8 << 20
FORK_MAX_BYTES = 512 << 20
#: Text the helper scans at a time (less than here: its memory is counted on top of this
#: process's peak, which comes while it scans).
_HELPER_GROUP_BYTES = 1 << 20
#: Memory (MB) the finished helpers of this process used beyond what they shared with it at
#: the fork (each one's peak, summed): what a figure of this process's peak must add.
_HELPER_MB = [0.0]


def helpers_peak_mb() -> float:
    """The memory the forked helpers of this process added to its own, in MB (their peaks
    beyond what they shared with it when forked, summed)."""
    return _HELPER_MB[0]


def _can_fork() -> bool:
    """Whether a helper may be forked: a platform with fork, a process of one thread."""
    return hasattr(os, "fork") and threading.active_count() == 1


def _helper_extra_kb(shared: int) -> int:
    """The memory (kB) a helper used beyond what it shared with its parent when forked (it
    held `shared` then): the peak of what it has mapped since, and the pages that became its
    own while both mapped them (each one copied when either process wrote to it; the
    high-water mark does not see those)."""
    grown = _status_kb("VmHWM:") - shared
    private = 0
    with contextlib.suppress(OSError, ValueError), open("/proc/self/smaps_rollup",
                                                        encoding="ascii") as rollup:
        private = sum(int(line.split()[1]) for line in rollup
                      if line.startswith(("Private_Clean:", "Private_Dirty:")))
    copied = private - (_status_kb("VmRSS:") - shared)  # (its own new pages are in `grown`)
    return grown + max(copied, 0)


def _status_kb(field: str) -> int:
    """A memory figure of this process from /proc/self/status, in kB (0 where none)."""
    with contextlib.suppress(OSError, StopIteration, ValueError), open(
            "/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(field))
    return 0


class _Helper:
    """A forked helper process: its id, the reading end of its pipe, the shared mapping its
    columns are written to."""

    def __init__(self, pid: int, reader: int, arena: mmap.mmap | None = None,
                 sender: int | None = None):
        self.pid, self.reader, self.arena, self.sender = pid, reader, arena, sender
        self.answer: dict[str, Any] | None = None
        self.done = False
        #: the (start, length) spans of the targets and realizations it scans (a scanner's)
        self.spans: tuple[tuple[int, int], ...] = ()

    def send_codes(self, codes: list[str]) -> None:
        """Give the scanning helper the indicators' codes: at the start of its arena, their
        length through its pipe (-1: they do not fit; it then fails)."""
        if self.sender is None or self.arena is None:
            return
        data = "\n".join(codes).encode("utf-8")
        length = len(data) if 8 + len(data) <= _codes_room(self.arena) else -1
        if length >= 0:
            self.arena[8 : 8 + length] = data
        with contextlib.suppress(OSError):
            os.write(self.sender, struct.pack("<q", length))
        self._close_sender()

    def _close_sender(self) -> None:
        if self.sender is not None:
            os.close(self.sender)
            self.sender = None

    def finish(self) -> dict[str, Any] | None:
        """Its answer once it has exited; None when it failed."""
        if self.done:
            return self.answer
        self.done = True
        self._close_sender()
        parts = []
        with contextlib.suppress(OSError):
            while part := os.read(self.reader, 1 << 16):
                parts.append(part)
        os.close(self.reader)
        _, status = os.waitpid(self.pid, 0)
        if status != 0 or not parts:
            return None
        try:
            answer = json.loads(b"".join(parts))
        except ValueError:
            return None
        _HELPER_MB[0] += max(answer.pop("extra_kb", 0), 0) / 1024
        self.answer = answer
        return answer

    def stop(self) -> None:
        """End it if it still runs (its work is not needed) and wait for it."""
        if not self.done:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
            self.finish()


def _forked(work: Callable[[], dict[str, Any]], arena: mmap.mmap | None = None,
            pipe: tuple[int, int] | None = None) -> _Helper | None:
    """Run `work` in a forked process whose answer (JSON) comes back through a pipe; None
    when no process can be forked (the caller does the work). The reading end of `pipe` is
    the helper's, its writing end the caller's (the helper's _Helper.sender)."""
    if not _can_fork():
        return None
    reader, writer = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        for end in (reader, writer, *(pipe or ())):
            os.close(end)
        return None
    if pid == 0:  # the helper: never returns (nor runs the parent's exit handlers)
        code = 1
        try:
            os.close(reader)
            if pipe is not None:
                os.close(pipe[1])
            # its peak so far: the parent's (Linux); reset to what it holds now
            with contextlib.suppress(OSError), open("/proc/self/clear_refs", "w",
                                                    encoding="ascii") as refs:
                refs.write("5")
            shared = _status_kb("VmRSS:")
            answer = work()
            answer["extra_kb"] = _helper_extra_kb(shared)
            with os.fdopen(writer, "wb") as out:
                out.write(json.dumps(answer).encode("utf-8"))
            code = 0
        finally:
            os._exit(code)
    os.close(writer)
    if pipe is not None:
        os.close(pipe[0])
    return _Helper(pid, reader, arena, pipe[1] if pipe is not None else None)


def _scan_helper(raw: Any, spans: dict[str, tuple[int, int]]) -> _Helper | None:
    """A helper scanning the targets and realizations at `spans` of the file's bytes, when
    they are large enough; its answer per list: "unsure" (the list is left to the typed
    decoder), or the places in its arena of the node (without the objectives' offset),
    period id, value (low, high) columns and the distinct periods; and "colons", the count
    of `":` in the rest of the file (_key_colons; absent when not sure). Without the
    indicators' span (spans guessed before the decode), room is kept for codes as long as
    the rest of the file."""
    scanned = _scanned_spans(spans)
    lengths = [length for _, length in scanned]
    indicators = spans.get("indicators", (0, len(raw) - sum(lengths)))[1]
    if sum(lengths) < FORK_BYTES or indicators <= 0:
        return None
    # first the indicators' codes (never longer than their list's text), then the columns:
    # at most one row per 24 bytes (an object holds more); pages are used only as written
    room = 8 + (indicators + 7) // 8 * 8
    size = room + sum(8 * 6 * (length // 24 + 1) for length in lengths) + 4096
    try:
        arena = mmap.mmap(-1, size)
    except (OSError, ValueError):
        return None
    arena[:8] = struct.pack("<q", room)
    pipe = os.pipe()
    helper = _forked(partial(_scan_in_helper, raw, spans, arena, pipe[0]), arena, pipe)
    if helper is not None:
        helper.spans = scanned
    return helper


def _scanned_spans(spans: dict[str, tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """The (start, length) spans of the targets and realizations."""
    return spans["targets"], spans["realizations"]


#: How many of the file's last `[` are tried as a scanned list's start by _guessed_spans.
_GUESSES = 8


def _guessed_spans(raw: Any) -> dict[str, tuple[int, int]]:
    """Where the targets and realizations lists probably are in a plan's bytes, found without
    decoding them: among the file's last few `[` (a scanned list holds none, and they come
    last as the format writes them), the ones after a `"targets":` (or `"realizations":`),
    each up to the last `]` before the next `[`; (0, 0) when not found. A guess (single
    bytes found at memory speed): the decode tells where they are."""
    keys = {name: f'"{name}"'.encode("ascii") for name in ("targets", "realizations")}
    spans = dict.fromkeys(keys, (0, 0))
    end = len(raw)
    for _ in range(_GUESSES):
        start = raw.rfind(b"[", 0, end)
        if start < 0:
            break
        colon = _before_space(raw, start - 1)
        last = _before_space(raw, colon - 1) + 1  # (just past the key's closing quote)
        for name, key in keys.items():
            if (spans[name] == (0, 0) and colon >= 0 and raw[colon] == ord(":")
                    and raw[max(last - len(key), 0) : last] == key):
                # up to the last `]` before the next list (found before it: at `end`)
                stop = raw.rfind(b"]", start, end)
                spans[name] = (start, stop + 1 - start) if stop > 0 else (0, 0)
        end = start
    return spans


def _before_space(raw: Any, at: int) -> int:
    """The place of the last byte at or before `at` that is not JSON white space (-1: none)."""
    while at >= 0 and raw[at] in b" \t\n\r":
        at -= 1
    return at


def _codes_room(arena: mmap.mmap) -> int:
    """The bytes at the start of a scanning helper's arena kept for the codes (their first
    8 bytes: this number)."""
    return int(struct.unpack_from("<q", arena)[0])


class _LateCodes:
    """The indicators' codes, as a _Codes made when first used from what `receive` gives
    (in the helper: what its parent sends once it has decoded them); ready once `sent()`
    tells they can be received without a wait."""

    def __init__(self, receive: Callable[[], list[str]], sent: Callable[[], bool]):
        self._receive, self._sent = receive, sent
        self._table: _Codes | None = None

    def ready(self) -> bool:
        return self._table is not None or self._sent()

    def __getattr__(self, name: str) -> Any:
        if self._table is None:
            self._table = _Codes(self._receive())
        return getattr(self._table, name)


def _scan_in_helper(raw: Any, spans: dict[str, tuple[int, int]], arena: mmap.mmap,
                    reader: int) -> dict[str, Any]:
    """What the scanning helper does (see _scan_helper)."""

    def receive() -> list[str]:
        head = os.read(reader, 8)
        length = struct.unpack("<q", head)[0] if len(head) == 8 else -1
        if length < 0:
            raise ValueError("no codes")  # the helper fails: its parent scans
        text = arena[8 : 8 + length].decode("utf-8")
        return text.split("\n") if text else []

    codes = _LateCodes(receive, lambda: bool(select.select([reader], [], [], 0)[0]))
    base = np.frombuffer(arena, np.uint8)
    used = [_codes_room(arena)]

    def empty(rows: int, dtype: Any) -> np.ndarray:
        size = rows * np.dtype(dtype).itemsize
        _require(used[0] + size <= len(arena))
        array = np.ndarray((rows,), dtype, buffer=arena, offset=used[0])
        used[0] += -(-size // 8) * 8
        return array

    def place(array: np.ndarray) -> list[Any]:
        return [array.ctypes.data - base.ctypes.data, len(array), array.dtype.str]

    answer: dict[str, Any] = {}
    # first what needs no codes (they come once the parent has decoded the indicators): the
    # count of keys in the rest of the file, then the lists, their codes looked up as soon
    # as they come
    data = np.frombuffer(raw, np.uint8)
    with contextlib.suppress(_Unsure):  # (the parent then counts, and fails)
        answer["colons"] = _key_colons(data, [spans["targets"], spans["realizations"]], raw)
    pending: dict[str, list[_Lookup]] = {}
    for name in ("targets", "realizations"):
        start, length = spans[name]
        if length <= 0:
            continue
        is_target = name == "targets"
        try:
            pending[name] = []
            scanned = _scan_periodic(
                data[start : start + length], is_target=is_target, codes=codes, n_obj=0,
                release=lambda a, b, at=start: _release(raw, (at + a, b - a)), empty=empty,
                bytes_at_a_time=_HELPER_GROUP_BYTES, pending=pending[name])
            period_ids, distinct = _period_ids(scanned["period"], empty, narrow=True)
        except _Unsure:
            answer[name] = "unsure"
            continue
        columns = [scanned["node"], period_ids, scanned["value"]]
        if is_target:
            columns += [scanned["low"], scanned["high"]]
        answer[name] = {"columns": [place(column) for column in columns], "distinct": distinct}
        del scanned, columns, period_ids  # (a lower peak of memory while the next is scanned)
    for name, lookups in pending.items():
        if answer[name] == "unsure":
            continue
        try:
            _resolve(lookups, codes)
        except _Unsure:
            answer[name] = "unsure"
    return answer


def _shared_view(arena: mmap.mmap | None, place: list[Any]) -> np.ndarray:
    """A column a helper wrote to the shared mapping, at its place (offset, rows, dtype)."""
    offset, rows, dtype = place
    return np.ndarray((rows,), np.dtype(dtype), buffer=arena, offset=offset)


# ---------------------------------------------------------------------------- snapshot


def snapshot_folder() -> Path:
    """Where compiled snapshots live: ``$XDG_CACHE_HOME/ekinerja/snapshots``."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "ekinerja" / "snapshots"


_HASHED = 1 << 22  # bytes hashed at a time (a part at a time in memory: the thread hashes
# beside the compile, when this process holds the most)


def file_key(raw: bytes | mmap.mmap, *, release: bool = True) -> str:
    """The snapshot key of a file's content (SHA-1: the fastest hash here, with CPU support;
    a cache key, not a security boundary)."""
    digest = hashlib.sha1(usedforsecurity=False)
    view = memoryview(raw)
    for start in range(0, len(view), _HASHED):  # each part's pages let go once hashed
        digest.update(view[start : start + _HASHED])
        if release:
            _release(raw, (start, min(_HASHED, len(view) - start)))
    view.release()
    digest.update(f"ekinerja-snapshot-{SNAPSHOT_VERSION}".encode())
    return digest.hexdigest()


def _stat_note(path: Path) -> Path:
    """Where the content key of a file, as last seen (path, size, modification time), is noted:
    an unchanged file is not even read again."""
    info = path.stat()
    text = f"{path.resolve()}|{info.st_size}|{info.st_mtime_ns}|{SNAPSHOT_VERSION}"
    name = hashlib.sha1(text.encode("utf-8", "surrogateescape"), usedforsecurity=False)
    return snapshot_folder() / f"{name.hexdigest()}.key"


_ARRAYS = ("layer_of", "polarity", "method", "cap", "aggregation", "e_parent", "e_child",
           "e_weight", "_band_bounds", "_child_ptr", "_by_parent", "_by_child", "_parent_ptr",
           "n_children")
_LAYER_FIELDS = ("edges", "parents", "parent_inv", "children", "child_inv")


def _joined(texts: list[str]) -> np.ndarray:
    """Texts without a line feed (codes, periods) as one UTF-8 byte array."""
    return np.frombuffer("\n".join(texts).encode("utf-8"), dtype=np.uint8)


def _split(data: np.ndarray) -> list[str]:
    text = data.tobytes().decode("utf-8")
    return text.split("\n") if text else []


def _line_of(data: np.ndarray, text: str | None) -> int:
    """The number of the line of `data` (UTF-8 lines, as _joined makes) that is `text` (-1 for
    None); ValueError when none is."""
    if text is None:
        return -1
    lines = b"\n" + data.tobytes() + b"\n"
    found = lines.find(b"\n" + text.encode("utf-8") + b"\n")
    if found < 0:
        raise ValueError(f"no line {text!r}")
    return lines.count(b"\n", 0, found)


def save_snapshot(engine: Engine, path: Path) -> bool:
    """Write the compiled engine (arrays, codes, settings) to `path`; False when this engine
    holds what a snapshot does not (realizations not all verified)."""
    if engine._all_realizations is not None:
        return False
    plan = engine.doc.plan
    meta = {
        "plan": [plan.code, plan.name, plan.start_year, plan.end_year],
        "floor": engine.floor, "cap": engine.default_cap, "missing": engine.missing,
        "count": engine.count, "bands": engine.bands,
        "negative_method": plan.settings.negative_method,
        "n_objectives": engine.n_objectives, "root": engine.root,
        "layers": len(engine.layers),
    }
    arrays: dict[str, np.ndarray] = {name: getattr(engine, name) for name in _ARRAYS}
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8)
    arrays["codes"] = _joined(engine.codes)
    for k, layer in enumerate(engine.layers):
        for name in _LAYER_FIELDS:
            arrays[f"layer{k}_{name}"] = getattr(layer, name)
    for kind, grouped in (("t", engine._targets), ("r", engine._realizations)):
        periods = list(grouped)
        arrays[f"{kind}_periods"] = _joined(periods)
        for k, period in enumerate(periods):  # one array per period and part: no copy
            for part, values in enumerate(grouped[period]):
                arrays[f"{kind}{k}_{part}"] = values
    path.parent.mkdir(parents=True, exist_ok=True)
    # (a name of its own, not tempfile's: its imports would cost a first run about 10 ms)
    tmp = path.parent / f"tmp{os.getpid()}-{os.urandom(6).hex()}.npz"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    with open(os.open(tmp, flags, 0o600), "wb") as file:
        _write_aligned_npz(file, arrays)
    os.replace(tmp, path)
    _prune(path.parent)
    return True


def _prune(folder: Path) -> None:
    for pattern, kept in (("*.npz", SNAPSHOTS_KEPT), ("*.key", 4 * SNAPSHOTS_KEPT)):
        files = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[kept:]:
            old.unlink(missing_ok=True)


_ALIGN = 64  # each array's data starts at a multiple of this in the file (memory-mapped)


def _write_aligned_npz(file: BinaryIO, arrays: dict[str, np.ndarray]) -> None:
    """An uncompressed ``.npz`` (np.load reads it) whose arrays' data are aligned in the file, so
    they can be used straight from a memory map (the padding is a zip extra field)."""
    import zipfile  # (here: a score that neither writes nor reads a snapshot needs none)

    with zipfile.ZipFile(file, "w", zipfile.ZIP_STORED) as archive:
        for name, given in arrays.items():
            array = np.ascontiguousarray(given)
            _require_plain(array)
            header = io.BytesIO()
            fields = np.lib.format.header_data_from_array_1_0(array)
            try:
                np.lib.format.write_array_header_1_0(header, fields)
            except ValueError:  # a header too long for version 1.0
                header = io.BytesIO()
                np.lib.format.write_array_header_2_0(header, fields)
            member = f"{name}.npy"
            offset = file.tell() + 30 + len(member.encode()) + len(header.getvalue())
            pad = -offset % _ALIGN
            if pad and pad < 4:  # an extra field is at least its 4-byte header
                pad += _ALIGN
            info = zipfile.ZipInfo(member, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED
            if pad:
                info.extra = struct.pack("<HH", 0xE6A0, pad - 4) + bytes(pad - 4)
            info.file_size = len(header.getvalue()) + array.nbytes
            with archive.open(info, "w") as member_file:  # the data written from the array
                member_file.write(header.getvalue())
                if array.nbytes:
                    member_file.write(array.reshape(-1).view(np.uint8).data)


def _require_plain(array: np.ndarray) -> None:
    if array.dtype.hasobject:
        raise ValueError("a snapshot holds plain arrays only")


def _npy_header(file: io.BytesIO) -> tuple[tuple[int, ...], bool, np.dtype[Any]]:
    """Shape, Fortran order and dtype of the ``.npy`` data in `file`, left at the data."""
    version = np.lib.format.read_magic(file)
    if version == (1, 0):
        return np.lib.format.read_array_header_1_0(file)
    return np.lib.format.read_array_header_2_0(file)


#: A ``.npy`` header (version 1.0) of a plain array in C order, as numpy writes it.
_PLAIN_HEADER = re.compile(rb"\x93NUMPY\x01\x00(..)\{'descr': '([<>|][biuf][1248])', "
                           rb"'fortran_order': False, 'shape': \(((?:\d+, )*(?:\d+,?)?)\), \} *\n",
                           re.DOTALL)


def _plain_npy_header(head: bytes) -> tuple[tuple[int, ...], np.dtype[Any], int] | None:
    """Shape, dtype and header size of the ``.npy`` data starting `head` when its header is
    a plain array's as numpy writes it (read without numpy's parser); else None."""
    found = _PLAIN_HEADER.match(head)
    if found is None or found.end() != 10 + struct.unpack("<H", found[1])[0]:
        return None
    shape = tuple(int(n) for n in found[3].split(b",") if n.strip())
    return shape, np.dtype(found[2].decode("ascii")), found.end()


def _mapped_npz(path: Path) -> dict[str, np.ndarray]:
    """The arrays of an uncompressed ``.npz`` as read-only views of a memory map of the file:
    nothing is read until used."""
    import zipfile

    with open(path, "rb") as file:
        mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
    arrays = {}
    for member in members:
        if member.compress_type != zipfile.ZIP_STORED or not member.filename.endswith(".npy"):
            raise ValueError(f"not a stored array: {member.filename}")
        names, extra = struct.unpack_from("<HH", mapped, member.header_offset + 26)
        start = member.header_offset + 30 + names + extra
        head = mapped[start : start + min(member.file_size, 1 << 16)]
        plain = _plain_npy_header(head)
        if plain is None:  # (not as _write_aligned_npz writes it: numpy reads it)
            header = io.BytesIO(head)
            shape, fortran, dtype = _npy_header(header)
            if fortran or dtype.hasobject:
                raise ValueError(f"not a plain array: {member.filename}")
            plain = shape, dtype, header.tell()
        shape, dtype, size = plain
        count = math.prod(shape)
        if size + count * dtype.itemsize != member.file_size:
            raise ValueError(f"truncated array: {member.filename}")
        array = np.frombuffer(mapped, dtype=dtype, count=count, offset=start + size)
        arrays[member.filename[:-4]] = array.reshape(shape)
    return arrays


class _SnapshotEngine(Engine):
    """An engine loaded from a snapshot or compiled from a file's columns: its code index is
    built only when asked for (a score never does: at national scale the dict is 60 MB), and
    from a snapshot its codes too (the score's output takes them from their bytes)."""

    #: From a snapshot: the codes as UTF-8 bytes, one a line (else None).
    _code_bytes: np.ndarray | None = None

    @cached_property
    def index(self) -> dict[str, int]:  # type: ignore[override]
        return dict(zip(self.codes, range(self.n), strict=True))

    def _codes_are_bytes(self) -> bool:
        """Whether the codes are (still) the snapshot's bytes: neither list of codes made or
        set (a structure edit sets them)."""
        return (self._code_bytes is not None and "objective_codes" not in self.__dict__
                and "indicator_codes" not in self.__dict__)

    @cached_property
    def codes(self) -> list[str]:  # type: ignore[override]
        if not self._codes_are_bytes():
            return self.objective_codes + self.indicator_codes
        return _split(self._code_bytes)  # type: ignore[arg-type]

    @cached_property
    def objective_codes(self) -> list[str]:  # type: ignore[override]
        return self.codes[: self.n_objectives]

    @cached_property
    def indicator_codes(self) -> list[str]:  # type: ignore[override]
        return self.codes[self.n_objectives :]

    @cached_property
    def _code_ends(self) -> np.ndarray | None:
        """Where each code ends in _code_bytes (the line feeds, then the end); None when a
        code's JSON text is not its bytes between quotes (a `"`, `\\` or control character)."""
        data = self._code_bytes
        if data is None or (data == 34).any() or (data == 92).any() or (
                (data < 32) & (data != 10)).any():
            return None
        return np.append(np.flatnonzero(data == 10), len(data))


class _FileEngine(_SnapshotEngine):
    """An engine compiled from a file's checked columns, without a code index when their rows
    come as node numbers (then the compile reads none): built when asked for."""

    def __init__(self, doc: model.PlanDocument, *, targets: Columns, realizations: Columns,
                 structure: StructureColumns):
        numbered = all(c.node is not None and c.period_id is not None and c.periods is not None
                       for c in (targets, realizations))
        # an empty index stands in while compiling (never read); else the compile makes one
        structure.index = {} if numbered else None  # type: ignore[assignment]
        super().__init__(doc, targets=targets, realizations=realizations, structure=structure)
        if numbered:
            del self.index  # the cached property from now on


def load_snapshot(path: Path) -> Engine:
    """The engine a snapshot holds (no plan lists: what scoring needs), its arrays mapped from
    the file."""
    from ekinerja.rollup import Structure

    arrays = _mapped_npz(path)
    meta = json.loads(arrays["meta"].tobytes().decode("utf-8"))
    engine = _SnapshotEngine.__new__(_SnapshotEngine)
    code, name, start, end = meta["plan"]
    settings = model.Settings(cap=meta["cap"], floor=meta["floor"], missing=meta["missing"],
                              negative_method=meta["negative_method"],
                              bands=[(float(b), str(label)) for b, label in meta["bands"]],
                              count=meta["count"])
    engine.doc = model.PlanDocument(model.Plan(code, name, start, end, settings))
    engine.floor, engine.default_cap = float(meta["floor"]), float(meta["cap"])
    engine.missing, engine.count = meta["missing"], meta["count"]
    engine.bands = [(float(b), str(label)) for b, label in meta["bands"]]
    engine._band_labels = [label for _, label in sorted(engine.bands, key=lambda b: b[0])]
    code_bytes = engine._code_bytes = arrays["codes"]  # (the codes split when asked for)
    engine.n = int(np.count_nonzero(code_bytes == 10)) + 1 if len(code_bytes) else 0
    engine.n_objectives = meta["n_objectives"]
    engine.n_indicators = engine.n - engine.n_objectives
    engine.root = meta["root"]
    engine.root_index = _line_of(code_bytes, engine.root)
    for name in _ARRAYS:
        setattr(engine, name, arrays[name])
    engine.layers = [
        _Layer(*(arrays[f"layer{k}_{name}"] for name in _LAYER_FIELDS))
        for k in range(meta["layers"])
    ]
    grouped: dict[str, dict[str, tuple[np.ndarray, ...]]] = {}
    for kind, parts in (("t", 4), ("r", 2)):
        grouped[kind] = {
            period: tuple(arrays[f"{kind}{k}_{part}"] for part in range(parts))
            for k, period in enumerate(_split(arrays[f"{kind}_periods"]))
        }
    engine._targets, engine._realizations = grouped["t"], grouped["r"]
    engine._all_realizations = None
    engine._period_cache = {}
    engine.structure = Structure()
    engine._verified = None
    return engine


# ---------------------------------------------------------------------------- entry point


def engine_of_file(path: str | os.PathLike[str], *, use_snapshot: bool = True,
                   helpers: bool = False) -> Engine | None:
    """The compiled engine of a valid JSON plan file, from its snapshot when one exists;
    None when the full reader must decide (not JSON, or anything that may be invalid).

    With `helpers`, a forked process may scan a large file's targets and realizations (the
    machine's other core) and the snapshot is hashed and written by a thread (beside the
    compile, then the score and its output): the caller then calls :func:`wait_helpers`
    once it has used the engine."""
    if not str(path).lower().endswith(".json"):
        return None
    path = Path(path)
    note: Path | None = None
    if use_snapshot:
        with contextlib.suppress(OSError, ValueError):
            note = _stat_note(path)
            key = note.read_text(encoding="ascii").strip()
            if re.fullmatch(r"[0-9a-f]{40}", key):
                engine = _from_snapshot(snapshot_folder() / f"{key}.npz")
                if engine is not None:
                    return engine
    raw = _read(path)
    if raw is None:
        return None
    # (a small file: not worth a process; a national one: memory, not time, is what binds)
    helpers = helpers and FORK_BYTES <= len(raw) <= FORK_MAX_BYTES and _can_fork()
    key = None
    snapshot = None
    if not helpers:
        key = file_key(raw)
        _release(raw, (0, len(raw)))  # hashed: every page read, none needed now
        snapshot = snapshot_folder() / f"{key}.npz" if use_snapshot else None
        if snapshot is not None and snapshot.is_file():
            engine = _from_snapshot(snapshot)
            if engine is not None:
                _note(note, key)
                return engine
    # with helpers, the file is hashed by a thread from when the scanning helper is done
    # (beside the compile), which then writes the snapshot beside the score and its output
    # (the snapshot of the same content under a stale note: then only the note)
    box = [raw]
    writer = _SnapshotWriter(raw, note) if helpers and use_snapshot else None
    del raw
    engine = None
    try:
        try:
            # the score carries codes and numbers, no names (as an engine from a snapshot):
            # the records are freed before the compile, which reads the columns alone
            doc, targets, realizations, structure = checked_structure(
                box, records=False, parallel=helpers, indexed=False,
                joined=writer.start if writer is not None else None)
        except _Unsure:
            return None
        try:
            with no_gc():
                engine = _FileEngine(doc, targets=targets, realizations=realizations,
                                     structure=structure)
        except ValueError:
            return None
    finally:
        if writer is not None:  # (without an engine: nothing written)
            writer.give(engine)
    del targets, realizations, structure  # grouped by period in the engine now
    if snapshot is not None and key is not None:
        _saved(engine, snapshot, note, key)
    return engine


#: The snapshot's writers (_SnapshotWriter) begun by engine_of_file(helpers=True): threads
#: hashing and writing a file (the GIL is let go most of their time).
_RUNNING: list[threading.Thread] = []


def wait_helpers() -> None:
    """Wait for the work engine_of_file(helpers=True) left: the snapshot's write."""
    while _RUNNING:
        _RUNNING.pop(0).join()


class _SnapshotWriter:
    """The thread that hashes a file's bytes (their pages let go as hashed; hashlib lets go
    of the GIL) once started, then, given the engine compiled from them, writes its snapshot
    under that key unless an earlier run did, and the file's note (:func:`wait_helpers`
    waits for it)."""

    def __init__(self, raw: mmap.mmap, note: Path | None):
        self.raw, self.note = raw, note
        self.engine: Engine | None = None
        self.given = threading.Event()
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        if self.thread is None:
            self.thread = threading.Thread(target=self._run, name="ekinerja-snapshot")
            self.thread.start()
            _RUNNING.append(self.thread)

    def give(self, engine: Engine | None) -> None:
        """The engine to write (None: nothing to write; the thread ends once hashed)."""
        self.engine = engine
        self.given.set()
        if engine is not None:
            self.start()

    def _run(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            key = file_key(self.raw)
            self.given.wait()
            if self.engine is None:
                return
            snapshot = snapshot_folder() / f"{key}.npz"
            if snapshot.is_file():
                _note(self.note, key)
            else:
                _saved(self.engine, snapshot, self.note, key)


def _saved(engine: Engine, snapshot: Path, note: Path | None, key: str) -> None:
    """Write the engine's snapshot and the file's note (a read-only cache only costs the
    next run time)."""
    with contextlib.suppress(OSError):
        if save_snapshot(engine, snapshot):
            _note(note, key)


def _read(path: Path) -> mmap.mmap | None:
    """The file's bytes, memory-mapped (read-only): its pages can be released once used."""
    try:
        with open(path, "rb") as file:
            return mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):  # ValueError: an empty file (the full reader says so)
        return None


def _from_snapshot(snapshot: Path) -> Engine | None:
    """The engine of a snapshot file; None (and the file removed) when it cannot be read."""
    if not snapshot.is_file():
        return None
    import zipfile

    try:
        return load_snapshot(snapshot)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, struct.error):
        # damaged or foreign: rebuilt by the caller
        snapshot.unlink(missing_ok=True)
        return None


def _note(note: Path | None, key: str) -> None:
    if note is not None:
        with contextlib.suppress(OSError):
            note.parent.mkdir(parents=True, exist_ok=True)
            note.write_text(key, encoding="ascii")



# ---------------------------------------------------------------------------- output

#: Nodes written per block (bounds the Python objects alive while the output is written; a
#: block's objects then stay in the CPU's caches: 2048 nodes took 20 % less time than 8192).
_BLOCK = 2048


def _numbers_json(values: np.ndarray, after: bytes = b"") -> list[bytes]:
    """Each float as orjson writes it (NaN: null) followed by `after`, one bytes object per
    value (no float text holds a comma or a line feed)."""
    if not len(values):
        return []
    text = orjson.dumps(np.ascontiguousarray(values, dtype=np.float64),
                        option=orjson.OPT_SERIALIZE_NUMPY)[1:-1]
    if not after:
        return text.split(b",")
    items = text.replace(b",", after + b"\n").split(b"\n")
    items[-1] += after
    return items


def _keys_json(codes: Sequence[str], first: bytes) -> list[bytes]:
    """``"CODE":{"FIRST":`` of each code, the code as orjson writes it (C-level byte operations
    only: inside an encoded string every `"` is escaped and no line feed is raw, so `","`
    only ever separates two items and a line feed can split them)."""
    if not codes:
        return []
    opening = b':{"' + first + b'":'
    encoded = orjson.dumps(list(codes))[1:-1].replace(b'","', b'"' + opening + b'\n"')
    return (encoded + opening).split(b"\n")


def _node_keys_json(engine: Engine, start: int, stop: int, first: bytes) -> list[bytes]:
    """_keys_json of the codes of nodes `start` to `stop`, from the snapshot's bytes of the
    codes when their JSON text is those bytes between quotes (no str made)."""
    ends = (engine._code_ends if isinstance(engine, _SnapshotEngine)
            and engine._codes_are_bytes() else None)
    if ends is None:
        return _keys_json(engine.codes[start:stop], first)
    if start >= stop:
        return []
    opening = b'":{"' + first + b'":'
    begin = int(ends[start - 1]) + 1 if start else 0
    text = engine._code_bytes[begin : int(ends[stop - 1])].tobytes()
    return (b'"' + text.replace(b"\n", opening + b'\n"') + opening).split(b"\n")


def _bands_json(engine: Engine, scores: np.ndarray, after: bytes) -> list[bytes]:
    """Each score's band label as JSON (null without a score), as Engine.band_labels, followed
    by `after`."""
    labels = [orjson.dumps(label) + after for label in engine._band_labels] + [b"null" + after]
    position = np.searchsorted(engine._band_bounds, scores, side="right") - 1
    position = np.maximum(position, 0) if labels[:-1] else np.full(len(scores), -1)
    position[np.isnan(scores)] = -1
    return np.array(labels, dtype=object)[position].tolist()


def _rows(columns: list[list[bytes]]) -> bytes:
    """The items of each row (one per column, each ending with what follows it) joined."""
    rows = len(columns[0])
    parts: list[bytes] = [b""] * (rows * len(columns))
    for k, column in enumerate(columns):
        parts[k :: len(columns)] = column
    return b"".join(parts)


class _Part(NamedTuple):
    """A part of the score document: its kind and, for a block of nodes, their range (the
    objectives', or the indicators' without the objectives' offset)."""

    kind: Literal["head", "objectives", "between", "indicators", "tail"]
    start: int = 0
    stop: int = 0


def _parts(evaluation: Any) -> list[_Part]:
    """The parts of the score document of an evaluation, in order."""
    n_obj = evaluation.engine.n_objectives
    n_ind = evaluation.engine.n - n_obj
    return [_Part("head"),
            *(_Part("objectives", start, min(start + _BLOCK, n_obj))
              for start in range(0, n_obj, _BLOCK)),
            _Part("between"),
            *(_Part("indicators", start, min(start + _BLOCK, n_ind))
              for start in range(0, n_ind, _BLOCK)),
            _Part("tail")]


class _Scores(NamedTuple):
    """An evaluation and its columns that are computed when asked for (once here)."""

    evaluation: Any
    influence: np.ndarray
    contribution: np.ndarray


def _scores(evaluation: Any) -> _Scores:
    return _Scores(evaluation, evaluation.influence, evaluation.contribution)


def _part_json(scores: _Scores, part: _Part) -> bytes:
    """The bytes of one part of the score document (see score_json_blocks)."""
    evaluation, influence, contribution = scores
    engine = evaluation.engine
    n_obj = engine.n_objectives
    score = evaluation.score
    start, stop = part.start, part.stop
    if part.kind == "head":
        return (b'{"period":' + orjson.dumps(evaluation.period) + b',"root":'
                + orjson.dumps(engine.root) + b',"objectives":{')
    if part.kind == "between":
        return b'},"indicators":{'
    if part.kind == "tail":
        return b"}}\n"
    if part.kind == "objectives":
        block = _rows([
            _node_keys_json(engine, start, stop, b"score"),
            _numbers_json(score[start:stop], b',"band":'),
            _bands_json(engine, score[start:stop], b',"coverage":'),
            _numbers_json(evaluation.coverage[start:stop], b',"influence":'),
            _numbers_json(influence[start:stop], b',"contribution":'),
            _numbers_json(contribution[start:stop], b"},"),
        ])
        return block[:-1] if stop == n_obj else block
    inputs = evaluation.inputs
    nodes = slice(n_obj + start, n_obj + stop)
    after = b',"realization":'
    targets = _numbers_json(inputs.value[start:stop], after)
    low = inputs.low[start:stop]
    ranged = np.flatnonzero(~np.isnan(low))
    if len(ranged):
        pairs = zip(_numbers_json(low[ranged]),
                    _numbers_json(inputs.high[start:stop][ranged]), strict=True)
        for k, (lo, hi) in zip(ranged.tolist(), pairs, strict=True):
            targets[k] = b"[" + lo + b"," + hi + b"]" + after
    block = _rows([
        _node_keys_json(engine, n_obj + start, n_obj + stop, b"target"), targets,
        _numbers_json(evaluation.realization[start:stop], b',"raw_achievement":'),
        _numbers_json(evaluation.raw[start:stop], b',"achievement":'),
        _numbers_json(score[nodes], b',"band":'),
        _bands_json(engine, score[nodes], b',"influence":'),
        _numbers_json(influence[nodes], b',"contribution":'),
        _numbers_json(contribution[nodes], b"},"),
    ])
    return block[:-1] if stop == engine.n - n_obj else block


def score_json_blocks(evaluation: Any) -> Iterator[bytes]:
    """The `ekinerja score --format json` document of an evaluation, in blocks of bytes, equal
    byte for byte to ``orjson.dumps(evaluation.to_json()) + b"\\n"`` (docs/file-format.md),
    written from the arrays without a Python dict per node."""
    scores = _scores(evaluation)
    for part in _parts(evaluation):
        yield _part_json(scores, part)


#: Documents of at least this many nodes are written by two processes when a core is idle
#: (and no snapshot is being written: then the cores are busy enough): a forked helper
#: formats the later nodes into a memory file while this process formats and writes the
#: first ones, then copies the helper's bytes.
FORK_NODES = 1 << 15
#: The share of the formatting (estimated by values written) left to this process, which
#: also writes the whole document.
_OWN_SHARE = 0.45


def _split_parts(parts: list[_Part]) -> int:
    """Where the parts are split between this process (before) and the helper (after)."""
    weights = [(stop - start) * (5 if kind == "objectives" else 8)  # (as measured)
               for kind, start, stop in parts]
    total, done = sum(weights), 0
    for k, weight in enumerate(weights):
        if done + weight / 2 > _OWN_SHARE * total:
            return k
        done += weight
    return len(parts)


def _idle_core() -> bool:
    """Whether a core this process may use is idle now: fewer tasks running than such cores
    (this one counted; /proc/loadavg), so that a helper would run beside it, not instead."""
    try:
        with open("/proc/loadavg", encoding="ascii") as file:
            running = int(file.read().split()[3].split("/")[0])
        cores = len(os.sched_getaffinity(0))
    except (OSError, ValueError, IndexError, AttributeError):
        return False
    return running < cores


def _memory_file() -> int | None:
    """A file descriptor of a new file in memory (a temporary file where no memfd); None
    when neither can be made."""
    with contextlib.suppress(AttributeError, OSError):
        return os.memfd_create("ekinerja-score", os.MFD_CLOEXEC)
    import tempfile

    with contextlib.suppress(OSError), tempfile.TemporaryFile() as file:
        return os.dup(file.fileno())
    return None


def _write_parts(scores: _Scores, parts: list[_Part], fd: int) -> dict[str, Any]:
    """What the output helper does: the parts' bytes written to `fd`; its answer, their
    length."""
    written = 0
    for part in parts:
        view = memoryview(_part_json(scores, part))
        while view:
            count = os.write(fd, view)
            view = view[count:]
            written += count
    return {"length": written}


def _copied(helper: _Helper, fd: int, stream: BinaryIO) -> bool:
    """Copy what the output helper wrote to `fd` to the stream; False (nothing copied) when
    it failed."""
    answer = helper.finish()
    length = answer.get("length") if answer is not None else None
    if not isinstance(length, int) or os.fstat(fd).st_size != length:
        return False
    buffer = bytearray(min(length, 1 << 20))  # (one buffer: no new pages per part)
    offset = 0
    while offset < length:
        count = os.preadv(fd, [buffer], offset)
        if count <= 0:  # (the file was the right size just now)
            raise OSError("the output helper's file shrank")
        stream.write(memoryview(buffer)[: min(count, length - offset)])
        offset += count
    return True


def write_score_json(evaluation: Any, stream: BinaryIO) -> None:
    """Write the score document of an evaluation to a binary stream (see score_json_blocks),
    a large one with a forked helper formatting its second part when a core is idle
    (and no thread runs: not beside the snapshot's writer engine_of_file(helpers=True) leaves
    on a first run, _can_fork)."""
    parts = _parts(evaluation)
    scores = _scores(evaluation)
    split = len(parts)
    helper = fd = None
    if evaluation.engine.n >= FORK_NODES and _can_fork() and _idle_core():
        fd = _memory_file()
        if fd is not None:
            split = _split_parts(parts)
            helper = _forked(partial(_write_parts, scores, parts[split:], fd))
        if helper is None:
            split = len(parts)
    try:
        for part in parts[:split]:
            stream.write(_part_json(scores, part))
        if helper is None or not _copied(helper, fd, stream):
            for part in parts[split:]:
                stream.write(_part_json(scores, part))
    finally:
        if helper is not None:
            helper.stop()
        if fd is not None:
            os.close(fd)
