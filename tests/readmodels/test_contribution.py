"""An employee's view: contribution, path to the vision, the cascade above, gain and history."""

from __future__ import annotations

import pytest

from ekinerja.cascade import validate
from ekinerja.readmodels import contribution


def test_the_three_employee_plan_is_valid_and_scores_as_designed(people_engine):
    assert not [p for p in validate(people_engine.doc) if p.severity == "error"]
    assert people_engine.evaluate("2023").score_of("V") == pytest.approx(97.5)


def test_path_to_vision_runs_from_the_root_down_to_the_objective(people_engine):
    assert contribution.path_to_vision(people_engine, "C") == ["V", "M1", "A", "C"]


def test_all_targets_gain_equals_the_marginal_gain_of_the_one_indicator_below_target(
    people_engine,
):
    ev = people_engine.evaluate("2023")
    gain = contribution.all_targets_gain(people_engine, ev, "E1")
    assert gain.indicators == 1 and gain.gain == pytest.approx(ev.marginal_gain("IA", 100.0))


def test_all_targets_gain_is_zero_when_every_indicator_reaches_its_target(people_engine):
    assert contribution.all_targets_gain(
        people_engine, people_engine.evaluate("2023"), "E3").gain == 0.0


def test_all_targets_gain_counts_an_indicator_without_realization_as_reaching_100(people_engine):
    ev = people_engine.evaluate("2023", realizations={"ID": None})
    gain = contribution.all_targets_gain(people_engine, ev, "E3")
    assert gain.indicators == 1
    assert gain.root_after == pytest.approx(people_engine.evaluate("2023").score_of("V"))


def test_supervisor_objectives_supported_are_the_supervisors_objectives_above(people_engine):
    assert contribution.supported_objectives(people_engine, "E2") == ["A"]


def test_an_employee_without_supervisor_supports_no_supervisor_objective(people_engine):
    assert contribution.supported_objectives(people_engine, "E3") == []


def test_employee_view_reports_contribution_share_and_objectives(people_engine):
    view = contribution.employee_view(people_engine, "2023", "E1")
    assert view.share == pytest.approx(22.5 / 97.5)
    assert [(o.objective.code, o.counted) for o in view.objectives] == [("A", True),
                                                                        ("B", False)]


def test_employee_view_of_an_unknown_nip_is_none(people_engine):
    assert contribution.employee_view(people_engine, "2023", "nobody") is None


def test_employee_view_map_holds_the_ancestors_and_their_links(people_engine):
    view = contribution.employee_view(people_engine, "2023", "E2")
    assert {n.code for n in view.map_nodes} == {"V", "M1", "A", "C"}
    assert ("A", "C") in view.map_edges


def test_the_contribution_shown_is_the_engines_for_every_example_employee(example_engine):
    period = example_engine.periods()[-1]
    ev = example_engine.evaluate(period)
    for employee in example_engine.doc.employees[:25]:
        view = contribution.employee_view(example_engine, period, employee.nip)
        assert view.contribution == pytest.approx(ev.employee_contribution(employee.nip))


def test_history_has_one_row_per_period_with_that_periods_contribution(people_engine):
    rows = contribution.contribution_history(people_engine, "E1", "2023")
    expected = [people_engine.evaluate(p).employee_contribution("E1") for p in ("2023", "2024")]
    assert [r.period for r in rows] == ["2023", "2024"]
    assert [r.contribution for r in rows] == pytest.approx(expected)


def test_the_view_gives_the_own_score_the_unit_share_and_the_rank_in_the_unit():
    from ekinerja.data import EXAMPLE_PLAN
    from ekinerja.interchange import load
    from ekinerja.readmodels.contribution import employee_view
    from ekinerja.readmodels.indexes import employees_by_nip
    from ekinerja.rollup import Engine

    engine = Engine(load(EXAMPLE_PLAN))
    ev = engine.evaluation("2022")
    nip = next(n for n in employees_by_nip(engine) if engine.top_owned(n)
               and ev.employee_contribution(n) > 0)
    view = employee_view(engine, "2022", nip)
    unit = employees_by_nip(engine)[nip].unit
    colleagues = [e.nip for e in employees_by_nip(engine).values() if e.unit == unit]
    total = sum(ev.employee_contribution(n) for n in colleagues)
    assert view.unit_size == len(colleagues) and 1 <= view.unit_rank <= view.unit_size
    assert abs(view.unit_share - view.contribution / total) < 1e-12
    assert view.own_score is not None and view.own_score.band is not None


def _plain_top(engine, owned: list[int]) -> list[int]:
    """The rule as written (docs/scoring.md): no ancestor among the owner's objectives."""
    mine = set(owned)
    return [node for node in owned if not mine.intersection(engine.ancestors(node))]


@pytest.mark.parametrize("seed", [1, 2])
def test_the_layer_bounded_top_nodes_are_the_plain_rules_on_generated_plans(seed):
    """Engine.top_nodes (a search no higher than the owner's lowest layer) and the owned nodes
    of one scan (contribution.owned_by) give what Engine.owned_nodes and the full ancestor
    sets give, for every owner and for sets holding a node with some of its ancestors."""
    import random

    from ekinerja.generate import generate
    from ekinerja.rollup import Engine

    engine = Engine(generate(400, 3, seed=seed))
    rng = random.Random(seed)
    owned = contribution.owned_by(engine, [e.nip for e in engine.doc.employees])
    assert {k: v for k, v in owned.items() if v} == engine.owned_nodes
    for nodes in engine.owned_nodes.values():
        assert engine.top_nodes(nodes) == _plain_top(engine, nodes)
    for node in rng.sample(range(engine.n_objectives), 300):
        above = engine.ancestors(node)
        others = rng.sample(range(engine.n_objectives), 2)
        nodes = sorted({node, *others, *rng.sample(above, min(len(above), rng.randint(0, 3)))})
        rng.shuffle(nodes)
        assert engine.top_nodes(nodes) == _plain_top(engine, nodes)


def test_the_view_counts_what_the_engine_counts_for_every_employee():
    from ekinerja.generate import generate
    from ekinerja.readmodels.periods import default_period
    from ekinerja.rollup import Engine

    engine = Engine(generate(300, 2, seed=5))
    period = default_period(engine)
    ev = engine.evaluation(period)
    for employee in engine.doc.employees[::7]:
        view = contribution.employee_view(engine, period, employee.nip)
        assert view.contribution == ev.employee_contribution(employee.nip)
        counted = [o.objective.code for o in view.objectives if o.counted]
        assert counted == ev.owned_objectives(employee.nip)
        history = contribution.contribution_history(engine, employee.nip, period)
        assert [row.contribution for row in history] == [
            engine.evaluation(row.period).employee_contribution(employee.nip) for row in history]


def test_the_gain_rescoring_the_raised_indicators_is_the_full_what_if_evaluation():
    """all_targets_gain rescores only the raised indicators and their ancestors; a full
    `evaluate` with the same realizations gives the same root score (to rounding)."""
    from ekinerja.generate import generate
    from ekinerja.rollup import Engine

    engine = Engine(generate(300, 2, seed=6))
    checked = 0
    for period in engine.periods(realized_only=True)[-3:]:
        ev = engine.evaluation(period)
        for employee in engine.doc.employees[::5]:
            gain = contribution.all_targets_gain(engine, ev, employee.nip)
            changes = {}
            for code in contribution._owned(engine, employee.nip):
                for indicator in engine.child_indicators(code):
                    values = ev.indicator_values(indicator)
                    if values.achievement is not None and values.achievement >= 100.0:
                        continue
                    target = (values.target[0] if isinstance(values.target, list)
                              else values.target)
                    if target is not None:
                        changes[indicator] = float(target)
            assert gain.indicators == len(changes)
            if changes:
                full = engine.evaluate(period, realizations=changes).score_of(engine.root)
                assert gain.root_after == pytest.approx(full, rel=1e-12, abs=1e-12)
                checked += 1
    assert checked > 10
