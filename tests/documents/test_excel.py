"""The workbooks, opened again with openpyxl: Rencana Aksi and LKjIP tables."""

from __future__ import annotations

import zipfile

import pytest
from openpyxl import load_workbook


def rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(min_row=3, values_only=True))


def test_the_action_plan_has_a_title_a_frozen_filtered_header_and_numbers(write_document,
                                                                        document_plan):
    sheet = load_workbook(write_document("rencana-aksi", document_plan, "DINAS", 2022,
                                         ".xlsx"))["Rencana Aksi"]
    title = sheet["A1"].value
    for part in ("RENCANA AKSI", "Dinas Kesehatan (DINAS)", "Tahun 2022",
                 "Rencana Dokumen (P-DOC)", "Dibuat 3 Januari 2022 09.30"):
        assert part in title
    header = [cell.value for cell in sheet[2]]
    assert header[:5] == ["No", "Sasaran", "Indikator Kinerja", "Satuan", "Target Tahunan"]
    assert header[5] == "Target TW I" and header[9] == "Realisasi TW I"
    assert header[13] == "Capaian TW I (%)" and len(header) == 17
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == "A2:Q5"  # header and three indicators
    i1 = rows(sheet)[0]
    assert i1[4:9] == (85, 20, 40, 60, 85)
    assert i1[9:13] == (22, 35, None, None)
    assert i1[13:15] == (110, 87.5)
    assert sheet["F3"].data_type == "n" and sheet["F3"].number_format == "#,##0.00"


def test_text_that_looks_like_a_formula_stays_text(write_document, document_plan):
    path = write_document("rencana-aksi", document_plan, "DINAS", 2022, ".xlsx")
    sheet = load_workbook(path)["Rencana Aksi"]
    for ref, text in (("B3", "=Meningkatnya mutu layanan"), ("C3", "+Cakupan layanan"),
                      ("C4", "-Waktu tunggu"), ("C5", "@Angka kesakitan")):
        assert sheet[ref].value == text and sheet[ref].data_type == "s"
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml


def test_a_ranged_target_is_written_as_text_in_indonesian_format(write_document,
                                                                 document_plan):
    sheet = load_workbook(write_document("rencana-aksi", document_plan, "DINAS", 2022,
                                         ".xlsx"))["Rencana Aksi"]
    assert sheet["E5"].value == "5,00–7,00"


def test_the_lkjip_workbook_has_one_sheet_per_table_with_the_figures(write_document,
                                                                   document_plan):
    book = load_workbook(write_document("lkjip", document_plan, "DINAS", 2022, ".xlsx"))
    assert book.sheetnames == ["Tabel 1", "Tabel 2", "Tabel 3", "Tabel 4"]
    first, second, third = (book[name] for name in book.sheetnames[:3])
    assert rows(first)[0][4:] == (85, 89.25, 105)
    assert rows(first)[1][4:] == (10, 12, 80)
    assert rows(second)[0][4:7] == (78, 89.25, 90)
    assert rows(second)[0][7] == pytest.approx(100 * 89.25 / 90)
    assert rows(third)[0][4:] == (None, None, None, 105, None)
    assert "belum dicatat" in third["A7"].value
    for sheet in (first, second, third):
        assert sheet.freeze_panes == "A3" and sheet.auto_filter.ref.startswith("A2:")
        assert "Tahun 2022" in sheet["A1"].value


def test_the_lkjip_workbook_of_the_example_plan_matches_the_plans_own_figures(
        write_document, example_plan):
    book = load_workbook(write_document("lkjip", example_plan, "DIKES", 2022, ".xlsx"))
    target = next(t.value for t in example_plan.targets
                  if (t.indicator, t.period) == ("IKD-DIKES-1.1", "2022"))
    realization = next(r.value for r in example_plan.realizations
                       if (r.indicator, r.period) == ("IKD-DIKES-1.1", "2022"))
    earlier = next(r.value for r in example_plan.realizations
                   if (r.indicator, r.period) == ("IKD-DIKES-1.1", "2019"))
    row = next(r for r in rows(book["Tabel 1"]) if r[2] == "Persentase puskesmas terakreditasi")
    assert row[4:6] == (target, realization)
    assert row[6] == pytest.approx(100 * realization / target)
    row = next(r for r in rows(book["Tabel 2"]) if r[2] == "Persentase puskesmas terakreditasi")
    assert row[4] == earlier
