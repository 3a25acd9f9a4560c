"""The /lke layout: the answer form only for who may answer; the 80 criteria to choose."""

from __future__ import annotations

import pytest
from ekinerja.layouts import ids, lke

from ekinerja import lke as evaluation
from ekinerja.readmodels.presentation import Named

UNITS = [Named("DIKES", "Dinas Kesehatan")]


def page(**params):
    return lke.layout("id", units=UNITS, unit="DIKES", years=[2022], year=2022,
                      statuses=("open", "in_progress", "done"), **params)


def test_the_evaluator_gets_the_answer_and_findings_forms(find):
    tree = page(may_answer=True)
    for component in (ids.LKE_SAVE, ids.LKE_FINDING_ADD, ids.LKE_FOLLOW_SAVE):
        assert find(tree, component) is not None
    assert len(find(tree, ids.LKE_CRITERION).options) == 80


def test_a_reader_gets_no_form_and_is_told_who_answers(find, text):
    tree = page(may_answer=False)
    with pytest.raises(AssertionError):
        find(tree, ids.LKE_SAVE)
    assert "Hanya evaluator (Inspektorat)" in text(tree)


def test_without_a_database_the_page_says_why(text):
    assert "disimpan di basis data" in text(page(has_database=False))


def test_the_summary_shows_the_total_grade_and_trend(text):
    result = evaluation.evaluate(dict.fromkeys(evaluation.criteria(), "B"))
    shown = text(lke.summary(result, [(2021, 60.0, "CC"), (2022, 75.0, "BB")], "id"))
    assert "Nilai akhir: 75,00 · predikat BB (Sangat Baik)" in shown
    assert "2021" in shown and "CC" in shown
