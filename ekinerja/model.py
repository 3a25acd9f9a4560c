"""Plain dataclasses of the domain: a plan document and all under it (docs/file-format.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: A NIP (Nomor Induk Pegawai): exactly 18 ASCII digits.
NIP = re.compile(r"[0-9]{18}")

LEVELS: tuple[str, ...] = (
    "vision",
    "mission",
    "goal",
    "objective",
    "agency_objective",
    "program_objective",
    "activity_objective",
    "subactivity_objective",
    "individual",
)
LEVEL_RANK: dict[str, int] = {name: rank for rank, name in enumerate(LEVELS)}
PERSPECTIVES: tuple[str, ...] = ("stakeholder", "financial", "internal_process", "learning_growth")
UNIT_KINDS: tuple[str, ...] = ("pemda", "agency", "division", "section")
POLARITIES: tuple[str, ...] = ("positive", "negative", "range")
AGGREGATIONS: tuple[str, ...] = ("sum", "latest", "average")
NEGATIVE_METHODS: tuple[str, ...] = ("inverse_difference", "ratio")
MISSING_MODES: tuple[str, ...] = ("skip", "zero")
#: Realization workflow (docs/workflow.md) and the plan setting `count`: which statuses are scored.
REALIZATION_STATUSES: tuple[str, ...] = ("draft", "submitted", "verified", "rejected")
COUNT_MODES: tuple[str, ...] = ("submitted", "verified")
COUNTED_STATUSES: dict[str, frozenset[str]] = {
    "submitted": frozenset({"submitted", "verified"}),
    "verified": frozenset({"verified"}),
}
#: SKP (docs/skp.md): kinds of RHK, ratings of work and behaviour, organisation predikat.
RHK_KINDS: tuple[str, ...] = ("main", "additional")
RATINGS: tuple[str, ...] = ("above", "as_expected", "below")
UNIT_PREDIKATS: tuple[str, ...] = ("istimewa", "baik", "butuh_perbaikan", "kurang", "sangat_kurang")
FORMAT = "ekinerja/1"

DEFAULT_BANDS: tuple[tuple[float, str], ...] = (
    (91.0, "Sangat Tinggi"),
    (76.0, "Tinggi"),
    (66.0, "Sedang"),
    (51.0, "Rendah"),
    (0.0, "Sangat Rendah"),
)


@dataclass(slots=True)
class SkpSettings:
    """Thresholds of the proposed work rating from the main-RHK score, and the cadence of the
    periodic ratings (docs/skp.md)."""

    above_from: float = 110.0
    as_expected_from: float = 90.0
    #: `monthly` or `quarterly` periodic ratings besides the annual one; None: not set (any
    #: period). A database plan setting only: the plan file format does not carry it.
    cadence: str | None = None


@dataclass(slots=True)
class Settings:
    """Plan-wide settings: scoring (docs/scoring.md), what counts (docs/workflow.md) and the
    SKP thresholds (docs/skp.md)."""

    cap: float = 120.0
    floor: float = 0.0
    missing: str = "skip"
    negative_method: str = "inverse_difference"
    bands: list[tuple[float, str]] = field(default_factory=lambda: list(DEFAULT_BANDS))
    count: str = "submitted"
    skp: SkpSettings = field(default_factory=SkpSettings)


@dataclass(slots=True)
class Plan:
    """A five-year plan (RPJMD / Renstra period)."""

    code: str
    name: str
    start_year: int
    end_year: int
    settings: Settings = field(default_factory=Settings)


@dataclass(slots=True)
class Unit:
    """An organisation unit: pemda, agency (Perangkat Daerah), division or section."""

    code: str
    name: str
    parent: str | None = None
    kind: str = "agency"


@dataclass(slots=True)
class Employee:
    """A civil servant (ASN) identified by an 18-digit NIP."""

    nip: str
    name: str
    unit: str
    position: str = ""
    supervisor: str | None = None


@dataclass(slots=True)
class Objective:
    """A node of the cascade: vision, mission, goal, ... down to an individual RHK."""

    code: str
    name: str
    level: str
    perspective: str | None = None
    unit: str | None = None
    owner: str | None = None


@dataclass(slots=True)
class Indicator:
    """A measured leaf under an objective (IKU / IKD / IK / indikator RHK)."""

    code: str
    objective: str
    name: str
    measure_unit: str = ""
    weight: float = 1.0
    polarity: str = "positive"
    aggregation: str = "latest"
    negative_method: str | None = None
    cap: float | None = None


@dataclass(slots=True)
class Link:
    """A cascade link: `child` supports `parent` with a weight."""

    parent: str
    child: str
    weight: float = 1.0


@dataclass(slots=True)
class CausalLink:
    """A strategy-map arrow; never used in scoring."""

    cause: str
    effect: str


@dataclass(slots=True)
class Target:
    """A target of one indicator in one period: a single value or a range [low, high]."""

    indicator: str
    period: str
    value: float | None = None
    low: float | None = None
    high: float | None = None

    @property
    def is_range(self) -> bool:
        """True when the target is a range [low, high]."""
        return self.low is not None


@dataclass(slots=True)
class Realization:
    """A realization of one indicator in one period, with its workflow status (docs/workflow.md)."""

    indicator: str
    period: str
    value: float
    status: str = "verified"


@dataclass(slots=True)
class UnitPredikat:
    """The organisation predikat of a unit in a period (docs/skp.md)."""

    unit: str
    period: str
    predikat: str


@dataclass(slots=True)
class SkpRating:
    """The supervisor's ratings of an employee in a period; `work` None: the proposal stands."""

    employee: str
    period: str
    behaviour: str
    work: str | None = None


@dataclass(slots=True)
class PlanDocument:
    """A whole plan, as in the `ekinerja/1` interchange format."""

    plan: Plan
    units: list[Unit] = field(default_factory=list)
    employees: list[Employee] = field(default_factory=list)
    objectives: list[Objective] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    causal_links: list[CausalLink] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    realizations: list[Realization] = field(default_factory=list)
    unit_predikat: list[UnitPredikat] = field(default_factory=list)
    skp_ratings: list[SkpRating] = field(default_factory=list)
    #: Objective code -> `rhk_kind` of the individual objectives that are not `main`.
    #: Held here rather than on Objective until the database stores it (objectives are
    #: inserted field by field from the Objective dataclass).
    rhk_kinds: dict[str, str] = field(default_factory=dict)
    #: The lists the file held (a sheet or a JSON key): an import into an existing plan leaves
    #: the others as they are. None (a document built in code): every list is meant.
    present: frozenset[str] | None = field(default=None, compare=False, repr=False)

    def holds(self, name: str) -> bool:
        """Whether the list `name` is part of this document (not absent from its file)."""
        return self.present is None or name in self.present

    def rhk_kind(self, code: str) -> str:
        """The `rhk_kind` of an objective: `main` unless set otherwise."""
        return self.rhk_kinds.get(code, "main")


@dataclass(frozen=True)
class Problem:
    """One problem found in input, with its place (`objectives[3].level`, `links!B5`)."""

    place: str
    message: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        return f"{self.place}: {self.message}" if self.place else self.message


class InvalidPlan(ValueError):
    """Raised with every problem found when input is invalid; nothing is written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        super().__init__(
            f"{len(errors)} kesalahan / error(s):\n" + "\n".join(str(p) for p in errors)
        )
