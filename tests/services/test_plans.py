"""The plans of a database: reading one back, choosing one, the list."""

from __future__ import annotations

import copy

import pytest

from ekinerja import services
from ekinerja.services import NotFound, ServiceError


def test_imported_plan_loads_back_equal(loaded, small_plan) -> None:
    assert services.load_document(loaded, "P1") == small_plan


def test_loading_without_plan_code_uses_the_only_plan(loaded, small_plan) -> None:
    assert services.load_document(loaded) == small_plan


def test_several_plans_live_in_one_database(loaded, small_plan, admin) -> None:
    other = copy.deepcopy(small_plan)
    other.plan.code = "P2"
    other.objectives[0].name = "Visi lain"
    services.import_document(loaded, admin, other)
    assert services.load_document(loaded, "P2").objectives[0].name == "Visi lain"
    assert services.load_document(loaded, "P1").objectives[0].name == "Visi"


def test_loading_without_code_when_several_plans_names_them(loaded, small_plan, admin) -> None:
    other = copy.deepcopy(small_plan)
    other.plan.code = "P2"
    services.import_document(loaded, admin, other)
    with pytest.raises(ServiceError, match="P1, P2"):
        services.load_document(loaded)


def test_loading_an_unknown_plan_is_not_found(loaded) -> None:
    with pytest.raises(NotFound):
        services.load_document(loaded, "NOPE")


def test_an_empty_database_has_no_plan_to_load(db) -> None:
    with pytest.raises(NotFound, match="no plan"):
        services.load_document(db)


def test_plans_are_listed_by_code_with_their_years(loaded) -> None:
    assert services.list_plans(loaded) == [
        {"code": "P1", "name": "Rencana Uji", "start_year": 2019, "end_year": 2023}
    ]
