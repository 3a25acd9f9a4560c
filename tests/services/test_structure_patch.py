"""Each kind of workshop edit, followed by the cached engine from its steps with the edge
arrays patched where the edit changed them (Engine._patch_edges, no recompile of the edges),
equals a fresh compile of the plan it left: numbering, edges, layers, adjacency and scores."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from ekinerja import services
from ekinerja.generate import generate
from ekinerja.model import Indicator, Objective
from ekinerja.rollup import Engine
from ekinerja.storage.database import Database
from tests.services.test_structure_incremental import _approx
from tests.test_rollup_structure import same_edges


@pytest.fixture
def generated(db: Database, admin) -> Database:
    services.import_document(db, admin, generate(40, 2, 1))  # about 470 nodes
    return db


def _same_as_fresh(db: Database, engine: Engine, periods: list[str]) -> None:
    fresh = Engine(services.load_document(db))
    assert engine.doc == fresh.doc
    assert engine.codes == fresh.codes and engine.index == fresh.index
    assert [engine.index[c] for c in fresh.codes] == list(range(fresh.n))
    assert (engine.root, engine.root_index) == (fresh.root, fresh.root_index)
    same_edges(engine, fresh)
    for period in periods:
        expected = fresh.evaluate(period)
        assert engine.evaluate(period).to_json() == expected.to_json()
        carried = engine.evaluation(period)  # carried over the edit: rescored where it reached
        assert carried.to_json() == _approx(expected.to_json())
        np.testing.assert_allclose(carried.influence, expected.influence, rtol=1e-9, atol=1e-12)


def test_every_kind_of_edit_is_patched_as_a_fresh_compile(generated, admin, monkeypatch
                                                          ) -> None:
    db = generated
    engine = services.load_engine(db)
    periods = engine.periods()[-3:]
    for period in periods:
        engine.evaluation(period)  # kept: carried over by each edit
    doc = engine.doc
    rhk = next(o for o in reversed(doc.objectives) if o.level == "individual")
    sibling = next(o.code for o in doc.objectives if o.level == "individual"
                   and o.code != rhk.code and o.unit == rhk.unit)
    parents = {link.child: link.parent for link in doc.links}
    echelon = parents[rhk.code]
    other = next(o.code for o in doc.objectives if o.level == doc.objectives[
        engine.index[echelon]].level and o.code != echelon)
    compiled: list[int] = []
    compile_edges = Engine._compile_edges

    def counted(self: Engine) -> None:
        compiled.append(1)
        compile_edges(self)

    monkeypatch.setattr(Engine, "_compile_edges", counted)

    def undo() -> Any:
        return services.undo_edit(db, admin, None, services.edit_history(db, None, 1)[0]["id"])

    new = f"{rhk.code}-B"
    edits: list[tuple[str, Callable[[], Any]]] = [
        ("rename", lambda: services.update_objective(db, admin, None, rhk.code, name="Baru")),
        ("perspective", lambda: services.update_objective(db, admin, None, rhk.code,
                                                          perspective="financial")),
        ("move under a colleague's RHK", lambda: services.move_objective(
            db, admin, None, rhk.code, sibling, weight=2.0)),
        ("undo the move", undo),
        ("move an objective with RHK below", lambda: services.move_objective(
            db, admin, None, echelon, parents[other])),
        ("add objective", lambda: services.add_objective(
            db, admin, None, Objective(new, "RHK tambahan", "individual", unit=rhk.unit,
                                       owner=rhk.owner), parent=rhk.code)),
        ("add indicator", lambda: services.add_indicator(
            db, admin, None, Indicator(f"{new}-I", new, "Indikator tambahan", "dokumen"))),
        ("set a target", lambda: services.set_target(db, admin, None, f"{new}-I",
                                                     periods[-1], 5.0)),
        ("remove indicator", lambda: services.remove_indicator(db, admin, None, f"{new}-I",
                                                               cascade=True)),
        ("undo the removal", undo),
        ("remove objective with everything below", lambda: services.remove_objective(
            db, admin, None, new, cascade=True)),
        ("undo that removal", undo),
        ("remove objective with realizations below", lambda: services.remove_objective(
            db, admin, None, rhk.code, cascade=True)),
    ]
    for name, edit in edits:
        edit()
        engine = services.load_engine(db)
        assert not compiled, f"{name}: the edges were compiled afresh"
        _same_as_fresh(db, engine, periods)
        compiled.clear()


def test_an_edit_that_moves_many_edges_compiles_them_afresh(small_plan, monkeypatch) -> None:
    """A level change of an objective with more children than the patch takes: the edges
    are compiled again, and equal a fresh compile's all the same."""
    from dataclasses import asdict, replace

    from ekinerja.model import Link

    doc = small_plan
    children = [Objective(f"R{k}", f"RHK {k}", "individual", unit="DIKES") for k in range(300)]
    doc = replace(doc, objectives=[*doc.objectives, *children],
                  links=[*doc.links, *(Link("S1", c.code, 1.0) for c in children)])
    engine = Engine(doc)
    engine.evaluation("2023")
    compiled: list[int] = []
    compile_edges = Engine._compile_edges
    monkeypatch.setattr(Engine, "_compile_edges",
                        lambda self: compiled.append(1) or compile_edges(self))
    steps = [["objective", "S1", "update", {"level": "agency_objective"},
              {"level": "program_objective"}]]
    followed = engine.with_structure(steps)
    assert compiled  # its 300 RHK and an indicator went down a layer: compiled afresh
    objectives = [replace(o, level="program_objective") if o.code == "S1" else o
                  for o in doc.objectives]
    fresh = Engine(replace(doc, objectives=objectives))
    same_edges(followed, fresh)
    assert followed.evaluation("2023").to_json() == _approx(fresh.evaluate("2023").to_json())
    assert asdict(followed.item("S1"))["level"] == "program_objective"
