"""Shared fixtures: databases (real SQLite, real PostgreSQL), small plans, a Dash finder."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import uuid
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import psycopg
import pytest
from hypothesis import settings

from ekinerja.interchange import load
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
from ekinerja.rollup import Engine
from ekinerja.storage.database import Database
from tests.helpers import serving

PASSWORD = "kata-sandi-uji-1"  # the password of every account the tests make


# Speed is measured by `ekinerja bench`, never by a test: no deadline on hypothesis examples
# (a busy machine would fail them at random).
settings.register_profile("ekinerja", deadline=None)
settings.load_profile("ekinerja")

POSTGRES_DSN = "host=127.0.0.1 port=5432 user=postgres dbname=test connect_timeout=3"
POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
NIP = "199001012020011001"
PLAN_FILE = Path(__file__).parent / "plan.json"


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


@pytest.fixture(autouse=True)
def _private_data_home(monkeypatch: pytest.MonkeyPatch,
                       tmp_path_factory: pytest.TempPathFactory) -> None:
    """No test touches the real per-user database or reads the caller's EKINERJA_* settings:
    a fresh XDG_DATA_HOME (where the default SQLite file lives) and XDG_CACHE_HOME (the
    compiled snapshots of `ekinerja score`) for every test."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("data-home")))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache-home")))
    for name in [n for n in os.environ if n.startswith("EKINERJA_")]:
        monkeypatch.delenv(name)


@pytest.fixture(autouse=True)
def _quick_argon2(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Hash passwords with argon2id at its smallest cost (not 64 MiB × 3 passes): the tests are
    about behaviour, and hundreds of sign-ins would otherwise take minutes. Tests marked
    `argon2_defaults`, and every command run in a subprocess, use the real parameters."""
    if request.node.get_closest_marker("argon2_defaults"):
        return
    from argon2 import PasswordHasher

    from ekinerja import passwords

    quick = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(passwords, "hasher", lambda: quick)


DATABASES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@contextmanager
def _empty_database(kind: str, folder: Path) -> Iterator[str]:
    """The URL of an empty database: a new SQLite file in `folder`, or a fresh PostgreSQL
    schema dropped afterwards (skipped when no server answers, failed on CI)."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'ekinerja.sqlite'}"
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


@pytest.fixture(params=DATABASES)
def database_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """An empty database: a new SQLite file, or a fresh PostgreSQL schema dropped afterwards."""
    with _empty_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture(scope="module", params=DATABASES)
def module_database_url(request: pytest.FixtureRequest,
                        tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An empty database shared by the tests of a module (SQLite, then PostgreSQL), for
    tests that each check their own change against a snapshot taken just before it."""
    with _empty_database(request.param, tmp_path_factory.mktemp("module-db")) as url:
        yield url


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


def _same_as_compiled(followed: Engine, fresh: Engine, periods: Iterable[str] = ()) -> None:
    """Everything a followed engine answers (Engine.follow) is what a fresh compile of its plan
    answers: its list of realizations, periods, inputs and evaluations (and of its verified-only
    view) in every period of the plan and in `periods`."""
    def key(row: Realization) -> tuple[str, str]:
        return row.indicator, row.period

    # the same rows (an engine may keep them in its own order, e.g. grouped by period)
    assert sorted(followed.doc.realizations, key=key) == sorted(fresh.doc.realizations, key=key)
    assert followed.unverified() == fresh.unverified()
    assert (followed._all_realizations is None) == (fresh._all_realizations is None)
    assert followed.periods() == fresh.periods()
    assert followed.periods(realized_only=True) == fresh.periods(realized_only=True)
    for period in sorted(set(fresh.periods()) | set(periods)):
        mine, theirs = followed.inputs(period), fresh.inputs(period)
        for name in ("value", "low", "high", "realization", "derived"):
            np.testing.assert_array_equal(getattr(mine, name), getattr(theirs, name),
                                          err_msg=f"{name} of {period}")
        ev, expected = followed.evaluation(period), fresh.evaluate(period)
        for name in ("raw", "score", "has_data", "coverage", "denominator", "influence"):
            np.testing.assert_allclose(getattr(ev, name), getattr(expected, name), rtol=1e-12,
                                       atol=1e-12, err_msg=f"{name} of {period}")
        assert ev.to_json() == expected.to_json()
        verified = followed.verified_only().evaluation(period)
        assert verified.to_json() == fresh.verified_only().evaluate(period).to_json()


@pytest.fixture
def same_as_compiled() -> Callable[..., None]:
    """same_as_compiled(followed, fresh, periods=()): asserts a followed engine answers what a
    fresh compile of the same plan answers."""
    return _same_as_compiled


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
        links=[Link("V", "M1", 1.0), Link("V", "M2", 3.0), Link("M1", "A"), Link("A", "B"),
               Link("A", "C"), Link("M2", "D")],
        targets=[Target("IA", "2023", 100.0), Target("IB", "2023", 10.0),
                 Target("IC", "2023", 20.0), Target("ID", "2023", 5.0),
                 Target("IA", "2024", 100.0)],
        realizations=[Realization("IA", "2023", 50.0), Realization("IB", "2023", 10.0),
                      Realization("IC", "2023", 30.0), Realization("ID", "2023", 5.0),
                      Realization("IA", "2024", 80.0)],
    )


@pytest.fixture
def make_contribution_plan() -> Callable[[], PlanDocument]:
    """make_contribution_plan(): a fresh plan with three employees, for the engine tests.

    V <- M1 (w1) <- A (E1) <- {B (E1), C (E2)}; V <- M2 (w3) <- D (E3); data for 2023, 2024.
    """
    return _contribution_plan


def _region_units(region: str, agency: str, division: str) -> list[Unit]:
    """PEMDA (the region) > DINAS (an agency) > BIDANG (its division), with these names."""
    return [Unit("PEMDA", region, None, "pemda"), Unit("DINAS", agency, "PEMDA"),
            Unit("BIDANG", division, "DINAS", "division")]


#: NIPs of the SKP plan: the head of the agency, the head of its division, two staff.
KADIS, KABID, STAF1, STAF2 = (f"19800101200{k}011001" for k in range(1, 5))


def _skp_plan(scores: dict[str, float] | None = None) -> PlanDocument:
    """PEMDA <- DINAS (head KADIS) <- BIDANG (head KABID, staff STAF1 and STAF2).

    Each employee has one main RHK (STAF1 also an additional one, RHK-S1X) with one indicator
    whose target is 100 in 2023, so a realization is its achievement; the RHK hang under the
    supervisor's RHK (docs/skp.md). `scores` gives each NIP's 2023 realization (default 100;
    None: no realization).
    """
    wanted = {KADIS: 100.0, KABID: 100.0, STAF1: 100.0, STAF2: 100.0, **(scores or {})}
    rhk = {KADIS: "RHK-K", KABID: "RHK-B", STAF1: "RHK-S1", STAF2: "RHK-S2"}
    doc = PlanDocument(
        Plan("SKP", "Rencana SKP", 2022, 2024),
        units=_region_units("Pemda", "Dinas", "Bidang"),
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


# ----------------------------------------------------------------------------- SAKIP documents
KADIS_NIP = "197001012000012001"
KABID_NIP = "198001012005011002"


def make_document_plan() -> PlanDocument:
    """A region (no staff) with one agency and a division; names that look like formulas.

    DINAS's PK holds SD1 (I1 positive, I2 negative) and SD2 (I3 with a ranged target); I1 has
    quarterly targets in 2022 and a Q2 realization only in months (aggregation latest).
    """
    return PlanDocument(
        Plan("P-DOC", "Rencana Dokumen", 2021, 2023),
        units=_region_units("Pemerintah Kabupaten Uji", "Dinas Kesehatan", "Bidang Pelayanan"),
        employees=[
            Employee(KADIS_NIP, "Dr. Ani Kadis", "DINAS", "Kepala Dinas Kesehatan"),
            Employee(KABID_NIP, "Budi Kabid", "BIDANG", "Kepala Bidang Pelayanan", KADIS_NIP),
            Employee("199001012015012003", "Citra Staf", "BIDANG", "Analis", KABID_NIP),
        ],
        objectives=[
            Objective("V", "Visi", "vision"),
            Objective("M", "Misi", "mission"),
            Objective("S1", "Meningkatnya derajat kesehatan", "objective"),
            Objective("SD1", "=Meningkatnya mutu layanan", "agency_objective", unit="DINAS",
                      owner=KADIS_NIP),
            Objective("SD2", "Menurunnya angka kesakitan", "agency_objective", unit="DINAS",
                      owner=KADIS_NIP),
            Objective("SP1", "Meningkatnya layanan rujukan", "program_objective", unit="BIDANG",
                      owner=KABID_NIP),
        ],
        indicators=[
            Indicator("IS1", "S1", "Usia harapan hidup", "tahun"),
            Indicator("I1", "SD1", "+Cakupan layanan", "%"),
            Indicator("I2", "SD1", "-Waktu tunggu", "hari", polarity="negative"),
            Indicator("I3", "SD2", "@Angka kesakitan", "per mil"),
            Indicator("IP1", "SP1", "Rujukan tepat waktu", "%"),
        ],
        links=[Link("V", "M"), Link("M", "S1"), Link("S1", "SD1"), Link("S1", "SD2"),
               Link("SD1", "SP1")],
        targets=[
            Target("IS1", "2022", 70.0), Target("IS1", "2023", 71.0),
            Target("I1", "2021", 80.0), Target("I1", "2022", 85.0), Target("I1", "2023", 90.0),
            Target("I1", "2022-Q1", 20.0), Target("I1", "2022-Q2", 40.0),
            Target("I1", "2022-Q3", 60.0), Target("I1", "2022-Q4", 85.0),
            Target("I2", "2022", 10.0), Target("I2", "2023", 8.0),
            Target("I3", "2022", low=5.0, high=7.0), Target("I3", "2023", low=4.0, high=6.0),
            Target("IP1", "2022", 100.0),
        ],
        realizations=[
            Realization("IS1", "2022", 70.7),
            Realization("I1", "2021", 78.0), Realization("I1", "2022", 89.25),
            Realization("I1", "2022-Q1", 22.0),
            Realization("I1", "2022-04", 30.0), Realization("I1", "2022-05", 35.0),
            Realization("I2", "2021", 14.0), Realization("I2", "2022", 12.0),
            Realization("I3", "2022", 8.0),
            Realization("IP1", "2022", 90.0),
        ],
    )


FORECAST_NIP_A = "198001012005011001"
FORECAST_NIP_B = "198502022010012002"


def _forecast_plan() -> PlanDocument:
    """Two agencies with known monthly series in 2023 (see the comments on each indicator).

    V <- M1 <- SA (DINAS-A.B1, Ani) ; V <- M2 <- SB (DINAS-B, Budi).
    """
    monthly = [f"2023-{m:02d}" for m in range(1, 13)]
    realizations = [
        # SUM-T: 90 % of each month's share of its quarterly targets 10, 20, 30, 40
        Realization("SUM-T", "2023-Q1", 9.0),
        Realization("SUM-T", "2023-04", 6.0),
        Realization("SUM-T", "2023-05", 6.0),
        # SUM-L: no quarterly targets; 10 a month
        *(Realization("SUM-L", p, 10.0) for p in monthly[:6]),
        # LAT: a straight line 50, 52, ..., 60 over January..June
        *(Realization("LAT", p, 50.0 + 2 * k) for k, p in enumerate(monthly[:6])),
        # FLAT: 70 every month; AVG: 65 every month
        *(Realization("FLAT", p, 70.0) for p in monthly[:6]),
        *(Realization("AVG", p, 65.0) for p in monthly[:6]),
        # NEG: a negative indicator (e.g. a rate), flat at 8 against a target of 5
        *(Realization("NEG", p, 8.0) for p in monthly[:6]),
    ]
    quarter_targets = [
        Target("SUM-T", f"2023-Q{q}", 10.0 * q) for q in range(1, 5)
    ]
    return PlanDocument(
        Plan("F", "Rencana prakiraan", 2023, 2024),
        units=[
            Unit("PEMDA", "Pemerintah Provinsi", None, "pemda"),
            Unit("DINAS-A", "Dinas A", "PEMDA"),
            Unit("DINAS-A.B1", "Bidang A1", "DINAS-A", "division"),
            Unit("DINAS-B", "Dinas B", "PEMDA"),
        ],
        employees=[
            Employee(FORECAST_NIP_A, "Ani Kepala", "DINAS-A.B1", "Kepala Bidang"),
            Employee(FORECAST_NIP_B, "Budi Kepala", "DINAS-B", "Kepala Dinas"),
        ],
        objectives=[
            Objective("V", "Visi", "vision"),
            Objective("M1", "Misi 1", "mission"),
            Objective("M2", "Misi 2", "mission"),
            Objective(
                "SA", "Sasaran A", "agency_objective", unit="DINAS-A.B1", owner=FORECAST_NIP_A
            ),
            Objective("SB", "Sasaran B", "agency_objective", unit="DINAS-B", owner=FORECAST_NIP_B),
        ],
        indicators=[
            Indicator("SUM-T", "SA", "Jumlah layanan", "layanan", aggregation="sum"),
            Indicator("SUM-L", "SA", "Jumlah kunjungan", "kunjungan", aggregation="sum"),
            Indicator("LAT", "SA", "Cakupan", "%", aggregation="latest"),
            Indicator("FLAT", "SB", "Indeks kepuasan", "indeks", aggregation="latest"),
            Indicator("AVG", "SB", "Rata-rata nilai", "nilai", aggregation="average"),
            Indicator("NEG", "SB", "Angka kematian", "per 1000", polarity="negative"),
            Indicator("NONE", "SB", "Belum dilaporkan", "%", aggregation="latest"),
        ],
        links=[Link("V", "M1"), Link("V", "M2"), Link("M1", "SA"), Link("M2", "SB")],
        targets=[
            *quarter_targets,
            *(Target(code, "2023", value) for code, value in {
                "SUM-T": 100.0, "SUM-L": 120.0, "LAT": 80.0, "FLAT": 70.0, "AVG": 100.0,
                "NEG": 5.0, "NONE": 50.0}.items()),
            # the current period's targets (2023-Q2), for the current bands
            *(Target(code, "2023-Q2", value) for code, value in {
                "SUM-L": 30.0, "LAT": 60.0, "FLAT": 70.0, "AVG": 60.0, "NEG": 8.0}.items()),
        ],
        realizations=realizations,
    )


@pytest.fixture
def forecast_plan() -> PlanDocument:
    """A fresh plan with known monthly series in 2023 for the forecast back-tests."""
    return _forecast_plan()


@pytest.fixture
def document_plan() -> PlanDocument:
    """A fresh copy of the SAKIP documents' test plan (`make_document_plan`)."""
    return make_document_plan()


@pytest.fixture(scope="session")
def example_plan() -> PlanDocument:
    """The bundled NTB example plan (read once; do not mutate)."""
    from ekinerja.data import EXAMPLE_PLAN
    from ekinerja.interchange import load

    return load(EXAMPLE_PLAN)


# ---------------------------------------------------------------------------- workbooks

XlsxPart = bytes | Callable[[bytes], bytes] | Iterable[bytes]


def _rewrite_xlsx(source: Path, target: Path, parts: Mapping[str, XlsxPart]) -> Path:
    """Copy an .xlsx, replacing or adding parts: bytes, a function of the old bytes, or an
    iterable of chunks streamed into the archive (a large part costs no memory)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename not in parts:
                new.writestr(info, old.read(info))
            elif callable(parts[info.filename]):
                new.writestr(info.filename, parts[info.filename](old.read(info)))
        for name, part in parts.items():
            if name in old.namelist() and callable(part):
                continue
            if isinstance(part, bytes):
                new.writestr(name, part)
            elif not callable(part):
                with new.open(name, "w", force_zip64=True) as out:
                    for chunk in part:
                        out.write(chunk)
    return target


@pytest.fixture
def rewrite_xlsx() -> Callable[..., Path]:
    """rewrite_xlsx(source, target, {part: bytes | old -> new | chunks}): an edited copy."""
    return _rewrite_xlsx


@pytest.fixture
def plan_workbook(tmp_path: Path) -> Path:
    """The small plan written by ekinerja as a workbook."""
    from ekinerja import interchange

    path = tmp_path / "plan.xlsx"
    interchange.write_workbook(make_small_plan(), path)
    return path


@pytest.fixture
def sheet_part() -> Callable[[Path, str], str]:
    """sheet_part(path, title): the archive part that holds a sheet of a workbook."""

    def find(path: Path, title: str) -> str:
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True)
        try:
            return book[title]._worksheet_path
        finally:
            book.close()

    return find


@pytest.fixture
def empty_rows_bomb(plan_workbook: Path, tmp_path: Path) -> Path:
    """The small plan's workbook with 20 million empty rows (`<row/>`) in its targets sheet:
    120 MB of XML in a file of about 120 KB."""
    part = "xl/worksheets/sheet8.xml"
    with zipfile.ZipFile(plan_workbook) as archive:
        head, _, tail = archive.read(part).partition(b"</sheetData>")
    assert b"<t>indicator</t>" in head  # the targets sheet

    def rows() -> Iterator[bytes]:
        yield head
        for _ in range(20):
            yield b"<row/>" * 1_000_000
        yield b"</sheetData>" + tail

    return _rewrite_xlsx(plan_workbook, tmp_path / "bomb.xlsx", {part: rows()})


@pytest.fixture
def no_rows_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """openpyxl's row reader fails the test if called: a refusal must come before it."""
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("openpyxl started expanding the sheet")

    monkeypatch.setattr(ReadOnlyWorksheet, "_cells_by_row", refuse)


# ----------------------------------------------------------------- accounts and sign-in
def _add_account(db: Database, username: str, role: str = "admin", **ties: Any) -> Any:
    from ekinerja import services
    from ekinerja.services import accounts

    return accounts.create_account(db, services.system_user(), username, role, PASSWORD,
                                   **ties)


@pytest.fixture
def add_account() -> Callable[..., Any]:
    """add_account(db, username, role="admin", unit=..., nip=..., name=...): an account whose
    password is PASSWORD."""
    return _add_account


@pytest.fixture
def accounts_url(tmp_path) -> str:
    """An SQLite database with the schema and one admin, "penguji" (password PASSWORD), for
    apps that show a plan file and keep their accounts there."""
    url = f"sqlite:///{tmp_path / 'accounts.sqlite'}"
    database = Database(url)
    database.upgrade()
    _add_account(database, "penguji")
    database.dispose()
    return url


def _sign_in(client: Any, username: str = "penguji", password: str = PASSWORD) -> Any:
    response = client.post("/login", data={"username": username, "password": password})
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    return response


@pytest.fixture
def account_password() -> str:
    """The password of every account the tests make (PASSWORD)."""
    return PASSWORD


@pytest.fixture
def sign_in() -> Callable[..., Any]:
    """sign_in(client, username="penguji", password=PASSWORD): POST /login through a Flask
    test client (asserting it worked); the client keeps the session cookie."""
    return _sign_in


def _signs_in(url: str, username: str, password: str) -> bool:
    from ekinerja.services import accounts

    db = Database(url)
    try:
        return accounts.sign_in(db, username, password, "127.0.0.1").outcome == "ok"
    finally:
        db.dispose()


@pytest.fixture
def signs_in() -> Callable[[str, str, str], bool]:
    """signs_in(database_url, username, password): whether that sign-in succeeds (through
    ekinerja.services.accounts, on its own connection)."""
    return _signs_in


@contextmanager
def _served(database_url: str) -> Iterator[str]:
    with serving(database_url) as (base, _pid):
        yield base


@pytest.fixture
def serve_in_process() -> Callable[[str], Any]:
    """`with serve_in_process(database_url) as base_url:` — `ekinerja serve` in a process of
    its own on a free port, answering /healthz; stopped afterwards."""
    return _served


@pytest.fixture(scope="session")
def plan_file() -> Path:
    """The NTB-mini example plan file: two agencies, quarterly data for 2023-Q1 and 2023-Q2."""
    return PLAN_FILE


@pytest.fixture
def plan_copy(tmp_path: Path, plan_file: Path) -> Path:
    """A copy of the NTB-mini plan file that a test may change."""
    target = tmp_path / "plan.json"
    shutil.copy(plan_file, target)
    return target


@pytest.fixture(scope="session")
def document(plan_file: Path) -> PlanDocument:
    """The NTB-mini example plan (do not change it: it is shared by the session)."""
    return load(plan_file)


@pytest.fixture
def engine(document: PlanDocument) -> Engine:
    """A fresh engine of the NTB-mini plan (fresh caches) for each test."""
    return Engine(document)


@pytest.fixture
def full_postgres() -> Iterator[tuple[str, Callable[[], None]]]:
    """A PostgreSQL schema whose tables live on a tablespace of their own on a 32 MiB tmpfs,
    and a function that fills that file system to the last byte (a real "No space left on
    device" from the server). Needs root (to mount) and a local server."""
    if postgres_unavailable():
        pytest.skip(postgres_unavailable())
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    owner = pwd.getpwnam("postgres")
    name = f"full_{uuid.uuid4().hex[:12]}"
    folder = Path("/var/tmp") / f"ekinerja-{name}"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size=32m,mode=0700,uid={owner.pw_uid},gid={owner.pw_gid}",
         "tmpfs", str(folder)], capture_output=True, text=True)
    if mounted.returncode != 0:
        folder.rmdir()
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    with psycopg.connect(POSTGRES_DSN, autocommit=True) as conn:
        conn.execute(f"CREATE TABLESPACE {name} LOCATION '{folder}'")
        conn.execute(f"CREATE SCHEMA {name}")
    url = f"{POSTGRES_URL}?options=-csearch_path%3D{name}%20-cdefault_tablespace%3D{name}"

    def fill() -> None:
        with psycopg.connect(POSTGRES_DSN, autocommit=True) as conn:
            conn.execute(f"CREATE TABLE {name}.filler (b bytea) TABLESPACE {name}")
            conn.execute(f"ALTER TABLE {name}.filler ALTER COLUMN b SET STORAGE EXTERNAL")
            for size in (1 << 20, 1 << 16, 1 << 12, 1 << 9):
                try:
                    while True:  # incompressible bytes until the file system refuses
                        conn.execute(f"INSERT INTO {name}.filler VALUES (%s)", [os.urandom(size)])
                except psycopg.errors.DiskFull:
                    continue
            assert shutil.disk_usage(folder).free < (1 << 16)

    try:
        yield url, fill
    finally:
        with psycopg.connect(POSTGRES_DSN, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {name} CASCADE")
            conn.execute(f"DROP TABLESPACE {name}")
        subprocess.run(["umount", str(folder)], check=False)
        folder.rmdir()
