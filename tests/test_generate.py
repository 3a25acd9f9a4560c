"""Tests of the synthetic plan generator."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ekinerja import interchange
from ekinerja.cascade import validate
from ekinerja.generate import SCENARIOS, generate
from ekinerja.model import LEVEL_RANK
from ekinerja.rollup import Engine


@pytest.fixture(scope="module")
def doc():
    return generate(120, 4, seed=7)


def test_generate_is_deterministic_for_a_seed():
    assert generate(40, 2, seed=3) == generate(40, 2, seed=3)


def test_different_seeds_give_different_plans():
    assert generate(40, 2, seed=3) != generate(40, 2, seed=4)


def test_generated_plan_validates_without_errors_or_warnings(doc):
    assert validate(doc) == []


def test_generated_plan_reads_back_through_the_interchange_format(doc):
    assert interchange.parse(interchange.to_dict(doc)) == doc


def test_generated_plan_has_the_requested_number_of_employees(doc):
    assert len(doc.employees) == 120


def test_generated_plan_has_the_requested_number_of_agencies(doc):
    assert sum(u.kind == "agency" for u in doc.units) == 4


def test_every_employee_owns_three_rhk(doc):
    owners = Counter(o.owner for o in doc.objectives if o.level == "individual")
    assert set(owners) == {e.nip for e in doc.employees}
    assert set(owners.values()) == {3}


def test_every_rhk_has_two_indicators(doc):
    rhk = {o.code for o in doc.objectives if o.level == "individual"}
    per_rhk = Counter(i.objective for i in doc.indicators if i.objective in rhk)
    assert set(per_rhk) == rhk
    assert set(per_rhk.values()) == {2}


def test_nips_are_unique_and_18_digits(doc):
    nips = [e.nip for e in doc.employees]
    assert len(set(nips)) == len(nips)
    assert all(len(nip) == 18 and nip.isdigit() and nip[14] in "12" for nip in nips)


def test_supervisors_are_employees_of_the_plan(doc):
    nips = {e.nip for e in doc.employees}
    supervisors = {e.supervisor for e in doc.employees if e.supervisor is not None}
    assert supervisors and supervisors <= nips


def test_cascade_runs_through_every_level_but_subactivity(doc):
    levels = {o.level for o in doc.objectives}
    assert levels == set(LEVEL_RANK) - {"subactivity_objective"}


def test_generated_plan_has_crosscutting_links(doc):
    parents = Counter(link.child for link in doc.links)
    assert any(count > 1 for count in parents.values())


def test_generated_plan_has_one_year_and_its_quarters_of_targets(doc):
    assert {t.period for t in doc.targets} == {"2024", "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"}


def test_generated_plan_uses_every_polarity(doc):
    assert {i.polarity for i in doc.indicators} == {"positive", "negative", "range"}


def test_generated_plan_scores_with_some_data_missing(doc):
    evaluation = Engine(doc).evaluate("2024")
    assert evaluation.objective(evaluation.root)["score"] is not None
    coverages = [evaluation.objective(o.code)["coverage"] for o in doc.objectives]
    assert any(0 < c < 1 for c in coverages)


def test_more_agencies_than_employees_still_gives_a_valid_plan():
    small = generate(3, 5, seed=1)
    assert len(small.employees) == 3
    assert sum(u.kind == "agency" for u in small.units) == 5
    assert [p for p in validate(small) if p.severity == "error"] == []


def test_years_set_the_plan_period_and_the_data_year():
    custom = generate(10, 1, seed=1, years=(2019, 2023))
    assert (custom.plan.start_year, custom.plan.end_year) == (2019, 2023)
    assert {t.period[:4] for t in custom.targets} == {"2019"}


def test_zero_agencies_is_refused():
    with pytest.raises(ValueError):
        generate(10, 0, seed=1)


def test_province_scenario_matches_the_design():
    assert SCENARIOS["province"] == (25_000, 45)
    assert SCENARIOS["agency"] == (300, 1)
    assert SCENARIOS["national"][0] == 200_000


@settings(max_examples=25, deadline=None)
@given(
    employees=st.integers(min_value=0, max_value=40),
    agencies=st.integers(min_value=1, max_value=4),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
)
def test_any_size_and_seed_gives_a_plan_without_validation_errors(employees, agencies, seed):
    generated = generate(employees, agencies, seed)
    assert [p for p in validate(generated) if p.severity == "error"] == []
    assert len(generated.employees) == employees
