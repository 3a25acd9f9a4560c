"""Shared fixtures: databases (real SQLite, real PostgreSQL), small plans, a Dash finder."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

import psycopg
import pytest

from ekinerja.model import (
    CausalLink,
    Employee,
    Indicator,
    Link,
    Objective,
    Plan,
    PlanDocument,
    Realization,
    Target,
    Unit,
)
from ekinerja.storage.database import Database

POSTGRES_DSN = "host=127.0.0.1 port=5432 user=postgres dbname=test connect_timeout=3"
POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
NIP = "199001012020011001"


@cache
def postgres_unavailable() -> str | None:
    """Why PostgreSQL cannot be used (None when a server answers at 127.0.0.1:5432)."""
    try:
        with psycopg.connect(POSTGRES_DSN) as conn:
            conn.execute("SELECT 1")
    except psycopg.OperationalError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return f"no PostgreSQL server answers at 127.0.0.1:5432 ({first})"
    return None


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def database_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """An empty database: a new SQLite file, or a fresh PostgreSQL schema dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ekinerja.sqlite'}"
        return
    reason = postgres_unavailable()
    if reason and os.environ.get("CI"):
        pytest.fail(f"CI must run the PostgreSQL tests: {reason}")
    if reason:
        pytest.skip(reason)
    schema = f"test_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(POSTGRES_DSN, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(POSTGRES_DSN, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def empty_db(database_url: str) -> Iterator[Database]:
    """A database without the ekinerja schema."""
    database = Database(database_url)
    yield database
    database.dispose()


@pytest.fixture
def db(empty_db: Database) -> Database:
    """A database with the current schema and no plan."""
    empty_db.upgrade()
    return empty_db


def make_small_plan() -> PlanDocument:
    """A small valid plan: vision, mission, agency objective, one RHK, two indicators."""
    return PlanDocument(
        Plan("P1", "Rencana Uji", 2019, 2023),
        units=[Unit("PEMDA", "Pemda", None, "pemda"), Unit("DIKES", "Dinas Kesehatan", "PEMDA")],
        employees=[Employee(NIP, "Ani", "DIKES", "Analis")],
        objectives=[
            Objective("V", "Visi", "vision"),
            Objective("M1", "Misi 1", "mission", "stakeholder"),
            Objective("S1", "Sasaran Dinas", "agency_objective", unit="DIKES"),
            Objective("R1", "RHK Ani", "individual", unit="DIKES", owner=NIP),
        ],
        indicators=[
            Indicator("I1", "S1", "Cakupan layanan", "%", 2.0),
            Indicator("I2", "R1", "Laporan", "dokumen", 1.0, aggregation="sum"),
        ],
        links=[Link("V", "M1"), Link("M1", "S1"), Link("S1", "R1", 3.0)],
        causal_links=[CausalLink("S1", "M1")],
        targets=[Target("I1", "2023", 80.0), Target("I2", "2023", low=10.0, high=12.0)],
        realizations=[Realization("I1", "2023", 72.0), Realization("I2", "2023-Q1", 3.0)],
    )


@pytest.fixture
def small_plan() -> PlanDocument:
    """A fresh copy of the small plan."""
    return make_small_plan()


def _find_or_none(component: Any, component_id: Any) -> Any:
    if isinstance(component, list | tuple):
        for child in component:
            found = _find_or_none(child, component_id)
            if found is not None:
                return found
        return None
    if getattr(component, "id", None) == component_id:
        return component
    children = getattr(component, "children", None)
    if children is None or isinstance(children, str):
        return None
    return _find_or_none(children, component_id)


@pytest.fixture
def find_or_none() -> Callable[[Any, Any], Any]:
    """find_or_none(tree, id): the Dash component with that id in a tree (None when absent)."""
    return _find_or_none


def _contribution_plan() -> PlanDocument:
    """V <- M1 (w1) <- A (E1) <- {B (E1), C (E2)}; V <- M2 (w3) <- D (E3)."""
    return PlanDocument(
        plan=Plan("P", "Plan", 2023, 2024),
        units=[Unit("U1", "Dinas Satu"), Unit("U2", "Dinas Dua")],
        employees=[
            Employee("E1", "Ahmad Satu", "U1", "Kepala"),
            Employee("E2", "Baiq Dua", "U1", "Staf", supervisor="E1"),
            Employee("E3", "Made Tiga", "U2", "Kepala"),
        ],
        objectives=[
            Objective("V", "Visi", "vision"),
            Objective("M1", "Misi 1", "mission"),
            Objective("M2", "Misi 2", "mission"),
            Objective("A", "Sasaran A", "agency_objective", unit="U1", owner="E1"),
            Objective("B", "RHK B", "individual", unit="U1", owner="E1"),
            Objective("C", "RHK C", "individual", unit="U1", owner="E2"),
            Objective("D", "Sasaran D", "agency_objective", unit="U2", owner="E3"),
        ],
        indicators=[
            Indicator("IA", "A", "Indikator A"),
            Indicator("IB", "B", "Indikator B"),
            Indicator("IC", "C", "Indikator C"),
            Indicator("ID", "D", "Indikator D", polarity="negative"),
        ],
        links=[
            Link("V", "M1", 1.0),
            Link("V", "M2", 3.0),
            Link("M1", "A"),
            Link("A", "B"),
            Link("A", "C"),
            Link("M2", "D"),
        ],
        targets=[
            Target("IA", "2023", 100.0),
            Target("IB", "2023", 10.0),
            Target("IC", "2023", 20.0),
            Target("ID", "2023", 5.0),
            Target("IA", "2024", 100.0),
        ],
        realizations=[
            Realization("IA", "2023", 50.0),
            Realization("IB", "2023", 10.0),
            Realization("IC", "2023", 30.0),
            Realization("ID", "2023", 5.0),
            Realization("IA", "2024", 80.0),
        ],
    )


@pytest.fixture
def make_contribution_plan() -> Callable[[], PlanDocument]:
    """make_contribution_plan(): a fresh plan with three employees, for the engine tests.

    V <- M1 (w1) <- A (E1) <- {B (E1), C (E2)}; V <- M2 (w3) <- D (E3); data for 2023, 2024.
    """
    return _contribution_plan


#: NIPs of the SKP plan: the head of the agency, the head of its division, two staff.
KADIS, KABID, STAF1, STAF2 = (f"19800101200{k}011001" for k in range(1, 5))


def _skp_plan(scores: dict[str, float] | None = None) -> PlanDocument:
    """PEMDA <- DINAS (head KADIS) <- BIDANG (head KABID, staff STAF1 and STAF2).

    Each employee has one main RHK (STAF1 also an additional one, RHK-S1X) with one indicator
    whose target is 100 in 2023, so a realization is its achievement; the RHK hang under the
    supervisor's RHK (DESIGN §9). `scores` gives each NIP's 2023 realization (default 100;
    None: no realization).
    """
    wanted = {KADIS: 100.0, KABID: 100.0, STAF1: 100.0, STAF2: 100.0, **(scores or {})}
    rhk = {KADIS: "RHK-K", KABID: "RHK-B", STAF1: "RHK-S1", STAF2: "RHK-S2"}
    doc = PlanDocument(
        Plan("SKP", "Rencana SKP", 2022, 2024),
        units=[
            Unit("PEMDA", "Pemda", None, "pemda"),
            Unit("DINAS", "Dinas", "PEMDA"),
            Unit("BIDANG", "Bidang", "DINAS", "division"),
        ],
        employees=[
            Employee(KADIS, "Kadis", "DINAS", "Kepala Dinas"),
            Employee(KABID, "Kabid", "BIDANG", "Kepala Bidang", KADIS),
            Employee(STAF1, "Staf Satu", "BIDANG", "Analis", KABID),
            Employee(STAF2, "Staf Dua", "BIDANG", "Analis", KABID),
        ],
        objectives=[
            Objective("V", "Visi", "vision"),
            Objective("SS", "Sasaran Dinas", "agency_objective", unit="DINAS"),
            *(Objective(code, f"RHK {nip}", "individual", owner=nip) for nip, code in rhk.items()),
            Objective("RHK-S1X", "RHK tambahan", "individual", owner=STAF1),
        ],
        links=[
            Link("V", "SS"),
            Link("SS", "RHK-K"),
            Link("RHK-K", "RHK-B"),
            Link("RHK-B", "RHK-S1"),
            Link("RHK-B", "RHK-S2"),
            Link("RHK-B", "RHK-S1X"),
        ],
        indicators=[
            *(Indicator(f"I-{code}", code, f"Indikator {code}") for code in rhk.values()),
            Indicator("I-RHK-S1X", "RHK-S1X", "Indikator tambahan"),
        ],
        targets=[Target(f"I-{code}", "2023", 100.0) for code in [*rhk.values(), "RHK-S1X"]],
        realizations=[
            Realization(f"I-{rhk[nip]}", "2023", value)
            for nip, value in wanted.items()
            if value is not None
        ],
        rhk_kinds={"RHK-S1X": "additional"},
    )
    doc.realizations.append(Realization("I-RHK-S1X", "2023", 120.0))
    return doc


@pytest.fixture
def make_skp_plan() -> Callable[..., PlanDocument]:
    """make_skp_plan(scores=None): a fresh SKP plan (see _skp_plan) for the SKP tests."""
    return _skp_plan
