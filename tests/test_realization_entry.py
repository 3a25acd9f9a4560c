"""Entering realizations: typed numbers, evidence links, a unit's indicators, the preview."""

from __future__ import annotations

import pytest

from ekinerja import realization_entry as entry
from ekinerja.model import Indicator
from ekinerja.rollup import Engine


@pytest.fixture
def engine(make_contribution_plan) -> Engine:
    return Engine(make_contribution_plan())


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


def test_unit_rows_hold_only_the_units_indicators(engine):
    rows = entry.unit_rows(engine, engine.evaluate("2023"), "U1")
    assert [r["code"] for r in rows] == ["IA", "IB", "IC"]


def test_unit_rows_show_target_realization_and_band(engine):
    row = entry.unit_rows(engine, engine.evaluate("2023"), "U2")[0]
    assert (row["target"], row["realization"], row["achievement"], row["band"]) == (
        5.0, 5.0, 100.0, "Sangat Tinggi"
    )


def test_units_with_indicators_lists_units_in_plan_order(engine):
    assert [u["code"] for u in entry.units_with_indicators(engine)] == ["U1", "U2"]


def test_preview_achievement_matches_a_what_if_evaluation(engine):
    ev = engine.evaluate("2023")
    preview = entry.preview_achievement(engine, ev, "ID", 6.0)
    expected = engine.evaluate("2023", realizations={"ID": 6.0}).score_of("ID")
    assert preview["achievement"] == pytest.approx(expected)


def test_preview_achievement_is_clamped_at_the_cap(engine):
    preview = entry.preview_achievement(engine, engine.evaluate("2023"), "IC", 60.0)
    assert (preview["raw_achievement"], preview["achievement"]) == (300.0, 120.0)


def test_preview_of_an_objective_code_is_refused(engine):
    with pytest.raises(KeyError):
        entry.preview_achievement(engine, engine.evaluate("2023"), "A", 1.0)


def test_indicators_under_objectives_without_unit_get_the_province_entry_last(
    make_contribution_plan,
):
    doc = make_contribution_plan()
    doc.indicators.append(Indicator("IM", "M1", "Indikator misi"))
    engine = Engine(doc)
    assert [u["code"] for u in entry.units_with_indicators(engine)][-1] == entry.NO_UNIT
    positions = entry.unit_indicators(engine, entry.NO_UNIT)
    assert [engine.indicator_codes[k] for k in positions] == ["IM"]


@pytest.mark.parametrize(
    "link", ["https://e.example/" + "a" * 2000, "https://e.example/\x00", "https://e.example/\ud800"]
)
def test_an_evidence_link_breaking_the_url_rules_is_refused(link):
    with pytest.raises(ValueError, match="bukti / evidence: "):
        entry.check_evidence(link)
