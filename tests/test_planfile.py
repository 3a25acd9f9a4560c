"""The plan file of an import: the fast checked reader, or the full reader (ekinerja.planfile)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ekinerja import interchange
from ekinerja.data import EXAMPLE_PLAN
from ekinerja.model import InvalidPlan, Realization, Target
from ekinerja.planfile import CheckedDocument, ColumnItems, lists_present, read_plan
from tests.conftest import make_small_plan


def _written(tmp_path: Path, data: dict, name: str = "plan.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_example_plan_is_checked_once_and_reads_as_the_full_reader_reads_it() -> None:
    doc = read_plan(EXAMPLE_PLAN)
    full = interchange.load(EXAMPLE_PLAN)
    assert isinstance(doc, CheckedDocument)
    assert isinstance(doc.targets, ColumnItems) and isinstance(doc.realizations, ColumnItems)
    assert any(t.low is not None for t in full.targets)  # ranged targets are in it
    assert interchange.to_dict(doc) == interchange.to_dict(full)
    assert doc.present == full.present


def test_statuses_and_ranges_come_through_the_columns(tmp_path: Path) -> None:
    plan = make_small_plan()
    plan.realizations[1].status = "submitted"
    path = _written(tmp_path, interchange.to_dict(plan))
    doc = read_plan(path)
    assert isinstance(doc, CheckedDocument)
    assert list(doc.targets) == plan.targets and list(doc.realizations) == plan.realizations
    assert list(doc.realizations.rows()) == [("I1", "2023", 72.0, "verified"),
                                             ("I2", "2023-Q1", 3.0, "submitted")]
    assert list(doc.targets.rows()) == [("I1", "2023", 80.0, None, None),
                                        ("I2", "2023", None, 10.0, 12.0)]


def test_column_items_index_like_a_list() -> None:
    doc = read_plan(EXAMPLE_PLAN)
    full = interchange.load(EXAMPLE_PLAN)
    assert len(doc.targets) == len(full.targets)
    assert doc.targets[0] == full.targets[0] and isinstance(doc.targets[0], Target)
    assert doc.realizations[-1] == full.realizations[-1]
    assert isinstance(doc.realizations[-1], Realization)
    assert doc.targets[3:6] == full.targets[3:6]
    with pytest.raises(IndexError):
        doc.targets[len(full.targets)]


def test_a_list_absent_or_null_is_not_present(tmp_path: Path) -> None:
    data = interchange.to_dict(make_small_plan())
    del data["realizations"]
    data["targets"] = None
    present = lists_present(json.dumps(data).encode())
    assert present is not None
    assert "realizations" not in present and "targets" not in present
    assert {"objectives", "indicators", "links", "units"} <= present
    doc = read_plan(_written(tmp_path, data))
    assert isinstance(doc, CheckedDocument) and doc.present == present
    assert not doc.holds("realizations") and doc.holds("links")
    assert lists_present(b"[1, 2]") is None


def test_a_plan_with_a_problem_is_left_to_the_full_reader_that_places_it(
    tmp_path: Path,
) -> None:
    data = interchange.to_dict(make_small_plan())
    data["indicators"][0]["objective"] = "S9"
    with pytest.raises(InvalidPlan) as raised:
        read_plan(_written(tmp_path, data))
    assert any("indicators[0].objective" in str(p) for p in raised.value.problems)


def test_a_workbook_is_read_by_the_full_reader(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    interchange.save(make_small_plan(), path)
    doc = read_plan(path)
    assert not isinstance(doc, CheckedDocument)
    assert doc.objectives == make_small_plan().objectives


def test_the_lists_are_decoded_again_for_their_rows_and_not_kept() -> None:
    from ekinerja.planfile import ReadAgain
    from ekinerja.storage import repository

    doc = read_plan(EXAMPLE_PLAN)
    full = interchange.load(EXAMPLE_PLAN)
    for entity in repository.ENTITIES:
        items = repository.items_of(doc, entity)
        if not isinstance(items, ReadAgain):
            continue
        expected = list(map(repository.values_of_getter(entity), repository.items_of(full, entity)))
        assert list(repository.rows_of(entity, items)) == expected
        assert not items.built  # the rows came from a decoding of their own, not kept
        assert len(items) == len(expected)
        assert list(map(repository.values_of_getter(entity), items)) == expected
        assert items.built and list(repository.rows_of(entity, items)) == expected
    assert isinstance(doc.objectives, ReadAgain) and isinstance(doc.indicators, ReadAgain)
