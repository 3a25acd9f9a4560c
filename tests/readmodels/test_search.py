"""Finding objectives, employees and parents by what a person types."""

from __future__ import annotations

from ekinerja.readmodels import search


def keys(found):
    return [f.code for f in found]


def test_objectives_are_found_by_nip(engine):
    assert keys(search.find_objectives(engine, "198005052005012002")) == ["SP-YAN-1", "RHK-1"]


def test_objectives_are_found_by_agency_name(engine):
    assert keys(search.find_objectives(engine, "pendidikan")) == ["SPD-DIK-1"]


def test_an_exact_code_comes_first(engine):
    assert keys(search.find_objectives(engine, "ss1"))[0] == "SS1"


def test_objectives_are_found_by_name_ignoring_case(engine):
    assert keys(search.find_objectives(engine, "KEMATIAN IBU")) == ["SPD-KES-1"]


def test_a_found_objective_names_its_unit(engine):
    assert search.find_objectives(engine, "SPD-DIK-1")[0].unit == (
        "Dinas Pendidikan dan Kebudayaan")


def test_an_empty_search_finds_nothing(engine):
    assert search.find_objectives(engine, "  ") == []


def test_employees_are_found_by_part_of_the_nip(people_engine):
    assert keys(search.find_employees(people_engine, "e2")) == ["E2"]


def test_employees_are_found_by_name_ignoring_case(people_engine):
    assert keys(search.find_employees(people_engine, "MADE")) == ["E3"]


def test_parents_include_objectives_whose_only_children_are_indicators(people_engine):
    assert "B" in keys(search.find_parents(people_engine, ""))


def test_parents_are_found_by_part_of_a_name(people_engine):
    assert keys(search.find_parents(people_engine, "sasaran")) == ["A", "D"]
