"""The vectorised compile (period data from columns, structure columns) against the per-row
path it replaced, on generated plans with ranged targets, monthly, quarterly and yearly periods,
every aggregation and realizations waiting for verification."""

from __future__ import annotations

from dataclasses import replace
from itertools import repeat

import numpy as np
import pytest

from ekinerja.generate import generate
from ekinerja.model import PlanDocument, Realization, Target
from ekinerja.rollup import Columns, Engine, StructureColumns, interned, node_ids


def per_row_grouped(engine: Engine, indicator: list[str], period: list[str],
                    arrays: list[np.ndarray]) -> dict[str, list[np.ndarray]]:
    """Rows by period the way the compile grouped them before: a dict lookup per row, a
    stable sort by period id (periods in order of first appearance)."""
    n = len(indicator)
    node = np.fromiter(map(engine.index.get, indicator, repeat(-1)), np.int64, count=n)
    ids = {p: k for k, p in enumerate(dict.fromkeys(period))}
    codes = np.fromiter(map(ids.__getitem__, period), np.int64, count=n)
    pos = node - engine.n_objectives
    keep = np.nonzero(pos >= 0)[0]
    order = keep[np.argsort(codes[keep], kind="stable")]
    bounds = np.searchsorted(codes[order], np.arange(len(ids) + 1))
    result = {}
    for p, k in ids.items():
        rows = order[bounds[k]: bounds[k + 1]]
        if len(rows):
            result[p] = [pos[rows], *(a[rows] for a in arrays)]
    return result


def varied_plan(seed: int) -> PlanDocument:
    """A generated plan plus monthly realizations and targets, statuses other than verified,
    rows naming objectives or unknown codes (dropped by the compile) and rows out of order."""
    doc = generate(40, 2, seed)
    rng = np.random.default_rng(seed)
    indicators = doc.indicators
    year = doc.targets[0].period[:4]
    months = [f"{year}-{m:02d}" for m in range(1, 13)]
    extra_r: list[Realization] = []
    extra_t: list[Target] = []
    for k in rng.choice(len(indicators), size=len(indicators) // 3, replace=False).tolist():
        code = indicators[k].code
        for month in rng.choice(months, size=3, replace=False).tolist():
            status = str(rng.choice(["verified", "submitted", "draft", "rejected"]))
            extra_r.append(Realization(code, month, float(rng.uniform(0, 120)), status))
        if k % 2:
            extra_t.append(Target(code, months[k % 12], None, 10.0, 20.0)
                           if indicators[k].polarity == "range"
                           else Target(code, months[k % 12], float(k % 50 + 1)))
    realizations = doc.realizations + extra_r
    realizations.append(Realization(doc.objectives[3].code, months[0], 50.0))
    realizations.append(Realization("NO-SUCH-CODE", months[1], 50.0))
    order = rng.permutation(len(realizations))
    targets = doc.targets + extra_t
    targets.insert(5, Target("NO-SUCH-CODE", year, 3.0))
    return replace(doc, realizations=[realizations[k] for k in order.tolist()], targets=targets)


def assert_same_groups(ours: dict[str, tuple[np.ndarray, ...]],
                       theirs: dict[str, list[np.ndarray]]) -> None:
    assert list(ours) == list(theirs)
    for period, parts in theirs.items():
        assert len(ours[period]) == len(parts)
        for a, b in zip(ours[period], parts, strict=True):
            assert a.dtype == b.dtype
            np.testing.assert_array_equal(a, b)


PLANS = [varied_plan(seed) for seed in (1, 2)] + [generate(60, 3, 5)]


@pytest.mark.parametrize("doc", PLANS)
def test_period_data_equals_the_per_row_path(doc: PlanDocument) -> None:
    for count in ("submitted", "verified"):
        settings = replace(doc.plan.settings, count=count)
        doc = replace(doc, plan=replace(doc.plan, settings=settings))
        engine = Engine(doc)
        targets = Columns.of_targets(doc.targets)
        assert_same_groups(engine._targets, per_row_grouped(
            engine, list(targets.indicator), list(targets.period),
            [targets.value, targets.low, targets.high]))
        counted = Columns.of_realizations(doc.realizations).counted(
            frozenset({"verified", "submitted"}) if count == "submitted"
            else frozenset({"verified"}))
        assert_same_groups(engine._realizations, per_row_grouped(
            engine, list(counted.indicator), list(counted.period), [counted.value]))
        verified = Columns.of_realizations(doc.realizations).counted(frozenset({"verified"}))
        assert_same_groups(engine.verified_only()._realizations, per_row_grouped(
            engine, list(verified.indicator), list(verified.period), [verified.value]))


@pytest.mark.parametrize("doc", PLANS)
def test_compile_from_columns_equals_compile_from_the_plan(doc: PlanDocument) -> None:
    plain = Engine(doc)
    structure = StructureColumns.of_document(doc)
    engine = Engine(doc, structure=structure,
                    targets=Columns.of_targets(doc.targets).with_ids(structure.index),
                    realizations=Columns.of_realizations(doc.realizations).with_ids(
                        structure.index))
    assert engine.codes == plain.codes and engine.index == plain.index
    for name in ("layer_of", "e_parent", "e_child", "e_weight", "polarity", "method", "cap",
                 "aggregation", "_by_parent", "_by_child", "_child_ptr", "_parent_ptr"):
        np.testing.assert_array_equal(getattr(engine, name), getattr(plain, name))
    assert_same_groups(engine._targets, {p: list(v) for p, v in plain._targets.items()})
    assert_same_groups(engine._realizations,
                       {p: list(v) for p, v in plain._realizations.items()})
    assert_same_groups(engine.verified_only()._realizations,
                       {p: list(v) for p, v in plain.verified_only()._realizations.items()})
    periods = plain.periods()
    assert engine.periods() == periods and len(periods) >= 5
    for period in periods:
        np.testing.assert_array_equal(engine.evaluate(period).score,
                                      plain.evaluate(period).score)


def test_node_ids_mark_unknown_codes_and_periods_keep_their_first_order() -> None:
    index = {"A": 0, "B": 1, "C": 2}
    codes = ["B", "B", "A", "X", "X", "B", "C", "C"]
    np.testing.assert_array_equal(node_ids(codes, index), [1, 1, 0, -1, -1, 1, 2, 2])
    assert node_ids([], index).tolist() == []
    ids, distinct = interned(["2024-Q2", "2024", "2024-Q2", "2024-01"], 4)
    assert ids.tolist() == [0, 1, 0, 2] and distinct == ["2024-Q2", "2024", "2024-01"]


@pytest.mark.parametrize("n", [1, 5, 256, 257, 40_000])
def test_period_ids_sorted_as_bytes_only_when_they_fit(n: int) -> None:
    """`_small_keys`: ids of at most 256 periods become bytes (a radix sort), others stay as
    they are; either way the stable order is the order of the ids themselves."""
    from ekinerja.rollup import _small_keys

    ids = np.random.default_rng(n).integers(0, n, 3000)
    keys = _small_keys(ids, n)
    assert keys.dtype == (np.uint8 if n <= 256 else ids.dtype)
    np.testing.assert_array_equal(np.argsort(keys, kind="stable"),
                                  np.argsort(ids, kind="stable"))
    wrong = ids.copy()
    wrong[0] = 300  # an id out of the byte's range: left as it is, not wrapped
    assert _small_keys(wrong, min(n, 256)).dtype == ids.dtype
