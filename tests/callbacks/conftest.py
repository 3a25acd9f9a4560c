"""Callback fixtures: the NTB example in a real database, and the text of a component tree."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from ekinerja import services
from ekinerja.data import EXAMPLE_PLAN
from ekinerja.interchange import load
from ekinerja.storage.database import Database


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    """The NTB example in a real database: an SQLite file, then a PostgreSQL schema.

    Overrides the empty `db` of tests/conftest.py; users: perencana (planner), operator
    (operator of BAPPEDA) and tamu (viewer).
    """
    database = Database(database_url)
    database.upgrade()
    services.import_document(database, services.system_user(), load(EXAMPLE_PLAN))
    services.ensure_user(database, "perencana", "Perencana", "planner")
    services.ensure_user(database, "operator", "Operator Bappeda", "operator", unit="BAPPEDA")
    services.ensure_user(database, "tamu", "Tamu", "viewer")
    yield database
    database.dispose()


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
