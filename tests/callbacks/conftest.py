"""A small example plan (tests/callbacks/plan.json) compiled into an Engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from ekinerja.interchange import load
from ekinerja.rollup import Engine

PLAN = Path(__file__).parent / "plan.json"


@pytest.fixture(scope="session")
def document():
    """The example plan: NTB-mini, two agencies, quarterly data for 2023-Q1 and 2023-Q2."""
    return load(PLAN)


@pytest.fixture
def engine(document) -> Engine:
    """A fresh engine (fresh per-engine caches) for each test."""
    return Engine(document)
