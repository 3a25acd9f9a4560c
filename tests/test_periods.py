"""Periods: parsing, ordering and sub-periods."""

import pytest

from ekinerja.periods import in_plan, is_period, parse_period, plan_periods


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


def test_a_period_within_the_plan_years_is_accepted():
    assert str(in_plan("2021-Q3", 2019, 2023)) == "2021-Q3"


def test_a_period_outside_the_plan_years_names_them():
    with pytest.raises(ValueError, match="outside the plan years 2019–2023"):
        in_plan("2030", 2019, 2023)
