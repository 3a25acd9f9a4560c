"""Ranking, TPP and the payroll and BKN workbooks (docs/skp.md): hand-made cases where every
amount is worked out by hand, through `ekinerja tpp` and `ekinerja bkn`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from ekinerja import interchange, skp, tpp
from ekinerja.cli import main
from ekinerja.model import InvalidPlan, SkpRating, UnitPredikat
from ekinerja.rollup import Engine
from ekinerja.skp import EmployeeSkp

KADIS, KABID, STAF1, STAF2 = (f"19800101200{k}011001" for k in range(1, 5))
SETTINGS = {
    "base": 1_000_000,
    "base_by_class": {"9": 4_000_000, "12": 9_000_000},
    "employee_class": {KADIS: "12", STAF1: "9"},
    "base_by_employee": {STAF2: 3_000_000},
    "paid_by_predikat": {"butuh_perbaikan": 80},
}


def line(nip: str, predikat: str | None, score: float | None, unit: str = "U") -> EmployeeSkp:
    return EmployeeSkp(nip, nip, unit, False, score, None, None, None, predikat)


# ----------------------------------------------------------------- ranking
def test_ranks_go_by_predikat_then_score_and_ties_share_a_rank():
    people = [
        line("a", "baik", 120.0),
        line("b", "sangat_baik", 80.0),
        line("c", "baik", 120.0),
        line("d", "baik", 95.0),
        line("e", None, 130.0),
        line("f", "baik", None),
        line("g", "kurang", 150.0),
    ]
    assert tpp.ranks(people) == {"b": 1, "a": 2, "c": 2, "d": 4, "f": 5, "g": 6}


@given(st.lists(st.tuples(st.sampled_from([None, *skp.PREDIKATS]),
                          st.one_of(st.none(), st.floats(0, 120))), max_size=30))
def test_ranks_are_ordered_like_predikat_then_score(drawn):
    people = [line(str(k), p, s) for k, (p, s) in enumerate(drawn)]
    ranked = tpp.ranks(people)
    assert set(ranked) == {e.nip for e in people if e.predikat}
    by = {e.nip: e for e in people}
    for a in ranked:
        for b in ranked:
            if tpp._rank_key(by[a]) < tpp._rank_key(by[b]):
                assert ranked[a] < ranked[b]
            elif tpp._rank_key(by[a]) == tpp._rank_key(by[b]):
                assert ranked[a] == ranked[b]
    assert sorted(ranked.values())[:1] in ([], [1])


# ----------------------------------------------------------------- settings and deductions
def deductions_book(path: Path, rows: list[tuple]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["nip", "month", "percent"])
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def test_settings_have_defaults_and_each_bad_value_is_placed():
    defaults = tpp.settings_from_dict({})
    assert (defaults.performance_share, defaults.discipline_share) == (60.0, 40.0)
    with pytest.raises(InvalidPlan) as caught:
        tpp.settings_from_dict({"base": -1, "performance_share": 70, "discipline_share": 40,
                                "paid_by_predikat": {"hebat": 100, "baik": 120},
                                "bonus": 1, "base_by_class": {"9": "banyak"}}, "tpp.json")
    places = [p.place for p in caught.value.problems]
    assert places == ["tpp.json.base", "tpp.json.paid_by_predikat.hebat",
                      "tpp.json.paid_by_predikat.baik", "tpp.json.bonus",
                      "tpp.json.base_by_class.9", "tpp.json.discipline_share"]


def test_deductions_add_up_per_employee_and_month_at_most_100(tmp_path):
    path = deductions_book(tmp_path / "d.xlsx", [
        (STAF1, "2023-05", 3), (STAF1, "2023-05", 2.5), (STAF2, "2023-05", 80),
        (STAF2, "2023-05", 40), (None, None, None)])
    assert tpp.read_deductions(path) == {(STAF1, "2023-05"): 5.5, (STAF2, "2023-05"): 100.0}


def test_bad_deduction_cells_are_each_reported_at_their_cell(tmp_path):
    path = deductions_book(tmp_path / "d.xlsx", [(STAF1, "2023-Q2", 3), ("", "2023-05", 120)])
    with pytest.raises(InvalidPlan) as caught:
        tpp.read_deductions(path)
    assert [p.place for p in caught.value.problems] == ["d.xlsx!B2", "d.xlsx!A3", "d.xlsx!C3"]


def test_a_deductions_book_without_its_columns_is_refused(tmp_path):
    book = Workbook()
    book.active.append(["NIP", "bulan"])
    book.save(tmp_path / "d.xlsx")
    with pytest.raises(InvalidPlan, match="month, percent"):
        tpp.read_deductions(tmp_path / "d.xlsx")


# ----------------------------------------------------------------- TPP by hand
@pytest.fixture
def rated(make_skp_plan):
    """KADIS sangat_baik, KABID butuh_perbaikan (2023); STAF1 baik in 2023 but kurang in
    2023-Q2; STAF2 unrated; STAF2 scores 95."""
    doc = make_skp_plan({STAF2: 95})
    doc.skp_ratings = [
        SkpRating(KADIS, "2023", "above", "above"),
        SkpRating(KABID, "2023", "above", "below"),
        SkpRating(STAF1, "2023", "as_expected"),
        SkpRating(STAF1, "2023-Q2", "below", "above"),
    ]
    return doc


def run(doc, period, deductions=None):
    settings = tpp.settings_from_dict(SETTINGS)
    return tpp.calculate(tpp.engine_evaluator(Engine(doc)), period, settings, deductions)


def test_a_month_pays_performance_by_predikat_and_discipline_less_deductions(rated):
    result = run(rated, "2023-05", {(STAF1, "2023-05"): 5.5})
    kadis, kabid, staf1, staf2 = (result.employees[n] for n in (KADIS, KABID, STAF1, STAF2))
    # KADIS: class 12, 9 000 000; sangat_baik 100 %: 5 400 000 + 3 600 000
    assert (kadis.base, kadis.performance, kadis.discipline) == (9e6, 5.4e6, 3.6e6)
    # KABID: the default base 1 000 000; butuh_perbaikan paid 80 %: 480 000 + 400 000
    assert (kabid.performance, kabid.discipline, kabid.total) == (480_000, 400_000, 880_000)
    # STAF1: class 9, 4 000 000; May is in Q2 (kurang, 50 %): 1 200 000; discipline
    # 1 600 000 less 5.5 %: 1 512 000
    assert (staf1.predikat, staf1.performance, staf1.discipline) == ("kurang", 1.2e6, 1.512e6)
    assert staf1.deduction == 5.5
    # STAF2: own 3 000 000, no predikat: no performance share; 1 200 000 discipline
    assert (staf2.predikat, staf2.performance, staf2.discipline) == (None, 0.0, 1.2e6)


def test_a_month_without_a_predikat_of_its_quarter_takes_the_years(rated):
    staf1 = run(rated, "2023-08").employees[STAF1]
    assert (staf1.predikat, staf1.performance) == ("baik", 2.4e6)


def test_a_year_is_the_sum_of_its_twelve_months(rated):
    year = run(rated, "2023", {(STAF1, "2023-05"): 100.0})
    staf1 = year.employees[STAF1]
    assert year.months == [f"2023-{m:02d}" for m in range(1, 13)]
    # 9 months baik (2 400 000) + 3 months of Q2 kurang (1 200 000)
    assert staf1.performance == 9 * 2.4e6 + 3 * 1.2e6
    assert staf1.discipline == 11 * 1.6e6  # May's discipline share fully deducted
    assert staf1.base == 12 * 4e6 and staf1.predikat == "baik"


def test_amounts_are_whole_rupiah_rounded_half_up(rated):
    settings = tpp.settings_from_dict({"base": 1_000_001, "performance_share": 50,
                                       "discipline_share": 50})
    result = tpp.calculate(tpp.engine_evaluator(Engine(rated)), "2023-05", settings)
    assert result.employees[KABID].discipline == 500_001  # 500 000,5 -> 500 001


def test_ranks_within_the_unit_and_the_region(rated):
    result = run(rated, "2023")
    ranks = {n: (e.rank_unit, e.rank_region) for n, e in result.employees.items()}
    # region: KADIS sangat_baik 1, STAF1 baik 2, KABID butuh_perbaikan 3; STAF2 unrated
    assert ranks == {KADIS: (1, 1), STAF1: (1, 2), KABID: (2, 3), STAF2: (None, None)}


# ----------------------------------------------------------------- the commands
def plan_file(doc, tmp_path: Path) -> Path:
    path = tmp_path / "plan.json"
    interchange.save(doc, path)
    return path


def test_tpp_json_through_the_command(rated, tmp_path):
    settings = tmp_path / "tpp.json"
    settings.write_text(json.dumps(SETTINGS), encoding="utf-8")
    book = deductions_book(tmp_path / "d.xlsx", [(STAF1, "2023-05", 5.5)])
    args = ["tpp", str(plan_file(rated, tmp_path)), "-p", "2023-05", "--settings",
            str(settings), "--discipline", str(book), "--format", "json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out == run(rated, "2023-05", {(STAF1, "2023-05"): 5.5}).to_json()
    assert out["employees"][STAF1]["total"] == 2_712_000
    assert list(out["employees"][STAF1]) == ["score", "predikat", "rank_unit", "rank_region",
                                             "base", "performance", "discipline", "deduction",
                                             "total"]


def test_tpp_with_bad_settings_exits_2_naming_the_place(rated, tmp_path):
    settings = tmp_path / "tpp.json"
    settings.write_text('{"performance_share": 160}', encoding="utf-8")
    args = ["tpp", str(plan_file(rated, tmp_path)), "-p", "2023", "--settings", str(settings)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and "tpp.json.performance_share" in result.stderr


def test_tpp_xlsx_is_the_payroll_workbook(rated, tmp_path):
    out = tmp_path / "tpp.xlsx"
    args = ["tpp", str(plan_file(rated, tmp_path)), "-p", "2023-05", "--format", "xlsx",
            "-o", str(out)]
    assert CliRunner().invoke(main, args).exit_code == 0
    rows = list(load_workbook(out)["tpp"].iter_rows(values_only=True))
    assert rows[0] == tpp_columns()
    assert [r[0] for r in rows[1:]] == [KADIS, KABID, STAF1, STAF2]
    assert rows[1][5] == "sangat_baik" and rows[1][3] == "2023-05"


def tpp_columns() -> tuple:
    from ekinerja.skpreport import TPP_COLUMNS

    return TPP_COLUMNS


def test_bkn_workbook_has_nip_period_dates_ratings_and_predikat(rated, tmp_path):
    out = tmp_path / "bkn.xlsx"
    args = ["bkn", str(plan_file(rated, tmp_path)), "-p", "2023-Q2", "-o", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    rows = list(load_workbook(out)["ekinerja"].iter_rows(values_only=True))
    assert rows[0] == ("NIP", "Nama", "Periode", "Tanggal Awal", "Tanggal Akhir",
                       "Rating Hasil Kerja", "Rating Perilaku Kerja", "Predikat Kinerja")
    staf1 = next(r for r in rows if r[0] == STAF1)
    assert staf1[2] == "2023-Q2"
    assert (staf1[3].date().isoformat(), staf1[4].date().isoformat()) == ("2023-04-01",
                                                                          "2023-06-30")
    assert staf1[5:] == ("Di atas ekspektasi", "Di bawah ekspektasi", "Kurang/Misconduct")


def test_tpp_and_bkn_from_the_database_use_the_ratings_in_force(rated, database_url,
                                                               tmp_path):
    from ekinerja import services
    from ekinerja.storage.database import Database

    rated.unit_predikat = [UnitPredikat("BIDANG", "2023", "baik")]
    db = Database(database_url)
    db.upgrade()
    services.import_document(db, services.system_user(), rated)
    head = services.User("kabid", role="head", unit="BIDANG", nip=KABID)
    services.rate_employee(db, head, "SKP", STAF2, "2023", behaviour="above")
    db.dispose()
    args = ["tpp", "--from-database", "--database", database_url, "-p", "2023", "--format",
            "json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["employees"][STAF2]["predikat"] == "baik"
    out = tmp_path / "bkn.xlsx"
    args = ["bkn", "--from-database", "--database", database_url, "-p", "2023", "-o", str(out)]
    assert CliRunner().invoke(main, args).exit_code == 0
    rows = list(load_workbook(out)["ekinerja"].iter_rows(values_only=True))
    assert next(r for r in rows if r[0] == STAF2)[7] == "Baik"


def test_the_benchmark_times_the_skp_and_the_ranking(make_skp_plan):
    from ekinerja import bench

    figures = bench.bench_skp(Engine(make_skp_plan()), "2023", repeat=2)
    assert set(figures) == {"skp of every employee", "skp ranking (unit and region)"}
    assert all(value >= 0 for value in figures.values())
