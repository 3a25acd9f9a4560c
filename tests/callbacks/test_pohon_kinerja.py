"""Cascade tree data: what is visible, expand/collapse, search and the path from the vision."""

from __future__ import annotations

from ekinerja.callbacks import pohon_kinerja


def node_ids(elements):
    return [e["data"]["id"] for e in elements if "source" not in e["data"]]


def test_the_tree_starts_with_the_vision_and_its_missions(engine):
    elements = pohon_kinerja.render_tree(engine, "2023-Q2", None, None, "id")
    assert node_ids(elements) == ["VISI", "M1", "M2"]


def test_a_collapsed_node_sends_none_of_its_descendants(engine):
    elements = pohon_kinerja.render_tree(engine, "2023-Q2", ["VISI"], [], "id")
    assert "T1" not in node_ids(elements)


def test_toggle_expands_a_collapsed_node_with_children(engine):
    assert pohon_kinerja.toggle(engine, ["VISI"], "M1") == ["VISI", "M1"]


def test_toggle_collapses_an_expanded_node(engine):
    assert pohon_kinerja.toggle(engine, ["VISI", "M1"], "M1") == ["VISI"]


def test_toggle_ignores_a_leaf(engine):
    assert pohon_kinerja.toggle(engine, ["VISI"], "RHK-1") == ["VISI"]


def test_path_runs_from_the_vision_to_the_objective(engine):
    assert pohon_kinerja.path_to(engine, "RHK-1") == [
        "VISI", "M1", "T1", "SS1", "SPD-KES-1", "SP-YAN-1", "RHK-1"]


def test_reveal_expands_every_ancestor_on_the_path(engine):
    expanded, path = pohon_kinerja.reveal(engine, ["VISI"], "RHK-1")
    elements = pohon_kinerja.render_tree(engine, "2023-Q2", expanded, path, "id")
    assert set(path) <= set(node_ids(elements))


def test_the_revealed_path_is_highlighted(engine):
    expanded, path = pohon_kinerja.reveal(engine, ["VISI"], "SP-YAN-1")
    elements = pohon_kinerja.render_tree(engine, "2023-Q2", expanded, path, "id")
    marked = [e["data"]["id"] for e in elements if "path" in e["classes"].split()
              and "source" not in e["data"]]
    assert marked == path


def test_a_crosscutting_objective_is_marked_with_both_parent_links(engine):
    expanded = ["VISI", "M1", "T1", "SS1", "SS2"]
    elements = pohon_kinerja.render_tree(engine, "2023-Q2", expanded, [], "id")
    node = next(e for e in elements if e["data"]["id"] == "SPD-KES-1")
    edges = {e["data"]["source"] for e in elements if e["data"].get("target") == "SPD-KES-1"}
    assert "crosscutting" in node["classes"] and edges == {"SS1", "SS2"}


def test_a_crosscutting_objective_says_how_many_parents_it_has(engine):
    elements = pohon_kinerja.render_tree(engine, "2023-Q2", ["VISI", "M1", "T1", "SS1"], [], "id")
    node = next(e for e in elements if e["data"]["id"] == "SPD-KES-1")
    assert "2 induk" in node["data"]["label"].splitlines()[0]


def test_children_over_the_limit_are_summarised(engine, monkeypatch):
    monkeypatch.setattr(pohon_kinerja, "CHILD_LIMIT", 1)
    elements = pohon_kinerja.render_tree(engine, "2023-Q2", ["VISI"], [], "en")
    more = [e for e in elements if e.get("classes") == "more"]
    assert node_ids(elements)[:2] == ["VISI", "M1"] and more[0]["data"]["label"] == "+1 more"


def test_search_finds_objectives_by_nip(engine):
    values = [o["value"] for o in pohon_kinerja.search(engine, "198005052005012002")]
    assert values == ["SP-YAN-1", "RHK-1"]


def test_search_finds_objectives_by_agency_name(engine):
    values = [o["value"] for o in pohon_kinerja.search(engine, "pendidikan")]
    assert values == ["SPD-DIK-1"]


def test_search_puts_an_exact_code_first(engine):
    assert pohon_kinerja.search(engine, "ss1")[0]["value"] == "SS1"


def test_search_finds_by_name_case_insensitively(engine):
    assert [o["value"] for o in pohon_kinerja.search(engine, "KEMATIAN IBU")] == ["SPD-KES-1"]


def test_empty_search_finds_nothing(engine):
    assert pohon_kinerja.search(engine, "  ") == []


def test_a_large_plan_sends_only_the_visible_part(monkeypatch):
    from ekinerja.generate import generate
    from ekinerja.rollup import Engine

    engine = Engine(generate(300, 2, 3))
    period = engine.periods()[-1]
    deepest = engine.objective_codes[-1]
    expanded, path = pohon_kinerja.reveal(engine, [engine.root], deepest)
    elements = pohon_kinerja.render_tree(engine, period, expanded, path, "id")
    shown = node_ids(elements)
    assert deepest in shown
    assert len(shown) < engine.n_objectives / 4
