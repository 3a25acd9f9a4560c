"""The Pohon Kinerja callback bodies: the visible tree as elements, and search options."""

from __future__ import annotations

from ekinerja.callbacks import pohon_kinerja


def node_ids(elements):
    return [e["data"]["id"] for e in elements if "source" not in e["data"]]


def test_the_tree_starts_with_the_vision_and_its_missions(engine):
    assert node_ids(pohon_kinerja.render_tree(engine, "2023-Q2", None, None, "id")) == [
        "VISI", "M1", "M2"]


def test_a_collapsed_vision_shows_only_itself(engine):
    assert node_ids(pohon_kinerja.render_tree(engine, "2023-Q2", [], [], "id")) == ["VISI"]


def test_search_options_carry_the_objective_codes(engine):
    values = [o["value"] for o in pohon_kinerja.search(engine, "198005052005012002")]
    assert values == ["SP-YAN-1", "RHK-1"]


def test_a_clicked_leaf_shows_its_details_under_the_tree(engine):
    panel = pohon_kinerja.render_details(engine, "2023-Q2", "RHK-1", "id")
    assert getattr(panel, "data-code") == "RHK-1"
    assert pohon_kinerja.render_details(engine, "2023-Q2", "more:VISI", "id") is None
