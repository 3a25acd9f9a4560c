"""Budgets of programs and activities: the workbook, the service, the command, the LKjIP."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook

from ekinerja import budgets, interchange, services
from ekinerja.cli import main
from ekinerja.data import EXAMPLE_PLAN
from ekinerja.services import PermissionDenied, ServiceError, User
from ekinerja.services.budgets import budgets_of, set_budgets


def workbook(path: Path, rows: list[tuple], header=("kode", "tahun", "anggaran", "realisasi")
             ) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_a_workbook_is_read_with_indonesian_numbers(tmp_path):
    path = workbook(tmp_path / "a.xlsx", [("PROG-1", 2022, 1_500_000, "1.200.000,50"),
                                          ("PROG-2", "2022", "2.000.000", None), (None,) * 4])
    lines, problems = budgets.read_workbook(path)
    assert problems == []
    assert [(x.row, x.objective, x.year, x.amount, x.realization) for x in lines] == [
        (2, "PROG-1", 2022, 1_500_000.0, 1_200_000.5), (3, "PROG-2", 2022, 2_000_000.0, None)]


def test_every_problem_of_a_workbook_is_named_by_row(tmp_path):
    path = workbook(tmp_path / "b.xlsx", [("", 2022, 1, 1), ("P", 2022, "banyak", None),
                                          ("P", 2022, -5, None), ("Q", 2022, 1, None),
                                          ("Q", 2022, 2, None)])
    _lines, problems = budgets.read_workbook(path)
    assert [p.place.split(" / ")[0] for p in problems] == ["baris 2", "baris 3", "baris 4",
                                                           "baris 6"]
    assert "already on row 5" in problems[-1].message


def test_a_workbook_without_the_required_columns_is_refused(tmp_path):
    _lines, problems = budgets.read_workbook(workbook(tmp_path / "c.xlsx", [], ("kode", "x")))
    assert "year, amount" in problems[0].message


@pytest.fixture
def ntb(db):
    services.import_document(db, services.system_user(), interchange.load(EXAMPLE_PLAN))
    return db


def program_of(_db) -> str:
    return "SP-DIKES-KESMAS"  # a program of a division of DIKES, under a DIKES objective


def test_budgets_are_stored_replaced_and_audited(ntb):
    code = program_of(ntb)
    line = budgets.BudgetLine(2, code, 2022, 1000.0, 800.0)
    assert set_budgets(ntb, User("p", role="planner"), None, [line]) == 1
    set_budgets(ntb, User("p", role="planner"), None,
                [budgets.BudgetLine(2, code, 2022, 1000.0, 900.0)])
    assert budgets_of(ntb) == {(code, 2022): (1000.0, 900.0)}
    [last, _first] = services.audit_log(ntb, entity="budget")
    assert last["old"] == {"amount": 1000.0, "realization": 800.0}


def test_an_unknown_objective_or_year_refuses_the_whole_import(ntb):
    code = program_of(ntb)
    with pytest.raises(ServiceError) as error:
        set_budgets(ntb, services.system_user(), None,
                    [budgets.BudgetLine(2, code, 2022, 1.0, None),
                     budgets.BudgetLine(3, "NOPE", 2022, 1.0, None),
                     budgets.BudgetLine(4, code, 2031, 1.0, None)])
    assert '"NOPE"' in str(error.value) and "baris 4" in str(error.value)
    assert budgets_of(ntb) == {}


def test_only_who_changes_targets_sets_budgets(ntb):
    with pytest.raises(PermissionDenied):
        set_budgets(ntb, User("x", role="evaluator"), None, [])


def test_the_command_imports_and_the_lkjip_shows_the_efficiency(ntb, tmp_path):
    code = program_of(ntb)
    path = workbook(tmp_path / "anggaran.xlsx", [(code, 2022, 2_000_000, 1_500_000)])
    runner = CliRunner()
    result = runner.invoke(main, ["budget", "import", str(path), "--database", ntb.url])
    assert result.exit_code == 0, result.output
    assert "1 anggaran" in result.stderr
    output = tmp_path / "lkjip.xlsx"
    result = runner.invoke(main, ["report", "lkjip", "-u", "DIKES", "-y", "2022", "-o",
                                  str(output), "--database", ntb.url])
    assert result.exit_code == 0, result.output
    sheet = load_workbook(output)["Tabel 3"]
    rows = [r for r in sheet.iter_rows(min_row=3, values_only=True) if r[4] is not None]
    assert rows, "some objective of DIKES has the program's budget"
    budget, spent, absorption, achievement, efficiency = rows[0][4:9]
    assert (budget, spent, absorption) == (2_000_000, 1_500_000, 75)
    assert efficiency == pytest.approx(achievement - 75)


def test_the_command_names_bad_rows_and_imports_nothing(ntb, tmp_path):
    path = workbook(tmp_path / "anggaran.xlsx", [("NOPE", 2022, 1, None)])
    result = CliRunner().invoke(main, ["budget", "import", str(path), "--database", ntb.url])
    assert result.exit_code == 2 and '"NOPE"' in result.stderr
    assert budgets_of(ntb) == {}
