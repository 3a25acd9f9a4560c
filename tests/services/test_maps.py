"""Editing a strategy map through the services: causal arrows and places set by hand, each
audited and undoable, refused for other roles with nothing written (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from ekinerja import services
from ekinerja.services import InvalidEdit, PermissionDenied, User


def arrows(db) -> set[tuple[str, str]]:
    return {(c.cause, c.effect) for c in services.load_document(db, "P1").causal_links}


def newest(db) -> dict:
    return services.edit_history(db, "P1", 1)[0]


def test_a_planner_draws_an_arrow_audited_and_undoable(loaded, planner) -> None:
    services.add_causal_link(loaded, planner, "P1", "R1", "S1")
    assert ("R1", "S1") in arrows(loaded)
    record = services.audit_log(loaded, limit=1)[0]
    assert (record["entity"], record["key"], record["action"], record["username"]) == (
        "causal_link", "R1>S1", "add", "perencana")
    services.undo_edit(loaded, planner, "P1", newest(loaded)["id"])
    assert ("R1", "S1") not in arrows(loaded)


def test_a_planner_removes_an_arrow_and_undo_draws_it_again(loaded, planner) -> None:
    services.remove_causal_link(loaded, planner, "P1", "S1", "M1")
    assert arrows(loaded) == set()
    services.undo_edit(loaded, planner, "P1", newest(loaded)["id"])
    assert arrows(loaded) == {("S1", "M1")}


def test_bad_arrows_are_refused_with_nothing_written(loaded, planner, snapshot) -> None:
    before = snapshot(loaded)
    with pytest.raises(InvalidEdit):
        services.add_causal_link(loaded, planner, "P1", "S1", "M1")  # drawn already
    with pytest.raises(InvalidEdit):
        services.add_causal_link(loaded, planner, "P1", "S1", "S1")
    with pytest.raises(InvalidEdit):
        services.remove_causal_link(loaded, planner, "P1", "M1", "S1")  # not drawn
    with pytest.raises(services.NotFound):
        services.add_causal_link(loaded, planner, "P1", "S1", "NOWHERE")
    assert snapshot(loaded) == before


@pytest.mark.parametrize("role", ["head", "operator", "employee", "viewer", "evaluator"])
def test_other_roles_may_not_change_the_map(loaded, snapshot, role) -> None:
    user = User("orang", "Orang", role, unit="DIKES")
    services.place_nodes(loaded, services.system_user(), "P1", "", {"S1": (1.0, 2.0)})
    before = snapshot(loaded)
    with pytest.raises(PermissionDenied):
        services.add_causal_link(loaded, user, "P1", "R1", "S1")
    with pytest.raises(PermissionDenied):
        services.remove_causal_link(loaded, user, "P1", "S1", "M1")
    with pytest.raises(PermissionDenied):
        services.place_nodes(loaded, user, "P1", "", {"S1": (5.0, 6.0)})
    with pytest.raises(PermissionDenied):
        services.reset_layout(loaded, user, "P1", "")
    with pytest.raises(PermissionDenied):
        services.add_causal_link(loaded, None, "P1", "R1", "S1")
    assert snapshot(loaded) == before
    assert services.map_positions(loaded, "P1", "") == {"S1": (1.0, 2.0)}


def test_places_are_kept_per_map_audited_and_undoable(loaded, planner) -> None:
    services.place_nodes(loaded, planner, "P1", "", {"S1": (10.0, 20.0), "M1": {"x": 1,
                                                                              "y": -2.5}})
    services.place_nodes(loaded, planner, "P1", "DIKES", {"S1": (99.0, 98.0)})
    assert services.map_positions(loaded, "P1", "") == {"S1": (10.0, 20.0), "M1": (1.0, -2.5)}
    assert services.map_positions(loaded, "P1", "DIKES") == {"S1": (99.0, 98.0)}
    services.place_nodes(loaded, planner, "P1", "", {"S1": (11.0, 21.0)})
    record = services.audit_log(loaded, limit=1)[0]
    assert (record["entity"], record["key"], record["action"]) == ("map_position", "|S1",
                                                                   "update")
    assert (record["old"], record["new"]) == ({"x": 10.0, "y": 20.0}, {"x": 11.0, "y": 21.0})
    services.undo_edit(loaded, planner, "P1", newest(loaded)["id"])
    assert services.map_positions(loaded, "P1", "")["S1"] == (10.0, 20.0)


def test_reset_gives_the_automatic_layout_back_and_undo_restores_the_places(loaded, planner
                                                                            ) -> None:
    services.place_nodes(loaded, planner, "P1", "", {"S1": (10.0, 20.0)})
    services.place_nodes(loaded, planner, "P1", "DIKES", {"S1": (1.0, 1.0)})
    services.reset_layout(loaded, planner, "P1", "")
    assert services.map_positions(loaded, "P1", "") == {}
    assert services.map_positions(loaded, "P1", "DIKES") == {"S1": (1.0, 1.0)}
    with pytest.raises(InvalidEdit):
        services.reset_layout(loaded, planner, "P1", "")  # automatic already
    services.undo_edit(loaded, planner, "P1", newest(loaded)["id"])
    assert services.map_positions(loaded, "P1", "") == {"S1": (10.0, 20.0)}


@pytest.mark.parametrize("place", [("x", 1.0), (float("nan"), 1.0), (1.0, 1e9), None])
def test_a_bad_place_is_refused_with_nothing_written(loaded, planner, snapshot, place) -> None:
    before = snapshot(loaded)
    with pytest.raises(InvalidEdit):
        services.place_nodes(loaded, planner, "P1", "", {"S1": place})
    assert snapshot(loaded) == before


def test_placing_an_unknown_node_is_refused(loaded, planner, snapshot) -> None:
    before = snapshot(loaded)
    with pytest.raises(services.NotFound):
        services.place_nodes(loaded, planner, "P1", "", {"NOWHERE": (1.0, 1.0)})
    with pytest.raises(InvalidEdit):
        services.place_nodes(loaded, planner, "P1", "", {})
    assert snapshot(loaded) == before


def test_undo_is_refused_when_the_place_changed_since(loaded, planner) -> None:
    services.place_nodes(loaded, planner, "P1", "", {"S1": (10.0, 20.0)})
    first = newest(loaded)["id"]
    services.place_nodes(loaded, planner, "P1", "", {"S1": (30.0, 40.0)})
    with pytest.raises(InvalidEdit):
        services.undo_edit(loaded, planner, "P1", first)
    assert services.map_positions(loaded, "P1", "") == {"S1": (30.0, 40.0)}
