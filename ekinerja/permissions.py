"""Who may change what (docs/accounts.md): the seven roles, their actions and scopes."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from enum import StrEnum
from typing import Protocol

from ekinerja.messages import N_, Message

ROLES: tuple[str, ...] = (
    "admin", "planner", "evaluator", "head", "operator", "employee", "viewer"
)

#: Each role in words (msgids, with the Indonesian office that holds it).
ROLE_LABELS: dict[str, str] = {
    "admin": N_("Administrator"),
    "planner": N_("Planner (Bappeda)"),
    "evaluator": N_("Evaluator (Inspektorat)"),
    "head": N_("Head (Kepala PD, supervisor)"),
    "operator": N_("Operator"),
    "employee": N_("Employee (ASN)"),
    "viewer": N_("Viewer"),
}


class Action(StrEnum):
    """A kind of change; the services ask about one of these before every write."""

    MANAGE_ACCOUNTS = "manage_accounts"
    CHANGE_STRUCTURE = "change_structure"  # objectives, indicators, links, plan imports
    CHANGE_TARGETS = "change_targets"
    CHANGE_WEIGHTS = "change_weights"
    MANAGE_PERIODS = "manage_periods"  # close / reopen periods, deadlines
    RECORD_REALIZATION = "record_realization"  # enter, correct and submit realizations
    VERIFY_REALIZATION = "verify_realization"  # verify or reject submitted realizations
    RATE_SKP = "rate_skp"  # work and behaviour ratings of other employees
    WRITE_SKP_NOTE = "write_skp_note"  # an employee's notes on their own SKP
    ANSWER_LKE = "answer_lke"  # LKE answers and findings
    RECORD_FOLLOW_UP = "record_follow_up"  # follow-up (cause, action) of a red indicator
    MANAGE_SKP = "manage_skp"  # the SKP cadence and the units' organisation predikat
    COMMENT = "comment"  # comments on objectives and indicators (not the plan itself)


#: What each role may ever do, before scope; admin may do everything.
ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    "admin": frozenset(Action),
    "planner": frozenset({Action.CHANGE_STRUCTURE, Action.CHANGE_TARGETS,
                          Action.CHANGE_WEIGHTS, Action.MANAGE_PERIODS,
                          Action.VERIFY_REALIZATION, Action.RECORD_FOLLOW_UP,
                          Action.MANAGE_SKP, Action.COMMENT}),
    "evaluator": frozenset({Action.ANSWER_LKE, Action.COMMENT}),
    "head": frozenset({Action.VERIFY_REALIZATION, Action.RATE_SKP, Action.COMMENT}),
    "operator": frozenset({Action.RECORD_REALIZATION, Action.RECORD_FOLLOW_UP, Action.COMMENT}),
    "employee": frozenset({Action.RECORD_REALIZATION, Action.WRITE_SKP_NOTE,
                           Action.RECORD_FOLLOW_UP, Action.COMMENT}),
    "viewer": frozenset(),
}

#: What an account of a role should be tied to for its scope to be non-empty.
ROLE_NEEDS: dict[str, tuple[str, ...]] = {
    "head": ("unit",),
    "operator": ("unit",),
    "employee": ("employee",),
}


class Actor(Protocol):
    """Anything with a role, a unit and an employee NIP (services.User, accounts.Account)."""

    @property
    def role(self) -> str: ...

    @property
    def unit(self) -> str | None: ...

    @property
    def nip(self) -> str | None: ...


UnitSubtree = frozenset[str] | set[str]


# ----------------------------------------------------------------- role-level questions
def may(user: Actor | None, action: Action) -> bool:
    """Whether the user's role may ever take `action` (somewhere in its scope): for showing
    or hiding a page's buttons. A change itself is checked with the scoped functions below."""
    return user is not None and action in ROLE_ACTIONS.get(user.role, frozenset())


def actions_of(role: str) -> frozenset[Action]:
    """Every action of a role (none for an unknown role)."""
    return ROLE_ACTIONS.get(role, frozenset())


def _may_ever(action: Action, doc: str) -> Callable[[Actor | None], bool]:
    """The role-level question of one action (`may` with the action fixed), named after it."""

    def question(user: Actor | None) -> bool:
        return may(user, action)

    question.__name__ = question.__qualname__ = f"may_{action.value}"
    question.__doc__ = doc
    return question


may_manage_accounts = _may_ever(
    Action.MANAGE_ACCOUNTS, "Create, change, disable accounts and reset their passwords.")
may_change_structure = _may_ever(
    Action.CHANGE_STRUCTURE, "Objectives, indicators, links and plan imports, of every unit "
    "(no scope).")


def may_edit_structure(user: Actor | None) -> bool:
    """Whether the user may edit the cascade in the app: planners and admins, everywhere.

    Heads do not: the accounts contract (docs/accounts.md) gives them verification and SKP
    ratings of the units under theirs, not the structure."""
    return may(user, Action.CHANGE_STRUCTURE)


def may_change_structure_of(user: Actor | None, units: Iterable[str | None],
                            unit_subtree: UnitSubtree) -> bool:
    """Edit objectives, indicators, links or targets touching objectives of `units`: planners
    and admins, whatever the units (the scope is kept in the signature for a region that
    widens the policy; the contract gives heads no structure edits)."""
    del units, unit_subtree
    return may(user, Action.CHANGE_STRUCTURE)


may_change_targets = _may_ever(Action.CHANGE_TARGETS, "Targets of every indicator.")
may_change_weights = _may_ever(Action.CHANGE_WEIGHTS, "Weights of every parent.")
may_manage_periods = _may_ever(Action.MANAGE_PERIODS, "Close and reopen periods.")
may_manage_skp = _may_ever(
    Action.MANAGE_SKP, "The SKP cadence and the units' organisation predikat (planners and "
    "admins).")
may_comment = _may_ever(
    Action.COMMENT, "Comments on objectives and indicators: every signed-in role but the viewer.")
may_answer_lke = _may_ever(
    Action.ANSWER_LKE, "LKE answers and findings (the evaluator's work; never the plan).")


def may_see_unit(user: Actor | None, unit: str | None = None) -> bool:
    """See a unit's figures and documents (PK, Rencana Aksi, LKjIP): every signed-in role sees
    everything (docs/accounts.md); nobody signed in sees nothing."""
    return user is not None and user.role in ROLES


def see_refusal(user: Actor | None, unit: str | None = None) -> Message:
    """The message of a refused look at a unit."""
    return Message(NOT_ALLOWED_TO_SEE, {"who": _who(user), "target": f' "{unit}"' if unit else ""})


# ----------------------------------------------------------------- scoped questions
def may_record(
    user: Actor | None,
    objective_unit: str | None,
    objective_owner: str | None,
    unit_subtree: UnitSubtree,
) -> bool:
    """Record (enter, correct, submit) a realization of an indicator of an objective.

    `unit_subtree` is the user's unit and every unit below it (see `unit_subtree()`). An
    operator records for objectives of those units; an employee for the objectives they own.
    """
    return _everywhere_or_in_record_scope(user, Action.RECORD_REALIZATION, ("admin",),
                                          objective_unit, objective_owner, unit_subtree)


def may_verify(
    user: Actor | None,
    objective_unit: str | None,
    objective_owner: str | None,
    unit_subtree: UnitSubtree,
) -> bool:
    """Verify or reject a submitted realization of an indicator of an objective.

    Admins and planners verify everything. A head verifies the work done under them and never
    their own: an objective owned by another employee of their unit's subtree, or an
    objective without owner of a unit strictly below theirs (a unit's own objectives are
    verified by the head of the unit above, or a planner).
    """
    if not may(user, Action.VERIFY_REALIZATION):
        return False
    assert user is not None
    if user.role in ("admin", "planner"):
        return True
    if not user.unit or objective_unit is None or objective_unit not in unit_subtree:
        return False
    if objective_owner is not None:
        return objective_owner != user.nip
    return objective_unit != user.unit


def may_follow_up(
    user: Actor | None,
    objective_unit: str | None,
    objective_owner: str | None,
    unit_subtree: UnitSubtree,
) -> bool:
    """Record or close the follow-up (cause, corrective action) of an indicator of an
    objective: its owner — the employee who owns the objective, or an operator of its unit's
    subtree — and planners and admins for every indicator."""
    return _everywhere_or_in_record_scope(user, Action.RECORD_FOLLOW_UP, ("admin", "planner"),
                                          objective_unit, objective_owner, unit_subtree)


def follow_up_watch(
    user: Actor | None,
    objective_unit: str | None,
    objective_owner: str | None,
    unit_subtree: UnitSubtree,
) -> bool:
    """Whether a follow-up belongs to what `user` watches (the list shown first): a head the
    indicators of their unit's subtree, an operator or employee those they may follow up,
    every other role everything."""
    if user is None:
        return False
    if user.role == "head":
        return bool(user.unit) and objective_unit is not None and objective_unit in unit_subtree
    if user.role in ("operator", "employee"):
        return in_record_scope(user, objective_unit, objective_owner, unit_subtree)
    return True


def _everywhere_or_in_record_scope(user: Actor | None, action: Action,
                                   everywhere: tuple[str, ...], objective_unit: str | None,
                                   objective_owner: str | None,
                                   unit_subtree: UnitSubtree) -> bool:
    """`action` by a role allowed it: on every objective for the roles in `everywhere`, else
    within the record scope (in_record_scope)."""
    if not may(user, action):
        return False
    assert user is not None
    return user.role in everywhere or in_record_scope(user, objective_unit, objective_owner,
                                                      unit_subtree)


def in_record_scope(user: Actor, objective_unit: str | None, objective_owner: str | None,
                        unit_subtree: UnitSubtree) -> bool:
    """The scope of an operator (their unit's subtree) or an employee (their own RHK)."""
    if user.role == "operator":
        return bool(user.unit) and objective_unit is not None and objective_unit in unit_subtree
    if user.role == "employee":
        return bool(user.nip) and objective_owner == user.nip
    return False


def may_rate_skp(
    user: Actor | None,
    employee_nip: str,
    employee_unit: str | None,
    unit_subtree: UnitSubtree,
) -> bool:
    """Set the work or behaviour rating of an employee: a head, for the employees of their
    unit's subtree other than themselves; an admin for anyone."""
    if not may(user, Action.RATE_SKP):
        return False
    assert user is not None
    if user.role == "admin":
        return True
    return (
        bool(user.unit)
        and employee_unit is not None
        and employee_unit in unit_subtree
        and employee_nip != user.nip
    )


def may_write_skp_note(user: Actor | None, employee_nip: str) -> bool:
    """Write the self-notes of an employee's SKP: the employee themselves (or an admin)."""
    if not may(user, Action.WRITE_SKP_NOTE):
        return False
    assert user is not None
    return user.role == "admin" or (bool(user.nip) and user.nip == employee_nip)


# ----------------------------------------------------------------- scope and messages
def unit_subtree(parents: Mapping[str, str | None] | Iterable[tuple[str, str | None]],
                 unit: str | None) -> frozenset[str]:
    """`unit` and every unit below it, from (code, parent) pairs; empty without a unit or
    when the unit is unknown."""
    pairs = parents.items() if isinstance(parents, Mapping) else parents
    children: dict[str | None, list[str]] = {}
    known: set[str] = set()
    for code, parent in pairs:
        children.setdefault(parent, []).append(code)
        known.add(code)
    if unit is None or unit not in known:
        return frozenset()
    result, stack = {unit}, [unit]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in result:
                result.add(child)
                stack.append(child)
    return frozenset(result)


def refusal(user: Actor | None, action: Action, what: str | None = None) -> str:
    """The bilingual text of a refused change ("tidak diizinkan: ... / not allowed: ...")."""
    return refusal_message(user, action, what).bilingual()


#: Each action in words, to translate (the refusal shown on a page, in the reader's language).
ACTION_TEXTS: dict[Action, str] = {
    Action.MANAGE_ACCOUNTS: N_("manage accounts"),
    Action.CHANGE_STRUCTURE: N_("change the structure"),
    Action.CHANGE_TARGETS: N_("change targets"),
    Action.CHANGE_WEIGHTS: N_("change weights"),
    Action.MANAGE_PERIODS: N_("manage periods"),
    Action.RECORD_REALIZATION: N_("record realizations"),
    Action.VERIFY_REALIZATION: N_("verify realizations"),
    Action.RATE_SKP: N_("rate SKP"),
    Action.WRITE_SKP_NOTE: N_("write SKP notes"),
    Action.ANSWER_LKE: N_("answer the LKE"),
    Action.RECORD_FOLLOW_UP: N_("record follow-ups"),
    Action.MANAGE_SKP: N_("manage the SKP settings and organisation predikat"),
    Action.COMMENT: N_("write comments"),
}
NOT_ALLOWED = N_("not allowed: {who} may not {action}{target}")
NOT_ALLOWED_TO_SEE = N_("not allowed: {who} may not see the unit{target}")
ANONYMOUS = N_("anonymous (not signed in)")


def _who(user: Actor | None) -> str | Message:
    """The user of a refusal: name and role, or anonymous."""
    return Message(ANONYMOUS) if user is None else f"{getattr(user, 'username', '?')} ({user.role})"


def refusal_message(user: Actor | None, action: Action, what: str | None = None) -> Message:
    """A refused change as a translatable message (`refusal` is its bilingual text)."""
    return Message(NOT_ALLOWED, {"who": _who(user), "action": Message(ACTION_TEXTS[action]),
                                 "target": f' "{what}"' if what else ""})


def missing_ties(role: str, unit: str | None, nip: str | None) -> list[str]:
    """What an account of `role` lacks for a non-empty scope ("unit", "employee")."""
    have = {"unit": bool(unit), "employee": bool(nip)}
    return [need for need in ROLE_NEEDS.get(role, ()) if not have[need]]
