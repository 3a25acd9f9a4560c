"""Compiled cascade arrays and the vectorised roll-up: scores, coverage, influence, what-if.

The plan's structure is compiled once into numpy arrays (node index, edges grouped by the
level of their parent); a period's roll-up is then a handful of ``bincount`` passes, one per
level, and a single realization change rescores only its ancestors.
"""

from __future__ import annotations

import bisect
import copy
import math
import threading
import weakref
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from itertools import count, repeat
from operator import attrgetter
from typing import TYPE_CHECKING, Any

import numpy as np

from ekinerja import pagecache, scoring
from ekinerja.messages import N_, Message
from ekinerja.model import (
    COUNTED_STATUSES,
    LEVEL_RANK,
    LEVELS,
    CausalLink,
    Indicator,
    Link,
    Objective,
    PlanDocument,
    Realization,
    Settings,
    Target,
)
from ekinerja.periods import Period, parse_period

if TYPE_CHECKING:
    import networkx as nx

# The engine's refusals and words (msgids, shown "Indonesian / English").
LEVEL_NOT_BELOW = N_("a child's level must be below its parent's (validate the plan first)")
RHK_CYCLE = N_("a cycle among individual objectives (validate the plan first)")
NO_LINK = N_('no link "{parent}" -> "{child}"')
REALIZATION_SHAPE = N_("realization must hold {count} values, got shape {shape}")
MISSING_COUNTS_AS_ZERO = N_("missing counts as 0")
SCORED_CHILDREN_ONLY = N_("scored children only")

_INDICATOR_LAYER = len(LEVELS)  # indicators sit below every objective level
_AGGREGATION_CODES = {"sum": 0, "latest": 1, "average": 2}


def _nan(n: int) -> np.ndarray:
    return np.full(n, np.nan)


@lru_cache(maxsize=4)
def _shared_nan(n: int) -> np.ndarray:
    """n NaN in a read-only array, shared by the inputs of periods without values (Engine.inputs:
    never changed in place, copied on write)."""
    values = _nan(n)
    values.flags.writeable = False
    return values


def _opt(value: float) -> float | None:
    """A Python float, or None for NaN."""
    return None if math.isnan(value) else float(value)


def optional_floats(values: np.ndarray) -> list[float | None]:
    """A float column as Python values, None where NaN (a value not given)."""
    boxed = values.astype(object)
    boxed[np.isnan(values)] = None
    return boxed.tolist()  # type: ignore[no-any-return]


def _is_prefix(mapping: np.ndarray) -> bool:
    """Whether a map of old places to new ones keeps every place (0, 1, 2...)."""
    return bool(len(mapping) == 0 or (mapping[0] == 0 and mapping[-1] == len(mapping) - 1
                                      and np.all(np.diff(mapping) == 1)))


def _is_block_shift(mapping: np.ndarray, old_objectives: int, new_objectives: int) -> bool:
    """Whether a node map keeps every objective in place and moves every indicator by the
    same offset (objectives added, nothing removed)."""
    shift = new_objectives - old_objectives
    return bool(shift >= 0 and _is_prefix(mapping[:old_objectives])
                and (len(mapping) == old_objectives
                     or (mapping[old_objectives] == new_objectives
                         and _is_prefix(mapping[old_objectives:] - new_objectives))))


def _extended_inputs(cache: dict[str, _PeriodInputs | _ShortInputs], n_indicators: int
                     ) -> dict[str, _PeriodInputs | _ShortInputs]:
    """Dense period inputs kept over a structure edit that changed no indicator's data or
    settings: shared, or to be extended with empty values for the indicators appended when
    the period is read (`_ShortInputs`: most kept periods are not read again)."""
    result: dict[str, _PeriodInputs | _ShortInputs] = {}
    for period, inputs in cache.items():
        if isinstance(inputs, _ShortInputs):
            inputs = inputs.inputs
        result[period] = (inputs if len(inputs.value) == n_indicators
                          else _ShortInputs(inputs, n_indicators))
    return result


@dataclass(frozen=True)
class _ShortInputs:
    """A period's inputs before indicators were appended, extended on first use."""

    inputs: _PeriodInputs
    n_indicators: int

    def extended(self) -> _PeriodInputs:
        """The inputs with empty values for the indicators appended."""
        inputs, extra = self.inputs, self.n_indicators - len(self.inputs.value)
        nan = np.full(extra, np.nan)
        return _PeriodInputs(
            *(np.concatenate([a, nan]) for a in (inputs.value, inputs.low, inputs.high,
                                                 inputs.realization)),
            np.concatenate([inputs.derived, np.zeros(extra, dtype=bool)]),
        )


def optional_float(value: float) -> float | None:
    """A score as it leaves the arrays: a Python float, or None for NaN (no score)."""
    return _opt(value)
def _chain_depths(n: int, parents: np.ndarray, children: np.ndarray) -> np.ndarray | None:
    """Per node, the longest path down to it over the edges parents[k] -> children[k].

    Kahn's algorithm one frontier at a time, vectorised: every edge is visited once, the rounds
    are as many as the longest path. None when the edges hold a cycle.
    """
    # The nodes on these edges numbered 0..m-1: the work is the edges', not the plan's.
    nodes, ends = np.unique(np.concatenate([parents, children]), return_inverse=True)
    m = len(nodes)
    local = _chain_depths_local(m, ends[: len(parents)], ends[len(parents):])
    if local is None:
        return None
    depth = np.zeros(n, dtype=np.int64)
    depth[nodes] = local
    return depth


def _chain_depths_local(n: int, parents: np.ndarray, children: np.ndarray) -> np.ndarray | None:
    """_chain_depths over nodes 0..n-1 that every one lies on an edge."""
    order = np.argsort(parents, kind="stable")
    parents, children = parents[order], children[order]
    start = np.searchsorted(parents, np.arange(n + 1))
    indegree = np.bincount(children, minlength=n)
    involved = np.zeros(n, dtype=bool)
    involved[parents] = involved[children] = True
    depth = np.zeros(n, dtype=np.int64)
    frontier = np.nonzero(involved & (indegree == 0))[0]
    done = 0
    while len(frontier):
        done += len(frontier)
        counts = start[frontier + 1] - start[frontier]
        edges = np.repeat(start[frontier] - np.cumsum(counts) + counts, counts) + np.arange(
            counts.sum()
        )
        targets = children[edges]
        np.maximum.at(depth, targets, depth[parents[edges]] + 1)
        np.subtract.at(indegree, targets, 1)
        frontier = np.unique(targets[indegree[targets] == 0])
    return depth if done == int(involved.sum()) else None


@dataclass
class Columns:
    """Targets or realizations as columns: indicator codes, periods, values (NaN for None).

    ``status`` is each realization's workflow status (docs/workflow.md), or None when every row is
    `verified` (always for targets).
    """

    indicator: Sequence[str]
    period: Sequence[str]
    value: np.ndarray
    low: np.ndarray
    high: np.ndarray
    status: Sequence[str] | None = None
    #: Optional, from a reader that interned them already: each row's node index and its
    #: period as an id into `periods` (saves the engine mapping codes and periods again;
    #: `indicator` and `period` may then be left empty).
    node: np.ndarray | None = None
    period_id: np.ndarray | None = None
    periods: list[str] | None = None

    @classmethod
    def of_targets(cls, targets: Sequence[Target]) -> Columns:
        """Columns of a list of targets."""
        return cls(
            list(map(attrgetter("indicator"), targets)),
            list(map(attrgetter("period"), targets)),
            np.array(list(map(attrgetter("value"), targets)), dtype=float),
            np.array(list(map(attrgetter("low"), targets)), dtype=float),
            np.array(list(map(attrgetter("high"), targets)), dtype=float),
        )

    @classmethod
    def of_realizations(cls, realizations: Sequence[Realization]) -> Columns:
        """Columns of a list of realizations (low and high are all NaN)."""
        value = np.array(list(map(attrgetter("value"), realizations)), dtype=float)
        status = None
        if not set(map(attrgetter("status"), realizations)) <= {"verified"}:
            status = list(map(attrgetter("status"), realizations))
        return cls(
            list(map(attrgetter("indicator"), realizations)),
            list(map(attrgetter("period"), realizations)),
            value,
            np.full(len(value), np.nan),
            np.full(len(value), np.nan),
            status,
        )

    def counted(self, statuses: frozenset[str]) -> Columns:
        """Only the rows whose status is in `statuses` (all rows when every one is verified)."""
        if self.status is None:
            return self if "verified" in statuses else self.select(np.zeros(len(self.value), bool))
        return self.select(np.fromiter((s in statuses for s in self.status), dtype=bool))

    def select(self, keep: np.ndarray) -> Columns:
        """The rows where `keep` is True."""
        rows = np.nonzero(keep)[0].tolist()
        status = None if self.status is None else [self.status[k] for k in rows]
        if self.node is not None and self.period_id is not None and self.periods is not None:
            return Columns([], [], self.value[keep], self.low[keep], self.high[keep], status,
                           self.node[keep], self.period_id[keep], self.periods)
        return Columns(
            [self.indicator[k] for k in rows],
            [self.period[k] for k in rows],
            self.value[keep],
            self.low[keep],
            self.high[keep],
            status,
        )

    def with_ids(self, index: Mapping[str, int]) -> Columns:
        """These columns as a column reader hands them over: node and period ids, no codes
        (the codes kept when one is not in `index`)."""
        node, period_id, periods = self.interned(index)
        codes = self.indicator if (node < 0).any() else []
        return Columns(codes, [], self.value, self.low, self.high, self.status, node, period_id,
                       periods)

    def interned(self, index: Mapping[str, int]) -> tuple[np.ndarray, np.ndarray, list[str]]:
        """(node of each row in `index` or -1, period id of each row, the periods): given by
        the reader, else computed (one pass over each column)."""
        if self.node is not None and self.period_id is not None and self.periods is not None:
            return self.node, self.period_id, self.periods
        period_id, periods = interned(self.period, len(self.value))
        return node_ids(self.indicator, index), period_id, periods


def _small_keys(ids: np.ndarray, n: int) -> np.ndarray:
    """`ids` (0..n-1) as bytes when they fit, else as they are: numpy's stable sort of bytes
    is a radix sort, several times faster than its merge sort of 64-bit integers."""
    if n <= 256 and len(ids) and ids.min() >= 0 and ids.max() < 256:
        return ids.astype(np.uint8)
    return ids


def objective_ranks(objectives: Sequence[Objective]) -> np.ndarray:
    """The level rank of each objective (LEVEL_RANK)."""
    return level_ranks(map(attrgetter("level"), objectives), len(objectives))


def level_ranks(levels: Iterable[str], n: int) -> np.ndarray:
    """The rank (LEVEL_RANK) of each of `n` objective levels."""
    return np.fromiter(map(LEVEL_RANK.__getitem__, levels), np.int64, count=n)


#: The fields of objectives, indicators and links the structure columns are made of.
STRUCTURE_FIELDS = {
    "objectives": ("code", "level"),
    "indicators": ("code", "objective", "weight", "polarity", "aggregation", "negative_method",
                   "cap"),
    "links": ("parent", "child", "weight"),
}


def _fields_of(items: Sequence[Any], names: Iterable[str]) -> dict[str, Iterable[Any]]:
    """One iterator over the items' values of each field."""
    return {name: map(attrgetter(name), items) for name in names}


def indicator_columns(indicators: Sequence[Indicator], index: Mapping[str, int],
                      default_method: str, cap: float) -> dict[str, np.ndarray]:
    """Per-indicator arrays of the compile (their objective as a node of `index`, -1 when
    unknown); `default_method` and `cap` are the plan's settings."""
    return indicator_arrays(_fields_of(indicators, STRUCTURE_FIELDS["indicators"]),
                            len(indicators), index, default_method, cap)


def indicator_arrays(fields: Mapping[str, Iterable[Any]], n: int, index: Mapping[str, int],
                     default_method: str, cap: float) -> dict[str, np.ndarray]:
    """`indicator_columns` of `n` indicators given as their fields' values (by field name)."""
    methods = dict(scoring.METHOD_CODES)  # a method not given: the plan's
    if default_method in methods:
        methods[None] = methods[""] = methods[default_method]
    return {
        "polarity": np.fromiter(map(scoring.POLARITY_CODES.__getitem__, fields["polarity"]),
                                np.int64, count=n),
        "method": np.fromiter(map(methods.__getitem__, fields["negative_method"]), np.int64,
                              count=n),
        "cap": float_column(fields["cap"], n, none=cap),
        "aggregation": np.fromiter(map(_AGGREGATION_CODES.__getitem__, fields["aggregation"]),
                                   np.int64, count=n),
        "_ind_parent": np.fromiter(map(index.get, fields["objective"], repeat(-1)), np.int64,
                                   count=n),
        "_ind_weight": float_column(fields["weight"], n),
    }


def float_column(values: Iterable[Any], n: int, none: float | None = None) -> np.ndarray:
    """`float` of each of `n` values as an array; None as `none` (without one: TypeError, as
    float(None)). A list is converted by numpy at once (its NaNs, None among them, then
    looked at one by one)."""
    if isinstance(values, list) and len(values) == n:
        array = np.array(values, dtype=float)
        nan = np.flatnonzero(np.isnan(array))
        if len(nan) and none is not None and [values[k] for k in nan.tolist()
                                               ].count(None) == len(nan):
            array[nan] = none  # (the usual: only Nones)
        else:
            for k in nan.tolist():
                value = values[k]
                array[k] = none if value is None and none is not None else float(value)
        return array
    return np.fromiter((none if value is None and none is not None else float(value)
                        for value in values), float, count=n)


def link_columns(links: Sequence[Link], index: Mapping[str, int]
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(parent node, child node, weight) of each link (-1 for a code not in `index`)."""
    return link_arrays(_fields_of(links, STRUCTURE_FIELDS["links"]), len(links), index)


def link_arrays(fields: Mapping[str, Iterable[Any]], n: int, index: Mapping[str, int]
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`link_columns` of `n` links given as their fields' values (by field name)."""
    return (
        np.fromiter(map(index.get, fields["parent"], repeat(-1)), np.int64, count=n),
        np.fromiter(map(index.get, fields["child"], repeat(-1)), np.int64, count=n),
        float_column(fields["weight"], n),
    )


def node_ids(codes: Sequence[str], index: Mapping[str, int]) -> np.ndarray:
    """The node of each code in `index` (-1 when absent)."""
    return np.fromiter(map(index.get, codes, repeat(-1)), np.int64, count=len(codes))


def interned(texts: Iterable[str], n: int) -> tuple[np.ndarray, list[str]]:
    """Each text as an id into the distinct texts, in order of first appearance (one pass)."""
    ids: defaultdict[str, int] = defaultdict(count().__next__)
    column = np.fromiter(map(ids.__getitem__, texts), np.int64, count=n)
    return column, list(ids)


@dataclass
class StructureColumns:
    """Objectives, indicators and links as the compile reads them: codes, the code index,
    objective level ranks, the per-indicator arrays (`indicator_columns`) and the links as
    node indices (`link_columns`). A database reader builds them straight from its rows."""

    objective_codes: list[str]
    indicator_codes: list[str]
    index: dict[str, int]
    objective_rank: np.ndarray
    indicators: dict[str, np.ndarray]
    links: tuple[np.ndarray, np.ndarray, np.ndarray]

    @classmethod
    def of_document(cls, doc: PlanDocument) -> StructureColumns:
        """The structure columns of a plan document."""
        return cls.of_fields(doc.plan.settings,
                             *(_fields_of(getattr(doc, name), names)
                               for name, names in STRUCTURE_FIELDS.items()),
                             n_links=len(doc.links))

    @classmethod
    def of_fields(cls, settings: Settings, objectives: Mapping[str, Iterable[Any]],
                  indicators: Mapping[str, Iterable[Any]], links: Mapping[str, Iterable[Any]],
                  n_links: int) -> StructureColumns:
        """The structure columns of the values of the fields STRUCTURE_FIELDS names of the
        objectives, indicators and (`n_links`) links, by field name (a database reader gives
        its rows' columns)."""
        objective_codes, indicator_codes = list(objectives["code"]), list(indicators["code"])
        codes = objective_codes + indicator_codes
        index = dict(zip(codes, range(len(codes)), strict=True))
        return cls(objective_codes, indicator_codes, index,
                   level_ranks(objectives["level"], len(objective_codes)),
                   indicator_arrays(indicators, len(indicator_codes), index,
                                    settings.negative_method, float(settings.cap)),
                   link_arrays(links, n_links, index))


@dataclass
class _Layer:
    """The edges whose parent sits at one level, with local indices for bincount."""

    edges: np.ndarray  # edge indices into the engine's edge arrays
    parents: np.ndarray  # unique parent node indices of these edges
    parent_inv: np.ndarray  # for each edge, position of its parent in `parents`
    children: np.ndarray  # unique child node indices of these edges
    child_inv: np.ndarray  # for each edge, position of its child in `children`


@dataclass
class _PeriodInputs:
    """Dense per-indicator inputs of one period (NaN where absent)."""

    value: np.ndarray
    low: np.ndarray
    high: np.ndarray
    realization: np.ndarray
    derived: np.ndarray  # bool: realization derived from sub-periods


class Structure:
    """The identity of one compiled structure (nodes, links, levels), shared by every engine that
    follows realization and weight changes without recompiling (Engine.follow): values derived
    from the structure alone are kept here, so they survive those changes (docs/architecture.md).
    """

    def __init__(self) -> None:
        self._values: dict[Any, Any] = {}
        self._lock = threading.Lock()

    def __contains__(self, key: Any) -> bool:
        """Whether the value of `key` has been computed for this structure."""
        with self._lock:
            return key in self._values

    def kept(self, keys: frozenset[Any]) -> Structure:
        """A new structure holding only the values of `keys` computed so far."""
        new = Structure()
        with self._lock:
            new._values = {k: v for k, v in self._values.items() if k in keys}
        return new

    def extended(self, old: Structure, engine: Engine, appended: list[Objective]) -> None:
        """Take over from `old` the memos of APPENDED_MEMOS it holds, extended by the values of
        the objectives `appended` (after an edit that only appended objectives)."""
        with old._lock:
            values = {k: old._values[k] for k in APPENDED_MEMOS if k in old._values}
        for key, value in values.items():  # in order: a later one may read an earlier one
            value = APPENDED_MEMOS[key](engine, value, appended)
            with self._lock:
                self._values.setdefault(key, value)

    def memo(self, key: Any, compute: Callable[[], Any]) -> Any:
        """The value of `key`, computed once per structure (`compute` must read structure only)."""
        with self._lock:
            if key in self._values:
                return self._values[key]
        value = compute()
        with self._lock:
            return self._values.setdefault(key, value)


@dataclass(frozen=True)
class IndicatorValues:
    """One indicator in one period: target, realization (derived from sub-periods or not),
    raw and clamped achievement (None where there is none)."""

    target: float | list[float] | None
    realization: float | None
    derived: bool
    raw_achievement: float | None
    achievement: float | None


MAX_EVALUATIONS = 12  # evaluations kept per engine (Engine.evaluation)
#: ... per engine of a plan of SCORES_ONLY_NODES or more (a national plan's: about 100 MB each
#: with its period's inputs, so that a worker showing one period after another stays lean)
MAX_BIG_EVALUATIONS = 3
MAX_INPUTS = 32  # periods whose dense inputs an engine keeps beside its evaluations (inputs)
MAX_BIG_INPUTS = 8  # ... of a plan of SCORES_ONLY_NODES or more (up to 40 MB each)
#: Structure memos (readmodels, forecast) that hold no objective or indicator name: a rename
#: keeps them (Engine.with_names); every other memo is computed again.
#: Structure memos that are one value per objective in node order, drawn from the objective and
#: the units alone (readmodels register them): a structure edit that changed and removed no
#: objective keeps them, extended: key -> (new engine, old value, objectives appended) -> value.
APPENDED_MEMOS: dict[str, Callable[[Engine, Any, list[Objective]], Any]] = {}
#: Structure memos of units and employees alone: a structure edit keeps them.
UNIT_MEMOS = frozenset({"units", "employees", "agency_of_unit", "unit_tree"})
NAME_FREE_MEMOS = frozenset({
    "link_positions", "units", "employees", "agency_of_unit", "objective_agency",
    "objective_agency_ids", "agency_top",
    "unit_tree", "objectives_by_unit", "indicators_by_unit", "indicators_by_owner",
    "forecast_order",
})
_EVALUATIONS: weakref.WeakKeyDictionary[Engine, OrderedDict[str, Evaluation]] = (
    weakref.WeakKeyDictionary()
)
_EVALUATIONS_LOCK = threading.Lock()
#: Evaluations carried over a structure edit, not used yet: their arrays (no engine) and how
#: to carry them (Engine._carry_evaluations).
_Pending = tuple["OrderedDict[str, Evaluation]", tuple[Any, ...]]
_PENDING: weakref.WeakKeyDictionary[Engine, _Pending] = weakref.WeakKeyDictionary()
#: Engines replaced by newer ones (Engine.retire): they keep no evaluation.
_RETIRED: weakref.WeakSet[Engine] = weakref.WeakSet()
#: A plan of at least this many nodes keeps, of a period whose evaluation it does not keep, its
#: objectives' scores alone once asked for them (Engine.objective_scores: a trend): a national
#: plan's evaluation with its period's inputs takes about 75 MB, its objectives' scores 5 MB.
#: A smaller plan keeps the evaluation (Engine.evaluation), which follows edits in place.
#: (524 288 nodes: per-node arrays of 4 MiB, `pagecache.LARGE_BLOCK`.)
SCORES_ONLY_NODES = 1 << 19
#: The objectives' scores kept by period (Engine.objective_scores), at most MAX_SCORES each.
_SCORES: weakref.WeakKeyDictionary[Engine, dict[str, np.ndarray]] = weakref.WeakKeyDictionary()
MAX_SCORES = 32


class _ShiftedIndex(Mapping[str, int]):
    """The node index after structure edits that only appended objectives and indicators:
    the index of the last full numbering, read through an offset instead of renumbered (an
    objective added moves every indicator one place; renumbering them in a dict cost more
    than the rest of the edit at province scale). `objectives`: the objectives appended (their
    nodes); `indicators`: the indicators appended (their nodes less the offset)."""

    __slots__ = ("base", "boundary", "indicators", "objectives", "shift")

    def __init__(self, base: Mapping[str, int], boundary: int, shift: int,
                 objectives: dict[str, int], indicators: dict[str, int]):
        self.base, self.boundary, self.shift = base, boundary, shift
        self.objectives, self.indicators = objectives, indicators

    @classmethod
    def appended(cls, old: Mapping[str, int], old_objectives: int,
                 objectives: Sequence[str], indicators: Sequence[str],
                 n_objectives: int) -> _ShiftedIndex:
        """`old` (of an engine with `old_objectives` objectives) with `objectives` appended
        after its objectives and `indicators` after its indicators (`n_objectives` now)."""
        if isinstance(old, _ShiftedIndex):
            base, boundary, shift = old.base, old.boundary, old.shift
            added_objectives, added_indicators = dict(old.objectives), dict(old.indicators)
        else:
            base, boundary, shift = old, old_objectives, 0  # shared: never changed
            added_objectives, added_indicators = {}, {}
        added = n_objectives - old_objectives
        added_objectives.update(zip(objectives, range(old_objectives, n_objectives),
                                    strict=True))
        shift += added
        first = len(old) - old_objectives + n_objectives - shift  # unshifted node of the next
        added_indicators.update(zip(indicators, range(first, first + len(indicators)),
                                    strict=True))
        return cls(base, boundary, shift, added_objectives, added_indicators)

    def __getitem__(self, code: str) -> int:
        node = self.objectives.get(code)
        if node is not None:
            return node
        node = self.indicators.get(code)
        if node is None:
            node = self.base[code]
            if node < self.boundary:
                return node
        return node + self.shift

    def get(self, code: str, default: Any = None) -> Any:  # type: ignore[override]
        try:
            return self[code]
        except KeyError:
            return default

    def __contains__(self, code: object) -> bool:
        return code in self.objectives or code in self.indicators or code in self.base

    def __len__(self) -> int:
        return len(self.base) + len(self.objectives) + len(self.indicators)

    def __iter__(self) -> Iterator[str]:
        yield from self.base
        yield from self.objectives
        yield from self.indicators


def _lazy(items: Sequence[Any]) -> bool:
    """Whether `items` is a plan list whose objects are not made yet (a LazyRows)."""
    return getattr(items, "overlaid", None) is not None and not getattr(items, "built", True)


def _overlaid(items: Sequence[Any], changed: Mapping[int, Any],
              appended: Sequence[Any] = ()) -> Sequence[Any]:
    """`items` with the items at the positions `changed` replaced and `appended` added: a list
    whose objects are not made yet stays so (LazyRows.overlaid), else a copy."""
    if _lazy(items):
        return items.overlaid(changed, appended)  # type: ignore[attr-defined, no-any-return]
    result = list(items)
    for position, item in changed.items():
        result[position] = item
    result.extend(appended)
    return result


class _Overlay:
    """A plan list whose objects are not made yet, under edits: items replaced by position
    and appended kept apart, so an edit makes only the objects it reads (`final`)."""

    def __init__(self, source: Sequence[Any]):
        self.source, self.base = source, len(source)
        self.changed: dict[int, Any] = {}
        self.appended: list[Any] = []

    def __len__(self) -> int:
        return self.base + len(self.appended)

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, slice):
            return [self[k] for k in range(*key.indices(len(self)))]
        position = key + len(self) if key < 0 else key
        if position >= self.base:
            return self.appended[position - self.base]
        return self.changed[position] if position in self.changed else self.source[position]

    def __setitem__(self, position: int, item: Any) -> None:
        if position >= self.base:
            self.appended[position - self.base] = item
        else:
            self.changed[position] = item

    def append(self, item: Any) -> None:
        self.appended.append(item)

    def final(self) -> Sequence[Any]:
        """The list after the edits."""
        return _overlaid(self.source, self.changed, self.appended)


class _Patched:
    """A plan list under structure edits: a removed item leaves a hole, an added one is
    appended (as a fresh read orders them), an updated one is replaced in its place."""

    def __init__(self, items: Sequence[Any], position: Callable[[Any], int | None]):
        self._source = items
        self._copied = False
        self.base = len(items)
        self._position = position
        self.added: dict[Any, int] = {}
        self.removed: set[int] = set()  # base positions
        self.changed: set[int] = set()  # base positions of updated items
        self.touched = False
        self.holes = False  # some item removed
        self._moved: dict[int, np.ndarray] = {}

    @property
    def items(self) -> list[Any]:
        """The items after the edits so far (a removed one None): the plan's list until an
        edit changes it (copied then: a large plan list is copied only when edited)."""
        if not self._copied:
            lazy = _lazy(self._source)
            self._source = _Overlay(self._source) if lazy else list(self._source)
            self._copied = True
        return self._source

    def find(self, key: Any) -> int:
        """The position of a key's item; KeyError when there is none."""
        found = self.added.get(key)
        if found is None:
            found = self._position(key)
            if found is None or found in self.removed:
                raise KeyError(key)
        return found

    def add(self, key: Any, item: Any) -> None:
        self.added[key] = len(self.items)
        self.items.append(item)
        self.touched = True

    def remove(self, key: Any) -> None:
        position = self.find(key)
        if isinstance(self.items, _Overlay):  # holes: the list itself, made
            self._source = list(self._source.final())  # type: ignore[union-attr]
        self.items[position] = None
        self.holes = True
        self.added.pop(key, None)
        if position < self.base:
            self.removed.add(position)
        self.touched = True

    def update(self, key: Any, values: dict[str, Any]) -> None:
        position = self.find(key)
        self.items[position] = replace(self.items[position], **values)
        if position < self.base:
            self.changed.add(position)
        self.touched = True

    def final(self) -> list[Any]:
        """The list after the edits (updated in place, appended at the end)."""
        if not self.touched:
            return self._source  # type: ignore[return-value]  # shared, never changed
        if not self.holes:
            items = self.items
            return items.final() if isinstance(items, _Overlay) else items  # type: ignore[return-value]
        holes = [*self.removed, *(k for k in range(self.base, len(self.items))
                                  if self.items[k] is None)]
        if len(holes) > 64:
            return [item for item in self.items if item is not None]
        items = list(self.items)  # the positions of `items` stay those of the edits
        for k in sorted(holes, reverse=True):  # a few: deleted, no scan in Python
            del items[k]
        return items

    def codes(self, old: list[str]) -> list[str]:
        """The codes of the list after the edits, from `old` (those of the base items): kept
        when nothing went, with the appended ones after them."""
        if not self.touched:
            return old
        if self.holes:
            return [item.code for item in self.items if item is not None]
        return old + [item.code for item in self.items[self.base:]]

    def _kept(self) -> np.ndarray:
        keep = np.ones(self.base, dtype=bool)
        keep[list(self.removed)] = False
        return keep

    def moved_to(self, offset: int) -> np.ndarray:
        """For each base position, its new place + offset (-1 when removed)."""
        if not self.removed:
            return np.arange(offset, offset + self.base)
        if offset not in self._moved:  # read after the edits, by several: computed once
            keep = self._kept()
            self._moved[offset] = np.where(keep, np.cumsum(keep) - 1 + offset, -1)
        return self._moved[offset]

    def patched(self, base: np.ndarray, compute: Callable[[list[Any]], np.ndarray]
                ) -> np.ndarray:
        """A column of the base items after the edits: kept values, updated ones and the
        appended ones computed by `compute` (a column of a list of items)."""
        if not self.removed and not self.changed and len(self.items) == self.base:
            return base
        values = base[self._kept()] if self.removed else base.copy()
        changed = sorted(self.changed - self.removed)
        if changed:
            places = self.moved_to(0)[changed]
            values[places] = compute([self.items[p] for p in changed])
        appended = [item for item in self.items[self.base:] if item is not None]
        if appended:
            values = np.concatenate([values, compute(appended).astype(values.dtype)])
        return values


class _KeptKeys(Sequence[tuple[int, int, int]]):
    """The sort keys (-layer of the parent, parent, place in the columns) of the edges an edit
    kept, in the new numbering, read from the old edge arrays on demand (for bisect)."""

    def __init__(self, patch: _EdgePatch):
        self.patch = patch
        self.size = len(patch.old.e_parent) - len(patch.dropped)

    def __len__(self) -> int:
        return self.size

    def __getitem__(self, j: Any) -> Any:
        i = int(j)
        for d in self.patch.dropped:  # ascending: the j-th kept edge skips those before it
            if d > i:
                break
            i += 1
        old = self.patch.old
        parent = int(old.e_parent[i])
        return (-int(old.layer_of[parent]), self.patch.node(parent),
                self.patch.source(int(old._edge_source[i])))


class _EdgePatch:
    """The edges of `old` an edit dropped and those it placed anew (Engine._patch_edges):
    `new` holds the patched columns, its node layers and its root already."""

    def __init__(self, old: Engine, new: Engine, node_map: np.ndarray, objectives: _Patched,
                 indicators: _Patched, links: _Patched):
        self.old, self.new, self.node_map = old, new, node_map
        self.n_old_links, self.n_links = len(old._link_parent), len(new._link_parent)
        #: No node went: objectives keep their numbers, indicators move by `shift`.
        self.block = not (objectives.removed or indicators.removed)
        self.shift = new.n_objectives - old.n_objectives
        self.link_map = links.moved_to(0) if links.removed else None
        self.indicator_map = indicators.moved_to(0) if indicators.removed else None
        total = len(old.e_parent)
        limit = max(256, total // 8)
        dropped: set[int] = set()
        for position in links.removed | links.changed:
            dropped.update(self._link_edges(position))
        for position in indicators.removed | indicators.changed:
            dropped.update(old.parents_of(old.n_objectives + position).tolist())
        for node in objectives.removed:
            dropped.update(old.children_of(node).tolist())
            dropped.update(old.parents_of(node).tolist())
        # the objectives whose layer changed (a level, an RHK chain): their edges move
        if self.block:
            n = old.n_objectives
            relayered = np.flatnonzero(old.layer_of[:n] != new.layer_of[:n])
        else:
            kept = np.flatnonzero(node_map[: old.n_objectives] >= 0)
            relayered = kept[new.layer_of[node_map[kept]] != old.layer_of[kept]]
        self.relayered = relayered.tolist()
        self.too_large = not total or len(self.relayered) > limit or len(dropped) > limit
        if self.too_large:
            return
        fresh: set[int] = set()  # places in the new columns whose edge is placed anew
        for node in self.relayered:
            for edge in old.children_of(node).tolist():
                if edge not in dropped:
                    dropped.add(edge)
                    fresh.add(self.source(int(old._edge_source[edge])))
        fresh.update(self.source(p) for p in links.changed - links.removed)
        fresh.update(range(links.base - len(links.removed), self.n_links))
        fresh.update(self.source(self.n_old_links + p)
                     for p in indicators.changed - indicators.removed)
        fresh.update(range(self.n_links + indicators.base - len(indicators.removed),
                           self.n_links + new.n_indicators))
        fresh.discard(-1)
        self.dropped = sorted(dropped)
        self.too_large = len(self.dropped) + len(fresh) > limit
        self.placed = sorted(edge for edge in map(self._edge_of, fresh) if edge is not None)

    def _link_edges(self, position: int) -> list[int]:
        """The edge of `old` of the link at `position` of its columns (none or one)."""
        old = self.old
        parent, child = int(old._link_parent[position]), int(old._link_child[position])
        if parent < 0 or child < 0:
            return []
        edges = old.children_of(parent)
        return edges[old._edge_source[edges] == position].tolist()

    def node(self, node: int) -> int:
        """The new number of a node of `old` (-1: removed)."""
        if self.block:
            return node if node < self.old.n_objectives else node + self.shift
        return int(self.node_map[node])

    def source(self, source: int) -> int:
        """The new place in the columns of a place of `old` (-1: removed)."""
        if source < self.n_old_links:
            return source if self.link_map is None else int(self.link_map[source])
        position = source - self.n_old_links
        if self.indicator_map is not None:
            position = int(self.indicator_map[position])
            if position < 0:
                return -1
        return self.n_links + position

    def _edge_of(self, source: int) -> tuple[tuple[int, int, int], int, float] | None:
        """(sort key, child, weight) of the edge of a place in the new columns (None when its
        link or indicator reaches no node)."""
        new = self.new
        if source < self.n_links:
            parent, child = int(new._link_parent[source]), int(new._link_child[source])
            weight = float(new._link_weight[source])
        else:
            position = source - self.n_links
            parent, child = int(new._ind_parent[position]), new.n_objectives + position
            weight = float(new._ind_weight[position])
        if parent < 0 or child < 0:
            return None
        return (-int(new.layer_of[parent]), parent, source), child, weight

    def check_levels(self) -> None:
        """ValueError (as the compile) when an edge placed anew, or a kept edge into an
        objective whose layer changed, goes from a layer to the same or a higher one."""
        layer = self.new.layer_of
        pairs = [(key[1], child) for key, child, _ in self.placed]
        dropped = set(self.dropped)
        for node in self.relayered:
            pairs.extend((self.node(int(self.old.e_parent[e])), self.node(node))
                         for e in self.old.parents_of(node).tolist() if e not in dropped)
        if any(layer[child] <= layer[parent] for parent, child in pairs):
            raise ValueError(Message(LEVEL_NOT_BELOW).bilingual())

    def _remapped_nodes(self, values: np.ndarray) -> np.ndarray:
        if self.block:
            if not self.shift or not len(values):
                return values
            return np.where(values >= self.old.n_objectives, values + self.shift, values)
        return self.node_map[values]

    def _remapped_sources(self, values: np.ndarray) -> np.ndarray:
        if self.link_map is None and self.indicator_map is None:
            added = self.n_links - self.n_old_links
            return np.where(values >= self.n_old_links, values + added, values) if added \
                else values
        link_map = (self.link_map if self.link_map is not None
                    else np.arange(self.n_old_links))
        indicator_map = (self.indicator_map if self.indicator_map is not None
                         else np.arange(len(self.old._ind_parent)))
        return np.concatenate([link_map, np.where(indicator_map >= 0,
                                                  indicator_map + self.n_links, -1)])[values]

    def apply(self) -> None:
        """Write the new edge arrays, layers and adjacency into `new`."""
        old, new = self.old, self.new
        if not self.dropped and not self.placed and new.n == old.n \
                and self.n_links == self.n_old_links:
            for name in ("e_parent", "e_child", "e_weight", "_edge_source", "layers",
                         "_by_parent", "n_children", "_child_ptr", "_by_child", "_parent_ptr"):
                setattr(new, name, getattr(old, name))
            return
        keys = _KeptKeys(self)
        at = [bisect.bisect_left(keys, key) for key, _, _ in self.placed]
        dropped = self.dropped
        placed = self.placed
        new.e_parent = np.insert(self._remapped_nodes(np.delete(old.e_parent, dropped)), at,
                                 [key[1] for key, _, _ in placed])
        new.e_child = np.insert(self._remapped_nodes(np.delete(old.e_child, dropped)), at,
                                [child for _, child, _ in placed])
        new.e_weight = np.insert(np.delete(old.e_weight, dropped), at,
                                 [weight for _, _, weight in placed])
        new._edge_source = np.insert(
            self._remapped_sources(np.delete(old._edge_source, dropped)), at,
            [key[2] for key, _, _ in placed])
        new.layers = new._built_layers(*self._layer_ranges())
        new._compile_adjacency()

    def _layer_ranges(self) -> tuple[list[tuple[int, int]], dict[int, _Layer]]:
        """The new layers' edge ranges, deepest first, and the layers kept as they were (no
        edge left or entered them) by their new start."""
        old = self.old
        count: dict[int, int] = {}
        before: dict[int, _Layer] = {}
        for layer in old.layers:
            value = int(old.layer_of[old.e_parent[layer.edges[0]]])
            count[value] = len(layer.edges)
            before[value] = layer
        touched: set[int] = set()
        for edge in self.dropped:
            value = int(old.layer_of[old.e_parent[edge]])
            count[value] -= 1
            touched.add(value)
        for key, _, _ in self.placed:
            count[-key[0]] = count.get(-key[0], 0) + 1
            touched.add(-key[0])
        ranges: list[tuple[int, int]] = []
        kept: dict[int, _Layer] = {}
        start = 0
        for value in sorted(count, reverse=True):
            stop = start + count[value]
            if value not in touched and stop > start:
                layer = before[value]
                kept[start] = _Layer(
                    layer.edges if int(layer.edges[0]) == start else np.arange(start, stop),
                    layer.parents if self.block else self.node_map[layer.parents],
                    layer.parent_inv, self._remapped_nodes(layer.children), layer.child_inv)
            ranges.append((start, stop))
            start = stop
        return ranges, kept


class Engine:
    """A plan compiled for scoring. Build once per structure change; evaluate any period."""

    def __init__(
        self,
        doc: PlanDocument,
        *,
        targets: Columns | None = None,
        realizations: Columns | None = None,
        structure: StructureColumns | None = None,
    ):
        """Compile `doc`; `targets`/`realizations` as columns replace the document's lists
        and `structure` its objectives, indicators and links (the fast path of a database
        load: the compile is then numpy over the columns alone).

        Realizations are scored by the plan setting `count` (docs/workflow.md): `submitted` scores
        submitted and verified values, `verified` only verified ones; draft and rejected values
        never count. ``verified_only()`` gives the view that SKP, TPP and SAKIP documents use.
        """
        self.doc = doc
        settings = doc.plan.settings
        self.floor = float(settings.floor)
        self.default_cap = float(settings.cap)
        self.missing = settings.missing
        self.count = settings.count
        self.bands = [(float(b), str(label)) for b, label in settings.bands]
        self._band_bounds = np.array(sorted(b for b, _ in self.bands))
        self._band_labels = [label for _, label in sorted(self.bands, key=lambda b: b[0])]

        if structure is None:
            self._compile_nodes([o.code for o in doc.objectives],
                                [i.code for i in doc.indicators])
            self._obj_rank = objective_ranks(doc.objectives)
            self._compile_indicators()
            self._link_parent, self._link_child, self._link_weight = self._link_columns(
                doc.links)
        else:
            self._compile_nodes(structure.objective_codes, structure.indicator_codes,
                                structure.index)
            self._obj_rank = structure.objective_rank
            for name, values in structure.indicators.items():
                setattr(self, name, values)
            self._link_parent, self._link_child, self._link_weight = structure.links
        self._compile_edges()
        if realizations is None:
            realizations = Columns.of_realizations(doc.realizations)
        # Every realization, kept only when some are not verified: for verified_only().
        self._all_realizations = None if realizations.status is None else realizations
        self._compile_period_data(
            targets if targets is not None else Columns.of_targets(doc.targets),
            realizations.counted(COUNTED_STATUSES[self.count]),
        )
        self._period_cache: dict[str, _PeriodInputs | _ShortInputs] = {}
        self.structure = Structure()
        self._verified: Engine | None = None

    # ----------------------------------------------------------------- compile
    def _compile_nodes(self, objective_codes: list[str], indicator_codes: list[str],
                       index: dict[str, int] | None = None) -> None:
        """Node numbering: the objectives in plan order, then the indicators."""
        self.objective_codes = objective_codes
        self.indicator_codes = indicator_codes
        self.n_objectives = len(objective_codes)
        self.n_indicators = len(indicator_codes)
        self.n = self.n_objectives + self.n_indicators
        self.__dict__.pop("codes", None)  # of the numbering before a structure edit
        self.index = dict(zip(self.codes, range(self.n), strict=True)) if index is None else index

    @cached_property
    def codes(self) -> list[str]:
        """Each node's code: the objectives', then the indicators' (joined on first use: a
        structure edit need not copy the plan's codes)."""
        return self.objective_codes + self.indicator_codes

    def _compile_indicators(self) -> None:
        for name, values in self._indicator_columns(self.doc.indicators).items():
            setattr(self, name, values)

    def _indicator_columns(self, indicators: Sequence[Indicator]) -> dict[str, np.ndarray]:
        """Per-indicator arrays of `indicators` (their objective as a node of this engine's
        index, -1 when unknown)."""
        return indicator_columns(indicators, self.index, self.doc.plan.settings.negative_method,
                                 self.default_cap)

    def _link_columns(self, links: Sequence[Link]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(parent node, child node, weight) of each link (-1 for a code not in the index)."""
        return link_columns(links, self.index)

    def _compile_edges(self) -> None:
        """Layers, root and edge arrays from the columns (objective levels, links, indicators):
        numpy only, so a structure edit recompiles from patched columns (with_structure)."""
        n_obj = self.n_objectives
        self._base_layers()
        lp, lc = self._link_parent, self._link_child
        keep = np.flatnonzero((lp >= 0) & (lc >= 0))
        kept_indicators = np.flatnonzero(self._ind_parent >= 0)
        e_parent = np.concatenate([lp[keep], self._ind_parent[kept_indicators]])
        e_child = np.concatenate([lc[keep], n_obj + kept_indicators])
        weights = np.concatenate([self._link_weight[keep], self._ind_weight[kept_indicators]])
        source = np.concatenate([keep, len(lp) + kept_indicators])
        self._deepen_individual_chains(e_parent, e_child)
        if len(e_parent) and np.any(self.layer_of[e_child] <= self.layer_of[e_parent]):
            raise ValueError(Message(LEVEL_NOT_BELOW).bilingual())
        # Edges sorted by parent layer (deepest first), then by parent.
        order = np.lexsort((e_parent, -self.layer_of[e_parent]))
        self.e_parent = e_parent[order]
        self.e_child = e_child[order]
        self.e_weight = weights[order]
        #: Each edge's place in the columns: a link's position in doc.links, or
        #: len(doc.links) + an indicator's position.
        self._edge_source = source[order]
        layer_values = self.layer_of[self.e_parent]
        bounds = np.flatnonzero(np.diff(layer_values)) + 1  # edges are sorted by layer
        self.layers = self._built_layers(
            list(zip(np.r_[0, bounds].tolist(), np.r_[bounds, len(layer_values)].tolist(),
                     strict=True)), {})
        self._compile_adjacency()

    def _patch_edges(self, old: Engine, node_map: np.ndarray, objectives: _Patched,
                     indicators: _Patched, links: _Patched) -> None:
        """The edges after a patch of `old`, equal to those `_compile_edges` builds from the
        patched columns, with the work of what the edit changed: the edges of the links and
        indicators it kept, whose parent stays on its layer, keep their order (by parent
        layer, parent, then place in the columns); the others are placed among them by a
        binary search, and only the layers they enter or leave are built again. Compiles
        afresh when the edit moved many edges."""
        self._base_layers()
        lp, lc = self._link_parent, self._link_child
        valid = (lp >= 0) & (lc >= 0)
        self._deepen_individual_chains(lp[valid], lc[valid])
        patch = _EdgePatch(old, self, node_map, objectives, indicators, links)
        if patch.too_large:
            self._compile_edges()
            return
        patch.check_levels()
        patch.apply()

    def _base_layers(self) -> None:
        """Each node's layer by its level (indicators below every level: RHK chains deepen
        them after), and the root."""
        n_obj = self.n_objectives
        self.layer_of = np.empty(self.n, dtype=np.int64)
        self.layer_of[:n_obj] = self._obj_rank
        self.layer_of[n_obj:] = _INDICATOR_LAYER
        visions = np.flatnonzero(self._obj_rank == LEVEL_RANK["vision"])
        self.root = self.objective_codes[int(visions[0])] if len(visions) else None
        self.root_index = int(visions[0]) if len(visions) else -1

    def _built_layers(self, ranges: Sequence[tuple[int, int]],
                      kept: Mapping[int, _Layer]) -> list[_Layer]:
        """The layers of the edges in `ranges` (start, stop of each layer's edges, deepest
        first): `kept[start]` where given (a layer an edit left as it was), built otherwise."""
        layers: list[_Layer] = []
        seen = slot = None
        for start, stop in ranges:
            if stop <= start:
                continue
            if start in kept:
                layers.append(kept[start])
                continue
            if seen is None or slot is None:
                seen = np.zeros(self.n, dtype=bool)
                slot = np.empty(self.n, dtype=np.int64)  # a child's place among its layer's
            edges = np.arange(start, stop)
            parents = self.e_parent[start:stop]  # sorted within the layer
            first = np.empty(len(parents), dtype=bool)
            first[0] = True
            np.not_equal(parents[1:], parents[:-1], out=first[1:])
            p_unique, p_inv = parents[first], np.cumsum(first) - 1
            children = self.e_child[start:stop]  # unique and sorted without a sort: a mask
            seen[children] = True
            c_unique = np.flatnonzero(seen)
            seen[c_unique] = False
            slot[c_unique] = np.arange(len(c_unique))  # a lookup, not a binary search
            layers.append(_Layer(edges, p_unique, p_inv, c_unique, slot[children]))
        return layers

    def _compile_adjacency(self) -> None:
        """CSR adjacency: children of each parent, parents of each child (edge indices)."""
        self._by_parent = np.argsort(self.e_parent, kind="stable")
        self.n_children = np.bincount(self.e_parent, minlength=self.n)
        self._child_ptr = np.concatenate([[0], np.cumsum(self.n_children)])
        self._by_child = np.argsort(self.e_child, kind="stable")
        self._parent_ptr = np.concatenate(
            [[0], np.cumsum(np.bincount(self.e_child, minlength=self.n))])

    def _deepen_individual_chains(self, e_parent: np.ndarray, e_child: np.ndarray) -> None:
        """Give RHK under RHK (docs/scoring.md, docs/skp.md) sub-layers below their parents.

        An `individual` objective's layer becomes the individual rank plus its depth in the chain
        of individual objectives above it (the longest such path), and indicators move below the
        deepest one; so every edge still goes from a lower layer to a higher one, and the
        bottom-up and top-down passes keep visiting parents after / before their children.
        """
        individual = LEVEL_RANK["individual"]
        within = (self.layer_of[e_parent] == individual) & (self.layer_of[e_child] == individual)
        if not within.any():
            return
        parents, children = e_parent[within], e_child[within]
        nodes, ends = np.unique(np.concatenate([parents, children]), return_inverse=True)
        depth = _chain_depths_local(len(nodes), ends[: len(parents)], ends[len(parents):])
        if depth is None:
            raise ValueError(Message(RHK_CYCLE).bilingual())
        self.layer_of[nodes] += depth  # RHK: objectives
        self.layer_of[self.n_objectives :] = int(self.layer_of[: self.n_objectives].max()) + 1

    def _compile_period_data(self, targets: Columns, realizations: Columns) -> None:
        """Group targets and realizations by period as sparse (position, values) arrays; from
        columns mapped from a file (a big cold load's, a snapshot's), the memory freed while
        grouping is given back to the system."""
        self._targets = {
            period: tuple(parts)
            for period, parts in self._grouped(
                targets, [targets.value, targets.low, targets.high]
            ).items()
        }
        self._realizations = self._grouped_realizations(realizations)
        if pagecache.memmap_of(targets.value) is not None:
            pagecache.give_back_heap()

    def _grouped_realizations(self, realizations: Columns) -> dict[str, tuple[np.ndarray, ...]]:
        """Realizations by period as (positions, values) arrays."""
        return {
            period: tuple(parts)
            for period, parts in self._grouped(realizations, [realizations.value]).items()
        }

    def _grouped(self, columns: Columns, arrays: list[np.ndarray]) -> dict[str, list[np.ndarray]]:
        """Rows of `columns` by period: [indicator positions, *arrays] (unknown codes dropped).
        The pages of columns mapped from a file (repository.period_rows, a snapshot) are given
        back once each is read."""
        node, codes, periods = columns.interned(self.index)
        pos = node - self.n_objectives  # objectives and unknown codes come out negative
        pagecache.release_array(node)
        order = np.argsort(_small_keys(codes, len(periods)), kind="stable")
        bounds = np.searchsorted(codes[order], np.arange(len(periods) + 1))
        # Periods in order of their first row, as the rows give them (whatever their ids).
        present = np.flatnonzero(bounds[1:] > bounds[:-1])
        present = present[np.argsort(order[bounds[present]], kind="stable")]
        if not (pos >= 0).all():  # rows of unknown codes or objectives are dropped
            order = order[pos[order] >= 0]
            bounds = np.searchsorted(codes[order], np.arange(len(periods) + 1))
        pagecache.release_array(codes)
        bounds = bounds.tolist()
        pos = pos[order]
        gathered = []
        for array in arrays:
            gathered.append(array[order])
            pagecache.release_array(array)
        arrays = gathered
        return {
            periods[k]: [pos[bounds[k]: bounds[k + 1]],
                         *(a[bounds[k]: bounds[k + 1]] for a in arrays)]
            for k in present.tolist() if bounds[k + 1] > bounds[k]
        }

    def verified_only(self) -> Engine:
        """This plan scored on verified realizations only (docs/workflow.md: SKP, TPP, SAKIP).

        Shares the compiled structure; the same engine when nothing else would count.
        """
        if self.count == "verified" or self._all_realizations is None:
            return self
        if self._verified is None:
            view = copy.copy(self)
            view.count = "verified"
            view._period_cache = {}
            view._realizations = self._grouped_realizations(
                self._all_realizations.counted(COUNTED_STATUSES["verified"])
            )
            self._verified = view
        return self._verified

    # ----------------------------------------------------------------- lookups
    @cached_property
    def graph(self) -> nx.DiGraph:
        """The cascade as a networkx DiGraph (built on first use; networkx is imported only
        then, so scoring never loads it)."""
        from ekinerja.cascade import build_graph

        return build_graph(self.doc)

    def edge_position(self, parent: str, child: str) -> int:
        """Position of the edge parent -> child in the edge arrays (the last one of a doubled
        link); KeyError if absent. Reads only the parent's edges: a whole-plan index of the
        edges took a province's first what-if of weights ~0.2 s."""
        return int(self._edges_between(self.index[parent], self.index[child])[-1])

    def children_of(self, node: int) -> np.ndarray:
        """Edge indices of a node's children."""
        return self._by_parent[self._child_ptr[node] : self._child_ptr[node + 1]]

    def parents_of(self, node: int) -> np.ndarray:
        """Edge indices of a node's parents."""
        return self._by_child[self._parent_ptr[node] : self._parent_ptr[node + 1]]

    def ancestors(self, node: int) -> list[int]:
        """Every ancestor of a node, deepest level first (the order to rescore them in)."""
        seen: set[int] = set()
        stack = [node]
        while stack:
            current = stack.pop()
            for edge in self.parents_of(current).tolist():
                parent = int(self.e_parent[edge])
                if parent not in seen:
                    seen.add(parent)
                    stack.append(parent)
        return sorted(seen, key=lambda i: -int(self.layer_of[i]))

    @cached_property
    def owned_nodes(self) -> dict[str, list[int]]:
        """Per NIP: node indices of every objective the employee owns, in document order."""
        result: dict[str, list[int]] = {}
        for node, objective in enumerate(self.doc.objectives):
            if objective.owner:
                result.setdefault(objective.owner, []).append(node)
        return result

    @cached_property
    def _top_owned(self) -> dict[str, list[int]]:
        return {}

    def top_owned(self, nip: str) -> list[int]:
        """The employee's objectives without an ancestor owned by them too (docs/scoring.md)."""
        cached = self._top_owned.get(nip)
        if cached is None:
            cached = self._top_owned[nip] = self.top_nodes(self.owned_nodes.get(nip, []))
        return cached

    def top_nodes(self, owned: list[int]) -> list[int]:
        """The nodes of `owned` (one owner's) without an ancestor among them, in their order.

        A parent's layer is below its child's: the search goes no higher than their lowest."""
        if len(owned) < 2:
            return list(owned)
        layer, mine = self.layer_of, set(owned)
        floor = int(layer[owned].min())
        return [node for node in owned
                if int(layer[node]) == floor or not self._reaches(node, mine, floor)]

    def _reaches(self, node: int, targets: set[int], floor: int) -> bool:
        """Whether an ancestor of `node` at layer `floor` or below it is in `targets`."""
        seen: set[int] = set()
        stack = [node]
        while stack:
            for edge in self.parents_of(stack.pop()).tolist():
                parent = int(self.e_parent[edge])
                if parent in targets:
                    return True
                if parent not in seen and int(self.layer_of[parent]) > floor:
                    seen.add(parent)
                    stack.append(parent)
        return False

    def periods(self, *, realized_only: bool = False) -> list[str]:
        """Periods that have any target or realization (or only realizations), chronologically."""
        keys = (
            set(self._realizations)
            if realized_only
            else set(self._targets) | set(self._realizations)
        )
        return [str(p) for p in sorted(parse_period(k) for k in keys)]

    def band_labels(self, scores: np.ndarray) -> list[str | None]:
        """Band label of each score (None where NaN), vectorised."""
        pos = np.searchsorted(self._band_bounds, scores, side="right") - 1
        labels = self._band_labels
        return [
            None if math.isnan(s) else labels[max(int(p), 0)]
            for s, p in zip(scores.tolist(), pos.tolist(), strict=True)
        ]

    def band(self, score: float | None) -> str | None:
        """Band label of one score."""
        return scoring.band(score, self.bands)

    # ----------------------------------------------------------------- inputs
    def _own_realization(self, period: str, at: np.ndarray | None = None) -> np.ndarray:
        """A period's own realization of every indicator (of those at positions `at`)."""
        if at is None and period not in self._realizations:
            return _shared_nan(self.n_indicators)
        values = _nan(self.n_indicators)
        if period in self._realizations:
            idx, vals = self._realizations[period]
            values[idx] = vals
        return values if at is None else values[at]

    def _aggregate(self, parts: list[np.ndarray], at: np.ndarray | None = None) -> np.ndarray:
        """Derive one value per indicator (at positions `at`) from sub-period values by its
        aggregation."""
        aggregation = self.aggregation if at is None else self.aggregation[at]
        stack = np.vstack(parts)
        has = ~np.isnan(stack)
        count = has.sum(axis=0)
        total = np.where(has, stack, 0.0).sum(axis=0)
        last = stack.shape[0] - 1 - np.argmax(has[::-1], axis=0)
        latest = stack[last, np.arange(stack.shape[1])]
        with np.errstate(all="ignore"):
            average = total / count
        derived = np.select(
            [aggregation == 0, aggregation == 1], [total, latest], average
        )
        return np.where(count > 0, derived, np.nan)

    def _realization(self, period: Period, at: np.ndarray | None = None
                     ) -> tuple[np.ndarray, np.ndarray]:
        """Realization of a period: its own, else derived from its sub-periods (docs/scoring.md);
        of every indicator, or of those at positions `at`."""
        own = self._own_realization(str(period), at)
        parts = period.children()
        if not parts:
            return own, np.zeros(len(own), dtype=bool)
        keys = set(self._realizations)
        if period.kind == "year":
            has_any = any(
                str(q) in keys or any(str(m) in keys for m in q.children()) for q in parts
            )
        else:
            has_any = any(str(m) in keys for m in parts)
        if not has_any:
            return own, np.zeros(len(own), dtype=bool)
        derived = self._aggregate([self._realization(p, at)[0] for p in parts], at)
        missing = np.isnan(own)
        return np.where(missing, derived, own), missing & ~np.isnan(derived)

    def _patched_inputs(self, inputs: _PeriodInputs, period: str, positions: Sequence[int]
                        ) -> _PeriodInputs:
        """A period's `inputs` of an engine this one follows, with the realizations of the
        indicators at `positions` read again (the targets are the same)."""
        at = np.asarray(positions, dtype=np.int64)
        realization, derived = inputs.realization.copy(), inputs.derived.copy()
        realization[at], derived[at] = self._realization(parse_period(period), at)
        return _PeriodInputs(inputs.value, inputs.low, inputs.high, realization, derived)

    def inputs(self, period: str) -> _PeriodInputs:
        """Dense targets and realizations of a period (cached; do not mutate)."""
        cached = self._period_cache.get(period)
        if isinstance(cached, _ShortInputs):  # kept over an edit that appended indicators
            cached = self._period_cache[period] = cached.extended()
        if cached is not None:
            return cached
        result = self._inputs_of(period)
        cache = self._period_cache
        if len(cache) > self._most_kept(MAX_INPUTS, MAX_BIG_INPUTS):
            with _EVALUATIONS_LOCK:  # those of an evaluation kept: let go last
                pending = _PENDING.get(self)
                shown = {*_EVALUATIONS.get(self, ()), *(pending[0] if pending else ())}
            cache.pop(next((p for p in cache if p not in shown), next(iter(cache))))
        cache[period] = result
        return result

    def _inputs_of(self, period: str) -> _PeriodInputs:
        """The dense inputs of a period, computed (`inputs` keeps them)."""
        parsed = parse_period(period)
        if period in self._targets:
            value, low, high = (_nan(self.n_indicators), _nan(self.n_indicators),
                                _nan(self.n_indicators))
            idx, v, lo, hi = self._targets[period]
            value[idx], low[idx], high[idx] = v, lo, hi
        else:  # no target: one array of NaN, shared (at national scale 10 MB each)
            value = low = high = _shared_nan(self.n_indicators)
        realization, derived = self._realization(parsed)
        return _PeriodInputs(value, low, high, realization, derived)

    # ----------------------------------------------------------------- evaluate
    def evaluate(
        self,
        period: str,
        *,
        realizations: Mapping[str, float | None] | None = None,
        weights: Mapping[tuple[str, str], float] | None = None,
    ) -> Evaluation:
        """Roll up one period; optional hypothetical realizations and weights (what-if).

        The engine and its plan are never mutated.
        """
        inputs = self.inputs(period)
        realization = inputs.realization
        if realizations:
            realization = realization.copy()
            for code, value in realizations.items():
                realization[self._indicator_position(code)] = np.nan if value is None else value
        edge_weight = self.e_weight
        if weights:
            edge_weight = edge_weight.copy()
            for (parent, child), value in weights.items():
                edge_weight[self.edge_position(parent, child)] = float(value)
        return Evaluation(self, period, inputs, realization, edge_weight)

    def evaluate_array(self, period: str, realization: np.ndarray) -> Evaluation:
        """Roll up one period with a whole realization array in place of its own (what-if).

        `realization` holds one value per indicator in `indicator_codes` order (NaN: none); it
        is copied, and the engine is never mutated. The vectorised form of `evaluate(period,
        realizations=...)` for what-ifs that touch every indicator (e.g. forecasts).
        """
        values = np.array(realization, dtype=float)
        if values.shape != (self.n_indicators,):
            raise ValueError(Message(REALIZATION_SHAPE, {
                "count": str(self.n_indicators), "shape": str(values.shape)}).bilingual())
        return Evaluation(self, period, self.inputs(period), values, self.e_weight)

    def with_realizations(self, changes: Iterable[tuple[Any, ...]]) -> Engine:
        """A new engine with some realizations set: (indicator, period, value or None to remove
        it[, status]); without a status the value is `verified`. A value whose status the plan
        setting `count` does not score is kept (for `verified_only`) but not scored.

        The structure (arrays, graph) is shared with this engine, which stays unchanged. Only the
        entries changed are patched: the per-period arrays of the periods touched, the plan's
        list of realizations and its columns at the changed rows (a changed value in its place,
        a new one at the end, as a fresh read orders them), and the verified-only view when it
        was built. Used to follow realization entries without recompiling."""
        latest: dict[tuple[str, str], tuple[float | None, str]] = {}
        for indicator, period, value, *rest in changes:
            self._indicator_position(indicator)  # KeyError for an unknown indicator
            latest[(indicator, period)] = (value, rest[0] if rest else "verified")
        new = copy.copy(self)
        new._period_cache = {}
        new._realizations = self._patched_realizations(latest, COUNTED_STATUSES[self.count])
        new._verified = None
        rows = list(self.doc.realizations)
        nodes = self._realization_nodes()
        found = self._realization_rows(nodes, latest)
        unverified = dict(self.unverified())
        for key, (value, status) in latest.items():
            if value is None or status == "verified":
                unverified.pop(key, None)
            else:
                unverified[key] = status
        columns = self._all_realizations
        if columns is not None or unverified:
            columns = self._aligned_realization_columns()
        appended: list[Realization] = []
        for (indicator, period), (value, status) in latest.items():
            at = found.get((indicator, period))
            if value is None:
                continue
            row = Realization(indicator, period, float(value), status)
            if at is None:
                appended.append(row)
            else:
                rows[at] = row
        if columns is not None:
            columns = _patched_columns(columns, found, latest, appended)
        if appended:
            rows.extend(appended)
            nodes = np.concatenate([nodes, np.fromiter(
                (self.index[row.indicator] for row in appended), np.int64, len(appended))])
        gone = [at for key, at in found.items() if latest[key][0] is None]
        if gone:  # removed rows: the others close up, as a fresh read gives them
            keep = np.ones(len(rows), dtype=bool)
            keep[gone] = False
            rows = [row for row, kept in zip(rows, keep.tolist(), strict=True) if kept]
            nodes = nodes[keep]
            if columns is not None:
                columns = columns.select(keep)
        new.doc = replace(self.doc, realizations=rows)
        new._realization_index = (rows, nodes)
        new._unverified = (rows, unverified)
        if not unverified:
            columns = None  # every value verified (again): nothing else to keep
        new._all_realizations = columns
        new._all_realizations_of = rows
        view = self._verified
        if columns is not None and view is not None and view is not self:
            verified = copy.copy(new)  # the view was built: patched too, not grouped again
            verified.count = "verified"
            verified._realizations = view._patched_realizations(
                latest, COUNTED_STATUSES["verified"])
            new._verified = verified
        return new

    def _patched_realizations(self, latest: Mapping[tuple[str, str], tuple[float | None, str]],
                              counted: frozenset[str]) -> dict[str, tuple[np.ndarray, ...]]:
        """The scored realizations by period with the `latest` (indicator, period) -> (value,
        status) set: a value whose status is not `counted` is not scored. Only the periods
        touched are rebuilt; the others are shared with this engine."""
        by_period: dict[str, dict[int, float | None]] = {}
        for (indicator, period), (value, status) in latest.items():
            scored = value if status in counted else None
            by_period.setdefault(period, {})[self._indicator_position(indicator)] = scored
        result = dict(self._realizations)
        for period, updates in by_period.items():
            idx, vals = self._realizations.get(period, (np.empty(0, np.int64), np.empty(0)))
            keep = ~np.isin(idx, np.fromiter(updates, dtype=np.int64, count=len(updates)))
            added = [(k, v) for k, v in updates.items() if v is not None]
            idx = np.concatenate([idx[keep], np.array([k for k, _ in added], dtype=np.int64)])
            vals = np.concatenate([vals[keep], np.array([v for _, v in added], dtype=float)])
            if len(idx):
                result[period] = (idx, vals)
            else:
                result.pop(period, None)
        return result

    def unverified(self) -> dict[tuple[str, str], str]:
        """The status of every realization in force that is not verified, by (indicator,
        period): computed once, then kept along followed engines (read it, do not change it)."""
        kept = getattr(self, "_unverified", None)
        rows = self.doc.realizations
        if kept is not None and kept[0] is rows:
            return kept[1]
        found = {(r.indicator, r.period): r.status for r in rows if r.status != "verified"}
        self._unverified = (rows, found)
        return found

    def _realization_nodes(self) -> np.ndarray:
        """The node of each realization in the plan's list (kept along followed engines)."""
        kept = getattr(self, "_realization_index", None)
        rows = self.doc.realizations
        if kept is not None and kept[0] is rows:
            return kept[1]
        return np.fromiter(map(self.index.get, map(attrgetter("indicator"), rows), repeat(-1)),
                           np.int64, count=len(rows))

    def _realization_rows(self, nodes: np.ndarray,
                          keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], int]:
        """Where each (indicator, period) of `keys` sits in the plan's list of realizations
        (`nodes`: the node of each row); keys without a row are left out."""
        wanted = set(keys)
        if not wanted:
            return {}
        rows = self.doc.realizations
        mine = np.fromiter((self.index[indicator] for indicator, _ in wanted), np.int64,
                           count=len(wanted))
        found = {}
        for at in np.flatnonzero(np.isin(nodes, mine)).tolist():
            key = (rows[at].indicator, rows[at].period)
            if key in wanted:
                found[key] = at
        return found

    def _aligned_realization_columns(self) -> Columns:
        """Every realization with its status, row by row as the plan's list holds them."""
        columns = self._all_realizations
        if columns is not None and getattr(self, "_all_realizations_of", None) is (
                self.doc.realizations):
            return columns
        rows = self.doc.realizations
        columns = Columns.of_realizations(rows)
        if columns.status is None:
            columns.status = ["verified"] * len(rows)
        return columns

    def _indicator_position(self, code: str) -> int:
        node = self.index.get(code, -1)
        if node < self.n_objectives:
            from ekinerja.interchange import UNKNOWN_INDICATOR  # (not loaded to score a file)

            raise KeyError(Message(UNKNOWN_INDICATOR, {"ref": code}).bilingual())
        return node - self.n_objectives

    def achievements(self, inputs: _PeriodInputs, realization: np.ndarray) -> np.ndarray:
        """Raw achievement of every indicator in a period."""
        return scoring.raw_achievements(
            self.polarity, self.method, self.cap, inputs.value, inputs.low, inputs.high, realization
        )

    def explain(self, code: str, period: str) -> dict[str, Any]:
        """How a node's score came about: its children, normalised weights, scores, formulas."""
        return self.evaluate(period).explain(code)

    # ----------------------------------------------------------------- following changes
    def with_weights(self, weights: Mapping[tuple[str, str], float]) -> Engine:
        """A new engine with some weights set: (parent, child) -> weight of a link or of an
        indicator under its objective (KeyError for a pair that is not linked).

        The structure is shared with this engine, which stays unchanged: no recompile.
        """
        edges: dict[int, float] = {}
        for (parent, child), weight in weights.items():
            edges[self._edge_between(self.index[parent], self.index[child])] = float(weight)
        new = copy.copy(self)
        new._verified = None  # the verified-only view has the old weights
        new.__dict__.pop("graph", None)  # its edges carry the weights: rebuilt on first use
        new._period_cache = dict(self._period_cache)  # inputs do not depend on weights
        new.e_weight = self.e_weight.copy()
        new.e_weight[list(edges)] = list(edges.values())
        # the link and indicator columns too: a later with_structure rebuilds the edges from them
        new._link_weight, new._ind_weight = self._weight_columns(new.e_weight)
        links, indicators = list(self.doc.links), list(self.doc.indicators)
        link_positions = self.structure.memo("link_positions", lambda: {
            (link.parent, link.child): i for i, link in enumerate(self.doc.links)
        })
        for (parent, child), weight in weights.items():
            position = link_positions.get((parent, child))
            if position is not None:
                links[position] = Link(parent, child, float(weight))
            elif self.is_indicator(child):
                k = self._indicator_position(child)
                indicators[k] = replace(indicators[k], weight=float(weight))
        new.doc = replace(self.doc, links=links, indicators=indicators)
        return new

    def with_names(self, names: Mapping[str, str]) -> Engine:
        """A new engine with objectives or indicators renamed (code -> name): names move no
        score, so the compiled arrays and the evaluations are shared; of the structure's memos
        only those without names are kept (NAME_FREE_MEMOS). KeyError for an unknown code."""
        objectives, indicators = self.doc.objectives, self.doc.indicators
        renamed: tuple[dict[int, Any], dict[int, Any]] = ({}, {})
        for code, name in names.items():
            node = self.index[code]
            if node < self.n_objectives:
                renamed[0][node] = replace(objectives[node], name=name)
            else:
                k = node - self.n_objectives
                renamed[1][k] = replace(indicators[k], name=name)
        new = copy.copy(self)  # a list not made stays so: only the renamed objects are made
        new.doc = replace(self.doc, objectives=_overlaid(objectives, renamed[0]),
                          indicators=_overlaid(indicators, renamed[1]))
        new.structure = self.structure.kept(NAME_FREE_MEMOS)
        new._verified = None
        new._period_cache = dict(self._period_cache)
        with _EVALUATIONS_LOCK:
            kept = list(_EVALUATIONS.get(self, OrderedDict()).items())
        carried = OrderedDict((period, ev._carried(new, (), ())) for period, ev in kept)
        with _EVALUATIONS_LOCK:
            _EVALUATIONS[new] = carried
            if self in _SCORES:  # names change no score
                _SCORES[new] = dict(_SCORES[self])
        return new

    def with_structure(self, steps: Iterable[Sequence[Any]]) -> Engine:
        """A new engine after structure edits, without reading or compiling the plan again:
        the steps of each edit ([entity, key, action, old, new], services.audit) patch the
        plan's lists and the compiled columns, and the edges are rebuilt from the columns
        (numpy only). Targets and realizations are carried over (remapped when indicators
        went). Of the structure's memos only those of units and employees are kept, and those
        of APPENDED_MEMOS when objectives were only appended.
        KeyError for a step naming what this engine does not hold (compile afresh then)."""
        doc = self.doc
        objectives = _Patched(doc.objectives, self._objective_position)
        indicators = _Patched(doc.indicators, self._indicator_base_position)
        links = _Patched(doc.links, self._link_position)
        causal = list(doc.causal_links)
        rhk_kinds = dict(doc.rhk_kinds)
        target_steps: dict[tuple[str, str], dict[str, Any] | None] = {}
        emptied: set[str] = set()  # indicators whose realizations went
        dirty: set[str] = set()  # objectives whose children or weights changed
        rescored: set[str] = set()  # indicators whose achievement may have changed
        for entity, key, action, old, new in steps:
            if entity == "indicator":
                rescored.add(key)
                dirty.update(values["objective"] for values in (old, new)
                             if values and values.get("objective"))
            elif entity == "link":
                dirty.add(key.split(">", 1)[0])
            elif entity == "target":
                rescored.add(key.rsplit("@", 1)[0])
            if entity in ("objective", "indicator"):
                patched, cls = ((objectives, Objective) if entity == "objective"
                                else (indicators, Indicator))
                if action == "add":
                    patched.add(key, cls(**new))
                elif action == "remove":
                    patched.remove(key)
                    if entity == "objective":
                        rhk_kinds.pop(key, None)
                else:
                    patched.update(key, new)
            elif entity == "link":
                parent, child = key.split(">", 1)
                if action == "add":
                    links.add((parent, child), Link(parent, child, float(new["weight"])))
                elif action == "remove":
                    links.remove((parent, child))
                else:
                    links.update((parent, child), {"weight": float(new["weight"])})
            elif entity == "causal_link":
                cause, effect = key.split(">", 1)
                if action == "add":
                    causal.append(CausalLink(cause, effect))
                else:
                    causal = [c for c in causal if (c.cause, c.effect) != (cause, effect)]
            elif entity == "target":
                indicator, period = key.rsplit("@", 1)
                target_steps[(indicator, period)] = new if action != "remove" else None
            elif entity == "realizations":
                emptied.add(key)
        new_engine = copy.copy(self)
        for name in ("graph", "owned_nodes", "_top_owned"):
            new_engine.__dict__.pop(name, None)
        new_engine._verified = None
        new_engine._period_cache = {}
        new_engine.structure = self.structure.kept(UNIT_MEMOS)
        new_engine.doc = replace(
            doc, objectives=objectives.final(), indicators=indicators.final(),
            links=links.final(), causal_links=causal, rhk_kinds=rhk_kinds,
        )
        node_map = new_engine._patch_columns(self, objectives, indicators, links)
        if not (objectives.holes or objectives.changed):
            new_engine.structure.extended(self.structure, new_engine,
                                          objectives.items[objectives.base:])
        new_engine._patch_period_data(self, indicators, emptied, target_steps)
        if not (indicators.removed or indicators.changed or target_steps or emptied):
            new_engine._period_cache = _extended_inputs(self._period_cache,
                                                        new_engine.n_indicators)
        new_engine._carry_evaluations(self, node_map, indicators.moved_to(0), dirty, rescored)
        return new_engine

    def _carry_evaluations(self, old: Engine, node_map: np.ndarray, position_map: np.ndarray,
                           dirty: set[str], rescored: set[str]) -> None:
        """Carry the evaluations `old` keeps over to this engine after structure edits, each on
        its first use: rescoring only the indicators in `rescored`, the objectives in `dirty`
        and the ancestors of both (Evaluation._restructured). Only their arrays are held
        until then, never `old` itself."""
        with _EVALUATIONS_LOCK:
            kept = list(_EVALUATIONS.get(old, OrderedDict()).items())
        if not kept:
            return
        positions = sorted(self._indicator_position(code) for code in rescored
                           if self.is_indicator(code))
        nodes = {self.index[code] for code in dirty if code in self.index}
        for position in positions:
            nodes.update(self.e_parent[self.parents_of(self.n_objectives + position)].tolist())
        order: set[int] = set(nodes)
        for node in nodes:
            order.update(self.ancestors(node))
        ordered = sorted(order, key=lambda n: -int(self.layer_of[n]))
        moves = (_is_prefix(node_map) or _is_block_shift(node_map, old.n_objectives,
                                                         self.n_objectives),
                 _is_prefix(position_map))
        stubs = OrderedDict((period, ev._arrays_only()) for period, ev in kept)
        with _EVALUATIONS_LOCK:  # carried on first use (Engine.evaluation)
            _PENDING[self] = (stubs, (node_map, position_map, positions, ordered, moves))

    def _objective_position(self, code: str) -> int | None:
        node = self.index.get(code, -1)
        return node if 0 <= node < self.n_objectives else None

    def _indicator_base_position(self, code: str) -> int | None:
        node = self.index.get(code, -1)
        return node - self.n_objectives if node >= self.n_objectives else None

    def _link_position(self, key: tuple[str, str]) -> int | None:
        """The position in doc.links of the link parent -> child (None when not compiled)."""
        parent, child = self.index.get(key[0]), self.index.get(key[1])
        if parent is None or child is None:
            return None
        edges = self.children_of(parent)
        found = edges[self.e_child[edges] == child]
        if not len(found):
            return None
        source = int(self._edge_source[found[0]])
        return source if source < len(self.doc.links) else None

    def _patch_columns(self, old: Engine, objectives: _Patched, indicators: _Patched,
                       links: _Patched) -> np.ndarray:
        """Node numbering, per-node and per-link columns and edges after a patch of `old`;
        returns where each node of `old` went (-1: removed)."""
        doc = self.doc
        n_obj = len(doc.objectives)
        obj_codes = objectives.codes(old.objective_codes)
        ind_codes = indicators.codes(old.indicator_codes)
        shifted = bool(objectives.removed or indicators.removed
                       or n_obj != old.n_objectives)
        if objectives.removed or indicators.removed:
            index = None  # numbered afresh
        elif shifted or len(ind_codes) != old.n_indicators:  # only appended: an offset
            index = _ShiftedIndex.appended(old.index, old.n_objectives,
                                           obj_codes[old.n_objectives:],
                                           ind_codes[old.n_indicators:], n_obj)
        else:
            index = old.index
        self._compile_nodes(obj_codes, ind_codes, index)
        node_map = np.concatenate([objectives.moved_to(0), indicators.moved_to(n_obj)])

        def remapped(values: np.ndarray) -> np.ndarray:
            if not shifted or not len(values):
                return values
            return np.where(values >= 0, node_map[np.maximum(values, 0)], -1)

        rank = objectives.patched(old._obj_rank, lambda items: np.fromiter(
            (LEVEL_RANK[o.level] for o in items), np.int64, count=len(items)))
        self._obj_rank = rank
        for name in ("polarity", "method", "cap", "aggregation", "_ind_parent", "_ind_weight"):
            base = getattr(old, name)
            if name == "_ind_parent":
                base = remapped(base)
            setattr(self, name, indicators.patched(
                base, lambda items, name=name: self._indicator_columns(items)[name]))
        columns = [remapped(old._link_parent), remapped(old._link_child), old._link_weight]
        for k in range(3):
            columns[k] = links.patched(
                columns[k], lambda items, k=k: self._link_columns(items)[k])
        self._link_parent, self._link_child, self._link_weight = columns
        self._patch_edges(old, node_map, objectives, indicators, links)
        return node_map

    def _renumber_all_realizations(self, old: Engine, position_map: np.ndarray | None) -> None:
        """Every realization's column of node indices (a column read's, for the verified-only
        view) in this engine's numbering after a patch: indicators move when objectives are
        added or removed before them. Read again from the plan's list when a row's indicator
        went."""
        columns = self._all_realizations
        if columns is None or columns.node is None:
            return  # codes: interned against this engine's index when grouped
        position = columns.node - old.n_objectives
        if position_map is not None:
            position = np.where(position >= 0, position_map[np.clip(position, 0, None)], -1)
        if (position < 0).any():
            rows = Columns.of_realizations(self.doc.realizations)
            self._all_realizations = None if rows.status is None else rows
        else:
            self._all_realizations = replace(columns, node=position + self.n_objectives)

    def _patch_period_data(self, old: Engine, indicators: _Patched, emptied: set[str],
                           targets: dict[tuple[str, str], dict[str, Any] | None]) -> None:
        """Targets and realizations by period after a patch: positions remapped when
        indicators went, the targets the edit set or removed written in; `emptied`: the
        indicators whose realizations were deleted."""
        doc = self.doc
        position_map = indicators.moved_to(0) if indicators.removed else None

        def remap(grouped: dict[str, tuple[np.ndarray, ...]]
                  ) -> dict[str, tuple[np.ndarray, ...]]:
            if position_map is None:
                return dict(grouped)
            result = {}
            for period, (idx, *values) in grouped.items():
                moved = position_map[idx]
                keep = moved >= 0
                if keep.any():
                    result[period] = (moved[keep], *(v[keep] for v in values))
            return result

        self._targets = remap(old._targets)
        self._realizations = remap(old._realizations)
        self._renumber_all_realizations(old, position_map)
        if emptied:  # the realizations of removed indicators went with them
            kept = [r for r in doc.realizations if r.indicator not in emptied]
            self.doc = doc = replace(doc, realizations=kept)
            if self._all_realizations is not None:
                columns = Columns.of_realizations(kept)
                self._all_realizations = None if columns.status is None else columns
        if targets:
            self.doc = doc = replace(doc, targets=self._targets_in_order(doc.targets, targets))
        for (indicator, period), values in targets.items():
            if self.is_indicator(indicator):  # a removed one's went with it
                self._set_target(indicator, period, values)

    @staticmethod
    def _targets_in_order(targets: Sequence[Target],
                          changed: dict[tuple[str, str], dict[str, Any] | None]
                          ) -> list[Target]:
        """The plan's targets after an edit, in the order a fresh read gives (a changed one
        in its place, an added one at the end)."""
        touched = {indicator for indicator, _ in changed}
        result: list[Target] = []
        seen: set[tuple[str, str]] = set()
        for target in targets:
            if target.indicator in touched:
                key = (target.indicator, target.period)
                if key in changed:
                    seen.add(key)
                    values = changed[key]
                    if values is not None:
                        result.append(Target(target.indicator, target.period, **values))
                    continue
            result.append(target)
        result.extend(
            Target(indicator, period, **values)
            for (indicator, period), values in changed.items()
            if values is not None and (indicator, period) not in seen
        )
        return result

    def _set_target(self, indicator: str, period: str, values: dict[str, Any] | None) -> None:
        """Write one target (None: none) into the period arrays."""
        position = self._indicator_position(indicator)
        empty = np.empty(0)
        idx, value, low, high = self._targets.get(
            period, (np.empty(0, np.int64), empty, empty, empty))
        keep = idx != position
        idx, value, low, high = idx[keep], value[keep], low[keep], high[keep]
        if values is not None:
            idx = np.append(idx, position)
            value, low, high = (
                np.append(array, np.nan if values.get(name) is None else float(values[name]))
                for array, name in ((value, "value"), (low, "low"), (high, "high"))
            )
        if len(idx):
            self._targets[period] = (idx, value, low, high)
        else:
            self._targets.pop(period, None)

    def follow(
        self,
        realizations: Iterable[tuple[Any, ...]] = (),
        weights: Mapping[tuple[str, str], float] | None = None,
        names: Mapping[str, str] | None = None,
    ) -> Engine:
        """The engine after some realizations (indicator, period, value or None[, status]),
        weights and names (code -> name) changed, without recompiling: the structure is shared
        (a new one after names), and the evaluations this engine keeps are carried over,
        rescoring only the nodes the changes reach."""
        changes = list(realizations)
        weights = dict(weights or {})
        if names:
            return self.with_names(names).follow(changes, weights)
        if not changes and not weights:
            return self
        new = self.with_realizations(changes) if changes else self
        if weights:
            new = new.with_weights(weights)
        touched: dict[str, set[int]] = {}
        for indicator, period, *_value in changes:
            current: Period | None = parse_period(period)
            while current is not None:  # a period and those it rolls into
                touched.setdefault(str(current), set()).add(self._indicator_position(indicator))
                current = current.parent()
        parents = sorted({self.index[parent] for parent, _child in weights})
        self._carry_followed(new, touched, parents)
        view, followed_view = self._verified, new._verified
        if (view is not None and view is not self and followed_view is not None
                and followed_view is not new):  # the verified-only view, patched too
            view._carry_followed(followed_view, touched, parents)
        return new

    def _carry_followed(self, new: Engine, touched: Mapping[str, set[int]],
                        parents: Sequence[int]) -> None:
        """Carry the period inputs and evaluations this engine keeps over to `new`, which
        follows it with other realizations of the indicators `touched` in each period and
        other weights under `parents`: only those entries are read again and only those nodes
        and their ancestors rescored."""
        new._period_cache = {
            period: (new._patched_inputs(self.inputs(period), period, sorted(touched[period]))
                     if period in touched else inputs)
            for period, inputs in list(self._period_cache.items())
        }
        with _EVALUATIONS_LOCK:
            kept = list(_EVALUATIONS.get(self, OrderedDict()).items())
        carried = OrderedDict(
            (period, ev._carried(new, sorted(touched.get(period, ())), parents))
            for period, ev in kept
        )
        with _EVALUATIONS_LOCK:
            if new not in _RETIRED:
                _EVALUATIONS[new] = carried
                # the objectives' scores kept (objective_scores) of the periods whose
                # realizations and weights are the same
                scores = {period: values for period, values in _SCORES.get(self, {}).items()
                          if not parents and period not in touched}
                if scores:
                    _SCORES[new] = scores

    def evaluation(self, period: str) -> Evaluation:
        """The shared evaluation of a period, computed once and kept (the last few periods, and
        carried over by `follow`). Read it, never change it: what-ifs use `evaluate`."""
        with _EVALUATIONS_LOCK:
            cache = _EVALUATIONS.setdefault(self, OrderedDict())
            if period in cache:
                cache.move_to_end(period)
                return cache[period]
        with _EVALUATIONS_LOCK:
            pending = _PENDING.get(self)
            stub = pending[0].pop(period, None) if pending is not None else None
        if stub is not None and pending is not None:
            ev = stub._restructured(self, *pending[1])
        else:
            ev = self.evaluate(period)
        with _EVALUATIONS_LOCK:
            if self in _RETIRED:
                return ev  # kept by no one: the cache would keep this engine alive
            cache = _EVALUATIONS.setdefault(self, OrderedDict())
            cache[period] = ev
            while len(cache) > self._most_kept(MAX_EVALUATIONS, MAX_BIG_EVALUATIONS):
                cache.popitem(last=False)
        return ev

    def _most_kept(self, small: int, big: int) -> int:
        """How many evaluations (or period inputs) this engine keeps: `big` for a plan of
        `SCORES_ONLY_NODES` or more, else `small`."""
        return small if self.n < SCORES_ONLY_NODES else big

    def objective_scores(self, period: str) -> np.ndarray:
        """The scores of every objective in one period (plan order, NaN without; read-only):
        its kept evaluation's, else (a plan of `SCORES_ONLY_NODES` or more) computed once and
        kept alone, the evaluation and the period's inputs let go; a smaller plan keeps the
        evaluation (`evaluation`). For a trend over many periods."""
        if self.n < SCORES_ONLY_NODES:
            return self.evaluation(period).objective_scores
        with _EVALUATIONS_LOCK:
            kept = _EVALUATIONS.get(self, {}).get(period)
            pending = _PENDING.get(self)
            waiting = pending is not None and period in pending[0]
            scores = _SCORES.get(self, {}).get(period)
        if kept is not None or waiting:
            return self.evaluation(period).objective_scores
        if scores is not None:
            return scores
        inputs = self._period_cache.get(period)
        if inputs is None or isinstance(inputs, _ShortInputs):
            inputs = self._inputs_of(period)  # not kept: only the scores are
        scores = Evaluation(self, period, inputs, inputs.realization,
                            self.e_weight).objective_scores.copy()
        scores.flags.writeable = False
        with _EVALUATIONS_LOCK:
            if self not in _RETIRED:
                kept_scores = _SCORES.setdefault(self, {})
                kept_scores[period] = scores
                while len(kept_scores) > MAX_SCORES:
                    kept_scores.pop(next(iter(kept_scores)))
        return scores

    def retire(self) -> None:
        """Forget the evaluations this engine keeps, and keep none from now on: for an engine
        that a newer one replaced (services.engine_cache). A kept evaluation refers to its
        engine, so without this the engine (arrays, plan lists) would live for good."""
        with _EVALUATIONS_LOCK:
            _RETIRED.add(self)
            _EVALUATIONS.pop(self, None)
            _PENDING.pop(self, None)
            _SCORES.pop(self, None)
            view = self._verified
            if view is not None and view is not self:
                _RETIRED.add(view)
                _EVALUATIONS.pop(view, None)
                _SCORES.pop(view, None)

    def kept_periods(self) -> list[str]:
        """The periods whose evaluation this engine keeps (least recently used first; those
        carried over a structure edit and not used since first)."""
        with _EVALUATIONS_LOCK:
            pending = _PENDING.get(self)
            waiting = list(pending[0]) if pending is not None else []
            return waiting + [p for p in _EVALUATIONS.get(self, ()) if p not in waiting]

    def _edge_between(self, parent: int, child: int) -> int:
        """The edge index parent -> child (KeyError when they are not linked)."""
        return int(self._edges_between(parent, child)[0])

    def _edges_between(self, parent: int, child: int) -> np.ndarray:
        """The edge indices parent -> child, ascending (KeyError when they are not linked)."""
        edges = self.children_of(parent)
        found = edges[self.e_child[edges] == child]
        if len(found) == 0:
            raise KeyError(Message(NO_LINK, {"parent": self.code_of(parent),
                                             "child": self.code_of(child)}).bilingual())
        return found

    # ------------------------------------- the node layout: objectives first, then indicators
    # Nothing outside this module counts on that layout: these name what callers need.
    def indicator_position(self, node: int) -> int:
        """An indicator node's position in the plan's indicator list (-1 for an objective)."""
        return node - self.n_objectives if node >= self.n_objectives else -1

    def indicator_node(self, position: int) -> int:
        """The node of the indicator at a position of the plan's indicator list."""
        return self.n_objectives + position

    def indicator_positions(self, nodes: np.ndarray) -> np.ndarray:
        """Per node: its position in the indicator list (negative for an objective)."""
        return np.asarray(nodes) - self.n_objectives

    def indicator_nodes(self, positions: np.ndarray) -> np.ndarray:
        """The nodes of indicator-list positions."""
        return np.asarray(positions) + self.n_objectives

    def is_indicator_node(self, nodes: Any) -> Any:
        """Whether a node (or each of an array of nodes) is an indicator's."""
        return nodes >= self.n_objectives if isinstance(nodes, np.ndarray) else (
            int(nodes) >= self.n_objectives)

    def is_objective_node(self, node: int) -> bool:
        """Whether a node number is an objective's (False for -1, the unknown code's)."""
        return 0 <= node < self.n_objectives

    def of_indicators(self, per_node: np.ndarray) -> np.ndarray:
        """The indicators' part of a per-node array, in indicator-list order (a view)."""
        return per_node[self.n_objectives :]

    def of_objectives(self, per_node: np.ndarray) -> np.ndarray:
        """The objectives' part of a per-node array, in objective-list order (a view)."""
        return per_node[: self.n_objectives]

    def indicator_at(self, node: int) -> Indicator | None:
        """The plan's indicator of a node (None for an objective's node)."""
        position = self.indicator_position(node)
        return None if position < 0 else self.doc.indicators[position]

    # ----------------------------------------------------------------- queries by code
    def code_of(self, node: int) -> str:
        """The code of a node (without joining every code into `codes`)."""
        if node < self.n_objectives:
            return self.objective_codes[node]
        return self.indicator_codes[node - self.n_objectives]

    def is_indicator(self, code: str) -> bool:
        """Whether a code is an indicator's (False for an objective's or an unknown code)."""
        return self.index.get(code, -1) >= self.n_objectives

    def item(self, code: str) -> Objective | Indicator:
        """The plan's objective or indicator of a code (KeyError when unknown)."""
        node = self.index[code]
        if node < self.n_objectives:
            return self.doc.objectives[node]
        return self.doc.indicators[node - self.n_objectives]

    def child_objectives(self, code: str) -> list[str]:
        """Codes of an objective's child objectives, in plan order."""
        children = self.e_child[self.children_of(self.index[code])]
        return [self.code_of(c)
                for c in sorted(children[children < self.n_objectives].tolist())]

    def child_indicators(self, code: str) -> list[str]:
        """Codes of the indicators directly under an objective, in plan order."""
        children = self.e_child[self.children_of(self.index[code])]
        return [self.code_of(c) for c in sorted(children[children >= self.n_objectives].tolist())]

    def child_count(self, code: str) -> int:
        """How many children (objectives and indicators) a node has."""
        return int(self.n_children[self.index[code]])

    def child_weights(self, code: str) -> dict[str, float]:
        """The weight of each child of an objective: child objectives, then indicators, each
        in plan order."""
        edges = sorted(self.children_of(self.index[code]).tolist(),
                       key=lambda e: int(self.e_child[e]))
        return {self.code_of(int(self.e_child[e])): float(self.e_weight[e]) for e in edges}

    def parent_objectives(self, code: str) -> list[str]:
        """Codes of a node's parents, in link order (several for a crosscutting objective)."""
        edges = self.parents_of(self.index[code])
        return [self.code_of(p) for p in self.e_parent[edges].tolist()]

    def ancestor_codes(self, code: str) -> list[str]:
        """Every objective above a node, deepest first."""
        return [self.code_of(n) for n in self.ancestors(self.index[code])]

    def path_to_root(self, code: str) -> list[str]:
        """Codes from the vision down to a node along a shortest path ([] when unaligned)."""
        if self.root is None or code not in self.index:
            return []
        start, goal = self.index[code], self.root_index
        previous: dict[int, int | None] = {start: None}
        queue = [start]
        for node in queue:  # breadth first: the queue grows while it is read
            if node == goal:
                path: list[str] = []
                current: int | None = node
                while current is not None:
                    path.append(self.code_of(current))
                    current = previous[current]
                return path
            for parent in self.e_parent[self.parents_of(node)].tolist():
                if parent not in previous:
                    previous[parent] = node
                    queue.append(parent)
        return []

    def compiled_columns(self) -> dict[str, np.ndarray]:
        """The compiled columns in the plan lists' order (read them, never change them):
        `level_rank` per objective, `link_parent`, `link_child` (node indices, -1 for a code
        not compiled) and `link_weight` per link, `indicator_objective` (node, -1) and
        `indicator_weight` per indicator (the weights in force)."""
        return {"level_rank": self._obj_rank, "link_parent": self._link_parent,
                "link_child": self._link_child, "link_weight": self._link_weight,
                "indicator_objective": self._ind_parent, "indicator_weight": self._ind_weight}

    def _weight_columns(self, e_weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The link and indicator weight columns holding the edges' weights `e_weight`."""
        link_weight, indicator_weight = self._link_weight.copy(), self._ind_weight.copy()
        n_links = len(link_weight)
        is_link = self._edge_source < n_links
        link_weight[self._edge_source[is_link]] = e_weight[is_link]
        indicator_weight[self._edge_source[~is_link] - n_links] = e_weight[~is_link]
        return link_weight, indicator_weight

    def target_positions(self, period: str) -> np.ndarray:
        """The positions of the indicators with a target row for `period` (its value or not)."""
        grouped = self._targets.get(period)
        return grouped[0] if grouped is not None else np.empty(0, dtype=np.int64)


class Evaluation:
    """Scores, coverage and influence of every node in one period (coverage and the
    denominator of the roll-up: of every objective, by node; an indicator has neither)."""

    def __init__(
        self,
        engine: Engine,
        period: str,
        inputs: _PeriodInputs,
        realization: np.ndarray,
        edge_weight: np.ndarray,
    ):
        self.engine = engine
        self.period = period
        self.root = engine.root
        self.inputs = inputs
        self.realization = realization
        self.edge_weight = edge_weight
        n = engine.n
        self.raw = engine.achievements(inputs, realization)
        self.score = _nan(n)
        self.score[engine.n_objectives :] = scoring.clamp(self.raw, engine.floor, engine.cap)
        self.has_data = np.zeros(n, dtype=bool)
        self.has_data[engine.n_objectives :] = ~np.isnan(self.raw)
        # over the objectives only (an indicator has neither: every parent is an objective)
        self.coverage = np.zeros(engine.n_objectives)
        self.denominator = np.zeros(engine.n_objectives)  # Σ w of each one's counted children
        self._rollup()
        self._influence: np.ndarray | None = None

    # ----------------------------------------------------------------- roll-up
    def _rollup(self) -> None:
        """Bottom-up, one pass per level: weighted means over counted children."""
        engine = self.engine
        zero_mode = engine.missing == "zero"
        score, has_data = self.score, self.has_data
        for layer in engine.layers:
            w = self.edge_weight[layer.edges]
            child_score = score[engine.e_child[layer.edges]]
            scored = ~np.isnan(child_score)
            child_data = has_data[engine.e_child[layer.edges]]
            size = len(layer.parents)
            numerator = np.bincount(layer.parent_inv, w * np.where(scored, child_score, 0.0), size)
            total = np.bincount(layer.parent_inv, w, size)
            counted = total if zero_mode else np.bincount(layer.parent_inv, w * scored, size)
            with np.errstate(all="ignore"):
                parent_score = np.where(counted > 0, numerator / counted, np.nan)
                covered = np.bincount(layer.parent_inv, w * child_data, size)
                self.coverage[layer.parents] = np.where(total > 0, covered / total, 0.0)
            score[layer.parents] = parent_score
            self.denominator[layer.parents] = counted
            has_data[layer.parents] = np.bincount(layer.parent_inv, child_data, size) > 0

    def _rescore(self, node: int) -> None:
        """Recompute one objective from its children (for incremental updates)."""
        engine = self.engine
        edges = engine.children_of(node)
        if len(edges) == 0:
            return
        w = self.edge_weight[edges]
        children = engine.e_child[edges]
        child_score = self.score[children]
        scored = ~np.isnan(child_score)
        total = float(w.sum())
        counted = total if engine.missing == "zero" else float(w[scored].sum())
        numerator = float((w * np.where(scored, child_score, 0.0)).sum())
        self.score[node] = numerator / counted if counted > 0 else np.nan
        self.denominator[node] = counted
        child_data = self.has_data[children]
        self.has_data[node] = bool(child_data.any())
        self.coverage[node] = float(w[child_data].sum()) / total if total > 0 else 0.0

    def set_realization(self, code: str, value: float | None) -> None:
        """Change one realization in this evaluation; only the ancestors are rescored."""
        engine = self.engine
        position = engine._indicator_position(code)
        node = engine.n_objectives + position
        if self.realization is self.inputs.realization:
            self.realization = self.realization.copy()  # copy on write: the cache stays intact
        self.realization[position] = np.nan if value is None else float(value)
        inputs = self.inputs
        raw = scoring.raw_achievements(
            engine.polarity[position : position + 1],
            engine.method[position : position + 1],
            engine.cap[position : position + 1],
            inputs.value[position : position + 1],
            inputs.low[position : position + 1],
            inputs.high[position : position + 1],
            self.realization[position : position + 1],
        )
        ancestors = engine.ancestors(node)
        touched = [node, *ancestors]
        before = ~np.isnan(self.score[touched])
        self.raw[position] = raw[0]
        self.score[node] = scoring.clamp(raw, engine.floor, engine.cap[position])[0]
        self.has_data[node] = not math.isnan(raw[0])
        for ancestor in ancestors:
            self._rescore(ancestor)
        # In `zero` mode every child counts whatever its data: influence cannot change.
        if engine.missing != "zero" and np.any(before != ~np.isnan(self.score[touched])):
            self._influence = None  # which children count changed: recompute lazily

    # ----------------------------------------------------------------- influence
    @property
    def influence(self) -> np.ndarray:
        """Influence of every node on the root score (docs/scoring.md), computed on first use."""
        if self._influence is None:
            self._influence = self._compute_influence()
        return self._influence

    def _compute_influence(self) -> np.ndarray:
        """Top-down: Σ over parents of influence(parent) · w / Σ w of its counted children.

        In `skip` mode only scored children count, and a node without a score has influence 0.
        In `zero` mode every child counts (one without data as a 0), so it keeps its influence:
        entering its data moves the root by influence × achievement (docs/scoring.md).
        """
        engine = self.engine
        influence = np.zeros(engine.n)
        scored = ~np.isnan(self.score)
        if engine.root_index < 0 or not scored[engine.root_index]:
            return influence
        influence[engine.root_index] = 1.0
        counted_only = engine.missing != "zero"
        for layer in reversed(engine.layers):  # top-down: parents before their children
            edges = layer.edges
            parents = engine.e_parent[edges]
            w = self.edge_weight[edges]
            denominator = self.denominator[parents]
            with np.errstate(all="ignore"):
                share = np.where(denominator > 0, w / denominator, 0.0)
            if counted_only:
                share = np.where(scored[engine.e_child[edges]], share, 0.0)
            flow = influence[parents] * np.where(scored[parents], share, 0.0)
            influence[layer.children] += np.bincount(layer.child_inv, flow, len(layer.children))
        if counted_only:
            influence[~scored] = 0.0
        return influence

    @property
    def contribution(self) -> np.ndarray:
        """Influence × score of every node (0 without a score)."""
        return np.where(np.isnan(self.score), 0.0, self.influence * np.nan_to_num(self.score))

    # ----------------------------------------------------------------- queries
    def score_of(self, code: str) -> float | None:
        """Objective score or indicator (clamped) achievement; None without a score."""
        return _opt(self.score[self.engine.index[code]])

    def objective(self, code: str) -> dict[str, Any]:
        """Score, band, coverage, influence and contribution of one objective."""
        node = self.engine.index[code]
        score = _opt(self.score[node])
        influence = float(self.influence[node])
        return {
            "score": score,
            "band": self.engine.band(score),
            "coverage": float(self.coverage[node]),
            "influence": influence,
            "contribution": influence * score if score is not None else 0.0,
        }

    def target_of(self, position: int) -> float | list[float] | None:
        """The target of an indicator (by position): a float, [low, high], or None."""
        inputs = self.inputs
        if not math.isnan(inputs.low[position]):
            return [float(inputs.low[position]), float(inputs.high[position])]
        return _opt(inputs.value[position])

    def indicator(self, code: str) -> dict[str, Any]:
        """Target, realization, achievements, band, influence and contribution of an indicator."""
        engine = self.engine
        position = engine._indicator_position(code)
        node = engine.n_objectives + position
        achievement = _opt(self.score[node])
        influence = float(self.influence[node])
        return {
            "target": self.target_of(position),
            "realization": _opt(self.realization[position]),
            "raw_achievement": _opt(self.raw[position]),
            "achievement": achievement,
            "band": engine.band(achievement),
            "influence": influence,
            "contribution": influence * achievement if achievement is not None else 0.0,
        }

    def to_json(self) -> dict[str, Any]:
        """The `ekinerja score --format json` document (docs/file-format.md)."""
        engine = self.engine
        n_obj = engine.n_objectives
        score = self.score.tolist()
        influence = self.influence.tolist()
        contribution = self.contribution.tolist()
        bands = engine.band_labels(self.score)
        coverage = self.coverage.tolist()
        objectives = {}
        for i, code in enumerate(engine.objective_codes):
            objectives[code] = {
                "score": None if math.isnan(score[i]) else score[i],
                "band": bands[i],
                "coverage": coverage[i],
                "influence": influence[i],
                "contribution": contribution[i],
            }
        inputs = self.inputs
        value, low, high = inputs.value.tolist(), inputs.low.tolist(), inputs.high.tolist()
        realization, raw = self.realization.tolist(), self.raw.tolist()
        indicators = {}
        for k, code in enumerate(engine.indicator_codes):
            i = n_obj + k
            if not math.isnan(low[k]):
                target: Any = [low[k], high[k]]
            else:
                target = None if math.isnan(value[k]) else value[k]
            indicators[code] = {
                "target": target,
                "realization": None if math.isnan(realization[k]) else realization[k],
                "raw_achievement": None if math.isnan(raw[k]) else raw[k],
                "achievement": None if math.isnan(score[i]) else score[i],
                "band": bands[i],
                "influence": influence[i],
                "contribution": contribution[i],
            }
        return {
            "period": self.period,
            "root": engine.root,
            "objectives": objectives,
            "indicators": indicators,
        }

    # ----------------------------------------------------------------- people
    def owned_objectives(self, nip: str) -> list[str]:
        """Codes of the employee's objectives that count towards their contribution."""
        return [self.engine.codes[i] for i in self.engine.top_owned(nip)]

    def employee_contribution(self, nip: str) -> float:
        """Points of the root score carried by an employee's work (docs/scoring.md)."""
        nodes = self.engine.top_owned(nip)
        return float(self.contribution[nodes].sum()) if nodes else 0.0

    def marginal_gain(self, code: str, new_score: float) -> float:
        """Root-score gain of raising a node to `new_score`: influence × (s' − s)."""
        node = self.engine.index[code]
        current = self.score[node]
        return float(self.influence[node] * (new_score - (0.0 if math.isnan(current) else current)))

    # ----------------------------------------------------------------- explain
    def explain(self, code: str) -> dict[str, Any]:
        """How one node's score came about."""
        engine = self.engine
        node = engine.index[code]
        if node >= engine.n_objectives:
            return self._explain_indicator(node - engine.n_objectives)
        edges = engine.children_of(node)
        zero_mode = engine.missing == "zero"
        denominator = float(self.denominator[node])
        children = []
        for edge in edges.tolist():
            child = int(engine.e_child[edge])
            weight = float(self.edge_weight[edge])
            child_score = _opt(self.score[child])
            counted = zero_mode or child_score is not None
            normalised = weight / denominator if counted and denominator > 0 else 0.0
            children.append(
                {
                    "code": engine.codes[child],
                    "kind": "indicator" if child >= engine.n_objectives else "objective",
                    "name": self._name(child),
                    "weight": weight,
                    "normalised_weight": normalised,
                    "score": child_score,
                    "counted": counted,
                    "part": normalised * (child_score or 0.0),
                }
            )
        score = _opt(self.score[node])
        return {
            "code": code,
            "kind": "objective",
            "name": self._name(node),
            "period": self.period,
            "score": score,
            "band": engine.band(score),
            "coverage": float(self.coverage[node]),
            "missing": engine.missing,
            "formula": "Σ wᵢ·sᵢ / Σ wᵢ"
            + (
                f" ({Message(MISSING_COUNTS_AS_ZERO).bilingual()})"
                if zero_mode
                else f" ({Message(SCORED_CHILDREN_ONLY).bilingual()})"
            ),
            "children": children,
        }

    def _name(self, node: int) -> str:
        engine = self.engine
        if node < engine.n_objectives:
            return engine.doc.objectives[node].name
        return engine.doc.indicators[node - engine.n_objectives].name

    def _explain_indicator(self, position: int) -> dict[str, Any]:
        engine = self.engine
        indicator = engine.doc.indicators[position]
        method = indicator.negative_method or engine.doc.plan.settings.negative_method
        target = self.target_of(position)
        realization = _opt(self.realization[position])
        achievement = _opt(self.score[engine.n_objectives + position])
        cap = float(engine.cap[position])
        return {
            "code": indicator.code,
            "kind": "indicator",
            "name": indicator.name,
            "period": self.period,
            "polarity": indicator.polarity,
            "negative_method": method if indicator.polarity == "negative" else None,
            "aggregation": indicator.aggregation,
            "target": target,
            "realization": realization,
            "realization_derived": bool(self.inputs.derived[position])
            and self.realization is self.inputs.realization,
            "formula": scoring.formula(
                indicator.polarity,
                tuple(target) if isinstance(target, list) else target,
                realization,
                method=method,
                cap=cap,
            ),
            "raw_achievement": _opt(self.raw[position]),
            "floor": engine.floor,
            "cap": cap,
            "achievement": achievement,
            "band": engine.band(achievement),
        }

    # ----------------------------------------------------------------- views by kind
    @property
    def objective_scores(self) -> np.ndarray:
        """Scores of every objective in plan order (NaN without a score); a read-only view."""
        return self.score[: self.engine.n_objectives]

    @property
    def achievements(self) -> np.ndarray:
        """Clamped achievement of every indicator in plan order (NaN without); read-only."""
        return self.score[self.engine.n_objectives :]

    @property
    def objective_influence(self) -> np.ndarray:
        """Influence of every objective in plan order; a read-only view."""
        return self.influence[: self.engine.n_objectives]

    def children(self, code: str) -> list[tuple[str, float]]:
        """A node's children in link order (the plan's links, then its indicators) with their
        weights in this evaluation (what-ifs included)."""
        engine = self.engine
        edges = engine.children_of(engine.index[code]).tolist()
        return [(engine.codes[int(engine.e_child[e])], float(self.edge_weight[e])) for e in edges]

    def link_weight(self, parent: str, child: str) -> float:
        """The weight of the link parent -> child in this evaluation (what-ifs included)."""
        engine = self.engine
        return float(self.edge_weight[engine._edge_between(engine.index[parent],
                                                           engine.index[child])])

    def indicator_values(self, code: str) -> IndicatorValues:
        """Target, realization, raw and clamped achievement of one indicator (no influence)."""
        position = self.engine._indicator_position(code)
        return IndicatorValues(
            target=self.target_of(position),
            realization=_opt(self.realization[position]),
            derived=bool(self.inputs.derived[position])
            and self.realization is self.inputs.realization,
            raw_achievement=_opt(self.raw[position]),
            achievement=_opt(self.score[self.engine.n_objectives + position]),
        )

    def achievement_if(self, code: str, value: float) -> tuple[float | None, float | None]:
        """The raw and clamped achievement an indicator would have with realization `value`
        against its target in this period (nothing else is rescored)."""
        engine = self.engine
        one = slice(engine._indicator_position(code), engine._indicator_position(code) + 1)
        raw = scoring.raw_achievements(
            engine.polarity[one], engine.method[one], engine.cap[one], self.inputs.value[one],
            self.inputs.low[one], self.inputs.high[one], np.array([float(value)]),
        )
        clamped = scoring.clamp(raw, engine.floor, engine.cap[one])
        return _opt(raw[0]), _opt(clamped[0])

    def _arrays_only(self) -> Evaluation:
        """A stand-in holding this evaluation's period and score arrays, not its engine (what
        `_restructured` reads)."""
        stub = Evaluation.__new__(Evaluation)
        stub.period = self.period
        stub.score, stub.has_data = self.score, self.has_data
        stub.coverage, stub.denominator, stub.raw = self.coverage, self.denominator, self.raw
        return stub

    def _restructured(self, engine: Engine, node_map: np.ndarray, position_map: np.ndarray,
                      positions: Sequence[int], ordered: Sequence[int],
                      in_place: tuple[bool, bool]) -> Evaluation:
        """This evaluation on `engine`, compiled from ours by structure edits: the arrays moved
        to the new numbering (`node_map`, `position_map`: -1 for what went), the indicators at
        `positions` scored again, then the objectives `ordered` (deepest first) rescored."""
        new = copy.copy(self)
        new.engine = engine
        new.root = engine.root
        new.inputs = engine.inputs(self.period)
        new.realization = new.inputs.realization
        new.edge_weight = engine.e_weight
        kept_nodes = node_map >= 0
        kept_positions = position_map >= 0
        nodes_in_place, positions_in_place = in_place  # nothing went, only appended: no scatter
        # the objectives kept (in place: the first n_obj nodes of ours)
        n_obj = len(node_map) - len(position_map) if nodes_in_place else 0
        for name, fill in (("coverage", 0.0), ("denominator", 0.0)):  # objectives only
            old = getattr(self, name)
            if nodes_in_place:
                values = np.empty(engine.n_objectives, dtype=old.dtype)
                values[:n_obj] = old
                values[n_obj:] = fill
            else:
                values = np.full(engine.n_objectives, fill, dtype=old.dtype)
                moved = node_map[: len(old)]  # an objective stays an objective, or went
                values[moved[moved >= 0]] = old[moved >= 0]
            setattr(new, name, values)
        for name, fill in (("score", np.nan), ("has_data", False)):
            old = getattr(self, name)
            if nodes_in_place:  # objectives, then indicators, each kept in place
                values = np.empty(engine.n, dtype=old.dtype)  # filled once: no full first
                values[:n_obj] = old[:n_obj]
                values[n_obj : engine.n_objectives] = fill
                values[engine.n_objectives : engine.n_objectives + len(old) - n_obj] = (
                    old[n_obj:])
                values[engine.n_objectives + len(old) - n_obj :] = fill
            else:
                values = np.full(engine.n, fill, dtype=old.dtype)
                values[node_map[kept_nodes]] = old[kept_nodes]
            setattr(new, name, values)
        if positions_in_place:
            new.raw = np.empty(engine.n_indicators)
            new.raw[: len(self.raw)] = self.raw
            new.raw[len(self.raw):] = np.nan
        else:
            new.raw = np.full(engine.n_indicators, np.nan)
            new.raw[position_map[kept_positions]] = self.raw[kept_positions]
        if positions_in_place:  # the appended ones and `positions`, without a scan
            todo = np.union1d(np.arange(len(self.raw), engine.n_indicators),
                              np.asarray(positions, dtype=np.int64))
        else:
            todo_mask = np.ones(engine.n_indicators, dtype=bool)  # the appended ones
            todo_mask[position_map[kept_positions]] = False
            todo_mask[np.asarray(positions, dtype=np.int64)] = True
            todo = np.flatnonzero(todo_mask)
        if len(todo):
            inputs = new.inputs
            raw = scoring.raw_achievements(
                engine.polarity[todo], engine.method[todo], engine.cap[todo],
                inputs.value[todo], inputs.low[todo], inputs.high[todo], new.realization[todo],
            )
            new.raw[todo] = raw
            offset = engine.n_objectives
            new.score[offset + todo] = scoring.clamp(raw, engine.floor, engine.cap[todo])
            new.has_data[offset + todo] = ~np.isnan(raw)
        for node in ordered:
            if engine.n_children[node]:
                new._rescore(node)
            else:  # its last child went: no score, as a fresh roll-up leaves it
                new.score[node], new.has_data[node] = np.nan, False
                new.coverage[node] = new.denominator[node] = 0.0
        new._influence = None
        return new

    def followed_what_if(self, engine: Engine, realization: np.ndarray,
                         positions: Sequence[int]) -> Evaluation:
        """This what-if evaluation (`Engine.evaluate_array`) on `engine`, which follows ours
        with the same targets in this period and the same weights, with `realization` (one
        value per indicator, copied) in place of ours: it differs at the indicator `positions`
        only, so only those and their ancestors are rescored (e.g. a forecast after a save)."""
        values = np.array(realization, dtype=float)
        if values.shape != (engine.n_indicators,):
            raise ValueError(f"realization must hold {engine.n_indicators} values")
        return self._carried(engine, positions, (), values)

    def _carried(self, engine: Engine, positions: Sequence[int], parents: Sequence[int],
                 realization: np.ndarray | None = None) -> Evaluation:
        """This evaluation on `engine`, which follows ours with other realizations of the
        indicators at `positions` in this period and other weights under `parents`: only those
        nodes and their ancestors are rescored (Engine.follow). `realization`: a what-if's
        values in place of the period's own (`followed_what_if`)."""
        new = copy.copy(self)
        new.engine = engine
        if realization is not None:
            new.inputs, new.realization = engine.inputs(self.period), realization
        if not positions and not parents:
            return new  # nothing of this period changed: the arrays are shared, read-only
        changed = ("score", "has_data", "coverage", "denominator", "raw")
        for name in changed if positions else changed[:-1]:  # copy what is rescored
            setattr(new, name, getattr(self, name).copy())
        new.edge_weight = engine.e_weight
        new.inputs = engine.inputs(self.period)
        new.realization = new.inputs.realization if realization is None else realization
        scored_before = ~np.isnan(new.score)
        dirty: set[int] = set(parents)
        offset = engine.n_objectives
        for position in positions:
            one = slice(position, position + 1)
            raw = scoring.raw_achievements(
                engine.polarity[one], engine.method[one], engine.cap[one],
                new.inputs.value[one], new.inputs.low[one], new.inputs.high[one],
                new.realization[one],
            )
            new.raw[position] = raw[0]
            new.score[offset + position] = scoring.clamp(raw, engine.floor, engine.cap[one])[0]
            new.has_data[offset + position] = not math.isnan(raw[0])
            dirty.update(engine.ancestors(offset + position))
        for parent in parents:
            dirty.update(engine.ancestors(parent))
        for node in sorted(dirty, key=lambda n: -int(engine.layer_of[n])):
            new._rescore(node)
        if parents or np.any(scored_before != ~np.isnan(new.score)):
            new._influence = None  # shares or counted children changed: recomputed on use
        return new


def _patched_columns(columns: Columns, found: Mapping[tuple[str, str], int],
                     latest: Mapping[tuple[str, str], tuple[float | None, str]],
                     appended: Sequence[Realization]) -> Columns:
    """Realization columns (with statuses) aligned with a list of realizations, after the
    `latest` values were written at the `found` rows and `appended` were added at the end
    (a removed row keeps its old values here: the caller drops it)."""
    value = columns.value.copy()
    status = list(columns.status or ())
    for key, at in found.items():
        if latest[key][0] is not None:
            value[at] = latest[key][0]
            status[at] = latest[key][1]
    indicator, period, low, high = columns.indicator, columns.period, columns.low, columns.high
    if appended:
        indicator = [*indicator, *(row.indicator for row in appended)]
        period = [*period, *(row.period for row in appended)]
        value = np.concatenate([value, np.array([row.value for row in appended], dtype=float)])
        status.extend(row.status for row in appended)
        low, high = np.full(len(value), np.nan), np.full(len(value), np.nan)
    return Columns(indicator, period, value, low, high, status)
