"""Tests of the `ekinerja/1` interchange format: parsing, places of problems, round-trips."""

from __future__ import annotations

import copy
import json
import math
import re
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ekinerja import interchange, model
from ekinerja.model import InvalidPlan
from ekinerja.periods import plan_periods

NIP_A = "198701012015031001"
NIP_B = "199002022019032002"


def minimal() -> dict[str, Any]:
    """The smallest valid document: a plan, one vision objective, one indicator."""
    return {
        "format": "ekinerja/1",
        "plan": {"code": "RPJMD", "name": "RPJMD NTB", "start_year": 2019, "end_year": 2023},
        "objectives": [{"code": "V", "name": "NTB Gemilang", "level": "vision"}],
        "indicators": [{"code": "IKU-1", "objective": "V", "name": "IPM"}],
    }


def full() -> dict[str, Any]:
    """A document that uses every list, every optional field and both target forms."""
    return {
        "format": "ekinerja/1",
        "plan": {
            "code": "RPJMD-2019",
            "name": "RPJMD Nusa Tenggara Barat 2019–2023",
            "start_year": 2019,
            "end_year": 2023,
            "settings": {
                "cap": 110.5,
                "floor": 0,
                "missing": "zero",
                "negative_method": "ratio",
                "bands": [[90, "Baik"], [0.1, "Kurang"]],
                "count": "verified",
                "skp": {"above_from": 105, "as_expected_from": 85.5},
            },
        },
        "units": [
            {"code": "PEMDA", "name": "Pemprov NTB", "parent": None, "kind": "pemda"},
            {"code": "BAPPEDA", "name": "Bappeda", "parent": "PEMDA"},
        ],
        "employees": [
            {"nip": NIP_A, "name": "Ahmad", "unit": "BAPPEDA", "position": "Kepala"},
            {"nip": NIP_B, "name": "Baiq", "unit": "BAPPEDA", "supervisor": NIP_A},
        ],
        "objectives": [
            {"code": "V", "name": "NTB Gemilang", "level": "vision", "unit": "PEMDA"},
            {"code": "M1", "name": "Misi 1", "level": "mission", "perspective": "stakeholder"},
            {"code": "SS-1", "name": "Sasaran", "level": "agency_objective", "owner": NIP_A},
            {
                "code": "RHK-1",
                "name": "RHK Baiq",
                "level": "individual",
                "owner": NIP_B,
                "rhk_kind": "additional",
            },
        ],
        "indicators": [
            {"code": "IKU-1", "objective": "M1", "name": "IPM", "measure_unit": "indeks"},
            {
                "code": "IKU-2",
                "objective": "SS-1",
                "name": "Kemiskinan",
                "measure_unit": "",
                "weight": 2.5,
                "polarity": "negative",
                "aggregation": "average",
                "negative_method": "inverse_difference",
                "cap": 150,
            },
            {"code": "IK-3", "objective": "RHK-1", "name": "Dokumen", "polarity": "range"},
        ],
        "links": [
            {"parent": "V", "child": "M1", "weight": 40},
            {"parent": "M1", "child": "SS-1"},
            {"parent": "SS-1", "child": "RHK-1", "weight": 0.1},
        ],
        "causal_links": [{"cause": "SS-1", "effect": "M1"}],
        "targets": [
            {"indicator": "IKU-1", "period": "2020", "value": 68.5},
            {"indicator": "IKU-2", "period": "2020-Q1", "value": 14.0},
            {"indicator": "IK-3", "period": "2021-03", "low": 80, "high": 90},
        ],
        "realizations": [
            {"indicator": "IKU-1", "period": "2020", "value": 69.1},
            {"indicator": "IKU-2", "period": "2020-01", "value": 0.1 + 0.2, "status": "submitted"},
        ],
        "unit_predikat": [
            {"unit": "BAPPEDA", "period": "2020", "predikat": "baik"},
            {"unit": "PEMDA", "period": "2020-Q2", "predikat": "istimewa"},
        ],
        "skp_ratings": [
            {"employee": NIP_B, "period": "2020", "work": "above", "behaviour": "as_expected"},
            {"employee": NIP_A, "period": "2020", "work": None, "behaviour": "below"},
        ],
    }


def problems_of(data: object) -> list[str]:
    """Every problem parse() reports, as `place: message` strings."""
    with pytest.raises(InvalidPlan) as caught:
        interchange.parse(data)
    return [str(p) for p in caught.value.problems]


def places_of(data: object) -> list[str]:
    """The places of every problem parse() reports."""
    with pytest.raises(InvalidPlan) as caught:
        interchange.parse(data)
    return [p.place for p in caught.value.problems]


def canonical_text(data: dict[str, Any]) -> str:
    """JSON text that tells 1 from 1.0, so a round-trip must keep numeric types too."""
    return json.dumps(data, ensure_ascii=False, allow_nan=False)


# ---------------------------------------------------------------------------- defaults


def test_minimal_document_gets_the_documented_defaults() -> None:
    data = interchange.to_dict(interchange.parse(minimal()))
    assert data["plan"]["settings"] == {
        "cap": 120.0,
        "floor": 0.0,
        "missing": "skip",
        "negative_method": "inverse_difference",
        "bands": [
            [91.0, "Sangat Tinggi"],
            [76.0, "Tinggi"],
            [66.0, "Sedang"],
            [51.0, "Rendah"],
            [0.0, "Sangat Rendah"],
        ],
        "count": "submitted",
        "skp": {"above_from": 110.0, "as_expected_from": 90.0},
    }
    assert data["objectives"][0] == {
        "code": "V",
        "name": "NTB Gemilang",
        "level": "vision",
        "perspective": None,
        "unit": None,
        "owner": None,
    }
    assert data["indicators"][0] == {
        "code": "IKU-1",
        "objective": "V",
        "name": "IPM",
        "measure_unit": "",
        "weight": 1.0,
        "polarity": "positive",
        "aggregation": "latest",
        "negative_method": None,
        "cap": None,
    }
    for name in ("units", "employees", "links", "causal_links", "targets", "realizations",
                 "unit_predikat", "skp_ratings"):
        assert data[name] == []


def test_each_setting_defaults_on_its_own() -> None:
    data = minimal()
    data["plan"]["settings"] = {"cap": 150}
    settings_ = interchange.parse(data).plan.settings
    assert (settings_.cap, settings_.floor, settings_.missing) == (150.0, 0.0, "skip")


def test_unit_employee_and_link_defaults() -> None:
    data = minimal()
    data["units"] = [{"code": "U", "name": "Dinas"}]
    data["employees"] = [{"nip": NIP_A, "name": "Ahmad", "unit": "U"}]
    data["objectives"].append({"code": "M", "name": "Misi", "level": "mission"})
    data["links"] = [{"parent": "V", "child": "M"}]
    out = interchange.to_dict(interchange.parse(data))
    assert out["units"] == [{"code": "U", "name": "Dinas", "parent": None, "kind": "agency"}]
    assert out["employees"][0]["position"] == ""
    assert out["employees"][0]["supervisor"] is None
    assert out["links"] == [{"parent": "V", "child": "M", "weight": 1.0}]


def test_skp_fields_get_their_documented_defaults() -> None:
    data = minimal()
    data["objectives"].append({"code": "R", "name": "RHK", "level": "individual"})
    data["indicators"].append({"code": "I-R", "objective": "R", "name": "i"})
    data["realizations"] = [{"indicator": "IKU-1", "period": "2020", "value": 1}]
    doc = interchange.parse(data)
    assert doc.rhk_kind("R") == "main"
    assert doc.realizations[0].status == "verified"
    assert (doc.plan.settings.count, doc.plan.settings.skp.above_from) == ("submitted", 110.0)
    assert doc.plan.settings.skp.as_expected_from == 90.0
    out = interchange.to_dict(doc)
    assert out["objectives"][1]["rhk_kind"] == "main"
    assert "rhk_kind" not in out["objectives"][0]  # only an RHK has a kind
    assert out["realizations"] == [{"indicator": "IKU-1", "period": "2020", "value": 1.0}]


def test_a_realization_status_other_than_verified_is_written_out() -> None:
    out = interchange.to_dict(interchange.parse(full()))
    assert out["realizations"][1]["status"] == "submitted"
    assert "status" not in out["realizations"][0]


def test_skp_lists_are_read_with_null_work_as_no_rating() -> None:
    doc = interchange.parse(full())
    assert doc.rhk_kinds == {"RHK-1": "additional"}
    assert [(r.employee, r.work, r.behaviour) for r in doc.skp_ratings] == [
        (NIP_B, "above", "as_expected"),
        (NIP_A, None, "below"),
    ]
    first = doc.unit_predikat[0]
    assert (first.unit, first.period, first.predikat) == ("BAPPEDA", "2020", "baik")


def test_an_absent_work_rating_is_the_same_as_null() -> None:
    data = full()
    del data["skp_ratings"][1]["work"]
    assert interchange.parse(data).skp_ratings[1].work is None


def test_main_rhk_kind_is_allowed_on_any_level() -> None:
    data = full()
    data["objectives"][0]["rhk_kind"] = "main"
    assert interchange.to_dict(interchange.parse(data))["objectives"][0].get("rhk_kind") is None


def test_null_in_an_optional_field_means_its_default() -> None:
    data = minimal()
    data["indicators"][0]["weight"] = None
    assert interchange.parse(data).indicators[0].weight == 1.0


def test_to_dict_writes_the_format_and_keeps_list_order() -> None:
    data = full()
    out = interchange.to_dict(interchange.parse(data))
    assert out["format"] == "ekinerja/1"
    assert [o["code"] for o in out["objectives"]] == ["V", "M1", "SS-1", "RHK-1"]
    assert out["targets"][2] == {
        "indicator": "IK-3",
        "period": "2021-03",
        "low": 80.0,
        "high": 90.0,
    }
    assert out["targets"][0] == {"indicator": "IKU-1", "period": "2020", "value": 68.5}


# ---------------------------------------------------------------------------- errors and places


def _set(path: tuple[Any, ...], value: Any) -> Any:
    def mutate(data: dict[str, Any]) -> None:
        target: Any = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return mutate


def _delete(path: tuple[Any, ...]) -> Any:
    def mutate(data: dict[str, Any]) -> None:
        target: Any = data
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return mutate


DELETE = object()  # the value of an error case that deletes the field


def _error_case(name: str, path: str, value: Any, fragment: str,
                place: str | None = None) -> tuple[str, Any, str, str]:
    """(name, mutate, place, fragment) of a row of _ERROR_ROWS: `path` in the notation of a
    problem's place ("plan.settings.bands[0][1]"), set to `value` or deleted; the problem is
    reported at `place` (default: `path`)."""
    keys = tuple(int(k) if k.isdigit() else k for k in re.findall(r"[^.\[\]]+", path))
    mutate = _delete(keys) if value is DELETE else _set(keys, value)
    return name, mutate, path if place is None else place, fragment


#: One change that makes full() invalid: (name, path, value or DELETE, fragment of the problem
#: [, its place when not the path]).
_ERROR_ROWS: list[tuple[Any, ...]] = [
    ("unknown top-level key", "colour", 1, 'unknown field "colour"'),
    ("wrong format", "format", "ekinerja/2", "must be"),
    ("missing format", "format", DELETE, "required"),
    ("missing plan", "plan", DELETE, "required"),
    ("unknown plan key", "plan.year", 1, "unknown field"),
    ("missing plan name", "plan.name", DELETE, "required"),
    ("unknown setting", "plan.settings.kap", 1, "unknown"),
    ("cap as text", "plan.settings.cap", "120", "number"),
    ("cap as bool", "plan.settings.cap", True, "number"),
    ("floor as NaN", "plan.settings.floor", math.nan, "finite"),
    ("bad missing", "plan.settings.missing", "drop", "skip"),
    ("null plan negative method", "plan.settings.negative_method", "inverse", "ratio"),
    ("bands not a list", "plan.settings.bands", {}, "pairs"),
    ("band not a pair", "plan.settings.bands[1]", [0], "pair"),
    ("band label a number", "plan.settings.bands[0][1]", 5, "text"),
    ("year as float", "plan.start_year", 2019.0, "integer"),
    ("year as text", "plan.end_year", "2023", "integer"),
    ("years reversed", "plan.start_year", 2024, "before start_year", "plan.end_year"),
    ("missing objectives", "objectives", DELETE, "required"),
    ("units not a list", "units", {}, "must be a list"),
    ("item not an object", "links[0]", ["V", "M1"], "object"),
    ("missing level", "objectives[1].level", DELETE, "required"),
    ("unknown item field", "objectives[0].colour", "red", "unknown"),
    ("bad level", "objectives[1].level", "misi", "vision"),
    ("bad perspective", "objectives[1].perspective", "money", "financial"),
    ("bad unit kind", "units[0].kind", "dinas", "agency"),
    ("bad polarity", "indicators[0].polarity", "up", "range"),
    ("bad aggregation", "indicators[0].aggregation", "max", "sum"),
    ("bad negative method", "indicators[0].negative_method", "inverse", "ratio"),
    ("cap as text on indicator", "indicators[1].cap", "150", "number"),
    ("short NIP", "employees[0].nip", NIP_A[:17], "18 digits"),
    ("NIP as a number", "employees[0].nip", int(NIP_A), "text"),
    ("empty name", "objectives[0].name", "", "empty"),
    ("control character", "units[0].name", "a\x00b", "U+0000"),
    ("code as number", "objectives[1].code", 1, "text"),
    ("duplicate unit code", "units[1].code", "PEMDA", "duplicate"),
    ("duplicate NIP", "employees[1].nip", NIP_A, "duplicate"),
    ("indicator code shared with an objective", "indicators[0].code", "M1",
     'duplicate code "M1" (also at objectives[1].code)'),
    ("unknown owner", "objectives[2].owner", NIP_A[::-1],
     f'NIP tidak dikenal / unknown employee "{NIP_A[::-1]}"'),
    ("unknown objective unit", "objectives[0].unit", "X", "unknown unit"),
    ("unknown parent unit", "units[1].parent", "X", "unknown unit"),
    ("unknown employee unit", "employees[0].unit", "X", "unknown unit"),
    ("unknown supervisor", "employees[1].supervisor", "199912312020121001", "unknown employee"),
    ("unknown indicator objective", "indicators[0].objective", "SS-9", 'unknown objective "SS-9"'),
    ("indicator under an indicator", "indicators[0].objective", "IKU-2", "not indicator"),
    ("link to an indicator", "links[0].child", "IKU-1", "not indicator"),
    ("unknown link parent", "links[1].parent", "SS-9", "unknown objective"),
    ("unknown causal effect", "causal_links[0].effect", "X", "unknown objective"),
    ("duplicate link", "links[2]", {"parent": "V", "child": "M1"}, "duplicate link"),
    ("unknown target indicator", "targets[0].indicator", "IKU-9", 'unknown indicator "IKU-9"'),
    ("realization on an objective", "realizations[0].indicator", "M1", "unknown indicator"),
    ("malformed period", "targets[0].period", "2020-Q5", "invalid period"),
    ("period outside the plan", "realizations[0].period", "2024-Q1", "outside the plan"),
    ("both target forms", "targets[0].low", 1, "not both", "targets[0]"),
    ("half a range", "targets[2].high", DELETE, "half a range", "targets[2]"),
    ("empty target", "targets[0].value", DELETE, "needs value", "targets[0]"),
    ("duplicate target", "targets[1]", {"indicator": "IKU-1", "period": "2020", "value": 1},
     "duplicate target"),
    ("duplicate realization", "realizations[1]",
     {"indicator": "IKU-1", "period": "2020", "value": 1}, "duplicate realization"),
    ("missing realization value", "realizations[0].value", DELETE, "required"),
    ("negative indicator weight", "indicators[0].weight", -1, ">= 0"),
    ("negative link weight", "links[0].weight", -0.5, ">= 0"),
    ("weight as text", "links[0].weight", "1", "number"),
    ("infinite value", "targets[0].value", math.inf, "finite"),
    ("bad count", "plan.settings.count", "all", "verified"),
    ("skp not an object", "plan.settings.skp", 110, "object"),
    ("unknown skp setting", "plan.settings.skp.below_from", 1, "unknown setting"),
    ("skp threshold as text", "plan.settings.skp.above_from", "110", "number"),
    ("bad rhk_kind", "objectives[3].rhk_kind", "extra", "main"),
    ("additional rhk_kind on a mission", "objectives[1].rhk_kind", "additional",
     "only on an objective of level individual"),
    ("bad status", "realizations[0].status", "ok", "rejected"),
    ("unknown predikat unit", "unit_predikat[0].unit", "X",
     'unit tidak dikenal / unknown unit "X"'),
    ("employee predikat as a unit predikat", "unit_predikat[0].predikat", "sangat_baik",
     "istimewa"),
    ("missing unit predikat", "unit_predikat[1].predikat", DELETE, "required"),
    ("duplicate unit predikat", "unit_predikat[1]",
     {"unit": "BAPPEDA", "period": "2020", "predikat": "kurang"}, "duplicate unit predikat"),
    ("predikat period outside the plan", "unit_predikat[0].period", "2018", "outside the plan"),
    ("unknown rated employee", "skp_ratings[0].employee", "199912312020121001", "unknown employee"),
    ("bad work rating", "skp_ratings[0].work", "good", "below"),
    ("missing behaviour rating", "skp_ratings[0].behaviour", DELETE, "required"),
    ("duplicate SKP rating", "skp_ratings[1].employee", NIP_B, "duplicate SKP rating",
     "skp_ratings[1]"),
    ("malformed rating period", "skp_ratings[0].period", "2020-Q0", "invalid period"),
    ("huge integer", "targets[0].value", 10**400, "finite"),
]
ERROR_CASES = [_error_case(*row) for row in _ERROR_ROWS]


@pytest.mark.parametrize(
    ("mutate", "place", "fragment"),
    [case[1:] for case in ERROR_CASES],
    ids=[case[0] for case in ERROR_CASES],
)
def test_each_kind_of_error_is_reported_at_its_place(
    mutate: Any, place: str, fragment: str
) -> None:
    data = full()
    mutate(data)
    problems = problems_of(data)
    assert [p for p in problems if p.startswith(f"{place}: ") and fragment in p], problems


def test_a_document_that_is_not_an_object_is_reported_at_the_root() -> None:
    assert places_of([1, 2]) == ["$"]


def test_every_problem_is_reported_at_once() -> None:
    data = full()
    data["objectives"][1]["level"] = "misi"
    data["indicators"][0]["weight"] = -1
    data["links"][0]["child"] = "NOPE"
    data["plan"]["settings"]["cap"] = "x"
    assert sorted(places_of(data)) == sorted(
        ["objectives[1].level", "indicators[0].weight", "links[0].child", "plan.settings.cap"]
    )


def test_problems_are_errors_with_bilingual_messages() -> None:
    data = full()
    data["objectives"][2]["owner"] = "123"
    with pytest.raises(InvalidPlan) as caught:
        interchange.parse(data)
    (problem,) = caught.value.problems
    assert problem.severity == "error"
    assert problem.message == 'NIP tidak dikenal / unknown employee "123"'


# ---------------------------------------------------------------------------- JSON files


def test_json_round_trip_of_a_full_document_is_identity() -> None:
    once = interchange.to_dict(interchange.parse(full()))
    twice = interchange.to_dict(interchange.parse(json.loads(json.dumps(once))))
    assert canonical_text(twice) == canonical_text(once)


def test_write_json_is_utf8_indented_and_reads_back(tmp_path: Path) -> None:
    doc = interchange.parse(full())
    path = tmp_path / "plan.json"
    interchange.write_json(doc, path)
    raw = path.read_bytes().decode("utf-8")
    assert "2019–2023" in raw  # not escaped as \u2013
    assert raw.startswith('{\n  "format": "ekinerja/1",')
    assert interchange.to_dict(interchange.read_json(path)) == interchange.to_dict(doc)


def test_malformed_json_is_reported_with_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{\n  "format": "ekinerja/1",\n  "plan": {,}\n}\n', encoding="utf-8")
    with pytest.raises(InvalidPlan) as caught:
        interchange.load(path)
    (problem,) = caught.value.problems
    assert problem.place == f"{path}:3:12"
    assert "JSON tidak sah / invalid JSON" in problem.message


def test_json_that_is_not_utf8_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "latin.json"
    path.write_bytes('{"name": "Pemda Bima ©"}'.encode("latin-1"))
    with pytest.raises(InvalidPlan, match="not UTF-8"):
        interchange.read_json(path)


def test_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(InvalidPlan, match="file not found"):
        interchange.load(tmp_path / "absent.json")


@pytest.mark.parametrize("name", ["plan.csv", "plan"])
def test_unsupported_extension_is_refused_both_ways(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(InvalidPlan, match="unsupported file type"):
        interchange.load(path)
    with pytest.raises(InvalidPlan, match="unsupported file type"):
        interchange.save(interchange.parse(minimal()), tmp_path / "out.csv")


@pytest.mark.parametrize("suffix", [".json", ".xlsx"])
def test_saving_an_invalid_document_writes_nothing(tmp_path: Path, suffix: str) -> None:
    doc = interchange.parse(full())
    doc.links[0].child = "SS-9"
    path = tmp_path / f"plan{suffix}"
    path.write_text("previous", encoding="utf-8")
    with pytest.raises(InvalidPlan, match=r"links\[0\]\.child"):
        interchange.save(doc, path)
    assert path.read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"plan{suffix}"]


@pytest.mark.parametrize("suffix", [".json", ".xlsx"])
def test_saving_replaces_the_file_and_leaves_no_temporary_file(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"plan{suffix}"
    path.write_text("previous", encoding="utf-8")
    interchange.save(interchange.parse(full()), path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"plan{suffix}"]
    assert interchange.load(path).plan.code == "RPJMD-2019"


# ---------------------------------------------------------------------------- workbook


def _workbook(tmp_path: Path, data: dict[str, Any] | None = None) -> Path:
    path = tmp_path / "plan.xlsx"
    interchange.write_workbook(interchange.parse(data or full()), path)
    return path


def _edit(path: Path, edit: Any) -> None:
    book = openpyxl.load_workbook(path)
    edit(book)
    book.save(path)


def _workbook_places(path: Path) -> list[str]:
    with pytest.raises(InvalidPlan) as caught:
        interchange.read_workbook(path)
    return [str(p) for p in caught.value.problems]


def test_workbook_round_trip_of_a_full_document_is_identity(tmp_path: Path) -> None:
    doc = interchange.parse(full())
    path = _workbook(tmp_path)
    back = interchange.read_workbook(path)
    assert canonical_text(interchange.to_dict(back)) == canonical_text(interchange.to_dict(doc))


def test_workbook_has_a_sheet_per_list_with_field_names_as_header(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(_workbook(tmp_path))
    assert book.sheetnames == ["plan", *interchange.LISTS]
    header = [c.value for c in book["indicators"][1]]
    assert header == [
        "code", "objective", "name", "measure_unit", "weight", "polarity", "aggregation",
        "negative_method", "cap",
    ]  # fmt: skip
    assert [c.value for c in book["targets"][1]] == ["indicator", "period", "value", "low", "high"]


def test_workbook_plan_sheet_holds_key_value_rows(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(_workbook(tmp_path))
    rows = {row[0]: row[1] for row in book["plan"].iter_rows(min_row=2, values_only=True)}
    assert rows["format"] == "ekinerja/1"
    assert rows["start_year"] == 2019
    assert rows["settings.cap"] == 110.5
    assert json.loads(rows["settings.bands"]) == [[90.0, "Baik"], [0.1, "Kurang"]]


def test_workbook_plan_sheet_holds_count_and_skp_thresholds_as_rows(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(_workbook(tmp_path))
    rows = {row[0]: row[1] for row in book["plan"].iter_rows(min_row=2, values_only=True)}
    assert rows["settings.count"] == "verified"
    assert rows["settings.skp.above_from"] == 105
    assert rows["settings.skp.as_expected_from"] == 85.5
    assert "settings.skp" not in rows


def test_workbook_has_skp_sheets_and_columns(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(_workbook(tmp_path))
    assert [c.value for c in book["unit_predikat"][1]] == ["unit", "period", "predikat"]
    assert [c.value for c in book["skp_ratings"][1]] == ["employee", "period", "work", "behaviour"]
    assert [c.value for c in book["realizations"][1]][-1] == "status"
    assert [c.value for c in book["objectives"][1]][-1] == "rhk_kind"


def _skp_threshold_in_words(book: Any) -> None:
    for row in book["plan"].iter_rows(min_row=2):
        if row[0].value == "settings.skp.as_expected_from":
            row[1].value = "sembilan puluh"


def _blank_row_above_a_bad_target(book: Any) -> None:
    book["targets"].insert_rows(3)
    book["targets"]["A5"] = "IKU-9"


#: An edit of the workbook of full() and the problems it gives, each the exact text or (how it
#: starts, a fragment it holds): (name, edit, problems).
WORKBOOK_ERRORS: list[tuple[str, Any, list[Any]]] = [
    ("skp threshold error at its value cell", _skp_threshold_in_words,
     [("plan!B14: ", "number")]),
    ("rating error at its cell",
     lambda book: book["skp_ratings"].cell(row=3, column=4, value="baik"),
     [("skp_ratings!D3: ", "")]),
    ("cell error at its cell", lambda book: book["objectives"].__setitem__("C3", "misi"),
     [("objectives!C3: ", "")]),
    ("unknown reference at its cell",
     lambda book: book["objectives"].__setitem__("F4", "199912312020121001"),
     ['objectives!F4: NIP tidak dikenal / unknown employee "199912312020121001"']),
    ("unknown column at its header", lambda book: book["objectives"].__setitem__("G1", "colour"),
     [("objectives!G1:", "")]),
    ("unknown sheet", lambda book: book.create_sheet("catatan"),
     ['catatan: lembar tidak dikenal / unknown sheet "catatan"']),
    ("missing required column once", lambda book: book["objectives"].delete_cols(3),
     ['objectives!1:1: kolom wajib "level" tidak ada / required field "level" missing']),
    ("unknown plan key at its key cell", lambda book: book["plan"].append(["settings.kap", 1]),
     [("plan!A15:", "")]),
    ("plan value error at its value cell", lambda book: book["plan"].__setitem__("B7", "banyak"),
     [("plan!B7: ", "number")]),
    ("bands error inside its cell",
     lambda book: book["plan"].__setitem__("B11", '[[90, "Baik"], [0, 5]]'),
     [("plan!B11[1][1]: ", "")]),
    ("bands that are not JSON", lambda book: book["plan"].__setitem__("B11", "90 Baik"),
     [("plan!B11: JSON tidak sah / invalid JSON", "")]),
    ("blank rows skipped, places right", _blank_row_above_a_bad_target,
     ['targets!A5: indikator tidak dikenal / unknown indicator "IKU-9"']),
    ("duplicate row at its row",
     lambda book: book["realizations"].append(["IKU-1", "2020", 70]),
     [('realizations!4:4: realisasi ganda "IKU-1", "2020" (juga di', "")]),
]


@pytest.mark.parametrize(("edit", "expected"), [case[1:] for case in WORKBOOK_ERRORS],
                         ids=[case[0] for case in WORKBOOK_ERRORS])
def test_workbook_problem_is_reported_at_its_cell(tmp_path: Path, edit: Any,
                                                  expected: list[Any]) -> None:
    path = _workbook(tmp_path)
    _edit(path, edit)
    problems = _workbook_places(path)
    assert len(problems) == len(expected), problems
    for problem, wanted in zip(problems, expected, strict=True):
        if isinstance(wanted, str):
            assert problem == wanted
        else:
            assert problem.startswith(wanted[0]) and wanted[1] in problem, problem


def test_workbook_keeps_null_apart_from_empty_text(tmp_path: Path) -> None:
    back = interchange.read_workbook(_workbook(tmp_path))
    assert back.indicators[1].measure_unit == ""
    assert back.objectives[1].unit is None
    assert back.indicators[0].negative_method is None


def test_workbook_keeps_texts_that_look_like_formulas_numbers_or_errors(tmp_path: Path) -> None:
    data = full()
    names = ["=SUM(A1:A3)", "#N/A", "007", " spasi ", "baris\r\nbaru"]
    for objective, name in zip(data["objectives"], names, strict=False):
        objective["name"] = name
    data["indicators"][0]["measure_unit"] = "2023"
    back = interchange.read_workbook(_workbook(tmp_path, data))
    assert [o.name for o in back.objectives] == names[:4]
    assert back.indicators[0].measure_unit == "2023"


def test_workbook_keeps_floats_exactly(tmp_path: Path) -> None:
    data = full()
    values = [0.1 + 0.2, 1e-300, 123456789.12345679, 2.0**60]
    for realization, value in zip(data["realizations"], values, strict=False):
        realization["value"] = value
    data["links"][0]["weight"] = values[2]
    data["plan"]["settings"]["cap"] = values[0]
    back = interchange.read_workbook(_workbook(tmp_path, data))
    assert [r.value for r in back.realizations] == values[:2]
    assert back.links[0].weight == values[2]
    assert back.plan.settings.cap == values[0]


def test_workbook_accepts_codes_and_periods_typed_as_numbers(tmp_path: Path) -> None:
    path = _workbook(tmp_path)

    def edit(book: Any) -> None:
        book["realizations"]["B2"] = 2020
        book["realizations"]["C2"] = 70

    _edit(path, edit)
    back = interchange.read_workbook(path)
    assert (back.realizations[0].period, back.realizations[0].value) == ("2020", 70.0)


def test_a_text_file_named_xlsx_is_reported_not_crashed(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_text("code,name\nV,Visi\n", encoding="utf-8")
    with pytest.raises(InvalidPlan, match=r"not an \.xlsx file"):
        interchange.load(path)


def test_a_zip_that_is_not_a_workbook_is_reported_not_crashed(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "bukan workbook")
    with pytest.raises(InvalidPlan, match=r"not a valid \.xlsx file"):
        interchange.load(path)


# ---------------------------------------------------------------------------- hypothesis

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_arbitrary_json_values_give_invalid_plan_never_a_crash(value: object) -> None:
    with pytest.raises(InvalidPlan):
        interchange.parse(value)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*prefix, index))
    return found


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_a_valid_document_with_any_value_swapped_in_never_crashes(data: st.DataObject) -> None:
    document = full()
    path = data.draw(st.sampled_from(_paths(document)))
    _set(path, data.draw(json_values))(document)
    try:
        interchange.parse(document)
    except InvalidPlan as exc:
        assert exc.problems
        assert all(p.place for p in exc.problems)


# text the rules of ekinerja.textrules accept in single-line fields: no control character
# (category Cc), surrogate, non-character (in Cn), line or paragraph separator, bidi control
SAFE_TEXT = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cc", "Cs", "Cn"),
        blacklist_characters="\u2028\u2029" + "".join(map(chr, [*range(0x202A, 0x202F),
                                                              *range(0x2066, 0x206A)])),
    ),
    max_size=8,
)
NAMES = SAFE_TEXT.filter(bool)
CODES = NAMES.filter(lambda text: text == text.strip())
NUMBERS = st.floats(allow_nan=False, allow_infinity=False) | st.integers(-(10**12), 10**12)
WEIGHTS = st.floats(min_value=0, allow_nan=False, allow_infinity=False) | st.integers(0, 10**6)


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


@st.composite
def valid_documents(draw: st.DrawFn) -> dict[str, Any]:
    """Random valid `ekinerja/1` documents, using every list and optional field."""
    start = draw(st.integers(2000, 2030))
    end = draw(st.integers(start, start + 3))
    periods = [str(p) for p in plan_periods(start, end)]
    unit_codes = draw(st.lists(CODES, unique=True, max_size=3))
    nips = draw(st.lists(st.from_regex(r"[0-9]{18}", fullmatch=True), unique=True, max_size=3))
    if not unit_codes:
        nips = []
    codes = draw(st.lists(CODES, unique=True, min_size=2, max_size=8))
    split = draw(st.integers(1, len(codes) - 1))
    objective_codes, indicator_codes = codes[:split], codes[split:]
    units = [
        {
            "code": code,
            "name": draw(NAMES),
            "parent": draw(_maybe(st.sampled_from(unit_codes))),
            "kind": draw(st.sampled_from(model.UNIT_KINDS)),
        }
        for code in unit_codes
    ]
    employees = [
        {
            "nip": nip,
            "name": draw(NAMES),
            "unit": draw(st.sampled_from(unit_codes)),
            "position": draw(SAFE_TEXT),
            "supervisor": draw(_maybe(st.sampled_from(nips))),
        }
        for nip in nips
    ]
    objectives = [
        {
            "code": code,
            "name": draw(NAMES),
            "level": draw(st.sampled_from(model.LEVELS)),
            "perspective": draw(_maybe(st.sampled_from(model.PERSPECTIVES))),
            "unit": draw(_maybe(st.sampled_from(unit_codes))) if unit_codes else None,
            "owner": draw(_maybe(st.sampled_from(nips))) if nips else None,
        }
        for code in objective_codes
    ]
    for objective in objectives:
        if objective["level"] == "individual":
            objective["rhk_kind"] = draw(_maybe(st.sampled_from(model.RHK_KINDS)))
    indicators = [
        {
            "code": code,
            "objective": draw(st.sampled_from(objective_codes)),
            "name": draw(NAMES),
            "measure_unit": draw(SAFE_TEXT),
            "weight": draw(WEIGHTS),
            "polarity": draw(st.sampled_from(model.POLARITIES)),
            "aggregation": draw(st.sampled_from(model.AGGREGATIONS)),
            "negative_method": draw(_maybe(st.sampled_from(model.NEGATIVE_METHODS))),
            "cap": draw(_maybe(NUMBERS)),
        }
        for code in indicator_codes
    ]
    pairs = draw(
        st.lists(st.tuples(*[st.sampled_from(objective_codes)] * 2), unique=True, max_size=4)
    )
    links = [{"parent": p, "child": c, "weight": draw(WEIGHTS)} for p, c in pairs]
    causal = draw(
        st.lists(st.tuples(*[st.sampled_from(objective_codes)] * 2), unique=True, max_size=3)
    )
    slots = st.tuples(st.sampled_from(indicator_codes), st.sampled_from(periods))
    targets = []
    for indicator, period in draw(st.lists(slots, unique=True, max_size=5)):
        if draw(st.booleans()):
            targets.append({"indicator": indicator, "period": period, "value": draw(NUMBERS)})
        else:
            low, high = draw(NUMBERS), draw(NUMBERS)
            targets.append({"indicator": indicator, "period": period, "low": low, "high": high})
    realizations = [
        {
            "indicator": indicator,
            "period": period,
            "value": draw(NUMBERS),
            "status": draw(_maybe(st.sampled_from(model.REALIZATION_STATUSES))),
        }
        for indicator, period in draw(st.lists(slots, unique=True, max_size=5))
    ]
    predikat = [
        {"unit": unit, "period": period, "predikat": draw(st.sampled_from(model.UNIT_PREDIKATS))}
        for unit, period in draw(
            st.lists(st.tuples(st.sampled_from(unit_codes), st.sampled_from(periods)), unique=True)
            if unit_codes
            else st.just([])
        )
    ]
    ratings = [
        {
            "employee": nip,
            "period": period,
            "work": draw(_maybe(st.sampled_from(model.RATINGS))),
            "behaviour": draw(st.sampled_from(model.RATINGS)),
        }
        for nip, period in draw(
            st.lists(st.tuples(st.sampled_from(nips), st.sampled_from(periods)), unique=True)
            if nips
            else st.just([])
        )
    ]
    return {
        "format": "ekinerja/1",
        "plan": {
            "code": draw(CODES),
            "name": draw(NAMES),
            "start_year": start,
            "end_year": end,
            "settings": {
                "cap": draw(NUMBERS),
                "floor": draw(NUMBERS),
                "missing": draw(st.sampled_from(["skip", "zero"])),
                "negative_method": draw(st.sampled_from(model.NEGATIVE_METHODS)),
                "bands": draw(st.lists(st.tuples(NUMBERS, NAMES).map(list), max_size=4)),
                "count": draw(st.sampled_from(["submitted", "verified"])),
                "skp": {"above_from": draw(NUMBERS), "as_expected_from": draw(NUMBERS)},
            },
        },
        "units": units,
        "employees": employees,
        "objectives": objectives,
        "indicators": indicators,
        "links": links,
        "causal_links": [{"cause": c, "effect": e} for c, e in causal],
        "targets": targets,
        "realizations": realizations,
        "unit_predikat": predikat,
        "skp_ratings": ratings,
    }


@settings(max_examples=150, deadline=None)
@given(valid_documents())
def test_random_valid_documents_survive_a_json_round_trip(document: dict[str, Any]) -> None:
    once = interchange.to_dict(interchange.parse(copy.deepcopy(document)))
    twice = interchange.to_dict(interchange.parse(json.loads(canonical_text(once))))
    assert canonical_text(twice) == canonical_text(once)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_documents())
def test_random_valid_documents_survive_a_workbook_round_trip(document: dict[str, Any]) -> None:
    once = interchange.to_dict(interchange.parse(document))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.xlsx"
        interchange.save(interchange.parse(document), path)
        back = interchange.to_dict(interchange.load(path))
    assert canonical_text(back) == canonical_text(once)


def test_a_key_given_twice_in_a_json_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "twice.json"
    text = json.dumps(minimal()).replace('"level": "vision"', '"level": "vision", "level": "goal"')
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidPlan) as caught:
        interchange.read_json(path)
    assert [str(p) for p in caught.value.problems] == [
        'objectives[0].level: kunci ganda / duplicate key "level"'
    ]


CELL_VALUES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | SAFE_TEXT
    | st.datetimes(min_value=datetime(1901, 1, 1), max_value=datetime(2100, 1, 1))
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["plan", *interchange.LISTS]),
    st.integers(1, 12),
    st.integers(1, 10),
    CELL_VALUES,
)
def test_any_value_in_any_workbook_cell_never_crashes(
    sheet: str, row: int, column: int, value: object
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.xlsx"
        interchange.write_workbook(interchange.parse(full()), path)
        book = openpyxl.load_workbook(path)
        book[sheet].cell(row=row, column=column, value=value)
        book.save(path)
        try:
            doc = interchange.read_workbook(path)
        except InvalidPlan as exc:
            assert all(p.place for p in exc.problems)
        else:
            assert doc.plan.code


def test_negative_zero_reads_as_zero_in_both_formats(tmp_path: Path) -> None:
    data = full()
    data["plan"]["settings"]["floor"] = -0.0
    doc = interchange.parse(data)
    assert math.copysign(1.0, doc.plan.settings.floor) == 1.0
    back = interchange.read_workbook(_workbook(tmp_path, data))
    assert canonical_text(interchange.to_dict(back)) == canonical_text(interchange.to_dict(doc))


def test_workbook_without_an_objectives_sheet_is_reported(tmp_path: Path) -> None:
    path = _workbook(tmp_path)
    _edit(path, lambda book: book.remove(book["objectives"]))
    problems = _workbook_places(path)
    assert ('objectives: lembar wajib "objectives" tidak ada / required sheet "objectives" '
            "missing") in problems


def test_workbook_with_a_wrong_stated_sheet_size_is_read_in_full(tmp_path: Path) -> None:
    path = _workbook(tmp_path)
    shrunk = tmp_path / "shrunk.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(shrunk, "w") as target:
        for entry in source.infolist():
            content = source.read(entry)
            if entry.filename.startswith("xl/worksheets/"):
                content = content.replace(
                    b"<sheetViews>", b'<dimension ref="A1:B2"/><sheetViews>', 1
                )
            target.writestr(entry, content)
    with zipfile.ZipFile(shrunk) as archive:
        assert b'<dimension ref="A1:B2"/>' in archive.read("xl/worksheets/sheet4.xml")
    back = interchange.read_workbook(shrunk)
    assert canonical_text(interchange.to_dict(back)) == canonical_text(
        interchange.to_dict(interchange.parse(full()))
    )


# ---------------------------------------------------------------------------- input safety


@pytest.mark.parametrize("char", ["\r", "\n", "\t", "\x00", "\x7f", "\x85"], ids=repr)
def test_a_code_with_a_control_character_is_refused_at_its_place(char: str) -> None:
    data = full()
    data["objectives"][1]["code"] = f"M{char}1"
    assert [p for p in problems_of(data) if p.startswith("objectives[1].code: ")
            and "U+" in p]


def test_a_code_with_surrounding_space_is_refused() -> None:
    data = full()
    data["units"][1]["code"] = "BAPPEDA "
    assert "units[1].code: Tidak boleh diawali atau diakhiri spasi. / Must not start or end " \
        "with a space." in problems_of(data)


def test_a_name_longer_than_the_name_limit_is_refused() -> None:
    data = full()
    data["indicators"][0]["name"] = "n" * 501
    assert problems_of(data) == [
        "indicators[0].name: Terlalu panjang: 501 karakter, paling banyak 500. / "
        "Too long: 501 characters, at most 500."
    ]


def many_bad_targets(count: int) -> dict[str, Any]:
    data = full()
    data["targets"] = [{"indicator": "IKU-1", "period": str(2020), "value": "x"}] * count
    return data


def test_a_long_problem_list_is_capped_with_the_number_left_out() -> None:
    with pytest.raises(InvalidPlan) as caught:
        interchange.parse(many_bad_targets(5000))
    problems = caught.value.problems
    assert len(problems) == 1001
    assert problems[999].place == "targets[999].value"
    # 5 000 bad values and 4 999 duplicates of the first target, 1 000 listed
    assert str(problems[-1]) == "… dan 8.999 masalah lagi. / … and 8,999 more problems."


def test_a_column_missing_in_a_long_sheet_is_one_problem_beyond_the_cap(
    tmp_path: Path, rewrite_xlsx: Any, sheet_part: Any
) -> None:
    path = _workbook(tmp_path, minimal())
    rows = "".join(  # realizations without their required value column, at unknown indicators
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>IKU-{n}</t></is></c>'
        f'<c r="B{n}" t="inlineStr"><is><t>2020</t></is></c></row>'
        for n in range(2, 1502)
    ).encode()
    header = b'<c r="C1" t="inlineStr"><is><t>value</t></is></c>'
    bad = rewrite_xlsx(path, tmp_path / "bad.xlsx", {sheet_part(path, "realizations"): lambda xml: (
        xml.replace(header, b"").replace(b"</sheetData>", rows + b"</sheetData>"))})
    problems = _workbook_places(bad)
    assert len(problems) == 1001
    assert problems[0] == (
        'realizations!1:1: kolom wajib "value" tidak ada / required field "value" missing')
    # 1 500 unknown indicators, each at its cell, the missing column once: 1 000 listed
    assert problems[-1] == "… dan 501 masalah lagi. / … and 501 more problems."


def test_a_formula_without_a_stored_value_is_an_error_at_its_cell(tmp_path: Path) -> None:
    path = _workbook(tmp_path)
    _edit(path, lambda book: book["indicators"].__setitem__("E2", "=5"))
    assert _workbook_places(path) == [
        "indicators!E2: Rumus tanpa nilai hasil hitung: buka berkas di Excel atau LibreOffice "
        "agar dihitung lalu simpan lagi, atau ketik nilainya langsung. / A formula without a "
        "calculated value: open the file in Excel or LibreOffice so it is calculated and save it "
        "again, or type the value itself."
    ]


def test_a_formula_with_a_stored_value_reads_as_that_value(
    tmp_path: Path, rewrite_xlsx: Any, sheet_part: Any
) -> None:
    path = _workbook(tmp_path)
    _edit(path, lambda book: book["indicators"].__setitem__("E2", "=5"))
    calculated = rewrite_xlsx(path, tmp_path / "calculated.xlsx", {
        sheet_part(path, "indicators"): lambda xml: xml.replace(b"<v></v>", b"<v>5</v>")})
    assert interchange.read_workbook(calculated).indicators[0].weight == 5.0


INJECTIONS = ['=cmd|"/c calc"!A1', '=HYPERLINK("http://evil.example","klik")', "+1+1",
              "-1+1", "@SUM(1)"]


def test_names_that_look_like_formulas_are_written_as_text_and_read_back(tmp_path: Path) -> None:
    data = full()
    for objective, name in zip(data["objectives"], INJECTIONS, strict=False):
        objective["name"] = name
    data["indicators"][0]["name"] = INJECTIONS[-1]
    path = _workbook(tmp_path, data)
    with zipfile.ZipFile(path) as archive:
        xml = b"".join(archive.read(n) for n in archive.namelist() if "worksheets" in n)
    assert b"<f>" not in xml and b"<f " not in xml
    book = openpyxl.load_workbook(path)
    cells = [c for row in book["objectives"].iter_rows(min_row=2, max_col=2) for c in row[1:]]
    assert [(c.value, c.data_type, c.quotePrefix) for c in cells] == [
        (name, "s", True) for name in INJECTIONS[:4]]
    back = interchange.read_workbook(path)
    assert [o.name for o in back.objectives] == INJECTIONS[:4]
    assert back.indicators[0].name == INJECTIONS[-1]


def test_every_written_sheet_states_its_size(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(_workbook(tmp_path), read_only=True)
    sizes = {sheet.title: sheet.calculate_dimension() for sheet in book.worksheets}
    book.close()
    assert sizes["plan"] == "A1:B14"
    assert sizes["targets"] == "A1:E4" and sizes["indicators"] == "A1:I4"
