"""The `ekinerja` command: score, check, generate on real plan files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ekinerja import interchange, model, skp
from ekinerja.cli import main
from ekinerja.data import EXAMPLE_PLAN
from ekinerja.model import Indicator, Link, Objective, PlanDocument, SkpRating, UnitPredikat
from ekinerja.rollup import Engine


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def small_plan() -> PlanDocument:
    return PlanDocument(
        model.Plan("P", "Rencana uji", 2020, 2021),
        objectives=[
            Objective("V", "Visi", "vision"),
            Objective("M1", "Misi satu", "mission"),
            Objective("M2", "Misi dua", "mission"),
        ],
        indicators=[
            Indicator("I1", "M1", "Indeks satu"),
            Indicator("I2", "M2", "Angka kemiskinan", polarity="negative"),
        ],
        links=[Link("V", "M1", 70), Link("V", "M2", 30)],
        targets=[model.Target("I1", "2020", 80), model.Target("I2", "2020", low=7, high=8)],
        realizations=[model.Realization("I1", "2020", 1234.5), model.Realization("I2", "2020", 9)],
    )


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "plan.json"
    interchange.write_json(small_plan(), path)
    return path


def test_score_json_follows_the_contract_and_matches_the_engine(runner, plan_file):
    result = runner.invoke(main, ["score", str(plan_file), "--period", "2020", "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    expected = Engine(small_plan()).evaluate("2020").to_json()
    assert out == expected
    assert out["indicators"]["I2"]["target"] == [7.0, 8.0]
    assert out["indicators"]["I2"]["raw_achievement"] == pytest.approx(87.5)
    assert out["indicators"]["I1"]["achievement"] == 120.0


def test_score_table_uses_indonesian_number_format_and_band_labels(runner, plan_file):
    result = runner.invoke(main, ["score", str(plan_file), "--period", "2020"])
    assert result.exit_code == 0, result.output
    assert "1.234,50" in result.output  # the realization of I1
    assert "Sangat Tinggi" in result.output
    assert "Tinggi" in result.output


def test_score_explain_shows_children_weights_and_formula(runner, plan_file):
    result = runner.invoke(main, ["score", str(plan_file), "--period", "2020", "--explain", "V"])
    assert result.exit_code == 0, result.output
    assert "70,00 %" in result.output and "30,00 %" in result.output
    indicator = runner.invoke(
        main, ["score", str(plan_file), "--period", "2020", "--explain", "I2"]
    )
    assert "R > H" in indicator.output and "87,50" in indicator.output


def test_score_of_an_invalid_file_exits_2_listing_every_problem_without_traceback(runner, tmp_path):
    data = interchange.to_dict(small_plan())
    data["objectives"][1]["level"] = "misi"
    data["links"][0]["child"] = "M9"
    data["indicators"][0]["colour"] = "red"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    result = runner.invoke(main, ["score", str(path), "--period", "2020"])
    assert result.exit_code == 2
    assert "objectives[1].level" in result.output
    assert "links[0].child" in result.output
    assert "indicators[0]" in result.output and "colour" in result.output
    assert "Traceback" not in result.output


def test_score_of_a_semantically_invalid_plan_exits_2(runner, tmp_path):
    doc = small_plan()
    doc.links.append(Link("M1", "V", 1))  # a cycle, and the vision as a child
    path = tmp_path / "cycle.json"
    interchange.write_json(doc, path)
    result = runner.invoke(main, ["score", str(path), "--period", "2020"])
    assert result.exit_code == 2
    assert "kesalahan / error" in result.output


def test_score_with_a_period_outside_the_plan_exits_2(runner, plan_file):
    result = runner.invoke(main, ["score", str(plan_file), "--period", "2030"])
    assert result.exit_code == 2
    assert "2030" in result.output


def test_score_with_a_malformed_period_exits_2(runner, plan_file):
    result = runner.invoke(main, ["score", str(plan_file), "--period", "2020-Q7"])
    assert result.exit_code == 2
    assert "invalid period" in result.output.lower()


def test_check_passes_a_valid_plan_and_fails_warnings_only_when_strict(runner, tmp_path):
    doc = small_plan()
    doc.objectives.append(Objective("X", "Lepas", "goal"))  # unaligned and childless: warnings
    doc.indicators.append(Indicator("I3", "X", "Indikator lepas"))
    path = tmp_path / "warn.json"
    interchange.write_json(doc, path)
    relaxed = runner.invoke(main, ["check", str(path)])
    assert relaxed.exit_code == 0, relaxed.output
    assert "peringatan / warning" in relaxed.output
    strict = runner.invoke(main, ["check", str(path), "--strict"])
    assert strict.exit_code == 2


def test_check_fails_on_errors(runner, tmp_path):
    doc = small_plan()
    doc.targets[0].value = -5
    path = tmp_path / "neg.json"
    interchange.write_json(doc, path)
    result = runner.invoke(main, ["check", str(path)])
    assert result.exit_code == 2
    assert "targets[0]" in result.output


def test_the_bundled_example_checks_clean_and_scores(runner):
    assert runner.invoke(main, ["check", str(EXAMPLE_PLAN)]).exit_code == 0
    result = runner.invoke(main, ["score", str(EXAMPLE_PLAN), "--format", "json"])
    assert result.exit_code == 0
    out = json.loads(result.output)
    assert out["objectives"][out["root"]]["score"] is not None


def test_generate_writes_a_valid_plan_that_scores(runner, tmp_path):
    path = tmp_path / "gen.json"
    result = runner.invoke(
        main, ["generate", "--employees", "20", "--agencies", "2", "--seed", "3", "-o", str(path)]
    )
    assert result.exit_code == 0, result.output
    check = runner.invoke(main, ["check", str(path)])
    assert check.exit_code == 0, check.output
    doc = interchange.load(path)
    assert len(doc.employees) == 20


def test_score_accepts_a_workbook(runner, tmp_path):
    path = tmp_path / "plan.xlsx"
    interchange.write_workbook(small_plan(), path)
    result = runner.invoke(main, ["score", str(path), "--period", "2020", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == Engine(small_plan()).evaluate("2020").to_json()


# ----------------------------------------------------------------- ekinerja skp (docs/skp.md)
KADIS, KABID, STAF1, STAF2 = (f"19800101200{k}011001" for k in range(1, 5))  # conftest's SKP plan


def skp_file(doc: PlanDocument, tmp_path: Path, name: str = "skp.json") -> Path:
    path = tmp_path / name
    interchange.save(doc, path)
    return path


def skp_json(runner: CliRunner, path: Path, period: str = "2023") -> dict:
    result = runner.invoke(main, ["skp", str(path), "--period", period, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_skp_json_has_exactly_the_contract_shape(runner, make_skp_plan, tmp_path):
    out = skp_json(runner, skp_file(make_skp_plan(), tmp_path))
    assert list(out) == ["period", "employees", "units"] and out["period"] == "2023"
    assert list(out["employees"]) == [KADIS, KABID, STAF1, STAF2]
    for employee in out["employees"].values():
        assert list(employee) == ["score", "proposed_work", "work", "behaviour", "predikat"]
    assert list(out["units"]) == ["PEMDA", "DINAS", "BIDANG"]
    for unit in out["units"].values():
        assert list(unit) == ["predikat", "counts", "warnings"]
        assert list(unit["counts"]) == [
            "sangat_baik",
            "baik",
            "butuh_perbaikan",
            "kurang",
            "sangat_kurang",
        ]


def test_skp_json_matches_the_domain(runner, make_skp_plan, tmp_path):
    doc = make_skp_plan({STAF2: 95.5})
    doc.skp_ratings = [SkpRating(STAF2, "2023", "as_expected")]
    out = skp_json(runner, skp_file(doc, tmp_path))
    assert out == skp.evaluate(Engine(doc), "2023").to_json()
    assert out["employees"][STAF2] == {
        "score": 95.5,
        "proposed_work": "as_expected",
        "work": "as_expected",
        "behaviour": "as_expected",
        "predikat": "baik",
    }
    assert out["employees"][STAF1]["predikat"] is None  # no behaviour rating yet


@pytest.mark.parametrize(
    ("work", "behaviour", "predikat"), [(*cell, p) for cell, p in sorted(skp.MATRIX.items())]
)
def test_skp_gives_each_matrix_cell(runner, make_skp_plan, tmp_path, work, behaviour, predikat):
    doc = make_skp_plan()
    doc.skp_ratings = [SkpRating(STAF1, "2023", behaviour, work)]
    assert skp_json(runner, skp_file(doc, tmp_path))["employees"][STAF1]["predikat"] == predikat


def test_skp_rates_a_head_by_the_unit_predikat_unless_a_rating_is_set(
    runner, make_skp_plan, tmp_path
):
    doc = make_skp_plan({STAF1: 50, STAF2: 50})  # KABID's RHK scores below 90
    doc.unit_predikat = [UnitPredikat("BIDANG", "2023", "istimewa")]
    doc.skp_ratings = [
        SkpRating(KABID, "2023", "above"),
        SkpRating(STAF1, "2023", "above", "above"),
    ]
    out = skp_json(runner, skp_file(doc, tmp_path))
    head, staff = out["employees"][KABID], out["employees"][STAF1]
    assert (head["proposed_work"], head["work"], head["predikat"]) == (
        "below",
        "above",
        "sangat_baik",
    )
    assert (staff["proposed_work"], staff["work"]) == ("below", "above")  # set: overrides


def test_skp_warns_where_the_distribution_breaks_the_unit_predikat(runner, make_skp_plan, tmp_path):
    doc = make_skp_plan()
    doc.unit_predikat = [UnitPredikat("BIDANG", "2023", "baik")]
    doc.skp_ratings = [SkpRating(n, "2023", "as_expected") for n in (KABID, STAF1, STAF2)]
    broken = skp_json(runner, skp_file(doc, tmp_path))["units"]["BIDANG"]
    assert broken["counts"]["baik"] == 3
    assert len(broken["warnings"]) == 2  # more than 70 % baik, and no butuh_perbaikan or kurang
    doc.skp_ratings[1] = SkpRating(STAF1, "2023", "as_expected", "below")  # butuh_perbaikan
    doc.skp_ratings.append(SkpRating(KADIS, "2023", "above"))  # above KABID: not in BIDANG
    kept = skp_json(runner, skp_file(doc, tmp_path))["units"]["BIDANG"]
    assert kept["counts"] == {
        "sangat_baik": 0,
        "baik": 2,
        "butuh_perbaikan": 1,
        "kurang": 0,
        "sangat_kurang": 0,
    }
    assert kept["warnings"] == []  # 2 of 3 baik is under 70 %


def test_skp_table_is_readable_with_labels_and_indonesian_numbers(runner, make_skp_plan, tmp_path):
    doc = make_skp_plan({STAF2: 95.5})
    doc.skp_ratings = [SkpRating(STAF2, "2023", "above")]
    result = runner.invoke(main, ["skp", str(skp_file(doc, tmp_path)), "--period", "2023"])
    assert result.exit_code == 0, result.output
    assert "95,50" in result.stdout
    assert "Sesuai ekspektasi" in result.stdout and "Baik" in result.stdout
    assert "Predikat organisasi" in result.stdout


def test_skp_reads_a_workbook_plan(runner, make_skp_plan, tmp_path):
    doc = make_skp_plan()
    doc.skp_ratings = [SkpRating(STAF2, "2023", "below", "below")]
    out = skp_json(runner, skp_file(doc, tmp_path, "skp.xlsx"))
    assert out["employees"][STAF2]["predikat"] == "sangat_kurang"


def test_skp_xlsx_is_a_workbook_with_texts_that_never_become_formulas(
    runner, make_skp_plan, tmp_path
):
    import openpyxl

    doc = make_skp_plan()
    doc.employees[2].name = '=HYPERLINK("http://x")'
    path = tmp_path / "out.xlsx"
    args = ["skp", str(skp_file(doc, tmp_path)), "--period", "2023", "--format", "xlsx"]
    result = runner.invoke(main, [*args, "-o", str(path)])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(path)
    sheet = book["skp"]
    assert [c.value for c in sheet[1]] == ["nip", "name", "unit", "period", "score",
                                           "proposed_work", "work", "behaviour", "predikat"]
    row = [c for c in sheet[4]]
    assert row[0].value == STAF1 and row[0].data_type == "s"  # the NIP stays text
    assert row[1].value == doc.employees[2].name and row[1].data_type == "s"
    assert row[1].quotePrefix  # stays text when edited in a spreadsheet, too
    assert [c.value for c in book["units"]["A"]][1:] == ["PEMDA", "DINAS", "BIDANG"]


def test_skp_xlsx_goes_to_standard_output_when_redirected(runner, make_skp_plan, tmp_path):
    args = ["skp", str(skp_file(make_skp_plan(), tmp_path)), "--period", "2023"]
    result = runner.invoke(main, [*args, "--format", "xlsx"])
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"PK")


def test_skp_of_an_invalid_file_exits_2_listing_every_problem(runner, make_skp_plan, tmp_path):
    data = interchange.to_dict(make_skp_plan())
    data["skp_ratings"] = [{"employee": "123", "period": "2023", "behaviour": "great"}]
    data["unit_predikat"] = [{"unit": "NOPE", "period": "2023", "predikat": "baik"}]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    result = runner.invoke(main, ["skp", str(path), "--period", "2023"])
    assert result.exit_code == 2
    for place in ("skp_ratings[0].employee", "skp_ratings[0].behaviour", "unit_predikat[0].unit"):
        assert place in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("period", ["2030", "2023-Q5", "garbage"])
def test_skp_with_an_invalid_period_exits_2(runner, make_skp_plan, tmp_path, period):
    result = runner.invoke(main, ["skp", str(skp_file(make_skp_plan(), tmp_path)), "-p", period])
    assert result.exit_code == 2
    assert period in result.stderr


def test_skp_refuses_a_file_and_the_database_together(runner, make_skp_plan, tmp_path):
    path = skp_file(make_skp_plan(), tmp_path)
    result = runner.invoke(main, ["skp", str(path), "--from-database", "--period", "2023"])
    assert result.exit_code == 2
    assert "not both" in result.stderr


def test_skp_from_the_database_gives_the_stored_ratings(
    runner, make_skp_plan, database_url, tmp_path
):
    doc = make_skp_plan({STAF2: 112})
    doc.skp_ratings = [SkpRating(STAF2, "2023", "above", "below")]
    doc.unit_predikat = [UnitPredikat("BIDANG", "2023", "istimewa")]
    path = skp_file(doc, tmp_path)
    assert runner.invoke(main, ["db", "upgrade", "--database", database_url]).exit_code == 0
    imported = runner.invoke(main, ["import", str(path), "--database", database_url])
    assert imported.exit_code == 0, imported.output
    args = ["skp", "--from-database", "--database", database_url, "--plan", "SKP"]
    result = runner.invoke(main, [*args, "--period", "2023", "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out == skp.evaluate(Engine(doc), "2023").to_json()
    assert list(out["employees"]) == [KADIS, KABID, STAF1, STAF2]
    assert out["employees"][STAF2]["proposed_work"] == "above"
    assert (out["employees"][STAF2]["work"], out["employees"][STAF2]["predikat"]) == (
        "below",
        "butuh_perbaikan",
    )
    assert out["employees"][KABID]["work"] == "above"  # the head, by the unit's predikat
    assert out["units"]["BIDANG"]["predikat"] == "istimewa"


def test_skp_from_a_database_gives_a_past_period_to_who_held_the_rhk_then(
    runner, make_skp_plan, database_url
):
    from ekinerja import services
    from ekinerja.storage.database import Database

    successor = "199505052020121001"
    db = Database(database_url)
    db.upgrade()
    services.import_document(db, services.system_user(), make_skp_plan())
    args = ["skp", "--from-database", "--database", database_url, "--plan", "SKP",
            "--period", "2023", "--format", "json"]
    before = json.loads(runner.invoke(main, args).stdout)["employees"][KABID]["score"]
    services.save_employee(db, services.system_user(), "SKP", successor, name="Baru",
                           unit="BIDANG")
    services.name_successor(db, services.system_user(), "SKP", KABID, successor,
                            on="2024-01-01")
    db.dispose()
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    employees = json.loads(result.stdout)["employees"]
    assert before is not None and employees[KABID]["score"] == before
    assert employees[successor]["score"] is None


def test_skp_from_a_database_without_schema_exits_2_with_a_message(runner, tmp_path):
    url = f"sqlite:///{tmp_path / 'none.sqlite'}"
    result = runner.invoke(main, ["skp", "--from-database", "--database", url, "-p", "2023"])
    assert result.exit_code == 2
    assert "db upgrade" in result.stderr and "Traceback" not in result.output


def test_skp_json_through_a_real_process(make_skp_plan, tmp_path):
    import subprocess
    import sys

    doc = make_skp_plan()
    doc.skp_ratings = [SkpRating(STAF1, "2023", "above", "above")]
    path = skp_file(doc, tmp_path)
    command = str(Path(sys.executable).with_name("ekinerja"))  # the installed entry point
    done = subprocess.run(
        [command, "skp", str(path), "-p", "2023", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["employees"][STAF1]["predikat"] == "sangat_baik"
    bad = subprocess.run(
        [command, "skp", str(path), "-p", "2023-13"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert bad.returncode == 2 and "2023-13" in bad.stderr


@pytest.fixture
def forecast_file(tmp_path: Path, forecast_plan: PlanDocument) -> Path:
    path = tmp_path / "forecast.json"
    interchange.write_json(forecast_plan, path)
    return path


def score_json(runner: CliRunner, path: Path, *extra: str) -> dict:
    result = runner.invoke(
        main, ["score", str(path), "--period", "2023-Q2", "--format", "json", *extra]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_score_forecast_keeps_every_base_field_unchanged(runner, forecast_file):
    base = score_json(runner, forecast_file)
    with_forecast = score_json(runner, forecast_file, "--forecast")
    assert {key: with_forecast[key] for key in base} == base
    assert set(with_forecast) - set(base) == {"forecast", "early_warning", "priority"}


def test_score_forecast_json_has_the_documented_shape(runner, forecast_file, forecast_plan):
    out = score_json(runner, forecast_file, "--forecast")
    block = out["forecast"]
    assert (block["as_of"], block["year"], block["elapsed_months"]) == ("2023-Q2", "2023", 6)
    assert set(block["objectives"]["V"]) == {"score", "low", "high", "band"}
    assert set(block["indicators"]["LAT"]) == {
        "realization", "low", "high", "achievement", "achievement_low", "achievement_high",
        "band", "method", "observations",
    }
    assert block["indicators"]["LAT"]["realization"] == pytest.approx(72.0)
    assert block["indicators"]["NONE"]["method"] is None
    assert [item["code"] for item in out["early_warning"]] == [
        "V", "M2", "SB", "LAT", "AVG", "NEG",
    ]
    assert out["early_warning"][3]["gap"] == pytest.approx(8.0)
    assert [item["code"] for item in out["priority"]] == ["SUM-T"]  # 60 % of its Q2 target
    assert out["priority"][0]["owner"] == forecast_plan.employees[0].nip


def test_score_forecast_table_shows_a_forecast_section(runner, forecast_file, forecast_plan):
    result = runner.invoke(main, ["score", str(forecast_file), "--period", "2023-Q2", "--forecast"])
    assert result.exit_code == 0, result.output
    assert "Prakiraan akhir tahun / year-end forecast 2023" in result.output
    assert "Peringatan dini / early warning: 6" in result.output
    assert "tren garis lurus / straight-line trend" in result.output  # the method, by LAT
    owner = forecast_plan.employees[0]
    assert f"{owner.name} ({owner.nip})" in result.output  # who owns SUM-T, the priority


def test_score_forecast_with_explain_exits_2(runner, forecast_file):
    result = runner.invoke(
        main, ["score", str(forecast_file), "--period", "2023-Q2", "--forecast", "--explain", "V"]
    )
    assert result.exit_code == 2
    assert "--forecast" in result.output


def test_score_forecast_json_of_the_example_plan_is_strict_json(runner):
    result = runner.invoke(
        main, ["score", str(EXAMPLE_PLAN), "--period", "2022-Q2", "--format", "json", "--forecast"]
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    json.dumps(out, allow_nan=False)  # null for no value, never NaN or Infinity
    assert out["forecast"]["objectives"][out["root"]]["score"] is not None
    assert out["early_warning"] and out["priority"]


def test_a_file_with_thousands_of_problems_prints_a_thousand_and_a_count(runner, tmp_path):
    doc = interchange.to_dict(small_plan())
    doc["targets"] = [{"indicator": f"X{i}", "period": "2020", "value": 1} for i in range(3000)]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    for command in (["check", str(path)], ["score", str(path), "--period", "2020"]):
        result = runner.invoke(main, command)
        lines = result.output.splitlines()
        assert result.exit_code == 2
        assert len(lines) == 1001
        assert lines[-1] == (
            "kesalahan / error: … dan 2.000 masalah lagi. / … and 2,000 more problems.")


def test_check_quality_lists_each_item_with_its_fix(runner, tmp_path):
    path = tmp_path / "plan.json"
    interchange.write_json(small_plan(), path)
    result = runner.invoke(main, ["check", str(path), "--quality"])
    assert result.exit_code == 0, result.output
    assert ('Indikator tanpa target / Indicators without targets: "I1" tidak punya target '
            'untuk 2021. / "I1" has no target for 2021. -> /pohon-kinerja?node=M1&indicator=I1'
            ) in result.output
    assert "Indikator tanpa target / Indicators without targets: 2;" in result.output
    assert runner.invoke(main, ["check", str(path), "--quality", "--strict"]).exit_code == 2
