"""Fixtures of the document writers: a fixed generation time and a writer into tmp_path."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from ekinerja import documents
from ekinerja.model import PlanDocument

GENERATED = datetime(2022, 1, 3, 9, 30)


@pytest.fixture
def write_document(tmp_path: Path) -> Callable[..., Path]:
    """write_document(kind, plan, unit, year, suffix): the path of the document written."""

    def write(kind: str, plan: PlanDocument, unit: str, year: int, suffix: str) -> Path:
        path = tmp_path / f"{kind}-{unit}-{year}{suffix}"
        documents.write(kind, plan, unit, year, path, generated=GENERATED)
        return path

    return write
