"""Structure indexes: agencies of units and objectives, unit subtrees, kept per structure."""

from __future__ import annotations

from ekinerja.readmodels import indexes


def test_a_division_belongs_to_its_agency(engine):
    assert indexes.agency_of_unit(engine)["DIKES-YAN"] == "DIKES"


def test_the_pemda_belongs_to_no_agency(engine):
    assert indexes.agency_of_unit(engine)["PEMDA"] is None


def test_agency_top_objectives_skip_those_under_the_same_agency(engine):
    top = indexes.agency_top_objectives(engine)["DIKES"]
    assert sorted(engine.objective_codes[n] for n in top) == ["SPD-KES-1", "SPD-KES-2"]


def test_a_unit_subtree_holds_the_unit_and_those_below(engine):
    assert indexes.unit_subtree(engine, "DIKES") == {"DIKES", "DIKES-YAN"}


def test_an_unknown_unit_is_its_own_subtree(engine):
    assert indexes.unit_subtree(engine, "NOWHERE") == {"NOWHERE"}


def test_indexes_survive_a_realization_change(engine):
    first = indexes.units_by_code(engine)
    followed = engine.follow([("IK-KES-1", "2023-Q2", 1.0)])
    assert indexes.units_by_code(followed) is first
