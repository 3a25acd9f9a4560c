"""Bounds the services keep whoever calls them (issue 11, items 1, 3 and 7): periods of the
plan only, weights finite and bounded with a bounded sum, texts under the import's rules; a
refusal writes nothing (SQLite and PostgreSQL)."""

from __future__ import annotations

import math

import pytest

from ekinerja import services
from ekinerja.services import ServiceError


@pytest.mark.parametrize("weights", [
    {"R1": 1e308}, {"I1": 1e308, "R1": 1e308}, {"R1": 1e-308}, {"R1": 5e-324},
    {"R1": math.inf}, {"R1": math.nan}, {"R1": -1.0}, {"R1": 1e6 + 1},
])
def test_extreme_weights_are_refused_and_nothing_is_written(loaded, planner, snapshot,
                                                            weights) -> None:
    before = snapshot(loaded)
    with pytest.raises(ServiceError, match=r"bobot|weight"):
        services.set_weights(loaded, planner, "P1", "S1", weights, seen_version=0,
                             reason="uji batas")
    assert snapshot(loaded) == before


def test_a_sum_of_weights_beyond_the_bound_is_refused(loaded, planner, snapshot,
                                                      monkeypatch) -> None:
    from ekinerja.services import weights

    monkeypatch.setattr(weights, "MAX_WEIGHT_SUM", 1.5e6)
    before = snapshot(loaded)
    with pytest.raises(ServiceError, match="jumlah bobot"):
        services.set_weights(loaded, planner, "P1", "S1", {"R1": 1e6, "I1": 1e6},
                             seen_version=0, reason="uji jumlah")
    assert snapshot(loaded) == before


def test_bounded_weights_keep_a_finite_score(loaded, planner) -> None:
    services.set_weights(loaded, planner, "P1", "S1", {"R1": 1e6, "I1": 1e-6}, seen_version=0,
                         reason="uji batas")
    engine = services.load_engine(loaded)
    score = engine.evaluate("2023").score_of("V")
    assert score is None or math.isfinite(score)


@pytest.mark.parametrize("period", ["2022-13", "2022-Q5", "garbage", "", None, " 2022-Q3",
                                    "2099"])
def test_a_bad_period_is_refused_by_every_change(loaded, admin, snapshot, period) -> None:
    before = snapshot(loaded)
    with pytest.raises(ServiceError, match=r"[Pp]eriode"):
        services.record_realization(loaded, admin, "P1", "I1", period, 5.0)
    with pytest.raises(ServiceError, match=r"[Pp]eriode"):
        services.close_period(loaded, admin, "P1", period)
    assert snapshot(loaded) == before


@pytest.mark.parametrize(("note", "evidence"), [
    ("a\x00b", None), ("a\ud800", None), ("x" * 4001, None),
    (None, "https://e.example/" + "a" * 2000), (None, "https://e.example/\x00"),
])
def test_a_note_or_link_breaking_the_text_rules_is_refused(loaded, admin, snapshot, note,
                                                           evidence) -> None:
    before = snapshot(loaded)
    with pytest.raises(ServiceError):
        services.record_realization(loaded, admin, "P1", "I1", "2023", 5.0, note=note,
                                    evidence=evidence)
    assert snapshot(loaded) == before


@pytest.mark.parametrize("reason", ["a\x00b", "a\udfff", "x" * 1001])
def test_a_reason_breaking_the_text_rules_is_refused_everywhere(loaded, admin, planner, snapshot,
                                                                reason) -> None:
    before = snapshot(loaded)
    with pytest.raises(ServiceError):
        services.set_weights(loaded, planner, "P1", "S1", {"R1": 2.0}, seen_version=0,
                             reason=reason)
    with pytest.raises(ServiceError):
        services.close_period(loaded, admin, "P1", "2023", reason)
    assert snapshot(loaded) == before
