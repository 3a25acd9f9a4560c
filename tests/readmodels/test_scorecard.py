"""Scorecard data: units, rows of objectives and indicators, the band filter."""

from __future__ import annotations

import math

from ekinerja.readmodels import scorecard


def codes(rows):
    return [r.code for r in rows]


def test_units_are_listed_in_tree_order(engine):
    assert [u.code for u in scorecard.unit_choices(engine)] == [
        "PEMDA", "DIKES", "DIKES-YAN", "DIKBUD"]


def test_a_unit_below_another_is_indented(engine):
    labels = {u.code: u.name for u in scorecard.unit_choices(engine)}
    assert labels["DIKES-YAN"].startswith("\u00a0\u00a0\u00a0\u00a0")


def test_the_first_unit_is_the_first_agency_by_name(engine):
    assert scorecard.first_unit(engine) == "DIKES"


def test_an_agency_scorecard_includes_its_divisions(engine):
    assert codes(scorecard.scorecard_rows(engine, "2023-Q2", "DIKES")) == [
        "SPD-KES-1", "IK-KES-1", "SPD-KES-2", "IK-KES-2", "SP-YAN-1", "IK-YAN-1", "RHK-1",
        "IK-RHK-1"]


def test_rows_carry_weight_target_realization_and_achievement(engine):
    row = next(r for r in scorecard.scorecard_rows(engine, "2023-Q2", "DIKES")
               if r.code == "IK-KES-1")
    values = engine.evaluate("2023-Q2").indicator("IK-KES-1")
    assert (row.weight, row.target, row.realization) == (1.0, 110.0, 100.0)
    assert math.isclose(row.achievement.value, values["achievement"])


def test_objective_weight_is_its_link_weight(engine):
    row = scorecard.scorecard_rows(engine, "2023-Q2", "DIKES")[0]
    assert (row.code, row.kind, row.weight) == ("SPD-KES-1", "objective", 2.0)


def test_an_objective_row_names_its_level_unit_and_owner(engine):
    row = scorecard.scorecard_rows(engine, "2023-Q2", "DIKES")[0]
    assert (row.level, row.unit) == ("agency_objective", "Dinas Kesehatan") and row.owner


def test_band_filter_keeps_only_the_chosen_bands(engine):
    rows = scorecard.scorecard_rows(engine, "2023-Q2", "DIKBUD", ["Sangat Rendah"])
    assert codes(rows) == ["SPD-DIK-1", "IK-DIK-1"]


def test_no_score_rows_can_be_filtered_alone(engine):
    rows = scorecard.scorecard_rows(engine, "2023-Q2", "DIKBUD", [scorecard.NO_BAND])
    assert codes(rows) == ["IK-DIK-2"]


def test_pemda_scorecard_holds_the_province_objectives(engine):
    found = set(codes(scorecard.scorecard_rows(engine, "2023-Q2", "PEMDA")))
    assert {"SS1", "IKU-1", "T1"} <= found and "SPD-KES-1" not in found


def test_an_unknown_unit_has_no_rows(engine):
    assert scorecard.scorecard_rows(engine, "2023-Q2", "NOWHERE") == []
