"""Agencies ranked by the mean score of their top objectives."""

from __future__ import annotations

import math

from ekinerja.readmodels.agencies import agency_ranking


def test_ranking_puts_the_higher_agency_score_first(engine):
    ranking = agency_ranking(engine, "2023-Q2")
    assert [(r.rank, r.code) for r in ranking] == [(1, "DIKES"), (2, "DIKBUD")]


def test_agency_score_is_the_mean_of_its_top_objectives(engine):
    ev = engine.evaluate("2023-Q2")
    row = next(r for r in agency_ranking(engine, "2023-Q2") if r.code == "DIKES")
    expected = (ev.score_of("SPD-KES-1") + ev.score_of("SPD-KES-2")) / 2
    assert math.isclose(row.score.value, expected) and row.score.band == engine.band(expected)
