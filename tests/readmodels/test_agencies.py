"""Agencies ranked by their score: their top objectives weighted as the cascade weighs them."""

from __future__ import annotations

import copy
import math

from ekinerja.readmodels.agencies import agency_ranking, agency_scores
from ekinerja.readmodels.home import home_data
from ekinerja.readmodels.weights import preview
from ekinerja.rollup import Engine

PERIOD = "2023-Q2"


def test_ranking_puts_the_higher_agency_score_first(engine):
    ranking = agency_ranking(engine, PERIOD)
    assert [(r.rank, r.code) for r in ranking] == [(1, "DIKES"), (2, "DIKBUD")]


def test_agency_score_is_its_top_objectives_weighted_by_their_influence(engine):
    ev = engine.evaluate(PERIOD)
    row = next(r for r in agency_ranking(engine, PERIOD) if r.code == "DIKES")
    tops = ["SPD-KES-1", "SPD-KES-2"]
    influence = [float(ev.influence[engine.index[c]]) for c in tops]
    expected = sum(i * ev.score_of(c) for i, c in zip(influence, tops, strict=True)) / sum(
        influence
    )
    assert math.isclose(row.score.value, expected) and row.score.band == engine.band(expected)
    assert not math.isclose(expected, (ev.score_of(tops[0]) + ev.score_of(tops[1])) / 2)


def test_a_heavier_link_above_a_top_objective_pulls_the_agency_score_toward_it(document):
    heavier = copy.deepcopy(document)
    for link in heavier.links:
        if link.child == "SPD-KES-1":
            link.weight *= 10
    before = agency_scores(Engine(document), Engine(document).evaluate(PERIOD))["DIKES"]
    engine = Engine(heavier)
    ev = engine.evaluate(PERIOD)
    after = agency_scores(engine, ev)["DIKES"]
    top = ev.score_of("SPD-KES-1")  # its own score does not change with the weight above it
    assert abs(after - top) < abs(before - top) - 1e-9


def test_an_agency_with_one_top_objective_scores_exactly_that_objective(engine):
    ev = engine.evaluate(PERIOD)
    assert agency_scores(engine, ev)["DIKBUD"] == ev.score_of("SPD-DIK-1")


def test_beranda_and_bobot_preview_show_the_same_agency_score(engine):
    ranking = {r.code: r.score.value for r in home_data(engine, PERIOD).ranking}
    base = engine.evaluate(PERIOD)
    parent = engine.parent_objectives("SPD-KES-1")[0]
    weights = {code: 5.0 for code, _ in base.children(parent)}
    moves = {g.code: g.before for g in preview(engine, base, parent, weights,
                                               by_agency=True).groups}
    assert moves and all(math.isclose(moves[c], ranking[c]) for c in moves)
