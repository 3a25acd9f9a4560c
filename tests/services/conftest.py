"""Service fixtures: the small plan in a real database, the acting users, a snapshot."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ekinerja import services
from ekinerja.model import PlanDocument
from ekinerja.services import InvalidEdit, User
from ekinerja.storage.database import Database

NIP = "199001012020011001"  # the RHK owner of the small plan (tests/conftest.py)


@pytest.fixture
def loaded(db: Database, small_plan: PlanDocument) -> Database:
    """The database with the small plan imported."""
    services.import_document(db, services.system_user(), small_plan)
    return db


@pytest.fixture
def snapshot() -> Callable[[Database], tuple]:
    """snapshot(db): everything a failed change must leave untouched (plan, revision, audit,
    history)."""

    def take(db: Database) -> tuple:
        return (
            services.load_document(db, "P1"),
            services.revision(db),
            services.audit_log(db, limit=1000),
            services.realization_history(db, "P1", "I1"),
            services.weight_versions(db, "P1", "S1"),
        )

    return take


@pytest.fixture
def admin() -> User:
    """The built-in administrator."""
    return services.system_user()


@pytest.fixture
def planner() -> User:
    """A planner (structure, weights, targets, periods)."""
    return User("perencana", "Perencana", "planner")


@pytest.fixture
def operator() -> User:
    """The operator of DIKES (the unit of S1 and R1)."""
    return User("operator", "Operator Dikes", "operator", unit="DIKES")


@pytest.fixture
def head_dikes() -> User:
    """The head of DIKES (the unit of S1 and R1, Ani's unit)."""
    return User("kadis", "Kepala Dinas", "head", unit="DIKES", nip="197001011995011001")


@pytest.fixture
def other_operator() -> User:
    """An operator of a unit outside the plan."""
    return User("operator2", "Operator Lain", "operator", unit="PEMDA-LAIN")


@pytest.fixture
def employee() -> User:
    """Ani, the owner of the RHK R1."""
    return User("ani", "Ani", "employee", nip=NIP)


@pytest.fixture
def viewer() -> User:
    """A viewer: may change nothing."""
    return User("tamu", "Tamu", "viewer")


@pytest.fixture
def crash(snapshot, monkeypatch) -> Callable[..., tuple[tuple, tuple]]:
    """crash(db, module, name, change): run `change` while `module.name` fails as a crash in
    the middle of its transaction would; the database snapshots before and after."""

    def broken(*args, **kwargs) -> None:
        raise RuntimeError("injected failure")

    def run(db: Database, module: object, name: str, change: Callable[[], object]
            ) -> tuple[tuple, tuple]:
        before = snapshot(db)
        with monkeypatch.context() as patch:
            patch.setattr(module, name, broken)
            with pytest.raises(RuntimeError, match="injected"):
                change()
        return before, snapshot(db)

    return run


@pytest.fixture
def doc_db(db: Database, document_plan: PlanDocument) -> Database:
    """The database with the document plan (P-DOC) imported."""
    services.import_document(db, services.system_user(), document_plan)
    return db


@pytest.fixture
def org_db(db: Database, make_skp_plan) -> Database:
    """The SKP plan (PEMDA <- DINAS <- BIDANG, KADIS <- KABID <- STAF1, STAF2) in a database."""
    services.import_document(db, services.system_user(), make_skp_plan())
    return db


@pytest.fixture
def refused_edit() -> Callable[..., InvalidEdit]:
    """refused_edit(db, call, state, field, english): `call(db)` is refused with an InvalidEdit
    located at `field`, its English text holding `english` and its Indonesian text, another,
    starting with the field; `state(db)` is as before. The error."""

    def check(db: Database, call: Callable[[Database], object],
              state: Callable[[Database], object], field: str, english: str) -> InvalidEdit:
        before = state(db)
        with pytest.raises(InvalidEdit) as caught:
            call(db)
        assert caught.value.field == field
        assert english in caught.value.text("en")
        indonesian = caught.value.text("id")
        assert indonesian.startswith(f"{field}: ") and indonesian != caught.value.text("en")
        assert state(db) == before
        return caught.value

    return check
