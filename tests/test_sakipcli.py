"""`ekinerja lke` and `ekinerja report` through the command line (CliRunner and a real process)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook

from ekinerja import interchange, lke, services
from ekinerja.cli import main
from ekinerja.data import EXAMPLE_PLAN

PROGRAM = Path(sys.executable).parent / "ekinerja"  # the installed console script


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def answers_file(tmp_path: Path):
    """answers_file(answers, **top): write an ekinerja-lke/1 file and return its path."""

    def write(answers: dict | None = None, **top) -> Path:
        path = tmp_path / "lke.json"
        data = {"format": "ekinerja-lke/1", "answers": answers or {}, **top}
        path.write_text(json.dumps(data), encoding="utf-8")
        return path

    return write


# ----------------------------------------------------------------------------- lke


def test_lke_json_of_all_yes_is_100_and_aa(runner, answers_file):
    path = answers_file(dict.fromkeys(lke.criteria(), "Y"))
    result = runner.invoke(main, ["lke", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["total"] == 100.0 and out["grade"] == "AA"
    assert list(out["subcomponents"]) == ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1",
                                          "3.2", "3.3", "4.1", "4.2", "4.3"]
    assert out["components"] == {"1": 30.0, "2": 30.0, "3": 15.0, "4": 25.0}


def test_lke_json_of_nothing_answered_is_0_and_d(runner, answers_file):
    result = runner.invoke(main, ["lke", str(answers_file()), "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert (out["total"], out["grade"]) == (0.0, "D")
    assert len(out["subcomponents"]) == 12 and len(out["components"]) == 4


def test_lke_json_of_a_total_of_exactly_90_is_a(runner, answers_file):
    answers = dict.fromkeys(lke.criteria(), "A")
    answers.update({"4.3.1": "E", "4.3.2": "E", "4.3.3": "E", "4.3.4": "E"})  # − 4 × 2.5
    result = runner.invoke(main, ["lke", str(answers_file(answers)), "--format", "json"])
    out = json.loads(result.stdout)
    assert (out["total"], out["grade"]) == (90.0, "A")
    assert out["subcomponents"]["4.3"] == 2.5


def _answers_down(*prefixes: str, criteria: tuple[str, ...] = ()) -> dict[str, str]:
    """All A, with every criterion under the prefixes (and those listed) answered E."""
    answers = dict.fromkeys(lke.criteria(), "A")
    for key in answers:
        if key.startswith(tuple(f"{p}." for p in prefixes)) or key in criteria:
            answers[key] = "E"
    return answers


FOUR_OF_4_3 = ("4.3.1", "4.3.2", "4.3.3", "4.3.4")  # 4 × 2.5 = 10 points


@pytest.mark.parametrize(
    ("answers", "total", "grade"),
    [
        (_answers_down(criteria=FOUR_OF_4_3), 90.0, "A"),  # 100 − 10
        (_answers_down("4.3", "3.3"), 80.0, "BB"),  # − 12.5 − 7.5
        (_answers_down("1.3", "2.3"), 70.0, "B"),  # − 15 − 15
        (_answers_down("1.3", "2.3", "3.3", criteria=("4.3.1",)), 60.0, "CC"),
        (_answers_down("1", "3", "4.1"), 50.0, "C"),  # − 30 − 15 − 5
        (_answers_down("1", "2", criteria=FOUR_OF_4_3), 30.0, "D"),  # − 30 − 30 − 10
    ],
)
def test_lke_json_at_every_grade_bound_exactly_gives_the_grade_below(runner, answers_file,
                                                                    answers, total, grade):
    result = runner.invoke(main, ["lke", str(answers_file(answers)), "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert (out["total"], out["grade"]) == (total, grade)
    assert sum(out["components"].values()) == pytest.approx(total)


def test_lke_names_every_unknown_criterion_and_answer_and_prints_nothing(runner, answers_file):
    path = answers_file({"9.9.9": "Y", "1.1.1": "X", "1.1.2": "Y", "5.1.1": "A"})
    result = runner.invoke(main, ["lke", str(path), "--format", "json"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert 'answers.9.9.9: kriteria tidak dikenal / unknown criterion "9.9.9"' in result.stderr
    assert 'answers.5.1.1: kriteria tidak dikenal / unknown criterion "5.1.1"' in result.stderr
    assert 'answers.1.1.1: jawaban tidak dikenal / unknown answer "X"' in result.stderr
    assert "1.1.2" not in result.stderr


def test_lke_refuses_a_wrong_format_and_unknown_fields_naming_both(runner, answers_file):
    path = answers_file({}, format="ekinerja/1", note="x")
    result = runner.invoke(main, ["lke", str(path), "--format", "json"])
    assert result.exit_code == 2 and result.stdout == ""
    assert "format: format harus / must be" in result.stderr
    assert 'note: kolom tidak dikenal / unknown field "note"' in result.stderr


def test_lke_refuses_a_file_without_format(runner, tmp_path):
    path = tmp_path / "lke.json"
    path.write_text('{"answers": {}}')
    result = runner.invoke(main, ["lke", str(path), "--format", "json"])
    assert result.exit_code == 2 and 'required field "format" missing' in result.stderr


def test_lke_refuses_invalid_json_with_its_line_and_column(runner, tmp_path):
    path = tmp_path / "lke.json"
    path.write_text('{"format": "ekinerja-lke/1",\n "answers": {')
    result = runner.invoke(main, ["lke", str(path), "--format", "json"])
    assert result.exit_code == 2 and result.stdout == ""
    assert f"{path}:2:" in result.stderr and "invalid JSON" in result.stderr


def test_lke_of_a_missing_file_exits_2(runner, tmp_path):
    result = runner.invoke(main, ["lke", str(tmp_path / "none.json"), "--format", "json"])
    assert result.exit_code == 2 and "file not found" in result.stderr


def test_lke_table_is_the_default_and_shows_the_grade(runner, answers_file):
    result = runner.invoke(main, ["lke", str(answers_file(dict.fromkeys(lke.criteria(), "B")))])
    assert result.exit_code == 0, result.output
    assert "75,00" in result.stdout  # 0.75 × 100
    assert result.stdout.rstrip().endswith("Predikat / grade: BB (Sangat Baik)")


def test_lke_runs_as_a_real_process(answers_file):
    path = answers_file({"1.1.1": "Y", "1.1.2": "Y", "9.9.9": "Y", "2.1.1": "Z"})
    bad = subprocess.run([str(PROGRAM), "lke", str(path), "--format", "json"],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and bad.stdout == ""
    assert '"9.9.9"' in bad.stderr and '"Z"' in bad.stderr
    good = answers_file({"1.1.1": "Y", "1.1.2": "Y", "3.1.1": "B"})
    done = subprocess.run([str(PROGRAM), "lke", str(good), "--format", "json"],
                          capture_output=True, text=True, timeout=120, check=True)
    out = json.loads(done.stdout)
    assert out["subcomponents"]["1.1"] == pytest.approx(2 / 7 * 6)
    assert out["subcomponents"]["3.1"] == pytest.approx(0.75 / 6 * 3)
    assert out["total"] == pytest.approx(12 / 7 + 0.375)


# ----------------------------------------------------------------------------- report


@pytest.mark.parametrize(
    ("kind", "suffix"),
    [("pk", ".docx"), ("pk", ".pdf"), ("rencana-aksi", ".xlsx"), ("lkjip", ".docx"),
     ("lkjip", ".xlsx")],
)
def test_report_writes_each_document_from_the_example_plan(runner, tmp_path, kind, suffix):
    output = tmp_path / f"dikes{suffix}"
    result = runner.invoke(main, ["report", kind, "--unit", "DIKES", "--year", "2022", "-o",
                                  str(output), "--plan-file", str(EXAMPLE_PLAN)])
    assert result.exit_code == 0, result.output
    assert output.stat().st_size > 1000
    assert "4 indikator" in result.stderr


def test_report_pk_holds_the_heads_name_nip_and_a_target(runner, tmp_path):
    output = tmp_path / "pk.docx"
    runner.invoke(main, ["report", "pk", "-u", "DIKES", "-y", "2022", "-o", str(output),
                         "--plan-file", str(EXAMPLE_PLAN)])
    text = "\n".join(p.text for p in Document(str(output)).paragraphs)
    cells = [c.text for t in Document(str(output)).tables for r in t.rows for c in r.cells]
    assert "Nama\t: Hairul Ridwan" in text
    assert "Hairul Ridwan" in cells and "NIP. 196701271995011002" in cells
    assert "95,00 %" in cells  # IKD-DIKES-1.1, 2022


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--unit", "NOPE", "--year", "2022"], '--unit: unit tidak dikenal / unknown unit "NOPE"'),
        (["--unit", "DIKES", "--year", "2030"], "--year: tahun 2030 di luar tahun rencana"),
    ],
)
def test_report_refuses_an_unknown_unit_or_a_year_outside_the_plan(runner, tmp_path, args,
                                                                   message):
    output = tmp_path / "pk.docx"
    result = runner.invoke(main, ["report", "pk", *args, "-o", str(output), "--plan-file",
                                  str(EXAMPLE_PLAN)])
    assert result.exit_code == 2
    assert message in result.stderr
    assert not output.exists()


@pytest.mark.parametrize(("kind", "suffix"), [("pk", ".xlsx"), ("rencana-aksi", ".pdf"),
                                              ("lkjip", ".pdf"), ("lkjip", "")])
def test_report_refuses_a_suffix_the_document_does_not_allow(runner, tmp_path, kind, suffix):
    output = tmp_path / f"out{suffix}"
    result = runner.invoke(main, ["report", kind, "-u", "DIKES", "-y", "2022", "-o",
                                  str(output), "--plan-file", str(EXAMPLE_PLAN)])
    assert result.exit_code == 2
    assert result.stderr.startswith("kesalahan / error: --output:")
    assert not output.exists()


def test_report_into_a_missing_folder_exits_2_without_a_traceback(runner, tmp_path):
    output = tmp_path / "missing" / "pk.pdf"
    result = runner.invoke(main, ["report", "pk", "-u", "DIKES", "-y", "2022", "-o",
                                  str(output), "--plan-file", str(EXAMPLE_PLAN)])
    assert result.exit_code == 2
    assert "cannot write" in result.stderr


def test_report_reads_the_plan_from_the_database(runner, tmp_path, db):
    services.import_document(db, services.system_user(), interchange.load(EXAMPLE_PLAN))
    output = tmp_path / "lkjip.xlsx"
    result = runner.invoke(main, ["report", "lkjip", "-u", "PEMPROV-NTB", "-y", "2022", "-o",
                                  str(output), "--database", db.url])
    assert result.exit_code == 0, result.output
    sheet = load_workbook(output)["Tabel 1"]
    indicators = [row[3] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert "Indeks pembangunan manusia (IPM)" in indicators  # a goal of the region


def test_report_on_a_database_without_the_plan_exits_with_a_message(runner, tmp_path, db):
    output = tmp_path / "pk.docx"
    result = runner.invoke(main, ["report", "pk", "-u", "DIKES", "-y", "2022", "-o",
                                  str(output), "--database", db.url])
    assert result.exit_code != 0
    assert "no plan in the database" in result.stderr
    assert "Traceback" not in result.output


# ----------------------------------------------------------------------------- PK versions
@pytest.fixture
def frozen_db(db, document_plan):
    """The document plan with DINAS's PK 2022 frozen twice: awal (I1 target 85), then a
    perubahan (I1 target 95)."""
    from ekinerja.services.agreements import freeze_agreement

    planner = services.User("perencana", "Perencana", "planner")
    services.import_document(db, services.system_user(), document_plan)
    freeze_agreement(db, planner, "P-DOC", "DINAS", 2022, "awal", "2022-01-03")
    services.set_target(db, planner, "P-DOC", "I1", "2022", 95.0, reason="refocusing")
    freeze_agreement(db, planner, "P-DOC", "DINAS", 2022, "perubahan", "2022-07-15",
                     "refocusing anggaran")
    services.set_target(db, planner, "P-DOC", "I1", "2022", 99.0, reason="not frozen")
    return db


def _docx_text(path) -> tuple[str, list[str]]:
    document = Document(str(path))
    return ("\n".join(p.text for p in document.paragraphs),
            [c.text for t in document.tables for r in t.rows for c in r.cells])


@pytest.mark.parametrize(("version", "target", "title"), [
    (["--version", "1"], "85,00 %", "PERJANJIAN KINERJA TAHUN 2022"),
    (["--version", "2"], "95,00 %", "PERJANJIAN KINERJA PERUBAHAN TAHUN 2022"),
    (["--version"], "95,00 %", "PERJANJIAN KINERJA PERUBAHAN TAHUN 2022"),  # the latest
    ([], "99,00 %", "PERJANJIAN KINERJA TAHUN 2022"),  # without: the PK as the plan stands
])
def test_report_pk_writes_a_chosen_frozen_version(runner, tmp_path, frozen_db, version, target,
                                                  title):
    output = tmp_path / "pk.docx"
    result = runner.invoke(main, ["report", "pk", "-u", "DINAS", "-y", "2022", "-o",
                                  str(output), "--database", frozen_db.url, "--plan", "P-DOC",
                                  *version])
    assert result.exit_code == 0, result.output
    text, cells = _docx_text(output)
    assert title in text
    assert target in cells
    others = {"85,00 %", "95,00 %", "99,00 %"} - {target}
    assert not others & set(cells)


def test_report_pk_writes_a_frozen_version_as_pdf(runner, tmp_path, frozen_db):
    from pypdf import PdfReader

    output = tmp_path / "pk.pdf"
    result = runner.invoke(main, ["report", "pk", "-u", "DINAS", "-y", "2022", "-o",
                                  str(output), "--database", frozen_db.url, "--plan", "P-DOC",
                                  "--version", "1"])
    assert result.exit_code == 0, result.output
    text = " ".join(page.extract_text() for page in PdfReader(str(output)).pages)
    assert "85,00" in text and "95,00" not in text
    assert "versi / version 1" in result.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["--version", "3"], "has no version 3 (there are: 1, 2)"),
    (["--version", "0"], "not a version number: '0'"),
    (["--version", "awal"], "not a version number: 'awal'"),
    (["-y", "2023", "--version"], "PK DINAS 2023 belum punya versi beku / PK DINAS 2023 has no "
                                  "frozen version"),
])
def test_report_pk_names_an_unknown_version_and_writes_nothing(runner, tmp_path, frozen_db,
                                                               args, message):
    output = tmp_path / "pk.docx"
    result = runner.invoke(main, ["report", "pk", "-u", "DINAS", "-y", "2022", "-o",
                                  str(output), "--database", frozen_db.url, "--plan", "P-DOC",
                                  *args])
    assert result.exit_code == 2
    assert result.stderr.startswith("kesalahan / error: --version:")
    assert message in result.stderr
    assert not output.exists()


@pytest.mark.parametrize(("kind", "suffix", "source"), [
    ("lkjip", ".xlsx", "database"), ("pk", ".docx", "file")])
def test_report_version_is_for_a_pk_from_the_database_only(runner, tmp_path, frozen_db, kind,
                                                           suffix, source):
    output = tmp_path / f"out{suffix}"
    where = (["--database", frozen_db.url, "--plan", "P-DOC"] if source == "database"
             else ["--plan-file", str(EXAMPLE_PLAN)])
    result = runner.invoke(main, ["report", kind, "-u", "DINAS", "-y", "2022", "-o",
                                  str(output), *where, "--version", "1"])
    assert result.exit_code == 2 and "--version" in result.stderr
    assert not output.exists()
