"""Read-model fixtures: engines of the small plans (tests/conftest.py has the NTB-mini one)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ekinerja.data import EXAMPLE_PLAN
from ekinerja.interchange import load
from ekinerja.model import PlanDocument
from ekinerja.rollup import Engine


@pytest.fixture
def people_engine(make_contribution_plan: Callable[[], PlanDocument]) -> Engine:
    """The three-employee plan: V <- M1 (w1) <- A (E1) <- {B (E1), C (E2)}; V <- M2 (w3) <- D
    (E3); data for 2023 and 2024."""
    return Engine(make_contribution_plan())


@pytest.fixture(scope="module")
def example_engine() -> Engine:
    """The bundled NTB example plan (shared by a module: read it, never change it)."""
    return Engine(load(EXAMPLE_PLAN))
