"""Routing a URL to its page, in a language."""

from __future__ import annotations

from ekinerja.callbacks import shell
from ekinerja.layouts import ids
from ekinerja.layouts.pages import Page


def ids_in(tree) -> set[str]:
    found = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, (list, tuple)):
            stack.extend(node)
        elif hasattr(node, "_prop_names"):
            if getattr(node, "id", None):
                found.add(node.id)
            stack.append(getattr(node, "children", None))
    return found


def test_the_root_path_routes_to_the_home_page(engine):
    assert ids.HOME_BODY in ids_in(shell.page_content(engine, "/", "id"))


def test_the_scorecard_path_gets_the_unit_choices(engine):
    page = shell.page_content(engine, "/scorecard", "id")
    assert ids.CARD_UNIT in ids_in(page)


def test_an_unknown_path_gets_the_not_found_page(engine):
    assert "Halaman tidak ditemukan" in str(shell.page_content(engine, "/nope", "id"))


def test_a_page_whose_module_is_not_written_yet_is_not_found(engine):
    pages = (Page("/later", "not_written_yet", "Later"),)
    assert "Page not found" in str(shell.page_content(engine, "/later", "en", pages))
