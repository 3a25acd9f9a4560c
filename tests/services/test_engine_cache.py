"""The engine cache: kept while nothing changes, following realizations and weights."""

from __future__ import annotations

import copy
import weakref

from ekinerja import services
from ekinerja.model import Objective
from ekinerja.rollup import Engine
from ekinerja.storage import changes
from ekinerja.storage.database import Database


def test_every_write_bumps_the_revision(loaded, admin) -> None:
    before = services.revision(loaded)
    services.record_realization(loaded, admin, "P1", "I1", "2022", 10.0)
    assert services.revision(loaded) == before + 1


def test_engine_is_cached_while_the_revision_is_unchanged(loaded) -> None:
    assert services.load_engine(loaded, "P1") is services.load_engine(loaded, "P1")


def test_engine_is_rebuilt_after_a_write_by_another_process(loaded, database_url, admin) -> None:
    first = services.load_engine(loaded, "P1")
    other_process = Database(database_url)
    services.record_realization(other_process, admin, "P1", "I1", "2023", 80.0)
    other_process.dispose()
    second = services.load_engine(loaded, "P1")
    assert second is not first
    assert second.evaluate("2023").indicator("I1")["realization"] == 80.0


def test_engine_follows_realization_entries_without_recompiling(loaded, admin) -> None:
    first = services.load_engine(loaded, "P1")
    services.record_realization(loaded, admin, "P1", "I1", "2023", 70.0)
    services.record_realization(loaded, admin, "P1", "I1", "2023", 75.0)
    followed = services.load_engine(loaded, "P1")
    assert followed is not first
    assert followed.structure is first.structure  # the compiled structure is shared
    fresh = Engine(services.load_document(loaded, "P1"))
    assert followed.evaluate("2023").to_json() == fresh.evaluate("2023").to_json()
    assert followed.evaluate("2023").indicator("I1")["realization"] == 75.0


def test_engine_follows_a_weight_change_without_recompiling(loaded, admin) -> None:
    first = services.load_engine(loaded, "P1")
    version, current = services.current_weights(loaded, "P1", "S1")
    weights = {child: 2.0 + i for i, child in enumerate(current)}
    services.set_weights(loaded, admin, "P1", "S1", weights, seen_version=version, reason="uji")
    followed = services.load_engine(loaded, "P1")
    assert followed.structure is first.structure
    fresh = Engine(services.load_document(loaded, "P1"))
    assert followed.evaluate("2023").to_json() == fresh.evaluate("2023").to_json()
    assert followed.doc == fresh.doc


def test_kept_evaluations_follow_a_realization_entry(loaded, admin) -> None:
    first = services.load_engine(loaded, "P1")
    first.evaluation("2023")
    services.record_realization(loaded, admin, "P1", "I2", "2023-Q2", 5.0)
    followed = services.load_engine(loaded, "P1").evaluation("2023")
    fresh = Engine(services.load_document(loaded, "P1")).evaluate("2023")
    assert followed.to_json() == fresh.to_json()


def test_engine_is_recompiled_after_a_structure_change(loaded, planner) -> None:
    first = services.load_engine(loaded, "P1")
    services.add_objective(loaded, planner, "P1", Objective("M2", "Misi 2", "mission"),
                           parent="V")
    rebuilt = services.load_engine(loaded, "P1")
    assert rebuilt.structure is not first.structure and "M2" in rebuilt.index


def test_closing_a_period_keeps_the_engine(loaded, planner) -> None:
    first = services.load_engine(loaded, "P1")
    services.close_period(loaded, planner, "P1", "2022")
    assert services.load_engine(loaded, "P1") is first


def test_a_change_to_another_plan_keeps_the_engine(loaded, small_plan, admin) -> None:
    first = services.load_engine(loaded, "P1")
    other = copy.deepcopy(small_plan)
    other.plan.code = "P2"
    services.import_document(loaded, admin, other)
    assert services.load_engine(loaded, "P1") is first


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmRSS:"))


def test_structure_edits_in_one_worker_leave_memory_flat(tmp_path, admin) -> None:
    """100 structure edits (each validated, then followed by the engine, whose evaluations the
    pages keep) in one process: nothing that became garbage is kept (no freeze of the
    collector's garbage), and an engine a newer one replaced goes with its evaluations."""
    import gc

    from ekinerja.generate import generate

    db = Database(f"sqlite:///{tmp_path / 'edits.sqlite'}")
    db.upgrade()
    doc = generate(120, 2, 1)  # about 1 400 nodes: each leaked engine or graph shows
    services.import_document(db, admin, doc)
    code = doc.objectives[1].code
    seen: weakref.WeakSet[Engine] = weakref.WeakSet()  # every engine the edits made

    def edit(k: int) -> None:  # a structure change: validated, then followed by the engine
        perspective = ("financial", "stakeholder")[k % 2]
        services.update_objective(db, admin, None, code, perspective=perspective)
        engine = services.load_engine(db)
        seen.add(engine)
        engine.evaluation(engine.periods()[-1])  # kept, as the pages keep it
        engine.evaluation(engine.periods()[-2])

    for k in range(10):  # warm up: caches, imports, the allocator's arenas
        edit(k)
    gc.collect()
    frozen, objects, rss = gc.get_freeze_count(), len(gc.get_objects()), _rss_mb()
    for k in range(10, 110):
        edit(k)
    gc.collect()
    db.dispose()
    assert gc.get_freeze_count() - frozen < 1000
    assert len(gc.get_objects()) - objects < 10_000
    assert _rss_mb() - rss < 20
    assert len(seen) < 10  # replaced ones go (engines of other tests do not count)


def test_engine_follows_a_rename_without_recompiling(loaded, admin) -> None:
    first = services.load_engine(loaded, "P1")
    before = first.evaluation("2023").to_json()
    services.update_objective(loaded, admin, "P1", "M1", name="Misi Sejahtera")
    services.update_indicator(loaded, admin, "P1", "I1", name="Indeks baru")
    followed = services.load_engine(loaded, "P1")
    assert followed is not first and followed.e_parent is first.e_parent  # no recompile
    assert followed.item("M1").name == "Misi Sejahtera"
    assert followed.item("I1").name == "Indeks baru"
    assert followed.evaluation("2023").to_json() == before
    fresh = Engine(services.load_document(loaded, "P1"))
    assert followed.doc == fresh.doc


def test_a_rename_is_not_a_structure_change_but_a_level_change_is(loaded, admin) -> None:
    first = services.load_engine(loaded, "P1")
    services.update_objective(loaded, admin, "P1", "M1", name="Misi Sejahtera")
    with loaded.read() as conn:
        last = changes.last_id(conn)
    services.update_objective(loaded, admin, "P1", "M1", perspective="financial")
    with loaded.read() as conn:
        assert [c.kind for c in changes.since(conn, "P1", last)] == [changes.STRUCTURE]
    followed = services.load_engine(loaded, "P1")
    assert followed.item("M1").perspective == "financial"
    assert followed.e_parent is first.e_parent  # it moves no edge: the edges are kept


def test_a_rename_keeps_the_name_free_indexes_and_renews_the_search(loaded, admin) -> None:
    from ekinerja.readmodels import indexes, search

    first = services.load_engine(loaded, "P1")
    tops = indexes.agency_top_objectives(first)
    search.objective_index(first)
    services.update_objective(loaded, admin, "P1", "M1", name="Misi Sejahtera")
    followed = services.load_engine(loaded, "P1")
    assert indexes.agency_top_objectives(followed) is tops
    assert "objective_index" not in followed.structure
    assert any("misi sejahtera" in text for _, text in search.objective_index(followed))


def test_followed_realization_saves_are_what_a_fresh_compile_gives(loaded, admin, operator,
                                                                   same_as_compiled) -> None:
    """Saves, submissions, verifications and rejections through the services, each followed by
    the cached engine (evaluations and the verified-only view kept, as the pages keep them):
    every step answers what a fresh engine compiled from the stored plan answers."""
    periods = ("2023", "2023-Q1", "2023-Q2", "2023-05", "2022")

    def keep(engine: Engine) -> Engine:
        for period in periods:
            engine.evaluation(period)
            engine.verified_only().evaluation(period)
        return engine

    first = keep(services.load_engine(loaded, "P1"))
    steps = [
        lambda: services.record_realization(loaded, admin, "P1", "I2", "2023-Q2", 4.0),
        lambda: services.record_realization(loaded, operator, "P1", "I1", "2023", 75.0,
                                            submit=False),  # a draft in place of a verified one
        lambda: services.record_realization(loaded, admin, "P1", "I2", "2023-05", 2.5),
        lambda: services.submit_realizations(loaded, operator, "P1", [("I1", "2023")]),
        lambda: services.verify_realizations(loaded, admin, "P1", [("I2", "2023-Q2")]),
        lambda: services.reject_realizations(loaded, admin, "P1", [("I1", "2023")],
                                             reason="bukti kurang"),
        lambda: services.record_realization(loaded, admin, "P1", "I1", "2022", 60.0),
        lambda: services.verify_realizations(loaded, admin, "P1",
                                             [("I2", "2023-05"), ("I1", "2022")]),
    ]
    engine = first
    for step in steps:
        step()
        followed = services.load_engine(loaded, "P1")
        assert followed is not engine and followed.structure is first.structure  # followed
        same_as_compiled(followed, Engine(services.load_document(loaded, "P1")), periods)
        engine = keep(followed)
