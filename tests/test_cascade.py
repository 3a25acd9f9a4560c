"""Tests of the cascade graph checks: validate(), root() and unaligned()."""

from __future__ import annotations

import math

import pytest

from ekinerja import model
from ekinerja.cascade import MAX_WEIGHT, MIN_WEIGHT, root, unaligned, validate
from ekinerja.model import Employee, Indicator, Link, Objective, Plan, PlanDocument, Target, Unit


def plan() -> PlanDocument:
    """A small valid plan: VISI -> M1, M2 -> T1 (under M1), each with one indicator."""
    return PlanDocument(
        plan=Plan("P", "Rencana uji", 2024, 2028),
        objectives=[
            Objective("VISI", "Visi", "vision"),
            Objective("M1", "Misi 1", "mission"),
            Objective("M2", "Misi 2", "mission"),
            Objective("T1", "Tujuan 1", "goal"),
        ],
        indicators=[
            Indicator("I-M2", "M2", "Indikator misi 2"),
            Indicator("I-T1", "T1", "Indikator tujuan 1"),
            Indicator("I-RANGE", "T1", "Inflasi", polarity="range"),
        ],
        links=[Link("VISI", "M1"), Link("VISI", "M2"), Link("M1", "T1")],
        targets=[
            Target("I-M2", "2024", 10.0),
            Target("I-T1", "2024", 0.0),
            Target("I-RANGE", "2024", low=2.5, high=4.5),
        ],
    )


def errors(doc: PlanDocument) -> list[model.Problem]:
    return [p for p in validate(doc) if p.severity == "error"]


def warnings(doc: PlanDocument) -> list[model.Problem]:
    return [p for p in validate(doc) if p.severity == "warning"]


def places(problems: list[model.Problem]) -> list[str]:
    return [p.place for p in problems]


# ------------------------------------------------------------------ valid input
def test_small_valid_plan_has_no_problems():
    assert validate(plan()) == []


def test_every_message_is_indonesian_then_english():
    doc = plan()
    doc.links.append(Link("T1", "M1"))
    doc.objectives.append(Objective("X", "Lepas", "goal"))
    assert all(" / " in p.message for p in validate(doc))


# ------------------------------------------------------------------ errors
def test_cycle_is_an_error_naming_its_nodes():
    doc = plan()
    doc.links.append(Link("T1", "M1"))
    cycles = [p for p in errors(doc) if "siklus" in p.message]
    assert len(cycles) == 1
    assert cycles[0].place == "links[2]"
    assert "M1 → T1 → M1" in cycles[0].message or "T1 → M1 → T1" in cycles[0].message


def test_self_link_is_a_cycle():
    doc = plan()
    doc.links.append(Link("T1", "T1"))
    cycles = [p for p in errors(doc) if "siklus" in p.message]
    assert places(cycles) == ["links[3]"]
    assert "T1 → T1" in cycles[0].message


def test_plan_without_vision_is_an_error():
    doc = plan()
    doc.objectives[0].level = "mission"
    doc.links = [Link("M1", "T1")]
    assert "objectives" in places(errors(doc))


def test_second_vision_is_an_error_at_its_level():
    doc = plan()
    doc.objectives.append(Objective("VISI2", "Visi kedua", "vision"))
    assert places(errors(doc)) == ["objectives[4].level"]


def test_vision_as_a_child_is_an_error():
    doc = plan()
    doc.objectives.append(Objective("VISI2", "Visi kedua", "vision"))
    doc.links.append(Link("M1", "VISI2"))
    assert "links[3].child" in places(errors(doc))


def test_child_at_its_parents_level_is_an_error():
    doc = plan()
    doc.links.append(Link("M1", "M2"))
    assert places(errors(doc)) == ["links[3]"]


def test_child_above_its_parent_is_an_error():
    doc = plan()
    doc.objectives.append(Objective("M3", "Misi 3", "mission"))
    doc.links += [Link("VISI", "M3"), Link("T1", "M3")]
    assert places(errors(doc)) == ["links[4]"]


HEAD, STAFF, OTHER = "1" * 18, "2" * 18, "3" * 18


def rhk_plan() -> PlanDocument:
    """The small plan with an SKP chain: T1 -> RHK-H (the head's) -> RHK-S (their staff's)."""
    doc = plan()
    doc.units = [Unit("U", "Dinas")]
    doc.employees = [
        Employee(HEAD, "Kepala", "U"),
        Employee(STAFF, "Staf", "U", supervisor=HEAD),
        Employee(OTHER, "Lain", "U", supervisor=HEAD),
    ]
    doc.objectives += [
        Objective("RHK-H", "RHK kepala", "individual", owner=HEAD),
        Objective("RHK-S", "RHK staf", "individual", owner=STAFF),
    ]
    doc.indicators += [Indicator("I-H", "RHK-H", "i"), Indicator("I-S", "RHK-S", "i")]
    doc.links += [Link("T1", "RHK-H"), Link("RHK-H", "RHK-S")]
    return doc


def test_an_rhk_under_the_supervisors_rhk_is_valid():
    assert validate(rhk_plan()) == []


def test_an_rhk_chain_of_any_depth_is_valid():
    doc = rhk_plan()
    doc.employees.append(Employee("4" * 18, "Staf staf", "U", supervisor=STAFF))
    doc.objectives.append(Objective("RHK-4", "RHK", "individual", owner="4" * 18))
    doc.indicators.append(Indicator("I-4", "RHK-4", "i"))
    doc.links.append(Link("RHK-S", "RHK-4"))
    assert validate(doc) == []


def test_a_cycle_among_rhk_is_still_an_error():
    doc = rhk_plan()
    doc.links.append(Link("RHK-S", "RHK-H"))
    assert [p.place for p in errors(doc) if "cycle" in p.message] == ["links[4]"]


def test_an_objective_other_than_an_rhk_still_cannot_hang_under_its_own_level():
    doc = rhk_plan()
    doc.objectives.append(Objective("T2", "Tujuan 2", "goal"))
    doc.links += [Link("M2", "T2"), Link("T1", "T2")]
    assert places(errors(doc)) == ["links[6]"]


def test_an_rhk_under_an_rhk_its_owners_supervisor_does_not_own_warns_at_the_link():
    doc = rhk_plan()
    doc.objectives[-1].owner = HEAD  # the head's RHK under the head's own RHK
    (warning,) = warnings(doc)
    assert warning.place == "links[4]"
    assert "supervisor" in warning.message and " / " in warning.message


def test_an_rhk_under_a_colleagues_rhk_warns():
    doc = rhk_plan()
    doc.objectives.append(Objective("RHK-O", "RHK rekan", "individual", owner=OTHER))
    doc.indicators.append(Indicator("I-O", "RHK-O", "i"))
    doc.links += [Link("T1", "RHK-O"), Link("RHK-O", "RHK-S")]
    assert places(warnings(doc)) == ["links[6]"]


def test_an_rhk_without_owner_or_supervisor_under_an_rhk_warns():
    doc = rhk_plan()
    doc.objectives[-1].owner = None
    assert "without an owner" in warnings(doc)[0].message
    doc.objectives[-1].owner = STAFF
    doc.employees[1].supervisor = None
    assert "no supervisor" in warnings(doc)[0].message


@pytest.mark.parametrize("weight", [math.inf, math.nan, 1e308, 1e6 * (1 + 1e-15), 1e-308, 5e-7])
def test_a_weight_out_of_bounds_is_an_error_at_its_place(weight):
    doc = plan()
    doc.links[1].weight = weight
    doc.indicators[1].weight = weight
    assert {"links[1].weight", "indicators[1].weight"} <= set(places(errors(doc)))


@pytest.mark.parametrize("weight", [0.0, MIN_WEIGHT, 1.0, MAX_WEIGHT])
def test_a_weight_at_its_bounds_is_accepted(weight):
    doc = plan()
    doc.links[1].weight = weight
    assert errors(doc) == []


def test_six_huge_weights_are_each_an_error_not_a_plan_without_score():
    doc = plan()
    doc.objectives += [Objective(f"M{k}", f"Misi {k}", "mission") for k in range(3, 7)]
    doc.links += [Link("VISI", f"M{k}") for k in range(3, 7)]
    for link in doc.links:
        if link.parent == "VISI":
            link.weight = 1e308
    assert places(errors(doc)) == [f"links[{k}].weight" for k in (0, 1, 3, 4, 5, 6)]


def test_a_huge_weight_beside_tiny_ones_is_an_error_for_each():
    doc = plan()
    doc.links[0].weight = 1e308
    doc.links[1].weight = 1e-308
    assert places(errors(doc)) == ["links[0].weight", "links[1].weight"]


def test_weights_summing_above_the_bound_are_an_error_at_the_parent():
    doc = plan()
    doc.indicators += [Indicator(f"X{k}", "M2", "x", weight=MAX_WEIGHT) for k in range(1000)]
    (problem,) = errors(doc)
    assert problem.place == "objectives[2]"
    assert "sum to" in problem.message


@pytest.mark.parametrize(("name", "value"), [("cap", 1e7), ("floor", -1e7), ("cap", math.inf)])
def test_a_plan_cap_or_floor_too_large_is_an_error(name, value):
    doc = plan()
    setattr(doc.plan.settings, name, value)
    assert places(errors(doc)) == [f"plan.settings.{name}"]


def test_an_indicator_cap_too_large_is_an_error():
    doc = plan()
    doc.indicators[0].cap = 1e300
    assert places(errors(doc)) == ["indicators[0].cap"]


def test_zero_link_weight_beside_a_zero_indicator_weight_is_one_pool():
    doc = plan()
    doc.links.append(Link("M2", "T1", 0))
    doc.indicators[0].weight = 0  # M2's pool: indicator 0 and link 0
    assert places(errors(doc)) == ["objectives[2]"]


def test_a_zero_weight_beside_a_positive_one_is_no_error():
    doc = plan()
    doc.links[0].weight = 0
    assert errors(doc) == []


def test_negative_link_weight_is_an_error():
    doc = plan()
    doc.links[2].weight = -1
    assert "links[2].weight" in places(errors(doc))


#: A target added to the plan: (its case, I-M2's polarity, the target, the error places).
TARGET_CASES = [
    ("negative target on a positive indicator", "positive", Target("I-M2", "2025", -1.0),
     ["targets[3]"]),
    ("negative target on a negative indicator", "negative", Target("I-M2", "2025", -0.5),
     ["targets[3]"]),
    ("zero target on a positive indicator is allowed", "positive", Target("I-M2", "2025", 0.0),
     []),
    ("ranged target with low zero", "positive", Target("I-M2", "2025", low=0.0, high=5.0),
     ["targets[3]"]),
    ("ranged target with low above high", "positive",
     Target("I-RANGE", "2025", low=5.0, high=4.0), ["targets[3]"]),
    ("single target of zero on a range indicator", "positive", Target("I-RANGE", "2025", 0.0),
     ["targets[3]"]),
    ("single positive target on a range indicator is allowed", "positive",
     Target("I-RANGE", "2025", 3.0), []),
]


@pytest.mark.parametrize(("polarity", "target", "expected"), [case[1:] for case in TARGET_CASES],
                         ids=[case[0] for case in TARGET_CASES])
def test_an_added_target_is_an_error_at_its_place_or_allowed(polarity, target, expected):
    doc = plan()
    doc.indicators[0].polarity = polarity
    doc.targets.append(target)
    assert places(errors(doc)) == expected


def test_negative_indicator_cap_is_an_error():
    doc = plan()
    doc.indicators[1].cap = -10
    assert places(errors(doc)) == ["indicators[1].cap"]


def test_floor_not_below_cap_is_an_error():
    doc = plan()
    doc.plan.settings = model.Settings(cap=100, floor=100)
    assert places(errors(doc)) == ["plan.settings.floor"]


def test_dangling_references_are_skipped_without_a_crash():
    doc = plan()
    doc.links.append(Link("VISI", "NOWHERE"))
    doc.indicators.append(Indicator("I-X", "NOWHERE", "Yatim"))
    doc.targets.append(Target("I-UNKNOWN", "2024", -5.0))
    doc.causal_links.append(model.CausalLink("NOWHERE", "M1"))
    assert validate(doc) == []


# ------------------------------------------------------------------ warnings
def test_objective_without_path_to_the_root_is_an_unaligned_warning():
    doc = plan()
    doc.objectives.append(Objective("X", "Lepas", "goal"))
    doc.indicators.append(Indicator("I-X", "X", "Indikator lepas"))
    assert places(warnings(doc)) == ["objectives[4]"]
    assert "tidak selaras" in warnings(doc)[0].message


#: The weights of VISI's two links: (case, the weights, the places of what each check finds).
VISION_WEIGHTS = [
    ("all zero weights under a parent are an error", (0, 0), {errors: ["objectives[0]"]}),
    ("weights not summing to 100 are a warning", (40, 35),
     {warnings: ["objectives[0]"], errors: []}),
    ("weights summing to 100 are no warning", (60, 40), {validate: []}),
]


@pytest.mark.parametrize(("weights", "found"), [case[1:] for case in VISION_WEIGHTS],
                         ids=[case[0] for case in VISION_WEIGHTS])
def test_the_weights_under_the_vision(weights, found):
    doc = plan()
    doc.links[0].weight, doc.links[1].weight = weights
    for check, expected in found.items():
        assert places(check(doc)) == expected, check.__name__


def test_weights_summing_to_100_with_indicators_in_the_pool_are_no_warning():
    doc = plan()
    doc.links[2].weight = 40  # M1 -> T1
    doc.indicators.append(Indicator("I-M1", "M1", "Indikator misi 1", weight=60))
    assert validate(doc) == []


def test_objective_without_children_warns_it_can_never_be_scored():
    doc = plan()
    doc.objectives.append(Objective("T2", "Tujuan kosong", "goal"))
    doc.links.append(Link("M2", "T2"))
    assert places(warnings(doc)) == ["objectives[4]"]
    assert "never be scored" in warnings(doc)[0].message


def test_causal_link_to_an_indicator_warns():
    doc = plan()
    doc.causal_links.append(model.CausalLink("M1", "I-M2"))
    assert places(warnings(doc)) == ["causal_links[0]"]


def test_causal_link_between_objectives_is_fine():
    doc = plan()
    doc.causal_links.append(model.CausalLink("T1", "M2"))
    assert validate(doc) == []


def test_errors_come_before_warnings():
    doc = plan()
    doc.objectives.append(Objective("X", "Lepas", "goal"))  # unaligned and childless
    doc.targets.append(Target("I-M2", "2025", -1.0))
    severities = [p.severity for p in validate(doc)]
    assert severities == ["error", "warning", "warning"]


# ------------------------------------------------------------------ root / unaligned
def test_root_is_the_code_of_the_vision():
    assert root(plan()) == "VISI"


def test_root_is_none_with_two_visions():
    doc = plan()
    doc.objectives.append(Objective("VISI2", "Visi kedua", "vision"))
    assert root(doc) is None


def test_unaligned_holds_a_loose_objective_and_everything_below_it():
    doc = plan()
    doc.objectives += [Objective("X", "Lepas", "goal"), Objective("Y", "Di bawah X", "objective")]
    doc.links.append(Link("X", "Y"))
    assert unaligned(doc) == {"X", "Y"}


def test_unaligned_is_empty_when_everything_reaches_the_root():
    assert unaligned(plan()) == set()


def test_crosscutting_child_is_aligned_through_either_parent():
    doc = plan()
    doc.objectives += [Objective("X", "Lepas", "mission"), Objective("Y", "Bersama", "goal")]
    doc.links += [Link("X", "Y"), Link("M2", "Y")]
    assert unaligned(doc) == {"X"}


def test_a_unit_tree_that_loops_is_an_error_at_its_place():
    from ekinerja.model import Unit

    doc = _cycle_free_plan_for_hierarchies()
    doc.units = [Unit("A", "a", "C"), Unit("B", "b", "A"), Unit("C", "c", "B"), Unit("D", "d")]
    problems = [p for p in validate(doc) if p.severity == "error"]
    assert len(problems) == 1
    assert problems[0].place.startswith("units[") and problems[0].place.endswith(".parent")
    assert "cycle" in problems[0].message


def test_a_supervisor_chain_that_loops_is_an_error_at_its_place():
    from ekinerja.model import Employee, Unit

    doc = _cycle_free_plan_for_hierarchies()
    doc.units = [Unit("U", "u")]
    a, b = "1" * 18, "2" * 18
    doc.employees = [Employee(a, "A", "U", supervisor=b), Employee(b, "B", "U", supervisor=a)]
    problems = [p for p in validate(doc) if p.severity == "error"]
    assert [p.place for p in problems] in (
        ["employees[0].supervisor"],
        ["employees[1].supervisor"],
    )


def _cycle_free_plan_for_hierarchies():
    from ekinerja.model import Indicator, Objective, Plan, PlanDocument

    return PlanDocument(
        Plan("P", "P", 2020, 2021),
        objectives=[Objective("V", "Visi", "vision")],
        indicators=[Indicator("I", "V", "i")],
    )


def test_skp_thresholds_out_of_order_are_an_error():
    doc = plan()
    doc.plan.settings.skp.above_from = 90
    assert places(errors(doc)) == ["plan.settings.skp.above_from"]


@pytest.mark.parametrize("char", ["\r", "\n", "\t", "\x00", "\x7f", "\x85", "\u2028"], ids=repr)
@pytest.mark.parametrize(
    ("items", "field", "index"),
    [("objectives", "code", 1), ("indicators", "code", 0), ("units", "code", 0),
     ("employees", "nip", 0)],
)
def test_a_code_with_a_control_character_is_an_error_at_its_place(
    char: str, items: str, field: str, index: int
) -> None:
    doc = plan()
    doc.units = [Unit("U1", "Unit")]
    doc.employees = [Employee("198001012000011001", "Pegawai", "U1")]
    item = getattr(doc, items)[index]
    setattr(item, field, f"A{char}1")
    errors = [p for p in validate(doc) if p.severity == "error"]
    assert any(p.place == f"{items}[{index}].{field}" and "U+" in p.message for p in errors)


def test_a_code_with_a_surrounding_space_is_an_error() -> None:
    doc = plan()
    doc.indicators[0].code = "I-M2 "
    assert any(p.place == "indicators[0].code" and p.severity == "error" for p in validate(doc))
