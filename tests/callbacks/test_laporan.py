"""The /laporan callback body: a document to download, or the refusal in words."""

from __future__ import annotations

import base64
import io

import pytest
from ekinerja.callbacks import laporan
from openpyxl import load_workbook

from ekinerja.rollup import Engine
from ekinerja.services import User
from ekinerja.sources import document_provider

VIEWER = User("tamu", role="viewer")


@pytest.fixture(scope="module")
def ntb(example_plan) -> Engine:
    return Engine(example_plan)


def test_a_click_downloads_the_document_and_says_what_was_made(ntb, text_of):
    download, shown = laporan.make(ntb, VIEWER, "rencana-aksi.xlsx", "DIKES", 2022, "id")
    assert download["filename"] == "rencana-aksi-DIKES-2022.xlsx" and download["base64"]
    book = load_workbook(io.BytesIO(base64.b64decode(download["content"])))
    assert book.sheetnames
    text = text_of(shown)
    assert text.startswith("rencana-aksi-DIKES-2022.xlsx · 4 indikator · ")
    assert text.endswith(" detik")


def test_the_message_is_in_english_when_asked(ntb, text_of):
    _download, shown = laporan.make(ntb, VIEWER, "pk.pdf", "DIKES", 2022, "en")
    assert " · 4 indicators · " in text_of(shown) and text_of(shown).endswith(" s")


def test_nobody_signed_in_gets_a_refusal_and_no_download(ntb, text_of):
    download, shown = laporan.make(ntb, None, "pk.docx", "DIKES", 2022, "en")
    assert download is laporan.no_update
    assert "Refused" in text_of(shown) and "may not see the unit" in text_of(shown)


def test_a_year_outside_the_plan_is_named(ntb, text_of):
    download, shown = laporan.make(ntb, VIEWER, "lkjip.docx", "DIKES", 2030, "id")
    assert download is laporan.no_update and "2030" in text_of(shown)


def test_layout_params_choose_the_users_unit_the_plan_years_and_the_latest_year(example_plan):
    source = document_provider(example_plan)
    params = laporan.layout_params(source, "id", User("op", role="operator", unit="BAPPEDA"))
    assert params["unit"] == "BAPPEDA"
    assert params["years"] == [2019, 2020, 2021, 2022, 2023]
    assert params["year"] in params["years"]
    assert laporan.layout_params(source, "id", VIEWER)["unit"] == "BPBD"  # first agency by name
