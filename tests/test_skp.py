"""SKP ratings, predikat and the distribution check, as docs/skp.md states them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ekinerja import skp
from ekinerja.model import (
    RATINGS,
    UNIT_PREDIKATS,
    Employee,
    Objective,
    Plan,
    PlanDocument,
    Realization,
    SkpRating,
    SkpSettings,
    Target,
    Unit,
    UnitPredikat,
)
from ekinerja.rollup import Engine
from ekinerja.units import unit_heads
from tests.helpers import SKP_RULES, counts

#: The NIPs of the SKP plan of tests/conftest.py (make_skp_plan).
KADIS, KABID, STAF1, STAF2 = (f"19800101200{k}011001" for k in range(1, 5))

MATRIX_CELLS = [
    ("above", "above", "sangat_baik"),
    ("above", "as_expected", "baik"),
    ("above", "below", "kurang"),
    ("as_expected", "above", "baik"),
    ("as_expected", "as_expected", "baik"),
    ("as_expected", "below", "kurang"),
    ("below", "above", "butuh_perbaikan"),
    ("below", "as_expected", "butuh_perbaikan"),
    ("below", "below", "sangat_kurang"),
]


def run(doc: PlanDocument, period: str = "2023") -> skp.SkpResult:
    return skp.evaluate(Engine(doc), period)


# ----------------------------------------------------------------- predikat matrix
@pytest.mark.parametrize(("work", "behaviour", "expected"), MATRIX_CELLS)
def test_each_matrix_cell_gives_its_predikat(make_skp_plan, work, behaviour, expected):
    doc = make_skp_plan()
    doc.skp_ratings = [SkpRating(STAF1, "2023", behaviour, work)]
    assert run(doc).employees[STAF1].predikat == expected


def test_predikat_is_missing_while_the_behaviour_rating_is_missing(make_skp_plan):
    result = run(make_skp_plan())
    assert result.employees[STAF1].work == "as_expected"
    assert result.employees[STAF1].behaviour is None
    assert result.employees[STAF1].predikat is None


def test_predikat_is_missing_while_the_work_rating_is_missing():
    assert skp.predikat(None, "above") is None


# ----------------------------------------------------------------- proposal
@pytest.mark.parametrize(
    ("score", "proposal"),
    [
        (120, "above"),
        (110, "above"),
        (109.99, "as_expected"),
        (90, "as_expected"),
        (89.99, "below"),
    ],
)
def test_proposal_thresholds_are_inclusive_at_110_and_90(make_skp_plan, score, proposal):
    result = run(make_skp_plan({STAF2: score}))
    assert result.employees[STAF2].score == pytest.approx(score)
    assert result.employees[STAF2].proposed_work == proposal
    assert result.employees[STAF2].work == proposal


def test_proposal_thresholds_are_plan_settings(make_skp_plan):
    doc = make_skp_plan({STAF2: 100})
    doc.plan.settings.skp = SkpSettings(above_from=100, as_expected_from=95)
    assert run(doc).employees[STAF2].proposed_work == "above"


def test_score_is_the_plain_mean_of_the_main_rhk_only(make_skp_plan):
    doc = make_skp_plan({STAF1: 80})  # the additional RHK-S1X scores 120
    assert run(doc).employees[STAF1].score == pytest.approx(80.0)


def test_score_is_the_plain_mean_of_the_main_rhk_that_have_a_score(make_skp_plan):
    doc = make_skp_plan({STAF1: 80})
    doc.rhk_kinds = {}  # now RHK-S1X (120) is a main RHK too
    doc.objectives.append(Objective("RHK-S1Y", "Tanpa data", "individual", owner=STAF1))
    assert run(doc).employees[STAF1].score == pytest.approx(100.0)


def test_an_employee_with_only_additional_rhk_has_no_score_and_no_proposal(make_skp_plan):
    doc = make_skp_plan()
    doc.rhk_kinds["RHK-S2"] = "additional"
    doc.skp_ratings = [SkpRating(STAF2, "2023", "above")]
    employee = run(doc).employees[STAF2]
    assert (employee.score, employee.proposed_work, employee.work) == (None, None, None)
    assert employee.predikat is None


def test_an_employee_without_realizations_has_no_proposal(make_skp_plan):
    employee = run(make_skp_plan({STAF2: None})).employees[STAF2]
    assert employee.score is None and employee.proposed_work is None


def test_only_verified_realizations_count_for_the_skp(make_skp_plan):
    doc = make_skp_plan({STAF2: 50})
    doc.realizations.append(Realization("I-RHK-S2", "2023-Q4", 130.0))
    doc.realizations[3].status = "submitted"  # STAF2's 2023 value of 50
    assert Engine(doc).evaluate("2023").score_of("RHK-S2") == pytest.approx(50.0)
    assert run(doc).employees[STAF2].score == pytest.approx(120.0)  # Q4, verified, capped


def test_a_quarter_uses_its_own_scores_and_ratings(make_skp_plan):
    doc = make_skp_plan()
    doc.targets.append(Target("I-RHK-S2", "2023-Q2", 10.0))
    doc.realizations.append(Realization("I-RHK-S2", "2023-Q2", 8.0))
    doc.skp_ratings = [
        SkpRating(STAF2, "2023", "above", "above"),
        SkpRating(STAF2, "2023-Q2", "below"),
    ]
    employee = run(doc, "2023-Q2").employees[STAF2]
    assert (employee.score, employee.proposed_work) == (pytest.approx(80.0), "below")
    assert (employee.work, employee.predikat) == ("below", "sangat_kurang")


# ----------------------------------------------------------------- heads and set ratings
def test_heads_are_the_employees_whose_supervisor_is_outside_their_unit(make_skp_plan):
    assert {unit: e.nip for unit, e in unit_heads(make_skp_plan()).items()} == {
        "DINAS": KADIS,
        "BIDANG": KABID,
    }


def test_of_two_employees_without_a_supervisor_in_the_unit_the_first_is_its_head(make_skp_plan):
    doc = make_skp_plan()
    doc.employees[3].supervisor = None  # STAF2 now reports to no one
    doc.unit_predikat = [UnitPredikat("BIDANG", "2023", "istimewa")]
    result = run(doc)
    assert (result.employees[KABID].head, result.employees[KABID].work) == (True, "above")
    assert (result.employees[STAF2].head, result.employees[STAF2].work) == (False, "as_expected")


@pytest.mark.parametrize(
    ("unit_predikat", "work"),
    [
        ("istimewa", "above"),
        ("baik", "as_expected"),
        ("butuh_perbaikan", "below"),
        ("kurang", "below"),
        ("sangat_kurang", "below"),
    ],
)
def test_a_head_is_rated_by_the_units_predikat(make_skp_plan, unit_predikat, work):
    doc = make_skp_plan({KABID: 100, STAF1: 100, STAF2: 100})
    doc.unit_predikat = [UnitPredikat("BIDANG", "2023", unit_predikat)]
    head = run(doc).employees[KABID]
    assert head.proposed_work == "as_expected"  # the proposal from the score stays visible
    assert head.work == work


def test_a_head_without_a_unit_predikat_gets_the_proposal(make_skp_plan):
    doc = make_skp_plan()
    doc.unit_predikat = [UnitPredikat("BIDANG", "2022", "istimewa")]  # another period
    assert run(doc).employees[KABID].work == "as_expected"


def test_a_staff_member_is_not_rated_by_the_units_predikat(make_skp_plan):
    doc = make_skp_plan()
    doc.unit_predikat = [UnitPredikat("BIDANG", "2023", "istimewa")]
    assert run(doc).employees[STAF1].work == "as_expected"


def test_a_set_rating_overrides_the_proposal(make_skp_plan):
    doc = make_skp_plan({STAF2: 50})
    doc.skp_ratings = [SkpRating(STAF2, "2023", "as_expected", "above")]
    employee = run(doc).employees[STAF2]
    assert (employee.proposed_work, employee.work, employee.predikat) == (
        "below",
        "above",
        "baik",
    )


def test_a_set_rating_overrides_the_heads_unit_predikat(make_skp_plan):
    doc = make_skp_plan()
    doc.unit_predikat = [UnitPredikat("BIDANG", "2023", "sangat_kurang")]
    doc.skp_ratings = [SkpRating(KABID, "2023", "above", "above")]
    assert run(doc).employees[KABID].predikat == "sangat_baik"


def test_a_rating_without_work_leaves_the_proposal_standing(make_skp_plan):
    doc = make_skp_plan({STAF2: 115})
    doc.skp_ratings = [SkpRating(STAF2, "2023", "as_expected", None)]
    assert run(doc).employees[STAF2].predikat == "baik"
    assert run(doc).employees[STAF2].work == "above"


# ----------------------------------------------------------------- units
def test_unit_counts_cover_the_employees_of_the_whole_subtree(make_skp_plan):
    doc = make_skp_plan({STAF2: 50})
    doc.skp_ratings = [SkpRating(nip, "2023", "as_expected") for nip in (KADIS, KABID, STAF2)]
    units = run(doc).units
    assert units["BIDANG"].counts == {
        "sangat_baik": 0,
        "baik": 1,
        "butuh_perbaikan": 1,
        "kurang": 0,
        "sangat_kurang": 0,
    }
    assert units["DINAS"].counts["baik"] == 2 and units["PEMDA"].counts["baik"] == 2
    assert units["PEMDA"].counts["butuh_perbaikan"] == 1


def test_warnings_only_where_the_unit_has_a_predikat(make_skp_plan):
    doc = make_skp_plan()
    doc.skp_ratings = [SkpRating(nip, "2023", "above", "above") for nip in (STAF1, STAF2)]
    doc.unit_predikat = [UnitPredikat("BIDANG", "2023", "istimewa")]
    units = run(doc).units
    assert units["BIDANG"].predikat == "istimewa" and units["BIDANG"].warnings
    assert units["DINAS"].predikat is None and units["DINAS"].warnings == []


def test_a_broken_rule_is_a_warning_in_indonesian_and_english(make_skp_plan):
    doc = make_skp_plan()
    doc.skp_ratings = [SkpRating(nip, "2023", "above", "above") for nip in (STAF1, STAF2)]
    doc.unit_predikat = [UnitPredikat("BIDANG", "2023", "istimewa")]
    (warning,) = run(doc).units["BIDANG"].warnings
    assert warning == (
        "predikat organisasi Istimewa: paling banyak 70 % Sangat Baik, di sini 100,0 % "
        "(2 dari 2) / organisation predikat Istimewa: at most 70 % Sangat Baik, here 100.0 % "
        "(2 of 2)"
    )


@pytest.mark.parametrize(("unit_predikat", "kept", "broken", "words"), SKP_RULES)
def test_each_distribution_rule_warns_when_broken_and_not_when_kept(
    unit_predikat, kept, broken, words
):
    assert not [w for w in skp.distribution_warnings(unit_predikat, kept) if words in w]
    assert [w for w in skp.distribution_warnings(unit_predikat, broken) if words in w]


@pytest.mark.parametrize("unit_predikat", ["istimewa", "baik", "kurang", "sangat_kurang"])
def test_a_distribution_keeping_every_rule_gives_no_warning(unit_predikat):
    kept = {
        "istimewa": counts(sangat_baik=7, baik=3),
        "baik": counts(baik=7, sangat_baik=2, kurang=1),
        "kurang": counts(kurang=8, butuh_perbaikan=1, sangat_baik=1),
        "sangat_kurang": counts(sangat_kurang=6, kurang=3, butuh_perbaikan=1),
    }[unit_predikat]
    assert skp.distribution_warnings(unit_predikat, kept) == []


def test_a_unit_without_rated_employees_has_nothing_to_check():
    assert skp.distribution_warnings("baik", counts()) == []


# ----------------------------------------------------------------- properties
@st.composite
def organisations(draw) -> PlanDocument:
    """Random unit trees with employees, ratings and unit predikat (no RHK)."""
    n_units = draw(st.integers(1, 8))
    units = [Unit("U0", "U0", None, "pemda")]
    for k in range(1, n_units):
        units.append(Unit(f"U{k}", f"U{k}", draw(st.sampled_from([u.code for u in units]))))
    employees = [
        Employee(f"{k:018d}", f"E{k}", draw(st.sampled_from([u.code for u in units])))
        for k in range(draw(st.integers(0, 25)))
    ]
    ratings = [
        SkpRating(
            e.nip,
            "2023",
            draw(st.sampled_from(RATINGS)),
            draw(st.sampled_from([None, *RATINGS])),
        )
        for e in employees
        if draw(st.booleans())
    ]
    predikat = [
        UnitPredikat(u.code, "2023", draw(st.sampled_from(UNIT_PREDIKATS)))
        for u in units
        if draw(st.booleans())
    ]
    return PlanDocument(
        Plan("P", "P", 2023, 2023),
        units=units,
        employees=employees,
        objectives=[Objective("V", "Visi", "vision")],
        skp_ratings=ratings,
        unit_predikat=predikat,
    )


def _subtree(doc: PlanDocument, code: str) -> set[str]:
    below = {code}
    grew = True
    while grew:
        more = {u.code for u in doc.units if u.parent in below}
        grew = not more <= below
        below |= more
    return below


@settings(max_examples=100, deadline=None)
@given(organisations())
def test_unit_counts_sum_to_the_rated_employees_of_the_subtree(doc):
    result = run(doc)
    for code, unit in result.units.items():
        subtree = _subtree(doc, code)
        rated = [e for e in result.employees.values() if e.unit in subtree and e.predikat]
        assert sum(unit.counts.values()) == len(rated)
        assert set(unit.counts) == set(skp.PREDIKATS)


@settings(max_examples=100, deadline=None)
@given(organisations())
def test_a_parents_counts_are_at_least_its_childs(doc):
    result = run(doc)
    for unit in doc.units:
        if unit.parent is not None:
            child, parent = result.units[unit.code].counts, result.units[unit.parent].counts
            assert all(parent[p] >= child[p] for p in skp.PREDIKATS)


@settings(max_examples=100, deadline=None)
@given(organisations())
def test_warnings_appear_only_for_units_with_a_predikat(doc):
    for unit in run(doc).units.values():
        assert unit.predikat is not None or unit.warnings == []


def test_every_employee_and_unit_appears_in_the_json(make_skp_plan):
    doc = make_skp_plan()
    out = run(doc).to_json()
    assert set(out) == {"period", "employees", "units"}
    assert list(out["employees"]) == [KADIS, KABID, STAF1, STAF2]
    assert set(out["employees"][KADIS]) == {
        "score",
        "proposed_work",
        "work",
        "behaviour",
        "predikat",
    }
    assert list(out["units"]) == ["PEMDA", "DINAS", "BIDANG"]
    assert set(out["units"]["PEMDA"]) == {"predikat", "counts", "warnings"}
