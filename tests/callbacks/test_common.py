"""What the page callbacks share: the acting user and the employee choices."""

from __future__ import annotations

from ekinerja.callbacks import common

from ekinerja.data import EXAMPLE_PLAN
from ekinerja.interchange import load
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
