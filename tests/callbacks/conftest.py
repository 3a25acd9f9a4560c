"""Callback fixtures: the NTB example in a real database, and the text of a component tree."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from ekinerja import services
from ekinerja.data import EXAMPLE_PLAN
from ekinerja.interchange import load
from ekinerja.services import User, accounts
from ekinerja.storage.database import Database


@pytest.fixture
def db(database_url: str, add_account) -> Iterator[Database]:
    """The NTB example in a real database: an SQLite file, then a PostgreSQL schema.

    Overrides the empty `db` of tests/conftest.py; accounts: perencana (planner), operator
    (operator of BAPPEDA) and tamu (viewer).
    """
    database = Database(database_url)
    database.upgrade()
    services.import_document(database, services.system_user(), load(EXAMPLE_PLAN))
    add_account(database, "perencana", "planner", name="Perencana")
    add_account(database, "operator", "operator", unit="BAPPEDA", name="Operator Bappeda")
    add_account(database, "tamu", "viewer", name="Tamu")
    yield database
    database.dispose()


@pytest.fixture
def user_of(db: Database) -> Callable[[str | None], User | None]:
    """user_of(username): the acting user of an account of `db`, as a signed-in request would
    pass it (None for None: nobody signed in)."""

    def actor(username: str | None) -> User | None:
        return None if username is None else accounts.get_account(db, username).actor("10.9.8.7")

    return actor


@pytest.fixture
def operator(user_of) -> User:
    """The operator of BAPPEDA."""
    return user_of("operator")


@pytest.fixture
def planner(user_of) -> User:
    """The planner."""
    return user_of("perencana")


@pytest.fixture
def viewer(user_of) -> User:
    """The viewer (tamu)."""
    return user_of("tamu")


def _text_of(component: Any) -> str:
    if component is None:
        return ""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return " ".join(_text_of(c) for c in component)
    return _text_of(getattr(component, "children", None))


@pytest.fixture
def text_of() -> Callable[[Any], str]:
    """text_of(tree): every string inside a Dash component tree, joined with spaces."""
    return _text_of
