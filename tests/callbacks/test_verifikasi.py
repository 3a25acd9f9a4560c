"""Verifikasi callbacks as plain functions, on a real database of the NTB example."""

from __future__ import annotations

import pytest
from dash import no_update
from ekinerja.callbacks import verifikasi

from ekinerja import services
from ekinerja.sources import DatabaseSource
from tests.callbacks.helpers import engine

INDICATOR = "IKD-BAPPEDA-1.1"  # of SPD-BAPPEDA-1 (unit BAPPEDA)
PERIOD = "2023"
KEY = f"{INDICATOR}@{PERIOD}"


@pytest.fixture
def submitted(db, operator):
    services.record_realization(db, operator, None, INDICATOR, PERIOD, 91.5)
    return db


def test_the_planner_sees_the_submitted_value_with_its_target_and_achievement(
        submitted, planner, text_of) -> None:
    _note, inbox, _returned_note, _returned = verifikasi.lists(engine(submitted), submitted,
                                                               None, planner, "id")
    row = inbox[0]
    assert (row["key"], row["value"], row["by"]) == (KEY, "91,50 %", "operator")
    assert row["target"] != "–" and row["achievement"] is not None
    assert "Badan Perencanaan" in row["unit"]


def test_verifying_the_selected_rows_returns_the_new_revision(submitted, planner,
                                                               text_of) -> None:
    message, revision = verifikasi.review(submitted, None, planner, "verify", [{"key": KEY}],
                                          None, "id")
    assert "Terverifikasi: 1" in text_of(message)
    assert revision == services.revision(submitted)
    assert services.realization_history(submitted, None, INDICATOR, PERIOD)[-1]["status"] == (
        "verified")


def test_rejecting_without_a_reason_is_refused_in_words(submitted, planner, text_of) -> None:
    message, revision = verifikasi.review(submitted, None, planner, "reject", [{"key": KEY}],
                                          "", "id")
    assert revision is no_update
    assert "alasan wajib diisi" in text_of(message)


def test_nothing_selected_is_refused(submitted, planner, text_of) -> None:
    message, revision = verifikasi.review(submitted, None, planner, "verify", None, None, "id")
    assert revision is no_update
    assert "pilih setidaknya satu" in text_of(message)


def test_an_operator_may_not_verify(submitted, operator, text_of) -> None:
    message, revision = verifikasi.review(submitted, None, operator, "verify", [{"key": KEY}],
                                          None, "id")
    assert revision is no_update
    assert "tidak diizinkan" in text_of(message)


def test_a_rejected_entry_returns_to_the_operator_with_the_reason(submitted, planner,
                                                                  operator) -> None:
    verifikasi.review(submitted, None, planner, "reject", [{"key": KEY}], "angka keliru", "id")
    *_, returned = verifikasi.lists(engine(submitted), submitted, None, operator, "id")
    row = returned[0]
    assert (row["key"], row["status"], row["reason"]) == (KEY, "Ditolak", "angka keliru")
    _message, revision = verifikasi.submit(submitted, None, operator, [{"key": KEY}], "id")
    assert revision == services.revision(submitted)
    assert services.pending_verifications(submitted, planner, None)[0].key == KEY


def test_the_clicked_entry_shows_its_history(submitted, planner, text_of) -> None:
    verifikasi.review(submitted, None, planner, "reject", [{"key": KEY}], "angka keliru", "id")
    shown = text_of(verifikasi.detail(submitted, None, KEY, "id"))
    assert "angka keliru" in shown and "Ditolak" in shown and "91,5" in shown


def test_the_page_offers_the_lists_by_role(db, planner, operator, user_of) -> None:
    source = DatabaseSource(db)
    assert verifikasi.layout_params(source, "id", planner) == {"can_verify": True,
                                                               "can_record": False}
    assert verifikasi.layout_params(source, "id", operator) == {"can_verify": False,
                                                                "can_record": True}
    assert verifikasi.layout_params(source, "id", user_of("tamu")) == {"can_verify": False,
                                                                       "can_record": False}


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_the_evidence_file_is_downloaded_only_when_signed_in(db, database_url, operator,
                                                              sign_in) -> None:
    from ekinerja.app import AppSettings, create_app

    services.record_realization(db, operator, None, INDICATOR, PERIOD, 91.5,
                                upload=services.Upload("laporan.pdf", PDF))
    file_id = services.realization_history(db, None, INDICATOR, PERIOD)[-1]["evidence_file"]
    app = create_app(AppSettings(database_url=database_url, warm=False))
    client = app.server.test_client()
    assert client.get(f"/bukti/{file_id}").status_code in (302, 303, 401)
    sign_in(client, "tamu")
    response = client.get(f"/bukti/{file_id}")
    assert response.status_code == 200
    assert (response.data, response.mimetype) == (PDF, "application/pdf")
    assert "attachment" in response.headers["Content-Disposition"]
    assert "laporan.pdf" in response.headers["Content-Disposition"]
    assert client.get("/bukti/99999").status_code == 404


def test_saving_with_a_file_on_the_entry_page_stores_it(db, operator, text_of) -> None:
    import base64

    from ekinerja.callbacks import realisasi

    contents = "data:application/pdf;base64," + base64.b64encode(PDF).decode()
    message, _revision = realisasi.save(db, None, operator, INDICATOR, PERIOD, "91,5", None,
                                        None, "id", upload=contents, upload_name="a.pdf")
    assert "Tersimpan" in text_of(message)
    assert services.realization_history(db, None, INDICATOR, PERIOD)[-1]["evidence_file"]
    refused, revision = realisasi.save(db, None, operator, INDICATOR, PERIOD, "92", None, None,
                                       "id", upload="data:text/plain;base64,aGFsbw==",
                                       upload_name="a.pdf")
    assert revision is no_update and "jenis berkas tidak diterima" in text_of(refused)


def test_the_navbar_counts_what_waits_for_the_user(submitted, planner, operator) -> None:
    assert verifikasi.waiting(submitted, None, planner) == 1
    assert verifikasi.waiting(submitted, None, operator) == 0
    services.reject_realizations(submitted, planner, None, [(INDICATOR, PERIOD)], "cek lagi")
    assert verifikasi.waiting(submitted, None, operator) == 1
    _children, hidden, title = verifikasi.verifikasi.notify_count(1, "id")
    assert (hidden, title) == (False, "1 menunggu Anda")
    assert verifikasi.verifikasi.notify_count(0, "id")[1] is True


def test_the_operator_sees_their_overdue_realizations(db, operator, text_of) -> None:
    from datetime import date

    shown = text_of(verifikasi.overdue(db, None, operator, date(2031, 1, 1), 10, "id"))
    assert "IKD-BAPPEDA" in shown and "Terlambat" in shown
    assert verifikasi.overdue(db, None, None, date(2031, 1, 1), 10, "id") == ""
