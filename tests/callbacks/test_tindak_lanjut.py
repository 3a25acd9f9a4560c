"""Tindak lanjut callbacks as plain functions, on a real database of the NTB example."""

from __future__ import annotations

from datetime import date

import pytest
from dash import no_update
from ekinerja.callbacks import tindak_lanjut

from ekinerja import services
from ekinerja.services import followups as fu
from tests.callbacks.helpers import engine

INDICATOR = "IKD-BAPPEDA-1.1"  # of SPD-BAPPEDA-1 (unit BAPPEDA), target 98 in 2023
PERIOD = "2023"
TODAY = date(2024, 6, 1)


@pytest.fixture
def red(db, operator):
    services.record_realization(db, operator, None, INDICATOR, PERIOD, 10.0)
    return db


def save(db, user, indicator=INDICATOR, cause="Data terlambat", due="2024-03-31",
         lang="id"):
    return tindak_lanjut.record(engine(db), db, None, user, PERIOD, indicator, cause,
                                "Rapat koordinasi bulanan", due, None, lang)


def test_the_operator_sees_the_red_indicator_and_may_choose_it(red, operator, text_of) -> None:
    table, options, opened, closable = tindak_lanjut.lists(engine(red), red, None, operator,
                                                           PERIOD, "id", TODAY)
    assert INDICATOR in text_of(table) and "Belum ada tindak lanjut" in text_of(table)
    assert [o["value"] for o in options] == [INDICATOR]
    assert "Tidak ada tindak lanjut yang terbuka" in text_of(opened) and closable == []


def test_recording_a_follow_up_returns_the_revision_and_lists_it_open(red, operator,
                                                                      text_of) -> None:
    message, revision = save(red, operator)
    assert "Tindak lanjut dicatat" in text_of(message)
    assert revision == services.revision(red)
    table, _options, opened, closable = tindak_lanjut.lists(engine(red), red, None, operator,
                                                            PERIOD, "id", TODAY)
    assert "1 terbuka, 0 selesai" in text_of(table)
    assert "Data terlambat" in text_of(opened) and "(lewat tenggat)" in text_of(opened)
    [choice] = closable
    message, revision = tindak_lanjut.close(red, None, operator, choice["value"],
                                            "Rapat sudah rutin", "id")
    assert "selesai" in text_of(message) and revision == services.revision(red)
    assert fu.follow_ups(red, operator, None)[0].status == "done"


def test_an_indicator_that_is_not_red_is_refused_in_the_readers_language(db, operator,
                                                                         text_of) -> None:
    services.record_realization(db, operator, None, INDICATOR, PERIOD, 98.0)
    message, revision = save(db, operator)
    assert revision is no_update
    assert "tidak merah pada 2023" in text_of(message)
    message, _ = save(db, operator, lang="en")
    assert "is not red in 2023" in text_of(message)


def test_a_missing_cause_is_refused_in_words(red, operator, text_of) -> None:
    message, revision = save(red, operator, cause="")
    assert revision is no_update and "penyebab wajib diisi" in text_of(message)


def test_a_viewer_is_refused_and_offered_nothing(red, viewer, text_of) -> None:
    message, revision = save(red, viewer)
    assert revision is no_update and "tidak diizinkan" in text_of(message)
    _table, options, _opened, _closable = tindak_lanjut.lists(engine(red), red, None, viewer,
                                                              PERIOD, "id", TODAY)
    assert options == []
    assert fu.follow_ups(red, viewer, None) == []
