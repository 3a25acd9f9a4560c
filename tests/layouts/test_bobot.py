"""Bobot layout as a component tree."""

from __future__ import annotations

from ekinerja.layouts import bobot, ids

ROWS = [
    {"code": "M1", "name": "Misi 1", "kind": "objective", "weight": 1.0, "percent": 100 / 3},
    {"code": "I1", "name": "Indikator", "kind": "indicator", "weight": 2.0, "percent": 200 / 3},
]


def test_layout_has_user_parent_reason_and_save(find_or_none):
    page = bobot.layout("id", parents=[{"code": "V", "name": "Visi"}], parent="V")
    for component_id in (ids.WEIGHT_USER, ids.WEIGHT_PARENT, ids.WEIGHT_REASON, ids.WEIGHT_SAVE):
        assert find_or_none(page, component_id) is not None
    assert find_or_none(page, ids.WEIGHT_PARENT).value == "V"


def test_editor_has_one_number_input_per_child_with_its_percentage(find_or_none):
    editor = bobot.editor(ROWS, "id")
    first = find_or_none(editor, {"type": ids.WEIGHT_INPUT, "index": "M1"})
    second = find_or_none(editor, {"type": ids.WEIGHT_INPUT, "index": "I1"})
    assert (first.type, first.value, second.value) == ("number", 33.33, 66.67)


def test_editor_without_children_asks_for_a_parent():
    assert "Pilih sasaran induk" in str(bobot.editor([], "id").children)


def test_refusal_says_refused_in_words():
    assert bobot.feedback(False, "konflik", "id").children == "Ditolak: konflik"


def test_history_without_versions_says_so():
    assert "Belum ada versi" in str(bobot.history([], "id").children)


def test_preview_problem_is_shown_instead_of_scores():
    assert bobot.preview(None, "id", "semua bobot nol").children == "semua bobot nol"
