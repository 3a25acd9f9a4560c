"""Scorecard data: units, rows of objectives and indicators, band filter, Excel export."""

from __future__ import annotations

import io
import math

from ekinerja.callbacks import scorecard
from openpyxl import load_workbook


def test_units_are_listed_in_tree_order(engine):
    codes = [code for code, _ in scorecard.unit_options(engine)]
    assert codes == ["PEMDA", "DIKES", "DIKES-YAN", "DIKBUD"]


def test_the_first_unit_is_the_first_agency_by_name(engine):
    assert scorecard.first_unit(engine) == "DIKES"


def test_an_agency_scorecard_includes_its_divisions(engine):
    codes = [r["code"] for r in scorecard.scorecard_rows(engine, "2023-Q2", "DIKES")]
    assert codes == ["SPD-KES-1", "IK-KES-1", "SPD-KES-2", "IK-KES-2", "SP-YAN-1", "IK-YAN-1",
                     "RHK-1", "IK-RHK-1"]


def test_rows_carry_weight_target_realization_and_achievement(engine):
    row = next(r for r in scorecard.scorecard_rows(engine, "2023-Q2", "DIKES")
               if r["code"] == "IK-KES-1")
    values = engine.evaluate("2023-Q2").indicator("IK-KES-1")
    assert row["weight"] == 1.0 and row["target"] == "110,00"
    assert row["realization"] == 100.0
    assert math.isclose(row["achievement"], values["achievement"])


def test_objective_weight_is_its_link_weight(engine):
    row = next(r for r in scorecard.scorecard_rows(engine, "2023-Q2", "DIKES")
               if r["code"] == "SPD-KES-1")
    assert row["weight"] == 2.0


def test_band_filter_keeps_only_the_chosen_bands(engine):
    rows = scorecard.scorecard_rows(engine, "2023-Q2", "DIKBUD", ["Sangat Rendah"])
    assert [r["code"] for r in rows] == ["SPD-DIK-1", "IK-DIK-1"]


def test_no_score_rows_can_be_filtered_alone(engine):
    rows = scorecard.scorecard_rows(engine, "2023-Q2", "DIKBUD", [scorecard.NO_BAND])
    assert [r["code"] for r in rows] == ["IK-DIK-2"]


def test_pemda_scorecard_holds_the_province_objectives(engine):
    codes = {r["code"] for r in scorecard.scorecard_rows(engine, "2023-Q2", "PEMDA")}
    assert {"SS1", "IKU-1", "T1"} <= codes and "SPD-KES-1" not in codes


def test_workbook_has_a_header_and_one_line_per_row(engine):
    rows = scorecard.scorecard_rows(engine, "2023-Q2", "DIKES")
    book = load_workbook(io.BytesIO(scorecard.workbook_bytes(rows, "Dinas Kesehatan", "id")))
    sheet = book.active
    assert [c.value for c in sheet[2]][:3] == ["Jenis", "Kode", "Nama"]
    assert sheet.max_row == 2 + len(rows)
    assert sheet.cell(row=3, column=2).value == "SPD-KES-1"


def test_workbook_keeps_numbers_as_numbers(engine):
    rows = scorecard.scorecard_rows(engine, "2023-Q2", "DIKES")
    sheet = load_workbook(io.BytesIO(scorecard.workbook_bytes(rows, "x", "en"))).active
    assert isinstance(sheet.cell(row=4, column=10).value, float)


def test_render_grid_summarises_unit_period_and_count(engine):
    rows, summary = scorecard.render_grid(engine, "2023-Q2", "DIKES", None, "en")
    assert summary == f"Dinas Kesehatan · Q2 2023 · {len(rows)} rows"


def test_levels_are_named_in_the_chosen_language(engine):
    english = scorecard.scorecard_rows(engine, "2023-Q2", "DIKES", lang="en")
    indonesian = scorecard.scorecard_rows(engine, "2023-Q2", "DIKES", lang="id")
    assert english[0]["level"] == "Agency objective"
    assert indonesian[0]["level"] == "Sasaran Perangkat Daerah"


def test_objective_rows_are_marked_for_styling(engine):
    rows = scorecard.scorecard_rows(engine, "2023-Q2", "DIKES")
    assert [r["_objective"] for r in rows[:2]] == [True, False]
