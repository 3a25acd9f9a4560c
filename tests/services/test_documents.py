"""services.documents: a SAKIP document as bytes for whoever may see the unit."""

from __future__ import annotations

import io

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from ekinerja.permissions import ROLES
from ekinerja.services import PermissionDenied, ServiceError, User
from ekinerja.services.documents import FORMATS, make_document


@pytest.mark.parametrize("role", ROLES)
def test_every_signed_in_role_gets_the_pk_of_any_unit(example_plan, role):
    user = User("someone", role=role, unit="BAPPEDA")
    made = make_document(example_plan, user, "pk", "DIKES", 2022, ".docx")
    assert made.filename == "pk-DIKES-2022.docx" and made.rows == 4
    cells = [c.text for t in Document(io.BytesIO(made.content)).tables for r in t.rows
             for c in r.cells]
    assert "95,00 %" in cells  # IKD-DIKES-1.1, 2022


def test_nobody_signed_in_gets_nothing(example_plan):
    with pytest.raises(PermissionDenied, match="may not see the unit \"DIKES\""):
        make_document(example_plan, None, "pk", "DIKES", 2022, ".pdf")


def test_the_pdf_holds_the_heads_name(example_plan):
    made = make_document(example_plan, User("x", role="viewer"), "pk", "DIKES", 2022, ".pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(made.content)).pages)
    assert "Hairul Ridwan" in text and made.seconds >= 0


@pytest.mark.parametrize(("kind", "suffix"), [f for f in FORMATS if f[1] == ".xlsx"])
def test_the_workbooks_open_and_name_the_unit(example_plan, kind, suffix):
    made = make_document(example_plan, User("x", role="viewer"), kind, "DIKES", 2022, suffix)
    book = load_workbook(io.BytesIO(made.content))
    assert any("Dinas Kesehatan" in str(cell) for sheet in book for row in
               sheet.iter_rows(values_only=True) for cell in row if cell)


def test_every_problem_of_a_request_is_named(example_plan):
    with pytest.raises(ServiceError) as error:
        make_document(example_plan, User("x", role="admin"), "pk", "NOPE", 2031, ".xlsx")
    text = str(error.value)
    assert 'unknown unit "NOPE"' in text and "2031" in text and ".xlsx" in text


def test_an_unknown_document_is_refused(example_plan):
    with pytest.raises(ServiceError, match='unknown document "skp"'):
        make_document(example_plan, User("x", role="admin"), "skp", "DIKES", 2022, ".docx")


def test_the_formats_are_the_five_the_page_offers():
    assert FORMATS == (("pk", ".docx"), ("pk", ".pdf"), ("rencana-aksi", ".xlsx"),
                       ("lkjip", ".docx"), ("lkjip", ".xlsx"))
