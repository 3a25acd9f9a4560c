"""Plans and their documents: plan rows, bulk reads (a cold load on connections of its own too)
and writes (Core, no ORM)."""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import chain, count, islice, pairwise, repeat, starmap
from operator import attrgetter, itemgetter
from typing import Any

import numpy as np
import orjson
from sqlalchemy import (
    Connection,
    Index,
    PrimaryKeyConstraint,
    Row,
    Table,
    UniqueConstraint,
    bindparam,
    func,
    select,
    update,
)
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.pool import QueuePool
from sqlalchemy.schema import AddConstraint, CreateIndex, DropConstraint, DropIndex

from ekinerja import model
from ekinerja.gcpause import no_gc
from ekinerja.pagecache import give_back_heap, memmap_of
from ekinerja.rollup import (
    STRUCTURE_FIELDS,
    Columns,
    StructureColumns,
    interned,
    node_ids,
    optional_floats,
)
from ekinerja.storage import blocks
from ekinerja.storage.blocks import (
    LazyRows,
    SpooledColumns,
    StoredRows,
    chunk_rows,
    spilled,
)
from ekinerja.storage.database import read_revision
from ekinerja.storage.schema import (
    Base,
    CausalLinkRow,
    EmployeeRow,
    IndicatorRow,
    LinkRow,
    ObjectiveRow,
    PlanRow,
    RealizationRow,
    RhkKindRow,
    SkpRatingRow,
    TargetRow,
    UnitPredikatRow,
    UnitRow,
    table_of,
)

BATCH = 5_000

plans = table_of(PlanRow)


@dataclass(frozen=True)
class Entity:
    """One list of the plan document and its table: key fields and stored fields, in order."""

    name: str
    table: Table
    cls: type
    key: tuple[str, ...]
    fields: tuple[str, ...]

    def key_of(self, values: Sequence[Any]) -> str:
        """A printable key from the stored field values ("IKU-1", "M1>T1", "IKU-1@2023")."""
        parts = [str(values[self.fields.index(k)]) for k in self.key]
        separator = "@" if self.name in KEYED_BY_PERIOD else ">"
        return separator.join(parts)

    @property
    def singular(self) -> str:
        """One item's name, as audit records name it ("realization", "unit_predikat")."""
        return self.name[:-1] if self.name.endswith("s") else self.name

    @property
    def history(self) -> bool:
        """Whether a replaced item stays as history (``superseded``) rather than being changed."""
        return self.name in HISTORY


#: Lists whose replaced entries stay as history, with their author and time.
HISTORY = frozenset({"realizations", "skp_ratings", "unit_predikat"})
KEYED_BY_PERIOD = frozenset({"targets", *HISTORY})


@dataclass(slots=True)
class RhkKind:
    """One entry of ``PlanDocument.rhk_kinds`` as a row: an RHK that is not `main`."""

    objective: str
    kind: str


def _entity(
    name: str, row: type[Base], cls: type, key: tuple[str, ...], fields: tuple[str, ...]
) -> Entity:
    return Entity(name, table_of(row), cls, key, fields)


ENTITIES: tuple[Entity, ...] = (
    _entity("units", UnitRow, model.Unit, ("code",), ("code", "name", "parent", "kind")),
    _entity(
        "employees",
        EmployeeRow,
        model.Employee,
        ("nip",),
        ("nip", "name", "unit", "position", "supervisor"),
    ),
    _entity(
        "objectives",
        ObjectiveRow,
        model.Objective,
        ("code",),
        ("code", "name", "level", "perspective", "unit", "owner"),
    ),
    _entity(
        "indicators",
        IndicatorRow,
        model.Indicator,
        ("code",),
        (
            "code",
            "objective",
            "name",
            "measure_unit",
            "weight",
            "polarity",
            "aggregation",
            "negative_method",
            "cap",
        ),
    ),
    _entity("links", LinkRow, model.Link, ("parent", "child"), ("parent", "child", "weight")),
    _entity(
        "causal_links", CausalLinkRow, model.CausalLink, ("cause", "effect"), ("cause", "effect")
    ),
    _entity(
        "targets",
        TargetRow,
        model.Target,
        ("indicator", "period"),
        ("indicator", "period", "value", "low", "high"),
    ),
    _entity(
        "realizations",
        RealizationRow,
        model.Realization,
        ("indicator", "period"),
        ("indicator", "period", "value", "status"),
    ),
    _entity(
        "unit_predikat",
        UnitPredikatRow,
        model.UnitPredikat,
        ("unit", "period"),
        ("unit", "period", "predikat"),
    ),
    _entity(
        "skp_ratings",
        SkpRatingRow,
        model.SkpRating,
        ("employee", "period"),
        ("employee", "period", "behaviour", "work"),
    ),
    _entity("rhk_kinds", RhkKindRow, RhkKind, ("objective",), ("objective", "kind")),
)
ENTITY = {e.name: e for e in ENTITIES}
#: Lists of the database that the format carries elsewhere (`rhk_kind` on an objective).
NOT_FORMAT_LISTS = frozenset({"rhk_kinds"})


def items_of(doc: model.PlanDocument, entity: Entity) -> list[Any]:
    """The items of one list of a document (``rhk_kinds``, a dict there, as RhkKind rows)."""
    if entity.name == "rhk_kinds":
        return list(starmap(RhkKind, doc.rhk_kinds.items()))
    return getattr(doc, entity.name)  # type: ignore[no-any-return]


def set_items(doc: model.PlanDocument, entity: Entity, items: list[Any]) -> None:
    """Set one list of a document from its model objects (the inverse of `items_of`)."""
    if entity.name == "rhk_kinds":
        doc.rhk_kinds = {item.objective: item.kind for item in items}
    else:
        setattr(doc, entity.name, items)


def values_of(entity: Entity, item: Any) -> tuple[Any, ...]:
    """The stored field values of a model object, in the entity's field order."""
    return _GETTERS[entity.name](item)


_GETTERS = {e.name: attrgetter(*e.fields) for e in ENTITIES}


def values_of_getter(entity: Entity) -> Callable[[Any], tuple[Any, ...]]:
    """`values_of` for one entity as a C-level getter (for ``map`` over many items)."""
    return _GETTERS[entity.name]


# -- plan and settings ------------------------------------------------------------------------


def settings_to_json(settings: model.Settings) -> dict[str, Any]:
    """Plan settings as a JSON-able dict (the SKP cadence only when set)."""
    skp: dict[str, Any] = {
        "above_from": float(settings.skp.above_from),
        "as_expected_from": float(settings.skp.as_expected_from),
    }
    if settings.skp.cadence is not None:
        skp["cadence"] = settings.skp.cadence
    return {
        "cap": float(settings.cap),
        "floor": float(settings.floor),
        "missing": settings.missing,
        "negative_method": settings.negative_method,
        "bands": [[float(bound), str(label)] for bound, label in settings.bands],
        "count": settings.count,
        "skp": skp,
    }


def settings_from_json(data: dict[str, Any]) -> model.Settings:
    """Plan settings from their stored dict."""
    return model.Settings(
        cap=float(data["cap"]),
        floor=float(data["floor"]),
        missing=data["missing"],
        negative_method=data["negative_method"],
        bands=[(float(bound), str(label)) for bound, label in data["bands"]],
        count=data.get("count", "submitted"),  # plans stored before the setting existed
        skp=model.SkpSettings(**data.get("skp", {})),
    )


def plan_fields(plan: model.Plan) -> dict[str, Any]:
    """The stored columns of a plan (without timestamps)."""
    return {
        "code": plan.code,
        "name": plan.name,
        "start_year": int(plan.start_year),
        "end_year": int(plan.end_year),
        "settings": settings_to_json(plan.settings),
    }


def find_plan(conn: Connection, code: str) -> Row[Any] | None:
    """The plan row of `code`, or None."""
    return conn.execute(select(plans).where(plans.c.code == code)).first()


def plan_codes(conn: Connection) -> list[str]:
    """Codes of every plan in the database, sorted."""
    return list(conn.execute(select(plans.c.code).order_by(plans.c.code)).scalars())


def plan_from_row(row: Row[Any]) -> model.Plan:
    """A Plan value from its row."""
    settings = settings_from_json(row.settings)
    return model.Plan(row.code, row.name, row.start_year, row.end_year, settings)


def plan_rows(conn: Connection) -> list[Row[Any]]:
    """Every plan row, by code."""
    return list(conn.execute(select(plans).order_by(plans.c.code)).all())


def insert_plan(conn: Connection, fields: dict[str, Any], stamp: datetime) -> int:
    """Add a plan row (the columns of `plan_fields`); returns its id."""
    statement = plans.insert().values(**fields, created_at=stamp, updated_at=stamp)
    return int(conn.execute(statement.returning(plans.c.id)).scalar_one())


def update_plan(conn: Connection, plan_id: int, **values: Any) -> None:
    """Set columns of a plan row."""
    conn.execute(update(plans).where(plans.c.id == plan_id).values(**values))


# -- reading ------------------------------------------------------------------------------------


def _fetch(conn: Connection, plan_id: int, entity: Entity) -> list[tuple[Any, ...]]:
    """Every current row of one list of a plan as tuples of its fields, in document order.

    A plain DBAPI cursor over the (plan_id, seq) index: no ORM, no result processing.
    """
    cursor = conn.connection.cursor()
    try:
        cursor.execute(_list_sql(conn, plan_id, entity))
        return cursor.fetchall()  # type: ignore[no-any-return]
    finally:
        cursor.close()


def _list_sql(conn: Connection, plan_id: int, entity: Entity) -> str:
    """SQL: the fields of the current rows of one list of a plan, in document order."""
    where = _current(conn, plan_id, entity)
    return f"SELECT {', '.join(entity.fields)} FROM {entity.table.name} WHERE {where} ORDER BY seq"


def read_entity(conn: Connection, plan_id: int, entity: Entity) -> list[Any]:
    """Every current item of one list of a plan, as model objects, in document order."""
    return list(starmap(entity.cls, _fetch(conn, plan_id, entity)))


def read_document(
    conn: Connection, plan_row: Row[Any], skip: Iterable[str] = ()
) -> model.PlanDocument:
    """The whole plan document of a plan row (bulk column selects); `skip` lists left empty."""
    doc = model.PlanDocument(plan_from_row(plan_row))
    skipped = set(skip)
    with no_gc():
        for entity in ENTITIES:
            if entity.name in skipped:
                continue
            set_items(doc, entity, read_entity(conn, plan_row.id, entity))
    return doc


#: Rows a cold load takes from the driver at a time (bounds the rows alive at once).
READ_BATCH = 100_000

#: A realization's status as a small number in a PostgreSQL binary copy (0: verified).
_STATUS_CODES = ("verified", *(s for s in model.REALIZATION_STATUSES if s != "verified"))

#: Between the codes (and periods) of a cold load's joined texts.
_SEPARATOR = "\x1f"


def _current(conn: Connection, plan_id: int, entity: Entity, alias: str = "") -> str:
    """The WHERE condition of a plan's current rows of `entity` (`alias` prefixes columns)."""
    where = f"{alias}plan_id = {int(plan_id)}"
    if entity.history:
        where += (f" AND {alias}superseded = "
                  + ("false" if conn.dialect.name == "postgresql" else "0"))
    return where


_Read = tuple[np.ndarray, np.ndarray, list[str], np.ndarray, np.ndarray, np.ndarray,
              list[str] | None]

#: Whether a cold load reads targets and realizations on two more connections of their own,
#: in two threads, while this one reads the other lists (`read_plan_columns`).
READ_APART = True
#: The lists a cold load reads apart.
PERIOD_LISTS = ("targets", "realizations")
#: The page cache of an SQLite connection reading apart (PRAGMA cache_size: negative is KiB):
#: each page is read once, and the pooled connection keeps no more memory after the load.
SIDE_CACHE_KB = -8192


def _period_columns(conn: Connection, plan_id: int, entity: Entity,
                    structure: Callable[[], StructureColumns],
                    turn: Callable[[], object] = bool, taken: Callable[[], object] = bool
                    ) -> tuple[Columns, LazyRows]:
    """Targets or realizations of a plan as engine columns (node and period ids, values; no
    object per row) and as a list of their objects made on first use; `structure` gives the
    plan's structure columns (waiting for them when another thread builds them), `turn`
    waits until PostgreSQL's copy may be asked for, `taken()` is called once it is taken in
    and read into arrays (before the structure is waited for).

    SQLite sends each batch of rows as one row of joined texts (`_aggregated_columns`), or
    else the driver's rows come `READ_BATCH` at a time, each batch made into columns in one
    C pass (`_fetched_columns`); PostgreSQL sends the values as arrays in a binary copy of one
    row read by numpy, the codes and periods as two joined texts (`_copied_columns`). Joined
    codes and periods are split and looked up by numpy (`_CodeTable`, `_interned_rows`). A
    plan with a row naming no indicator takes the per-row path (`_period_columns_of_rows`,
    which keeps its codes)."""
    if conn.dialect.name == "postgresql":
        read = _copied_columns(conn, plan_id, entity, structure, turn, taken)
    else:
        read = _aggregated_columns(conn, plan_id, entity, structure)
        if read is None:  # a text or value the joined texts do not carry exactly
            read = _fetched_columns(conn, plan_id, entity, structure())
    if read is None:  # a code that is no indicator: keep the codes as read
        return _period_columns_of_rows(conn, plan_id, entity, structure())
    node, period_id, periods, value, low, high, status = read
    if entity.name != "targets":
        low = high = np.full(len(value), np.nan)
    columns = Columns([], [], value, low, high, status, node, period_id, periods)
    return columns, period_rows(entity.name, columns, structure())


#: Powers of two (their exponents k) that make a stored double an integer m, value = m * 2**-k,
#: tried in this order: together they cover zero, every integer below 2**63 and every double
#: from about 3e-21 to 1e37 (a plan holding another value takes the row read).
_SCALES = (0, 50, 60, 40, 30, 70, 20, 80, 10, 90, 100, 110, 120, -10, -20, -30, -40, -50, -60)
#: The exponent that stands for NULL (NaN) in `_scaled` texts.
_NULL_SCALE = 9999


def _times(column: str, k: int) -> str:
    """SQL: `column` times 2**k, by powers of two that SQLite holds exactly."""
    if k < 0:
        return f"{column} / {1 << -k}"
    factors = [str(1 << 62)] * (k // 62) + ([str(1 << (k % 62))] if k % 62 else [])
    return " * ".join([column, *factors])


def _scaled(column: str) -> str:
    """SQL: a REAL column's value as the text "m,k" of two integers with value = m * 2**-k,
    exactly: scaling by a power of two is exact unless it overflows (to infinity, no integer)
    or underflows (to 0 or a fraction, refused), and an integral double below 2**63 converts
    to an integer exactly. "0,9999" for NULL; NULL (the caller reads rows) for a value no
    scale fits, that is not a REAL, or that is -0.0."""
    branches = " ".join(
        f"WHEN {_times(column, k)} = CAST({_times(column, k)} AS INTEGER) "
        f"AND CAST({_times(column, k)} AS INTEGER) <> 0 "
        f"THEN CAST({_times(column, k)} AS INTEGER) || ',{k}'" for k in _SCALES)
    return (f"CASE WHEN {column} IS NULL THEN '0,{_NULL_SCALE}' "
            f"WHEN typeof({column}) <> 'real' THEN NULL "
            f"WHEN {column} = 0 THEN CASE WHEN printf('%e', {column}) LIKE '-%' THEN NULL "
            f"ELSE '0,0' END {branches} END")


def _unscaled(text: str | None, n: int) -> np.ndarray | None:
    """The `n` doubles of a group_concat of `_scaled` texts (NaN for NULL); None when it does
    not hold `n` of them (a value left out as NULL)."""
    pairs = np.fromstring(text or "", np.int64, sep=",")
    if len(pairs) != 2 * n:
        return None
    scale = pairs[1::2]
    value = np.ldexp(pairs[0::2].astype(float), -scale.astype(np.int32))
    value[scale == _NULL_SCALE] = np.nan
    return value


def _aggregated_columns(conn: Connection, plan_id: int, entity: Entity,
                        structure: Callable[[], StructureColumns]) -> _Read | None:
    """`_period_columns` on SQLite: the rows of each range of `READ_BATCH` seqs as one row of
    texts joined in document order (group_concat: seqs, codes, periods, values, the
    targets' ranges or the realizations' statuses), so that SQLite walks the rows (letting
    other threads run) and Python makes no object per row (numpy splits and looks up the
    codes: `_CodeTable`, once every batch is read: the structure another thread reads
    meanwhile is waited for only then).

    A batch is aggregated straight from the table's rows as its index on (plan, seq) gives
    them; seqs that do not come in increasing order make this and every later batch go
    through a subquery ordered by seq (slower: SQLite copies each row once more). The first
    batch sends periods as texts and values as `_scaled` pairs; a later one sends the
    periods seen so far as their ids (`_batch_sql`) and each value column as integers at the
    one scale that carried the column's values so far (`_scale_of`), each checked by SQLite
    (a value column NULL so far: only its count of values, which must be 0): a batch
    holding a value its column's scale does not carry is sent again the first way. None
    when a text does not split into its rows in increasing seq order, a value is not
    carried exactly, a status is not one of the workflow's or a code names no
    indicator."""
    targets = entity.name == "targets"
    floats = ("value", "low", "high") if targets else ("value",)
    codes_read: list[tuple[bytes, int]] = []  # looked up once every batch is read
    parts = SpooledColumns({"node": np.int64, "period": np.int64, **dict.fromkeys(floats, float),
                            "status": np.int64})
    try:
        cursor = conn.connection.cursor()
        try:
            where = f"{_current(conn, plan_id, entity)} AND seq >= ? AND seq < ?"
            ids = _aggregated_batches(cursor, plan_id, entity, where, floats, parts,
                                      codes_read)
        finally:
            cursor.close()
        if ids is None:
            return None
        code_table = _code_table(structure()) if codes_read else None
        while codes_read:
            codes, n = codes_read.pop(0)
            node = _code_nodes(codes, n, structure(), code_table)
            if node is None:
                return None
            parts.append("node", node)
        node, period_id = parts.joined("node"), parts.joined("period")
        value = parts.joined("value")
        if targets:
            return (node, period_id, ids, value, parts.joined("low"), parts.joined("high"),
                    None)
        status_codes = parts.joined("status")
    finally:
        parts.close()
    status = ([_STATUS_CODES[k] for k in status_codes.tolist()] if status_codes.any()
              else None)
    return node, period_id, ids, value, value, value, status


def _aggregated_batches(cursor: Any, plan_id: int, entity: Entity, where: str,
                        floats: tuple[str, ...], parts: SpooledColumns,
                        codes_read: list[tuple[bytes, int]]) -> list[str] | None:
    """The batches of `_aggregated_columns` read on `cursor`: their periods and values (and
    statuses) added to `parts`, their joined codes with their counts of rows to
    `codes_read` (`where`: the condition of a batch's rows); gives the periods in order of
    their ids (None as there)."""
    table, targets = entity.table.name, entity.name == "targets"
    ids: defaultdict[str, int] = defaultdict(count().__next__)
    scales: dict[str, int | None] = dict.fromkeys(floats)
    ordered = False  # batches through a subquery ordered by seq
    first, last = cursor.execute(
        f"SELECT (SELECT min(seq) FROM {table} WHERE plan_id = ?), "
        f"(SELECT max(seq) FROM {table} WHERE plan_id = ?)", (plan_id, plan_id)).fetchone()
    for bounds in _batch_bounds(first, last):
        known = list(ids)
        while True:  # again in order, again as pairs: at most three times
            sql = _batch_sql(table, where, floats, scales, known, targets, ordered)
            seqs, codes, periods, value_text, extra = cursor.execute(
                sql, (*known, *bounds)).fetchone()
            seq = _integers(seqs)
            if seq is None:
                return None
            if not (seq[1:] > seq[:-1]).all():
                if ordered:
                    return None
                ordered = True
                continue
            values = _batch_values(seq, floats, scales, value_text,
                                   extra if targets else None)
            if values is not None:
                break
            scales = dict.fromkeys(floats)
        n = len(seq)
        if not n:
            continue
        if isinstance(values, str):  # a value no scale carries
            return None
        codes_read.append((codes, n))
        del seqs, codes
        period_id = _batch_periods(n, periods, ids)
        if period_id is None:
            return None
        parts.append("period", period_id)
        for name, value in zip(floats, values, strict=True):
            parts.append(name, value)
            if scales[name] is None or (name != "value" and scales[name] == _NULL_SCALE):
                scales[name] = _scale_of(value)  # (a range's NULL so far: pairs again)
        if not targets:
            status = _batch_statuses(seq, extra)
            if status is None:
                return None
            parts.append("status", status)
    return list(ids)


#: Seqs of the first batch of `_aggregated_columns` (at most `READ_BATCH`): the one whose
#: periods travel as texts and values as pairs, which the later batches learn from.
FIRST_BATCH = 4096


def _batch_bounds(first: int | None, last: int | None) -> list[tuple[int, int]]:
    """The seq ranges [start, end) of `_aggregated_columns`' batches from seq `first` to
    `last`: `FIRST_BATCH` seqs, then `READ_BATCH` at a time."""
    if first is None or last is None:
        return []
    starts = [first, *range(first + min(FIRST_BATCH, READ_BATCH), last + 1, READ_BATCH)]
    return list(pairwise([*starts, last + 1]))


#: A status code in `_batch_sql`'s texts: seq * _STATUS_SPAN + code (the last: not known).
_STATUS_SPAN = 16
#: The integers that stand for NULL and for a value its column's scale does not carry in
#: `_batch_sql`'s scaled values: odd and above 2**53, so that no double is either (a scaled
#: value is a double made an integer; the only integer SQLite's CAST gives that no double
#: is, 2**63 - 1, is far above them).
_NULL_INTEGER = (1 << 53) + 1
_UNCARRIED = (1 << 53) + 3
#: The exponent of a `_scaled` pair in a range's text that stands for a value refused.
_REFUSED_SCALE = -1


def _integers(text: str | None) -> np.ndarray | None:
    """The integers of a text joined by commas (none for NULL); None when it holds another
    text."""
    try:
        return np.fromstring(text or "", np.int64, sep=",")
    except ValueError:
        return None


def _carried(column: str, k: int | None) -> str:
    """SQL: a REAL column's value in `_batch_sql`: with a scale k, the integer value * 2**k
    when that is exactly the value (checked against the column itself, so that a text or
    blob is not carried), `_NULL_INTEGER` for NULL, else `_UNCARRIED`; without one
    (None, or `_NULL_SCALE`), the `_scaled` pair ("0,`_REFUSED_SCALE`" for a value it
    refuses)."""
    if k is None or k == _NULL_SCALE:
        return f"ifnull({_scaled(column)}, '0,{_REFUSED_SCALE}')"
    integer = f"CAST({_times(column, k)} AS INTEGER)"
    return (f"CASE WHEN {column} = {integer} / {1 << k}.0 THEN {integer} "
            f"WHEN {column} IS NULL THEN {_NULL_INTEGER} ELSE {_UNCARRIED} END")


def _batch_sql(table: str, where: str, floats: tuple[str, ...], scales: dict[str, int | None],
               known: list[str], targets: bool, ordered: bool = False) -> str:
    """The query of one batch of `_aggregated_columns` (parameters: the `known` periods, then
    the seq range), its rows as the table's index gives them or (`ordered`) through a
    subquery ordered by seq: seqs, codes, periods (as their position in `known` when there
    are some, -1 for another; else as texts), the values (`_carried`; with `_NULL_SCALE`, a
    column NULL so far: only its count of values); targets: for each row holding a low or
    a high value, its seq and both (`_carried`); realizations: seq * _STATUS_SPAN + status
    code of each row not verified."""
    period = "'#' || period"
    if known:
        period = ("CASE period " + " ".join(f"WHEN ? THEN {k}" for k in range(len(known)))
                  + f" ELSE {period} END")
    k = scales["value"]
    if k is None:
        value = f"group_concat({_scaled('value')})"
    elif k == _NULL_SCALE:  # NULL so far: its count of values (0, else sent again)
        value = "count(value)"
    else:
        value = f"group_concat({_carried('value', k)})"
    if targets:
        extra = ("group_concat(CASE WHEN low IS NOT NULL OR high IS NOT NULL THEN seq || ',' || "
                 + " || ',' || ".join(_carried(name, scales[name]) for name in floats[1:])
                 + " END)")
    else:
        extra = ("group_concat(CASE status WHEN 'verified' THEN NULL " + " ".join(
            f"WHEN '{s}' THEN seq * {_STATUS_SPAN} + {k}"
            for k, s in enumerate(_STATUS_CODES) if k) +
            f" ELSE seq * {_STATUS_SPAN} + {_STATUS_SPAN - 1} END)")
    # codes and periods as UTF-8 bytes; a literal separator (char(31) is called for each row)
    texts = ", ".join(f"CAST(group_concat({text}, '{_SEPARATOR}') AS BLOB)"
                      for text in ("indicator", period))
    rows = f"{table} WHERE {where}"
    if ordered:
        rows = (f"(SELECT seq, indicator, period, {', '.join(floats)}"
                f"{'' if targets else ', status'} FROM {rows} ORDER BY seq)")
    return f"SELECT group_concat(seq), {texts}, {value}, {extra} FROM {rows}"


def _batch_values(seq: np.ndarray, floats: tuple[str, ...], scales: dict[str, int | None],
                  value_text: Any, ranges: str | None) -> list[np.ndarray] | str | None:
    """The value columns of one batch of `_batch_sql` whose rows have the seqs `seq` (NaN for
    NULL; `ranges`: the targets' text of low and high values); None when a value its
    column's scale does not carry came (send the batch again as pairs), "refused" when
    pairs do not carry a value."""
    n = len(seq)
    k = scales["value"]
    if k is None:
        value = _unscaled(value_text, n)
        if value is None:
            return "refused"
    elif k == _NULL_SCALE:
        if value_text != 0:
            return None  # a value where the column was NULL so far
        value = np.full(n, np.nan)
    else:
        integers = _integers(value_text)
        if integers is None or len(integers) != n:
            return None
        value = _from_integers(integers, k)
        if value is None:
            return None
    if len(floats) == 1:
        return [value]
    ranged = _batch_ranges(seq, [scales[name] for name in floats[1:]], ranges)
    return ranged if ranged is None or isinstance(ranged, str) else [value, *ranged]


def _batch_ranges(seq: np.ndarray, scales: list[int | None], text: str | None
                  ) -> list[np.ndarray] | str | None:
    """The targets' low and high values of one batch of `_batch_sql` (NaN for NULL) from the
    text of the rows holding one (seq, then each `_carried`); None or "refused" as
    `_batch_values`."""
    pairs = [k is None or k == _NULL_SCALE for k in scales]
    width = 1 + sum(2 if pair else 1 for pair in pairs)
    numbers = _integers(text)
    if numbers is None or len(numbers) % width:
        return "refused"
    rows = numbers.reshape(-1, width)
    at = np.searchsorted(seq, rows[:, 0])
    if len(rows) and (at.max() >= len(seq) or (seq[at] != rows[:, 0]).any()):
        return "refused"
    columns, field = [], 1
    for pair, k in zip(pairs, scales, strict=True):
        if pair:
            scale = rows[:, field + 1]
            if (scale == _REFUSED_SCALE).any():
                return "refused"
            got = np.ldexp(rows[:, field].astype(float), -scale.astype(np.int32))
            got[scale == _NULL_SCALE] = np.nan
        else:
            assert k is not None
            carried = _from_integers(rows[:, field], k)
            if carried is None:
                return None
            got = carried
        column = np.full(len(seq), np.nan)
        column[at] = got
        columns.append(column)
        field += 2 if pair else 1
    return columns


def _from_integers(integers: np.ndarray, k: int) -> np.ndarray | None:
    """The doubles of `_carried` integers at scale k (NaN for NULL); None when one was not
    carried."""
    if (integers == _UNCARRIED).any():
        return None
    value = np.ldexp(integers.astype(float), -k)
    value[integers == _NULL_INTEGER] = np.nan
    return value


def _scale_of(value: np.ndarray) -> int | None:
    """The least k >= 0 at which every value (but NaN) times 2**k is an integer of magnitude
    at most 2**63 (exact in SQLite's CAST), or None when there is none below 63;
    `_NULL_SCALE` when every value is NaN (a column of NULLs: only its count is sent)."""
    if np.isnan(value).all():
        return _NULL_SCALE
    value = value[~np.isnan(value) & (value != 0)]
    if not len(value):
        return 0
    if not np.isfinite(value).all():
        return None
    mantissa, exponent = np.frexp(value)  # value = mantissa * 2**exponent, 0.5 <= |m| < 1
    integer = np.abs((mantissa * 2.0 ** 53).astype(np.int64))  # exact: 53 bits
    trailing = np.log2((integer & -integer).astype(float)).astype(np.int64)
    k = max(int((53 - exponent - trailing).max()), 0)
    return k if k <= min(int((63 - exponent).min()), 62) else None


def _batch_periods(n: int, data: bytes | None, ids: defaultdict[str, int]) -> np.ndarray | None:
    """The period ids of one batch of `_batch_sql` (known ones as their ids, others as "#"
    and the text, which take the next ids of `ids` in order of first appearance); None when
    they are not `n`."""
    data = data or b""
    if b"#" in data:
        return _interned_rows(data, n, lambda text: ids[text[1:]] if text[:1] == "#"
                              else int(text))
    period_id = np.fromstring(data, np.int64, sep=_SEPARATOR) if n else np.empty(0, np.int64)
    return period_id if len(period_id) == n else None


def _batch_statuses(seq: np.ndarray, text: str | None) -> np.ndarray | None:
    """Each row's status code of one batch of `_batch_sql` (0: verified); None for a status
    that is not one of the workflow's."""
    status = np.zeros(len(seq), np.int64)
    if text:
        coded = np.fromstring(text, np.int64, sep=",")
        at = np.searchsorted(seq, coded // _STATUS_SPAN)
        code = coded % _STATUS_SPAN
        if (at >= len(seq)).any() or (seq[np.minimum(at, len(seq) - 1)] != coded // _STATUS_SPAN
                                     ).any() or (code == _STATUS_SPAN - 1).any():
            return None
        status[at] = code
    return status


#: Multipliers of the 8-byte words of a text in `_row_hashes` (odd, fixed: any will do).
_WORD_FACTORS = np.random.default_rng(13).integers(1, 1 << 62, 64, dtype=np.uint64) * 2 + 1


#: The low k bytes of a little-endian word (k = 0..8).
_LOW_BYTES = np.array([(1 << 8 * k) - 1 for k in range(9)], "<u8")


def _fixed_rows(data: bytes, n: int) -> tuple[np.ndarray, np.ndarray] | None:
    """`n` texts joined by `_SEPARATOR` (UTF-8) as rows of a zero-padded byte matrix (width
    a multiple of 8) and their lengths; None when they are not `n`. Filled a word (8 bytes)
    at a time: the word at each text's start (and 8, 16, ... bytes on), its bytes past the
    text's end cleared."""
    joined = np.frombuffer(data, np.uint8)
    ends = np.flatnonzero(joined == ord(_SEPARATOR))
    if n == 0:
        return np.zeros((0, 8), np.uint8), np.zeros(0, np.int64)
    if len(ends) != n - 1:
        return None
    starts = np.empty(n, np.int64)
    starts[0], starts[1:] = 0, ends + 1
    lengths = np.diff(np.append(starts, len(joined) + 1)) - 1
    width = max(8, -(-int(lengths.max()) // 8) * 8)
    padded = np.zeros(len(joined) + width, np.uint8)
    padded[:len(joined)] = joined
    word_at = np.ndarray((len(padded) - 7,), "<u8", padded, 0, (1,))  # one at each byte
    words = np.empty((n, width // 8), "<u8")
    for k in range(width // 8):
        np.take(word_at, starts + 8 * k, out=words[:, k])
        words[:, k] &= _LOW_BYTES[np.clip(lengths - 8 * k, 0, 8)]
    return words.view(np.uint8), lengths


def _row_hashes(rows: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """A 64-bit hash of each row of `_fixed_rows` (with its length)."""
    words = rows.view(np.uint64)
    hashes = lengths.astype(np.uint64) * _WORD_FACTORS[-1]
    for k in range(words.shape[1]):
        hashes += words[:, k] * _WORD_FACTORS[k % (len(_WORD_FACTORS) - 1)]
    return hashes ^ (hashes >> np.uint64(29))


_CODE_TABLE_LOCK = threading.Lock()


def _code_table(structure: StructureColumns) -> _CodeTable | None:
    """`_CodeTable.of(structure)`, made once per structure: the targets' and the realizations'
    reads (two threads) share it."""
    with _CODE_TABLE_LOCK:
        if "_code_table" not in structure.__dict__:
            structure.__dict__["_code_table"] = _CodeTable.of(structure)
        return structure.__dict__["_code_table"]  # type: ignore[no-any-return]


#: `_CodeTable.nodes` looks up only the first of each run of rows of one code when the runs'
#: firsts are at most this share of the rows.
_REPEATS_WORTH = 0.75
#: Slots per indicator code of `_CodeTable`'s direct lookup (a power of two at least this):
#: few codes share theirs (those are found by binary search).
_SLOTS_PER_CODE = 2


@dataclass
class _CodeTable:
    """The indicator codes of a structure as `_fixed_rows` found by their sorted hashes: the
    nodes of many codes at once, without a Python object per code (`_code_nodes`)."""

    first: int  # the node of the first indicator
    rows: np.ndarray
    lengths: np.ndarray
    hashes: np.ndarray  # sorted
    order: np.ndarray  # the indicator of each sorted hash
    #: the indicator whose hash starts with each `bits`-bit prefix (-1: none, -2: several,
    #: found by the sorted hashes then)
    slots: np.ndarray
    bits: int

    @classmethod
    def of(cls, structure: StructureColumns) -> _CodeTable | None:
        """The table of `structure`'s indicator codes; None when two hash alike (or there are
        none), which the lookup by dict then does."""
        codes = structure.indicator_codes
        fixed = _fixed_rows(_SEPARATOR.join(codes).encode(), len(codes)) if codes else None
        first = len(structure.objective_codes)
        if fixed is None or any(structure.index.get(codes[k]) != first + k
                                for k in (0, len(codes) - 1)):
            return None
        hashes = _row_hashes(*fixed)
        order = np.argsort(hashes, kind="stable")
        hashes = hashes[order]
        if (hashes[1:] == hashes[:-1]).any():
            return None
        bits = max(int(len(hashes) * _SLOTS_PER_CODE - 1).bit_length(), 1)
        slot = (hashes >> np.uint64(64 - bits)).astype(np.intp)  # sorted as the hashes
        slots = np.full(1 << bits, -1, np.int32)
        slots[slot] = order
        shared = slot[1:] == slot[:-1]
        slots[slot[1:][shared]] = -2
        return cls(first, *fixed, hashes, order, slots, bits)

    def nodes(self, data: bytes, n: int) -> np.ndarray | None:
        """The node of each of `n` codes joined by `_SEPARATOR`; None when they are not `n` or
        one names no indicator. Codes repeated by the rows right after (a target's periods)
        are looked up once."""
        return self.found(_PreparedCodes.of(data, n))

    def found(self, codes: _PreparedCodes | None) -> np.ndarray | None:
        """`nodes` of codes prepared (`_PreparedCodes.of`; None: not `n` codes)."""
        if codes is None or codes.rows.shape[1] > self.rows.shape[1]:
            return None  # (longer than any indicator's)
        found = self._found(codes.rows, codes.lengths, codes.hashes)
        if found is None or codes.runs is None:
            return found
        return np.repeat(found, codes.runs)

    def _found(self, rows: np.ndarray, lengths: np.ndarray, hashes: np.ndarray
               ) -> np.ndarray | None:
        """The nodes of codes as `_fixed_rows` (not wider than the indicators') with their
        `_row_hashes`; None when one names no indicator."""
        indicator = self.slots[(hashes >> np.uint64(64 - self.bits)).astype(np.intp)
                               ].astype(np.int64)
        shared = indicator == -2
        if shared.any():
            at = np.minimum(np.searchsorted(self.hashes, hashes[shared]), len(self.hashes) - 1)
            indicator[shared] = self.order[at]
        if (indicator < 0).any():
            return None  # a hash no indicator's starts as
        same = self.lengths[indicator] == lengths  # and so the bytes past the batch's width
        theirs, words = self.rows.view(np.uint64)[indicator], rows.view(np.uint64)
        for k in range(words.shape[1]):  # a word at a time (faster than all(axis=1))
            same &= theirs[:, k] == words[:, k]
        if not same.all():
            return None
        return indicator + self.first


@dataclass
class _PreparedCodes:
    """Codes joined by `_SEPARATOR` made ready for `_CodeTable.found` before the table is
    there (a cold load's period threads prepare them while the structure is read): their
    `_fixed_rows` and hashes, only the first of each run of one code when the runs are long
    enough to be worth it (`runs`: each run's length; None: every row kept)."""

    rows: np.ndarray
    lengths: np.ndarray
    hashes: np.ndarray
    runs: np.ndarray | None

    @classmethod
    def of(cls, data: bytes, n: int) -> _PreparedCodes | None:
        """The `n` codes of `data` prepared; None when they are not `n`."""
        fixed = _fixed_rows(data, n)
        if fixed is None:
            return None
        rows, lengths = fixed
        words = rows.view(np.uint64)
        changed = lengths[1:] != lengths[:-1]  # (a column at a time: faster than any(axis))
        for k in range(words.shape[1]):
            changed |= words[1:, k] != words[:-1, k]
        heads = np.flatnonzero(np.append(True, changed))  # a row whose code is not the last's
        if len(heads) > n * _REPEATS_WORTH:
            return cls(rows, lengths, _row_hashes(rows, lengths), None)
        rows, lengths = rows[heads], lengths[heads]
        return cls(rows, lengths, _row_hashes(rows, lengths), np.diff(heads, append=n))


def _code_nodes(data: bytes, n: int, structure: StructureColumns,
                table: _CodeTable | None, prepared: _PreparedCodes | None = None
                ) -> np.ndarray | None:
    """The nodes of `n` codes joined by `_SEPARATOR` (by `table`, from `prepared` when
    given, else by the structure's index); None when they are not `n` or one names no
    indicator."""
    if table is not None:
        return table.nodes(data, n) if prepared is None else table.found(prepared)
    codes = data.decode().split(_SEPARATOR) if n else []
    if len(codes) != n:
        return None
    node = node_ids(codes, structure.index)
    return node if (node >= len(structure.objective_codes)).all() else None


def _interned_rows(data: bytes, n: int, id_of: Callable[[str], int]) -> np.ndarray | None:
    """The ids of `n` texts joined by `_SEPARATOR`, `id_of` called once per distinct text in
    order of first appearance (as `interned`); None when they are not `n`."""
    fixed = _fixed_rows(data, n)
    if fixed is None:
        return None
    rows, lengths = fixed
    _, first, inverse = np.unique(_row_hashes(rows, lengths), return_index=True,
                                  return_inverse=True)
    words = rows.view(np.uint64)  # (compared a word at a time)
    if not ((words == words[first[inverse]]).all(axis=1)
            & (lengths == lengths[first[inverse]])).all():  # two texts hashed alike
        return np.fromiter(map(id_of, data.decode().split(_SEPARATOR)), np.int64, count=n)
    appearance = np.argsort(first, kind="stable")
    texts = [rows[k, :lengths[k]].tobytes().decode() for k in first[appearance].tolist()]
    table = np.empty(len(first), np.int64)
    table[appearance] = np.fromiter(map(id_of, texts), np.int64, count=len(texts))
    return table[inverse]


def _split_codes(n: int, seq: np.ndarray, codes: bytes | None, periods: bytes | None,
                 structure: Callable[[], StructureColumns]
                 ) -> tuple[np.ndarray, np.ndarray, list[str]] | None:
    """(node, period id, periods) of `n` rows from their codes and periods joined by
    `_SEPARATOR` (UTF-8); None when the texts do not split into `n` rows in document order
    (`seq` increasing) or a code names no indicator. The periods are numbered and the codes
    prepared (`_PreparedCodes`) before `structure()` is waited for."""
    if len(seq) != n or (n > 1 and not (seq[1:] > seq[:-1]).all()):
        return None
    code_blocks, period_blocks = _blocks(codes or b"", n), _blocks(periods or b"", n)
    if code_blocks is None or period_blocks is None:
        return None
    ids: defaultdict[str, int] = defaultdict(count().__next__)
    prepared, period_ids = [], []
    for code_part, period_part, k in zip(code_blocks, period_blocks, _block_sizes(n),
                                         strict=True):
        period_id = _interned_rows(period_part, k, ids.__getitem__)
        ready = _PreparedCodes.of(code_part, k)
        if ready is None or period_id is None:
            return None
        prepared.append(ready)
        period_ids.append(period_id)
    columns = structure()  # (another thread may still be reading it)
    table = _code_table(columns)
    nodes = []
    for code_part, ready, k in zip(code_blocks, prepared, _block_sizes(n), strict=True):
        node = _code_nodes(code_part, k, columns, table, ready)
        if node is None:
            return None
        nodes.append(node)
    return _joined(nodes, np.int64), _joined(period_ids, np.int64), list(ids)


def _block_sizes(n: int) -> list[int]:
    """How many of `n` texts each block of `_blocks` holds (`READ_BATCH`, the rest last)."""
    return [min(READ_BATCH, n - first) for first in range(0, n, READ_BATCH)]


def _blocks(data: bytes, n: int) -> list[bytes] | None:
    """`n` texts joined by `_SEPARATOR` cut into blocks of `_block_sizes` (numpy's temporary
    arrays stay small); None when they are not `n`."""
    ends = np.flatnonzero(np.frombuffer(data, np.uint8) == ord(_SEPARATOR))
    if len(ends) != max(n - 1, 0) or (n == 0 and data):
        return None
    cuts = [-1, *ends[READ_BATCH - 1::READ_BATCH].tolist(), len(data)]
    return [data[start + 1:end] for start, end in pairwise(cuts)] if n else []


def _fetched_columns(conn: Connection, plan_id: int, entity: Entity,
                     structure: StructureColumns) -> _Read | None:
    """`_period_columns` through the driver's rows: each batch made into a structured array
    in one C pass (NULL values as NaN), codes looked up and periods interned; None when a
    code names no indicator."""
    n_obj, index = len(structure.objective_codes), structure.index
    targets = entity.name == "targets"
    value_fields = (("value", "low", "high") if targets else
                    ("value", "CASE WHEN status = 'verified' THEN NULL ELSE status END"))
    sql = (f"SELECT {', '.join(entity.fields[:2] + value_fields)} FROM {entity.table.name} "
           f"WHERE {_current(conn, plan_id, entity)} ORDER BY seq")
    dtype = np.dtype([("code", object), ("period", object), ("value", float),
                      *((("low", float), ("high", float)) if targets else
                        (("status", object),))])
    ids: defaultdict[str, int] = defaultdict(count().__next__)
    nodes: list[np.ndarray] = []
    period_ids: list[np.ndarray] = []
    values: dict[str, list[np.ndarray]] = {name: [] for name in (dtype.names or ())[2:]}
    cursor = conn.connection.cursor()
    try:
        cursor.execute(sql)
        while rows := cursor.fetchmany(READ_BATCH):
            n = len(rows)
            batch = np.fromiter(rows, dtype, count=n)
            del rows
            node = np.fromiter(map(index.get, batch["code"], repeat(-1)), np.int64, count=n)
            if not (node >= n_obj).all():
                return None
            nodes.append(node)
            period_ids.append(np.fromiter(map(ids.__getitem__, batch["period"]), np.int64,
                                          count=n))
            for name, parts in values.items():
                parts.append(np.ascontiguousarray(batch[name]))
    finally:
        cursor.close()
    node, period_id = _joined(nodes, np.int64), _joined(period_ids, np.int64)
    value = _joined(values["value"], float)
    if targets:
        return (node, period_id, list(ids), value, _joined(values["low"], float),
                _joined(values["high"], float), None)
    status = None
    if any(part.any() for part in values["status"]):  # None where verified
        status = ["verified" if s is None else s
                  for part in values["status"] for s in part.tolist()]
    return node, period_id, list(ids), value, value, value, status


def _joined(parts: list[np.ndarray], dtype: Any) -> np.ndarray:
    """The arrays one after the other (an empty one of `dtype` when there are none); `parts`
    is emptied, so that a column's pieces are let go before the next column is joined (a
    national plan's targets: about 200 MB less at the read's peak)."""
    joined = np.concatenate(parts) if parts else np.empty(0, dtype)
    parts.clear()
    return joined


#: The rows of a list whose other columns `_copied_columns` sends apart (the targets' ranges,
#: the realizations not verified: few rows), and those columns.
_MARKED = {
    "targets": ("low IS NOT NULL OR high IS NOT NULL",
                {"low": "coalesce(low, 'NaN')::float8", "high": "coalesce(high, 'NaN')::float8"}),
    "realizations": ("status IS DISTINCT FROM 'verified'",
                     {"status": "(CASE status " + " ".join(
                         f"WHEN '{s}' THEN {k}" for k, s in enumerate(_STATUS_CODES))
                      + " ELSE -1 END)::int4"}),
}


def _copied_columns(conn: Connection, plan_id: int, entity: Entity,
                    structure: Callable[[], StructureColumns],
                    turn: Callable[[], object] = bool, taken: Callable[[], object] = bool
                    ) -> _Read | None:
    """`_period_columns` on PostgreSQL: one binary `COPY` of one row, the rows' `seq` and
    values (NULL as NaN) as arrays, the codes and periods as `string_agg` texts, and for
    the few rows `_MARKED` (targets with a range, realizations not verified) their seqs and
    other columns (low and high; the status as a number) as arrays of their own, read by
    numpy (one message, not one per row; no object per row); None when a code names no
    indicator or a status is not one of the workflow's; `turn` and `taken` as there."""
    targets = entity.name == "targets"
    marked, others = _MARKED[entity.name]
    arrays = {"seq": ("seq::int4", ""), "value": ("coalesce(value, 'NaN')::float8", ""),
              "marked": ("seq::int4", marked),
              **{name: (sql, marked) for name, sql in others.items()}}
    aggregates = ", ".join(f"array_agg({sql})" + (f" FILTER (WHERE {where})" if where else "")
                           for sql, where in arrays.values())
    sql = (f"COPY (SELECT count(*), string_agg(indicator, E'\\x1f'), "
           f"string_agg(period, E'\\x1f'), {aggregates} "
           f"FROM (SELECT indicator, period, seq, value, {'low, high' if targets else 'status'} "
           f"FROM {entity.table.name} WHERE {_current(conn, plan_id, entity)} "
           "ORDER BY seq) s) TO STDOUT (FORMAT binary)")
    turn()
    cursor = conn.connection.cursor()
    try:
        with cursor.copy(sql) as copy:
            parts = list(copy)
    finally:
        cursor.close()
    # the header and the row come as one message (read where the driver holds it), then the
    # trailer
    data = parts[0] if len(parts) == 2 and bytes(parts[1]) == b"\xff\xff" else b"".join(parts)
    del parts
    at = 19 + int.from_bytes(data[15:19], "big")  # signature, flags, header extension
    at += 2  # the row's field count
    fields: list[Any] = []
    for k in range(3 + len(arrays)):
        size = int.from_bytes(data[at:at + 4], "big", signed=True)
        at += 4
        integers = k > 2 and arrays[list(arrays)[k - 3]][0].endswith("int4")
        if size < 0:  # NULL: no rows
            fields.append(None if k < 3 else np.empty(0, np.int64 if integers else float))
        elif k == 0:
            fields.append(int.from_bytes(data[at:at + size], "big"))
        elif k < 3:  # codes, periods: split as bytes
            fields.append(bytes(data[at:at + size]))
        else:  # dimensions, has-nulls, element type, length, lower bound; (size, value) each
            length = int.from_bytes(data[at + 12:at + 16], "big")
            dtype = np.dtype([("size", ">i4"), ("value", ">i4" if integers else ">f8")])
            if size != 20 + length * dtype.itemsize:
                return None  # not the fixed-width elements expected
            fields.append(np.frombuffer(data, dtype, length, at + 20)["value"].astype(
                np.int64 if integers else float))
        at += max(size, 0)
    del data
    taken()  # the next copy may come in while this one's codes are looked up
    n, codes, periods, seq, value, marked_seq, *columns = fields
    split = _split_codes(n, seq, codes, periods, structure)
    rows = np.searchsorted(seq, marked_seq)
    if split is None or (rows >= len(seq)).any() or (seq[rows] != marked_seq).any():
        return None
    node, period_id, distinct = split
    if targets:
        low, high = np.full(len(seq), np.nan), np.full(len(seq), np.nan)
        low[rows], high[rows] = columns
        return node, period_id, distinct, value, low, high, None
    if (columns[0] < 0).any():
        return None
    status = None
    if len(rows):
        codes_ = np.zeros(len(seq), np.int64)
        codes_[rows] = columns[0]
        status = [_STATUS_CODES[k] for k in codes_.tolist()]
    return node, period_id, distinct, value, value, value, status


def _period_columns_of_rows(conn: Connection, plan_id: int, entity: Entity,
                            structure: StructureColumns) -> tuple[Columns, LazyRows]:
    """`_period_columns` row by row, keeping the codes as read (some name no indicator)."""
    rows = _fetch(conn, plan_id, entity)
    n = len(rows)
    codes = list(map(itemgetter(0), rows))
    node = node_ids(codes, structure.index)
    period_id, periods = interned(map(itemgetter(1), rows), n)
    value = np.array(list(map(itemgetter(2), rows)), dtype=float)
    if entity.name == "targets":
        low = np.array(list(map(itemgetter(3), rows)), dtype=float)
        high = np.array(list(map(itemgetter(4), rows)), dtype=float)
        status = None
    else:
        low = high = np.full(n, np.nan)
        statuses = list(map(itemgetter(3), rows))
        status = None if set(statuses) <= {"verified"} else statuses
    del rows
    columns = Columns([], [], value, low, high, status, node, period_id, periods)
    if (node >= len(structure.objective_codes)).all():
        columns.indicator = []  # the codes follow from the nodes
    else:  # a code that is no indicator: keep the codes as read
        columns.indicator = codes
    return columns, period_rows(entity.name, columns, structure)


def period_rows(name: str, columns: Columns, structure: StructureColumns) -> LazyRows:
    """The targets (`name` "targets") or realizations of engine columns as objects made on
    first use: codes from `columns.indicator` when given, else from the node ids.

    Columns of more than `blocks.SPILL_COLUMNS_BYTES` not mapped from a file already have
    their arrays replaced by copies in an unnamed temporary file mapped read-only
    (`blocks.spilled`): the engine groups them once and gives their pages back, the objects
    read them again from the page cache; the memory the read freed is then given back to the
    system."""
    assert columns.node is not None and columns.period_id is not None
    assert columns.periods is not None
    _spill(columns)
    node, period_id, periods = columns.node, columns.period_id, columns.periods
    value, low, high, status, codes = (columns.value, columns.low, columns.high, columns.status,
                                       columns.indicator)

    def build() -> list[Any]:
        n_obj, indicators = len(structure.objective_codes), structure.indicator_codes
        refs = codes if len(codes) else [indicators[k] for k in (node - n_obj).tolist()]
        period_texts = list(map(periods.__getitem__, period_id.tolist()))
        if name == "targets":
            return list(map(model.Target, refs, period_texts, optional_floats(value),
                            optional_floats(low), optional_floats(high)))
        return list(map(model.Realization, refs, period_texts, value.tolist(),
                        repeat("verified") if status is None else status))

    return LazyRows(len(value), build)


#: The arrays of `Columns` `period_rows` may move to a file.
_SPILLED_FIELDS = ("value", "low", "high", "node", "period_id")


def _spill(columns: Columns) -> None:
    """`columns`' arrays not mapped from a file already moved to a file mapped read-only when
    the columns are big (`period_rows`: the columns a read spooled to files are, the
    realizations' NaN ranges made after are not; a snapshot's all are); left as they are
    when no file can be written."""
    arrays = {field: getattr(columns, field) for field in _SPILLED_FIELDS}
    if sum(array.nbytes for array in {id(a): a for a in arrays.values()}.values()
           ) <= blocks.SPILL_COLUMNS_BYTES:
        return
    fields = [field for field, array in arrays.items() if memmap_of(array) is None]
    mapped = spilled([arrays[field] for field in fields]) if fields else None
    if mapped is None:
        return
    for field, array in zip(fields, mapped, strict=True):
        setattr(columns, field, array)
    del arrays
    give_back_heap()


def read_plan_columns(conn: Connection, plan_row: Row[Any]
                      ) -> tuple[model.PlanDocument, StructureColumns, Columns, Columns]:
    """A plan for the engine, read column-wise (one query per table): the document with its
    targets and realizations as lists made on first use (LazyRows), the structure columns, and
    the targets and realizations as columns (what Engine compiles from).

    On a database other connections see (`READ_APART`), targets and realizations are read by
    two threads on connections of their own (PostgreSQL: the realizations' copy taken in
    after the targets') while this one reads the other lists and builds the structure
    columns; a read apart that sees another database revision than `conn` (a write in
    between) gives way to `conn`."""
    doc = model.PlanDocument(plan_from_row(plan_row))
    structure: Future[StructureColumns] = Future()
    with ExitStack() as stack, no_gc():
        apart: list[Future[dict[str, tuple[Columns, LazyRows]]]] = []
        if READ_APART and _shared(conn):
            revision = read_revision(conn)
            # PostgreSQL copies a list whole: the second copy asked for once the first is
            # taken in (the server makes one at a time: its other core is left to the
            # structure read, this thread's critical path; memory as one copy alone)
            first_read = threading.Event()
            turns = ((bool, first_read.set), (first_read.wait, bool)
                     ) if conn.dialect.name == "postgresql" else ((bool, bool), (bool, bool))
            pool = stack.enter_context(ThreadPoolExecutor(len(PERIOD_LISTS), "cold-load"))
            apart = [pool.submit(_read_apart, conn, plan_row.id, (name,), revision,
                                 structure.result, *turn)
                     for name, turn in zip(PERIOD_LISTS, turns, strict=True)]
        try:
            structure.set_result(_read_structure(conn, plan_row.id, doc))
        except BaseException as exc:
            structure.set_exception(exc)
            raise
        read: dict[str, tuple[Columns, LazyRows]] = {}
        for future in apart:
            read.update(future.result())
        for name in PERIOD_LISTS:
            if name not in read:  # not read apart: read here
                read[name] = _period_columns(conn, plan_row.id, ENTITY[name], structure.result)
        targets, doc.targets = read["targets"]  # type: ignore[assignment]
        realizations, doc.realizations = read["realizations"]  # type: ignore[assignment]
    return doc, structure.result(), targets, realizations


#: The lists a cold load keeps as the JSON text of blocks of rows (blocks.StoredRows), their
#: objects made on first use: the big ones of the structure.
STORED_LISTS = ("objectives", "indicators", "links", "employees")


def _read_structure(conn: Connection, plan_id: int, doc: model.PlanDocument
                    ) -> StructureColumns:
    """Read the lists of a plan other than targets and realizations into `doc`, and give its
    structure columns: the `STORED_LISTS` as stored rows, their fields of the structure taken
    from the rows as they are read (no object per row), the other lists as objects. A value
    the rows' text cannot carry (not JSON, or a weight or cap that is not a finite number:
    JSON has none) makes them objects."""
    columns: dict[str, dict[str, list[Any]]] = {}
    try:
        for entity in ENTITIES:
            if entity.name in STORED_LISTS:
                columns[entity.name] = fields = {
                    name: [] for name in STRUCTURE_FIELDS.get(entity.name, ())}
                stored = StoredRows.of_chunks(entity.cls, entity.fields,
                                              _fetched_chunks(conn, plan_id, entity, fields))
                set_items(doc, entity, stored.lazy())
        structure = StructureColumns.of_fields(doc.plan.settings, columns["objectives"],
                                               columns["indicators"], columns["links"],
                                               n_links=len(columns["links"]["parent"]))
        del columns
        if not all(np.isfinite(array).all() for array in (
                structure.indicators["_ind_weight"], structure.indicators["cap"],
                structure.links[2])):
            raise ValueError("a weight or cap that is not a finite number")
    except (orjson.JSONEncodeError, ValueError):
        for name in STORED_LISTS:
            set_items(doc, ENTITY[name], read_entity(conn, plan_id, ENTITY[name]))
        structure = StructureColumns.of_document(doc)
    for entity in ENTITIES:
        if entity.name not in (*PERIOD_LISTS, *STORED_LISTS):
            set_items(doc, entity, read_entity(conn, plan_id, entity))
    return structure


#: The fields `_fetched_chunks` keeps as one text a chunk (codes), and those of few distinct
#: values it keeps as references to one text per value.
_JOINED_FIELDS = frozenset({"code", "objective", "parent", "child"})
_FEW_FIELDS = frozenset({"level", "polarity", "aggregation", "negative_method"})


class _Gathered:
    """The values of one field over the chunks of `_fetched_chunks`, kept compactly while the
    rows are read (a chunk's texts as one joined text, or references to one text per value)
    and made into objects once every row is read: the rows' small objects, freed chunk by
    chunk, are not interleaved with values kept for good (a cold load's 1.8 million codes),
    which would hold most of the allocator's pools of the rows (about 100 MB at national
    scale) after the read."""

    def __init__(self, name: str):
        self.parts: list[str | list[Any]] = []
        self.joined = name in _JOINED_FIELDS
        self.seen: dict[Any, Any] | None = {} if name in _FEW_FIELDS else None

    def add(self, values: list[Any]) -> None:
        """One chunk's values."""
        if self.joined and values:
            try:  # (a value not a text, as None: TypeError)
                text = _SEPARATOR.join(values)
            except TypeError:
                text = None
            if text is not None and text.count(_SEPARATOR) == len(values) - 1:
                self.parts.append(text)
                return
        if self.seen is not None:
            values = list(map(self.seen.setdefault, values, values))
        self.parts.append(values)

    def append_to(self, target: list[Any]) -> None:
        """Append every value, in order, to `target` (each chunk's joined text split again)."""
        for part in self.parts:
            target.extend(part.split(_SEPARATOR) if isinstance(part, str) else part)


def _fetched_chunks(conn: Connection, plan_id: int, entity: Entity,
                    fields: dict[str, list[Any]]) -> Iterator[list[tuple[Any, ...]]]:
    """The rows of `_fetch`, a chunk of whole blocks at a time (blocks.chunk_rows); the values
    of the `fields` appended to their lists once every row is read (`_Gathered`)."""
    gathered = {name: (_Gathered(name), itemgetter(entity.fields.index(name)))
                for name in fields}
    cursor = conn.connection.cursor()
    try:
        cursor.execute(_list_sql(conn, plan_id, entity))
        while rows := cursor.fetchmany(chunk_rows()):
            for values, get in gathered.values():
                values.add(list(map(get, rows)))
            yield rows
        del rows
        for name, (values, _) in gathered.items():
            values.append_to(fields[name])
            values.parts.clear()
    finally:
        cursor.close()


def _shared(conn: Connection) -> bool:
    """Whether two more connections of `conn`'s engine see its database (not in memory) and
    its pool has room for them without waiting (a busy worker reads on `conn` alone)."""
    pool = conn.engine.pool
    if isinstance(pool, QueuePool) and pool.checkedout() + len(PERIOD_LISTS) > pool.size():
        return False
    if conn.dialect.name == "postgresql":
        return True
    database = conn.engine.url.database
    return conn.dialect.name == "sqlite" and database not in (None, "", ":memory:") and \
        "mode=memory" not in str(conn.engine.url)


def _read_apart(conn: Connection, plan_id: int, names: tuple[str, ...], revision: int,
                structure: Callable[[], StructureColumns], turn: Callable[[], object] = bool,
                done: Callable[[], object] = bool) -> dict[str, tuple[Columns, LazyRows]]:
    """`_period_columns` of the lists `names` on a new connection of `conn`'s engine (one
    snapshot; `turn` as there, `done` as its `taken`, and called again at the end whatever
    happens); nothing when it sees another database revision than `revision` or cannot be
    used. An SQLite connection reads with a small page cache, emptied after."""
    try:
        return _read_on_side(conn, plan_id, names, revision, structure, turn, done)
    finally:
        done()


def _read_on_side(conn: Connection, plan_id: int, names: tuple[str, ...], revision: int,
                  structure: Callable[[], StructureColumns], turn: Callable[[], object],
                  taken: Callable[[], object]) -> dict[str, tuple[Columns, LazyRows]]:
    """The read of `_read_apart` (on a connection of its own)."""
    dbapi_error = conn.dialect.loaded_dbapi.Error
    try:
        with conn.engine.connect() as side:
            if side.dialect.name == "postgresql":
                side = side.execution_options(isolation_level="REPEATABLE READ")
            raw = side.connection.driver_connection if side.dialect.name == "sqlite" else None
            if raw is not None:  # outside a transaction (the driver's autocommit)
                kept = int(raw.execute("PRAGMA cache_size").fetchone()[0])
                raw.execute(f"PRAGMA cache_size = {SIDE_CACHE_KB}")
            try:
                with side.begin():
                    if read_revision(side) != revision:
                        return {}
                    return {name: _period_columns(side, plan_id, ENTITY[name], structure,
                                                  turn, taken) for name in names}
            finally:
                if raw is not None:
                    raw.execute(f"PRAGMA cache_size = {kept}")
                    raw.execute("PRAGMA shrink_memory")
    except (SQLAlchemyError, dbapi_error):
        return {}


def stored_rows(conn: Connection, plan_id: int, entity: Entity) -> list[tuple[Any, ...]]:
    """Every current row of one list of a plan as (id, seq, *fields), in document order: what
    an import compares (and keeps as its snapshot).

    A plain DBAPI cursor (plain tuples, no result processing), like `read_entity`.
    """
    where = _current(conn, plan_id, entity)
    sql = (f"SELECT id, seq, {', '.join(entity.fields)} FROM {entity.table.name} WHERE {where} "
           "ORDER BY seq")
    cursor = conn.connection.cursor()
    try:
        cursor.execute(sql)
        return list(cursor.fetchall())
    finally:
        cursor.close()


# -- writing ------------------------------------------------------------------------------------

#: Rows per executemany / per progress report of the bulk writes of an import.
BULK_BATCH = 50_000


def insert_many(
    conn: Connection,
    table: Table,
    rows: list[dict[str, Any]],
    progress: Callable[[int], None] | None = None,
) -> None:
    """Insert rows in batches (executemany)."""
    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        conn.execute(table.insert(), chunk)
        if progress is not None:
            progress(len(chunk))


def rows_of(entity: Entity, items: Iterable[Any]) -> Iterable[tuple[Any, ...]]:
    """The stored field values of each item, in the entity's field order.

    Items that carry their rows already (a column-backed list with a ``rows()`` method, as the
    fast reader of an import gives for targets and realizations) hand them over directly.
    """
    rows = getattr(items, "rows", None)
    if rows is not None:
        return rows()  # type: ignore[no-any-return]
    return map(_GETTERS[entity.name], items)


def insert_items(
    conn: Connection,
    plan_id: int,
    entity: Entity,
    items: Iterable[Any],
    extra: dict[str, Any] | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Insert the items of one list with seq = their position; return how many.

    The bulk path of imports, streamed (no list of every row): PostgreSQL with COPY (into a
    table `bulk_load` emptied: frozen, the plan and `extra` as the columns' defaults), SQLite
    with a plain DBAPI ``executemany`` of many rows per statement (`_insert_rows`).
    """
    extra = extra or {}
    tail = tuple(driver_value(conn, v) for v in extra.values())
    constants = dict(zip(["plan_id", *extra], (int(plan_id), *tail), strict=True))
    if conn.dialect.name == "postgresql":
        first = _reserved_ids(conn, entity.table, len(items)) if isinstance(items, Sized) else None
        names = ["id"] * (first is not None) + ["seq", *entity.fields]
        chunks = _column_chunks(entity, items, first)
        if first is None or entity.table.name not in conn.info.get(FRESH_TABLES, ()):
            return _copy_columns(conn, entity.table.name, names, chunks, progress, constants)
        with _constant_defaults(conn, entity.table.name, constants):
            return _copy_columns(conn, entity.table.name, names, chunks, progress, frozen=True)
    return _insert_rows(conn, entity.table.name, constants, ["seq", *entity.fields],
                        _field_chunks(entity, items), progress)


#: Rows per INSERT statement of SQLite's bulk writes: one statement of many rows runs its
#: setup (cursors, the plan's foreign-key check program) once for them all (docs/scale.md).
ROWS_PER_INSERT = 64
#: The most parameters a statement may have on any SQLite (999 before SQLite 3.32).
MAX_PARAMETERS = 999


def _sql_literal(value: Any) -> str | None:
    """A value written into an SQL statement as the driver would bind it (integers, booleans,
    text, NULL), or None for a value that must stay a parameter (floats: exact when bound)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool | int):
        return str(int(value))
    if isinstance(value, str) and "\x00" not in value:
        return "'" + value.replace("'", "''") + "'"
    return None


def _insert_rows(conn: Connection, table: str, constants: dict[str, Any], names: list[str],
                 chunks: Iterable[tuple[int, list[Sequence[Any]]]],
                 progress: Callable[[int], None] | None) -> int:
    """Insert rows with a plain DBAPI ``executemany`` (SQLite), in document order: the
    `constants` (the same in every row: the plan, the author...) written into the statement,
    the columns `names` bound, `ROWS_PER_INSERT` rows per statement (fewer when they would
    bind more than `MAX_PARAMETERS` values). Each chunk's columns are
    interleaved into one flat list of parameters by slice assignment and cut into statements'
    parameter tuples by ``zip`` (C speed: no tuple per row). Returns how many rows."""
    # only with `?` parameters are constants written into the statement: with other styles a
    # literal's `%` or `?` could be read as a parameter, so everything is bound there
    qmark = conn.dialect.paramstyle == "qmark"
    marker = "%s" if conn.dialect.paramstyle in ("format", "pyformat") else "?"
    literals = {k: _sql_literal(v) if qmark else None for k, v in constants.items()}
    bound = [k for k, v in literals.items() if v is None] + names
    values = [literals[k] or marker for k in literals] + [marker] * len(names)
    head = f"INSERT INTO {table} ({', '.join([*literals, *names])}) VALUES "
    row = "(" + ", ".join(values) + ")"
    fixed = [constants[k] for k in bound[:len(bound) - len(names)]]
    width = len(bound)
    per = max(1, min(ROWS_PER_INSERT, MAX_PARAMETERS // width))  # rows per statement
    many = head + ", ".join([row] * per)
    cursor = conn.connection.cursor()

    def write(chunk: tuple[int, list[Sequence[Any]]]) -> None:
        columns = chunk[1]
        n = len(columns[0])
        flat: list[Any] = [None] * (n * width)
        for j, column in enumerate([*([v] * n for v in fixed), *columns]):
            flat[j::width] = column
        whole = n // per * per * width
        cursor.executemany(many, zip(*[iter(flat)] * (per * width), strict=False))
        cursor.executemany(head + row, zip(*[iter(flat[whole:])] * width, strict=False))

    try:
        return _write_chunks(chunks, write, progress, rows=lambda chunk: len(chunk[1][0]))
    finally:
        cursor.close()


def _write_chunks(chunks: Iterable[Any], write: Callable[[Any], Any],
                  progress: Callable[[int], None] | None,
                  rows: Callable[[Any], int] = lambda chunk: len(chunk[0])) -> int:
    """Write chunk after chunk (by default each a list of columns; `rows` counts a chunk's
    rows), telling `progress` each chunk's rows; returns how many rows."""
    total = 0
    for chunk in chunks:
        write(chunk)
        total += rows(chunk)
        if progress is not None:
            progress(rows(chunk))
    return total


@contextmanager
def bulk_load(conn: Connection, tables: Iterable[Table] = ()) -> Iterator[bool]:
    """Around an import's bulk writes of one plan's rows in the caller's transaction.

    The indexes (and on PostgreSQL the primary and unique keys) of those `tables` that hold
    no row yet (a first import) are dropped and built again after the writes, from sorted
    keys instead of one B-tree insert per row; a unique one checks every key then, as it
    would have row by row. Both databases' schema changes are part of the transaction: an
    error rolls them back with the rows (PostgreSQL locks the empty tables against readers
    until the commit).

    PostgreSQL: the per-row foreign-key checks of `plan_id` are skipped (the plan row was
    inserted or updated, so locked, earlier in this same transaction: every row names it),
    with ``SET LOCAL session_replication_role = replica`` — for the role only when it may
    (a superuser or ``GRANT SET ON PARAMETER``; else nothing changes), and set back before
    anything else is written (the audit records' triggers fire again). Yields whether the
    checks are skipped. While they are, the empty tables' triggers that would not fire but
    keep every new row for their statement (``REFERENCING NEW TABLE``: the plan checks of
    targets and realizations) are dropped too, and created again after the rows.

    PostgreSQL also empties each empty table again (``TRUNCATE``, once it is locked and seen
    still empty): `insert_items` then copies its rows frozen (``COPY ... FREEZE``: visible
    to all and all-visible at once, so the `VACUUM` after the import has nothing to do)."""
    empty = [table for table in tables if _empty(conn, table)]
    fresh = _truncated(conn, empty)
    if conn.dialect.name == "postgresql":
        empty = [table for table in empty if table.name in fresh]
    keys = [key for table in empty for key in _keys(conn, table)]
    for key in keys:
        conn.execute(DropIndex(key) if isinstance(key, Index) else DropConstraint(key))
    conn.info[FRESH_TABLES] = fresh
    try:
        with _plan_checks_skipped(conn) as skipped:
            triggers = _idle_triggers(conn, empty) if skipped else {}
            for name, table_name in triggers:
                conn.exec_driver_sql(f"DROP TRIGGER {name} ON {table_name}")
            yield skipped
            for definition in triggers.values():  # not reached on an error: rolled back
                conn.exec_driver_sql(definition)
    finally:
        del conn.info[FRESH_TABLES]
    if keys and conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SET LOCAL maintenance_work_mem = '{KEY_BUILD_MEMORY}'")
    for key in keys:  # not reached on an error: the rollback restores them
        conn.execute(CreateIndex(key) if isinstance(key, Index) else AddConstraint(key))


#: ``Connection.info`` key, inside `bulk_load`: the names of the tables emptied in its
#: transaction (PostgreSQL), which `insert_items` copies into frozen.
FRESH_TABLES = "ekinerja.fresh_tables"
#: PostgreSQL's ``maintenance_work_mem`` for the keys a bulk load builds (a province's
#: targets sorted in memory, not in temporary files), for its transaction only.
KEY_BUILD_MEMORY = "256MB"


def _truncated(conn: Connection, tables: list[Table]) -> set[str]:
    """PostgreSQL: the names of those empty `tables` emptied again in this transaction (for
    ``COPY ... FREEZE``), each locked first (no row committed meanwhile is lost); a table that
    may not be truncated (a foreign key to it, no right) is left as it is (its keys too)."""
    fresh: set[str] = set()
    if conn.dialect.name != "postgresql":
        return fresh
    for table in tables:
        conn.exec_driver_sql(f"LOCK TABLE {table.name} IN ACCESS EXCLUSIVE MODE")
        if not _empty(conn, table):
            continue
        savepoint = conn.begin_nested()
        try:
            conn.exec_driver_sql(f"TRUNCATE {table.name}")
        except DBAPIError:
            savepoint.rollback()
            continue
        savepoint.commit()
        fresh.add(table.name)
    return fresh


def _keys(conn: Connection, table: Table
          ) -> list[Index | UniqueConstraint | PrimaryKeyConstraint]:
    """The keys of a table a bulk load may build after its rows: its indexes, and on
    PostgreSQL its primary key first and its unique keys (SQLite cannot drop a key declared
    with its table)."""
    keys: list[Index | UniqueConstraint | PrimaryKeyConstraint] = sorted(
        table.indexes, key=attrgetter("name"))
    if conn.dialect.name == "postgresql":
        keys[:0] = [table.primary_key] if table.primary_key.name else []
        keys += [c for c in table.constraints if isinstance(c, UniqueConstraint)]
    return keys


def _idle_triggers(conn: Connection, tables: list[Table]) -> dict[tuple[str, str], str]:
    """PostgreSQL, with the session's role `replica`: the triggers of `tables` that do not fire
    then (enabled for the origin only) but would keep the rows an insert adds for their
    statement (a transition table), by (name, table): how each is created again."""
    if not tables:
        return {}
    names = ", ".join(f"'{table.name}'::regclass" for table in tables)
    rows = conn.exec_driver_sql(
        "SELECT tgname, tgrelid::regclass::text, pg_get_triggerdef(oid) FROM pg_trigger "
        f"WHERE tgrelid IN ({names}) AND NOT tgisinternal AND tgenabled = 'O' "
        "AND tgnewtable IS NOT NULL AND tgtype & 4 <> 0 ORDER BY tgrelid, tgname").all()
    return {(name, table): definition for name, table, definition in rows}


def _empty(conn: Connection, table: Table) -> bool:
    """Whether `table` holds no row."""
    return conn.execute(select(1).select_from(table).limit(1)).first() is None


@contextmanager
def _plan_checks_skipped(conn: Connection) -> Iterator[bool]:
    """PostgreSQL: the session's role `replica` inside, when the role may (see `bulk_load`)."""
    if conn.dialect.name != "postgresql":
        yield False
        return
    savepoint = conn.begin_nested()
    try:
        conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
    except DBAPIError:  # not permitted for this role: every row is checked
        savepoint.rollback()
        yield False
        return
    savepoint.commit()
    try:
        yield True
    finally:
        conn.exec_driver_sql("SET LOCAL session_replication_role = origin")


def _reserved_ids(conn: Connection, table: Table, n: int) -> int | None:
    """PostgreSQL: the first of `n` ids taken from a table's sequence at once (one call, not a
    ``nextval`` per copied row: about a quarter of the server's time of a `COPY`), None for no
    rows. Other writers of the table wait until the commit (``SHARE ROW EXCLUSIVE``; readers
    do not), so no other row can take an id of the block."""
    if not n:
        return None
    conn.exec_driver_sql(f"LOCK TABLE {table.name} IN SHARE ROW EXCLUSIVE MODE")
    sequence = f"pg_get_serial_sequence('{table.name}', 'id')"
    last = conn.exec_driver_sql(f"SELECT setval({sequence}, nextval({sequence}) + {n - 1})")
    return int(last.scalar_one()) - (n - 1)


@contextmanager
def _constant_defaults(conn: Connection, table: str, constants: dict[str, Any]
                       ) -> Iterator[None]:
    """PostgreSQL, a table emptied in this transaction (see `bulk_load`): the `constants` (the
    plan, the author...) are their columns' defaults inside, so a `COPY` leaves them out (not
    sent nor parsed for every row); the defaults as they were afterwards (not reached on an
    error: the rollback restores them)."""
    from psycopg import sql  # PostgreSQL's driver: only where it is used

    raw = conn.connection.driver_connection
    cursor = raw.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(
            "SELECT a.attname, pg_get_expr(d.adbin, d.adrelid) FROM pg_attribute a "
            "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
            "WHERE a.attrelid = %s::regclass AND a.attname = ANY(%s)", (table, list(constants)))
        before = dict(cursor.fetchall())

        def alter(defaults: dict[str, Any]) -> None:
            clauses = [sql.SQL("ALTER COLUMN {} DROP DEFAULT").format(sql.Identifier(name))
                       if value is None else
                       sql.SQL("ALTER COLUMN {} SET DEFAULT {}").format(sql.Identifier(name),
                                                                        value)
                       for name, value in defaults.items()]
            cursor.execute(sql.SQL("ALTER TABLE {} ").format(sql.Identifier(table))
                           + sql.SQL(", ").join(clauses))

        alter({name: sql.Literal(value) for name, value in constants.items()})
        yield
        alter({name: None if before[name] is None else sql.SQL(before[name])
               for name in constants})
    finally:
        cursor.close()


def _column_chunks(entity: Entity, items: Iterable[Any], first_id: int | None = None
                   ) -> Iterator[list[Sequence[Any]]]:
    """The rows to insert, up to `BULK_BATCH` at a time, as columns: the ids from `first_id`
    when given, seq, then the entity's fields."""
    for start, fields in _field_chunks(entity, items):
        n = len(fields[0])
        ids = [] if first_id is None else [range(first_id + start, first_id + start + n)]
        yield [*ids, *fields]


def _field_chunks(entity: Entity, items: Iterable[Any]
                  ) -> Iterator[tuple[int, list[Sequence[Any]]]]:
    """(first position, columns: seq then the entity's fields) of up to `BULK_BATCH` items at
    a time, no empty one. Items that hand over their columns (``chunks()``, the fast reader's
    targets and realizations) are not made into rows at all."""
    given = getattr(items, "chunks", None)
    if given is not None:
        parts = given()
    elif isinstance(items, list):
        parts = object_columns(entity, items)
    else:
        parts = _transposed(rows_of(entity, items))
    for start, fields in parts:
        n = len(fields[0]) if fields else 0
        if n:
            yield start, [range(start, start + n), *fields]


def object_columns(entity: Entity, items: list[Any]) -> Iterator[tuple[int, list[list[Any]]]]:
    """(first position, columns) of `BULK_BATCH` model objects at a time: each stored field
    taken from every object by one C-level getter (no tuple per object)."""
    getters = [attrgetter(name) for name in entity.fields]
    for start in range(0, len(items), BULK_BATCH):
        part = items[start:start + BULK_BATCH]
        yield start, [list(map(get, part)) for get in getters]


def _transposed(rows: Iterable[tuple[Any, ...]]) -> Iterator[tuple[int, list[list[Any]]]]:
    """(first position, columns) of `BULK_BATCH` rows (of the same length) at a time: the
    rows' values chained into one list, each column a slice of it (C speed, no iterator per
    row as ``zip(*rows)`` makes)."""
    rows = iter(rows)
    for start in count(0, BULK_BATCH):
        chunk = list(islice(rows, BULK_BATCH))
        if not chunk:
            return
        width = len(chunk[0])
        flat = list(chain.from_iterable(chunk))
        if len(flat) != width * len(chunk):
            raise ValueError("rows of different lengths")
        yield start, [flat[j::width] for j in range(width)]


#: COPY's text format: what a text value must escape (docs: PostgreSQL COPY, text format).
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(column: Sequence[Any]) -> list[str]:
    """One column in COPY's text format: None as \\N, floats by repr (exact), booleans t/f."""
    if isinstance(column, range):  # ids and positions
        return list(map(str, column))
    sample = next((v for v in column if v is not None), None)
    if sample is None:
        return ["\\N"] * len(column)
    if isinstance(sample, bool):
        return ["\\N" if v is None else ("t" if v else "f") for v in column]
    if isinstance(sample, str):
        texts = list(column)
        if None in texts:
            texts = ["\\N" if v is None else v for v in texts]
        joined = "".join(texts)
        if "\\" in joined or "\t" in joined or "\n" in joined or "\r" in joined:
            texts = [v if v == "\\N" and column[k] is None else v.translate(_COPY_ESCAPES)
                     for k, v in enumerate(texts)]
        return texts
    if isinstance(sample, datetime):
        return ["\\N" if v is None else v.isoformat() for v in column]
    if None not in column:  # a list of numbers without a gap: converted at C speed
        return list(map(repr, map(float, column)) if isinstance(sample, float)
                    else map(str, column))
    if isinstance(sample, float):
        return ["\\N" if v is None else repr(float(v)) for v in column]
    return ["\\N" if v is None else str(v) for v in column]


def _copy_columns(
    conn: Connection,
    table: str,
    columns: list[str],
    chunks: Iterable[list[Sequence[Any]]],
    progress: Callable[[int], None] | None,
    constants: dict[str, Any] | None = None,
    frozen: bool = False,
) -> int:
    """PostgreSQL: stream rows with COPY in its text format, each chunk formatted column by
    column and joined at C speed (no row tuples are made for the fast reader's columns; for
    rows that exist anyway psycopg's ``write_row`` costs about the same: the server's inserts
    are the time); returns how many rows. The `constants` (the same in every row: the plan,
    the author...) are formatted once and end every line. A thread of psycopg's sends each
    chunk while the next is formatted. `frozen`: ``FREEZE`` (the table emptied in this
    transaction, see `bulk_load`). Inside the caller's transaction: a failure leaves nothing
    behind."""
    from psycopg.copy import QueuedLibpqWriter  # PostgreSQL's driver: only where it is used

    constants = constants or {}
    end = "".join("\t" + _copy_text([v])[0] for v in constants.values()) + "\n"
    statement = (f"COPY {table} ({', '.join([*columns, *constants])}) FROM STDIN"
                 + " (FREEZE)" * frozen)
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        with cursor.copy(statement, writer=QueuedLibpqWriter(cursor)) as copy:

            def write(chunk: list[Sequence[Any]]) -> None:
                # the fields and their separators interleaved into one list, slice by slice
                # (a slice of another length raises), and joined once: no string per row
                texts = [_copy_text(column) for column in chunk]
                n, width = len(texts[0]), 2 * len(texts)
                parts = ["\t"] * (n * width)
                for j, text in enumerate(texts):
                    parts[2 * j::width] = text
                parts[width - 1::width] = [end] * n
                copy.write("".join(parts).encode("utf-8"))

            return _write_chunks(chunks, write, progress)
    finally:
        cursor.close()


def driver_value(conn: Connection, value: Any) -> Any:
    """A value as SQLAlchemy would bind it: SQLite datetimes as naive UTC strings."""
    if isinstance(value, datetime) and conn.dialect.name == "sqlite":
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    return value


def update_by_id(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Update rows given as dicts with ``row_id`` and the columns to set (same keys each)."""
    if not rows:
        return
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(sorted(row)), []).append(row)
    for keys, group in groups.items():
        columns = {k: bindparam(f"v_{k}") for k in keys if k != "row_id"}
        statement = update(table).where(table.c.id == bindparam("row_id")).values(columns)
        params = [
            {("row_id" if k == "row_id" else f"v_{k}"): v for k, v in r.items()} for r in group
        ]
        for start in range(0, len(params), BATCH):
            conn.execute(statement, params[start : start + BATCH])


def delete_ids(conn: Connection, table: Table, ids: list[int]) -> None:
    """Delete rows by id."""
    for start in range(0, len(ids), BATCH):
        conn.execute(table.delete().where(table.c.id.in_(ids[start : start + BATCH])))


def next_seq(conn: Connection, table: Table, plan_id: int) -> int:
    """The position after the last row of one list of a plan (appending keeps document order)."""
    value = conn.execute(
        select(func.coalesce(func.max(table.c.seq), -1)).where(table.c.plan_id == plan_id)
    ).scalar_one()
    return int(value) + 1
