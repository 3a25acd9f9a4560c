"""Budgets entered on /laporan (docs/sakip.md), on a real database (SQLite and PostgreSQL): the
unit's programs and activities with their budgets, a budget typed in the reader's number
format saved as the signed-in planner and audited, bad input refused by its field."""

from __future__ import annotations

import pytest
from ekinerja.callbacks import laporan

from ekinerja import interchange, services
from ekinerja.data import EXAMPLE_PLAN
from ekinerja.services import PermissionDenied, ServiceError, User
from ekinerja.services.budgets import budgets_of, set_budget
from ekinerja.storage.database import Database

PLANNER = User("perencana", "Perencana", "planner")
PROGRAM = "SP-DIKES-KESMAS"  # a program of a division of DIKES


@pytest.fixture
def ntb(db: Database) -> Database:
    services.import_document(db, services.system_user(), interchange.load(EXAMPLE_PLAN))
    return db


def everything(db: Database) -> tuple:
    return budgets_of(db), services.audit_log(db, limit=1000), services.revision(db)


def test_the_service_sets_one_budget_with_its_audit(ntb) -> None:
    revision = set_budget(ntb, PLANNER, None, PROGRAM, 2022, 1_250_000_000.0, 1_000_000.5)
    assert revision == services.revision(ntb)
    set_budget(ntb, PLANNER, None, PROGRAM, 2022, 1_250_000_000.0)
    assert budgets_of(ntb) == {(PROGRAM, 2022): (1_250_000_000.0, None)}
    [last, first] = services.audit_log(ntb, entity="budget")
    assert (first["key"], first["old"], first["username"]) == (f"{PROGRAM}/2022", None,
                                                              "perencana")
    assert last["old"] == {"amount": 1_250_000_000.0, "realization": 1_000_000.5}
    assert last["new"] == {"amount": 1_250_000_000.0, "realization": None}


@pytest.mark.parametrize(("objective", "year", "amount", "realization", "text"), [
    ("NOPE", 2022, 1.0, None, 'objective not found "NOPE"'),
    (PROGRAM, 2031, 1.0, None, "outside the plan years"),
    (PROGRAM, 2022, -1.0, None, "negative budget"),
    (PROGRAM, 2022, 1.0, -2.0, "negative budget"),
    (PROGRAM, 2022, float("nan"), None, "not a number"),
])
def test_bad_budgets_are_refused_and_nothing_written(ntb, objective, year, amount, realization,
                                                     text) -> None:
    before = everything(ntb)
    with pytest.raises(ServiceError, match=text):
        set_budget(ntb, PLANNER, None, objective, year, amount, realization)
    assert everything(ntb) == before


@pytest.mark.parametrize("role", ["evaluator", "head", "operator", "employee", "viewer"])
def test_only_who_changes_targets_sets_a_budget(ntb, role) -> None:
    before = everything(ntb)
    with pytest.raises(PermissionDenied):
        set_budget(ntb, User("x", role=role, unit="DIKES"), None, PROGRAM, 2022, 1.0)
    assert everything(ntb) == before


def test_the_page_lists_the_units_programs_and_saves_a_typed_budget(ntb, text_of) -> None:
    engine = services.load_engine(ntb)
    table, options = laporan.budgets_panel(engine, ntb, None, "DIKES", 2022, "id")
    assert PROGRAM in [o["value"] for o in options]
    assert not [o for o in options if o["value"].startswith("SP-BAPPEDA")]
    said, revision = laporan.save_budget(ntb, PLANNER, None, PROGRAM, 2022, "1.250.000.000",
                                         "1.000.000.000,50", "id")
    assert "tersimpan" in text_of(said) and revision == services.revision(ntb)
    assert budgets_of(ntb) == {(PROGRAM, 2022): (1_250_000_000.0, 1_000_000_000.5)}
    table, _options = laporan.budgets_panel(engine, ntb, None, "DIKES", 2022, "id")
    shown = text_of(table)
    assert "1.250.000.000" in shown and "1.000.000.000,50" in shown and "80,0 %" in shown
    table, _options = laporan.budgets_panel(engine, ntb, None, "DIKES", 2022, "en")
    assert "1,250,000,000" in text_of(table)


@pytest.mark.parametrize(("amount", "realization", "lang", "where"), [
    ("banyak", "", "id", "Anggaran (Rp)"),
    ("", "", "en", "Budget (Rp)"),
    ("1.000", "lima", "id", "Realisasi (Rp)"),
])
def test_bad_typed_numbers_are_refused_by_their_field(ntb, text_of, amount, realization, lang,
                                                      where) -> None:
    before = everything(ntb)
    said, revision = laporan.save_budget(ntb, PLANNER, None, PROGRAM, 2022, amount,
                                         realization, lang)
    assert where in text_of(said) and revision is laporan.no_update
    assert everything(ntb) == before


def test_the_page_says_a_refusal_in_words(ntb, text_of) -> None:
    said, revision = laporan.save_budget(ntb, User("tamu", role="viewer"), None, PROGRAM, 2022,
                                         "1.000", "", "id")
    assert "tidak diizinkan" in text_of(said) and revision is laporan.no_update
