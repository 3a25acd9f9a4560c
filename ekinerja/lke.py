"""The LKE of PermenPANRB 88/2021: criteria, answers, values and the grade (docs/sakip.md).

Values are computed exactly (fractions) and given as floats at the end, so a total of exactly
90 is graded `A`, never `AA` through a rounding error.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

from ekinerja.interchange import (
    DUPLICATE_KEY,
    FORMAT_MISSING,
    NOT_A_DOCUMENT,
    UNKNOWN_FIELD,
    WRONG_FORMAT,
    duplicate_keys,
)
from ekinerja.messages import N_, Message
from ekinerja.model import Problem

FORMAT = "ekinerja-lke/1"
CRITERIA_FILE = Path(__file__).parent / "data" / "lke_criteria.json"

ANSWERS_NOT_AN_OBJECT = N_("answers must be a JSON object, not {type}")
ANSWERED_TWICE = N_('criterion "{key}" answered twice')
UNKNOWN_CRITERION = N_('unknown criterion "{key}"')
UNKNOWN_ANSWER = N_("unknown answer {answer} ({choices}, null)")
UNKNOWN_ANSWER_CASE = N_('unknown answer {answer} ({choices}, null; upper case: "{upper}")')
TABLE_TOTAL = N_("total")
TABLE_GRADE = N_("grade: {grade} ({label})")

#: An answer's value. `Y`/`T` (ya/tidak) and `A`..`E`; upper case exactly as in the regulation.
ANSWER_VALUES: dict[str, Fraction] = {
    "Y": Fraction(1),
    "T": Fraction(0),
    "A": Fraction(1),
    "B": Fraction(3, 4),
    "C": Fraction(1, 2),
    "D": Fraction(1, 4),
    "E": Fraction(0),
}
#: Grades from the top; a total must be strictly greater than the bound (else the next grade).
GRADES: tuple[tuple[int, str], ...] = (
    (90, "AA"),
    (80, "A"),
    (70, "BB"),
    (60, "B"),
    (50, "CC"),
    (30, "C"),
)
LOWEST_GRADE = "D"
GRADE_LABELS: dict[str, str] = {
    "AA": "Sangat Memuaskan",
    "A": "Memuaskan",
    "BB": "Sangat Baik",
    "B": "Baik",
    "CC": "Cukup",
    "C": "Kurang",
    "D": "Sangat Kurang",
}


@dataclass(frozen=True)
class Criterion:
    """One criterion of the LKE (`1.1.1`), with its text and the scale usually used for it."""

    id: str
    text: str
    scale: str  # "Y/T" or "A-E"; both are accepted
    verbatim: bool


@dataclass(frozen=True)
class Subcomponent:
    """A sub-component (`1.1`): keberadaan, kualitas or pemanfaatan, with its weight."""

    id: str
    name: str
    kind: str
    weight: Fraction
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True)
class Component:
    """A component (`1`) with its weight and three sub-components."""

    id: str
    name: str
    weight: Fraction
    subcomponents: tuple[Subcomponent, ...]


@cache
def components() -> tuple[Component, ...]:
    """The four components of the LKE, read once from the shipped criteria file."""
    data = json.loads(CRITERIA_FILE.read_text(encoding="utf-8"))
    result = []
    for comp in data["components"]:
        weight = Fraction(comp["weight"])
        subs = tuple(
            Subcomponent(
                sub["id"],
                sub["name"],
                sub["kind"],
                weight * Fraction(sub["share"], 100),
                tuple(
                    Criterion(c["id"], c["text"], c["scale"], bool(c["verbatim"]))
                    for c in sub["criteria"]
                ),
            )
            for sub in comp["subcomponents"]
        )
        result.append(Component(comp["id"], comp["name"], weight, subs))
    return tuple(result)


@cache
def criteria() -> dict[str, Criterion]:
    """Every criterion by id, in the regulation's order."""
    return {c.id: c for comp in components() for sub in comp.subcomponents for c in sub.criteria}


def grade(total: float | Fraction) -> str:
    """The grade of a total: `AA` > 90, `A` > 80, `BB` > 70, `B` > 60, `CC` > 50, `C` > 30, `D`."""
    for bound, label in GRADES:
        if total > bound:
            return label
    return LOWEST_GRADE


@dataclass(frozen=True)
class Result:
    """The values of one set of answers (exact fractions)."""

    subcomponents: dict[str, Fraction]
    components: dict[str, Fraction]
    total: Fraction

    @property
    def grade(self) -> str:
        """The grade of the total."""
        return grade(self.total)

    def to_json(self) -> dict[str, Any]:
        """The `ekinerja lke --format json` document (docs/sakip.md): unrounded floats."""
        return {
            "subcomponents": {key: float(value) for key, value in self.subcomponents.items()},
            "components": {key: float(value) for key, value in self.components.items()},
            "total": float(self.total),
            "grade": self.grade,
        }


def evaluate(answers: Mapping[str, str | None]) -> Result:
    """Values of the twelve sub-components, four components and the total.

    A sub-component's value is the mean of its criteria's answer values × its weight; an
    unanswered criterion (absent or None) counts 0. `answers` must hold known ids and answers
    (see `parse`); anything else raises KeyError.
    """
    known = criteria()
    for criterion_id, answer in answers.items():
        if criterion_id not in known or (answer is not None and answer not in ANSWER_VALUES):
            raise KeyError(f"{criterion_id}: {answer!r}")
    subs: dict[str, Fraction] = {}
    comps: dict[str, Fraction] = {}
    for comp in components():
        comp_value = Fraction(0)
        for sub in comp.subcomponents:
            points = sum(
                (ANSWER_VALUES[a] for c in sub.criteria if (a := answers.get(c.id)) is not None),
                Fraction(0),
            )
            subs[sub.id] = points / len(sub.criteria) * sub.weight
            comp_value += subs[sub.id]
        comps[comp.id] = comp_value
    return Result(subs, comps, sum(comps.values(), Fraction(0)))


def parse(data: object) -> tuple[dict[str, str | None], list[Problem]]:
    """The answers of an `ekinerja-lke/1` document, and every problem found in it.

    `{"format": "ekinerja-lke/1", "answers": {"1.1.1": "Y", ...}}`: `answers` may be absent
    (nothing answered) and an answer may be null (unanswered); answers are the upper-case letters
    Y, T, A, B, C, D, E. Unknown fields, ids and answers are problems, each with its place.
    """
    problems: list[Problem] = []
    if not isinstance(data, dict):
        kind = type(data).__name__
        return {}, [Problem("", Message(NOT_A_DOCUMENT, {"type": kind}).bilingual())]
    problems.extend(
        Problem(key, Message(DUPLICATE_KEY, {"key": key}).bilingual())
        for key in duplicate_keys(data)
    )
    problems.extend(
        Problem(str(key), Message(UNKNOWN_FIELD, {"key": str(key)}).bilingual())
        for key in data
        if key not in ("format", "answers")
    )
    if "format" not in data:
        problems.append(Problem("format", Message(FORMAT_MISSING, {"format": FORMAT}).bilingual()))
    elif data["format"] != FORMAT:
        shown = json.dumps(data["format"])
        problems.append(Problem("format", Message(WRONG_FORMAT, {"format": FORMAT, "value": shown})
                                .bilingual()))
    raw = data.get("answers", {})
    if not isinstance(raw, dict):
        problems.append(Problem("answers", Message(ANSWERS_NOT_AN_OBJECT,
                                                   {"type": type(raw).__name__}).bilingual()))
        return {}, problems
    problems.extend(
        Problem(f"answers.{key}", Message(ANSWERED_TWICE, {"key": key}).bilingual())
        for key in duplicate_keys(raw)
    )
    known = criteria()
    answers: dict[str, str | None] = {}
    choices = ", ".join(ANSWER_VALUES)
    for key, answer in raw.items():
        place = f"answers.{key}"
        if key not in known:
            problems.append(Problem(place, Message(UNKNOWN_CRITERION, {"key": key}).bilingual()))
        elif answer is not None and (not isinstance(answer, str) or answer not in ANSWER_VALUES):
            upper = isinstance(answer, str) and answer.upper() in ANSWER_VALUES
            message = Message(UNKNOWN_ANSWER_CASE if upper else UNKNOWN_ANSWER, {
                "answer": json.dumps(answer), "choices": choices,
                "upper": answer.upper() if upper else ""})
            problems.append(Problem(place, message.bilingual()))
        else:
            answers[key] = answer
    return answers, problems


def table(result: Result, lang: str | None = "id") -> str:
    """The values as a terminal table: components, sub-components, total and grade."""
    from ekinerja.i18n import fmt_number, translator

    _ = translator(lang)
    rows = [(_(N_("Code")), _(N_("Component / sub-component")), _(N_("Weight")), _(N_("Value")))]
    for comp in components():
        rows.append((comp.id, comp.name, fmt_number(float(comp.weight), lang),
                     fmt_number(float(result.components[comp.id]), lang)))
        for sub in comp.subcomponents:
            name = f"  {sub.kind}: {sub.name}"
            rows.append((sub.id, name if len(name) <= 60 else name[:59] + "…",
                         fmt_number(float(sub.weight), lang),
                         fmt_number(float(result.subcomponents[sub.id]), lang)))
    rows.append(("", Message(TABLE_TOTAL).bilingual(), fmt_number(100.0, lang),
                 fmt_number(float(result.total), lang)))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [
        "  ".join(
            cell.rjust(width) if i >= 2 else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    grade = {"grade": result.grade, "label": GRADE_LABELS[result.grade]}
    lines.append(Message(TABLE_GRADE, grade).bilingual())
    return "\n".join(lines)
