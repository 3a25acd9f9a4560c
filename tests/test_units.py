"""The organisation unit tree: subtrees and each unit's agency."""

from __future__ import annotations

from ekinerja.model import Unit
from ekinerja.units import agency_of_unit, unit_subtree

UNITS = [
    Unit("PEMDA", "Pemda", None, "pemda"),
    Unit("DIKES", "Dinas Kesehatan", "PEMDA"),
    Unit("DIKES.B1", "Bidang", "DIKES", "division"),
    Unit("DIKES.B1.S1", "Seksi", "DIKES.B1", "section"),
    Unit("PUPR", "Dinas PUPR", "PEMDA"),
]


def test_a_units_subtree_holds_itself_and_every_unit_below():
    assert unit_subtree(UNITS, "DIKES") == {"DIKES", "DIKES.B1", "DIKES.B1.S1"}
    assert unit_subtree(UNITS, "PEMDA") == {u.code for u in UNITS}


def test_an_unknown_unit_has_an_empty_subtree():
    assert unit_subtree(UNITS, "NOPE") == set()


def test_each_unit_belongs_to_the_nearest_agency_at_or_above_it():
    agency = agency_of_unit(UNITS)
    assert agency["DIKES.B1.S1"] == "DIKES"
    assert agency["DIKES"] == "DIKES"
    assert agency["PEMDA"] is None


def test_a_parent_cycle_does_not_loop_forever():
    looped = [Unit("A", "A", "B", "division"), Unit("B", "B", "A", "division")]
    assert agency_of_unit(looped) == {"A": None, "B": None}
