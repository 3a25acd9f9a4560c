"""Unit heads and their superiors."""

from __future__ import annotations

from ekinerja.model import Employee
from ekinerja.units import head_superior, region_unit, unit_head


def test_the_head_is_the_employee_whose_supervisor_is_outside_the_unit(document_plan):
    assert unit_head(document_plan, "BIDANG").name == "Budi Kabid"
    assert unit_head(document_plan, "DINAS").name == "Dr. Ani Kadis"


def test_a_unit_without_staff_has_no_head(document_plan):
    assert unit_head(document_plan, "PEMDA") is None


def test_the_superior_is_the_heads_supervisor(document_plan):
    assert head_superior(document_plan, "BIDANG").name == "Dr. Ani Kadis"


def test_without_a_supervisor_the_superior_is_the_head_of_the_nearest_unit_above(document_plan):
    document_plan.employees.append(Employee("198501012010011001", "Gubernur", "PEMDA"))
    assert head_superior(document_plan, "DINAS").name == "Gubernur"


def test_a_top_unit_has_no_superior(document_plan):
    assert head_superior(document_plan, "PEMDA") is None
    assert head_superior(document_plan, "DINAS") is None  # no head above it either


def test_the_region_unit_is_the_top_pemda_unit(document_plan, example_plan):
    assert region_unit(document_plan).code == "PEMDA"
    assert region_unit(example_plan).code == "PEMPROV-NTB"
