"""The SKP page computes only what it shows (readmodels.skp.page_result, held_rhk), over
arrays; each employee and unit it gives is the one `skp.evaluate` gives for the whole plan."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from ekinerja import skp
from ekinerja.generate import generate
from ekinerja.model import RATINGS, PlanDocument, SkpRating, UnitPredikat
from ekinerja.readmodels import skp as views
from ekinerja.rollup import Engine

PERIODS = ("2024", "2024-Q2")


def rated_plan(seed: int) -> tuple[PlanDocument, dict[str, str]]:
    """A generated plan with ratings, unit predikat, additional RHK, unverified values, and
    RHK handed over (the holders of the period: to employees, one to no employee)."""
    rng = random.Random(seed)
    doc = generate(150, 3, seed=seed)
    nips = [e.nip for e in doc.employees]
    doc.skp_ratings = [
        SkpRating(nip, period, rng.choice(RATINGS), rng.choice([None, *RATINGS]))
        for period in PERIODS for nip in rng.sample(nips, 60)]
    doc.unit_predikat = [UnitPredikat(u.code, period, rng.choice(list(skp.HEAD_RATING)))
                         for period in PERIODS for u in rng.sample(doc.units, 12)]
    rhk = [o for o in doc.objectives if o.level == "individual"]
    doc.rhk_kinds = {o.code: "additional" for o in rng.sample(rhk, 40)}
    doc.realizations = [replace(r, status=rng.choice(["verified", "verified", "submitted"]))
                        for r in doc.realizations]
    holders = {o.code: rng.choice(nips) for o in rng.sample(rhk, 25)}
    holders[rhk[0].code] = "no-one"
    return doc, holders


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("period", PERIODS)
@pytest.mark.parametrize("handed", [False, True])
def test_the_page_gives_what_the_whole_evaluation_gives(seed: int, period: str,
                                                        handed: bool) -> None:
    doc, holders = rated_plan(seed)
    held = holders if handed else None
    engine = Engine(doc)
    whole = skp.evaluate(engine, period, holders=held)
    assert any(e.score is not None for e in whole.employees.values())
    assert any(u.warnings for u in whole.units.values())
    nips = [e.nip for e in doc.employees]
    page = views.page_result(engine, period, nips[::7], holders=held)
    assert page.units == whole.units
    for nip in nips[::7]:
        assert page.employees[nip] == whole.employees[nip]
    alone = views.page_result(engine, period, [nips[3]], holders=held, units=False)
    assert list(alone.employees) == [nips[3]] and not alone.units
    assert alone.employees[nips[3]] == whole.employees[nips[3]]
    means, _count = views.main_rhk_means(engine, engine.verified_only().evaluation(period),
                                         held)
    scores = skp.main_rhk_scores(engine.verified_only().evaluate(period), held)
    assert [None if m != m else m for m in means.tolist()] == list(scores.values())


@pytest.mark.parametrize("handed", [False, True])
def test_an_employees_rhk_are_those_held_in_the_period(handed: bool) -> None:
    doc, holders = rated_plan(3)
    held = holders if handed else {}
    engine = Engine(doc)
    for e in doc.employees:
        expected = [o.code for o in doc.objectives
                    if o.level == "individual" and held.get(o.code, o.owner) == e.nip]
        got = [engine.objective_codes[n] for n in views.held_rhk(engine, e.nip, held)]
        assert got == expected
    nip = doc.objectives[-1].owner
    lines = views.rhk_lines(engine, "2024", nip, held)
    indicators = {line.code: [i.code for i in line.indicators] for line in lines}
    for code, codes in indicators.items():
        assert codes == [i.code for i in doc.indicators if i.objective == code]
