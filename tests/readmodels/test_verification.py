"""The verified share of the Realisasi page: exact, and without the verified-only view when no
listed indicator has a value waiting."""

from __future__ import annotations

import math

import pytest

from ekinerja.readmodels import verification
from ekinerja.readmodels.realizations import unit_rows
from ekinerja.rollup import Engine


def full_share(engine: Engine, period: str, codes: list[str]) -> float | None:
    """The definition: the weight share of scored indicators whose verified value scores too."""
    ev, verified = engine.evaluation(period), engine.verified_only().evaluation(period)
    total = counted = 0.0
    for code in codes:
        if ev.indicator(code)["achievement"] is None:
            continue
        weight = float(engine.item(code).weight)
        total += weight
        counted += weight * (verified.indicator(code)["achievement"] is not None)
    return None if total == 0 else counted / total


@pytest.fixture
def codes(engine: Engine) -> list[str]:
    return [r.code for r in unit_rows(engine, "2023-Q2", "DIKES")]


def test_all_verified_needs_no_verified_only_view(engine, codes, monkeypatch):
    assert codes
    monkeypatch.setattr(Engine, "verified_only", lambda self: pytest.fail("built the view"))
    assert verification.verified_share(engine, "2023-Q2", codes) == 1.0


def test_a_submitted_value_lowers_the_share_as_the_definition_says(engine, codes):
    scored = [c for c in codes
              if engine.evaluation("2023-Q2").indicator(c)["achievement"] is not None]
    waiting = engine.with_realizations([(scored[0], "2023-Q2", 95.0, "submitted")])
    share = verification.verified_share(waiting, "2023-Q2", codes)
    assert share is not None and share < 1.0
    assert math.isclose(share, full_share(waiting, "2023-Q2", codes))


def test_a_value_waiting_elsewhere_keeps_the_share_whole(engine, codes):
    other = next(i.code for i in engine.doc.indicators if i.code not in codes)
    waiting = engine.with_realizations([(other, "2023-Q2", 95.0, "submitted")])
    assert verification.verified_share(waiting, "2023-Q2", codes) == full_share(
        waiting, "2023-Q2", codes) == 1.0


def test_no_scored_indicator_has_no_share(engine):
    assert verification.verified_share(engine, "2023-Q2", []) is None
