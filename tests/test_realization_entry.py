"""Entering realizations: reading typed numbers and evidence links."""

from __future__ import annotations

import pytest

from ekinerja import realization_entry as entry


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12.5", 12.5),
        ("12,5", 12.5),
        ("1.234,56", 1234.56),
        ("1,234.56", 1234.56),
        ("1.234.567", 1234567.0),
        (" -3 ", -3.0),
        (7, 7.0),
    ],
)
def test_parse_number_reads_both_decimal_conventions(text, value):
    assert entry.parse_number(text) == value


@pytest.mark.parametrize("text", ["abc", "", "1,2,3", "1.234.5", "nan", "12,", None, True])
def test_parse_number_refuses_what_is_not_a_number(text):
    with pytest.raises(ValueError, match=r"angka|kosong"):
        entry.parse_number(text)


def test_evidence_link_may_be_empty():
    assert entry.check_evidence("  ") is None


def test_evidence_link_must_be_http():
    with pytest.raises(ValueError, match="http"):
        entry.check_evidence("javascript:alert(1)")


def test_evidence_link_is_kept_when_http():
    assert entry.check_evidence("https://e.example/bukti.pdf") == "https://e.example/bukti.pdf"


@pytest.mark.parametrize(
    "link", ["https://e.example/" + "a" * 2000, "https://e.example/\x00", "https://e.example/\ud800"]
)
def test_an_evidence_link_breaking_the_url_rules_is_refused(link):
    with pytest.raises(ValueError, match="bukti / evidence: "):
        entry.check_evidence(link)
