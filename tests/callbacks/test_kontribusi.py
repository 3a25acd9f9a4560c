"""Kontribusi Saya callbacks as plain functions, on the NTB example plan."""

from __future__ import annotations

import pytest
from ekinerja.callbacks import kontribusi

from ekinerja.data import EXAMPLE_PLAN
from ekinerja.i18n import fmt_number
from ekinerja.interchange import load
from ekinerja.rollup import Engine
from ekinerja.services import User
from ekinerja.sources import DatabaseSource, DocumentSource


@pytest.fixture(scope="module")
def document_source() -> DocumentSource:
    return DocumentSource(load(EXAMPLE_PLAN))


@pytest.fixture(scope="module")
def engine(document_source: DocumentSource) -> Engine:
    return document_source()


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


def test_layout_params_choose_the_first_employee(document_source, engine):
    params = kontribusi.layout_params(document_source, "id")
    assert params["nip"] == engine.doc.employees[0].nip
    assert not params["own_entry"]


def test_a_signed_in_employee_opens_the_page_on_themselves(document_source, engine):
    nip = engine.doc.employees[-1].nip
    params = kontribusi.layout_params(document_source, "id", User("e", role="employee", nip=nip))
    assert params["nip"] == nip
    assert nip in [e.code for e in params["employees"]]


def test_a_plan_without_a_database_offers_no_entry_of_ones_own(document_source, engine):
    nip = engine.doc.employees[-1].nip
    params = kontribusi.layout_params(document_source, "id", User("e", role="employee", nip=nip))
    assert not params["own_entry"]


def test_an_employee_with_a_database_gets_a_link_to_enter_their_realizations(
        db, add_account, user_of):
    nip = "199407242019042005"  # Siti Nurhayati, who owns RHK with indicators
    add_account(db, "siti", "employee", nip=nip)
    params = kontribusi.layout_params(DatabaseSource(db), "id", user_of("siti"))
    assert (params["nip"], params["own_entry"]) == (nip, True)


def test_a_viewer_gets_no_link_to_enter_realizations(db, user_of):
    assert not kontribusi.layout_params(DatabaseSource(db), "id", user_of("tamu"))["own_entry"]
