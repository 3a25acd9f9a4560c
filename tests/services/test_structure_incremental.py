"""Structure edits at scale: validated on what they touch, followed by the engine from their
steps. Random edit sequences check both against the whole-plan path: the neighbourhood
validation accepts and refuses exactly as the whole-plan validation does (same located
messages), and the engine that followed the edits scores exactly as a fresh compile."""

from __future__ import annotations

import random
from typing import Any

import pytest

from ekinerja import services
from ekinerja.generate import generate
from ekinerja.model import LEVELS, Indicator, InvalidPlan, Objective, Problem
from ekinerja.readmodels import indexes
from ekinerja.rollup import Engine
from ekinerja.services import structure as structure_service
from ekinerja.services.errors import ServiceError
from ekinerja.storage.database import Database
from tests.test_rollup_structure import same_edges


@pytest.fixture
def generated(db: Database, admin) -> Database:
    services.import_document(db, admin, generate(40, 2, 1))  # about 470 nodes
    return db


def _approx(value: Any) -> Any:
    """`value` with its floats compared to 1e-9 (a carried score sums in another order)."""
    if isinstance(value, dict):
        return {k: _approx(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_approx(v) for v in value]
    if isinstance(value, float):
        return pytest.approx(value, rel=1e-9, abs=1e-9)
    return value


def _key(problems: list[Problem]) -> list[tuple[str, str]]:
    """Errors as (place, text); a cycle as its kind alone (which cycle of a strongly
    connected part networkx names first depends on the hash order of the codes)."""
    return sorted(
        ("cycle", "") if "cycle in the cascade" in p.message else (p.place, p.message)
        for p in problems
        if p.severity == "error"
    )


def _random_edit(db: Database, user: Any, rng: random.Random, serial: int) -> None:
    """One random structure edit on the current plan, often an invalid one (a cycle, a level
    above its parent, a second vision, a weight or cap out of bounds, weights all zero)."""
    doc = services.load_document(db)
    objectives = [o.code for o in doc.objectives]
    indicators = [i.code for i in doc.indicators]
    pick = rng.choice
    level = {o.code: o.level for o in doc.objectives}
    chains = [link for link in doc.links
              if level.get(link.parent) == level.get(link.child) == "individual"]
    parents = {link.parent for link in doc.links} | {i.objective for i in doc.indicators}
    childless = [code for code in objectives if code not in parents]
    kind = pick(["add_objective", "add_indicator", "move", "move", "link", "unlink", "level",
                 "indicator", "remove_objective", "remove_indicator", "undo", "cycle",
                 "cycle", "zero"])
    if kind == "cycle" and chains:  # an RHK above its own supervisor's RHK
        link = pick(chains)
        if rng.random() < 0.5:
            services.move_objective(db, user, None, link.parent, link.child)
        else:
            services.add_link(db, user, None, link.child, link.parent)
    elif kind == "zero" and childless:  # the only weight under an objective is 0
        services.add_indicator(db, user, None, Indicator(
            f"IZ{serial}", pick(childless), f"Nol {serial}", weight=0.0))
    elif kind == "add_objective":
        new_level = pick(LEVELS)
        parent = None if new_level == "vision" and rng.random() < 0.5 else pick(objectives)
        services.add_objective(db, user, None, Objective(f"N{serial}", f"Baru {serial}",
                                                         new_level),
                               parent=parent, weight=pick([1.0, 0.0, 40.0, 2e6]))
    elif kind == "add_indicator":
        services.add_indicator(db, user, None, Indicator(
            f"IN{serial}", pick(objectives), f"Ind {serial}", weight=pick([1.0, 0.0, 25.0]),
            cap=pick([None, 150.0, 1e12])))
    elif kind == "move":
        services.move_objective(db, user, None, pick(objectives[1:]), pick(objectives),
                                weight=pick([None, 1.0, 0.0]))
    elif kind == "link":
        services.add_link(db, user, None, pick(objectives), pick(objectives),
                          pick([1.0, 0.0, 3e6]))
    elif kind == "unlink" and doc.links:
        link = pick(doc.links)
        services.remove_link(db, user, None, link.parent, link.child)
    elif kind == "level":
        services.update_objective(db, user, None, pick(objectives), level=pick(LEVELS))
    elif kind == "indicator" and indicators:
        field, value = pick([("objective", pick(objectives)), ("cap", pick([120.0, 1e12])),
                             ("polarity", pick(["positive", "negative", "range"]))])
        services.update_indicator(db, user, None, pick(indicators), **{field: value})
    elif kind == "remove_objective":
        services.remove_objective(db, user, None, pick(objectives), cascade=True)
    elif kind == "remove_indicator" and indicators:
        services.remove_indicator(db, user, None, pick(indicators), cascade=True)
    else:
        history = services.edit_history(db, None, 3)
        if history:
            services.undo_edit(db, user, None, pick(history)["id"])


@pytest.mark.parametrize("seed", [1, 2])
def test_neighbourhood_validation_decides_as_the_whole_plan_validation(
    generated, admin, monkeypatch, seed
) -> None:
    checked: list[tuple[list[Problem], list[Problem]]] = []
    neighbourhood_check = structure_service._check_edit

    def both(conn, plan, steps, with_data=False) -> None:
        try:
            structure_service._validate(conn, plan, with_data=with_data)
            whole: list[Problem] = []
        except InvalidPlan as exc:
            whole = exc.problems
        try:
            neighbourhood_check(conn, plan, steps, with_data)
            local: list[Problem] = []
        except InvalidPlan as exc:
            local = exc.problems
        checked.append((whole, local))
        if local:
            raise InvalidPlan(local)

    monkeypatch.setattr(structure_service, "_check_edit", both)
    refused = 0
    rng = random.Random(seed)
    for serial in range(70):
        try:
            _random_edit(generated, admin, rng, serial)
        except InvalidPlan:
            refused += 1
        except ServiceError:
            pass  # refused before any validation (a taken code, an unknown link...)
    assert len(checked) > 20 and 0 < refused < len(checked)
    for whole, local in checked:
        assert _key(local) == _key(whole)
        assert [p.severity for p in local] == ["error"] * len(local)
    # the same located message where a cycle is reported: a link of the cycle, its path
    for whole, local in checked:
        for problem in local:
            if "cycle in the cascade" in problem.message:
                assert problem.place.startswith("links[")
                assert any("cycle in the cascade" in p.message for p in whole)


@pytest.mark.parametrize("seed", [3, 4])
def test_the_engine_follows_random_structure_edits_as_a_fresh_compile(generated, admin, seed
                                                                      ) -> None:
    engine = services.load_engine(generated)
    units = indexes.units_by_code(engine)
    periods = engine.periods()[-3:]
    for period in periods:
        engine.evaluation(period)  # kept: carried over by each edit
    followed_edits = 0
    rng = random.Random(seed)
    for serial in range(30):
        try:
            _random_edit(generated, admin, rng, serial)
        except (InvalidPlan, ServiceError):
            continue
        engine = services.load_engine(generated)
        fresh = Engine(services.load_document(generated))
        assert engine.doc == fresh.doc
        for name in ("codes", "root", "root_index", "n_objectives"):
            assert getattr(engine, name) == getattr(fresh, name)
        assert engine.index == fresh.index
        same_edges(engine, fresh)  # edge arrays, layers, adjacency
        for memo in (indexes.objective_agency, indexes.agency_top_objectives):
            assert memo(engine) == memo(fresh)  # kept, extended or computed again
        names, ids = indexes._objective_agency_ids(engine)
        fresh_names, fresh_ids = indexes._objective_agency_ids(fresh)
        assert names == fresh_names and ids.tolist() == fresh_ids.tolist()
        for period in periods:
            expected = fresh.evaluate(period).to_json()
            assert engine.evaluate(period).to_json() == expected
            assert period in engine.kept_periods()
            carried = engine.evaluation(period).to_json()  # rescored where the edits reached
            assert carried == _approx(expected)
        followed_edits += indexes.units_by_code(engine) is units  # kept: no recompile
    assert followed_edits > 10
