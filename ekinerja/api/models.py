"""The API's request and response models (pydantic): requests are validated against them, and
the OpenAPI document takes its schemas from them."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from ekinerja.api.core import MAX_PER_PAGE
from ekinerja.messages import N_
from ekinerja.services.realization_batch import MAX_ROWS

Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]
Code = Annotated[str, Field(min_length=1, max_length=200)]
Text = Annotated[str, Field(max_length=10_000)]


class _Query(BaseModel):
    model_config = ConfigDict(extra="forbid")

    plan: str | None = Field(None, description=N_("plan code (default: the app's)"))


class PageQuery(_Query):
    """Every list: a page of `per_page` items."""

    page: int = Field(1, ge=1, description=N_("page, from 1"))
    per_page: int = Field(100, ge=1, le=MAX_PER_PAGE, description="Items per page")


class UnitsQuery(PageQuery):
    parent: str | None = Field(None, description="Only the units under this unit")


class EmployeesQuery(PageQuery):
    unit: str | None = Field(None, description="Only the employees of this unit")


class ObjectivesQuery(PageQuery):
    level: str | None = None
    unit: str | None = None
    owner: str | None = Field(None, description="NIP of the owner")


class IndicatorsQuery(PageQuery):
    objective: str | None = None


class TargetsQuery(PageQuery):
    indicator: str | None = None
    period: str | None = None


class RealizationsQuery(TargetsQuery):
    status: str | None = None


class PeriodQuery(_Query):
    period: str | None = Field(None, description="YYYY, YYYY-Qn or YYYY-MM (default: the "
                                                 "latest period with realizations)")


# ----------------------------------------------------------------- items
class Plan(BaseModel):
    code: str
    name: str
    start_year: int
    end_year: int


class Unit(BaseModel):
    code: str
    name: str
    parent: str | None
    kind: str


class Employee(BaseModel):
    nip: str
    name: str
    unit: str
    position: str
    supervisor: str | None


class Objective(BaseModel):
    code: str
    name: str
    level: str
    perspective: str | None
    unit: str | None
    owner: str | None
    parents: list[str] = Field(description="Codes of the objectives it supports")


class Indicator(BaseModel):
    code: str
    objective: str
    name: str
    measure_unit: str
    weight: float
    polarity: str
    aggregation: str
    negative_method: str | None
    cap: float | None


class Target(BaseModel):
    indicator: str
    period: str
    value: float | None
    low: float | None
    high: float | None


class Realization(BaseModel):
    indicator: str
    period: str
    value: float
    status: str


def page_model(item: type[BaseModel]) -> type[BaseModel]:
    """The page of a list of `item`."""
    return create_model(
        f"{item.__name__}Page", __doc__=f"One page of {item.__name__} items.",
        items=(list[item], ...), page=(int, ...), per_page=(int, ...), total=(int, ...),
        pages=(int, ...))


PlanList = create_model("PlanList", items=(list[Plan], ...))


# ----------------------------------------------------------------- scores
class ObjectiveScore(BaseModel):
    score: float | None
    band: str | None
    coverage: float
    influence: float
    contribution: float


class IndicatorScore(BaseModel):
    target: float | list[float] | None
    realization: float | None
    raw_achievement: float | None
    achievement: float | None
    band: str | None
    influence: float
    contribution: float


class Scores(BaseModel):
    """The `ekinerja score --format json` document of one period."""

    period: str
    root: str
    objectives: dict[str, ObjectiveScore]
    indicators: dict[str, IndicatorScore]


class NodeScore(BaseModel):
    """One objective's or indicator's score (the fields of its kind)."""

    model_config = ConfigDict(extra="allow")
    code: str
    kind: str = Field(description="objective or indicator")
    period: str


class Explanation(BaseModel):
    """How one score came about (`ekinerja score --explain CODE --format json`)."""

    model_config = ConfigDict(extra="allow")


class OwnedScore(BaseModel):
    code: str
    name: str
    score: float | None
    influence: float
    contribution: float
    counted: bool


class Contribution(BaseModel):
    """The points of the root score an employee's work carries (docs/scoring.md)."""

    nip: str
    name: str
    period: str
    root: str
    root_score: float | None
    contribution: float
    share: float | None
    objectives: list[OwnedScore]


class Skp(BaseModel):
    """The `ekinerja skp --format json` document of one period (docs/skp.md)."""

    period: str
    employees: dict[str, dict[str, Any]]
    units: dict[str, dict[str, Any]]


# ----------------------------------------------------------------- writes
class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RealizationIn(_Body):
    """One realization to record (a replaced entry is kept as history)."""

    plan: str | None = None
    indicator: Code
    period: Annotated[str, Field(min_length=4, max_length=10)]
    value: Number
    note: Text | None = None
    evidence: Text | None = Field(None, description="A link to the evidence")


class RealizationRow(_Body):
    indicator: Code
    period: Annotated[str, Field(min_length=4, max_length=10)]
    value: Number
    note: Text | None = None
    evidence: Text | None = None


def batch_model(name: str, row: type[BaseModel], doc: str) -> type[_Body]:
    """The body of a bulk write: a plan and 1 to MAX_ROWS rows of `row`."""
    return create_model(
        name, __base__=_Body, __doc__=doc, plan=(str | None, None),
        rows=(Annotated[list[row], Field(min_length=1, max_length=MAX_ROWS)], ...))


RealizationBatch = batch_model(
    "RealizationBatch", RealizationRow,
    "Many realizations, recorded in one transaction (all or none).")


class Recorded(BaseModel):
    plan: str | None
    indicator: str
    period: str
    value: float
    revision: int


class BatchChange(BaseModel):
    row: int
    indicator: str
    period: str
    action: str = Field(description="add or update")
    value: float
    old: float | None


class _Counts(BaseModel):
    """What a bulk write changed, counted (its report adds each change)."""

    plan: str
    revision: int
    added: int
    updated: int
    unchanged: int


class BatchReport(_Counts):
    """What a batch changed."""

    changes: list[BatchChange]


class ErrorDetail(BaseModel):
    field: str | None = None
    row: int | None = None
    message: str


class ErrorBody(BaseModel):
    status: int
    code: str
    message: str
    details: list[ErrorDetail]
    request_id: str = Field(description="Names the request in the server's log")


class Error(BaseModel):
    """Every error answer."""

    error: ErrorBody


# ----------------------------------------------------------------- directory sync (SIMPEG)
class UnitIn(_Body):
    code: Code
    name: Annotated[str, Field(min_length=1, max_length=1000)]
    parent: Code | None = None
    kind: str = Field("agency", description="pemda, agency, division or section")


class EmployeeIn(_Body):
    nip: Annotated[str, Field(min_length=1, max_length=40)]
    name: Annotated[str, Field(min_length=1, max_length=1000)]
    unit: Code
    position: Annotated[str, Field(max_length=1000)] = ""
    supervisor: Annotated[str, Field(max_length=40)] | None = None


UnitBatch = batch_model("UnitBatch", UnitIn, "Units to add or change, by code (none is removed).")
EmployeeBatch = batch_model("EmployeeBatch", EmployeeIn,
                            "Employees to add or change, by NIP (none is removed).")


class SyncChange(BaseModel):
    model_config = ConfigDict(extra="allow")
    row: int
    action: str = Field(description="add or update")
    fields: list[str]


class SyncReport(_Counts):
    """What a sync changed."""

    changes: list[SyncChange]


# ----------------------------------------------------------------- budgets (SIPD)
class BudgetsQuery(PageQuery):
    objective: str | None = None
    year: int | None = None


class Budget(BaseModel):
    objective: str = Field(description="The program's or activity's objective code")
    year: int
    amount: float
    realization: float | None


class BudgetIn(_Body):
    objective: Code
    year: Annotated[int, Field(strict=True, ge=1900, le=2200)]
    amount: Annotated[Number, Field(ge=0)]
    realization: Annotated[Number, Field(ge=0)] | None = None


BudgetBatch = batch_model(
    "BudgetBatch", BudgetIn,
    "Budgets to store: each replaces the one of its objective and year (all or none).")


class BudgetsStored(BaseModel):
    plan: str | None
    stored: int
