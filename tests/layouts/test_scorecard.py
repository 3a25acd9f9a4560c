"""The Scorecard layout: the page, the grid's columns and rows, the Excel export."""

from __future__ import annotations

import io

from ekinerja.layouts import ids, scorecard
from openpyxl import load_workbook

from ekinerja.readmodels.presentation import Banded, Named
from ekinerja.readmodels.scorecard import NO_BAND, ScorecardRow

ROWS = [
    ScorecardRow("objective", "SPD-KES-1", "Turunnya kematian ibu", "agency_objective", "",
                 "Dinas Kesehatan", "Lalu", 2.0, None, None, Banded(90.0, "Tinggi", "#43a047")),
    ScorecardRow("indicator", "IK-KES-1", "Persalinan di faskes", None, "%", "Dinas Kesehatan",
                 "Lalu", 1.0, [80.0, 90.0], 85.0, Banded(None, None, "#9e9e9e")),
]


def test_scorecard_band_filter_starts_with_every_band_and_no_score(find):
    page = scorecard.layout("id", units=[Named("DIKES", "Dinas Kesehatan")], unit="DIKES",
                            bands=["Tinggi", "Rendah"])
    assert find(page, ids.CARD_BANDS).value == ["Tinggi", "Rendah", NO_BAND]


def test_scorecard_columns_are_translated():
    headers = [c["headerName"] for c in scorecard.column_defs("id", {})]
    assert headers[:3] == ["Jenis", "Kode", "Nama"] and "Capaian" in headers


def test_scorecard_band_cells_are_coloured_by_band():
    band = next(c for c in scorecard.column_defs("en", {"Tinggi": "#43a047"})
                if c["field"] == "band")
    assert band["cellStyle"]["styleConditions"][0]["style"]["backgroundColor"] == "#43a047"


def test_rows_name_kinds_and_levels_in_the_language():
    english, indonesian = scorecard.row_data(ROWS, "en"), scorecard.row_data(ROWS, "id")
    assert (english[0]["kind"], english[0]["level"]) == ("Objective", "Agency objective")
    assert indonesian[0]["level"] == "Sasaran Perangkat Daerah"


def test_an_indicator_row_shows_its_unit_range_target_and_no_score():
    row = scorecard.row_data(ROWS, "id")[1]
    assert (row["name"], row["target"], row["band"]) == (
        "Persalinan di faskes (%)", "80,00–90,00", "Tanpa nilai")


def test_objective_rows_are_marked_for_styling():
    assert [r["_objective"] for r in scorecard.row_data(ROWS, "id")] == [True, False]


def test_workbook_has_a_header_and_one_line_per_row():
    rows = scorecard.row_data(ROWS, "id")
    sheet = load_workbook(io.BytesIO(scorecard.workbook_bytes(rows, "Dinas", "id"))).active
    assert [c.value for c in sheet[2]][:3] == ["Jenis", "Kode", "Nama"]
    assert sheet.max_row == 2 + len(rows) and sheet.cell(row=3, column=2).value == "SPD-KES-1"


def test_workbook_keeps_numbers_as_numbers():
    rows = scorecard.row_data(ROWS, "en")
    sheet = load_workbook(io.BytesIO(scorecard.workbook_bytes(rows, "x", "en"))).active
    assert sheet.cell(row=3, column=10).value == 90.0 and sheet.cell(row=4, column=9).value == 85.0


def test_workbook_has_number_formats_a_frozen_header_a_filter_and_band_colours():
    rows = scorecard.row_data(ROWS, "en")
    data = scorecard.workbook_bytes(rows, "Plan · Unit", "en", {"Tinggi": "#43a047"})
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.freeze_panes == "C3"
    assert sheet.auto_filter.ref == f"A2:K{2 + len(rows)}"
    assert sheet.cell(row=3, column=10).number_format == "0.00"
    assert sheet.cell(row=3, column=1).font.b  # an objective row in bold


def test_a_single_target_is_exported_as_a_number(find_or_none):
    rows = [{**scorecard.row_data(ROWS, "id")[0], "_target": 25000.0, "target": "25.000,00"}]
    sheet = load_workbook(io.BytesIO(scorecard.workbook_bytes(rows, "x", "id"))).active
    assert sheet.cell(row=3, column=8).value == 25000.0
    assert sheet.cell(row=3, column=8).number_format == "#,##0.00"


def test_the_export_title_names_plan_unit_period_filter_and_time():
    title = scorecard.export_title("RPJMD", "Dinas", "Q4 2022", ["Tinggi"],
                                   ["Sangat Tinggi", "Tinggi"], "1 Dec 2026", "en")
    assert title == "RPJMD · Dinas · Q4 2022 · bands: High · exported 1 Dec 2026"
    assert "all bands" in scorecard.export_title("P", "U", "2022", None, ["Tinggi"], "t", "en")


def test_grid_rows_from_columns_are_the_row_data_of_the_rows(engine):
    from ekinerja.readmodels.scorecard import scorecard_columns, scorecard_rows

    for unit, bands in (("DIKES", None), ("DIKBUD", ["Sangat Rendah", NO_BAND]),
                        ("PEMDA", None)):
        for lang in ("id", "en"):
            expected = scorecard.row_data(scorecard_rows(engine, "2023-Q2", unit, bands), lang)
            got = scorecard.grid_rows(scorecard_columns(engine, "2023-Q2", unit), bands, lang)
            assert got == expected and got
