"""The organisation in the app: units, employees, moves and succession with history, on SQLite
and PostgreSQL (docs/organisation.md)."""

from __future__ import annotations

from datetime import date

import pytest

from ekinerja import services
from ekinerja.readmodels import skp as skp_views
from ekinerja.services import InvalidEdit, PermissionDenied, User
from ekinerja.services.engine_cache import load_engine
from ekinerja.storage import changes
from ekinerja.storage.database import Database

KADIS, KABID, STAF1, STAF2 = (f"19800101200{k}011001" for k in range(1, 5))

NEW = "199505052020121001"
PLANNER = User("perencana", "Perencana", "planner")


def state(db: Database) -> tuple:
    """What a refused change must leave untouched."""
    return (services.load_document(db, "SKP"), services.revision(db),
            services.audit_log(db, limit=1000), services.objective_holdings(db, "SKP"))


def employee(db: Database, nip: str) -> dict:
    return next(e for e in services.organisation(db, "SKP")["employees"] if e["nip"] == nip)


def test_a_planner_adds_a_unit_and_an_employee_audited_and_reloaded(org_db) -> None:
    with org_db.read() as conn:
        last = changes.last_id(conn)
    services.save_unit(org_db, PLANNER, "SKP", "SEKSI", name="Seksi Data", parent="BIDANG",
                       kind="section")
    services.save_employee(org_db, PLANNER, "SKP", NEW, name="Baru", unit="SEKSI",
                           position="Pranata", supervisor=KABID)
    org = services.organisation(org_db, "SKP")
    assert org["units"][-1] == {"code": "SEKSI", "name": "Seksi Data", "parent": "BIDANG",
                                "kind": "section"}
    assert org["employees"][-1] == {"nip": NEW, "name": "Baru", "unit": "SEKSI",
                                    "position": "Pranata", "supervisor": KABID}
    entry = services.audit_log(org_db, "SKP", entity="employee", key=NEW)[0]
    assert (entry["action"], entry["old"], entry["username"]) == ("add", None, "perencana")
    with org_db.read() as conn:
        kinds = [c.kind for c in changes.since(conn, "SKP", last)]
    assert kinds == [changes.RELOAD, changes.RELOAD]
    # the compiled plan every page reads follows
    assert NEW in {e.nip for e in load_engine(org_db, "SKP").doc.employees}


def test_an_edit_is_audited_old_to_new(org_db) -> None:
    services.save_unit(org_db, PLANNER, "SKP", "BIDANG", name="Bidang Baru", parent="DINAS",
                       kind="division")
    entry = services.audit_log(org_db, "SKP", entity="unit", key="BIDANG")[0]
    assert (entry["old"], entry["new"]) == ({"name": "Bidang"}, {"name": "Bidang Baru"})


def test_moving_an_employee_changes_unit_and_supervisor(org_db) -> None:
    services.move_employee(org_db, PLANNER, "SKP", STAF2, unit="DINAS", supervisor=KADIS)
    assert employee(org_db, STAF2)["unit"] == "DINAS"
    assert employee(org_db, STAF2)["supervisor"] == KADIS
    entry = services.audit_log(org_db, "SKP", entity="employee", key=STAF2)[0]
    assert entry["old"] == {"unit": "BIDANG", "supervisor": KABID}


@pytest.mark.parametrize("role", ["head", "operator", "employee", "viewer", "evaluator"])
def test_other_roles_are_refused_and_nothing_is_written(org_db, role) -> None:
    user = User("someone", "Someone", role, unit="DINAS", nip=KADIS)
    before = state(org_db)
    with pytest.raises(PermissionDenied):
        services.save_employee(org_db, user, "SKP", NEW, name="Baru", unit="DINAS")
    with pytest.raises(PermissionDenied):
        services.save_unit(org_db, user, "SKP", "X", name="X")
    with pytest.raises(PermissionDenied):
        services.name_successor(org_db, user, "SKP", STAF1, STAF2)
    assert state(org_db) == before


@pytest.mark.parametrize(("call", "field", "english"), [
    (lambda db: services.save_employee(db, PLANNER, "SKP", "1234", name="X", unit="DINAS"),
     "nip", 'A NIP is 18 digits: "1234".'),
    (lambda db: services.save_employee(db, PLANNER, "SKP", NEW, name="X", unit="NOPE"),
     "unit", 'Unknown unit "NOPE".'),
    (lambda db: services.save_employee(db, PLANNER, "SKP", NEW, name="X", unit="DINAS",
                                       supervisor="199909092020121009"),
     "supervisor", 'Unknown employee "199909092020121009".'),
    (lambda db: services.save_employee(db, PLANNER, "SKP", NEW, name="", unit="DINAS"),
     "name", "The name is empty."),
    (lambda db: services.move_employee(db, PLANNER, "SKP", KADIS, supervisor=STAF1),
     "supervisor", "A supervisor chain cannot loop"),
    (lambda db: services.save_unit(db, PLANNER, "SKP", "DINAS", name="Dinas",
                                   parent="BIDANG"),
     "parent", "A unit cannot be below itself: DINAS → BIDANG → DINAS."),
    (lambda db: services.save_unit(db, PLANNER, "SKP", "X", name="X", parent="NOPE"),
     "parent", 'Unknown unit "NOPE".'),
    (lambda db: services.name_successor(db, PLANNER, "SKP", STAF1, STAF1),
     "successor", "The successor must be someone else"),
    (lambda db: services.name_successor(db, PLANNER, "SKP", STAF1, STAF2, on="1 Juli"),
     "date", 'Invalid date "1 Juli"'),
])
def test_bad_input_is_refused_located_and_translated(org_db, call, field, english,
                                                     refused_edit) -> None:
    refused_edit(org_db, call, state, field, english)


def test_a_successor_takes_over_the_rhk_and_the_position_with_history(org_db) -> None:
    services.save_employee(org_db, PLANNER, "SKP", NEW, name="Pengganti", unit="DINAS")
    links_before = services.load_document(org_db, "SKP").links
    services.name_successor(org_db, PLANNER, "SKP", KABID, NEW, on=date(2023, 7, 1),
                            reason="pensiun")
    doc = services.load_document(org_db, "SKP")
    assert doc.links == links_before  # nothing re-cascaded
    assert next(o for o in doc.objectives if o.code == "RHK-B").owner == NEW
    assert employee(org_db, NEW) == {"nip": NEW, "name": "Pengganti", "unit": "BIDANG",
                                     "position": "Kepala Bidang", "supervisor": KADIS}
    assert employee(org_db, STAF1)["supervisor"] == NEW  # the direct reports follow
    assert employee(org_db, KABID)["nip"] == KABID  # who left stays in the list
    held = [(h.holder, h.since, h.until) for h in services.objective_holdings(org_db, "SKP")]
    assert held == [(KABID, None, date(2023, 7, 1)), (NEW, date(2023, 7, 1), None)]
    entry = services.audit_log(org_db, "SKP", entity="objective", key="RHK-B")[0]
    assert (entry["old"], entry["new"], entry["reason"]) == (
        {"owner": KABID}, {"owner": NEW}, "pensiun")


def test_past_periods_stay_with_who_held_the_objective_then(org_db) -> None:
    services.save_employee(org_db, PLANNER, "SKP", NEW, name="Pengganti", unit="BIDANG")
    services.name_successor(org_db, PLANNER, "SKP", KABID, NEW, on="2023-07-01")
    assert services.holder_of(org_db, "SKP", "RHK-B", "2022") == KABID
    assert services.holder_of(org_db, "SKP", "RHK-B", "2023-Q2") == KABID
    assert services.holder_of(org_db, "SKP", "RHK-B", "2023-Q3") == NEW
    assert services.holder_of(org_db, "SKP", "RHK-B", "2024") == NEW
    assert services.holder_of(org_db, "SKP", "RHK-K", "2022") == KADIS  # never handed over
    # a second handover keeps the whole chain
    services.name_successor(org_db, PLANNER, "SKP", NEW, STAF2, on="2024-01-01",
                            take_position=False)
    assert [services.holder_of(org_db, "SKP", "RHK-B", p) for p in ("2022", "2023", "2024")
            ] == [KABID, NEW, STAF2]
    # the SKP page lists an RHK under who held it in the period
    engine = load_engine(org_db, "SKP")
    past = services.holders_in_period(org_db, "SKP", "2022")
    assert "RHK-B" in [line.code for line in skp_views.rhk_lines(engine, "2022", KABID, past)]
    assert "RHK-B" not in [line.code for line in skp_views.rhk_lines(engine, "2022", STAF2,
                                                                     past)]
    now = services.holders_in_period(org_db, "SKP", "2024")
    assert "RHK-B" in [line.code for line in skp_views.rhk_lines(engine, "2024", STAF2, now)]


def test_a_handover_before_the_last_one_is_refused(org_db) -> None:
    services.name_successor(org_db, PLANNER, "SKP", STAF1, STAF2, on="2023-07-01",
                            take_position=False)
    before = state(org_db)
    with pytest.raises(InvalidEdit) as caught:
        services.name_successor(org_db, PLANNER, "SKP", STAF2, KABID, on="2023-01-01",
                                take_position=False)
    assert caught.value.field == "date"
    assert state(org_db) == before


def test_a_successor_below_who_leaves_does_not_loop(org_db) -> None:
    # STAF1 (under KABID) succeeds KABID: STAF1 now reports to KADIS, STAF2 to STAF1
    services.name_successor(org_db, PLANNER, "SKP", KABID, STAF1, on="2023-07-01")
    assert employee(org_db, STAF1)["supervisor"] == KADIS
    assert employee(org_db, STAF2)["supervisor"] == STAF1


def test_the_skp_of_a_past_period_stays_with_who_held_the_rhk(org_db) -> None:
    services.save_employee(org_db, PLANNER, "SKP", NEW, name="Pengganti", unit="BIDANG")
    before = services.skp_result(org_db, "SKP", "2023").employees[KABID].score
    assert before is not None
    services.name_successor(org_db, PLANNER, "SKP", KABID, NEW, on="2024-01-01")
    past = services.skp_result(org_db, "SKP", "2023").employees
    assert past[KABID].score == before  # RHK-B's 2023 score stays Kabid's
    assert past[NEW].score is None
    assert services.skp_result(org_db, "SKP", "2024").employees[KABID].score is None
