"""Text rules shared by imports and the web: lengths, control characters, codes."""

from __future__ import annotations

import unicodedata

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ekinerja import textrules
from ekinerja.messages import InputError
from ekinerja.textrules import RULES, all_codes_valid, check_text, text_problem

CONTROL = [chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)]]
ALWAYS_REFUSED = ["\ud800", "\udfff", "\ufffe", "\uffff", "\ufdd0", "\U0001fffe", "\U0010ffff",
                  "\u202e", "\u2066"]


@pytest.mark.parametrize("char", CONTROL, ids=lambda c: f"U+{ord(c):04X}")
def test_a_code_refuses_every_control_character(char):
    assert text_problem(f"SS{char}1", "code").msgid == textrules.CHARACTER_NOT_ALLOWED


def test_a_code_with_a_carriage_return_is_refused_at_its_position():
    problem = text_problem("SS-1\r", "code")
    assert problem.text("en") == "Character not allowed: U+000D at position 5."


@pytest.mark.parametrize("char", ["\t", "\n", "\r", "\u2028", "\u2029"], ids=repr)
def test_single_line_fields_refuse_tabs_and_line_breaks(char):
    assert text_problem(f"a{char}b", "name") is not None


@pytest.mark.parametrize("kind", sorted(RULES))
@pytest.mark.parametrize("char", ALWAYS_REFUSED, ids=lambda c: f"U+{ord(c):04X}")
def test_surrogates_non_characters_and_bidi_controls_are_refused_everywhere(kind, char):
    assert text_problem(f"a{char}", kind).msgid == textrules.CHARACTER_NOT_ALLOWED


@pytest.mark.parametrize("kind", ["note", "reason"])
def test_multi_line_fields_keep_tabs_and_line_feeds(kind):
    assert check_text("baris 1\n\tbaris 2", kind) == "baris 1\n\tbaris 2"


def test_multi_line_fields_get_line_feeds_for_any_line_ending():
    assert check_text("a\r\nb\rc\nd", "note") == "a\nb\nc\nd"


@pytest.mark.parametrize("kind", ["note", "reason"])
def test_multi_line_fields_still_refuse_nul(kind):
    with pytest.raises(InputError):
        check_text("catatan\x00", kind)


@pytest.mark.parametrize("kind", sorted(RULES))
def test_each_kind_takes_text_up_to_its_limit_and_refuses_one_more(kind):
    limit = RULES[kind].max_length
    assert text_problem("x" * limit, kind) is None
    assert text_problem("x" * (limit + 1), kind).params == {"length": limit + 1, "limit": limit}


def test_the_limits_are_the_documented_ones():
    assert {kind: rule.max_length for kind, rule in RULES.items()} == {
        "code": 100, "name": 500, "measure_unit": 100, "note": 4000, "reason": 1000,
        "url": 2000, "search": 200}


@pytest.mark.parametrize("text", [" SS-1", "SS-1 ", "SS-1\u00a0"], ids=repr)
def test_a_code_must_not_start_or_end_with_white_space(text):
    assert text_problem(text, "code").msgid == textrules.SURROUNDING_SPACE


def test_a_name_may_start_or_end_with_a_space():
    assert text_problem(" spasi ", "name") is None


def test_an_empty_required_text_is_refused_and_an_optional_one_kept():
    with pytest.raises(InputError, match="Must not be empty"):
        check_text("", "name")
    assert check_text(None, "note", required=False) == ""


def test_a_value_that_is_not_text_is_refused_with_its_place():
    with pytest.raises(InputError) as caught:
        check_text(5, "name", place="name")
    assert caught.value.text("en") == "name: Must be text."


def test_a_refusal_reads_in_both_languages():
    with pytest.raises(InputError) as caught:
        check_text("x" * 4001, "note")
    assert str(caught.value) == (
        "Terlalu panjang: 4.001 karakter, paling banyak 4.000. / "
        "Too long: 4,001 characters, at most 4,000."
    )


# ---------------------------------------------------------------------------- properties

ANY_TEXT = st.text(alphabet=st.characters(), max_size=40)


@settings(max_examples=500, deadline=None)
@given(ANY_TEXT)
def test_an_accepted_code_has_no_control_character_and_no_surrounding_space(text):
    if text_problem(text, "code") is None:
        assert not any(unicodedata.category(c) in ("Cc", "Cs") for c in text)
        assert text == text.strip()


@settings(max_examples=500, deadline=None)
@given(ANY_TEXT)
def test_any_text_gets_a_verdict_never_an_exception(text):
    for kind in RULES:
        problem = text_problem(text, kind)
        assert problem is None or problem.text("id")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(alphabet=st.characters(), max_size=60))
def test_every_accepted_note_is_stored_and_read_back_unchanged(empty_db, text):
    """Both databases keep what the rules accept (PostgreSQL refuses NUL and lone surrogates)."""
    try:
        note = check_text(text, "note", required=False)
    except InputError:
        return
    table = sa.Table("notes", sa.MetaData(), sa.Column("note", sa.Text))
    with empty_db.engine.begin() as conn:
        table.create(conn, checkfirst=True)
        conn.execute(table.delete())
        conn.execute(table.insert().values(note=note))
        assert conn.execute(sa.select(table.c.note)).scalar_one() == note


@pytest.mark.parametrize(
    "bad", ["A\r1", "A\n1", "\tA", "A\x00", "A\x85", "A\u202e1", "A ", " A", "", "x" * 101],
    ids=repr,
)
def test_the_screen_of_many_codes_finds_every_code_the_rule_refuses(bad: str) -> None:
    assert all_codes_valid(["SS-1", "Ж-2", "a b"])
    assert not all_codes_valid(["SS-1", bad, "SS-2"])
