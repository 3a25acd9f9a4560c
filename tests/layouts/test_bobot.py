"""Bobot layout as a component tree."""

from __future__ import annotations

from ekinerja.layouts import bobot, ids

from ekinerja.readmodels.presentation import Named
from ekinerja.readmodels.weights import (
    ChildWeight,
    ScoreMove,
    VersionRow,
    WeightChange,
    WeightProblem,
)

ROWS = [
    ChildWeight("M1", "Misi 1", "objective", 1.0, 100 / 3),
    ChildWeight("I1", "Indikator", "indicator", 2.0, 200 / 3),
]


SAVING = (ids.WEIGHT_REASON, ids.WEIGHT_SAVE, ids.WEIGHT_MESSAGE, ids.WEIGHT_RESTORE,
          ids.WEIGHT_RESTORE_VERSION)


def test_layout_for_who_may_save_has_parent_reason_save_and_restore(find_or_none):
    page = bobot.layout("id", parents=[Named("V", "Visi")], parent="V", can_save=True)
    for component_id in (ids.WEIGHT_PARENT, *SAVING):
        assert find_or_none(page, component_id) is not None
    assert find_or_none(page, ids.WEIGHT_PARENT).value == "V"
    assert find_or_none(page, ids.WEIGHT_READ_ONLY) is None


def test_layout_for_who_may_not_save_has_no_save_nor_restore_and_says_why(find_or_none):
    page = bobot.layout("id", parents=[Named("V", "Visi")], parent="V")
    assert all(find_or_none(page, component_id) is None for component_id in SAVING)
    assert "tidak disimpan" in find_or_none(page, ids.WEIGHT_READ_ONLY).children
    assert find_or_none(page, ids.WEIGHT_PREVIEW) is not None  # what-if stays for everyone


def test_editor_has_one_labelled_text_input_per_child_with_its_percentage(find_or_none, text):
    editor = bobot.editor(ROWS, "id")
    first = find_or_none(editor, {"type": ids.WEIGHT_INPUT, "index": "M1"})
    second = find_or_none(editor, {"type": ids.WEIGHT_INPUT, "index": "I1"})
    assert (first.type, first.value, second.value) == ("text", "33,33", "66,67")
    assert "Bobot baru M1 (%)" in text(editor)
    english = find_or_none(bobot.editor(ROWS, "en"), {"type": ids.WEIGHT_INPUT, "index": "M1"})
    assert english.value == "33.33"


def test_editor_without_children_asks_for_a_parent():
    assert "Pilih sasaran induk" in str(bobot.editor([], "id").children)


def test_history_without_versions_says_so():
    assert "Belum ada versi" in str(bobot.history([], "id").children)


def test_preview_problem_is_shown_instead_of_scores():
    assert bobot.preview(None, "id", WeightProblem("all_zero")).children == "Semua bobot nol."


def test_a_weight_problem_names_the_child_in_the_language():
    assert bobot.problem_text(WeightProblem("negative", "M1"), "en") == (
        "The weight of M1 is negative.")


def test_children_kinds_are_translated(text):
    assert "sasaran" in text(bobot.editor(ROWS, "id")) and "indikator" in text(
        bobot.editor(ROWS, "id"))


def test_the_total_is_written_in_the_language():
    assert bobot.total(100.0, "id") == "Jumlah: 100,00 %"


def test_history_lists_each_version_with_what_changed(text):
    rows = [VersionRow(2, "perencana", None, "prioritas", {"M1": 2.0},
                       [WeightChange("M1", 1.0, 2.0, 25.0, 40.0)]),
            VersionRow(1, "perencana", None, None, {"M1": 1.0}, [])]
    shown = text(bobot.history(rows, "id"))
    assert "M1: 25,00 % → 40,00 %" in shown and "awal" in shown and "prioritas" in shown


def test_a_preview_shows_the_new_score_of_the_parent_and_its_band(find_or_none, text):
    from ekinerja.readmodels.weights import WeightPreview

    chain = [ScoreMove("A", "Sasaran A", "agency_objective", 80.0, 85.0, "Tinggi")]
    panel = bobot.preview(WeightPreview("2023", "A", chain, chain, [], 85.0), "id")
    assert "85,00  · Tinggi" in text(find_or_none(panel, "weight-chain"))
    assert "+5,000" in text(find_or_none(panel, "weight-chain"))
