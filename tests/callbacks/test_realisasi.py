"""Input Realisasi callbacks as plain functions, on a real SQLite database of the NTB example."""

from __future__ import annotations

from typing import Any

from dash import no_update
from ekinerja.callbacks import realisasi

from ekinerja import services
from ekinerja.storage.database import Database

INDICATOR = "IKD-BAPPEDA-1.1"
PERIOD = "2023"


def entries(db: Database) -> list[dict[str, Any]]:
    return services.realization_history(db, None, INDICATOR)


def save(db: Database, value: Any, user: str = "operator", period: str = PERIOD) -> tuple:
    return realisasi.save(db, None, user, INDICATOR, period, value, "catatan",
                          "https://e.example/bukti.pdf", "id")


def test_saving_a_number_records_it_and_returns_the_new_revision(db, text_of):
    message, revision = save(db, "91,5")
    assert revision == services.revision(db)
    assert services.load_engine(db).evaluate(PERIOD).indicator(INDICATOR)["realization"] == 91.5
    assert "Tersimpan" in text_of(message)


def test_saving_text_is_refused_with_a_message_and_nothing_is_written(db, text_of):
    before = (entries(db), services.revision(db))
    message, revision = save(db, "sembilan puluh")
    assert revision is no_update
    assert "bukan angka" in text_of(message)
    assert (entries(db), services.revision(db)) == before


def test_saving_into_a_closed_period_is_refused_and_nothing_is_written(db, text_of):
    services.close_period(db, services.get_user(db, "perencana"), None, PERIOD)
    before = entries(db)
    message, revision = save(db, "90")
    assert revision is no_update
    assert "ditutup" in text_of(message)
    assert entries(db) == before


def test_saving_into_a_month_of_a_closed_year_is_refused(db):
    services.close_period(db, services.get_user(db, "perencana"), None, PERIOD)
    _message, revision = save(db, "90", period="2023-05")
    assert revision is no_update


def test_saving_outside_the_plan_years_is_refused(db, text_of):
    message, revision = save(db, "90", period="2031")
    assert revision is no_update
    assert "di luar" in text_of(message)


def test_a_viewer_may_not_save(db, text_of):
    message, revision = save(db, "90", user="tamu")
    assert revision is no_update
    assert "tidak diizinkan" in text_of(message)


def test_without_an_acting_user_nothing_is_saved(db):
    _message, revision = save(db, "90", user=None)
    assert revision is no_update


def test_a_bad_evidence_link_is_refused(db, text_of):
    message, revision = realisasi.save(db, None, "operator", INDICATOR, PERIOD, "90", None,
                                       "file:///etc/passwd", "id")
    assert revision is no_update
    assert "http" in text_of(message)


def test_a_planner_closes_a_period(db):
    _message, revision = realisasi.change_period(db, None, "perencana", PERIOD, "close",
                                                 "evaluasi selesai", "id")
    assert revision == services.revision(db)
    assert services.is_period_closed(db, None, PERIOD)


def test_an_operator_may_not_close_a_period(db, text_of):
    message, revision = realisasi.change_period(db, None, "operator", PERIOD, "close", None, "id")
    assert revision is no_update
    assert not services.is_period_closed(db, None, PERIOD)
    assert "tidak diizinkan" in text_of(message)


def test_reopening_needs_a_reason(db, text_of):
    services.close_period(db, services.get_user(db, "perencana"), None, PERIOD)
    message, revision = realisasi.change_period(db, None, "perencana", PERIOD, "reopen", " ",
                                                "id")
    assert revision is no_update
    assert services.is_period_closed(db, None, PERIOD)
    assert "alasan" in text_of(message)


def test_the_table_says_in_words_that_the_period_is_closed(db, text_of):
    services.close_period(db, services.get_user(db, "perencana"), None, PERIOD)
    engine = services.load_engine(db)
    _table, _options, _chosen, status = realisasi.table(engine, db, None, "BAPPEDA", PERIOD,
                                                        "id", None)
    assert "Ditutup" in text_of(status)


def test_the_table_keeps_the_chosen_indicator_of_the_unit(db):
    engine = services.load_engine(db)
    _table, options, chosen, _status = realisasi.table(engine, db, None, "BAPPEDA", PERIOD,
                                                       "id", "IKD-BAPPEDA-1.2")
    assert chosen == "IKD-BAPPEDA-1.2"
    assert INDICATOR in [o["value"] for o in options]


def test_history_shows_who_changed_the_realization(db, text_of):
    save(db, "91,5")
    text = text_of(realisasi.history(db, None, INDICATOR, PERIOD, "id"))
    assert "operator" in text
    assert "91,50" in text


def test_preview_shows_the_band_the_typed_value_would_get(db, text_of):
    engine = services.load_engine(db)
    target = engine.evaluate(PERIOD).indicator(INDICATOR)["target"]
    assert "100,00" in text_of(realisasi.preview(engine, INDICATOR, PERIOD, str(target), "id"))


def test_preview_says_when_the_typed_value_is_not_a_number(db, text_of):
    engine = services.load_engine(db)
    assert "bukan angka" in text_of(realisasi.preview(engine, INDICATOR, PERIOD, "x", "id"))


def test_choosing_an_operator_moves_to_their_unit(db):
    options = [{"value": "DIKES"}, {"value": "BAPPEDA"}]
    assert realisasi.unit_of_user(db, "operator", options) == "BAPPEDA"


def test_choosing_a_user_without_unit_keeps_the_unit(db):
    assert realisasi.unit_of_user(db, "perencana", [{"value": "BAPPEDA"}]) is no_update
