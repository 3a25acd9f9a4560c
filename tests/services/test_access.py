"""The permission checks every change makes: the policy's refusals, said in both languages."""

from __future__ import annotations

import pytest

from ekinerja import services
from ekinerja.permissions import Action
from ekinerja.services import PermissionDenied, User
from ekinerja.services.access import require


def test_a_role_that_may_take_the_action_passes_through(planner) -> None:
    assert require(planner, Action.CHANGE_WEIGHTS) is planner


def test_a_refusal_names_the_user_the_action_and_the_item_in_both_languages(viewer) -> None:
    with pytest.raises(PermissionDenied) as refused:
        require(viewer, Action.CHANGE_WEIGHTS, "S1")
    assert str(refused.value) == (
        'tidak diizinkan: tamu (viewer) tidak boleh mengubah bobot "S1" / '
        'not allowed: tamu (viewer) may not change weights "S1"')
    assert refused.value.text("en") == 'not allowed: tamu (viewer) may not change weights "S1"'



def test_no_user_is_refused_as_anonymous() -> None:
    with pytest.raises(PermissionDenied, match="anonim"):
        require(None, Action.RECORD_REALIZATION)


def test_an_unknown_role_may_do_nothing() -> None:
    with pytest.raises(PermissionDenied):
        require(User("x", role="superuser"), Action.RECORD_REALIZATION)


@pytest.mark.parametrize(("role", "allowed"), [
    ("admin", True), ("planner", False), ("evaluator", False), ("head", False),
    ("operator", True), ("employee", False), ("viewer", False)])
def test_who_may_record_an_indicator_of_the_unit_dikes(loaded, role, allowed) -> None:
    user = User("u", role=role, unit="DIKES", nip="0")
    assert services.may_record_indicator(loaded, user, "P1", "I1") is allowed


def test_an_employee_may_record_the_indicator_of_their_own_rhk(loaded, employee) -> None:
    assert services.may_record_indicator(loaded, employee, "P1", "I2")
    assert not services.may_record_indicator(loaded, employee, "P1", "I1")


def test_nobody_may_record_an_unknown_indicator(loaded, admin) -> None:
    assert not services.may_record_indicator(loaded, admin, "P1", "NOPE")


PLAN_CHANGES = {  # a change of the plan each, on the small plan (tests/conftest.py)
    "set a target": lambda db, user: services.set_target(db, user, "P1", "I1", "2022", 70.0),
    "change an objective": lambda db, user: services.update_objective(
        db, user, "P1", "S1", name="Sasaran Dinas Baru"),
    "set weights": lambda db, user: services.set_weights(
        db, user, "P1", "S1", {"I1": 3.0}, seen_version=0, reason="uji"),
    "close a period": lambda db, user: services.close_period(db, user, "P1", "2022"),
}


@pytest.mark.parametrize("role", ["evaluator", "head", "operator", "employee", "viewer"])
@pytest.mark.parametrize("change", PLAN_CHANGES, ids=str)
def test_only_planners_and_admins_change_the_plan(loaded, snapshot, role, change) -> None:
    user = User("u", role=role, unit="DIKES", nip="199001012020011001")
    before = snapshot(loaded)
    with pytest.raises(PermissionDenied, match=f"u \\({role}\\) tidak boleh .* may not"):
        PLAN_CHANGES[change](loaded, user)
    assert snapshot(loaded) == before


@pytest.mark.parametrize("change", PLAN_CHANGES, ids=str)
def test_a_planner_changes_the_plan_of_every_unit(loaded, planner, change) -> None:
    before = services.revision(loaded)
    PLAN_CHANGES[change](loaded, planner)
    assert services.revision(loaded) > before
    assert services.audit_log(loaded, limit=1)[0]["username"] == planner.username
