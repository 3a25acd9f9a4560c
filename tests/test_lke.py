"""The LKE of PermenPANRB 88/2021: criteria, values, grades and the answers file (DESIGN §10)."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from ekinerja import lke
from ekinerja.interchange import read_json_data

COUNTS = {"1.1": 7, "1.2": 10, "1.3": 8, "2.1": 3, "2.2": 7, "2.3": 10,
          "3.1": 6, "3.2": 9, "3.3": 7, "4.1": 3, "4.2": 5, "4.3": 5}
WEIGHTS = {"1.1": 6, "1.2": 9, "1.3": 15, "2.1": 6, "2.2": 9, "2.3": 15,
           "3.1": 3, "3.2": 4.5, "3.3": 7.5, "4.1": 5, "4.2": 7.5, "4.3": 12.5}


def all_answered(answer: str = "Y") -> dict[str, str]:
    """Every criterion answered `answer`."""
    return dict.fromkeys(lke.criteria(), answer)


def without(*prefixes: str, criteria: tuple[str, ...] = ()) -> dict[str, str]:
    """All Y, with every criterion under the prefixes (and the criteria listed) answered T."""
    answers = all_answered()
    for criterion in answers:
        if criterion.startswith(tuple(f"{p}." for p in prefixes)) or criterion in criteria:
            answers[criterion] = "T"
    return answers


def test_the_criteria_file_holds_80_criteria_in_the_contracts_counts():
    counts = {sub.id: len(sub.criteria) for comp in lke.components() for sub in comp.subcomponents}
    assert counts == COUNTS
    assert len(lke.criteria()) == 80


def test_components_weigh_30_30_15_25_and_subcomponents_20_30_50_percent_of_them():
    weights = {comp.id: comp.weight for comp in lke.components()}
    assert weights == {"1": 30, "2": 30, "3": 15, "4": 25}
    subs = {sub.id: sub.weight for comp in lke.components() for sub in comp.subcomponents}
    assert subs == {key: Fraction(str(value)) for key, value in WEIGHTS.items()}
    kinds = [sub.kind for sub in lke.components()[0].subcomponents]
    assert kinds == ["keberadaan", "kualitas", "pemanfaatan"]


def test_every_criterion_has_a_text_a_scale_and_a_verbatim_mark():
    for criterion in lke.criteria().values():
        assert len(criterion.text) > 20 and criterion.text.endswith(".")
        assert criterion.scale in ("Y/T", "A-E")
        assert criterion.verbatim is False  # not yet checked against the official gazette text


def test_criterion_ids_follow_the_regulations_numbering():
    assert list(lke.criteria())[:3] == ["1.1.1", "1.1.2", "1.1.3"]
    assert list(lke.criteria())[-1] == "4.3.5"


@pytest.mark.parametrize("answer", ["Y", "A"])
def test_all_yes_or_all_a_scores_100_and_grade_aa(answer):
    result = lke.evaluate(all_answered(answer))
    assert result.to_json() == {
        "subcomponents": {key: float(value) for key, value in WEIGHTS.items()},
        "components": {"1": 30.0, "2": 30.0, "3": 15.0, "4": 25.0},
        "total": 100.0,
        "grade": "AA",
    }


def test_nothing_answered_scores_0_and_grade_d():
    result = lke.evaluate({}).to_json()
    assert result["total"] == 0.0 and result["grade"] == "D"
    assert set(result["subcomponents"]) == set(WEIGHTS)
    assert all(value == 0.0 for value in result["subcomponents"].values())
    assert result["components"] == {"1": 0.0, "2": 0.0, "3": 0.0, "4": 0.0}


@pytest.mark.parametrize(
    ("total", "expected"),
    [(90, "A"), (80, "BB"), (70, "B"), (60, "CC"), (50, "C"), (30, "D"), (0, "D")],
)
def test_a_total_exactly_at_a_bound_gets_the_grade_below(total, expected):
    assert lke.grade(total) == expected
    assert lke.grade(float(total)) == expected


@pytest.mark.parametrize(
    ("total", "expected"),
    [(90.01, "AA"), (80.01, "A"), (70.01, "BB"), (60.01, "B"), (50.01, "CC"), (30.01, "C"),
     (100, "AA")],
)
def test_a_total_just_above_a_bound_gets_the_grade_of_that_bound(total, expected):
    assert lke.grade(total) == expected


FOUR_OF_4_3 = ("4.3.1", "4.3.2", "4.3.3", "4.3.4")  # 4 × 2.5 = 10 points


@pytest.mark.parametrize(
    ("answers", "total", "expected"),
    [
        (without(criteria=FOUR_OF_4_3), 90, "A"),  # 100 − 10
        (without("4.3", "3.3"), 80, "BB"),  # 100 − 12.5 − 7.5
        (without("1.3", "2.3"), 70, "B"),  # 100 − 15 − 15
        (without("1.3", "2.3", "3.3", criteria=("4.3.1",)), 60, "CC"),  # − 15 − 15 − 7.5 − 2.5
        (without("1", "3", "4.1"), 50, "C"),  # 100 − 30 − 15 − 5
        (without("1", "2", criteria=FOUR_OF_4_3), 30, "D"),  # 100 − 30 − 30 − 10
    ],
)
def test_answer_sets_totalling_a_bound_exactly_get_the_grade_below(answers, total, expected):
    result = lke.evaluate(answers)
    assert result.total == total
    assert result.to_json()["total"] == float(total)
    assert result.grade == expected


def test_a_mixed_case_matches_the_hand_computation():
    answers = {
        # 1.1: four Y of seven (two T, one null) -> 4/7 × 6
        "1.1.1": "Y", "1.1.2": "Y", "1.1.3": "Y", "1.1.4": "Y", "1.1.5": "T", "1.1.6": "T",
        "1.1.7": None,
        # 1.2: A, B, C, D, E and five unanswered -> (1 + .75 + .5 + .25 + 0) / 10 × 9 = 2.25
        "1.2.1": "A", "1.2.2": "B", "1.2.3": "C", "1.2.4": "D", "1.2.5": "E",
        # 3.2: nine B -> 0.75 × 4.5 = 3.375
        **{f"3.2.{n}": "B" for n in range(1, 10)},
        # 4.3: five C -> 0.5 × 12.5 = 6.25
        **{f"4.3.{n}": "C" for n in range(1, 6)},
    }
    out = lke.evaluate(answers).to_json()
    assert out["subcomponents"]["1.1"] == pytest.approx(24 / 7)
    assert out["subcomponents"]["1.2"] == 2.25
    assert out["subcomponents"]["3.2"] == 3.375
    assert out["subcomponents"]["4.3"] == 6.25
    assert out["components"] == pytest.approx(
        {"1": 24 / 7 + 2.25, "2": 0.0, "3": 3.375, "4": 6.25}
    )
    assert out["total"] == pytest.approx(24 / 7 + 2.25 + 3.375 + 6.25)  # 15.30357...
    assert out["grade"] == "D"


def test_the_values_are_unrounded_floats():
    out = lke.evaluate({"1.1.1": "Y"}).to_json()
    assert out["subcomponents"]["1.1"] == 6 / 7
    assert isinstance(out["total"], float)


def test_parse_accepts_answers_and_null_as_unanswered():
    answers, problems = lke.parse(
        {"format": "ekinerja-lke/1", "answers": {"1.1.1": "Y", "2.2.2": None}}
    )
    assert problems == []
    assert answers == {"1.1.1": "Y", "2.2.2": None}
    assert lke.evaluate(answers).subcomponents["2.2"] == 0


def test_parse_without_answers_means_nothing_answered():
    answers, problems = lke.parse({"format": "ekinerja-lke/1"})
    assert (answers, problems) == ({}, [])


def test_parse_names_every_problem_with_its_place():
    _, problems = lke.parse({
        "format": "ekinerja-lke/2",
        "answers": {"9.9.9": "Y", "1.1.1": "X", "1.1.2": "y", "1.1.3": 1, "1.1.4": "A"},
        "notes": "x",
    })
    text = [str(p) for p in problems]
    assert 'notes: kolom tidak dikenal / unknown field "notes"' in text
    assert any(t.startswith("format:") and "ekinerja-lke/1" in t for t in text)
    assert 'answers.9.9.9: kriteria tidak dikenal / unknown criterion "9.9.9"' in text
    assert any(t.startswith('answers.1.1.1: jawaban tidak dikenal / unknown answer "X"')
               for t in text)
    assert any(t.startswith("answers.1.1.2:") and 'upper case: "Y"' in t for t in text)
    assert any(t.startswith("answers.1.1.3:") for t in text)
    assert len(problems) == 6


def test_parse_refuses_a_document_that_is_not_an_object_and_answers_that_are_not_one():
    assert lke.parse([1])[1][0].message.startswith("dokumen harus objek JSON")
    _, problems = lke.parse({"format": "ekinerja-lke/1", "answers": ["1.1.1"]})
    assert [p.place for p in problems] == ["answers"]


def test_a_criterion_answered_twice_is_a_problem(tmp_path):
    path = tmp_path / "lke.json"
    path.write_text('{"format": "ekinerja-lke/1", "answers": {"1.1.1": "Y", "1.1.1": "T"}}')
    _, problems = lke.parse(read_json_data(path))
    assert [p.place for p in problems] == ["answers.1.1.1"]
    assert "twice" in problems[0].message


def test_evaluate_refuses_an_unknown_criterion_or_answer():
    with pytest.raises(KeyError):
        lke.evaluate({"9.9.9": "Y"})
    with pytest.raises(KeyError):
        lke.evaluate({"1.1.1": "y"})


def test_the_table_shows_every_subcomponent_the_total_and_the_grade():
    text = lke.table(lke.evaluate(without(criteria=FOUR_OF_4_3)))
    for key in WEIGHTS:
        assert f"\n{key} " in text
    assert "90,00" in text and "12,50" in text
    assert text.splitlines()[-1] == "Predikat / grade: A (Memuaskan)"


def test_the_criteria_file_is_valid_json_with_the_regulation_named():
    data = json.loads(lke.CRITERIA_FILE.read_text(encoding="utf-8"))
    assert "88 Tahun 2021" in data["regulation"]
    assert "verbatim" in data["provenance"]
