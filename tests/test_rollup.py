"""The compiled roll-up against a plain recursive reference; the properties of docs/scoring.md."""

from __future__ import annotations

import copy
import math
from functools import cache

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ekinerja import model
from ekinerja.cascade import MAX_CAP, MAX_WEIGHT, MIN_WEIGHT, validate
from ekinerja.model import Indicator, Link, Objective, Plan, PlanDocument, Realization, Target
from ekinerja.rollup import Engine
from ekinerja.scoring import achievement

LEVELS = ["vision", "mission", "goal", "objective", "individual"]


def reference_scores(doc: PlanDocument, period: str) -> dict[str, float | None]:
    """Scores computed the obvious way, straight from the text of docs/scoring.md."""
    settings = doc.plan.settings
    targets = {t.indicator: t for t in doc.targets if t.period == period}
    realized = {r.indicator: r.value for r in doc.realizations if r.period == period}
    children: dict[str, list[tuple[str, float]]] = {o.code: [] for o in doc.objectives}
    for link in doc.links:
        children[link.parent].append((link.child, link.weight))
    for ind in doc.indicators:
        children[ind.objective].append((ind.code, ind.weight))
    indicators = {i.code: i for i in doc.indicators}

    @cache
    def score(code: str) -> float | None:
        if code in indicators:
            ind = indicators[code]
            t = targets.get(code)
            target = None if t is None else ((t.low, t.high) if t.is_range else t.value)
            cap = settings.cap if ind.cap is None else ind.cap
            method = ind.negative_method or settings.negative_method
            a = achievement(ind.polarity, target, realized.get(code), method=method, cap=cap)
            return None if a is None else min(max(a, settings.floor), cap)
        pool = [(score(c), w) for c, w in children[code]]
        if not pool:
            return None
        if settings.missing == "zero":
            total = sum(w for _, w in pool)
            return sum(w * (s or 0.0) for s, w in pool) / total if total > 0 else None
        scored = [(s, w) for s, w in pool if s is not None]
        total = sum(w for _, w in scored)
        return sum(w * s for s, w in scored) / total if total > 0 else None

    return {code: score(code) for code in [*children, *indicators]}


def reference_influence(doc: PlanDocument, period: str) -> dict[str, float]:
    """Influence of every node, straight from the text of docs/scoring.md.

    The root has influence 1 (0 without a score); any other node Σ over its parents q of
    influence(q) · w(q, node) / Σ w of q's counted children. In `skip` mode the counted children
    are the scored ones and a node without a score has influence 0; in `zero` mode every child
    counts (one without data as a 0) and keeps its influence.
    """
    scores = reference_scores(doc, period)
    zero = doc.plan.settings.missing == "zero"
    children: dict[str, list[tuple[str, float]]] = {o.code: [] for o in doc.objectives}
    parents: dict[str, list[tuple[str, float]]] = {code: [] for code in scores}
    edges = [(link.parent, link.child, link.weight) for link in doc.links]
    edges += [(i.objective, i.code, i.weight) for i in doc.indicators]
    for parent, child, weight in edges:
        children[parent].append((child, weight))
        parents[child].append((parent, weight))
    visions = [o.code for o in doc.objectives if o.level == "vision"]
    root = visions[0]

    def counted_weight(parent: str) -> float:
        return sum(w for c, w in children[parent] if zero or scores[c] is not None)

    @cache
    def influence(code: str) -> float:
        if scores[root] is None:
            return 0.0
        if code == root:
            return 1.0
        if scores[code] is None and not zero:
            return 0.0
        total = 0.0
        for parent, weight in parents[code]:
            denominator = counted_weight(parent)
            if scores[parent] is not None and denominator > 0:
                total += influence(parent) * weight / denominator
        return total

    return {code: influence(code) for code in scores}


MISSING_MODES = st.sampled_from(["skip", "zero"])


@st.composite
def plans(draw, missing=MISSING_MODES):
    """Random valid cascades: a vision root, DAG links down the levels, indicators, data."""
    n_objectives = draw(st.integers(1, 12))
    objectives = [Objective("V", "Visi", "vision")]
    links: list[Link] = []
    # Realistic weights: 0, or at least 0.001 (denormal floats lose precision in any mean).
    weight = st.one_of(
        st.just(1.0), st.just(0.0), st.floats(0.001, 100.0), st.integers(1, 50).map(float)
    )
    for k in range(1, n_objectives):
        level = draw(st.integers(1, len(LEVELS) - 1))
        code = f"O{k}"
        objectives.append(Objective(code, code, LEVELS[level]))
        # An RHK may also hang under an earlier RHK (docs/scoring.md): chains of any depth arise.
        above = [
            o.code
            for o in objectives[:-1]
            if LEVELS.index(o.level) < level or o.level == LEVELS[level] == "individual"
        ]
        parents = draw(st.lists(st.sampled_from(above), min_size=1, max_size=2, unique=True))
        links.extend(Link(p, code, draw(weight)) for p in parents)
    indicators, targets, realizations = [], [], []
    for k in range(draw(st.integers(1, 16))):
        code = f"I{k}"
        owner = draw(st.sampled_from([o.code for o in objectives]))
        polarity = draw(st.sampled_from(["positive", "negative", "range"]))
        indicators.append(
            Indicator(
                code,
                owner,
                code,
                weight=draw(weight),
                polarity=polarity,
                negative_method=draw(st.sampled_from([None, "ratio", "inverse_difference"])),
                cap=draw(st.sampled_from([None, 150.0])),
            )
        )
        if draw(st.booleans()) or polarity == "range":
            low = draw(st.floats(0.5, 100))
            targets.append(Target(code, "2020", low=low, high=low + draw(st.floats(0, 50))))
        else:
            targets.append(Target(code, "2020", value=draw(st.floats(0, 100))))
        if draw(st.integers(0, 4)):
            realizations.append(Realization(code, "2020", draw(st.floats(-10, 200))))
    # Any parent whose child weights are all zero gets one positive weight (else invalid).
    pools: dict[str, list] = {}
    for item in [*links, *indicators]:
        pools.setdefault(item.parent if isinstance(item, Link) else item.objective, []).append(item)
    for pool in pools.values():
        if all(item.weight == 0 for item in pool):
            pool[0].weight = 1.0
    settings_ = model.Settings(missing=draw(missing))
    return PlanDocument(
        Plan("P", "P", 2020, 2024, settings_),
        objectives=objectives,
        indicators=indicators,
        links=links,
        targets=targets,
        realizations=realizations,
    )


@st.composite
def plans_with_rhk_chain(draw):
    """A random plan with a chain of RHK under RHK (docs/skp.md) of the drawn depth below it.

    The chain hangs under a random objective; each RHK has an indicator with a target and most
    have a realization; a later RHK may also support an earlier one besides its direct parent.
    """
    doc = draw(plans())
    chain: list[str] = []
    top = draw(st.sampled_from([o.code for o in doc.objectives if o.level != "individual"]))
    for k in range(draw(st.integers(1, 4)) + 1):
        code = f"R{k}"
        doc.objectives.append(Objective(code, code, "individual"))
        parents = [chain[-1]] if chain else [top]
        if len(chain) > 1 and draw(st.booleans()):
            parents.append(draw(st.sampled_from(chain[:-1])))
        doc.links.extend(Link(parent, code, draw(st.floats(0.5, 10))) for parent in parents)
        chain.append(code)
        doc.indicators.append(Indicator(f"IR{k}", code, code))
        doc.targets.append(Target(f"IR{k}", "2020", draw(st.floats(1, 100))))
        if draw(st.integers(0, 3)):
            doc.realizations.append(Realization(f"IR{k}", "2020", draw(st.floats(0, 150))))
    return doc


EXTREME_WEIGHTS = st.one_of(
    st.just(0.0), st.sampled_from([MIN_WEIGHT, MAX_WEIGHT]), st.floats(MIN_WEIGHT, MAX_WEIGHT)
)
EXTREME_VALUES = st.one_of(
    st.floats(-1e308, 1e308), st.sampled_from([1e-308, 1e308, -1e308, 5e-324, 0.0])
)


@st.composite
def extreme_valid_plans(draw):
    """Random plans that validate, with weights, targets and realizations at their extremes."""
    doc = draw(plans_with_rhk_chain())
    for item in [*doc.links, *doc.indicators]:
        item.weight = draw(EXTREME_WEIGHTS)
    for target in doc.targets:
        if target.is_range:
            target.low = draw(st.sampled_from([1e-308, 5e-324, 1.0, 1e307]))
            target.high = target.low * draw(st.sampled_from([1.0, 2.0]))
        else:
            target.value = abs(draw(EXTREME_VALUES))
    for realization in doc.realizations:
        realization.value = draw(EXTREME_VALUES)
    doc.plan.settings.cap = draw(st.sampled_from([120.0, MAX_CAP]))
    doc.plan.settings.floor = draw(st.sampled_from([0.0, -MAX_CAP]))
    assume(not [p for p in validate(doc) if p.severity == "error"])
    return doc


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


#: What the compiled roll-up answers and its recursive reference: (reference, the compiled
#: answer of one node, whether the two agree).
REFERENCES = {
    "score": (reference_scores, lambda ev, code: ev.score_of(code), close),
    "influence": (reference_influence,
                  lambda ev, code: float(ev.influence[ev.engine.index[code]]),
                  lambda a, b: math.isclose(a, b, abs_tol=1e-9)),
}


@pytest.mark.parametrize("what", list(REFERENCES))
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(doc=plans())
def test_compiled_rollup_matches_recursive_reference(what, doc):
    """Scores and influence of every node."""
    reference, compiled, agree = REFERENCES[what]
    ev = Engine(doc).evaluate("2020")
    for code, value in reference(doc, "2020").items():
        assert agree(compiled(ev, code), value), code


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(plans(missing=st.just("zero")), st.data())
def test_zero_mode_entering_a_realization_moves_the_root_by_influence_times_achievement(doc, data):
    code = data.draw(st.sampled_from([i.code for i in doc.indicators]))
    value = data.draw(st.floats(-10, 200))
    engine = Engine(doc)
    before = engine.evaluate("2020")
    influence = before.indicator(code)["influence"]
    old = before.indicator(code)["achievement"] or 0.0
    after = engine.evaluate("2020", realizations={code: value})
    new = after.indicator(code)["achievement"] or 0.0
    moved = (after.score_of("V") or 0.0) - (before.score_of("V") or 0.0)
    assert math.isclose(moved, influence * (new - old), rel_tol=1e-9, abs_tol=1e-9)


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(plans_with_rhk_chain())
def test_rhk_chains_of_depth_one_to_four_score_as_the_recursive_reference(doc):
    ev = Engine(doc).evaluate("2020")
    scores = reference_scores(doc, "2020")
    influence = reference_influence(doc, "2020")
    for code in scores:
        assert close(ev.score_of(code), scores[code]), code
        assert math.isclose(ev.influence[ev.engine.index[code]], influence[code], abs_tol=1e-9)


def test_ancestors_of_an_rhk_chain_come_deepest_first():
    doc = _small_plan()
    doc.objectives += [Objective(f"R{k}", f"R{k}", "individual") for k in range(4)]
    doc.links += [Link("S", "R0"), Link("R0", "R1"), Link("R1", "R2"), Link("R2", "R3")]
    doc.links.append(Link("R0", "R3"))  # R3 also supports R0 directly
    doc.indicators.append(Indicator("IR", "R3", "ir"))
    engine = Engine(doc)
    order = [engine.codes[i] for i in engine.ancestors(engine.index["IR"])]
    assert order[:4] == ["R3", "R2", "R1", "R0"]
    assert order.index("S") > order.index("R0") and order[-1] == "V"


def test_a_cycle_among_rhk_is_refused_by_the_compile():
    doc = _small_plan()
    doc.objectives += [Objective("R0", "R0", "individual"), Objective("R1", "R1", "individual")]
    doc.links += [Link("S", "R0"), Link("R0", "R1"), Link("R1", "R0")]
    with pytest.raises(ValueError, match="cycle"):
        Engine(doc)


@settings(
    max_examples=150, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(extreme_valid_plans())
def test_valid_plans_at_extreme_weights_and_values_never_give_inf_or_nan(doc):
    ev = Engine(doc).evaluate("2020")
    expected = reference_scores(doc, "2020")
    for code, value in expected.items():
        score = ev.score_of(code)
        assert (score is None) == (value is None), code
        assert score is None or math.isfinite(score), code
    assert np.all(np.isfinite(ev.influence))
    assert np.all(np.isfinite(ev.contribution))


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_contributions_of_all_indicators_sum_to_root_score(doc):
    ev = Engine(doc).evaluate("2020")
    total = sum(ev.indicator(i.code)["contribution"] for i in doc.indicators)
    root = ev.score_of("V")
    assert math.isclose(total, root or 0.0, rel_tol=1e-9, abs_tol=1e-7)


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(plans(), st.floats(0.01, 1000))
def test_scaling_all_weights_under_one_parent_changes_nothing(doc, factor):
    engine = Engine(doc)
    before = engine.evaluate("2020")
    scaled = {
        (link.parent, link.child): link.weight * factor for link in doc.links if link.parent == "V"
    }
    scaled |= {("V", i.code): i.weight * factor for i in doc.indicators if i.objective == "V"}
    after = engine.evaluate("2020", weights=scaled)
    for code in engine.codes:
        a, b = before.score_of(code), after.score_of(code)
        assert (a is None and b is None) or math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_scores_stay_within_floor_and_cap(doc):
    ev = Engine(doc).evaluate("2020")
    caps = [150.0 if i.cap else 120.0 for i in doc.indicators]
    for code in ev.engine.codes:
        s = ev.score_of(code)
        assert s is None or 0.0 <= s <= max(caps) + 1e-9


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(plans(missing=st.just("skip")), st.data())
def test_raising_a_positive_realization_never_lowers_any_ancestor(doc, data):
    positives = [
        r
        for r in doc.realizations
        if next(i for i in doc.indicators if i.code == r.indicator).polarity == "positive"
    ]
    if not positives:
        return
    chosen = data.draw(st.sampled_from(positives))
    engine = Engine(doc)
    before = engine.evaluate("2020")
    after = engine.evaluate("2020", realizations={chosen.indicator: chosen.value + 10})
    for code in engine.objective_codes:
        a, b = before.score_of(code), after.score_of(code)
        if a is not None:
            assert b is not None and b >= a - 1e-9, code


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(plans(), plans_with_rhk_chain()), st.data())
def test_incremental_realization_change_equals_full_rescoring(doc, data):
    code = data.draw(st.sampled_from([i.code for i in doc.indicators]))
    value = data.draw(st.one_of(st.none(), st.floats(-10, 200)))
    engine = Engine(doc)
    incremental = engine.evaluate("2020")
    incremental.set_realization(code, value)
    full = engine.evaluate("2020", realizations={code: value})
    for node in engine.codes:
        assert close(incremental.score_of(node), full.score_of(node)), node
    assert np.allclose(incremental.influence, full.influence, rtol=0, atol=1e-12)


def _small_plan(missing: str = "skip") -> PlanDocument:
    return PlanDocument(
        Plan("P", "P", 2020, 2022, model.Settings(missing=missing)),
        objectives=[
            Objective("V", "Visi", "vision"),
            Objective("M1", "Misi 1", "mission", owner="111111111111111111"),
            Objective("M2", "Misi 2", "mission"),
            Objective("S", "Sasaran bersama", "objective", owner="111111111111111111"),
            Objective("U", "Tidak selaras", "goal"),
        ],
        indicators=[
            Indicator("I1", "M1", "i1"),
            Indicator("I2", "M2", "i2", weight=3),
            Indicator("I3", "S", "i3", aggregation="sum"),
            Indicator("I4", "S", "i4", aggregation="average"),
            Indicator("I5", "U", "i5"),
        ],
        links=[Link("V", "M1", 60), Link("V", "M2", 40), Link("M1", "S", 1), Link("M2", "S", 1)],
        targets=[Target(code, "2020", value)
                 for code, value in [("I1", 100), ("I2", 10), ("I3", 40), ("I4", 10), ("I5", 10)]],
        realizations=[
            Realization("I1", "2020", 90),
            # I3 (sum) in quarters and months, I4 (average) in two quarters
            Realization("I3", "2020-Q1", 10), Realization("I3", "2020-Q2", 5),
            Realization("I3", "2020-07", 20), Realization("I3", "2020-08", 2),
            Realization("I4", "2020-Q1", 8), Realization("I4", "2020-Q3", 12),
            Realization("I5", "2020", 10),
        ],
    )


def test_year_realization_is_derived_from_quarters_and_their_months():
    ev = Engine(_small_plan()).evaluate("2020")
    # Q1 10 + Q2 5 + Q3 from July and August (sum 22) = 37.
    assert ev.indicator("I3")["realization"] == pytest.approx(37.0)


def test_average_aggregation_means_the_subperiods_that_have_a_value():
    ev = Engine(_small_plan()).evaluate("2020")
    assert ev.indicator("I4")["realization"] == pytest.approx(10.0)


def test_latest_aggregation_takes_the_last_subperiod_with_a_value():
    doc = _small_plan()
    doc.indicators[2].aggregation = "latest"
    ev = Engine(doc).evaluate("2020")
    assert ev.indicator("I3")["realization"] == pytest.approx(
        2.0
    )  # Q3 = August, the last month with a value


#: What has no data stays None, never made up: (case, period, what is None: (evaluation
#: method, code, field)).
NONE_CASES = [
    ("a year without any subperiod value has no realization", "2021",
     [("indicator", "I1", "realization"), ("objective", "V", "score")]),
    ("targets are never derived from subperiods", "2020-Q1",
     [("indicator", "I3", "target"), ("indicator", "I3", "achievement")]),
    ("an indicator without realization has no achievement, not zero", "2020",
     [("indicator", "I2", "achievement"), ("indicator", "I2", "band")]),
]


@pytest.mark.parametrize(("period", "nones"), [case[1:] for case in NONE_CASES],
                         ids=[case[0] for case in NONE_CASES])
def test_what_has_no_data_is_none_not_zero(period, nones):
    ev = Engine(_small_plan()).evaluate(period)
    for kind, code, field in nones:
        assert getattr(ev, kind)(code)[field] is None, (kind, code, field)


def test_skip_mode_renormalises_over_scored_children():
    ev = Engine(_small_plan()).evaluate("2020")
    # M2 has I2 (no data, weight 3) and S: skip leaves only S.
    assert ev.objective("M2")["score"] == pytest.approx(ev.objective("S")["score"])
    assert ev.objective("M2")["coverage"] == pytest.approx(1 / 4)


def test_coverage_and_the_denominator_are_kept_for_the_objectives_only():
    """An indicator has no children, hence no coverage and no denominator: the arrays hold
    the objectives' alone (a national plan's evaluation: 19 MB less each), and the
    objectives' values are those of their children."""
    engine = Engine(_small_plan())
    ev = engine.evaluate("2020")
    assert ev.coverage.shape == ev.denominator.shape == (engine.n_objectives,)
    m2 = engine.index["M2"]
    assert ev.coverage[m2] == pytest.approx(1 / 4) and ev.denominator[m2] > 0


def test_zero_mode_counts_missing_children_as_zero():
    ev = Engine(_small_plan("zero")).evaluate("2020")
    assert ev.objective("M2")["score"] == pytest.approx(ev.objective("S")["score"] / 4)


def test_zero_mode_indicator_without_data_has_influence_but_no_achievement():
    ev = Engine(_small_plan("zero")).evaluate("2020")
    # I2 (weight 3) and S (weight 1) are the children of M2, which carries 40 % of V.
    i2 = ev.indicator("I2")
    assert i2["achievement"] is None
    assert i2["influence"] == pytest.approx(0.4 * 3 / 4)
    assert i2["contribution"] == 0.0


def test_zero_mode_entering_data_moves_the_root_by_the_reported_influence():
    engine = Engine(_small_plan("zero"))
    before = engine.evaluate("2020")
    influence = before.indicator("I2")["influence"]
    after = engine.evaluate("2020", realizations={"I2": 9})  # target 10: achievement 90
    assert after.score_of("V") - before.score_of("V") == pytest.approx(influence * 90)


def test_zero_mode_marginal_gain_of_an_indicator_without_data_is_the_real_gain():
    engine = Engine(_small_plan("zero"))
    ev = engine.evaluate("2020")
    gain = ev.marginal_gain("I2", 100.0)
    after = engine.evaluate("2020", realizations={"I2": 10})
    assert gain > 0
    assert gain == pytest.approx(after.score_of("V") - ev.score_of("V"))


def test_zero_mode_incremental_change_keeps_the_influence_of_the_changed_indicator():
    engine = Engine(_small_plan("zero"))
    ev = engine.evaluate("2020")
    influence = ev.indicator("I2")["influence"]
    root = ev.score_of("V")
    ev.set_realization("I2", 5)  # achievement 50
    assert ev.indicator("I2")["influence"] == pytest.approx(influence)
    assert ev.score_of("V") == pytest.approx(root + influence * 50)
    ev.set_realization("I2", None)
    assert ev.indicator("I2")["influence"] == pytest.approx(influence)
    assert ev.score_of("V") == pytest.approx(root)


def test_zero_mode_explain_counts_children_without_data_in_the_normalised_weights():
    explanation = Engine(_small_plan("zero")).explain("M2", "2020")
    children = {c["code"]: c for c in explanation["children"]}
    assert children["I2"]["counted"] is True
    assert children["I2"]["normalised_weight"] == pytest.approx(3 / 4)
    assert children["I2"]["part"] == 0.0
    assert sum(c["part"] for c in children.values()) == pytest.approx(explanation["score"])


def test_zero_mode_objective_with_children_but_no_data_scores_zero_and_has_influence():
    doc = _small_plan("zero")
    doc.realizations = [r for r in doc.realizations if r.indicator not in ("I3", "I4")]
    ev = Engine(doc).evaluate("2020")
    assert ev.objective("S")["score"] == 0.0
    # S is one of two equal children of M1 (60 %) and one of two (1 of 4 weight) under M2 (40 %).
    assert ev.objective("S")["influence"] == pytest.approx(0.6 / 2 + 0.4 / 4)
    assert ev.indicator("I3")["influence"] == pytest.approx(ev.objective("S")["influence"] / 2)


def test_objective_without_scored_child_has_no_score_in_skip_mode_and_zero_in_zero_mode():
    doc = _small_plan()
    doc.realizations = [r for r in doc.realizations if r.indicator not in ("I3", "I4")]
    assert Engine(doc).evaluate("2020").objective("S")["score"] is None
    doc.plan.settings.missing = "zero"
    assert Engine(doc).evaluate("2020").objective("S")["score"] == 0.0


def test_unaligned_objective_has_influence_zero():
    ev = Engine(_small_plan()).evaluate("2020")
    assert ev.objective("U")["score"] == pytest.approx(100.0)
    assert ev.objective("U")["influence"] == 0.0
    assert ev.indicator("I5")["contribution"] == 0.0


def test_crosscutting_objective_collects_influence_from_every_parent():
    ev = Engine(_small_plan()).evaluate("2020")
    m1, m2 = ev.objective("M1"), ev.objective("M2")
    # S is one of two children of M1 (both scored, weights 1:1) and the only scored child of M2.
    assert ev.objective("S")["influence"] == pytest.approx(m1["influence"] / 2 + m2["influence"])


def test_employee_contribution_counts_only_their_topmost_objectives():
    ev = Engine(_small_plan()).evaluate("2020")
    nip = "111111111111111111"
    # They own M1 and S (S under M1): only M1 counts.
    assert ev.owned_objectives(nip) == ["M1"]
    assert ev.employee_contribution(nip) == pytest.approx(ev.objective("M1")["contribution"])


def test_marginal_gain_is_influence_times_score_change():
    ev = Engine(_small_plan()).evaluate("2020")
    gain = ev.marginal_gain("I1", 100.0)
    after = Engine(_small_plan()).evaluate("2020", realizations={"I1": 100})
    assert gain == pytest.approx(after.score_of("V") - ev.score_of("V"))


def test_what_if_does_not_mutate_the_plan_or_cached_evaluations():
    engine = Engine(_small_plan())
    before = engine.evaluate("2020").score_of("V")
    engine.evaluate("2020", realizations={"I1": 10}, weights={("V", "M1"): 1})
    ev = engine.evaluate("2020")
    ev.set_realization("I1", 1)
    assert engine.evaluate("2020").score_of("V") == before
    assert engine.doc.realizations[0].value == 90


def test_unknown_link_in_what_if_weights_is_a_clear_error():
    with pytest.raises(KeyError, match="no link"):
        Engine(_small_plan()).evaluate("2020", weights={("M1", "M2"): 1})


def test_explain_lists_children_with_normalised_weights_and_formula():
    explanation = Engine(_small_plan()).explain("V", "2020")
    weights = {c["code"]: c["normalised_weight"] for c in explanation["children"]}
    assert weights == pytest.approx({"M1": 0.6, "M2": 0.4})
    parts = sum(c["part"] for c in explanation["children"])
    assert parts == pytest.approx(explanation["score"])
    indicator = Engine(_small_plan()).explain("I1", "2020")
    assert indicator["formula"] == "100 × R / T = 100 × 90 / 100"


def test_json_output_has_every_node_and_the_contract_keys():
    doc = _small_plan()
    out = Engine(doc).evaluate("2020").to_json()
    assert out["period"] == "2020" and out["root"] == "V"
    assert set(out["objectives"]) == {o.code for o in doc.objectives}
    assert set(out["indicators"]["I1"]) == {
        "target",
        "realization",
        "raw_achievement",
        "achievement",
        "band",
        "influence",
        "contribution",
    }
    assert set(out["objectives"]["V"]) == {"score", "band", "coverage", "influence", "contribution"}


def test_ranged_target_is_reported_as_a_pair():
    doc = _small_plan()
    doc.targets[0] = Target("I1", "2020", low=80, high=90)
    out = Engine(doc).evaluate("2020").to_json()
    assert out["indicators"]["I1"]["target"] == [80.0, 90.0]
    assert out["indicators"]["I1"]["achievement"] == pytest.approx(100.0)


def test_with_realizations_scores_as_a_fresh_compile_and_leaves_the_original_alone():
    doc = _small_plan()
    engine = Engine(doc)
    before = engine.evaluate("2020").to_json()
    changes = [
        ("I1", "2020", 50.0),
        ("I5", "2020", None),
        ("I2", "2020", 11.0),
        ("I3", "2020-Q4", 3.0),
    ]
    followed = engine.with_realizations(changes)
    fresh = Engine(followed.doc)
    assert followed.evaluate("2020").to_json() == fresh.evaluate("2020").to_json()
    assert followed.evaluate("2020").indicator("I1")["realization"] == 50.0
    assert followed.evaluate("2020").indicator("I5")["realization"] is None
    assert engine.evaluate("2020").to_json() == before
    assert len(engine.doc.realizations) == len(doc.realizations)


def test_with_realizations_refuses_an_unknown_indicator():
    with pytest.raises(KeyError, match="unknown indicator"):
        Engine(_small_plan()).with_realizations([("NOPE", "2020", 1.0)])


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(plans(), st.data())
def test_following_realization_changes_equals_recompiling(doc, data):
    engine = Engine(doc)
    codes = [i.code for i in doc.indicators]
    changes = data.draw(
        st.lists(
            st.tuples(
                st.sampled_from(codes),
                st.sampled_from(["2020", "2020-Q1", "2020-05"]),
                st.one_of(st.none(), st.floats(-10, 200)),
            ),
            max_size=6,
        )
    )
    followed = engine.with_realizations(changes)
    assert followed.evaluate("2020").to_json() == Engine(followed.doc).evaluate("2020").to_json()


# ----------------------------------------------------------------- realization status (§8)
def _with_statuses(missing: str = "skip", count: str = "submitted") -> PlanDocument:
    """The small plan with I1 submitted, I2 draft, I5 rejected and one I3 quarter submitted."""
    doc = _small_plan(missing)
    doc.plan.settings.count = count
    doc.realizations[0].status = "submitted"  # I1 2020
    doc.realizations.append(Realization("I2", "2020", 10, "draft"))
    doc.realizations[7].status = "rejected"  # I5 2020
    doc.realizations[1].status = "submitted"  # I3 2020-Q1
    return doc


def test_count_submitted_scores_submitted_and_verified_values_only():
    ev = Engine(_with_statuses()).evaluate("2020")
    assert ev.indicator("I1")["realization"] == 90.0
    assert ev.indicator("I2")["realization"] is None  # draft
    assert ev.indicator("I5")["realization"] is None  # rejected
    assert ev.indicator("I3")["realization"] == pytest.approx(37.0)


def test_count_verified_scores_verified_values_only():
    ev = Engine(_with_statuses(count="verified")).evaluate("2020")
    assert ev.indicator("I1")["realization"] is None
    assert ev.indicator("I2")["realization"] is None
    assert ev.indicator("I3")["realization"] == pytest.approx(27.0)  # Q1 (submitted) left out


def test_verified_only_view_drops_submitted_values_and_leaves_the_engine_alone():
    engine = Engine(_with_statuses())
    before = engine.evaluate("2020").to_json()
    verified = engine.verified_only()
    assert (
        verified.evaluate("2020").to_json()
        == Engine(_with_statuses(count="verified")).evaluate("2020").to_json()
    )
    assert engine.evaluate("2020").to_json() == before
    assert engine.verified_only() is verified


def test_verified_only_is_the_same_engine_when_nothing_else_counts():
    engine = Engine(_small_plan())
    assert engine.verified_only() is engine
    verified_mode = Engine(_with_statuses(count="verified"))
    assert verified_mode.verified_only() is verified_mode


def test_a_plan_without_statuses_scores_as_before():
    doc = _small_plan()
    explicit = _small_plan()
    for realization in explicit.realizations:
        realization.status = "verified"
    assert Engine(doc).evaluate("2020").to_json() == Engine(explicit).evaluate("2020").to_json()


def test_following_a_change_keeps_the_verified_view_right():
    engine = Engine(_with_statuses())
    followed = engine.with_realizations([("I4", "2020", 10.0)])
    view = followed.verified_only()
    assert view.evaluate("2020").indicator("I4")["realization"] == 10.0
    assert view.evaluate("2020").indicator("I1")["realization"] is None


STATUSES = st.sampled_from(["draft", "submitted", "verified", "rejected"])


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(plans(), st.data(), st.sampled_from(["submitted", "verified"]))
def test_statuses_score_as_the_plan_without_the_values_that_do_not_count(doc, data, count):
    for realization in doc.realizations:
        realization.status = data.draw(STATUSES)
    doc.plan.settings.count = count
    counted = {"submitted": {"submitted", "verified"}, "verified": {"verified"}}[count]
    plain = copy.deepcopy(doc)
    plain.realizations = [r for r in plain.realizations if r.status in counted]
    assert Engine(doc).evaluate("2020").to_json() == Engine(plain).evaluate("2020").to_json()
    only = copy.deepcopy(doc)
    only.realizations = [r for r in only.realizations if r.status == "verified"]
    assert (
        Engine(doc).verified_only().evaluate("2020").to_json()
        == Engine(only).evaluate("2020").to_json()
    )


def test_evaluate_array_equals_what_if_realizations_of_every_indicator():
    engine = Engine(_small_plan())
    values = np.array([50.0, np.nan, 12.0, 7.0, 3.0])
    what_if = dict(zip(engine.indicator_codes, [50.0, None, 12.0, 7.0, 3.0], strict=True))
    ev = engine.evaluate_array("2020", values)
    np.testing.assert_array_equal(ev.score, engine.evaluate("2020", realizations=what_if).score)


def test_evaluate_array_copies_its_input_and_leaves_the_engine_unchanged():
    engine = Engine(_small_plan())
    before = engine.evaluate("2020").score_of("V")
    values = np.full(engine.n_indicators, 5.0)
    ev = engine.evaluate_array("2020", values)
    values[:] = 1000.0
    ev.set_realization("I1", 1.0)
    assert values[0] == 1000.0 and ev.realization[1] == 5.0
    assert engine.evaluate("2020").score_of("V") == before


def test_evaluate_array_of_the_wrong_length_is_a_clear_error():
    with pytest.raises(ValueError, match="5 values"):
        Engine(_small_plan()).evaluate_array("2020", np.zeros(3))
