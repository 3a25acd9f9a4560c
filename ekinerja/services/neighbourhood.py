"""The validation of one structure edit on what it touches (docs/workshop.md: fast at scale).

A stored plan is valid (every write is validated), so an edit can only break the rules where
it changed something. The edit's own steps (audit.collecting: entity, key, action, old, new)
name that neighbourhood; the rules of the whole-plan validation (ekinerja.cascade.validate) are
checked there alone, reading a few rows, with the same located messages:

- a link added: the cycle check walks up from its new parent (a query per level), and the
  level order of parent and child (an RHK under an RHK is allowed: the supervisor's RHK);
- an objective added, removed or whose level changed: the level order of each of its links, and
  the vision (exactly one);
- a parent whose children or weights changed: its weights (each, all zero, the sum);
- an indicator added or changed: its cap and, with data, its targets; a code added: the rule
  of codes.

Positions (``links[i]``, ``objectives[i]``...) are counted only for the rows that fail.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from sqlalchemy import Connection

from ekinerja import cascade, textrules
from ekinerja.limits import MAX_WEIGHT, MAX_WEIGHT_SUM, MIN_WEIGHT
from ekinerja.model import Problem, Target
from ekinerja.storage import neighbourhood as stored
from ekinerja.storage.structure import (
    indicator_table,
    link_table,
    objective_table,
    target_table,
)


@dataclass
class Touched:
    """What an edit touched: the neighbourhood to validate."""

    objectives: set[str] = field(default_factory=set)  # added, removed or level changed
    added_codes: set[str] = field(default_factory=set)  # objectives and indicators added
    links: set[tuple[str, str]] = field(default_factory=set)  # links added
    pools: set[str] = field(default_factory=set)  # parents whose children or weights changed
    indicators: set[str] = field(default_factory=set)  # indicators added or changed
    reweighted: set[str] = field(default_factory=set)  # indicators whose weight changed
    visions: bool = False  # a vision was added, removed, or a level changed from/to vision


def touched_by(steps: Iterable[dict[str, Any]]) -> Touched:
    """The neighbourhood of an edit from its steps (added, removed or updated items)."""
    touched = Touched()
    for step in steps:
        entity, key, action = step["entity"], step["key"], step["action"]
        old, new = step["old"] or {}, step["new"] or {}
        if entity == "objective":
            if action == "add":
                touched.added_codes.add(key)
            if action != "update" or "level" in new:
                touched.objectives.add(key)
                if "vision" in (old.get("level"), new.get("level")):
                    touched.visions = True
        elif entity == "indicator":
            if action == "add":
                touched.added_codes.add(key)
            touched.indicators.add(key)
            for values in (old, new):
                if values.get("objective") is not None:
                    touched.pools.add(values["objective"])
            if action == "update" and "weight" in new:
                touched.reweighted.add(key)  # its objective's pool: found in `errors`
        elif entity == "link":
            parent, child = key.split(">", 1)
            touched.pools.add(parent)
            if action == "add":
                touched.links.add((parent, child))
        elif entity == "target":
            touched.indicators.add(key.rsplit("@", 1)[0])
    return touched


def reaches_up(conn: Connection, plan_id: int, start: str, goal: str) -> bool:
    """Whether `goal` is `start` or one of its ancestors: walks up from `start`, one query per
    level of the cascade."""
    seen = {start}
    frontier = [start]
    while frontier:
        if goal in frontier:
            return True
        frontier = sorted(stored.parents_of_any(conn, plan_id, frontier) - seen)
        seen.update(frontier)
    return False


def _cycle_through(conn: Connection, plan_id: int, parent: str, child: str) -> list[str]:
    """The shortest cycle through the link parent -> child: child ... parent child (breadth
    first from `parent` up to `child`)."""
    previous: dict[str, str | None] = {parent: None}
    queue = [parent]
    for node in queue:
        if node == child:
            break
        for up in stored.parents(conn, plan_id, node):
            if up not in previous:
                previous[up] = node
                queue.append(up)
    path: list[str] = []
    current: str | None = child
    while current is not None:
        path.append(current)
        current = previous[current]
    return [*path, child]  # child → ... → parent → child


def _link_rows(conn: Connection, plan_id: int, pairs: Sequence[tuple[str, str]]
               ) -> dict[tuple[str, str], Any]:
    rows: dict[tuple[str, str], Any] = {}
    for parent, child in pairs:
        row = stored.link_row(conn, plan_id, parent, child)
        if row is not None:
            rows[(parent, child)] = row
    return rows


def _cycle_problems(conn: Connection, plan_id: int, touched: Touched) -> list[Problem]:
    problems: list[tuple[int, Problem]] = []
    seen: set[str] = set()
    links = _link_rows(conn, plan_id, sorted(touched.links))
    levels = stored.levels(conn, plan_id, {code for pair in links for code in pair})
    for parent, child in links:
        if parent not in levels or child not in levels or child in seen:
            continue
        if not reaches_up(conn, plan_id, parent, child):
            continue
        cycle = _cycle_through(conn, plan_id, parent, child)
        seen.update(cycle)
        edges = list(pairwise(cycle))
        place = min(stored.position(conn, link_table, plan_id, row.seq)
                    for row in _link_rows(conn, plan_id, edges).values())
        problems.append((place, cascade.cycle_problem(place, cycle)))
    return [p for _, p in sorted(problems, key=lambda item: item[0])]


def _vision_problems(conn: Connection, plan_id: int) -> list[Problem]:
    rows = stored.visions(conn, plan_id)
    visions = [(stored.position(conn, objective_table, plan_id, r.seq) if k else 0, r.code)
               for k, r in enumerate(rows)]
    return cascade.vision_problems(visions)


def _level_problems(conn: Connection, plan_id: int, touched: Touched) -> list[Problem]:
    candidates: dict[int, tuple[str, str]] = {}
    for row in stored.links_touching(conn, plan_id, sorted(touched.objectives),
                                     sorted(touched.links)):
        candidates[row.seq] = (row.parent, row.child)
    levels = stored.levels(conn, plan_id, {code for pair in candidates.values() for code in pair})
    problems = []
    for seq in sorted(candidates):
        parent, child = candidates[seq]
        if cascade.link_level_problem(0, parent, child, levels.get(parent),
                                      levels.get(child)) is None:
            continue
        i = stored.position(conn, link_table, plan_id, seq)
        problem = cascade.link_level_problem(i, parent, child, levels.get(parent),
                                             levels.get(child))
        assert problem is not None
        problems.append(problem)
    return problems


def _pool_fine(conn: Connection, plan_id: int, parent: str) -> bool:
    """Whether the weights under `parent` surely hold no error, told from one summary row
    (a large pool is not read): each weight 0 or within bounds, not all 0, the sum clearly
    below the limit (near it, the pool is read and summed as the whole-plan check sums it)."""
    summary = stored.pool_summary(conn, plan_id, parent, MIN_WEIGHT, MAX_WEIGHT)
    return bool(summary.count == 0 or (
        summary.outside == 0 and summary.nonzero > 0
        and float(summary.total) < MAX_WEIGHT_SUM * (1 - 1e-9)))


def _pool_problems(conn: Connection, plan_id: int, touched: Touched) -> list[Problem]:
    """The weight errors under each touched parent, as the whole-plan validation orders them:
    single weights (links, then indicators) first, then the sums."""
    singles: list[tuple[int, int, Problem]] = []
    sums: list[Problem] = []
    for parent in sorted(touched.pools):
        parent_seq = stored.seq_of(conn, objective_table, plan_id, parent)
        if parent_seq is None:
            continue  # a removed parent has no pool
        if _pool_fine(conn, plan_id, parent):
            continue
        weights: list[float] = []
        refused = False
        link_rows = stored.pool_links(conn, plan_id, parent)
        known = set(stored.levels(conn, plan_id, [r.child for r in link_rows]))
        link_rows = [r for r in link_rows if r.child in known]  # links between objectives
        indicator_rows = stored.pool_indicators(conn, plan_id, parent)
        for kind, table, rows in (("links", link_table, link_rows),
                                  ("indicators", indicator_table, indicator_rows)):
            for r in rows:
                weight = float(r.weight)
                weights.append(weight)
                if cascade.weight_refused(weight):
                    refused = True
                    i = stored.position(conn, table, plan_id, r.seq)
                    text = cascade.weight_problem(weight) or ""
                    singles.append((kind == "indicators", i,
                                    Problem(f"{kind}[{i}].weight", text)))
        if refused or not weights:
            continue
        errors, _warnings = cascade.pool_problems(parent, 0, weights)
        if errors:
            i = stored.position(conn, objective_table, plan_id, parent_seq)
            sums += cascade.pool_problems(parent, i, weights)[0]
    return [p for *_, p in sorted(singles, key=lambda s: (s[0], s[1]))] + sums


def _indicator_problems(conn: Connection, plan_id: int, touched: Touched, with_data: bool
                        ) -> tuple[list[Problem], list[Problem]]:
    """(target errors, cap errors) of the touched indicators."""
    caps: list[tuple[int, Problem]] = []
    target_errors: list[tuple[int, Problem]] = []
    for code in sorted(touched.indicators):
        row = stored.indicator_rules(conn, plan_id, code)
        if row is None:
            continue
        if cascade.cap_problem(0, code, row.cap) is not None:
            i = stored.position(conn, indicator_table, plan_id, row.seq)
            caps.append((i, cascade.cap_problem(i, code, row.cap)))  # type: ignore[arg-type]
        if not with_data:
            continue
        for r in stored.indicator_targets(conn, plan_id, code):
            target = Target(code, r.period, r.value, r.low, r.high)
            if cascade.target_problem(0, target, row.polarity) is not None:
                i = stored.position(conn, target_table, plan_id, r.seq)
                target_errors.append((i, cascade.target_problem(i, target, row.polarity)))  # type: ignore[arg-type]
    return ([p for _, p in sorted(target_errors, key=lambda t: t[0])],
            [p for _, p in sorted(caps, key=lambda t: t[0])])


def _code_problems(conn: Connection, plan_id: int, touched: Touched) -> list[Problem]:
    problems = []
    for name, table in (("objectives", objective_table), ("indicators", indicator_table)):
        for code in sorted(touched.added_codes):
            problem = textrules.text_problem(code, "code")
            if problem is None:
                continue
            seq = stored.seq_of(conn, table, plan_id, code)
            if seq is not None:
                i = stored.position(conn, table, plan_id, seq)
                problems.append(Problem(f"{name}[{i}].code", problem.bilingual()))
    return problems


def errors(conn: Connection, plan_id: int, touched: Touched, *, with_data: bool = False
           ) -> list[Problem]:
    """The errors the whole-plan validation would find after the edit, on a plan valid before
    it, in its order (codes, cycles, the vision, levels, weights, targets, caps)."""
    if touched.reweighted:
        touched.pools.update(stored.objectives_of_indicators(conn, plan_id, touched.reweighted))
    problems = _code_problems(conn, plan_id, touched)
    problems += _cycle_problems(conn, plan_id, touched)
    if touched.visions:
        problems += _vision_problems(conn, plan_id)
    problems += _level_problems(conn, plan_id, touched)
    problems += _pool_problems(conn, plan_id, touched)
    targets, caps = _indicator_problems(conn, plan_id, touched, with_data)
    return problems + targets + caps

