"""The Peta Strategi callback bodies: the map of a scope, and the details panel."""

from __future__ import annotations

from ekinerja.callbacks import peta_strategi


def test_the_map_of_the_province_has_its_objectives(engine):
    elements, note = peta_strategi.render_map(engine, "2023-Q2", "", "id")
    assert "SS1" in {e["data"]["id"] for e in elements} and note == ""


def test_an_empty_scope_says_so(engine):
    elements, note = peta_strategi.render_map(engine, "2023-Q2", "NOWHERE", "en")
    assert not [e for e in elements if e.get("classes") == "objective"] and note


def test_render_details_without_a_node_shows_the_hint(engine):
    assert "Klik" in str(peta_strategi.render_details(engine, "2023-Q2", None, "id"))


def test_render_details_of_an_indicator_shows_the_hint(engine):
    assert "Klik" in str(peta_strategi.render_details(engine, "2023-Q2", "IKU-1", "id"))


def test_render_details_of_an_objective_shows_its_code(engine):
    panel = peta_strategi.render_details(engine, "2023-Q2", "SS1", "en")
    assert getattr(panel, "data-code") == "SS1"
