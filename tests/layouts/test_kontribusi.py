"""Kontribusi Saya layout as a component tree."""

from __future__ import annotations

from ekinerja.layouts import ids, kontribusi


def test_layout_has_a_searchable_employee_chooser_with_the_chosen_one(find_or_none):
    page = kontribusi.layout("id", employees=[{"nip": "1", "name": "A"}], nip="1")
    chooser = find_or_none(page, ids.CONTRIB_EMPLOYEE)
    assert chooser.searchable is True
    assert chooser.value == "1"


def test_layout_has_no_poll_of_its_own_the_shell_polls_for_every_page(find_or_none):
    page = kontribusi.layout("id")
    assert (
        find_or_none(page, ids.CONTRIB_POLL) is None
        and find_or_none(page, ids.REVISION_POLL) is None
    )


def test_layout_title_is_indonesian_by_default():
    page = kontribusi.layout("id")
    assert "Kontribusi" in str(page.children[0].children[0].children)


def test_layout_title_is_english_when_asked():
    page = kontribusi.layout("en")
    assert page.children[0].children[0].children == "My contribution"


def test_breadcrumb_lists_the_path_in_order():
    path = [
        {"code": "V", "name": "Visi", "level_label": "Visi"},
        {"code": "R", "name": "RHK", "level_label": "RHK"},
    ]
    crumbs = kontribusi.breadcrumb(path).children
    assert [c.children[0].children for c in crumbs if hasattr(c, "title")] == ["V", "R"]


def test_map_elements_mark_the_employees_own_objectives():
    tree = {
        "nodes": [
            {"code": "V", "name": "Visi", "score": 90.0, "colour": "#1b5e20", "own": False},
            {"code": "R", "name": "RHK", "score": None, "colour": "#9e9e9e", "own": True},
        ],
        "edges": [("V", "R")],
    }
    elements = kontribusi.map_elements(tree)
    assert [e.get("classes") for e in elements[:2]] == ["", "own"]
    assert elements[2]["data"] == {"source": "V", "target": "R"}


def test_body_without_a_view_shows_the_message():
    assert "Pilih pegawai" in str(kontribusi.body(None, [], "id")[0].children)
