"""SKP under PermenPANRB 6/2022 (docs/skp.md): work and behaviour ratings, predikat, spread."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ekinerja.i18n import fmt_number
from ekinerja.messages import N_, Message
from ekinerja.model import Employee, SkpRating, SkpSettings, UnitPredikat
from ekinerja.periods import month, parse_period, plan_periods, quarter
from ekinerja.rollup import Engine, Evaluation
from ekinerja.units import unit_heads

PREDIKATS: tuple[str, ...] = ("sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang")
PREDIKAT_LABELS: dict[str, str] = {
    "sangat_baik": "Sangat Baik",
    "baik": "Baik",
    "butuh_perbaikan": "Butuh Perbaikan",
    "kurang": "Kurang/Misconduct",
    "sangat_kurang": "Sangat Kurang",
}
UNIT_PREDIKAT_LABELS: dict[str, str] = {
    "istimewa": "Istimewa",
    "baik": "Baik",
    "butuh_perbaikan": "Butuh Perbaikan",
    "kurang": "Kurang",
    "sangat_kurang": "Sangat Kurang",
}
#: Each rating in Indonesian and English.
RATING_LABELS: dict[str, tuple[str, str]] = {
    "above": ("Di atas ekspektasi", "Above expectations"),
    "as_expected": ("Sesuai ekspektasi", "As expected"),
    "below": ("Di bawah ekspektasi", "Below expectations"),
}
#: The seven BerAKHLAK core values of the behaviour rating (code, label), in their order.
BERAKHLAK: tuple[tuple[str, str], ...] = (
    ("berorientasi_pelayanan", "Berorientasi Pelayanan"),
    ("akuntabel", "Akuntabel"),
    ("kompeten", "Kompeten"),
    ("harmonis", "Harmonis"),
    ("loyal", "Loyal"),
    ("adaptif", "Adaptif"),
    ("kolaboratif", "Kolaboratif"),
)
#: Predikat by (work rating, behaviour rating).
MATRIX: dict[tuple[str, str], str] = {
    ("above", "above"): "sangat_baik",
    ("above", "as_expected"): "baik",
    ("above", "below"): "kurang",
    ("as_expected", "above"): "baik",
    ("as_expected", "as_expected"): "baik",
    ("as_expected", "below"): "kurang",
    ("below", "above"): "butuh_perbaikan",
    ("below", "as_expected"): "butuh_perbaikan",
    ("below", "below"): "sangat_kurang",
}
#: The work rating of a unit's head by the unit's organisation predikat.
HEAD_RATING: dict[str, str] = {
    "istimewa": "above",
    "baik": "as_expected",
    "butuh_perbaikan": "below",
    "kurang": "below",
    "sangat_kurang": "below",
}


@dataclass(frozen=True)
class Rule:
    """One distribution rule of a unit predikat over the predikat of its employees.

    ``kind``: ``at_most`` / ``at_least`` a percentage ``limit`` of the rated employees, or
    ``at_least_one`` / ``none`` of them (``limit`` unused).
    """

    predikats: tuple[str, ...]
    kind: str
    limit: int = 0

    def kept(self, count: int, rated: int) -> bool:
        """Whether `count` employees with these predikat among `rated` keep the rule."""
        if self.kind == "at_most":
            return 100 * count <= self.limit * rated
        if self.kind == "at_least":
            return 100 * count >= self.limit * rated
        if self.kind == "at_least_one":
            return count >= 1
        return count == 0  # "none"


#: The distribution check per unit predikat (docs/skp.md): warnings, never a block.
DISTRIBUTION: dict[str, tuple[Rule, ...]] = {
    "istimewa": (Rule(("sangat_baik",), "at_most", 70),),
    "baik": (
        Rule(("baik",), "at_most", 70),
        Rule(("butuh_perbaikan", "kurang"), "at_least_one"),
    ),
    "butuh_perbaikan": (
        Rule(("butuh_perbaikan",), "at_least", 60),
        Rule(("sangat_baik",), "at_most", 10),
    ),
    "kurang": (
        Rule(("kurang",), "at_least", 60),
        Rule(("butuh_perbaikan",), "at_least", 10),
        Rule(("sangat_baik",), "at_most", 10),
    ),
    "sangat_kurang": (
        Rule(("sangat_kurang",), "at_least", 60),
        Rule(("kurang", "butuh_perbaikan"), "at_least", 10),
        Rule(("sangat_baik",), "none"),
    ),
}


# ----------------------------------------------------------------- cadence
#: The cadences of the periodic ratings (plan setting `skp.cadence`) and their period kind.
CADENCES: dict[str, str] = {"monthly": "month", "quarterly": "quarter"}
#: Each cadence in Indonesian and English.
CADENCE_LABELS: dict[str, tuple[str, str]] = {
    "monthly": ("Bulanan", "Monthly"),
    "quarterly": ("Triwulanan", "Quarterly"),
}


#: Why a period is no SKP period, per cadence (msgids).
NOT_AN_SKP_PERIOD: dict[str, str] = {
    "monthly": N_('"{period}" is no SKP period: the periodic ratings are monthly (or annual)'),
    "quarterly": N_(
        '"{period}" is no SKP period: the periodic ratings are quarterly (or annual)'
    ),
}
# A broken distribution rule (msgids, shown "Indonesian / English").
RULE_BROKEN = N_("organisation predikat {unit}: {rule}, {here}")
RULE_AT_MOST = N_("at most {limit} % {names}")
RULE_AT_LEAST = N_("at least {limit} % {names}")
RULE_AT_LEAST_ONE = N_("at least one {names}")
RULE_NONE = N_("no {names}")
HERE_SHARE = N_("here {share} % ({count} of {rated})")
HERE_COUNT = N_("here {count} of {rated}")
EITHER = N_("{first} or {second}")


@dataclass(frozen=True)
class _Share:
    """A percentage with one decimal in the reader's language (a Message parameter)."""

    value: float

    def text(self, lang: str | None = None) -> str:
        return fmt_number(self.value, lang, 1)


def period_fits(period: str, cadence: str | None) -> bool:
    """Whether an SKP may be rated for `period` under `cadence`: a year always, else a period
    of the cadence's kind (any period while no cadence is set)."""
    kind = parse_period(period).kind
    return cadence is None or kind == "year" or kind == CADENCES[cadence]


def fitting_period(period: str, cadence: str | None) -> str:
    """`period` when it fits the cadence, else the SKP period shown for it: a month's quarter
    (quarterly), a quarter's last month (monthly)."""
    if period_fits(period, cadence):
        return period
    parsed = parse_period(period)
    if cadence == "quarterly":
        return str(quarter(parsed.year, (parsed.number - 1) // 3 + 1))
    return str(month(parsed.year, parsed.month_end))


def skp_periods(start_year: int, end_year: int, cadence: str | None) -> list[str]:
    """The SKP periods of the plan years under a cadence, chronologically: each year's periodic
    ratings then the year (None: the quarters and months too)."""
    kinds = ("year", CADENCES[cadence]) if cadence else ("year", "quarter", "month")
    return [str(p) for p in plan_periods(start_year, end_year, kinds)]


def cadence_problem(period: str, cadence: str | None) -> str | None:
    """Why `period` is no SKP period under `cadence` (Indonesian / English), or None."""
    if period_fits(period, cadence):
        return None
    assert cadence is not None
    return Message(NOT_AN_SKP_PERIOD[cadence], {"period": period}).bilingual()


# ----------------------------------------------------------------- ratings
def proposed_work(score: float | None, settings: SkpSettings) -> str | None:
    """The proposed work rating of a main-RHK score (None without a score): docs/skp.md."""
    if score is None:
        return None
    if score >= settings.above_from:
        return "above"
    if score >= settings.as_expected_from:
        return "as_expected"
    return "below"


def predikat(work: str | None, behaviour: str | None) -> str | None:
    """The predikat of a work and a behaviour rating; None while either is missing."""
    if work is None or behaviour is None:
        return None
    return MATRIX[(work, behaviour)]


def _main_rhk(engine: Engine, holders: Mapping[str, str] | None = None
              ) -> tuple[np.ndarray, np.ndarray]:
    """The nodes of the main RHK of the plan's employees and their holders' places (kept with
    the compiled structure). `holders` (objective -> who held it in the period, after a
    succession: services.holders_in_period) attributes those RHK to their holder then instead
    of their owner (computed afresh, not kept)."""

    def compute() -> tuple[np.ndarray, np.ndarray]:
        doc = engine.doc
        slot = {e.nip: k for k, e in enumerate(doc.employees)}
        held = holders or {}
        nodes: list[int] = []
        owners: list[int] = []
        for node, objective in enumerate(doc.objectives):
            owner = held.get(objective.code, objective.owner)
            if (
                objective.level == "individual"
                and owner in slot
                and doc.rhk_kind(objective.code) == "main"
            ):
                nodes.append(node)
                owners.append(slot[owner])
        return np.array(nodes, dtype=np.int64), np.array(owners, dtype=np.int64)

    if holders:
        return compute()
    return engine.structure.memo("skp_main_rhk", compute)  # type: ignore[no-any-return]


def main_rhk_scores(evaluation: Evaluation, holders: Mapping[str, str] | None = None
                    ) -> dict[str, float | None]:
    """Per NIP of the plan: the plain mean of the scores of the main RHK they hold (`holders`:
    see `_main_rhk`) that have one."""
    engine = evaluation.engine
    doc = engine.doc
    nodes, owners = _main_rhk(engine, holders)
    scores = evaluation.score[nodes]
    scored = ~np.isnan(scores)
    who = owners[scored]
    size = len(doc.employees)
    total = np.bincount(who, scores[scored], size)
    count = np.bincount(who, minlength=size)
    means = np.divide(total, count, out=np.full(size, np.nan), where=count > 0)
    return {
        e.nip: None if count[k] == 0 else float(means[k]) for k, e in enumerate(doc.employees)
    }


# ----------------------------------------------------------------- results
@dataclass
class EmployeeSkp:
    """One employee's SKP in a period."""

    nip: str
    name: str
    unit: str
    head: bool
    score: float | None
    proposed_work: str | None
    work: str | None
    behaviour: str | None
    predikat: str | None
    #: The work rating that stands when the supervisor sets none: the unit's predikat for a
    #: head (where set), else the proposal. A set rating that differs from it needs a reason.
    unset_work: str | None = None


@dataclass
class UnitSkp:
    """One unit's organisation predikat, the predikat counts of its subtree, and warnings."""

    code: str
    name: str
    predikat: str | None
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(PREDIKATS, 0))
    warnings: list[str] = field(default_factory=list)

    @property
    def rated(self) -> int:
        """How many employees of the subtree have a predikat."""
        return sum(self.counts.values())


@dataclass
class SkpResult:
    """The SKP of the employees and units of a plan in one period: every one (`evaluate`),
    or those a page shows (readmodels.skp.page_result)."""

    period: str
    employees: dict[str, EmployeeSkp]
    units: dict[str, UnitSkp]

    def to_json(self) -> dict[str, Any]:
        """The `ekinerja skp --format json` document (docs/skp.md)."""
        return {
            "period": self.period,
            "employees": {
                nip: {
                    "score": e.score,
                    "proposed_work": e.proposed_work,
                    "work": e.work,
                    "behaviour": e.behaviour,
                    "predikat": e.predikat,
                }
                for nip, e in self.employees.items()
            },
            "units": {
                code: {"predikat": u.predikat, "counts": dict(u.counts), "warnings": u.warnings}
                for code, u in self.units.items()
            },
        }


def evaluate(
    engine: Engine,
    period: str,
    skp_ratings: Iterable[SkpRating] | None = None,
    unit_predikats: Iterable[UnitPredikat] | None = None,
    holders: Mapping[str, str] | None = None,
) -> SkpResult:
    """The SKP of a period: scores on verified realizations only (docs/workflow.md), ratings
    (docs/skp.md).

    The work rating that stands is the supervisor's where set, else the unit's predikat for a
    unit's head, else the proposal from the main-RHK score. The ratings and unit predikat are
    the plan document's unless given (the database's current ones, which change without the
    compiled plan changing). `holders` attributes an RHK handed over to a successor to
    whoever held it in the period (docs/organisation.md); without it, owners hold their RHK.
    """
    doc = engine.doc
    evaluation = engine.verified_only().evaluate(period)
    scores = main_rhk_scores(evaluation, holders)
    return assemble(engine, period, doc.employees, scores, skp_ratings, unit_predikats)


def assemble(
    engine: Engine,
    period: str,
    employees: Iterable[Employee],
    scores: Mapping[str, float | None],
    skp_ratings: Iterable[SkpRating] | None = None,
    unit_predikats: Iterable[UnitPredikat] | None = None,
    units: bool = True,
) -> SkpResult:
    """The SKP of `employees` in a period from their main-RHK scores (`scores`, per NIP) and
    the ratings (`evaluate`); with `units`, every unit's predikat counts of the employees
    given (all those rated, for the true counts) and its warnings, else no unit."""
    doc = engine.doc
    settings = doc.plan.settings.skp
    given_predikat = doc.unit_predikat if unit_predikats is None else unit_predikats
    given_ratings = doc.skp_ratings if skp_ratings is None else skp_ratings
    unit_predikat = {u.unit: u.predikat for u in given_predikat if u.period == period}
    ratings = {r.employee: r for r in given_ratings if r.period == period}
    heads: frozenset[str] = engine.structure.memo(
        "skp_heads", lambda: frozenset(head.nip for head in unit_heads(doc).values())
    )
    result: dict[str, EmployeeSkp] = {}
    for e in employees:
        score = scores[e.nip]
        proposal = proposed_work(score, settings)
        rating = ratings.get(e.nip)
        unset = proposal
        if e.nip in heads and e.unit in unit_predikat:
            unset = HEAD_RATING[unit_predikat[e.unit]]
        work = rating.work if rating is not None and rating.work is not None else unset
        behaviour = rating.behaviour if rating is not None else None
        result[e.nip] = EmployeeSkp(
            e.nip,
            e.name,
            e.unit,
            e.nip in heads,
            score,
            proposal,
            work,
            behaviour,
            predikat(work, behaviour),
            unset,
        )
    if not units:
        return SkpResult(period, result, {})
    shown = {u.code: UnitSkp(u.code, u.name, unit_predikat.get(u.code)) for u in doc.units}
    own: dict[tuple[str, str], int] = {}
    for e in result.values():
        if e.predikat is not None:
            own[(e.unit, e.predikat)] = own.get((e.unit, e.predikat), 0) + 1
    chains = _unit_chains(engine)
    for (unit, grade), n in own.items():
        for code in chains.get(unit, ()):
            shown[code].counts[grade] += n
    for unit in shown.values():
        if unit.predikat is not None:
            unit.warnings = distribution_warnings(unit.predikat, unit.counts)
    return SkpResult(period, result, shown)


def _unit_chains(engine: Engine) -> dict[str, tuple[str, ...]]:
    """Each unit with the units above it (kept with the compiled structure)."""

    def compute() -> dict[str, tuple[str, ...]]:
        parent = {u.code: u.parent for u in engine.doc.units}
        return {code: tuple(_unit_chain(code, parent)) for code in parent}

    return engine.structure.memo("skp_unit_chains", compute)  # type: ignore[no-any-return]


def _unit_chain(unit: str, parent: Mapping[str, str | None]) -> Iterable[str]:
    """A unit and every unit above it (a loop, an error of the plan, is walked once)."""
    seen: set[str] = set()
    current: str | None = unit
    while current is not None and current in parent and current not in seen:
        seen.add(current)
        yield current
        current = parent[current]


# ----------------------------------------------------------------- distribution
def distribution_warnings(unit_predikat: str, counts: Mapping[str, int]) -> list[str]:
    """The rules of a unit predikat that its employees' predikat counts break, as texts.

    Percentages are of the employees of the unit's subtree that have a predikat; with none
    rated yet there is nothing to check.
    """
    rated = sum(counts.values())
    if rated == 0:
        return []
    warnings = []
    for rule in DISTRIBUTION[unit_predikat]:
        count = sum(counts.get(p, 0) for p in rule.predikats)
        if not rule.kept(count, rated):
            warnings.append(_warning_text(unit_predikat, rule, count, rated))
    return warnings


def _warning_text(unit_predikat: str, rule: Rule, count: int, rated: int) -> str:
    """A broken rule in Indonesian / English, with the counts that break it."""
    names: str | Message = PREDIKAT_LABELS[rule.predikats[0]]
    for predikat in rule.predikats[1:]:
        names = Message(EITHER, {"first": names, "second": PREDIKAT_LABELS[predikat]})
    counts = {"count": str(count), "rated": str(rated)}
    if rule.kind in ("at_least_one", "none"):
        here = Message(HERE_COUNT, counts)
    else:
        here = Message(HERE_SHARE, {**counts, "share": _Share(100 * count / rated)})
    msgid = {"at_most": RULE_AT_MOST, "at_least": RULE_AT_LEAST,
             "at_least_one": RULE_AT_LEAST_ONE}.get(rule.kind, RULE_NONE)
    broken = Message(msgid, {"limit": str(rule.limit), "names": names})
    return Message(RULE_BROKEN, {"unit": UNIT_PREDIKAT_LABELS[unit_predikat], "rule": broken,
                                 "here": here}).bilingual()
