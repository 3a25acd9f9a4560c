"""Input Realisasi callbacks as plain functions, on a real SQLite database of the NTB example."""

from __future__ import annotations

from typing import Any

import pytest
from dash import no_update
from ekinerja.callbacks import realisasi

from ekinerja import services
from ekinerja.i18n import fmt_number
from ekinerja.readmodels.realizations import OWN_RHK
from ekinerja.services import User
from ekinerja.sources import DatabaseSource
from ekinerja.storage.database import Database

INDICATOR = "IKD-BAPPEDA-1.1"
PERIOD = "2023"


def entries(db: Database) -> list[dict[str, Any]]:
    return services.realization_history(db, None, INDICATOR)


def save(db: Database, value: Any, user: User | None, period: str = PERIOD) -> tuple:
    return realisasi.save(db, None, user, INDICATOR, period, value, "catatan",
                          "https://e.example/bukti.pdf", "id")


@pytest.fixture
def admin(db, add_account, user_of) -> User:
    add_account(db, "admin", "admin", name="Admin")
    return user_of("admin")


def saved_value(db: Database, indicator: str = INDICATOR, period: str = PERIOD) -> float | None:
    return services.load_engine(db).evaluate(period).indicator(indicator)["realization"]


THOUSANDS = "IKD-DINSOS-1.2"  # target 8.000 KK: 6.621,5 is a plausible value


@pytest.mark.parametrize(("lang", "typed"), [("id", "6.621,5"), ("en", "6,621.5")])
def test_a_thousands_grouped_value_is_read_in_the_pages_language(db, lang, typed, admin):
    _message, revision = realisasi.save(db, None, admin, THOUSANDS, PERIOD,
                                        typed, None, None, lang)
    assert revision is not no_update
    assert saved_value(db, THOUSANDS) == 6621.5


def test_an_ambiguous_value_is_not_guessed_but_confirmed(db, text_of, admin):
    message, revision = realisasi.save(db, None, admin, THOUSANDS, PERIOD, "6,621", None, None,
                                       "id")
    assert revision is no_update
    assert "6,621" in text_of(message) and "6.621" in text_of(message)
    _panel, options, hidden, _confirm_hidden = realisasi.preview(
        services.load_engine(db), THOUSANDS, PERIOD, "6,621", "id")
    assert [o["value"] for o in options] == [6.621, 6621.0] and not hidden
    _message, revision = realisasi.save(db, None, admin, THOUSANDS, PERIOD, "6,621", None, None,
                                        "id", reading=6621.0)
    assert revision is not no_update
    assert saved_value(db, THOUSANDS) == 6621.0


@pytest.mark.parametrize("typed", ["-5", "9.000.000"])
def test_an_implausible_value_needs_a_confirmation_and_a_reason_kept_in_the_history(
        db, text_of, operator, typed):
    before = entries(db)
    message, revision = save(db, typed, operator)
    assert revision is no_update and entries(db) == before
    assert "Sudah saya periksa" in text_of(message)
    _message, revision = realisasi.save(db, None, operator, INDICATOR, PERIOD, typed, None,
                                        None, "id", confirmed=True, reason="")
    assert revision is no_update
    _message, revision = realisasi.save(db, None, operator, INDICATOR, PERIOD, typed, None,
                                        None, "id", confirmed=True, reason="data BPS revisi")
    assert revision is not no_update
    log = services.audit_log(db, None, entity="realization", key=f"{INDICATOR}@{PERIOD}")
    assert "data BPS revisi" in log[0]["reason"]
    assert "data BPS revisi" in text_of(realisasi.history(db, None, INDICATOR, PERIOD, "id"))


def test_the_preview_asks_for_a_check_of_a_value_far_from_its_target(db, text_of):
    panel, _options, _hidden, confirm_hidden = realisasi.preview(
        services.load_engine(db), INDICATOR, PERIOD, "9.000.000", "id")
    assert not confirm_hidden and "target" in text_of(panel)


def test_choosing_an_indicator_starts_from_its_current_value(db, operator):
    save(db, "91,5", operator)
    assert realisasi.current_value(services.load_engine(db), INDICATOR, PERIOD, "id") == "91,5"
    assert realisasi.current_value(services.load_engine(db), INDICATOR, PERIOD, "en") == "91.5"


def test_the_entry_is_disabled_while_the_period_is_closed(db, text_of, operator, planner):
    assert realisasi.entry_scope(db, None, operator, INDICATOR, "id", PERIOD)[2] is False
    services.close_period(db, planner, None, PERIOD)
    hidden, note, disabled = realisasi.entry_scope(db, None, operator, INDICATOR, "id", PERIOD)
    assert (hidden, disabled) == (False, True) and "ditutup" in note


def test_closing_a_period_needs_a_reason(db, text_of, planner):
    message, revision = realisasi.change_period(db, None, planner, PERIOD, "close", " ", "id")
    assert revision is no_update and "alasan" in text_of(message)
    assert not services.is_period_closed(db, None, PERIOD)


def test_saving_a_number_records_it_and_returns_the_new_revision(db, text_of, operator):
    message, revision = save(db, "91,5", operator)
    assert revision == services.revision(db)
    assert services.load_engine(db).evaluate(PERIOD).indicator(INDICATOR)["realization"] == 91.5
    assert "Tersimpan" in text_of(message)


def test_saving_text_is_refused_with_a_message_and_nothing_is_written(db, text_of, operator):
    before = (entries(db), services.revision(db))
    message, revision = save(db, "sembilan puluh", operator)
    assert revision is no_update
    assert "bukan angka" in text_of(message)
    assert (entries(db), services.revision(db)) == before


def test_saving_into_a_closed_period_is_refused_and_nothing_is_written(db, text_of, operator,
                                                                      planner):
    services.close_period(db, planner, None, PERIOD)
    before = entries(db)
    message, revision = save(db, "90", operator)
    assert revision is no_update
    assert "ditutup" in text_of(message)
    assert entries(db) == before


def test_saving_into_a_month_of_a_closed_year_is_refused(db, operator, planner):
    services.close_period(db, planner, None, PERIOD)
    _message, revision = save(db, "90", operator, period="2023-05")
    assert revision is no_update


def test_saving_outside_the_plan_years_is_refused(db, text_of, operator):
    message, revision = save(db, "90", operator, period="2031")
    assert revision is no_update
    assert "di luar" in text_of(message)


def test_a_viewer_may_not_save(db, text_of, user_of):
    message, revision = save(db, "90", user_of("tamu"))
    assert revision is no_update
    assert "tidak diizinkan" in text_of(message)


def test_without_an_acting_user_nothing_is_saved(db):
    _message, revision = save(db, "90", None)
    assert revision is no_update


def test_a_bad_evidence_link_is_refused(db, text_of, operator):
    message, revision = realisasi.save(db, None, operator, INDICATOR, PERIOD, "90", None,
                                       "file:///etc/passwd", "id")
    assert revision is no_update
    assert "http" in text_of(message)


def test_a_planner_closes_a_period(db, planner):
    _message, revision = realisasi.change_period(db, None, planner, PERIOD, "close",
                                                 "evaluasi selesai", "id")
    assert revision == services.revision(db)
    assert services.is_period_closed(db, None, PERIOD)


def test_an_operator_may_not_close_a_period(db, text_of, operator):
    message, revision = realisasi.change_period(db, None, operator, PERIOD, "close", None, "id")
    assert revision is no_update
    assert not services.is_period_closed(db, None, PERIOD)
    assert "tidak diizinkan" in text_of(message)


def test_reopening_needs_a_reason(db, text_of, planner):
    services.close_period(db, planner, None, PERIOD)
    message, revision = realisasi.change_period(db, None, planner, PERIOD, "reopen", " ",
                                                "id")
    assert revision is no_update
    assert services.is_period_closed(db, None, PERIOD)
    assert "alasan" in text_of(message)


def test_the_table_says_in_words_that_the_period_is_closed(db, text_of, planner):
    services.close_period(db, planner, None, PERIOD)
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


def test_history_shows_who_changed_the_realization(db, text_of, operator):
    save(db, "91,5", operator)
    text = text_of(realisasi.history(db, None, INDICATOR, PERIOD, "id"))
    assert "operator" in text
    assert "91,50" in text


def test_preview_shows_the_band_the_typed_value_would_get(db, text_of):
    engine = services.load_engine(db)
    target = engine.evaluate(PERIOD).indicator(INDICATOR)["target"]
    typed = fmt_number(target, "id", None)
    assert "100,00" in text_of(realisasi.preview(engine, INDICATOR, PERIOD, typed, "id")[0])


def test_preview_says_when_the_typed_value_is_not_a_number(db, text_of):
    engine = services.load_engine(db)
    assert "bukan angka" in text_of(realisasi.preview(engine, INDICATOR, PERIOD, "x", "id")[0])


OWN_NIP = "199407242019042005"  # Siti Nurhayati, owner of RHK-052 and RHK-053 (DIKES-KESMAS-GIZI)


def test_an_operator_opens_the_page_on_their_unit(db, operator):
    params = realisasi.layout_params(DatabaseSource(db), "id", operator)
    assert params["unit"] == "BAPPEDA"
    assert (params["can_record"], params["can_manage_periods"]) == (True, False)


def test_a_planner_manages_periods_but_records_nothing(db, planner):
    params = realisasi.layout_params(DatabaseSource(db), "id", planner)
    assert (params["can_record"], params["can_manage_periods"]) == (False, True)


def test_a_viewer_is_offered_no_change(db, user_of):
    params = realisasi.layout_params(DatabaseSource(db), "id", user_of("tamu"))
    assert (params["can_record"], params["can_manage_periods"], params["own"]) == (
        False, False, False)


def test_an_employee_opens_the_page_on_their_own_rhk(db, add_account, user_of):
    add_account(db, "siti", "employee", nip=OWN_NIP)
    params = realisasi.layout_params(DatabaseSource(db), "id", user_of("siti"))
    assert (params["unit"], params["own"], params["can_record"]) == (OWN_RHK, True, True)


def test_the_own_rhk_table_lists_the_indicators_of_the_signed_in_employee(db, add_account,
                                                                          user_of):
    add_account(db, "siti", "employee", nip=OWN_NIP)
    engine = services.load_engine(db)
    _table, options, _chosen, _status = realisasi.table(engine, db, None, OWN_RHK, PERIOD, "id",
                                                        None, user_of("siti"))
    owned = {o.code for o in engine.doc.objectives if o.owner == OWN_NIP}
    expected = [i.code for i in engine.doc.indicators if i.objective in owned]
    assert [o["value"] for o in options] == expected and expected


def test_the_own_rhk_of_someone_without_a_nip_is_empty(db, operator):
    engine = services.load_engine(db)
    _table, options, _chosen, _status = realisasi.table(engine, db, None, OWN_RHK, PERIOD, "id",
                                                        None, operator)
    assert options == []


def test_the_entry_shows_for_an_indicator_in_the_operators_unit(db, operator):
    hidden, note, disabled = realisasi.entry_scope(db, None, operator, INDICATOR, "id", PERIOD)
    assert (hidden, note, disabled) == (False, "", False)


def test_the_entry_hides_outside_the_operators_unit_and_says_why(db, operator):
    outside = next(i.code for i in services.load_engine(db).doc.indicators
                   if i.code.startswith("IKD-DIKES"))
    hidden, note, _disabled = realisasi.entry_scope(db, None, operator, outside, "id")
    assert hidden
    assert "di luar" in note


def test_a_refusal_is_said_in_the_pages_language_only(db, text_of, user_of, planner):
    message, _revision = realisasi.save(db, None, user_of("tamu"), INDICATOR, PERIOD, "90",
                                        None, None, "en")
    assert "not allowed: tamu (viewer) may not record realizations" in text_of(message)
    assert "tidak" not in text_of(message)
    services.close_period(db, planner, None, PERIOD)
    message, _revision = realisasi.save(db, None, user_of("operator"), INDICATOR, PERIOD, "90",
                                        None, None, "en")
    assert 'period "2023" is closed' in text_of(message) and "ditutup" not in text_of(message)
