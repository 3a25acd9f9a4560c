"""Strategy map data: scopes, objectives per perspective, causal arrows, the details."""

from __future__ import annotations

from ekinerja.readmodels import strategy_map


def on_map(found):
    return {o.code for objectives in found.lanes.values() for o in objectives}


def test_scopes_start_with_the_province_then_agencies_by_name(engine):
    assert [s.code for s in strategy_map.scopes(engine)] == ["", "DIKES", "DIKBUD"]


def test_the_province_map_shows_pemda_objectives_with_a_perspective(engine):
    found = strategy_map.strategy_map(engine, "2023-Q2", "")
    assert on_map(found) == {"T1", "T2", "SS1", "SS2", "SS3", "SS4"}


def test_an_agency_map_shows_only_that_agencys_objectives(engine):
    found = strategy_map.strategy_map(engine, "2023-Q2", "DIKES")
    assert on_map(found) == {"SPD-KES-1", "SPD-KES-2", "SP-YAN-1"}


def test_each_objective_is_in_the_lane_of_its_perspective(engine):
    lanes = strategy_map.strategy_map(engine, "2023-Q2", "").lanes
    assert "SS3" in [o.code for o in lanes["learning_growth"]]
    assert list(lanes) == ["stakeholder", "financial", "internal_process", "learning_growth"]


def test_causal_links_inside_the_scope_become_arrows(engine):
    arrows = set(strategy_map.strategy_map(engine, "2023-Q2", "").arrows)
    assert arrows == {("SS3", "SS2"), ("SS2", "SS1"), ("SS4", "SS1")}


def test_a_scope_without_objectives_is_empty(engine):
    assert strategy_map.strategy_map(engine, "2023-Q2", "NOWHERE").empty


def test_details_list_the_objectives_indicators(engine):
    details = strategy_map.objective_details(engine, "2023-Q2", "SPD-DIK-1")
    assert [i.code for i in details.indicators] == ["IK-DIK-1", "IK-DIK-2"]
    assert details.indicators[1].realization is None


def test_details_name_the_owner(engine):
    assert strategy_map.objective_details(engine, "2023-Q2", "SPD-KES-1").owner.nip == (
        "197001012000031001")


def test_details_explain_the_score_with_normalised_weights(engine):
    explanation = strategy_map.objective_details(engine, "2023-Q2", "SS1").explanation
    shares = {c["code"]: c["normalised_weight"] for c in explanation["children"]}
    assert shares == {"SPD-KES-1": 2 / 3, "IKU-1": 1 / 3}


def test_details_give_the_formula_of_each_indicator(engine):
    explanation = strategy_map.objective_details(engine, "2023-Q2", "SS1").explanation
    assert "69.3" in next(c for c in explanation["children"] if c["code"] == "IKU-1")["formula"]


def test_the_first_objective_is_on_the_province_map(engine):
    assert strategy_map.first_objective(engine) in on_map(
        strategy_map.strategy_map(engine, "2023-Q2", ""))


def test_an_agency_map_shows_the_parents_above_and_the_children_below(engine):
    found = strategy_map.strategy_map(engine, "2023-Q2", "DIKES")
    assert [o.code for o in found.above] == ["SS1", "SS2"]  # province objectives it serves
    assert [o.code for o in found.below] == ["RHK-1"]  # under its objectives, not on a lane
    assert ("SS1", "SPD-KES-1") in found.cascade and ("SP-YAN-1", "RHK-1") in found.cascade
    assert (found.more_above, found.more_below) == (0, 0)


def test_the_province_map_draws_no_context(engine):
    found = strategy_map.strategy_map(engine, "2023-Q2", "")
    assert (found.above, found.below, found.cascade) == ([], [], [])


def test_a_crowded_context_is_cut_and_counted(engine, monkeypatch):
    monkeypatch.setattr(strategy_map, "CONTEXT_LIMIT", 1)
    found = strategy_map.strategy_map(engine, "2023-Q2", "DIKES")
    assert [o.code for o in found.above] == ["SS1"] and found.more_above == 1


def test_a_province_objective_without_owner_names_the_regions_unit_and_its_agencies(engine):
    details = strategy_map.objective_details(engine, "2023-Q2", "SS1")
    assert details.owner is None
    assert details.unit == "Pemerintah Provinsi NTB"
    assert details.agencies == ["Dinas Kesehatan"]
    assert details.children == 1


def test_an_objective_with_a_unit_keeps_it(engine):
    assert strategy_map.objective_details(engine, "2023-Q2", "SP-YAN-1").unit == (
        "Bidang Pelayanan Kesehatan")
