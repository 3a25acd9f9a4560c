"""The permission policy of docs/accounts.md, role by role and action by action (no database)."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from ekinerja import permissions as p
from ekinerja.permissions import Action
from ekinerja.services import User

#: PEMDA > DINAS > BIDANG > SEKSI, and OTHER beside DINAS.
UNITS = {"PEMDA": None, "DINAS": "PEMDA", "BIDANG": "DINAS", "SEKSI": "BIDANG", "OTHER": "PEMDA"}
HEAD, EMPLOYEE, STAFF, STRANGER = "H-NIP", "E-NIP", "S-NIP", "X-NIP"


def who(username: str, role: str, unit: str | None = None, nip: str | None = None) -> User:
    """A user of a role, tied to a unit and an employee."""
    return User(username, role=role, unit=unit, nip=nip)


def by_role(**allowed: Iterable) -> dict[str, set]:
    """A table over every role: what the named roles may, nothing for the others."""
    return {role: set(allowed.get(role, ())) for role in p.ROLES}


USERS = {
    "admin": who("admin", "admin"),
    "planner": who("perencana", "planner", "PEMDA"),
    "evaluator": who("inspektur", "evaluator"),
    "head": who("kepala", "head", "DINAS", HEAD),
    "operator": who("operator", "operator", "DINAS"),
    "employee": who("pegawai", "employee", "BIDANG", EMPLOYEE),
    "viewer": who("tamu", "viewer"),
}

#: Objectives a realization may belong to: (unit, owner).
OBJECTIVES = {
    "employee_rhk": ("BIDANG", EMPLOYEE),
    "division_objective": ("BIDANG", None),
    "section_objective": ("SEKSI", None),
    "agency_objective": ("DINAS", None),
    "head_rhk": ("DINAS", HEAD),
    "agency_staff_rhk": ("DINAS", STAFF),
    "other_agency_objective": ("OTHER", None),
    "other_agency_rhk": ("OTHER", STRANGER),
}
INSIDE_DINAS = {"employee_rhk", "division_objective", "section_objective", "agency_objective",
                "head_rhk", "agency_staff_rhk"}

RECORD = by_role(admin=OBJECTIVES, operator=INSIDE_DINAS, employee={"employee_rhk"})
VERIFY = by_role(admin=OBJECTIVES, planner=OBJECTIVES,
                 head={"employee_rhk", "division_objective", "section_objective",
                       "agency_staff_rhk"})

#: Employees to rate: (NIP, unit).
RATED = {"employee": (EMPLOYEE, "BIDANG"), "head_self": (HEAD, "DINAS"),
         "agency_staff": (STAFF, "DINAS"), "stranger": (STRANGER, "OTHER")}
RATE = by_role(admin=RATED, head={"employee", "agency_staff"})

#: The unscoped actions each role may take.
UNSCOPED = {
    "admin": {Action.MANAGE_ACCOUNTS, Action.CHANGE_STRUCTURE, Action.CHANGE_TARGETS,
              Action.CHANGE_WEIGHTS, Action.MANAGE_PERIODS, Action.ANSWER_LKE,
              Action.MANAGE_SKP, Action.COMMENT},
    "planner": {Action.CHANGE_STRUCTURE, Action.CHANGE_TARGETS, Action.CHANGE_WEIGHTS,
                Action.MANAGE_PERIODS, Action.MANAGE_SKP, Action.COMMENT},
    "evaluator": {Action.ANSWER_LKE, Action.COMMENT},
    "head": {Action.COMMENT},
    "operator": {Action.COMMENT},
    "employee": {Action.COMMENT},
    "viewer": set(),
}
UNSCOPED_CHECKS = {
    Action.MANAGE_ACCOUNTS: p.may_manage_accounts,
    Action.CHANGE_STRUCTURE: p.may_change_structure,
    Action.CHANGE_TARGETS: p.may_change_targets,
    Action.CHANGE_WEIGHTS: p.may_change_weights,
    Action.MANAGE_PERIODS: p.may_manage_periods,
    Action.ANSWER_LKE: p.may_answer_lke,
    Action.MANAGE_SKP: p.may_manage_skp,
    Action.COMMENT: p.may_comment,
}


def subtree_of(user: User) -> frozenset[str]:
    return p.unit_subtree(UNITS, user.unit)


def test_the_seven_roles_of_the_contract():
    assert p.ROLES == ("admin", "planner", "evaluator", "head", "operator", "employee",
                       "viewer")


def test_every_role_has_its_actions_and_a_label():
    assert set(p.ROLE_ACTIONS) == set(p.ROLES) == set(p.ROLE_LABELS)


@pytest.mark.parametrize("role", p.ROLES)
@pytest.mark.parametrize("action", list(UNSCOPED_CHECKS), ids=str)
def test_unscoped_changes_by_role(role, action):
    assert UNSCOPED_CHECKS[action](USERS[role]) is (action in UNSCOPED[role])


@pytest.mark.parametrize("role", p.ROLES)
@pytest.mark.parametrize("rated", list(RATED))
def test_rating_an_skp_by_role_and_employee(role, rated):
    user = USERS[role]
    nip, unit = RATED[rated]
    assert p.may_rate_skp(user, nip, unit, subtree_of(user)) is (rated in RATE[role])


@pytest.mark.parametrize("role", p.ROLES)
def test_only_the_employee_themselves_and_an_admin_write_skp_notes(role):
    allowed = p.may_write_skp_note(USERS[role], EMPLOYEE)
    assert allowed is (role in {"admin", "employee"})


def test_an_employee_does_not_write_another_employees_skp_notes():
    assert not p.may_write_skp_note(USERS["employee"], STRANGER)


@pytest.mark.parametrize("role", p.ROLES)
def test_may_answers_for_every_action_as_the_role_table_says(role):
    expected = (UNSCOPED[role]
                | ({Action.RECORD_REALIZATION} if RECORD[role] else set())
                | ({Action.VERIFY_REALIZATION} if VERIFY[role] else set())
                | ({Action.RATE_SKP} if RATE[role] else set())
                | ({Action.WRITE_SKP_NOTE} if role in {"admin", "employee"} else set())
                | ({Action.RECORD_FOLLOW_UP}
                   if role in {"admin", "planner", "operator", "employee"} else set()))
    assert {a for a in Action if p.may(USERS[role], a)} == expected


def test_nobody_anonymous_may_do_anything():
    assert not any(p.may(None, a) for a in Action)
    assert not p.may_record(None, "DINAS", None, frozenset({"DINAS"}))


def test_an_unknown_role_may_do_nothing():
    stranger = who("x", "superuser", "DINAS", HEAD)
    assert not any(p.may(stranger, a) for a in Action)
    assert not p.may_record(stranger, "DINAS", HEAD, subtree_of(stranger))


def test_an_operator_without_a_unit_records_nothing():
    operator = who("op", "operator")
    assert not p.may_record(operator, "DINAS", None, subtree_of(operator))


def test_an_employee_without_a_nip_records_nothing():
    employee = who("e", "employee")
    assert not p.may_record(employee, "BIDANG", None, subtree_of(employee))


def test_a_head_without_a_unit_verifies_nothing():
    head = who("h", "head", None, HEAD)
    assert not p.may_verify(head, "BIDANG", EMPLOYEE, subtree_of(head))


def test_a_unit_subtree_holds_the_unit_and_everything_below():
    assert p.unit_subtree(UNITS, "DINAS") == {"DINAS", "BIDANG", "SEKSI"}


def test_a_unit_subtree_accepts_code_parent_pairs():
    assert p.unit_subtree(list(UNITS.items()), "BIDANG") == {"BIDANG", "SEKSI"}


def test_an_unknown_unit_has_an_empty_subtree():
    assert p.unit_subtree(UNITS, "NOPE") == frozenset()


def test_a_refusal_names_the_user_the_role_and_the_action_in_both_languages():
    message = p.refusal(USERS["viewer"], Action.CHANGE_WEIGHTS, "MISI-1")
    assert message == ('tidak diizinkan: tamu (viewer) tidak boleh mengubah bobot "MISI-1" / '
                       'not allowed: tamu (viewer) may not change weights "MISI-1"')


@pytest.mark.parametrize(("role", "unit", "nip", "missing"), [
    ("operator", None, None, ["unit"]),
    ("head", None, HEAD, ["unit"]),
    ("employee", "BIDANG", None, ["employee"]),
    ("employee", None, EMPLOYEE, []),
    ("viewer", None, None, []),
])
def test_missing_ties_of_an_account(role, unit, nip, missing):
    assert p.missing_ties(role, unit, nip) == missing


#: Who records the follow-up of a red indicator of each objective: its owner (the employee, an
#: operator of its unit's subtree), planners and admins everywhere.
FOLLOW_UP = by_role(admin=OBJECTIVES, planner=OBJECTIVES, operator=INSIDE_DINAS,
                    employee={"employee_rhk"})
#: Whose follow-ups each role watches first: a head their unit's subtree.
WATCH = {**FOLLOW_UP, "head": INSIDE_DINAS, "evaluator": set(OBJECTIVES),
         "viewer": set(OBJECTIVES)}

#: The questions about one objective's realizations: (the check, the table of what it allows).
OBJECTIVE_QUESTIONS = {
    "record": (p.may_record, RECORD),
    "verify": (p.may_verify, VERIFY),
    "follow_up": (p.may_follow_up, FOLLOW_UP),
    "watch": (p.follow_up_watch, WATCH),
}


@pytest.mark.parametrize("role", p.ROLES)
@pytest.mark.parametrize("objective", list(OBJECTIVES))
@pytest.mark.parametrize("question", list(OBJECTIVE_QUESTIONS))
def test_realization_questions_by_role_and_objective(question, role, objective):
    """Recording or verifying a realization, recording or watching a follow-up."""
    check, table = OBJECTIVE_QUESTIONS[question]
    user = USERS[role]
    unit, owner = OBJECTIVES[objective]
    assert check(user, unit, owner, subtree_of(user)) is (objective in table[role])


def test_nobody_anonymous_records_or_watches_a_follow_up():
    assert not p.may_follow_up(None, "DINAS", None, frozenset({"DINAS"}))
    assert not p.follow_up_watch(None, "DINAS", None, frozenset({"DINAS"}))
