"""Verifikasi layout: what each role is offered, the inbox and the returned list in words."""

from __future__ import annotations

from datetime import UTC, datetime

from ekinerja.layouts import ids, verifikasi

from ekinerja.readmodels.presentation import Banded
from ekinerja.readmodels.verification import InboxLine
from ekinerja.services import Entry

STAMP = datetime(2024, 3, 5, 14, 30, tzinfo=UTC)
ENTRY = Entry(indicator="I1", period="2023", indicator_name="Cakupan", measure_unit="%",
              objective="S1", objective_name="Sasaran", unit="DIKES", owner=None, value=1234.5,
              note=None, evidence=None, evidence_file=7, status="submitted", author="op",
              recorded_at=STAMP, submitted_by="op", submitted_at=STAMP, reviewed_by=None,
              reviewed_at=None, review_reason=None)


def test_a_verifier_gets_the_buttons_and_both_lists_are_always_there(find_or_none) -> None:
    page = verifikasi.layout("id", can_verify=True)
    for component in (ids.VERIFY_APPROVE, ids.VERIFY_REJECT, ids.VERIFY_REASON,
                      ids.VERIFY_LIST, ids.RETURNED_LIST):
        assert find_or_none(page, component) is not None
    assert find_or_none(page, ids.RETURNED_SUBMIT) is None


def test_an_operator_gets_the_submit_button_only(find_or_none) -> None:
    page = verifikasi.layout("id", can_record=True)
    assert find_or_none(page, ids.RETURNED_SUBMIT) is not None
    assert find_or_none(page, ids.VERIFY_APPROVE) is None


def test_the_inbox_shows_numbers_and_dates_in_the_readers_language() -> None:
    line = InboxLine(ENTRY, 80.0, Banded(120.0, "Sangat Tinggi", "#1b5e20"))
    row = verifikasi.inbox_rows([line], {"DIKES": "Dinas Kesehatan"}, "id")[0]
    assert (row["key"], row["value"], row["target"], row["unit"], row["evidence"]) == (
        "I1@2023", "1.234,50 %", "80,00", "Dinas Kesehatan", "berkas")
    assert row["submitted"].startswith("5 Maret 2024")


def test_an_empty_inbox_says_so(text) -> None:
    assert "Nothing waits for your verification." in text(verifikasi.inbox_note([], "en"))
    assert verifikasi.inbox_note([{"key": "I1@2023"}], "en") == ""


def test_both_grids_are_on_the_page_for_every_role(find_or_none) -> None:
    for page in (verifikasi.layout("id"), verifikasi.layout("id", can_verify=True),
                 verifikasi.layout("id", can_record=True)):
        assert find_or_none(page, ids.VERIFY_GRID) is not None
        assert find_or_none(page, ids.RETURNED_GRID) is not None


def test_the_history_links_the_evidence_file(text) -> None:
    history = [{"value": 1.0, "status": "rejected", "reviewed_by": "kadis",
                "reviewed_at": STAMP, "review_reason": "kurang bukti", "evidence_file": 7,
                "evidence": None}]
    detail = verifikasi.entry_detail(history, "en")
    assert "kurang bukti" in text(detail) and "Rejected" in text(detail)
    assert "/bukti/7" in str(detail)
