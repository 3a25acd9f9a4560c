"""Translatable messages: rendered per language, bilingual for the command line."""

from __future__ import annotations

from ekinerja.messages import InputError, Message
from ekinerja.periods import INVALID_PERIOD


def test_a_message_is_translated_and_its_numbers_written_in_the_language():
    message = Message("The value {value} is negative.", {"value": -1234.5})
    assert [message.text("id"), message.text("en")] == [
        "Nilai -1.234,5 negatif.", "The value -1,234.5 is negative."]


def test_a_message_is_bilingual_indonesian_first():
    message = Message("Must not be empty.")
    assert message.bilingual() == "Tidak boleh kosong. / Must not be empty."


def test_a_message_without_translation_is_shown_once():
    assert Message("{text}", {"text": "SS-1"}).bilingual() == "SS-1"


def test_an_input_error_says_where_and_reads_in_each_language():
    error = InputError(Message(INVALID_PERIOD, {"text": '"x"'}), "--period")
    assert isinstance(error, ValueError)
    assert error.text("en") == (
        '--period: Invalid period "x": use YYYY, YYYY-Qn (n = 1 to 4) or YYYY-MM.')
    assert str(error).startswith('--period: Periode tidak sah "x"')


def test_a_period_parameter_is_written_as_its_label_in_the_language():
    from ekinerja.i18n import PeriodName
    from ekinerja.services.periods import PERIOD_CLOSED

    message = Message(PERIOD_CLOSED, {"period": PeriodName("2022-Q4")})
    assert "Triwulan IV 2022" in message.text("id") and "Q4 2022" in message.text("en")
    assert "2022-Q4" not in message.text("id")
    assert PeriodName("bukan").text("en") == "bukan" and str(PeriodName("2022")) == "2022"
