"""Entering realizations: the units with indicators, a unit's indicators, the preview."""

from __future__ import annotations

import pytest

from ekinerja.model import Indicator
from ekinerja.readmodels import realizations
from ekinerja.rollup import Engine


def test_unit_rows_hold_only_the_units_indicators(people_engine):
    assert [r.code for r in realizations.unit_rows(people_engine, "2023", "U1")] == [
        "IA", "IB", "IC"]


def test_unit_rows_show_target_realization_and_band(people_engine):
    row = realizations.unit_rows(people_engine, "2023", "U2")[0]
    assert (row.target, row.realization, row.achievement.value, row.achievement.band) == (
        5.0, 5.0, 100.0, "Sangat Tinggi")


def test_units_with_indicators_lists_units_in_plan_order(people_engine):
    assert [u.code for u in realizations.units_with_indicators(people_engine)] == ["U1", "U2"]


def test_preview_achievement_matches_a_what_if_evaluation(people_engine):
    preview = realizations.preview_achievement(people_engine, "2023", "ID", 6.0)
    expected = people_engine.evaluate("2023", realizations={"ID": 6.0}).score_of("ID")
    assert preview.achievement.value == pytest.approx(expected)


def test_preview_achievement_is_clamped_at_the_cap(people_engine):
    preview = realizations.preview_achievement(people_engine, "2023", "IC", 60.0)
    assert (preview.raw_achievement, preview.achievement.value) == (300.0, 120.0)


def test_preview_of_an_objective_code_is_refused(people_engine):
    with pytest.raises(KeyError):
        realizations.preview_achievement(people_engine, "2023", "A", 1.0)


def test_indicators_under_objectives_without_unit_get_the_province_entry_last(
    make_contribution_plan,
):
    doc = make_contribution_plan()
    doc.indicators.append(Indicator("IM", "M1", "Indikator misi"))
    engine = Engine(doc)
    assert [u.code for u in realizations.units_with_indicators(engine)][-1] == (
        realizations.NO_UNIT)
    rows = realizations.unit_rows(engine, "2023", realizations.NO_UNIT)
    assert [r.code for r in rows] == ["IM"]
