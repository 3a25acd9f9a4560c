"""SKP ratings through the service (docs/skp.md): who may rate, the reason a differing work
rating needs, notes per BerAKHLAK value, history and audit, and the plan file round trip."""

from __future__ import annotations

import pytest

from ekinerja import services, skp
from ekinerja.model import PlanDocument, SkpRating, UnitPredikat
from ekinerja.rollup import Engine
from ekinerja.services import NotFound, PermissionDenied, ServiceError, User
from ekinerja.storage.database import Database

KADIS, KABID, STAF1, STAF2 = (f"19800101200{k}011001" for k in range(1, 5))
KABID_USER = User("kabid", "Kabid", "head", unit="BIDANG", nip=KABID)
KADIS_USER = User("kadis", "Kadis", "head", unit="DINAS", nip=KADIS)


@pytest.fixture
def skp_db(db: Database, make_skp_plan) -> Database:
    """The SKP plan (tests/conftest.py) in a real database; STAF2 scores 95 (as_expected),
    BIDANG is `istimewa` in 2023."""
    doc = make_skp_plan({STAF2: 95.0})
    doc.unit_predikat = [UnitPredikat("BIDANG", "2023", "istimewa")]
    services.import_document(db, services.system_user(), doc)
    return db


def state(db: Database) -> tuple:
    """What a refused rating must leave as it was."""
    return (
        services.revision(db),
        services.audit_log(db, limit=1000),
        [services.rating_history(db, "SKP", nip, "2023") for nip in (KADIS, KABID, STAF1, STAF2)],
    )


def test_a_head_rates_a_staff_member_and_the_skp_follows(skp_db) -> None:
    services.rate_employee(skp_db, KABID_USER, "SKP", STAF2, "2023", behaviour="above")
    employee = services.skp_result(skp_db, "SKP", "2023").employees[STAF2]
    assert (employee.proposed_work, employee.work, employee.behaviour) == (
        "as_expected",
        "as_expected",
        "above",
    )
    assert employee.predikat == "baik"


def test_a_set_work_rating_needs_a_reason_when_it_differs_from_the_proposal(skp_db) -> None:
    before = state(skp_db)
    with pytest.raises(ServiceError, match=r"reason is required .*as_expected"):
        services.rate_employee(skp_db, KABID_USER, "SKP", STAF2, "2023", behaviour="above",
                               work="above", reason="   ")
    assert state(skp_db) == before
    services.rate_employee(skp_db, KABID_USER, "SKP", STAF2, "2023", behaviour="above",
                           work="above", reason="memimpin tim tanggap darurat")
    employee = services.skp_result(skp_db, "SKP", "2023").employees[STAF2]
    assert (employee.proposed_work, employee.work, employee.predikat) == (
        "as_expected",
        "above",
        "sangat_baik",
    )
    rating = services.skp_rating(skp_db, "SKP", STAF2, "2023")
    assert rating is not None and rating.reason == "memimpin tim tanggap darurat"


def test_the_proposal_itself_needs_no_reason(skp_db) -> None:
    services.rate_employee(skp_db, KABID_USER, "SKP", STAF2, "2023", behaviour="below",
                           work="as_expected")
    assert services.skp_result(skp_db, "SKP", "2023").employees[STAF2].predikat == "kurang"


def test_a_heads_standing_rating_comes_from_the_unit_predikat(skp_db) -> None:
    # KABID heads BIDANG (istimewa): `above` stands without a rating, so it needs no reason
    services.rate_employee(skp_db, KADIS_USER, "SKP", KABID, "2023", behaviour="above",
                           work="above")
    head = services.skp_result(skp_db, "SKP", "2023").employees[KABID]
    assert (head.proposed_work, head.work, head.predikat) == ("as_expected", "above", "sangat_baik")
    with pytest.raises(ServiceError, match="reason is required"):
        services.rate_employee(skp_db, KADIS_USER, "SKP", KABID, "2023", behaviour="above",
                               work="as_expected")


def test_a_replaced_rating_stays_as_history_and_every_rating_is_audited(skp_db) -> None:
    services.rate_employee(skp_db, KABID_USER, "SKP", STAF1, "2023", behaviour="as_expected",
                           feedback="tingkatkan ketepatan waktu")
    services.rate_employee(skp_db, KABID_USER, "SKP", STAF1, "2023", behaviour="below",
                           work="below", reason="laporan terlambat tiga kali",
                           notes={"akuntabel": "laporan terlambat", "loyal": " "})
    old, new = services.rating_history(skp_db, "SKP", STAF1, "2023")
    assert old.superseded and not new.superseded
    assert (old.behaviour, old.feedback, old.author) == (
        "as_expected", "tingkatkan ketepatan waktu", "kabid"
    )
    assert (new.work, new.behaviour, new.notes) == ("below", "below",
                                                     {"akuntabel": "laporan terlambat"})
    assert new.recorded_at.tzinfo is not None
    records = services.audit_log(skp_db, "SKP", entity="skp_rating")
    assert [(r["action"], r["username"], r["key"]) for r in records] == [
        ("update", "kabid", f"{STAF1}@2023"),
        ("add", "kabid", f"{STAF1}@2023"),
    ]
    assert records[0]["old"]["behaviour"] == "as_expected"
    assert records[0]["new"]["work"] == "below"
    assert records[0]["reason"] == "laporan terlambat tiga kali"
    assert services.skp_result(skp_db, "SKP", "2023").employees[STAF1].predikat == "sangat_kurang"


def test_notes_follow_the_berakhlak_order(skp_db) -> None:
    notes = {"kolaboratif": "c", "berorientasi_pelayanan": "a", "kompeten": "b"}
    services.rate_employee(skp_db, KABID_USER, "SKP", STAF2, "2023", behaviour="above",
                           notes=notes)
    rating = services.skp_rating(skp_db, "SKP", STAF2, "2023")
    assert rating is not None
    assert list(rating.notes) == ["berorientasi_pelayanan", "kompeten", "kolaboratif"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"behaviour": "great"}, "behaviour rating must be one of"),
        ({"behaviour": None}, "behaviour rating must be one of"),
        ({"work": "excellent"}, "work rating must be one of"),
        ({"notes": {"jujur": "x"}}, "unknown BerAKHLAK value"),
        ({"feedback": "x" * 4001}, "too long"),
        ({"period": "2030"}, "outside the plan's years"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(skp_db, change, message) -> None:
    before = state(skp_db)
    args = {"behaviour": "above", "period": "2023", **change}
    period = args.pop("period")
    with pytest.raises(ServiceError, match=message):
        services.rate_employee(skp_db, KABID_USER, "SKP", STAF2, period, **args)
    assert state(skp_db) == before


def test_an_unknown_employee_is_not_found(skp_db) -> None:
    with pytest.raises(NotFound, match="employee not found"):
        services.rate_employee(skp_db, KABID_USER, "SKP", "1" * 18, "2023", behaviour="above")


REFUSED = [
    (User("kabid", "Kabid", "head", unit="BIDANG", nip=KABID), KABID),  # themselves
    (User("kabid", "Kabid", "head", unit="BIDANG", nip=KABID), KADIS),  # above their unit
    (User("staf", "Staf", "employee", unit="BIDANG", nip=STAF1), STAF2),
    (User("op", "Operator", "operator", unit="DINAS"), STAF2),
    (User("plan", "Perencana", "planner"), STAF2),
    (User("eval", "Inspektorat", "evaluator"), STAF2),
    (User("tamu", "Tamu", "viewer"), STAF2),
    (None, STAF2),
]


@pytest.mark.parametrize(("user", "employee"), REFUSED)
def test_only_a_head_above_the_employee_or_an_admin_rates(skp_db, user, employee) -> None:
    before = state(skp_db)
    with pytest.raises(PermissionDenied):
        services.rate_employee(skp_db, user, "SKP", employee, "2023", behaviour="above")
    assert state(skp_db) == before
    assert not services.may_rate(skp_db, user, "SKP", employee)


@pytest.mark.parametrize(
    ("user", "employee"),
    [(KABID_USER, STAF1), (KADIS_USER, KABID), (KADIS_USER, STAF2),
     (services.system_user(), KADIS)],
)
def test_a_head_rates_below_them_and_an_admin_anyone(skp_db, user, employee) -> None:
    assert services.may_rate(skp_db, user, "SKP", employee)
    services.rate_employee(skp_db, user, "SKP", employee, "2023", behaviour="as_expected")
    assert services.skp_result(skp_db, "SKP", "2023").employees[employee].behaviour == (
        "as_expected"
    )


def test_ratings_predikat_and_rhk_kinds_round_trip_through_the_database(db, make_skp_plan):
    doc: PlanDocument = make_skp_plan()
    doc.unit_predikat = [UnitPredikat("BIDANG", "2023", "baik"),
                         UnitPredikat("DINAS", "2023-Q1", "kurang")]
    doc.skp_ratings = [SkpRating(STAF1, "2023", "above", "below"),
                       SkpRating(STAF2, "2023-06", "below")]
    services.import_document(db, services.system_user(), doc)
    back = services.load_document(db, "SKP")
    assert back.skp_ratings == doc.skp_ratings
    assert back.unit_predikat == doc.unit_predikat
    assert back.rhk_kinds == {"RHK-S1X": "additional"}
    expected = skp.evaluate(Engine(doc), "2023").to_json()
    assert skp.evaluate(Engine(back), "2023").to_json() == expected


def test_a_reimport_keeps_the_replaced_rating_as_history(db, make_skp_plan):
    doc: PlanDocument = make_skp_plan()
    doc.skp_ratings = [SkpRating(STAF1, "2023", "above")]
    services.import_document(db, services.system_user(), doc)
    doc.skp_ratings = [SkpRating(STAF1, "2023", "below", "below")]
    doc.rhk_kinds = {}
    report = services.import_document(db, services.system_user(), doc, reason="koreksi",
                                      allow_removals=True)
    assert report.counts["skp_ratings"] == {"add": 0, "update": 1, "remove": 0}
    assert report.counts["rhk_kinds"] == {"add": 0, "update": 0, "remove": 1}
    old, new = services.rating_history(db, "SKP", STAF1, "2023")
    assert (old.behaviour, old.superseded, new.behaviour, new.work) == (
        "above", True, "below", "below"
    )
    assert services.load_document(db, "SKP").rhk_kinds == {}
    assert services.skp_result(db, "SKP", "2023").employees[STAF1].predikat == "sangat_kurang"
