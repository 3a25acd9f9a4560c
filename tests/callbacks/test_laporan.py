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


# ----------------------------------------------------------------- PK versions
def test_a_planner_freezes_awal_then_a_change_and_both_are_listed_with_scores(db, user_of,
                                                                             text_of):
    from ekinerja import services

    planner, viewer = user_of("perencana"), user_of("tamu")
    engine = services.load_engine(db)
    shown, revision = laporan.freeze(db, planner, None, "DIKES", 2022, "awal", "2022-01-03",
                                     None, "id")
    assert "versi 1 dibekukan" in text_of(shown) and revision == services.revision(db)
    shown, _revision = laporan.freeze(db, planner, None, "DIKES", 2022, "perubahan",
                                      "2022-07-01", "refocusing", "en")
    assert "version 2 frozen" in text_of(shown)
    view = text_of(laporan.versions_of(db, viewer, None, engine, "DIKES", 2022, "id"))
    assert "Awal" in view and "Perubahan" in view and "refocusing" in view
    assert "1 Juli 2022" in view and "Capaian v2" in view and "95,00" in view


def test_a_viewer_may_not_freeze_and_nothing_is_written(db, user_of, text_of):
    from ekinerja import services

    before = services.revision(db)
    shown, revision = laporan.freeze(db, user_of("tamu"), None, "DIKES", 2022, "awal",
                                     "2022-01-03", None, "en")
    assert "Refused" in text_of(shown) and revision is laporan.no_update
    assert services.revision(db) == before


def test_a_frozen_version_downloads_as_pdf(db, user_of, text_of):
    import io

    from pypdf import PdfReader

    laporan.freeze(db, user_of("perencana"), None, "DIKES", 2022, "awal", "2022-01-03", None,
                   "id")
    download, shown = laporan.version_file(db, user_of("tamu"), None, "DIKES", 2022, "1.pdf",
                                           "id")
    assert download["filename"] == "pk-DIKES-2022-v1.pdf"
    pdf = PdfReader(io.BytesIO(base64.b64decode(download["content"])))
    assert "Versi 1 (awal)" in pdf.pages[0].extract_text()
    assert text_of(shown).startswith("pk-DIKES-2022-v1.pdf · 4 indikator")


def test_without_a_database_the_versions_say_why(ntb, text_of):
    shown = laporan.versions_of(None, VIEWER, None, ntb, "DIKES", 2022, "en")
    assert "kept in the database" in text_of(shown)


def test_with_no_version_the_panel_says_so(db, user_of, text_of):
    from ekinerja import services

    shown = laporan.versions_of(db, user_of("tamu"), None, services.load_engine(db), "DIKES",
                                2022, "en")
    assert "No version frozen yet" in text_of(shown)
