"""Kontribusi Saya callbacks as plain functions, on the NTB example plan."""

from __future__ import annotations

import pytest
from ekinerja.callbacks import kontribusi

from ekinerja.data import EXAMPLE_PLAN
from ekinerja.i18n import fmt_number
from ekinerja.interchange import load
from ekinerja.rollup import Engine


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load(EXAMPLE_PLAN))


def test_the_contribution_shown_is_the_engines(engine, find_or_none, text_of):
    nip = engine.doc.employees[3].nip
    period = "2022"
    body = kontribusi.render(engine, nip, period, "id")
    expected = engine.evaluate(period).employee_contribution(nip)
    assert text_of(find_or_none(body, "contrib-value")) == fmt_number(expected, "id", 3)


def test_the_share_shown_is_the_contribution_over_the_province_score(engine, find_or_none, text_of):
    nip = engine.doc.employees[3].nip
    ev = engine.evaluate("2022")
    share = 100 * ev.employee_contribution(nip) / ev.score_of(engine.root)
    body = kontribusi.render(engine, nip, "2022", "id")
    assert text_of(find_or_none(body, "contrib-share")) == f"{fmt_number(share, 'id')} %"


def test_an_unknown_employee_gets_a_message(engine, text_of):
    assert "tidak dikenal" in text_of(kontribusi.render(engine, "000", "2022", "id"))


def test_without_an_employee_the_page_asks_for_one(engine, text_of):
    assert "Pilih pegawai" in text_of(kontribusi.render(engine, None, "2022", "id"))


def test_the_history_has_a_row_per_year(engine, find_or_none, text_of):
    nip = engine.doc.employees[3].nip
    history = find_or_none(kontribusi.render(engine, nip, "2022", "id"), "contrib-history")
    years = [p for p in engine.periods() if len(p) == 4]
    assert all(year in text_of(history) for year in years)


def test_employee_options_keep_the_chosen_employee(engine):
    chosen = engine.doc.employees[0].nip
    options = kontribusi.employee_options(engine, "zzz-tidak-ada", chosen)
    assert [o["value"] for o in options] == [chosen]


def test_employee_options_find_by_name(engine):
    employee = engine.doc.employees[5]
    options = kontribusi.employee_options(engine, employee.name.upper(), None)
    assert employee.nip in [o["value"] for o in options]


def test_layout_params_choose_the_first_employee(engine):
    params = kontribusi.layout_params(lambda: engine, "id")
    assert params["nip"] == engine.doc.employees[0].nip
