"""Strategy map data: scopes, lanes, nodes by band, causal arrows, the details panel."""

from __future__ import annotations

from ekinerja.callbacks import peta_strategi

from ekinerja.scoring import band_colour


def nodes(elements):
    return {e["data"]["id"]: e for e in elements if e.get("classes") == "objective"}


def test_scopes_start_with_the_province_then_agencies_by_name(engine):
    codes = [code for code, _ in peta_strategi.scopes(engine)]
    assert codes == ["", "DIKES", "DIKBUD"]  # agencies by name


def test_province_map_shows_pemda_objectives_with_a_perspective(engine):
    shown = nodes(peta_strategi.map_elements(engine, "2023-Q2", "", "id"))
    assert set(shown) == {"T1", "T2", "SS1", "SS2", "SS3", "SS4"}


def test_agency_map_shows_only_that_agencys_objectives(engine):
    shown = nodes(peta_strategi.map_elements(engine, "2023-Q2", "DIKES", "id"))
    assert set(shown) == {"SPD-KES-1", "SPD-KES-2", "SP-YAN-1"}


def test_each_perspective_has_its_own_lane_from_stakeholder_down(engine):
    elements = peta_strategi.map_elements(engine, "2023-Q2", "", "id")
    lanes = [e for e in elements if e.get("classes") == "lane"]
    assert [e["data"]["id"] for e in lanes] == [
        "lane-stakeholder", "lane-financial", "lane-internal_process", "lane-learning_growth"]
    assert [e["position"]["y"] for e in lanes] == sorted(e["position"]["y"] for e in lanes)


def lane_bounds(elements):
    return {e["data"]["id"]: (e["position"]["y"] - e["data"]["height"] / 2,
                              e["position"]["y"] + e["data"]["height"] / 2)
            for e in elements if e.get("classes") == "lane"}


def test_a_node_sits_in_its_perspective_lane(engine):
    elements = peta_strategi.map_elements(engine, "2023-Q2", "", "id")
    low, high = lane_bounds(elements)["lane-learning_growth"]
    assert low < nodes(elements)["SS3"]["position"]["y"] < high


def test_a_crowded_lane_wraps_onto_more_rows_and_grows(engine, monkeypatch):
    monkeypatch.setattr(peta_strategi, "PER_ROW", 1)
    elements = peta_strategi.map_elements(engine, "2023-Q2", "", "id")
    shown = nodes(elements)
    low, high = lane_bounds(elements)["lane-stakeholder"]
    ys = [shown["T1"]["position"]["y"], shown["SS1"]["position"]["y"]]
    assert ys[0] != ys[1] and all(low < y < high for y in ys)


def test_node_colour_and_label_show_the_band(engine):
    score = engine.evaluate("2023-Q2").score_of("SS3")
    node = nodes(peta_strategi.map_elements(engine, "2023-Q2", "", "id"))["SS3"]
    assert node["data"]["colour"] == band_colour(score, engine.bands)
    assert node["data"]["label"].endswith("40,00 · Sangat Rendah")


def test_causal_links_inside_the_scope_become_arrows(engine):
    elements = peta_strategi.map_elements(engine, "2023-Q2", "", "id")
    arrows = {(e["data"]["source"], e["data"]["target"]) for e in elements
              if e.get("classes") == "causal"}
    assert arrows == {("SS3", "SS2"), ("SS2", "SS1"), ("SS4", "SS1")}


def test_an_empty_scope_says_so(engine):
    elements, note = peta_strategi.render_map(engine, "2023-Q2", "NOWHERE", "en")
    assert not nodes(elements) and note


def test_details_list_the_objectives_indicators(engine):
    details = peta_strategi.objective_details(engine, "2023-Q2", "SPD-DIK-1")
    assert [i["code"] for i in details["indicators"]] == ["IK-DIK-1", "IK-DIK-2"]
    assert details["indicators"][1]["realization"] is None


def test_details_name_the_owner(engine):
    details = peta_strategi.objective_details(engine, "2023-Q2", "SPD-KES-1")
    assert details["owner"]["nip"] == "197001012000031001"


def test_details_explain_the_score_with_normalised_weights(engine):
    explanation = peta_strategi.objective_details(engine, "2023-Q2", "SS1")["explanation"]
    shares = {c["code"]: c["normalised_weight"] for c in explanation["children"]}
    assert shares == {"SPD-KES-1": 2 / 3, "IKU-1": 1 / 3}


def test_details_give_the_formula_of_each_indicator(engine):
    explanation = peta_strategi.objective_details(engine, "2023-Q2", "SS1")["explanation"]
    indicator = next(c for c in explanation["children"] if c["code"] == "IKU-1")
    assert "69.3" in indicator["formula"]


def test_render_details_without_a_node_shows_the_hint(engine):
    panel = peta_strategi.render_details(engine, "2023-Q2", None, "id")
    assert "Klik" in str(panel)
