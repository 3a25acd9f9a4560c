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
