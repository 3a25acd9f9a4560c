"""Organisation edits kept in the shared edit history and undone from it, and removing a unit
or an employee (refused while referenced, confirmed when it moves dependents), on SQLite and
PostgreSQL (docs/organisation.md)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from ekinerja import services
from ekinerja.model import Objective
from ekinerja.services import InvalidEdit, PermissionDenied, User, accounts
from ekinerja.services.engine_cache import load_engine
from ekinerja.storage import changes
from ekinerja.storage.database import Database

KADIS, KABID, STAF1, STAF2 = (f"19800101200{k}011001" for k in range(1, 5))
NEW = "199505052020121001"
PLANNER = User("perencana", "Perencana", "planner")


def org_state(db: Database) -> tuple:
    """Units, employees (in any order), owners and holdings: what an undo restores."""
    org = services.organisation(db, "SKP")
    owners = {o.code: o.owner for o in services.load_document(db, "SKP").objectives}
    held = [(h.objective, h.holder, h.since, h.until)
            for h in services.objective_holdings(db, "SKP")]
    return (sorted(org["units"], key=lambda u: u["code"]),
            sorted(org["employees"], key=lambda e: e["nip"]), owners, held)


def state(db: Database) -> tuple:
    """What a refused change must leave untouched."""
    return (services.load_document(db, "SKP"), services.revision(db),
            services.audit_log(db, limit=1000), services.objective_holdings(db, "SKP"),
            services.edit_history(db, "SKP"))


def add_new(db: Database, unit: str = "BIDANG", supervisor: str | None = KABID) -> None:
    services.save_employee(db, PLANNER, "SKP", NEW, name="Baru", unit=unit,
                           position="Pranata", supervisor=supervisor)


EDITS: dict[str, Callable[[Database], object]] = {
    "unit added": lambda db: services.save_unit(db, PLANNER, "SKP", "SEKSI", name="Seksi",
                                                parent="BIDANG", kind="section"),
    "unit renamed and moved": lambda db: services.save_unit(
        db, PLANNER, "SKP", "BIDANG", name="Bidang Baru", parent="PEMDA", kind="division"),
    "employee added": add_new,
    "employee changed": lambda db: services.save_employee(
        db, PLANNER, "SKP", STAF1, name="Staf Satu Baru", unit="BIDANG", position="Pranata",
        supervisor=KABID),
    "employee moved": lambda db: services.move_employee(db, PLANNER, "SKP", STAF2,
                                                        unit="DINAS", supervisor=KADIS),
    "succession": lambda db: services.name_successor(db, PLANNER, "SKP", KABID, STAF1,
                                                     on="2023-07-01"),
    "second succession": lambda db: services.name_successor(db, PLANNER, "SKP", STAF1, STAF2,
                                                            on="2024-01-01",
                                                            take_position=False),
}


@pytest.mark.parametrize("kind", list(EDITS))
def test_each_organisation_edit_is_undone_from_the_history(org_db, kind) -> None:
    if kind == "second succession":  # a chain: the undo reopens the holding before
        services.name_successor(org_db, PLANNER, "SKP", KABID, STAF1, on="2023-07-01")
    before = org_state(org_db)
    EDITS[kind](org_db)
    assert org_state(org_db) != before
    edit = services.organisation_history(org_db, "SKP")[0]
    assert edit["undone_by"] is None and edit["steps"]
    with org_db.read() as conn:
        last = changes.last_id(conn)
    services.undo_edit(org_db, PLANNER, "SKP", edit["id"])
    assert org_state(org_db) == before
    history = services.organisation_history(org_db, "SKP")
    assert history[0]["undo_of"] == edit["id"] and history[1]["undone_by"] == history[0]["id"]
    undone = [e for e in services.audit_log(org_db, "SKP", limit=1000)
              if e["reason"] == f"undo #{edit['id']}"]
    assert len(undone) == len(edit["steps"])
    with org_db.read() as conn:  # one transaction, and every compiled plan reloads
        assert [c.kind for c in changes.since(conn, "SKP", last)] == [changes.RELOAD]
    employees = {e.nip: e for e in load_engine(org_db, "SKP").doc.employees}
    assert sorted(employees) == [e["nip"] for e in before[1]]


def undo_last(db: Database) -> None:
    services.undo_edit(db, PLANNER, "SKP", services.organisation_history(db, "SKP")[0]["id"])


def test_an_undo_can_be_undone(org_db) -> None:
    add_new(org_db)
    undo_last(org_db)
    assert NEW not in {e["nip"] for e in services.organisation(org_db, "SKP")["employees"]}
    undo_last(org_db)
    assert NEW in {e["nip"] for e in services.organisation(org_db, "SKP")["employees"]}


def test_organisation_edits_are_in_the_shared_history_with_their_labels(org_db) -> None:
    add_new(org_db)
    services.update_objective(org_db, PLANNER, "SKP", "SS", name="Sasaran baru")
    shared = services.edit_history(org_db, "SKP")
    assert [e["label"]["msgid"] for e in shared[:2]] == ["Change {code}",
                                                         "Add employee {nip}"]
    assert [e["label"]["msgid"] for e in services.organisation_history(org_db, "SKP")] == [
        "Add employee {nip}"]


ADD_EMPLOYEE, ADD_UNIT = "Add employee {nip}", "Add unit {code}"


@pytest.mark.parametrize(("setup", "undone", "english"), [
    (lambda db: (add_new(db), services.add_objective(
        db, PLANNER, "SKP", Objective("RHK-N", "RHK baru", "individual", owner=NEW),
        parent="RHK-B")), ADD_EMPLOYEE, f'Employee "{NEW}" owns objectives (RHK-N)'),
    (lambda db: (add_new(db), services.save_employee(
        db, PLANNER, "SKP", STAF2, name="Staf Dua", unit="BIDANG", position="Analis",
        supervisor=NEW)), ADD_EMPLOYEE, f"{STAF2} → {KABID} depend on \"{NEW}\""),
    (lambda db: (add_new(db), services.name_successor(db, PLANNER, "SKP", STAF2, NEW,
                                                      on="2023-07-01", take_position=False)),
     ADD_EMPLOYEE, f'Employee "{NEW}" owns objectives (RHK-S2)'),
    (lambda db: (EDITS["unit added"](db), add_new(db, unit="SEKSI")), ADD_UNIT,
     f'{NEW} → BIDANG depend on "SEKSI"'),
    (lambda db: (EDITS["unit added"](db), services.update_objective(
        db, PLANNER, "SKP", "SS", unit="SEKSI")), ADD_UNIT,
     'Unit "SEKSI" is the unit of objectives (SS)'),
])
def test_an_undo_is_refused_while_a_later_edit_depends_on_it(org_db, setup, undone,
                                                              english) -> None:
    setup(org_db)
    added = next(e for e in services.organisation_history(org_db, "SKP")
                 if e["label"]["msgid"] == undone)
    before = state(org_db)
    with pytest.raises(InvalidEdit) as caught:
        services.undo_edit(org_db, PLANNER, "SKP", added["id"])
    assert english in caught.value.text("en")
    assert caught.value.text("id") != caught.value.text("en")
    assert state(org_db) == before


def test_an_undo_is_refused_when_what_it_changed_changed_since(org_db) -> None:
    services.move_employee(org_db, PLANNER, "SKP", STAF2, unit="DINAS", supervisor=KADIS)
    moved = services.organisation_history(org_db, "SKP")[0]
    services.move_employee(org_db, PLANNER, "SKP", STAF2, unit="PEMDA", keep_supervisor=True)
    before = state(org_db)
    with pytest.raises(InvalidEdit) as caught:
        services.undo_edit(org_db, PLANNER, "SKP", moved["id"])
    assert "can no longer be undone" in caught.value.text("en")
    assert state(org_db) == before


# -- removal ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("call", "field", "english"), [
    (lambda db: services.remove_unit(db, PLANNER, "SKP", "DINAS", confirm=True),
     "code", 'Unit "DINAS" is the unit of objectives (SS)'),
    (lambda db: services.remove_unit(db, PLANNER, "SKP", "PEMDA", confirm=True),
     "code", 'Unit "PEMDA" is at the top'),
    (lambda db: services.remove_unit(db, PLANNER, "SKP", "NOPE"), "code", 'Unknown unit "NOPE"'),
    (lambda db: services.remove_employee(db, PLANNER, "SKP", KABID, confirm=True),
     "nip", f'Employee "{KABID}" owns objectives (RHK-B): name a successor first'),
    (lambda db: services.remove_employee(db, PLANNER, "SKP", NEW), "nip",
     f'Unknown employee "{NEW}"'),
])
def test_a_referenced_unit_or_employee_is_not_removed(org_db, call, field, english,
                                                      refused_edit) -> None:
    refused_edit(org_db, call, state, field, english)


def test_who_left_keeps_their_past_scores_and_is_not_removed(org_db) -> None:
    add_new(org_db)
    before_score = services.skp_result(org_db, "SKP", "2023").employees[KABID].score
    services.name_successor(org_db, PLANNER, "SKP", KABID, NEW, on="2024-01-01")
    before = state(org_db)
    with pytest.raises(InvalidEdit) as caught:
        services.remove_employee(org_db, PLANNER, "SKP", KABID, confirm=True)
    assert "past scores stay theirs" in caught.value.text("en")
    assert state(org_db) == before
    assert services.skp_result(org_db, "SKP", "2023").employees[KABID].score == before_score


def test_an_employee_with_ratings_or_an_account_is_not_removed(org_db) -> None:
    add_new(org_db, supervisor=None)
    accounts.create_account(org_db, services.system_user(), "baru", "employee",
                                     "rahasia-panjang-1", nip=NEW, unit="BIDANG")
    removal = services.organisation_removal(org_db, "SKP", "employees", NEW)
    assert removal.blockers == {"accounts": ["baru"]}
    with pytest.raises(InvalidEdit) as caught:
        services.remove_employee(org_db, PLANNER, "SKP", NEW)
    assert "linked to accounts (baru)" in caught.value.text("en")
    unit = services.organisation_removal(org_db, "SKP", "units", "BIDANG")
    assert set(unit.blockers) == {"accounts"}
    services.rate_employee(org_db, services.system_user(), "SKP", NEW, "2023",
                           behaviour="as_expected")
    removal = services.organisation_removal(org_db, "SKP", "employees", NEW)
    assert set(removal.blockers) == {"accounts", "skp_ratings"}


def test_removing_an_employee_with_reports_needs_a_confirmation(org_db) -> None:
    add_new(org_db)
    services.move_employee(org_db, PLANNER, "SKP", STAF2, supervisor=NEW)
    preview = services.organisation_removal(org_db, "SKP", "employees", NEW)
    assert not preview.blockers and preview.moves_text() == f"{STAF2} → {KABID}"
    before = state(org_db)
    with pytest.raises(InvalidEdit) as caught:
        services.remove_employee(org_db, PLANNER, "SKP", NEW)
    assert caught.value.field == "confirm"
    assert f"moves {STAF2} → {KABID}" in caught.value.text("en")
    assert state(org_db) == before
    with_reports = org_state(org_db)
    services.remove_employee(org_db, PLANNER, "SKP", NEW, confirm=True, reason="mutasi")
    people = {e["nip"]: e for e in services.organisation(org_db, "SKP")["employees"]}
    assert NEW not in people and people[STAF2]["supervisor"] == KABID
    entries = services.audit_log(org_db, "SKP", entity="employee", limit=5)
    assert [(e["key"], e["action"], e["reason"]) for e in entries[:2]] == [
        (NEW, "remove", "mutasi"), (STAF2, "update", "mutasi")]
    assert entries[0]["old"] == {"nip": NEW, "name": "Baru", "unit": "BIDANG",
                                 "position": "Pranata", "supervisor": KABID}
    assert NEW not in {e.nip for e in load_engine(org_db, "SKP").doc.employees}
    removal = services.organisation_history(org_db, "SKP")[0]
    services.undo_edit(org_db, PLANNER, "SKP", removal["id"])
    assert org_state(org_db) == with_reports


def test_removing_a_unit_moves_its_units_and_employees_to_its_parent(org_db) -> None:
    services.save_unit(org_db, PLANNER, "SKP", "SEKSI", name="Seksi", parent="BIDANG",
                       kind="section")
    services.save_unit(org_db, PLANNER, "SKP", "SUB", name="Sub", parent="SEKSI",
                       kind="section")
    add_new(org_db, unit="SEKSI")
    before = state(org_db)
    with pytest.raises(InvalidEdit) as caught:
        services.remove_unit(org_db, PLANNER, "SKP", "SEKSI")
    assert f"moves SUB → BIDANG, {NEW} → BIDANG" in caught.value.text("en")
    assert state(org_db) == before
    kept = org_state(org_db)
    services.remove_unit(org_db, PLANNER, "SKP", "SEKSI", confirm=True)
    org = services.organisation(org_db, "SKP")
    assert "SEKSI" not in {u["code"] for u in org["units"]}
    assert next(u for u in org["units"] if u["code"] == "SUB")["parent"] == "BIDANG"
    assert next(e for e in org["employees"] if e["nip"] == NEW)["unit"] == "BIDANG"
    undo_last(org_db)
    assert org_state(org_db) == kept


def test_removal_and_its_undo_are_for_planners_only(org_db) -> None:
    add_new(org_db, supervisor=None)
    head = User("kadis", "Kadis", "head", unit="DINAS", nip=KADIS)
    before = state(org_db)
    with pytest.raises(PermissionDenied):
        services.remove_employee(org_db, head, "SKP", NEW)
    with pytest.raises(PermissionDenied):
        services.undo_edit(org_db, head, "SKP",
                           services.organisation_history(org_db, "SKP")[0]["id"])
    assert state(org_db) == before


def test_a_handover_undone_leaves_no_holding(org_db) -> None:
    services.name_successor(org_db, PLANNER, "SKP", STAF1, STAF2, on=date(2023, 7, 1),
                            take_position=False)
    undo_last(org_db)
    assert services.objective_holdings(org_db, "SKP") == []
    assert services.holder_of(org_db, "SKP", "RHK-S1", "2024") == STAF1
