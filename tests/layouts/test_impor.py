"""Impor's views: changes by list (old → new, removals marked), problems at their places,
both capped with how many more, in the reader's language."""

from __future__ import annotations

from ekinerja.layouts import ids, impor

from ekinerja.model import Problem
from ekinerja.problems import more_problems
from ekinerja.services.importing import Change, ImportReport


def report(changes: list[Change]) -> ImportReport:
    counts: dict[str, dict[str, int]] = {}
    for c in changes:
        counts.setdefault(c.list, {"add": 0, "update": 0, "remove": 0})[c.action] += 1
    return ImportReport("P1", False, True, counts=counts, details=changes,
                        kept=["realizations"])


def test_changes_are_listed_by_list_with_old_and_new_values(components, text) -> None:
    shown = impor.report_view(report([
        Change("indicators", "I1", "update", {"weight": 2.0}, {"weight": 1234.5}),
        Change("realizations", "I2@2023-Q1", "remove",
               {"indicator": "I2", "period": "2023-Q1", "value": 3.0, "status": "verified"},
               None),
    ]), "rencana.xlsx", "id")
    body = text(shown)
    assert "rencana.xlsx: 0 ditambah, 1 diubah, 1 dihapus." in body
    assert "weight: 2 → 1.234,5" in body  # numbers as Indonesian writes them
    assert "Tidak ada di berkas, dibiarkan seperti tersimpan: Realisasi." in body
    removed = [c for c in components(shown) if getattr(c, "className", "") ==
               "import-change import-remove"]
    assert len(removed) == 1 and "value: 3" in text(removed)
    english = text(impor.report_view(report([Change("units", "U", "add", None,
                                                    {"code": "U", "name": "Unit"})]),
                                     "f.json", "en"))
    assert "f.json: 1 added, 0 changed, 0 removed." in english and "Units (units)" in english


def test_a_long_list_of_changes_ends_with_how_many_more(components, text) -> None:
    changes = [Change("targets", f"I1@{n}", "add", None, {"value": n}) for n in range(1500)]
    shown = impor.report_view(report(changes), "f.xlsx", "id")
    items = [c for c in components(shown)
             if str(getattr(c, "className", "")).startswith("import-change import-")]
    assert len(items) == impor.SHOWN_CHANGES
    assert "…dan 1.300 lagi" in text(shown)


def test_problems_are_listed_at_their_places_and_capped(components, text) -> None:
    problems = [Problem(f"targets!B{n}", "periode tidak sah / invalid period")
                for n in range(2, 1002)] + [more_problems(500)]
    shown = impor.problems_view(problems, "f.xlsx", "en")
    body = text(shown)
    assert "f.xlsx has 1,500 problems: it cannot be imported." in body
    assert "targets!B2" in body and "…and 1,300 more" in body
    listed = [c for c in components(shown) if getattr(c, "className", "") == "import-problem"]
    assert len(listed) == impor.SHOWN_PROBLEMS


def test_the_page_names_its_upload_and_offers_nothing_without_a_database(find, text) -> None:
    page = impor.layout("id", limit_mb=5.0, plan_code="P1")
    assert find(page, ids.IMPORT_UPLOAD_LABEL).className == "small upload-label"
    assert find(page, ids.IMPORT_CONFIRM).disabled is True
    assert "Paling besar 5 MB" in text(page)
    read_only = impor.layout("id", database=False)
    assert "impor memerlukan basis data" in text(read_only)
