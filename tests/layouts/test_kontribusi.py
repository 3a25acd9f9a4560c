"""Kontribusi Saya layout as a component tree."""

from __future__ import annotations

from ekinerja.layouts import ids, kontribusi

from ekinerja.model import Objective
from ekinerja.readmodels.presentation import Banded, Named, Scored


def test_layout_has_a_searchable_employee_chooser_with_the_chosen_one(find_or_none):
    page = kontribusi.layout("id", employees=[Named("1", "A")], nip="1")
    chooser = find_or_none(page, ids.CONTRIB_EMPLOYEE)
    assert chooser.searchable is True
    assert chooser.value == "1"


def test_layout_has_no_poll_of_its_own_the_shell_polls_for_every_page(find_or_none):
    assert find_or_none(kontribusi.layout("id"), ids.REVISION_POLL) is None


def test_layout_title_is_indonesian_by_default():
    page = kontribusi.layout("id")
    assert "Kontribusi" in str(page.children[0].children[0].children)


def test_layout_title_is_english_when_asked():
    page = kontribusi.layout("en")
    assert page.children[0].children[0].children == "My contribution"


def test_breadcrumb_lists_the_path_in_order_with_level_names():
    path = [Objective("V", "Visi", "vision"), Objective("R", "RHK", "individual")]
    crumbs = [c for c in kontribusi.breadcrumb(path, "en").children if hasattr(c, "title")]
    assert [c.children[0].children for c in crumbs] == ["V", "R"]
    assert [c.title for c in crumbs] == ["Vision", "Individual (RHK)"]


def test_map_elements_mark_the_employees_own_objectives():
    nodes = [Scored("V", "Visi", Banded(90.0, "Sangat Tinggi", "#1b5e20")),
             Scored("R", "RHK", Banded(None, None, "#9e9e9e"))]
    elements = kontribusi.map_elements(nodes, [("V", "R")], {"R"})
    assert [e.get("classes") for e in elements[:2]] == ["", "own"]
    assert elements[2]["data"] == {"source": "V", "target": "R"}


def test_body_without_a_view_shows_the_message():
    assert "Pilih pegawai" in str(kontribusi.body(None, [], "id")[0].children)
