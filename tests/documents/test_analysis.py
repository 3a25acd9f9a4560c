"""The LKjIP's analysis table (causes, efforts, recommendations) from the follow-ups of red
indicators, in Word and Excel, opened again with python-docx and openpyxl."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from docx import Document
from openpyxl import load_workbook

from ekinerja import documents
from ekinerja.documents.content import FollowUpNote

GENERATED = datetime(2022, 1, 3, 9, 30)

NOTES = [
    FollowUpNote("I2", "2022", "Dokter spesialis kurang", "Rekrut dua dokter", None, "done",
                 date(2022, 12, 31), "Dua dokter mulai bertugas"),
    FollowUpNote("I1", "2022-Q2", "Anggaran terlambat cair", "Percepat pencairan",
                 "Jadwalkan pencairan lebih awal", "open", date(2023, 3, 31), None),
    FollowUpNote("I1", "2021", "Tahun lain", "Tidak masuk", None, "open", date(2021, 12, 31),
                 None),
    FollowUpNote("IP1", "2022", "Unit lain", "Tidak masuk", None, "open", date(2022, 12, 31),
                 None),
]


def write(tmp_path: Path, plan, suffix: str, notes=NOTES) -> Path:
    path = tmp_path / f"lkjip{suffix}"
    documents.write("lkjip", plan, "DINAS", 2022, path, generated=GENERATED, analysis=notes)
    return path


def test_the_word_lkjip_holds_the_recorded_causes_and_actions(tmp_path, document_plan):
    document = Document(str(write(tmp_path, document_plan, ".docx")))
    table = [[c.text for c in row.cells] for row in document.tables[3].rows]
    assert table[0] == ["No", "Sasaran", "Indikator Kinerja", "Periode", "Penyebab",
                        "Upaya (Tindakan Perbaikan)", "Rekomendasi", "Status Tindak Lanjut"]
    assert [row[2:] for row in table[1:]] == [
        ["+Cakupan layanan", "Triwulan II 2022", "Anggaran terlambat cair",
         "Percepat pencairan", "Jadwalkan pencairan lebih awal",
         "Terbuka, tenggat 31 Maret 2023"],
        ["-Waktu tunggu", "2022", "Dokter spesialis kurang", "Rekrut dua dokter", "–",
         "Selesai: Dua dokter mulai bertugas"],
    ]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Tabel 4. Analisis Capaian" in text and "rencana tindak lanjut" in text


def test_the_excel_lkjip_has_the_analysis_sheet(tmp_path, document_plan):
    sheet = load_workbook(write(tmp_path, document_plan, ".xlsx"))["Tabel 4"]
    values = list(sheet.iter_rows(min_row=3, max_row=4, values_only=True))
    assert values[0][4:7] == ("Anggaran terlambat cair", "Percepat pencairan",
                              "Jadwalkan pencairan lebih awal")
    assert values[1][4:6] == ("Dokter spesialis kurang", "Rekrut dua dokter")
    assert "Analisis Capaian" in sheet["A1"].value


def test_without_follow_ups_the_analysis_table_says_so(tmp_path, document_plan):
    document = Document(str(write(tmp_path, document_plan, ".docx", notes=[])))
    assert len(document.tables[3].rows) == 1
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Belum ada rencana tindak lanjut" in text
