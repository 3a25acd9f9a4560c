"""Every export writes a text that a spreadsheet would take for a formula as text (issue 11,
item 6): the Scorecard Excel export and the one-time password workbook, like `ekinerja export`."""

from __future__ import annotations

import io

import openpyxl
import pytest
from ekinerja.callbacks.scorecard import render_grid
from ekinerja.layouts import scorecard

from ekinerja.rollup import Engine
from ekinerja.services.accounts import Credential, credentials_workbook

PAYLOADS = ('=cmd|"/c calc"!A1', '=HYPERLINK("http://x.example","klik")', "+1+1", "-2+3",
            "@SUM(A1)", "＝1+1", "#REF!")


def cells(content: bytes) -> list:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [cell for row in sheet.iter_rows() for cell in row]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_scorecard_export_writes_formula_like_names_as_text(small_plan, payload) -> None:
    small_plan.objectives[2].name = payload
    small_plan.units[1].name = payload
    rows, summary = render_grid(Engine(small_plan), None, "DIKES", None, "id")
    content = scorecard.workbook_bytes(rows, summary, "id")
    found = [c for c in cells(content) if c.value == payload]
    assert found, "the payload is not in the export"
    assert all(c.data_type == "s" and c.quotePrefix for c in found)
    assert not any(c.data_type == "f" for c in cells(content))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_password_workbook_writes_formula_like_names_as_text(payload) -> None:
    content = credentials_workbook([Credential("1990", payload, payload, payload, "rahasia")])
    found = [c for c in cells(content) if c.value == payload]
    assert len(found) == 3
    assert all(c.data_type == "s" and c.quotePrefix for c in found)
