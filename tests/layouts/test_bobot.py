"""Bobot layout as a component tree."""

from __future__ import annotations

from ekinerja.layouts import bobot, ids

from ekinerja.readmodels.presentation import Named
from ekinerja.readmodels.weights import ChildWeight, ScoreMove, VersionRow, WeightChange

ROWS = [
    ChildWeight("M1", "Misi 1", "objective", 1.0, 100 / 3),
    ChildWeight("I1", "Indikator", "indicator", 2.0, 200 / 3),
]


def test_layout_has_user_parent_reason_and_save(find_or_none):
    page = bobot.layout("id", parents=[Named("V", "Visi")], parent="V")
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


def test_history_lists_each_version_with_what_changed(text):
    rows = [VersionRow(2, "perencana", None, "prioritas", {"M1": 2.0},
                       [WeightChange("M1", 1.0, 2.0)]),
            VersionRow(1, "perencana", None, None, {"M1": 1.0}, [])]
    shown = text(bobot.history(rows, "id"))
    assert "M1: 1,00 → 2,00" in shown and "awal" in shown and "prioritas" in shown


def test_a_preview_shows_the_new_score_of_the_parent_and_its_band(find_or_none, text):
    from ekinerja.readmodels.weights import WeightPreview

    chain = [ScoreMove("A", "Sasaran A", "agency_objective", 80.0, 85.0, "Tinggi")]
    panel = bobot.preview(WeightPreview("2023", "A", chain, chain, [], 85.0), "id")
    assert "85,00  · Tinggi" in text(find_or_none(panel, "weight-chain"))
    assert "+5,000" in text(find_or_none(panel, "weight-chain"))
