"""The LKE per unit and year in the database: answers, values and grade, findings, trend."""

from __future__ import annotations

import pytest

from ekinerja import lke, services
from ekinerja.services import NotFound, PermissionDenied, ServiceError, User
from ekinerja.services import lke as evaluations
from ekinerja.storage.database import Database

EVALUATOR = User("inspektur", "Inspektur", "evaluator", address="10.4.5.6")
VIEWER = User("tamu", role="viewer")


def answer_all(db: Database, unit: str, year: int, value: str) -> None:
    for criterion in lke.criteria():
        evaluations.record_answer(db, EVALUATOR, "P-DOC", unit, year, criterion, value)


def test_nothing_answered_is_0_and_d(doc_db):
    result = evaluations.evaluation(doc_db, VIEWER, "P-DOC", "DINAS", 2022)
    assert result.answers == {} and (result.result.total, result.result.grade) == (0, "D")


def test_all_a_is_100_and_aa_and_the_document_is_what_the_command_reads(doc_db):
    answer_all(doc_db, "DINAS", 2022, "A")
    result = evaluations.evaluation(doc_db, VIEWER, "P-DOC", "DINAS", 2022)
    assert (result.result.total, result.result.grade) == (100, "AA")
    document = result.document()
    answers, problems = lke.parse(document)
    assert problems == [] and lke.evaluate(answers).total == 100


def test_an_answer_with_note_and_evidence_is_stored_changed_and_audited(doc_db):
    evaluations.record_answer(doc_db, EVALUATOR, "P-DOC", "DINAS", 2022, "1.1.1", "Y",
                              "pedoman ada", "https://jdih.example/pedoman.pdf")
    evaluations.record_answer(doc_db, EVALUATOR, "P-DOC", "DINAS", 2022, "1.1.1", "T",
                              "pedoman belum disahkan", None)
    stored = evaluations.evaluation(doc_db, VIEWER, "P-DOC", "DINAS", 2022).answers["1.1.1"]
    assert (stored.answer, stored.note, stored.evidence, stored.author) == (
        "T", "pedoman belum disahkan", None, "inspektur")
    [last, first] = services.audit_log(doc_db, "P-DOC", entity="lke")
    assert last["key"] == "DINAS/2022/1.1.1" and last["address"] == "10.4.5.6"
    assert last["old"]["answer"] == "Y" and last["new"]["answer"] == "T"
    assert first["old"] is None


def test_exactly_90_is_grade_a(doc_db):
    answer_all(doc_db, "DINAS", 2022, "Y")
    for criterion in ("4.3.1", "4.3.2", "4.3.3", "4.3.4"):
        evaluations.record_answer(doc_db, EVALUATOR, "P-DOC", "DINAS", 2022, criterion, "E")
    result = evaluations.evaluation(doc_db, VIEWER, "P-DOC", "DINAS", 2022).result
    assert (result.total, result.grade) == (90, "A")


def test_clearing_an_answer_counts_it_as_unanswered(doc_db):
    evaluations.record_answer(doc_db, EVALUATOR, "P-DOC", "DINAS", 2022, "1.1.1", "Y")
    evaluations.record_answer(doc_db, EVALUATOR, "P-DOC", "DINAS", 2022, "1.1.1", None)
    result = evaluations.evaluation(doc_db, VIEWER, "P-DOC", "DINAS", 2022)
    assert result.result.total == 0 and result.answers["1.1.1"].answer is None


@pytest.mark.parametrize(
    ("criterion", "answer", "evidence", "message"),
    [("9.9.9", "Y", None, 'unknown criterion "9.9.9"'),
     ("1.1.1", "y", None, 'unknown answer "y"'),
     ("1.1.1", "Y", "file.pdf", "evidence must be a link")],
)
def test_bad_answers_are_refused_and_nothing_written(doc_db, criterion, answer, evidence,
                                                     message):
    before = services.revision(doc_db)
    with pytest.raises(ServiceError, match=message):
        evaluations.record_answer(doc_db, EVALUATOR, "P-DOC", "DINAS", 2022, criterion,
                                  answer, None, evidence)
    assert services.revision(doc_db) == before


def test_an_unknown_unit_and_a_year_outside_the_plan_are_named(doc_db):
    with pytest.raises(ServiceError) as error:
        evaluations.record_answer(doc_db, EVALUATOR, "P-DOC", "NOPE", 2030, "1.1.1", "Y")
    assert 'unknown unit "NOPE"' in str(error.value) and "2030" in str(error.value)


@pytest.mark.parametrize("role", ["planner", "head", "operator", "employee", "viewer"])
def test_only_the_evaluator_and_admins_answer(doc_db, role):
    with pytest.raises(PermissionDenied):
        evaluations.record_answer(doc_db, User("x", role=role, unit="DINAS"), "P-DOC", "DINAS",
                                  2022, "1.1.1", "Y")
    with pytest.raises(PermissionDenied):
        evaluations.add_finding(doc_db, User("x", role=role), "P-DOC", "DINAS", 2022, None,
                                "a", "b")


def test_findings_and_their_follow_up(doc_db):
    found = evaluations.add_finding(doc_db, EVALUATOR, "P-DOC", "DINAS", 2022, "2.2.4",
                                    "Pengukuran triwulan III terlambat",
                                    "Tetapkan jadwal pengumpulan data")
    evaluations.follow_up(doc_db, EVALUATOR, "P-DOC", found, "in_progress", "jadwal disusun")
    [finding] = evaluations.findings(doc_db, VIEWER, "P-DOC", "DINAS", 2022)
    assert (finding.criterion, finding.status, finding.follow_up) == (
        "2.2.4", "in_progress", "jadwal disusun")
    with pytest.raises(ServiceError, match='unknown status "closed"'):
        evaluations.follow_up(doc_db, EVALUATOR, "P-DOC", found, "closed")
    with pytest.raises(NotFound):
        evaluations.follow_up(doc_db, EVALUATOR, "P-DOC", found + 99, "done")
    with pytest.raises(ServiceError, match="recommendation are required"):
        evaluations.add_finding(doc_db, EVALUATOR, "P-DOC", "DINAS", 2022, None, "x", " ")
    actions = [r["action"] for r in services.audit_log(doc_db, "P-DOC", entity="lke_finding")]
    assert actions == ["follow_up", "add"]


def test_the_trend_gives_each_answered_years_total_and_grade(doc_db):
    answer_all(doc_db, "DINAS", 2021, "B")
    answer_all(doc_db, "DINAS", 2022, "A")
    evaluations.record_answer(doc_db, EVALUATOR, "P-DOC", "PEMDA", 2022, "1.1.1", "Y")
    assert evaluations.trend(doc_db, VIEWER, "P-DOC", "DINAS") == [(2021, 75.0, "BB"),
                                                                  (2022, 100.0, "AA")]
    assert evaluations.trend(doc_db, VIEWER, "P-DOC", "PEMDA") == [(2022, 6 / 7, "D")]


def test_nobody_signed_in_reads_nothing(doc_db):
    with pytest.raises(PermissionDenied):
        evaluations.evaluation(doc_db, None, "P-DOC", "DINAS", 2022)
