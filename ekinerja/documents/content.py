"""What the SAKIP documents say, per unit and year: parties, objectives, indicators and figures.

Pure data (no file format): the Word, PDF and Excel writers render these. Every figure comes
from `sakip_engine`, the one place that decides which realizations the documents count.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ekinerja import scoring
from ekinerja.i18n import LEVEL_LABELS_ID
from ekinerja.interchange import UNKNOWN_UNIT
from ekinerja.messages import N_, Message
from ekinerja.model import LEVEL_RANK, Indicator, Objective, PlanDocument, Problem
from ekinerja.periods import parse_period, quarter, year
from ekinerja.rollup import Engine
from ekinerja.units import head_superior, region_unit, unit_head

YEAR_OUTSIDE_PLAN = N_("year {year} is outside the plan years {start}–{end}")

Target = float | list[float] | None
QUARTERS = (1, 2, 3, 4)


class DocumentError(ValueError):
    """A document cannot be made (unknown unit, year outside the plan); every problem listed."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def sakip_engine(doc: PlanDocument) -> Engine:
    """The engine the SAKIP documents read their figures from.

    SKP, TPP and the SAKIP documents count verified realizations only (docs/workflow.md), whatever
    the plan setting `count`.
    """
    return Engine(doc).verified_only()


# ----------------------------------------------------------------------------- request


def check_request(doc: PlanDocument, unit: str, year_: int) -> list[Problem]:
    """Problems with a document request: an unknown unit, a year outside the plan."""
    problems = []
    if unit not in {u.code for u in doc.units}:
        problems.append(Problem("unit", Message(UNKNOWN_UNIT, {"ref": unit}).bilingual()))
    plan = doc.plan
    if not plan.start_year <= year_ <= plan.end_year:
        problems.append(
            Problem("year", Message(YEAR_OUTSIDE_PLAN, {
                "year": str(year_), "start": str(plan.start_year),
                "end": str(plan.end_year)}).bilingual())
        )
    return problems


def _checked(doc: PlanDocument, unit: str, year_: int) -> None:
    problems = check_request(doc, unit, year_)
    if problems:
        raise DocumentError(problems)


# ----------------------------------------------------------------------------- parties


@dataclass(frozen=True)
class Party:
    """A signatory: name and NIP (None when the plan does not know them) and position."""

    name: str | None
    nip: str | None
    position: str


def _position_of_unit(doc: PlanDocument, unit: str) -> str:
    found = next(u for u in doc.units if u.code == unit)
    if found.kind == "pemda":
        return f"Kepala Daerah, {found.name}"
    return f"Kepala {found.name}"


def head_party(doc: PlanDocument, unit: str) -> Party:
    """The first party of a unit's PK: its head (position only when the head is unknown)."""
    head = unit_head(doc, unit)
    if head is None:
        return Party(None, None, _position_of_unit(doc, unit))
    return Party(head.name, head.nip, head.position or _position_of_unit(doc, unit))


def superior_party(doc: PlanDocument, unit: str) -> Party | None:
    """The second party: the head's superior; None for a top unit."""
    parent = next(u.parent for u in doc.units if u.code == unit)
    if parent is None:
        return None
    superior = head_superior(doc, unit)
    if superior is None:
        return Party(None, None, _position_of_unit(doc, parent))
    return Party(superior.name, superior.nip, superior.position)


# ----------------------------------------------------------------------------- objectives


def unit_objectives(doc: PlanDocument, unit: str) -> list[Objective]:
    """The unit's own objectives that carry indicators (RHK excluded), highest level first.

    Those whose `unit` is the unit; for the region's unit (the top `pemda` unit) also the
    region's objectives, which have no unit.
    """
    region = region_unit(doc)
    is_region = region is not None and region.code == unit
    measured = {i.objective for i in doc.indicators}
    chosen = [
        o
        for o in doc.objectives
        if o.level != "individual"
        and o.code in measured
        and (o.unit == unit or (is_region and o.unit is None))
    ]
    return sorted(chosen, key=lambda o: LEVEL_RANK[o.level])  # stable: plan order within a level


def pk_objectives(doc: PlanDocument, unit: str) -> list[Objective]:
    """The objectives of a unit's PK: its own, at the highest level present among them."""
    own = unit_objectives(doc, unit)
    return [o for o in own if o.level == own[0].level] if own else []


def _indicators_of(doc: PlanDocument, objectives: list[Objective]) -> list[tuple[int, Objective,
                                                                              Indicator]]:
    by_objective: dict[str, list[Indicator]] = {}
    for indicator in doc.indicators:
        by_objective.setdefault(indicator.objective, []).append(indicator)
    return [
        (number, objective, indicator)
        for number, objective in enumerate(objectives, start=1)
        for indicator in by_objective.get(objective.code, [])
    ]


# ----------------------------------------------------------------------------- figures


@dataclass(frozen=True)
class Figures:
    """An indicator in one period: target, realization and raw achievement (%)."""

    target: Target
    realization: float | None
    achievement: float | None


def figures(engine: Engine, code: str, period: str, cache: dict[str, Any]) -> Figures:
    """Target, realization and raw achievement of an indicator (`cache` keeps evaluations)."""
    evaluation = cache.get(period)
    if evaluation is None:
        evaluation = cache[period] = engine.evaluate(period)
    values = evaluation.indicator(code)
    return Figures(values["target"], values["realization"], values["raw_achievement"])


def achievement_against(doc: PlanDocument, indicator: Indicator, target: Target,
                        realization: float | None) -> float | None:
    """Raw achievement (%) of a realization against any target, by the indicator's rules."""
    settings = doc.plan.settings
    return scoring.achievement(
        indicator.polarity,
        tuple(target) if isinstance(target, list) else target,
        realization,
        method=indicator.negative_method or settings.negative_method,
        cap=settings.cap if indicator.cap is None else indicator.cap,
    )


# ----------------------------------------------------------------------------- documents


@dataclass(frozen=True)
class Heading:
    """What every document states about itself."""

    plan_code: str
    plan_name: str
    unit_code: str
    unit_name: str
    year: int
    generated: datetime


def _heading(doc: PlanDocument, unit: str, year_: int, generated: datetime | None) -> Heading:
    unit_name = next(u.name for u in doc.units if u.code == unit)
    return Heading(doc.plan.code, doc.plan.name, unit, unit_name, year_,
                   generated or datetime.now().replace(microsecond=0))


@dataclass(frozen=True)
class AgreementRow:
    """One indicator of a PK: its objective (numbered) and the year's target."""

    number: int
    objective: str
    indicator_code: str
    indicator: str
    measure_unit: str
    target: Target


@dataclass(frozen=True)
class Agreement:
    """A Perjanjian Kinerja: the parties and what the first party commits to in the year."""

    heading: Heading
    level: str | None  # Indonesian label of the objectives' level (`Sasaran Perangkat Daerah`)
    first: Party
    second: Party | None
    rows: list[AgreementRow]  # programs and budgets: not in the model yet (left empty)
    # A frozen version (services.agreements): its number, `awal` or `perubahan`, the date it
    # was signed and the reason of a change; all None for the plan as it stands now.
    version: int | None = None
    kind: str | None = None
    signed_on: date | None = None
    reason: str | None = None


def agreement(doc: PlanDocument, unit: str, year_: int, *,
              generated: datetime | None = None) -> Agreement:
    """The PK of a unit's head for a year."""
    _checked(doc, unit, year_)
    engine = sakip_engine(doc)
    cache: dict[str, Any] = {}
    objectives = pk_objectives(doc, unit)
    rows = [
        AgreementRow(number, objective.name, indicator.code, indicator.name,
                     indicator.measure_unit, figures(engine, indicator.code, str(year_),
                                                     cache).target)
        for number, objective, indicator in _indicators_of(doc, objectives)
    ]
    level = LEVEL_LABELS_ID[objectives[0].level] if objectives else None
    return Agreement(_heading(doc, unit, year_, generated), level, head_party(doc, unit),
                     superior_party(doc, unit), rows)


@dataclass(frozen=True)
class ActionRow:
    """One PK indicator in the Rencana Aksi: the year's target and each quarter's figures."""

    number: int
    objective: str
    indicator_code: str
    indicator: str
    measure_unit: str
    annual_target: Target
    quarters: tuple[Figures, ...]  # Q1..Q4


@dataclass(frozen=True)
class ActionPlan:
    """The Rencana Aksi of a unit for a year."""

    heading: Heading
    rows: list[ActionRow]


def action_plan(doc: PlanDocument, unit: str, year_: int, *,
                generated: datetime | None = None) -> ActionPlan:
    """Quarterly targets, realizations and achievements of each PK indicator."""
    _checked(doc, unit, year_)
    engine = sakip_engine(doc)
    cache: dict[str, Any] = {}
    rows = []
    for number, objective, indicator in _indicators_of(doc, pk_objectives(doc, unit)):
        quarters = tuple(
            figures(engine, indicator.code, str(quarter(year_, q)), cache) for q in QUARTERS
        )
        rows.append(ActionRow(
            number, objective.name, indicator.code, indicator.name, indicator.measure_unit,
            figures(engine, indicator.code, str(year(year_)), cache).target,
            quarters,
        ))
    return ActionPlan(_heading(doc, unit, year_, generated), rows)


@dataclass(frozen=True)
class ReportRow:
    """One indicator in the LKjIP tables."""

    number: int
    level: str
    objective: str
    indicator_code: str
    indicator: str
    measure_unit: str
    current: Figures
    previous: dict[int, float | None]  # realization of each earlier year of the plan
    end_target: Target
    progress: float | None  # achievement of this year's realization against the end target
    budget: float | None = None  # of the objective's programs/activities (None: not known)
    budget_realization: float | None = None
    absorption: float | None = None  # budget realization / budget (%)
    efficiency: float | None = None  # achievement − absorption (points)


@dataclass(frozen=True)
class FollowUpNote:
    """A follow-up recorded for a red indicator (services.followups): the LKjIP's analysis."""

    indicator: str
    period: str
    cause: str
    effort: str  # the corrective action
    recommendation: str | None
    status: str  # open, done
    due_on: date
    done_note: str | None


@dataclass(frozen=True)
class AnalysisRow:
    """One follow-up of an indicator of the LKjIP: cause, effort and recommendation."""

    number: int  # the objective's number in the tables
    objective: str
    indicator_code: str
    indicator: str
    period: str
    cause: str
    effort: str
    recommendation: str | None
    status: str
    due_on: date
    done_note: str | None


@dataclass(frozen=True)
class PerformanceReport:
    """The LKjIP tables of a unit (or the region) for a year."""

    heading: Heading
    previous_years: list[int]
    end_year: int
    rows: list[ReportRow]
    analysis: list[AnalysisRow] = field(default_factory=list)


#: Budgets: (objective code, year) -> (budget, its realization or None), in rupiah.
Budgets = Mapping[tuple[str, int], tuple[float, float | None]]


def objective_budget(doc: PlanDocument, objective: str, year_: int, budgets: Budgets,
                     children: Mapping[str, list[str]] | None = None
                     ) -> tuple[float | None, float | None]:
    """The budget of an objective in a year and its realization: the sum over the objective
    and every objective below it in the cascade (each counted once) of their programs' and
    activities' budgets; (None, None) when none of them has one. The realization is None
    when any budget counted has no realization yet."""
    if children is None:
        children = _children(doc)
    seen, stack = {objective}, [objective]
    amount: float | None = None
    spent: float | None = 0.0
    while stack:
        code = stack.pop()
        entry = budgets.get((code, year_))
        if entry is not None:
            amount = (amount or 0.0) + entry[0]
            spent = None if spent is None or entry[1] is None else spent + entry[1]
        for child in children.get(code, []):
            if child not in seen:
                seen.add(child)
                stack.append(child)
    return (amount, spent) if amount is not None else (None, None)


def _children(doc: PlanDocument) -> dict[str, list[str]]:
    children: dict[str, list[str]] = {}
    for link in doc.links:
        children.setdefault(link.parent, []).append(link.child)
    return children


def efficiency(achievement: float | None, budget: float | None, spent: float | None
               ) -> tuple[float | None, float | None]:
    """(absorption %, efficiency points): absorption = spent / budget × 100; efficiency =
    achievement − absorption (positive: more performance than money used)."""
    if budget is None or spent is None or budget <= 0:
        return None, None
    absorption = 100 * spent / budget
    return absorption, None if achievement is None else achievement - absorption


def analysis_rows(rows: Sequence[ReportRow], notes: Sequence[FollowUpNote], year_: int
                  ) -> list[AnalysisRow]:
    """The follow-ups of the report's indicators in periods of the year, in the order of the
    report's rows, then by period and due date."""
    by_indicator: dict[str, list[FollowUpNote]] = {}
    for note in notes:
        if parse_period(note.period).year == year_:
            by_indicator.setdefault(note.indicator, []).append(note)
    result = []
    for row in rows:
        for note in sorted(by_indicator.pop(row.indicator_code, []),
                           key=lambda n: (parse_period(n.period), n.due_on)):
            result.append(AnalysisRow(row.number, row.objective, row.indicator_code,
                                      row.indicator, note.period, note.cause, note.effort,
                                      note.recommendation, note.status, note.due_on,
                                      note.done_note))
    return result


def performance_report(doc: PlanDocument, unit: str, year_: int, *,
                       generated: datetime | None = None, budgets: Budgets | None = None,
                       analysis: Sequence[FollowUpNote] | None = None) -> PerformanceReport:
    """Target, realization and achievement of the year; earlier realizations; the end-of-plan
    target and the progress towards it; the budget, its realization and the efficiency where
    known, for each indicator of the unit's objectives; the analysis (causes, efforts,
    recommendations) from the follow-ups recorded for them in the year."""
    _checked(doc, unit, year_)
    children = _children(doc) if budgets else {}
    engine = sakip_engine(doc)
    cache: dict[str, Any] = {}
    earlier = list(range(doc.plan.start_year, year_))
    end = doc.plan.end_year
    rows = []
    for number, objective, indicator in _indicators_of(doc, unit_objectives(doc, unit)):
        current = figures(engine, indicator.code, str(year_), cache)
        end_target = figures(engine, indicator.code, str(end), cache).target
        budget, spent = (objective_budget(doc, objective.code, year_, budgets, children)
                         if budgets else (None, None))
        absorption, efficient = efficiency(current.achievement, budget, spent)
        rows.append(ReportRow(
            number, LEVEL_LABELS_ID[objective.level], objective.name, indicator.code,
            indicator.name, indicator.measure_unit, current,
            {y: figures(engine, indicator.code, str(y), cache).realization for y in earlier},
            end_target,
            achievement_against(doc, indicator, end_target, current.realization),
            budget, spent, absorption, efficient,
        ))
    return PerformanceReport(_heading(doc, unit, year_, generated), earlier, end, rows,
                             analysis_rows(rows, analysis or [], year_))
