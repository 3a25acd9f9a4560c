"""Input Realisasi layout as a component tree."""

from __future__ import annotations

from ekinerja.layouts import ids, realisasi

ROW = {
    "code": "IK-1", "name": "Indikator", "objective": "S", "objective_name": "Sasaran",
    "measure_unit": "%", "polarity": "positive", "target": 80.0, "realization": 60.0,
    "derived": True, "raw_achievement": 75.0, "achievement": 75.0, "band": "Sedang",
    "colour": "#fbc02d",
}


def test_layout_chooses_the_first_unit(find_or_none):
    page = realisasi.layout("id", units=[{"code": "U1", "name": "Dinas"}])
    assert find_or_none(page, ids.ENTRY_UNIT).value == "U1"


def test_the_value_is_typed_as_text_so_bad_input_reaches_the_validation(find_or_none):
    assert find_or_none(realisasi.layout("id"), ids.ENTRY_VALUE).type == "text"


def test_layout_lists_users_with_their_role(find_or_none):
    page = realisasi.layout("id", users=[{"username": "op", "name": "Operator", "role":
                                          "operator"}])
    assert find_or_none(page, ids.ENTRY_USER).options == [{"label": "Operator (operator)",
                                                   "value": "op"}]


def test_table_row_has_the_band_label_and_marks_a_derived_realization():
    grid = realisasi.indicator_table([ROW], "id")
    row = grid.rowData[0]
    assert (row["code"], row["realization"], row["achievement"], row["band"]) == (
        "IK-1", "60,00 *", 75.0, "Sedang"
    )


def test_table_rows_are_identified_by_the_indicator_code():
    assert realisasi.indicator_table([ROW], "id").getRowId == "params.data.code"


def test_a_row_without_score_says_so_in_words():
    grid = realisasi.indicator_table([{**ROW, "achievement": None, "band": None}], "id")
    assert grid.rowData[0]["band"] == "Tanpa nilai"


def test_status_of_a_closed_period_is_written_out():
    assert "Ditutup" in realisasi.status_badge(True, "2023", "id").children


def test_status_of_an_open_period_is_written_out_in_english():
    assert "Open" in realisasi.status_badge(False, "2023", "en").children


def test_history_without_entries_says_so():
    assert "Belum ada isian" in str(realisasi.history_table([], "id").children)
