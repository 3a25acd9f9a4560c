"""The SKP cadence (a database plan setting) and the units' organisation predikat through the
services (docs/skp.md): who may set them, history, audit, and what follows them."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from ekinerja import services
from ekinerja.cli import main
from ekinerja.interchange import to_dict
from ekinerja.model import UnitPredikat
from ekinerja.services import NotFound, PermissionDenied, ServiceError, User
from ekinerja.skp import fitting_period, period_fits, skp_periods
from ekinerja.storage.database import Database

KADIS, KABID, STAF1, STAF2 = (f"19800101200{k}011001" for k in range(1, 5))
KABID_USER = User("kabid", "Kabid", "head", unit="BIDANG", nip=KABID)
PLANNER = User("perencana", "Perencana", "planner")
REFUSED = [
    User("evaluator", "Evaluator", "evaluator"),
    KABID_USER,
    User("operator", "Operator", "operator", unit="BIDANG"),
    User("pegawai", "Pegawai", "employee", nip=STAF1),
    User("tamu", "Tamu", "viewer"),
    None,
]


@pytest.fixture
def skp_db(db: Database, make_skp_plan) -> Database:
    """The SKP plan (tests/conftest.py) in a real database; STAF2 scores 95 (as_expected)."""
    services.import_document(db, services.system_user(), make_skp_plan({STAF2: 95.0}))
    return db


def state(db: Database) -> tuple:
    """What a refused change must leave as it was."""
    return (services.revision(db), services.audit_log(db, limit=1000),
            services.skp_cadence(db, "SKP"), services.unit_predikat_history(db, "SKP", "BIDANG"))


# ----------------------------------------------------------------- cadence
def test_the_periods_of_a_cadence() -> None:
    assert skp_periods(2023, 2023, "quarterly") == ["2023-Q1", "2023-Q2", "2023-Q3",
                                                    "2023-Q4", "2023"]
    assert skp_periods(2023, 2023, "monthly")[:2] == ["2023-01", "2023-02"]
    assert len(skp_periods(2023, 2024, "monthly")) == 26
    assert period_fits("2023", "monthly") and period_fits("2023-05", "monthly")
    assert not period_fits("2023-Q2", "monthly") and not period_fits("2023-05", "quarterly")
    assert period_fits("2023-Q2", None) and period_fits("2023-05", None)
    assert fitting_period("2023-05", "quarterly") == "2023-Q2"
    assert fitting_period("2023-Q2", "monthly") == "2023-06"
    assert fitting_period("2023-Q2", "quarterly") == "2023-Q2"


def test_a_planner_sets_the_cadence_and_ratings_follow_it(skp_db) -> None:
    assert services.skp_cadence(skp_db, "SKP") is None
    services.rate_employee(skp_db, KABID_USER, "SKP", STAF2, "2023-Q1", behaviour="above")
    services.set_skp_cadence(skp_db, PLANNER, "SKP", "monthly")
    assert services.skp_cadence(skp_db, "SKP") == "monthly"
    assert services.load_engine(skp_db, "SKP").doc.plan.settings.skp.cadence == "monthly"
    before = services.rating_history(skp_db, "SKP", STAF2, "2023-Q2")
    with pytest.raises(ServiceError, match="no SKP period: the periodic ratings are monthly"):
        services.rate_employee(skp_db, KABID_USER, "SKP", STAF2, "2023-Q2", behaviour="above")
    assert services.rating_history(skp_db, "SKP", STAF2, "2023-Q2") == before
    services.rate_employee(skp_db, KABID_USER, "SKP", STAF2, "2023-05", behaviour="above")
    services.rate_employee(skp_db, KABID_USER, "SKP", STAF2, "2023", behaviour="above")
    [record] = services.audit_log(skp_db, limit=1000, entity="plan", username="perencana")
    assert (record["action"], record["old"], record["new"]) == (
        "update", {"settings.skp.cadence": None}, {"settings.skp.cadence": "monthly"})


def test_an_import_keeps_the_cadence_and_the_file_format_does_not_carry_it(
        skp_db, make_skp_plan) -> None:
    services.set_skp_cadence(skp_db, PLANNER, "SKP", "quarterly")
    assert "cadence" not in to_dict(services.load_document(skp_db, "SKP"))["plan"]["settings"][
        "skp"]
    services.import_document(skp_db, services.system_user(), make_skp_plan({STAF2: 90.0}))
    assert services.skp_cadence(skp_db, "SKP") == "quarterly"


@pytest.mark.parametrize("user", REFUSED, ids=lambda u: u.role if u else "anonymous")
def test_only_planners_and_admins_set_the_cadence(skp_db, user) -> None:
    before = state(skp_db)
    with pytest.raises(PermissionDenied):
        services.set_skp_cadence(skp_db, user, "SKP", "monthly")
    assert state(skp_db) == before


def test_an_unknown_cadence_is_refused(skp_db) -> None:
    before = state(skp_db)
    with pytest.raises(ServiceError, match=r"monthly, quarterly .*'weekly'"):
        services.set_skp_cadence(skp_db, PLANNER, "SKP", "weekly")
    assert state(skp_db) == before


def test_ekinerja_skp_from_the_database_follows_the_cadence(skp_db) -> None:
    services.set_skp_cadence(skp_db, PLANNER, "SKP", "quarterly")
    runner = CliRunner()
    base = ["skp", "--from-database", "--database", skp_db.url, "--plan", "SKP",
            "--format", "json"]
    refused = runner.invoke(main, [*base, "--period", "2023-05"])
    assert refused.exit_code == 2
    assert "2023-05" in refused.output and "quarterly" in refused.output
    done = runner.invoke(main, [*base, "--period", "2023-Q2"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.output)["period"] == "2023-Q2"


# ----------------------------------------------------------------- organisation predikat
def test_a_planner_sets_a_units_predikat_with_history_and_the_distribution_follows(
        skp_db) -> None:
    services.rate_employee(skp_db, KABID_USER, "SKP", STAF1, "2023", behaviour="above",
                           work="above", reason="luar biasa")
    services.rate_employee(skp_db, KABID_USER, "SKP", STAF2, "2023", behaviour="above",
                           work="above", reason="luar biasa")
    assert services.skp_result(skp_db, "SKP", "2023").units["BIDANG"].warnings == []
    services.set_unit_predikat(skp_db, PLANNER, "SKP", "BIDANG", 2023, "istimewa")
    unit = services.skp_result(skp_db, "SKP", "2023").units["BIDANG"]
    assert unit.predikat == "istimewa"
    assert any("at most 70 % Sangat Baik" in w for w in unit.warnings)
    services.set_unit_predikat(skp_db, services.system_user(), "SKP", "BIDANG", "2023",
                               "butuh_perbaikan")
    unit = services.skp_result(skp_db, "SKP", "2023").units["BIDANG"]
    assert unit.predikat == "butuh_perbaikan"
    history = services.unit_predikat_history(skp_db, "SKP", "BIDANG")
    assert [(h.period, h.predikat, h.author, h.superseded) for h in history] == [
        ("2023", "istimewa", "perencana", True),
        ("2023", "butuh_perbaikan", "system", False),
    ]
    # the head of BIDANG is now rated from the unit's predikat
    assert services.skp_result(skp_db, "SKP", "2023").employees[KABID].work == "below"
    services.set_unit_predikat(skp_db, PLANNER, "SKP", "BIDANG", "2023", None)
    assert services.skp_result(skp_db, "SKP", "2023").units["BIDANG"].predikat is None
    records = services.audit_log(skp_db, limit=1000, entity="unit_predikat")[::-1]
    assert [(r["key"], r["action"], r["old"], r["new"]) for r in records] == [
        ("BIDANG@2023", "add", None, {"predikat": "istimewa"}),
        ("BIDANG@2023", "update", {"predikat": "istimewa"}, {"predikat": "butuh_perbaikan"}),
        ("BIDANG@2023", "remove", {"predikat": "butuh_perbaikan"}, None),
    ]


def test_the_set_predikat_is_the_plans_and_an_import_without_the_list_keeps_it(
        skp_db, make_skp_plan) -> None:
    services.set_unit_predikat(skp_db, PLANNER, "SKP", "DINAS", "2023", "baik")
    doc = services.load_document(skp_db, "SKP")
    assert doc.unit_predikat == [UnitPredikat("DINAS", "2023", "baik")]


@pytest.mark.parametrize("user", REFUSED, ids=lambda u: u.role if u else "anonymous")
def test_only_planners_and_admins_set_a_units_predikat(skp_db, user) -> None:
    before = state(skp_db)
    with pytest.raises(PermissionDenied):
        services.set_unit_predikat(skp_db, user, "SKP", "BIDANG", "2023", "baik")
    assert state(skp_db) == before


@pytest.mark.parametrize(("unit", "year", "predikat", "error", "text"), [
    ("BIDANG", "2023", "hebat", ServiceError, "must be one of: istimewa"),
    ("BIDANG", "2023-Q1", "baik", ServiceError, "invalid year"),
    ("BIDANG", "2030", "baik", ServiceError, "outside the plan"),
    ("NOWHERE", "2023", "baik", NotFound, 'unit not found: "NOWHERE"'),
])
def test_bad_predikat_input_is_refused_and_nothing_written(skp_db, unit, year, predikat,
                                                           error, text) -> None:
    before = state(skp_db)
    with pytest.raises(error, match=text):
        services.set_unit_predikat(skp_db, PLANNER, "SKP", unit, year, predikat)
    assert state(skp_db) == before
