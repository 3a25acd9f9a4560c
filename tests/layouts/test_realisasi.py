"""Input Realisasi layout as a component tree."""

from __future__ import annotations

from dataclasses import replace

from ekinerja.layouts import ids, realisasi

from ekinerja.readmodels.presentation import Banded, IndicatorLine, Named
from ekinerja.readmodels.realizations import OWN_RHK, AchievementPreview

ROW = IndicatorLine("IK-1", "Indikator", "%", "positive", "S", "Sasaran", 80.0, 60.0, True,
                    75.0, Banded(75.0, "Sedang", "#fbc02d"))


def test_layout_chooses_the_first_unit(find_or_none):
    page = realisasi.layout("id", units=[Named("U1", "Dinas")])
    assert find_or_none(page, ids.ENTRY_UNIT).value == "U1"


ENTRY = (ids.ENTRY_VALUE, ids.ENTRY_NOTE, ids.ENTRY_EVIDENCE, ids.ENTRY_SAVE,
         ids.ENTRY_FIELDS, ids.ENTRY_MESSAGE)
PERIOD_ADMIN = (ids.ENTRY_REASON, ids.ENTRY_CLOSE, ids.ENTRY_REOPEN, ids.ENTRY_PERIOD_MESSAGE)


def test_the_value_is_typed_as_text_so_bad_input_reaches_the_validation(find_or_none):
    page = realisasi.layout("id", can_record=True)
    assert find_or_none(page, ids.ENTRY_VALUE).type == "text"


def test_the_entry_waits_hidden_until_the_indicator_is_known_to_be_in_scope(find_or_none):
    assert find_or_none(realisasi.layout("id", can_record=True), ids.ENTRY_FIELDS).hidden


def test_who_may_not_record_gets_no_entry_but_still_chooses_an_indicator(find_or_none):
    page = realisasi.layout("id", units=[Named("U1", "Dinas")])
    assert all(find_or_none(page, component_id) is None for component_id in ENTRY)
    assert find_or_none(page, ids.ENTRY_INDICATOR) is not None  # its history stays readable


def test_closing_periods_is_only_there_for_who_manages_them(find_or_none):
    page = realisasi.layout("id", can_manage_periods=True)
    assert all(find_or_none(page, component_id) is not None for component_id in PERIOD_ADMIN)
    page = realisasi.layout("id", can_record=True)
    assert all(find_or_none(page, component_id) is None for component_id in PERIOD_ADMIN)
    assert find_or_none(page, ids.ENTRY_STATUS) is not None


def test_an_employee_chooses_their_own_rhk_first(find_or_none):
    page = realisasi.layout("id", units=[Named("U1", "Dinas")], unit=OWN_RHK, own=True)
    unit = find_or_none(page, ids.ENTRY_UNIT)
    assert unit.value == OWN_RHK
    assert unit.options[0] == {"label": "RHK saya", "value": OWN_RHK}


def test_table_row_has_the_band_label_and_marks_a_derived_realization():
    grid = realisasi.indicator_table([ROW], "id")
    row = grid.rowData[0]
    assert (row["code"], row["realization"], row["achievement"], row["band"]) == (
        "IK-1", "60,00 *", 75.0, "Sedang"
    )


def test_table_rows_are_identified_by_the_indicator_code():
    assert realisasi.indicator_table([ROW], "id").getRowId == "params.data.code"


def test_a_row_without_score_says_so_in_words():
    grid = realisasi.indicator_table([replace(ROW, achievement=Banded(None, None, "#9e9e9e"))],
                                     "id")
    assert grid.rowData[0]["band"] == "Tanpa nilai"


def test_status_of_a_closed_period_is_written_out():
    assert "Ditutup" in realisasi.status_badge(True, "2023", "id").children


def test_status_of_an_open_period_is_written_out_in_english():
    assert "Open" in realisasi.status_badge(False, "2023", "en").children


def test_history_without_entries_says_so():
    assert "Belum ada isian" in str(realisasi.history_table([], "id").children)


def test_the_preview_shows_the_band_the_value_would_get(text):
    preview = AchievementPreview(125.0, Banded(120.0, "Sangat Tinggi", "#1b5e20"))
    assert "Akan bernilai" in text(realisasi.preview(preview, None, "id"))
    assert "120,00 · Sangat Tinggi" in text(realisasi.preview(preview, None, "id"))


def test_the_preview_of_a_bad_value_shows_why(text):
    assert text(realisasi.preview(None, "bukan angka / not a number", "id")) == (
        "bukan angka / not a number")
