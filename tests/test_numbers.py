"""Numbers people type and read: the locale parser and formatter, plausibility warnings."""

from __future__ import annotations

import math
import re
from decimal import Decimal

import pytest
from babel.numbers import format_decimal
from hypothesis import given, settings
from hypothesis import strategies as st

from ekinerja import numbers
from ekinerja.numbers import (
    AMBIGUOUS,
    EMPTY,
    INVALID,
    OK,
    format_number,
    parse_number,
    plausibility_warnings,
)

LANGS = ("id", "en")
#: The documented ambiguous shape: a decimal mark followed by exactly three digits after a
#: one-to-three digit integer part not starting with 0, and no group separator.
AMBIGUOUS_SHAPE = {"id": re.compile(r"-?[1-9][0-9]{0,2},[0-9]{3}"),
                   "en": re.compile(r"-?[1-9][0-9]{0,2}\.[0-9]{3}")}


def value_of(text: str, lang: str) -> float | None:
    result = parse_number(text, lang)
    return result.value if result.ok else None


# ---------------------------------------------------------------------------- parsing


def test_an_indonesian_thousands_separator_is_read_as_thousands():
    assert value_of("6.621", "id") == 6621.0


@pytest.mark.parametrize(("text", "lang"), [("6.621,5", "id"), ("6,621.5", "en")])
def test_the_same_value_typed_in_each_language_reads_the_same(text, lang):
    assert value_of(text, lang) == 6621.5


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [("1.234.567,89", "id", 1234567.89), ("1,234,567.89", "en", 1234567.89),
     ("12,5", "id", 12.5), ("12.5", "en", 12.5), ("0,123", "id", 0.123), (",5", "id", 0.5),
     ("-5", "id", -5.0), ("+7", "en", 7.0), ("007", "id", 7.0), ("1234,5", "id", 1234.5)],
)
def test_numbers_written_as_the_language_writes_them_are_read(text, lang, value):
    assert value_of(text, lang) == value


def test_surrounding_white_space_is_ignored():
    assert value_of(" \t 1.500,25\n", "id") == 1500.25


def test_negative_zero_reads_as_zero():
    assert math.copysign(1.0, parse_number("-0", "id").value) == 1.0


@pytest.mark.parametrize(("text", "lang", "readings"), [
    ("1,234", "id", (1.234, 1234.0)),
    ("-12,345", "id", (-12.345, -12345.0)),
    ("1,230", "id", (1.23, 1230.0)),
    ("1.234", "en", (1.234, 1234.0)),
])
def test_a_decimal_mark_before_three_digits_is_ambiguous_with_both_readings(text, lang, readings):
    result = parse_number(text, lang)
    assert (result.status, result.value, result.readings) == (AMBIGUOUS, None, readings)


@pytest.mark.parametrize(("text", "lang", "reading"), [
    ("12.5", "id", 12.5), ("1,234.5", "id", 1234.5), ("0.123", "id", 0.123),
    ("12,5", "en", 12.5), ("6.621,5", "en", 6621.5),
])
def test_a_number_in_the_other_format_is_offered_for_confirmation(text, lang, reading):
    result = parse_number(text, lang)
    assert (result.status, result.readings) == (AMBIGUOUS, (reading,))


def test_the_ambiguity_message_shows_both_readings_in_the_language():
    message = parse_number("1,234", "id").message
    assert message.text("id") == (
        '"1,234" bisa berarti 1,234 (dengan desimal) atau 1.234 (ribuan): pilih salah satu.'
    )


#: Texts refused with the reason why, not read: (text, language, the reason's msgid).
REFUSED = [
    # a value with a unit, before or after the number
    *((text, "id", numbers.WITHOUT_UNIT)
      for text in ["97,1 dokumen", "50 %", "Rp 5.000", "5.000 orang"]),
    # digits other than ASCII
    *((text, "id", numbers.ASCII_DIGITS) for text in ["٦٦٢١", "۱۲۳", "１２３", "१२३", "12٣"]),
    # exponents
    *((text, "en", numbers.NO_EXPONENT) for text in ["1e3", "1,5E-2", "-2e+10"]),
]


@pytest.mark.parametrize(("text", "lang", "reason"), REFUSED)
def test_units_other_digits_and_exponents_are_refused_with_the_reason(text, lang, reason):
    result = parse_number(text, lang)
    assert (result.status, result.message.msgid) == (INVALID, reason)


@pytest.mark.parametrize("text", ["nan", "NaN", "inf", "-Infinity", "∞"])
def test_nan_and_infinity_are_not_numbers(text):
    assert parse_number(text, "en").status == INVALID


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, True])
def test_non_finite_or_boolean_values_are_not_numbers(value):
    assert parse_number(value, "id").status == INVALID


def test_a_finite_float_passes_as_it_is():
    assert parse_number(2.5, "id").value == 2.5


@pytest.mark.parametrize("text", ["12\x00", "1\x1b2", "3\u00854", "\ud8004"])
def test_control_characters_and_surrogates_are_refused(text):
    assert parse_number(text, "id").message.msgid == numbers.CONTROL_CHARACTER


@pytest.mark.parametrize("text", ["", "   ", None])
def test_nothing_typed_is_empty(text):
    assert parse_number(text, "id").status == EMPTY


@pytest.mark.parametrize(
    "text", ["1 234", "1.23.456", "5,", "--5", "−5", "1..2", ".", ",", "-", "12,3,4", "0.5.0"]
)
def test_malformed_numbers_are_invalid_in_both_languages(text):
    assert [parse_number(text, lang).status for lang in LANGS] == [INVALID, INVALID]


def test_a_number_beyond_float_range_is_too_large():
    assert parse_number("9" * 400, "id").message.msgid == numbers.TOO_LARGE


def test_a_text_longer_than_any_number_is_refused():
    assert parse_number("1" * (numbers.MAX_NUMBER_TEXT + 1), "id").message.msgid == (
        numbers.TOO_LONG
    )


# ---------------------------------------------------------------------------- formatting


def test_format_uses_the_language_symbols():
    assert [format_number(-1234567.891, lang, 2) for lang in LANGS] == [
        "-1.234.567,89", "-1,234,567.89"]


def test_format_with_no_digits_given_writes_what_the_value_needs():
    assert [format_number(v, "id", None) for v in (0.1, 1234.0, 1e-7)] == [
        "0,1", "1.234", "0,0000001"]


def test_negative_zero_is_written_without_a_sign():
    assert format_number(-0.001, "id", 2) == "0,00"


def test_no_value_is_a_dash():
    assert [format_number(v, "id") for v in (None, math.nan)] == ["–", "–"]


def test_infinity_is_written_as_a_symbol():
    assert [format_number(v, "en") for v in (math.inf, -math.inf)] == ["∞", "-∞"]


# ---------------------------------------------------------------------------- properties

FLOATS = st.floats(allow_nan=False, allow_infinity=False)
DIGITS = st.none() | st.integers(0, 10)


@settings(max_examples=800, deadline=None)
@given(FLOATS, DIGITS, st.sampled_from(LANGS))
def test_format_then_parse_gives_the_formatted_value_back(value, digits, lang):
    text = format_number(value, lang, digits)
    expected = (value if digits is None else float(f"{value:.{digits}f}")) + 0.0
    result = parse_number(text, lang)
    if AMBIGUOUS_SHAPE[lang].fullmatch(text):
        assert (result.status, result.readings[0]) == (AMBIGUOUS, expected)
    else:
        assert (result.status, result.value) == (OK, expected)


@settings(max_examples=300, deadline=None)
@given(st.integers(-(10**15), 10**15), st.integers(0, 6), st.sampled_from(LANGS))
def test_format_then_parse_round_trips_integers_and_digit_counts(units, digits, lang):
    value = units / 10**digits
    text = format_number(value, lang, digits)
    result = parse_number(text, lang)
    assert float(f"{value:.{digits}f}") in (result.value, *result.readings[:1])


@settings(max_examples=400, deadline=None)
@given(st.floats(min_value=-1e15, max_value=1e15, allow_nan=False), st.integers(0, 6),
       st.sampled_from(LANGS))
def test_the_formatter_agrees_with_babels_locale_rules(value, digits, lang):
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    babel = format_decimal(Decimal(value), pattern, locale={"id": "id_ID", "en": "en_US"}[lang])
    ours = format_number(value, lang, digits)
    assert ours == babel or (babel.startswith("-") and ours == babel[1:] and not ours.strip("0.,"))


NUMBERISH = st.text(alphabet="0123456789.,-+ eE%", max_size=16)


@settings(max_examples=1000, deadline=None)
@given(st.one_of(st.text(), NUMBERISH), st.sampled_from(LANGS))
def test_parse_never_raises_and_always_says_what_it_read(text, lang):
    result = parse_number(text, lang)
    assert result.status in (OK, EMPTY, INVALID, AMBIGUOUS)
    if result.ok:
        assert math.isfinite(result.value)
    else:
        assert result.message.text(lang) and result.message.text("en")
    if result.status == AMBIGUOUS:
        assert result.readings and all(math.isfinite(r) for r in result.readings)


# ---------------------------------------------------------------------------- plausibility


def msgids(warnings):
    return [w.msgid for w in warnings]


def test_a_value_far_above_its_target_asks_for_confirmation():
    assert msgids(plausibility_warnings(97.1, 4.0, "dokumen")) == [numbers.FAR_ABOVE_TARGET]


def test_a_value_far_below_its_target_asks_for_confirmation():
    assert msgids(plausibility_warnings(1.0, 4.0)) == [numbers.FAR_BELOW_TARGET]


def test_a_value_near_its_target_is_plausible():
    assert plausibility_warnings(5.0, 4.0, "dokumen") == []


def test_the_far_from_target_bounds_are_parameters():
    assert plausibility_warnings(7.0, 4.0, above=2.0) == []
    assert msgids(plausibility_warnings(3.0, 4.0, below=0.8)) == [numbers.FAR_BELOW_TARGET]


def test_a_ranged_target_is_compared_by_its_nearer_bound():
    assert [msgids(plausibility_warnings(v, [80.0, 90.0])) for v in (136.0, 85.0, 39.0)] == [
        [numbers.FAR_ABOVE_TARGET], [], [numbers.FAR_BELOW_TARGET]]


def test_a_zero_target_gives_no_far_from_target_warning():
    assert plausibility_warnings(3.0, 0.0) == []


def test_a_negative_value_asks_for_confirmation():
    assert msgids(plausibility_warnings(-5.0, None)) == [numbers.NEGATIVE_VALUE]


@pytest.mark.parametrize("unit", ["%", "persen", "Persentase", "percent", "% per tahun"])
def test_a_percentage_above_100_asks_for_confirmation(unit):
    assert msgids(plausibility_warnings(100.5, None, unit)) == [numbers.PERCENT_ABOVE_100]


@pytest.mark.parametrize("unit", ["dokumen", "", None, "indeks"])
def test_above_100_is_plausible_for_other_units(unit):
    assert plausibility_warnings(250.0, None, unit) == []


def test_a_warning_reads_with_the_languages_numbers():
    (warning,) = plausibility_warnings(6621.5, 4000.0)
    assert warning.text("id") == (
        "Nilai 6.621,5 adalah 165,5 % dari target 4.000, lebih dari batas wajar 150 %."
    )
    assert warning.text("en") == (
        "The value 6,621.5 is 165.5 % of the target 4,000, more than the usual 150 %."
    )
