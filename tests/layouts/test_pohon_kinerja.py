"""The Pohon Kinerja layout: the page and the visible tree's elements."""

from __future__ import annotations

from ekinerja.layouts import ids, pohon_kinerja

from ekinerja.readmodels.presentation import Banded, Named
from ekinerja.readmodels.tree import TreeEdge, TreeNode, TreeView

SCORE = Banded(82.0, "Tinggi", "#43a047")


def a_tree(hidden: dict[str, int] | None = None) -> TreeView:
    """VISI (expanded) -> M1 (collapsed, 3 children, on the path) and a crosscutting S2."""
    return TreeView(
        [TreeNode("VISI", "Visi", SCORE, 2, [], True, True),
         TreeNode("M1", "Misi satu", SCORE, 3, ["VISI"], False, True),
         TreeNode("S2", "Sasaran lintas", Banded(None, None, "#9e9e9e"), 0, ["VISI", "X"],
                  False, False)],
        [TreeEdge("VISI", "M1", False, True), TreeEdge("VISI", "S2", True, False)],
        hidden or {},
    )


def by_id(elements):
    return {e["data"]["id"]: e for e in elements}


def test_tree_page_starts_with_the_root_expanded(find):
    assert find(pohon_kinerja.layout("id", root="VISI"), ids.TREE_EXPANDED).data == ["VISI"]


def test_tree_uses_the_dagre_layout_top_down(find):
    layout = find(pohon_kinerja.layout("id"), ids.TREE_GRAPH).layout
    assert layout["name"] == "dagre" and layout["rankDir"] == "TB"


def test_tree_search_note_counts_results():
    assert pohon_kinerja.search_note(3, "en") == "3 found"
    assert pohon_kinerja.search_note(0, "id") == "Tidak ditemukan."


def test_a_collapsed_node_says_how_many_children_it_hides():
    label = by_id(pohon_kinerja.tree_elements(a_tree(), "id"))["M1"]["data"]["label"]
    assert label.splitlines()[0] == "M1 ▸ 3" and label.endswith("82,00 · Tinggi")


def test_the_path_is_marked_on_nodes_and_links():
    elements = by_id(pohon_kinerja.tree_elements(a_tree(), "id"))
    assert "path" in elements["M1"]["classes"] and "path" in elements["VISI->M1"]["classes"]


def test_a_crosscutting_objective_says_how_many_parents_it_has():
    elements = by_id(pohon_kinerja.tree_elements(a_tree(), "id"))
    assert "crosscutting" in elements["S2"]["classes"]
    assert "2 induk" in elements["S2"]["data"]["label"].splitlines()[0]
    assert "Tanpa nilai" in elements["S2"]["data"]["label"]


def test_hidden_children_are_summarised_in_one_node():
    elements = by_id(pohon_kinerja.tree_elements(a_tree({"VISI": 4}), "en"))
    assert elements[f"{pohon_kinerja.MORE_PREFIX}VISI"]["data"]["label"] == "+4 more"


def test_search_options_name_the_unit():
    options = pohon_kinerja.search_options([Named("S1", "Sasaran", "Dinas"), Named("V", "Visi")])
    assert [o["label"] for o in options] == ["S1 — Sasaran (Dinas)", "V — Visi"]


def test_tree_labels_stay_readable_at_the_minimum_zoom(find):
    from ekinerja.layouts.common_map import MIN_FONT, zoom_ids

    graph = find(pohon_kinerja.layout("id"), ids.TREE_GRAPH)
    styles = {s["selector"]: s["style"] for s in pohon_kinerja.STYLESHEET}
    assert styles[".objective"]["font-size"] * graph.minZoom >= MIN_FONT
    assert find(pohon_kinerja.layout("id"), zoom_ids(ids.TREE_GRAPH)["out"]) is not None
