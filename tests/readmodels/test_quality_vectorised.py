"""The Kualitas page's vectorised quality check gives the plain check's items (`ekinerja check
--quality`), on generated plans with every kind of defect injected."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from ekinerja import quality as plain
from ekinerja.generate import generate
from ekinerja.model import Employee, Link, Objective, PlanDocument, Target
from ekinerja.readmodels import quality
from ekinerja.rollup import Engine


def defective(seed: int) -> PlanDocument:
    """A generated plan with defects of every kind injected at random places."""
    rng = random.Random(seed)
    doc = generate(150, 3, seed=seed)
    years = [str(y) for y in range(doc.plan.start_year, doc.plan.end_year + 1)]
    # targets: every year for most indicators, then some taken away (and a few of sub-periods)
    doc.targets = [Target(i.code, y, 10.0) for i in doc.indicators for y in years
                   if rng.random() > 0.05] + [Target(i.code, years[0] + "-Q1", 1.0)
                                              for i in doc.indicators[:20]]
    rng.shuffle(doc.targets)
    # objectives: a loose one, a second vision, RHK of no employee, of an unknown owner
    units = [u.code for u in doc.units]
    doc.objectives += [
        Objective("LOOSE", "Lepas", "agency_objective", unit=units[-1]),
        Objective("V2", "Visi lain", "vision"),
        Objective("RX", "RHK lain", "individual", unit=units[-1], owner="999"),
    ]
    individual = [o for o in doc.objectives if o.level == "individual"]
    for o in rng.sample(individual, 10):  # RHK handed to someone else: not under their boss
        o.owner = rng.choice(doc.employees).nip
    # links: some removed (unaligned subtrees), weights changed
    doc.links = [replace(lk, weight=lk.weight + rng.choice([0.0, 0.0, 0.005, 3.0]))
                 for lk in doc.links if rng.random() > 0.03]
    doc.links.append(Link("V2", "LOOSE", 100.0))
    for i in rng.sample(doc.indicators, 15):
        i.weight = rng.choice([0.0, 33.3, 250.0])
    # employees: new ones without RHK, supervisors changed, one of an unknown supervisor
    doc.employees += [Employee(f"19900101202001{k:04d}", f"Baru {k}", units[k % len(units)],
                               supervisor=rng.choice(doc.employees).nip) for k in range(5)]
    for e in rng.sample(doc.employees, 8):
        e.supervisor = rng.choice([None, "888", rng.choice(doc.employees).nip])
    return doc


def manuals_of(doc: PlanDocument, seed: int) -> dict[str, dict[str, object]]:
    rng = random.Random(seed)
    fields = {f: "ada" for f in plain.MANUAL_FIELDS}
    return {
        **{i.code: {**fields, "iku": rng.random() < 0.5, **({"formula": " "} if rng.random() < 0.5
                                                            else {})}
           for i in rng.sample(doc.indicators, 40)},
        "NOT-AN-INDICATOR": {"iku": True},
        doc.objectives[0].code: {"iku": True},
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_vectorised_check_finds_the_plain_checks_items(seed: int) -> None:
    doc = defective(seed)
    engine = Engine(doc)
    manuals = manuals_of(doc, seed)
    items = plain.quality(doc, manuals)
    counted = plain.counts(items)
    assert all(counted[kind] > 0 for kind in plain.KINDS), counted  # every defect is there
    found = quality.plan_items(engine, None)
    quality.manual_items(engine, manuals, found)
    assert [i for kind in plain.KINDS for i in found.items[kind]] == items
    assert found.counts == counted
    for shown in (1, 7):
        assert quality.summary(engine, manuals, shown) == plain.quality_summary(
            doc, manuals, shown)


def test_the_vectorised_check_follows_a_structure_edit() -> None:
    doc = defective(4)
    engine = Engine(doc)
    quality.summary(engine, None, 5)
    link = doc.links[3]
    edited = engine.with_structure([("link", f"{link.parent}>{link.child}", "remove",
                                     {"weight": link.weight}, None)])
    assert quality.summary(edited, None, 5) == plain.quality_summary(edited.doc, None, 5)
    assert quality.summary(edited, None, 5) != quality.summary(engine, None, 5)


def test_the_vectorised_check_sums_the_weights_in_force_after_a_weight_save() -> None:
    doc = defective(5)
    engine = Engine(doc)
    link = next(lk for lk in doc.links if lk.weight != 100.0)
    weighed = engine.with_weights({(link.parent, link.child): link.weight + 7.0})
    found = quality.plan_items(weighed, None)
    expected = plain.plan_items(weighed.doc, None)
    assert found.items == expected.items and found.counts == expected.counts
    assert found.counts != quality.plan_items(engine, None).counts or (
        found.items["weights_not_100"] != quality.plan_items(engine, None).items[
            "weights_not_100"])
