"""Plain dataclasses of the domain: a plan document and all under it (docs/file-format.md)."""

from __future__ import annotations

from dataclasses import dataclass, field

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
FORMAT = "ekinerja/1"

DEFAULT_BANDS: tuple[tuple[float, str], ...] = (
    (91.0, "Sangat Tinggi"),
    (76.0, "Tinggi"),
    (66.0, "Sedang"),
    (51.0, "Rendah"),
    (0.0, "Sangat Rendah"),
)


@dataclass(slots=True)
class Settings:
    """Plan-wide scoring settings (docs/scoring.md)."""

    cap: float = 120.0
    floor: float = 0.0
    missing: str = "skip"
    negative_method: str = "inverse_difference"
    bands: list[tuple[float, str]] = field(default_factory=lambda: list(DEFAULT_BANDS))


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
    """A realization of one indicator in one period."""

    indicator: str
    period: str
    value: float


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
