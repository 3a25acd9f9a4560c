"""`ekinerja report lkjip` from a database: the analysis fields come from the follow-ups of red
indicators recorded there (SQLite and PostgreSQL), in Word and Excel."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook

from ekinerja import services
from ekinerja.cli import main
from ekinerja.services import User
from ekinerja.services.followups import record_follow_up


@pytest.fixture
def recorded(db, small_plan):
    """The small plan with I1 red in 2023 and its follow-up recorded by the DIKES operator."""
    services.import_document(db, services.system_user(), small_plan)
    operator = User("operator", "Operator Dikes", "operator", unit="DIKES")
    services.record_realization(db, operator, "P1", "I1", "2023", 40.0)
    record_follow_up(db, operator, "P1", "I1", "2023", "Stok vaksin terlambat",
                     "Pengadaan darurat lewat e-katalog", "2024-02-29",
                     "Kontrak payung vaksin")
    return db


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_the_lkjip_from_the_database_holds_the_recorded_cause_and_action(recorded, tmp_path,
                                                                         suffix):
    output = tmp_path / f"lkjip{suffix}"
    result = CliRunner().invoke(main, ["report", "lkjip", "-u", "DIKES", "-y", "2023", "-o",
                                       str(output), "--database", recorded.url])
    assert result.exit_code == 0, result.output
    if suffix == ".docx":
        cells = [c.text for t in Document(str(output)).tables for r in t.rows for c in r.cells]
    else:
        sheet = load_workbook(output)["Tabel 4"]
        cells = [v for row in sheet.iter_rows(values_only=True) for v in row]
    assert "Stok vaksin terlambat" in cells
    assert "Pengadaan darurat lewat e-katalog" in cells
    assert "Kontrak payung vaksin" in cells


def test_another_year_has_no_analysis(recorded, tmp_path):
    output = tmp_path / "lkjip.docx"
    CliRunner().invoke(main, ["report", "lkjip", "-u", "DIKES", "-y", "2022", "-o",
                              str(output), "--database", recorded.url])
    cells = [c.text for t in Document(str(output)).tables for r in t.rows for c in r.cells]
    assert "Stok vaksin terlambat" not in cells
