"""The Peta Strategi layout: the page, the map's elements, the details panel."""

from __future__ import annotations

from ekinerja.layouts import ids, peta_strategi

from ekinerja.model import Employee
from ekinerja.readmodels.presentation import Banded, IndicatorLine, Named, Scored
from ekinerja.readmodels.strategy_map import ObjectiveDetails, StrategyMap

LOW = Banded(40.0, "Sangat Rendah", "#e53935")


def a_map(*stakeholders: str) -> StrategyMap:
    """A map with these stakeholder objectives and one learning & growth objective SS3."""
    return StrategyMap(
        {"stakeholder": [Scored(c, f"Sasaran {c}", LOW) for c in stakeholders],
         "financial": [], "internal_process": [],
         "learning_growth": [Scored("SS3", "Kapasitas", LOW)]},
        [("SS3", "SS1")],
    )


def nodes(elements):
    return {e["data"]["id"]: e for e in elements if e.get("classes") == "objective"}


def lane_bounds(elements):
    return {e["data"]["id"]: (e["position"]["y"] - e["data"]["height"] / 2,
                              e["position"]["y"] + e["data"]["height"] / 2)
            for e in elements if e.get("classes") == "lane"}


def test_map_page_offers_the_scopes(find):
    page = peta_strategi.layout("id", scopes=[Named("", "Provinsi"), Named("DIKES", "Dikes")])
    assert [o["value"] for o in find(page, ids.MAP_SCOPE).options] == ["", "DIKES"]


def test_map_uses_preset_positions_for_the_lanes(find):
    assert find(peta_strategi.layout("id"), ids.MAP_GRAPH).layout["name"] == "preset"


def test_map_page_has_a_png_button(find, text):
    assert text(find(peta_strategi.layout("en"), ids.MAP_PNG)) == "Save as PNG"


def test_each_perspective_has_its_own_lane_from_stakeholder_down():
    lanes = [e for e in peta_strategi.map_elements(a_map("SS1"), "id")
             if e.get("classes") == "lane"]
    assert [e["data"]["id"] for e in lanes] == [
        "lane-stakeholder", "lane-financial", "lane-internal_process", "lane-learning_growth"]
    assert [e["position"]["y"] for e in lanes] == sorted(e["position"]["y"] for e in lanes)


def test_a_node_sits_in_its_perspective_lane():
    elements = peta_strategi.map_elements(a_map("SS1"), "id")
    low, high = lane_bounds(elements)["lane-learning_growth"]
    assert low < nodes(elements)["SS3"]["position"]["y"] < high


def test_a_crowded_lane_wraps_onto_more_rows_and_grows():
    elements = peta_strategi.map_elements(a_map("T1", "SS1"), "id", per_row=1)
    shown = nodes(elements)
    low, high = lane_bounds(elements)["lane-stakeholder"]
    ys = [shown["T1"]["position"]["y"], shown["SS1"]["position"]["y"]]
    assert ys[0] != ys[1] and all(low < y < high for y in ys)


def test_node_colour_and_label_show_the_band():
    node = nodes(peta_strategi.map_elements(a_map("SS1"), "id"))["SS3"]
    assert node["data"]["colour"] == "#e53935"
    assert node["data"]["label"].endswith("40,00 · Sangat Rendah")


def test_causal_links_become_arrows():
    arrows = [(e["data"]["source"], e["data"]["target"])
              for e in peta_strategi.map_elements(a_map("SS1"), "id")
              if e.get("classes") == "causal"]
    assert arrows == [("SS3", "SS1")]


def test_details_panel_lists_indicators_and_the_explanation(text):
    details = ObjectiveDetails(
        code="SS1", name="Derajat kesehatan", level="objective", perspective="stakeholder",
        unit=None, owner=Employee("197001012000031001", "Lalu", "DIKES", "Kadis"), period="2023-Q2",
        coverage=1.0, score=Banded(90.0, "Tinggi", "#43a047"),
        indicators=[IndicatorLine("IKU-1", "Angka harapan hidup", "tahun", "positive", "SS1",
                                  "Derajat kesehatan", 70.0, 69.3, False, 99.0,
                                  Banded(99.0, "Sangat Tinggi", "#1b5e20"))],
        trend=[("2023-Q2", 90.0)],
        explanation={"formula": "Σ wᵢ·sᵢ / Σ wᵢ", "children": [
            {"code": "IKU-1", "name": "Angka harapan hidup", "kind": "indicator", "weight": 1.0,
             "normalised_weight": 1.0, "score": 99.0, "counted": True, "part": 99.0,
             "formula": "100 × R / T"}]},
    )
    shown = text(peta_strategi.details_panel(details, "id"))
    assert "Angka harapan hidup" in shown and "69,30" in shown and "100,0 %" in shown
    assert "NIP 197001012000031001" in shown and "Sasaran Strategis" in shown


def test_labels_stay_readable_at_the_minimum_zoom():
    from ekinerja.layouts.common_map import LABEL_FONT, MIN_FONT, MIN_ZOOM

    assert MIN_ZOOM * LABEL_FONT >= MIN_FONT
    styles = {s["selector"]: s["style"] for s in peta_strategi.STYLESHEET}
    assert styles[".objective"]["font-size"] * MIN_ZOOM >= MIN_FONT


def test_arrows_are_drawn_under_the_objectives():
    styles = {s["selector"]: s["style"] for s in peta_strategi.STYLESHEET}
    assert styles[".causal"]["z-index"] < styles[".objective"]["z-index"]
    assert styles[".cascade"]["z-index"] < styles[".objective"]["z-index"]


def test_an_empty_lane_is_a_thin_band():
    heights = {e["data"]["id"]: e["data"]["height"]
               for e in peta_strategi.map_elements(a_map("SS1"), "id")
               if "lane" in e["classes"]}
    assert heights["lane-financial"] < heights["lane-stakeholder"] / 2 + 30


def test_a_lane_wraps_after_four_objectives():
    elements = peta_strategi.map_elements(a_map("A", "B", "C", "D", "E"), "id")
    ys = {code: e["position"]["y"] for code, e in nodes(elements).items()}
    assert len({ys[c] for c in "ABCD"}) == 1 and ys["E"] > ys["A"]


def test_an_agency_map_has_context_lanes_above_and_below():
    found = StrategyMap(
        {"stakeholder": [Scored("S1", "Sasaran dinas", LOW)], "financial": [],
         "internal_process": [], "learning_growth": []}, [],
        above=[Scored("P1", "Sasaran provinsi", LOW)], below=[Scored("R1", "RHK", LOW)],
        cascade=[("P1", "S1"), ("S1", "R1")], more_below=3)
    elements = peta_strategi.map_elements(found, "en")
    lanes = [e for e in elements if "lane" in e["classes"]]
    assert lanes[0]["data"]["id"] == "lane-above"
    assert lanes[-1]["data"]["id"] == "lane-below" and "+3 more" in lanes[-1]["data"]["label"]
    context = {e["data"]["id"] for e in elements if e["classes"] == "objective context"}
    assert context == {"P1", "R1"}
    assert [e["data"]["source"] for e in elements if e.get("classes") == "cascade"] == [
        "P1", "S1"]


def test_nodes_placed_by_hand_keep_their_place():
    elements = peta_strategi.map_elements(a_map("SS1", "SS2"), "id",
                                          positions={"SS2": (500.0, -40.0)})
    assert nodes(elements)["SS2"]["position"] == {"x": 500.0, "y": -40.0}
    assert nodes(elements)["SS1"]["position"]["x"] != 500.0


def test_the_box_is_as_tall_as_the_drawing_needs():
    short = peta_strategi.graph_height(peta_strategi.map_elements(a_map("SS1"), "id"))
    tall = peta_strategi.graph_height(peta_strategi.map_elements(
        a_map(*[f"S{i}" for i in range(13)]), "id"))
    assert 420 <= short < tall


def test_the_editor_is_hidden_for_who_may_not_edit(find):
    assert find(peta_strategi.layout("id"), ids.MAP_EDIT).hidden is True
    assert find(peta_strategi.layout("id", can_edit=True), ids.MAP_EDIT).hidden is False


def test_the_view_buttons_are_labelled_in_the_language(find, text):
    from ekinerja.layouts.common_map import zoom_ids

    page = peta_strategi.layout("id")
    assert text(find(page, zoom_ids(ids.MAP_GRAPH)["in"])).endswith("Perbesar")
    assert text(find(page, zoom_ids(ids.MAP_GRAPH)["fit"])).endswith("Paskan")
