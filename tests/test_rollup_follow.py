"""An engine following realization and weight changes without recompiling (rollup.py)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ekinerja import rollup
from ekinerja.generate import generate
from ekinerja.model import Link, Realization
from ekinerja.rollup import Engine


@pytest.fixture(scope="module")
def generated():
    """A small synthetic plan: two agencies, thirty employees, quarterly data for 2024."""
    return generate(30, 2, 1)


def with_realization(doc, indicator: str, period: str, value: float | None):
    """The document with one realization set (None removes it)."""
    kept = [r for r in doc.realizations if (r.indicator, r.period) != (indicator, period)]
    if value is not None:
        kept.append(Realization(indicator, period, value))
    return replace(doc, realizations=kept)


def with_weight(doc, parent: str, child: str, weight: float):
    """The document with one link or indicator weight set."""
    links = [Link(lk.parent, lk.child, weight) if (lk.parent, lk.child) == (parent, child) else lk
             for lk in doc.links]
    indicators = [replace(i, weight=weight) if (i.objective, i.code) == (parent, child) else i
                  for i in doc.indicators]
    return replace(doc, links=links, indicators=indicators)


def test_a_weight_change_scores_like_a_recompiled_plan(generated):
    engine = Engine(generated)
    link = generated.links[3]
    followed = engine.with_weights({(link.parent, link.child): 7.0})
    fresh = Engine(with_weight(generated, link.parent, link.child, 7.0))
    assert followed.evaluate("2024").to_json() == fresh.evaluate("2024").to_json()


def test_a_weight_change_leaves_the_first_engine_as_it_was(generated):
    engine = Engine(generated)
    before = engine.evaluate("2024").to_json()
    link = generated.links[3]
    engine.with_weights({(link.parent, link.child): 7.0})
    assert engine.evaluate("2024").to_json() == before


def test_an_indicator_weight_change_is_written_into_the_document(generated):
    indicator = generated.indicators[0]
    followed = Engine(generated).with_weights({(indicator.objective, indicator.code): 3.5})
    assert followed.doc.indicators[0].weight == 3.5


def test_a_weight_between_unlinked_nodes_is_a_key_error(generated):
    with pytest.raises(KeyError):
        Engine(generated).with_weights({(generated.indicators[0].code, "VISI"): 1.0})


def test_followed_engines_share_the_structure(generated):
    engine = Engine(generated)
    followed = engine.follow([(generated.indicators[0].code, "2024-Q1", 1.0)])
    assert followed.structure is engine.structure


def test_structure_values_are_computed_once(generated):
    engine = Engine(generated)
    calls = []
    first = engine.structure.memo("codes", lambda: calls.append(1) or list(engine.codes))
    assert engine.follow([], {(generated.links[0].parent, generated.links[0].child): 2.0}
                         ).structure.memo("codes", list) is first
    assert calls == [1]


@pytest.mark.parametrize("period", ["2024-Q2", "2024"])
def test_kept_evaluations_follow_a_realization_like_a_recompiled_plan(generated, period):
    engine = Engine(generated)
    for p in ("2024", "2024-Q1", "2024-Q2"):
        engine.evaluation(p)
    rng = np.random.default_rng(3)
    changes = [(generated.indicators[int(k)].code, "2024-Q2", float(v))
               for k, v in zip(rng.integers(0, len(generated.indicators), 5),
                               rng.uniform(0, 150, 5), strict=True)]
    followed = engine.follow(changes)
    doc = generated
    for indicator, p, value in changes:
        doc = with_realization(doc, indicator, p, value)
    assert followed.evaluation(period).to_json() == Engine(doc).evaluate(period).to_json()


def test_a_removed_realization_is_followed(generated):
    engine = Engine(generated)
    engine.evaluation("2024")
    first = generated.realizations[0]
    followed = engine.follow([(first.indicator, first.period, None)])
    fresh = Engine(with_realization(generated, first.indicator, first.period, None))
    assert followed.evaluation("2024").to_json() == fresh.evaluate("2024").to_json()


def test_kept_evaluations_follow_a_weight_change_like_a_recompiled_plan(generated):
    engine = Engine(generated)
    engine.evaluation("2024-Q1")
    link = generated.links[5]
    followed = engine.follow([], {(link.parent, link.child): 9.0})
    fresh = Engine(with_weight(generated, link.parent, link.child, 9.0))
    assert followed.evaluation("2024-Q1").to_json() == fresh.evaluate("2024-Q1").to_json()


def test_a_kept_evaluation_is_the_same_object_until_something_changes(generated):
    engine = Engine(generated)
    assert engine.evaluation("2024") is engine.evaluation("2024")


def test_following_nothing_is_the_same_engine(generated):
    engine = Engine(generated)
    assert engine.follow([], {}) is engine


# ----------------------------------------------------------------- incremental realizations
#: Periods a change may touch: the plan's quarters, a month (rolled into its quarter and the
#: year), the year itself, and a year with no data before.
_PERIODS = ["2024-Q1", "2024-Q2", "2024-Q4", "2024-05", "2024-11", "2024", "2025-Q1"]
_STATUSES = ["verified", "submitted", "draft", "rejected"]
_CHANGE = st.tuples(st.integers(0, 40), st.sampled_from(_PERIODS),
                    st.one_of(st.none(), st.floats(0, 200, allow_nan=False)),
                    st.sampled_from(_STATUSES))


def stored(rows: list[Realization], changes) -> list[Realization]:
    """The realizations a fresh read of the database gives after `changes`: a changed value
    keeps its place, a new one comes last, a removed one goes (services.realizations)."""
    rows = list(rows)
    for indicator, period, value, status in changes:
        at = next((k for k, r in enumerate(rows) if (r.indicator, r.period) == (indicator, period)),
                  None)
        if value is None:
            if at is not None:
                del rows[at]
        elif at is None:
            rows.append(Realization(indicator, period, float(value), status))
        else:
            rows[at] = Realization(indicator, period, float(value), status)
    return rows


@pytest.mark.parametrize("count", ["submitted", "verified"])
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.lists(_CHANGE, min_size=1, max_size=5), min_size=1, max_size=4),
       first_status=st.sampled_from(["verified", "submitted"]))
def test_followed_realizations_are_what_a_fresh_compile_gives(generated, same_as_compiled,
                                                              count, steps, first_status):
    """Sets, changes and removals of values of any status, in any period (own or derived),
    followed step by step with evaluations kept (the verified view's too): the engine, its
    plan's list of realizations and every evaluation equal a fresh compile of the same plan."""
    indicators = [i.code for i in generated.indicators]
    plan = replace(generated.plan, settings=replace(generated.plan.settings, count=count))
    first = [replace(r, status=first_status) if k % 3 == 0 else r
             for k, r in enumerate(generated.realizations)]
    doc = replace(generated, plan=plan, realizations=first)
    engine = Engine(doc)
    rows = list(doc.realizations)
    for step in steps:
        for period in ("2024", "2024-Q2", "2024-05"):  # kept, as the pages keep them
            engine.evaluation(period)
            engine.verified_only().evaluation(period)
        changes = [(indicators[k], period, value, status)
                   for k, period, value, status in step]
        before = list(engine.doc.realizations)
        followed = engine.follow(changes)
        assert list(engine.doc.realizations) == before  # the engine followed stays as it was
        rows = stored(rows, changes)
        same_as_compiled(followed, Engine(replace(doc, realizations=rows)), _PERIODS)
        engine = followed


def test_a_followed_change_patches_only_its_periods(generated):
    """Periods a change does not reach keep their arrays and inputs (shared, not rebuilt)."""
    engine = Engine(generated)
    kept = engine.inputs("2024-Q1")
    followed = engine.follow([(generated.indicators[0].code, "2024-Q3", 5.0, "verified")])
    assert followed.inputs("2024-Q1") is kept
    assert followed._realizations["2024-Q1"] is engine._realizations["2024-Q1"]
    assert followed.inputs("2024-Q3") is not engine.inputs("2024-Q3")


# ----------------------------------------------------------------- objectives' scores alone
_QUARTERS = ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]


@pytest.fixture
def scores_only(monkeypatch):
    """Every plan counts as big: Engine.objective_scores keeps the scores alone."""
    monkeypatch.setattr(rollup, "SCORES_ONLY_NODES", 0)


def _fresh_scores(doc, period: str) -> np.ndarray:
    return Engine(doc).evaluate(period).objective_scores


def test_a_big_plan_keeps_a_trend_s_scores_alone(generated, scores_only):
    """The objectives' scores of a period whose evaluation is not kept are computed once and
    kept alone: neither the evaluation nor the period's inputs stay; a kept evaluation's
    scores are its own."""
    engine = Engine(generated)
    shown = engine.evaluation("2024-Q4")
    for period in _QUARTERS:
        scores = engine.objective_scores(period)
        np.testing.assert_array_equal(scores, _fresh_scores(generated, period))
        if period != "2024-Q4":  # kept alone, read-only, computed once
            assert not scores.flags.writeable and engine.objective_scores(period) is scores
    assert engine.kept_periods() == ["2024-Q4"]
    assert set(engine._period_cache) == {"2024-Q4"}
    assert np.shares_memory(engine.objective_scores("2024-Q4"), shown.score)


def test_a_small_plan_keeps_the_trend_s_evaluations(generated):
    engine = Engine(generated)
    assert engine.n < rollup.SCORES_ONLY_NODES
    for period in _QUARTERS:
        np.testing.assert_array_equal(engine.objective_scores(period),
                                      _fresh_scores(generated, period))
    assert sorted(engine.kept_periods()) == _QUARTERS


def test_kept_scores_follow_a_realization_like_a_recompiled_plan(generated, scores_only):
    """A realization saved in one quarter: that quarter's scores (and the year's) are computed
    again, the other quarters' are carried as they are."""
    engine = Engine(generated)
    before = {period: engine.objective_scores(period) for period in [*_QUARTERS, "2024"]}
    indicator = generated.indicators[4].code
    followed = engine.follow([(indicator, "2024-Q2", 3.0)])
    doc = with_realization(generated, indicator, "2024-Q2", 3.0)
    for period in [*_QUARTERS, "2024"]:
        scores = followed.objective_scores(period)
        np.testing.assert_array_equal(scores, _fresh_scores(doc, period))
        assert (scores is before[period]) == (period not in ("2024-Q2", "2024"))
    assert not np.array_equal(followed.objective_scores("2024-Q2"), before["2024-Q2"],
                              equal_nan=True)


def test_kept_scores_follow_weights_names_and_structure_edits(generated, scores_only):
    """A weight changes every period's scores (none carried); a name none (all carried); a
    structure edit renumbers the objectives (none carried): each as a fresh compile."""
    from dataclasses import asdict

    engine = Engine(generated)
    before = {period: engine.objective_scores(period) for period in _QUARTERS}
    link = generated.links[5]
    weighted = engine.follow([], {(link.parent, link.child): 9.0})
    doc = with_weight(generated, link.parent, link.child, 9.0)
    for period in _QUARTERS:
        assert weighted.objective_scores(period) is not before[period]
        np.testing.assert_array_equal(weighted.objective_scores(period),
                                      _fresh_scores(doc, period))
    renamed = engine.follow(names={generated.objectives[3].code: "Nama baru"})
    assert all(renamed.objective_scores(p) is before[p] for p in _QUARTERS)
    gone = generated.indicators[7]
    edited = engine.with_structure([["indicator", gone.code, "remove", asdict(gone), None],
                                    ["realizations", gone.code, "remove", None, None]])
    doc = replace(generated, indicators=[i for i in generated.indicators if i != gone],
                  targets=[t for t in generated.targets if t.indicator != gone.code],
                  realizations=[r for r in generated.realizations if r.indicator != gone.code])
    for period in _QUARTERS:
        np.testing.assert_array_equal(edited.objective_scores(period),
                                      _fresh_scores(doc, period))


def test_a_retired_engine_keeps_no_scores(generated, scores_only):
    engine = Engine(generated)
    engine.objective_scores("2024-Q1")
    assert engine in rollup._SCORES
    engine.retire()
    assert engine not in rollup._SCORES
    engine.objective_scores("2024-Q2")
    assert engine not in rollup._SCORES


def test_a_big_plan_keeps_few_evaluations_and_the_inputs_of_those_last(
        generated, scores_only, monkeypatch):
    """A worker of a big plan showing one period after another keeps its last few evaluations
    (`MAX_BIG_EVALUATIONS`) and period inputs (`MAX_BIG_INPUTS`, those of a kept evaluation
    let go last); each evaluation is what a fresh compile gives."""
    monkeypatch.setattr(rollup, "MAX_BIG_EVALUATIONS", 2)
    monkeypatch.setattr(rollup, "MAX_BIG_INPUTS", 3)
    engine = Engine(generated)
    periods = ["2024-Q1", "2024-Q2", "2024", "2024-05", "2024-Q4", "2024-11", "2024-Q2"]
    for period in periods:
        assert engine.evaluation(period).to_json() == Engine(generated).evaluate(
            period).to_json()
        engine.inputs("2024-02")  # another period's inputs (the stale list's months)
        assert len(engine._period_cache) <= 4
        assert set(engine.kept_periods()) <= set(engine._period_cache)
    assert engine.kept_periods() == ["2024-11", "2024-Q2"]
    shown = Engine(generated)
    for period in ("2024-Q1", "2024-Q2"):
        shown.evaluation(period)
    for month in ("2024-02", "2024-05", "2024-08"):
        shown.inputs(month)
    assert list(shown._period_cache) == ["2024-Q1", "2024-Q2", "2024-05", "2024-08"]
    monkeypatch.setattr(rollup, "SCORES_ONLY_NODES", engine.n + 1)  # a small plan: as before
    small = Engine(generated)
    for period in periods:
        small.evaluation(period)
    assert len(small.kept_periods()) == 6 and len(small._period_cache) == 6
