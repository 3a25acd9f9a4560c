"""Periods: parsing, ordering and sub-periods."""

import pytest

from ekinerja.messages import InputError
from ekinerja.periods import (
    INVALID_PERIOD,
    OUTSIDE_PLAN,
    PERIOD_REQUIRED,
    is_period,
    parse_period,
    plan_period,
    plan_periods,
)


@pytest.mark.parametrize("text", ["2020", "2020-Q1", "2020-Q4", "2020-01", "2020-12"])
def test_well_formed_periods_parse_back_to_the_same_text(text):
    assert str(parse_period(text)) == text


@pytest.mark.parametrize(
    "text", ["20", "2020-Q5", "2020-Q0", "2020-13", "2020-00", "2020-1", "", "x"]
)
def test_malformed_periods_are_refused_with_a_bilingual_message(text):
    with pytest.raises(ValueError, match="periode tidak sah / invalid period"):
        parse_period(text)
    assert not is_period(text)


def test_a_year_is_derived_from_its_quarters_and_a_quarter_from_its_months():
    assert [str(p) for p in parse_period("2021").children()] == [
        "2021-Q1",
        "2021-Q2",
        "2021-Q3",
        "2021-Q4",
    ]
    assert [str(p) for p in parse_period("2021-Q3").children()] == ["2021-07", "2021-08", "2021-09"]
    assert parse_period("2021-05").children() == []


def test_periods_sort_chronologically_with_a_whole_after_its_parts():
    texts = ["2021", "2021-Q2", "2021-04", "2020-12", "2021-Q1", "2021-03"]
    ordered = [str(p) for p in sorted(parse_period(t) for t in texts)]
    assert ordered == ["2020-12", "2021-03", "2021-Q1", "2021-04", "2021-Q2", "2021"]


def test_parent_of_a_month_is_its_quarter_and_of_a_quarter_its_year():
    assert str(parse_period("2021-08").parent()) == "2021-Q3"
    assert str(parse_period("2021-Q3").parent()) == "2021"
    assert parse_period("2021").parent() is None


def test_plan_periods_cover_every_month_quarter_and_year():
    periods = plan_periods(2020, 2021)
    assert len(periods) == 2 * (12 + 4 + 1)
    assert str(periods[-1]) == "2021"


# ---------------------------------------------------------------------------- plan periods


@pytest.mark.parametrize("text", ["2022", "2022-Q3", "2022-07", "2019-01", "2023-Q4"])
def test_a_period_of_the_plan_is_accepted_as_it_is(text):
    assert str(plan_period(text, 2019, 2023)) == text


@pytest.mark.parametrize(
    "text",
    ["2022-13", "2022-Q5", "2022-Q0", "2022-00", "garbage", " 2022-Q3", "2022-Q3 ", "2022\n",
     "2022-q3", "22", "٢٠٢٢", "２０２２", 2022, 2022.0, ["2022"]],
)
def test_anything_not_exactly_a_period_is_refused_with_what_was_given(text):
    with pytest.raises(InputError) as caught:
        plan_period(text, 2019, 2023)
    assert caught.value.message.msgid == INVALID_PERIOD
    assert "Invalid period" in caught.value.text("en")


@pytest.mark.parametrize("text", ["", None])
def test_a_missing_period_is_refused_as_required(text):
    with pytest.raises(InputError) as caught:
        plan_period(text, 2019, 2023)
    assert caught.value.message.msgid == PERIOD_REQUIRED


@pytest.mark.parametrize("text", ["2018", "2024-Q1", "2030-01"])
def test_a_period_outside_the_plan_years_is_refused(text):
    with pytest.raises(InputError, match="2019–2023") as caught:
        plan_period(text, 2019, 2023)
    assert caught.value.message.msgid == OUTSIDE_PLAN


def test_a_refused_period_shows_spaces_and_says_where_in_both_languages():
    with pytest.raises(InputError) as caught:
        plan_period(" 2022-Q3", 2019, 2023, place="realizations.period")
    assert str(caught.value) == (
        'realizations.period: Periode tidak sah " 2022-Q3": gunakan YYYY, YYYY-Qn (n = 1 sampai '
        '4) atau YYYY-MM. / Invalid period " 2022-Q3": use YYYY, YYYY-Qn (n = 1 to 4) or YYYY-MM.'
    )


@pytest.mark.parametrize("text", ["2022\n", "٢٠٢٢", "2022-Q3\n"])
def test_parse_period_refuses_a_trailing_newline_and_other_digits(text):
    assert not is_period(text)
    with pytest.raises(ValueError):
        parse_period(text)
