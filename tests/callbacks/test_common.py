"""What the page callbacks share: the acting user and the employee choices."""

from __future__ import annotations

from dash import no_update
from ekinerja.callbacks import common

from ekinerja import services
from ekinerja.data import EXAMPLE_PLAN
from ekinerja.interchange import load
from ekinerja.messages import N_
from ekinerja.rollup import Engine


def test_outside_a_request_nobody_acts() -> None:
    assert common.actor() is None


def test_employee_choices_keep_the_chosen_employee() -> None:
    engine = Engine(load(EXAMPLE_PLAN))
    chosen = engine.doc.employees[0].nip
    options = common.employee_choices(engine, "zzz-tidak-ada", chosen)
    assert [o["value"] for o in options] == [chosen]


def test_employee_choices_find_by_name() -> None:
    engine = Engine(load(EXAMPLE_PLAN))
    employee = engine.doc.employees[5]
    options = common.employee_choices(engine, employee.name.upper(), None)
    assert employee.nip in [o["value"] for o in options]



@common.saving
def _close(db, user, plan_code, period, lang):
    """A save for the tests: refuses a blank period, else closes it as `user`."""
    if not period:
        common.refuse(N_("Choose a program or activity."))
    services.close_period(db, user, plan_code, period)
    return f"{period} ({lang})"


def test_a_save_says_what_it_did_and_gives_the_new_revision(db, small_plan, text_of) -> None:
    services.import_document(db, services.system_user(), small_plan)
    before = db.revision()
    said, revision = _close(db, services.system_user(), "P1", "2023", "en")
    assert "2023 (en)" in text_of(said) and revision == db.revision() > before


def test_a_refused_save_says_why_and_keeps_the_revision(db, small_plan, text_of) -> None:
    services.import_document(db, services.system_user(), small_plan)
    said, revision = _close(db, services.system_user(), "P1", "", "en")
    assert "Refused: Choose a program or activity." in text_of(said) and revision is no_update
    said, revision = _close(db, services.User("tamu", role="viewer"), "P1", "2023", "id")
    assert "Ditolak" in text_of(said) and revision is no_update
    said, revision = _close(None, None, "P1", "2023", None)
    assert "basis data" in text_of(said) and revision is no_update
