"""PK versions: awal then each perubahan frozen with date and reason; scores against any."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document
from pypdf import PdfReader

from ekinerja import documents, services
from ekinerja.services import NotFound, PermissionDenied, ServiceError, User
from ekinerja.services.agreements import (
    agreement_version,
    agreement_versions,
    freeze_agreement,
    scores_against,
)

PLANNER = User("perencana", "Perencana", "planner", address="10.1.2.3")
VIEWER = User("tamu", role="viewer")


def test_awal_freezes_the_targets_as_they_stand(doc_db):
    assert freeze_agreement(doc_db, PLANNER, "P-DOC", "DINAS", 2022, "awal", "2022-01-03") == 1
    [version] = agreement_versions(doc_db, VIEWER, "P-DOC", "DINAS", 2022)
    assert (version.version, version.kind, version.signed_on, version.reason, version.author,
            version.rows) == (1, "awal", date(2022, 1, 3), None, "perencana", 3)
    frozen = agreement_version(doc_db, VIEWER, "P-DOC", "DINAS", 2022, 1)
    assert [(r.indicator_code, r.target) for r in frozen.rows] == [
        ("I1", 85.0), ("I2", 10.0), ("I3", [5.0, 7.0])]
    assert frozen.first.name == "Dr. Ani Kadis" and frozen.kind == "awal"


def test_a_perubahan_keeps_the_awal_and_scores_read_against_either(doc_db):
    freeze_agreement(doc_db, PLANNER, "P-DOC", "DINAS", 2022, "awal", date(2022, 1, 3))
    services.set_target(doc_db, PLANNER, "P-DOC", "I1", "2022", 95.0, reason="refocusing")
    assert freeze_agreement(doc_db, PLANNER, "P-DOC", "DINAS", 2022, "perubahan",
                            "2022-07-15", "refocusing anggaran") == 2
    awal = agreement_version(doc_db, VIEWER, "P-DOC", "DINAS", 2022, 1)
    change = agreement_version(doc_db, VIEWER, "P-DOC", "DINAS", 2022, 2)
    assert awal.rows[0].target == 85.0 and change.rows[0].target == 95.0
    assert change.reason == "refocusing anggaran" and change.signed_on == date(2022, 7, 15)
    doc = services.load_document(doc_db, "P-DOC")
    # I1 realized 89.25 in 2022 (verified): 105 % of the awal target, 93.95 % of the change
    first = scores_against(doc, awal)[0]
    assert first.realization == 89.25
    assert first.achievement == pytest.approx(100 * 89.25 / 85)
    assert first.plan_achievement == pytest.approx(100 * 89.25 / 95)
    assert scores_against(doc, change)[0].achievement == pytest.approx(100 * 89.25 / 95)


def test_every_freeze_is_audited_with_the_account_and_address(doc_db):
    freeze_agreement(doc_db, PLANNER, "P-DOC", "DINAS", 2022, "awal", "2022-01-03")
    freeze_agreement(doc_db, PLANNER, "P-DOC", "DINAS", 2022, "perubahan", "2022-07-15", "x")
    records = services.audit_log(doc_db, "P-DOC", entity="agreement")
    assert [(r["action"], r["key"], r["username"], r["address"]) for r in records] == [
        ("perubahan", "DINAS/2022", "perencana", "10.1.2.3"),
        ("awal", "DINAS/2022", "perencana", "10.1.2.3"),
    ]
    assert records[0]["new"] == {"version": 2, "signed_on": "2022-07-15", "rows": 3}
    assert records[0]["reason"] == "x"


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        ([("perubahan", "2022-07-15", "x")], "has no awal version yet"),
        ([("awal", "2022-01-03", None), ("awal", "2022-01-04", None)], "already has its awal"),
        ([("awal", "2022-01-03", None), ("perubahan", "2022-07-15", " ")], "reason is required"),
        ([("awal", "2022-07-03", None), ("perubahan", "2022-01-15", "x")], "before version 1"),
        ([("awal", "3 Januari", None)], "invalid date"),
        ([("draft", "2022-01-03", None)], 'unknown PK kind "draft"'),
    ],
)
def test_out_of_order_or_incomplete_versions_are_refused_and_nothing_written(doc_db, steps,
                                                                            message):
    *before, last = steps
    for kind, day, reason in before:
        freeze_agreement(doc_db, PLANNER, "P-DOC", "DINAS", 2022, kind, day, reason)
    revision = services.revision(doc_db)
    with pytest.raises(ServiceError, match=message):
        freeze_agreement(doc_db, PLANNER, "P-DOC", "DINAS", 2022, *last)
    assert services.revision(doc_db) == revision
    assert len(agreement_versions(doc_db, VIEWER, "P-DOC", "DINAS", 2022)) == len(before)


def test_an_unknown_unit_and_a_year_outside_the_plan_are_both_named(doc_db):
    with pytest.raises(ServiceError) as error:
        freeze_agreement(doc_db, PLANNER, "P-DOC", "NOPE", 2030, "awal", "2022-01-03")
    assert 'unknown unit "NOPE"' in str(error.value) and "2030" in str(error.value)


@pytest.mark.parametrize("role", ["evaluator", "head", "operator", "employee", "viewer"])
def test_only_who_changes_targets_freezes_a_pk(doc_db, role):
    with pytest.raises(PermissionDenied):
        freeze_agreement(doc_db, User("x", role=role, unit="DINAS"), "P-DOC", "DINAS", 2022,
                         "awal", "2022-01-03")
    assert agreement_versions(doc_db, VIEWER, "P-DOC", "DINAS", 2022) == []


def test_nobody_signed_in_reads_no_version_and_a_missing_one_is_not_found(doc_db):
    with pytest.raises(PermissionDenied):
        agreement_versions(doc_db, None, "P-DOC", "DINAS", 2022)
    with pytest.raises(NotFound):
        agreement_version(doc_db, VIEWER, "P-DOC", "DINAS", 2022, 3)


def test_a_version_is_written_as_word_and_pdf_with_its_title_date_and_reason(doc_db):
    freeze_agreement(doc_db, PLANNER, "P-DOC", "DINAS", 2022, "awal", "2022-01-03")
    freeze_agreement(doc_db, PLANNER, "P-DOC", "DINAS", 2022, "perubahan", "2022-07-15",
                     "refocusing anggaran")
    change = agreement_version(doc_db, VIEWER, "P-DOC", "DINAS", 2022, 2)
    word = Document(io.BytesIO(documents.render_agreement(change, ".docx")))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "PERJANJIAN KINERJA PERUBAHAN TAHUN 2022" in text
    assert "Versi 2 (perubahan), ditandatangani 15 Juli 2022. Alasan perubahan: refocusing " \
           "anggaran" in text
    cells = [c.text for t in word.tables for r in t.rows for c in r.cells]
    assert "Malang, 15 Juli 2022" in cells or any("15 Juli 2022" in c for c in cells)
    pdf = PdfReader(io.BytesIO(documents.render_agreement(change, ".pdf")))
    pdf_text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "PERUBAHAN TAHUN 2022" in pdf_text and "refocusing anggaran" in pdf_text


def test_a_later_target_change_does_not_move_a_frozen_version(doc_db):
    freeze_agreement(doc_db, PLANNER, "P-DOC", "DINAS", 2022, "awal", "2022-01-03")
    services.set_target(doc_db, PLANNER, "P-DOC", "I2", "2022", 4.0, reason="x")
    frozen = agreement_version(doc_db, VIEWER, "P-DOC", "DINAS", 2022, 1)
    assert frozen.rows[1].target == 10.0
