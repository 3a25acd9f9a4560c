"""Services on real databases: permissions, transactions, audit, history, conflicts, caching."""

from __future__ import annotations

import copy

import pytest

from ekinerja import services
from ekinerja.model import Indicator, InvalidPlan, Objective, PlanDocument
from ekinerja.rollup import Engine
from ekinerja.services import (
    ConflictError,
    NotFound,
    PermissionDenied,
    ServiceError,
    User,
)
from ekinerja.storage import repository
from ekinerja.storage.database import Database

NIP = "199001012020011001"  # the RHK owner of the small plan (tests/conftest.py)

ADMIN = services.system_user()
PLANNER = User("perencana", "Perencana", "planner")
OPERATOR = User("operator", "Operator Dikes", "operator", unit="DIKES")
OTHER_OPERATOR = User("operator2", "Operator Lain", "operator", unit="PEMDA-LAIN")
EMPLOYEE = User("ani", "Ani", "employee", nip=NIP)
VIEWER = User("tamu", "Tamu", "viewer")


@pytest.fixture
def loaded(db: Database, small_plan: PlanDocument) -> Database:
    """The database with the small plan imported."""
    services.import_document(db, ADMIN, small_plan)
    return db


def snapshot(db: Database) -> tuple:
    """Everything a failed change must leave untouched: plan, revision, audit, history."""
    return (
        services.load_document(db, "P1"),
        services.revision(db),
        services.audit_log(db, limit=1000),
        services.realization_history(db, "P1", "I1"),
        services.weight_versions(db, "P1", "S1"),
    )


# -- import, export, load ---------------------------------------------------------------------


def test_imported_plan_loads_back_equal(loaded: Database, small_plan: PlanDocument) -> None:
    assert services.load_document(loaded, "P1") == small_plan


def test_export_without_plan_code_uses_the_only_plan(loaded, small_plan) -> None:
    assert services.export_document(loaded) == small_plan


def test_several_plans_live_in_one_database(loaded, small_plan) -> None:
    other = copy.deepcopy(small_plan)
    other.plan.code = "P2"
    other.objectives[0].name = "Visi lain"
    services.import_document(loaded, ADMIN, other)
    assert services.load_document(loaded, "P2").objectives[0].name == "Visi lain"
    assert services.load_document(loaded, "P1").objectives[0].name == "Visi"


def test_loading_without_code_when_several_plans_names_them(loaded, small_plan) -> None:
    other = copy.deepcopy(small_plan)
    other.plan.code = "P2"
    services.import_document(loaded, ADMIN, other)
    with pytest.raises(ServiceError, match="P1, P2"):
        services.load_document(loaded)


def test_loading_an_unknown_plan_is_not_found(loaded) -> None:
    with pytest.raises(NotFound):
        services.load_document(loaded, "NOPE")


def test_reimport_updates_by_code_and_audits_each_change(loaded, small_plan) -> None:
    small_plan.objectives[1].name = "Misi satu"
    small_plan.targets[0].value = 90.0
    report = services.import_document(loaded, ADMIN, small_plan)
    assert report.counts["objectives"]["update"] == 1
    assert services.load_document(loaded, "P1") == small_plan
    entries = services.audit_log(loaded, "P1", entity="objective", key="M1")
    assert entries[0]["old"] == {"name": "Misi 1"} and entries[0]["new"] == {"name": "Misi satu"}


def test_reimport_removes_what_the_file_no_longer_has(loaded, small_plan) -> None:
    del small_plan.causal_links[0]
    report = services.import_document(loaded, ADMIN, small_plan)
    assert report.counts["causal_links"]["remove"] == 1
    assert services.load_document(loaded, "P1").causal_links == []


def test_reimport_keeps_the_replaced_realization_as_history(loaded, small_plan) -> None:
    small_plan.realizations[0].value = 75.0
    services.import_document(loaded, ADMIN, small_plan)
    history = services.realization_history(loaded, "P1", "I1", "2023")
    assert [(h["value"], h["superseded"]) for h in history] == [(72.0, True), (75.0, False)]


def test_reimport_follows_the_order_of_the_file(loaded, small_plan) -> None:
    small_plan.units.reverse()
    services.import_document(loaded, ADMIN, small_plan)
    assert services.load_document(loaded, "P1").units == small_plan.units


def test_dry_run_reports_changes_and_writes_nothing(loaded, small_plan) -> None:
    before = snapshot(loaded)
    small_plan.indicators[0].name = "Cakupan"
    report = services.import_document(loaded, ADMIN, small_plan, dry_run=True)
    assert report.dry_run and report.counts["indicators"]["update"] == 1
    assert snapshot(loaded) == before


def test_import_of_an_invalid_plan_writes_nothing(db, small_plan) -> None:
    small_plan.links.append(small_plan.links[0].__class__("M1", "V"))  # a cycle
    with pytest.raises(InvalidPlan):
        services.import_document(db, ADMIN, small_plan)
    assert services.list_plans(db) == []


def test_import_reports_progress_for_every_row(db, small_plan) -> None:
    seen: list[int] = []
    services.import_document(db, ADMIN, small_plan, progress=seen.append)
    assert sum(seen) == services.document_size(small_plan)


def test_import_failing_midway_leaves_the_database_as_before(
    loaded, small_plan, monkeypatch
) -> None:
    before = snapshot(loaded)
    small_plan.objectives[1].name = "Berubah"
    small_plan.realizations[0].value = 1.0

    def broken(*args, **kwargs):
        raise RuntimeError("injected failure")

    monkeypatch.setattr(repository, "write_audit", broken)
    with pytest.raises(RuntimeError, match="injected"):
        services.import_document(loaded, ADMIN, small_plan)
    monkeypatch.undo()
    assert snapshot(loaded) == before


def test_new_plan_import_failing_midway_creates_no_plan(db, small_plan, monkeypatch) -> None:
    calls = {"n": 0}
    original = repository.insert_items

    def fail_on_targets(conn, plan_id, entity, *args, **kwargs):
        calls["n"] += 1
        if entity.name == "targets":
            raise RuntimeError("injected failure")
        return original(conn, plan_id, entity, *args, **kwargs)

    monkeypatch.setattr(repository, "insert_items", fail_on_targets)
    with pytest.raises(RuntimeError):
        services.import_document(db, ADMIN, small_plan)
    assert calls["n"] > 1
    assert services.list_plans(db) == [] and services.revision(db) == 0


def test_viewer_may_not_import(db, small_plan) -> None:
    with pytest.raises(PermissionDenied):
        services.import_document(db, VIEWER, small_plan)


# -- revision and engine cache ----------------------------------------------------------------


def test_every_write_bumps_the_revision(loaded) -> None:
    before = services.revision(loaded)
    services.record_realization(loaded, ADMIN, "P1", "I1", "2022", 10.0)
    assert services.revision(loaded) == before + 1


def test_engine_is_cached_while_the_revision_is_unchanged(loaded) -> None:
    assert services.load_engine(loaded, "P1") is services.load_engine(loaded, "P1")


def test_engine_is_rebuilt_after_a_write_by_another_process(loaded, database_url) -> None:
    first = services.load_engine(loaded, "P1")
    other_process = Database(database_url)
    services.record_realization(other_process, ADMIN, "P1", "I1", "2023", 80.0)
    other_process.dispose()
    second = services.load_engine(loaded, "P1")
    assert second is not first
    assert second.evaluate("2023").indicator("I1")["realization"] == 80.0


def test_engine_follows_realization_entries_without_recompiling(loaded) -> None:
    first = services.load_engine(loaded, "P1")
    services.record_realization(loaded, ADMIN, "P1", "I1", "2023", 70.0)
    services.record_realization(loaded, ADMIN, "P1", "I1", "2023", 75.0)
    followed = services.load_engine(loaded, "P1")
    assert followed is not first
    assert followed.e_parent is first.e_parent  # the compiled structure is shared
    fresh = Engine(services.load_document(loaded, "P1"))
    assert followed.evaluate("2023").to_json() == fresh.evaluate("2023").to_json()
    assert followed.evaluate("2023").indicator("I1")["realization"] == 75.0


def test_engine_is_recompiled_after_a_weight_change(loaded) -> None:
    first = services.load_engine(loaded, "P1")
    parent = next(link.parent for link in first.doc.links)
    version, current = services.current_weights(loaded, "P1", parent)
    weights = {child: 2.0 + i for i, child in enumerate(current)}
    services.set_weights(loaded, ADMIN, "P1", parent, weights, seen_version=version, reason="uji")
    rebuilt = services.load_engine(loaded, "P1")
    assert rebuilt.e_parent is not first.e_parent
    fresh = Engine(services.load_document(loaded, "P1"))
    assert rebuilt.evaluate("2023").to_json() == fresh.evaluate("2023").to_json()


def test_bench_load_times_a_cold_load(loaded, database_url) -> None:
    figures = services.bench_load(database_url, "P1")
    assert figures["nodes"] == 6 and figures["cold load ms"] > 0


# -- realizations ------------------------------------------------------------------------------


def test_recorded_realization_is_scored(loaded) -> None:
    services.record_realization(loaded, ADMIN, "P1", "I1", "2023", 88.0, note="laporan Q4")
    engine = services.load_engine(loaded, "P1")
    assert engine.evaluate("2023").indicator("I1")["achievement"] == pytest.approx(110.0)


def test_replaced_realization_stays_in_history_with_author_and_note(loaded) -> None:
    services.record_realization(
        loaded, OPERATOR, "P1", "I1", "2023", 88.0, note="revisi", evidence="https://bukti/1"
    )
    old, new = services.realization_history(loaded, "P1", "I1", "2023")
    assert old["superseded"] and old["value"] == 72.0
    assert (new["author"], new["note"], new["evidence"]) == (
        "operator",
        "revisi",
        "https://bukti/1",
    )
    assert new["recorded_at"].tzinfo is not None


def test_realization_must_be_a_number(loaded) -> None:
    with pytest.raises(ServiceError, match=r"angka / .* must be a number"):
        services.record_realization(loaded, ADMIN, "P1", "I1", "2023", "banyak")


def test_realization_outside_the_plan_years_is_refused(loaded) -> None:
    with pytest.raises(ServiceError, match="outside the plan years"):
        services.record_realization(loaded, ADMIN, "P1", "I1", "2030", 1.0)


def test_realization_of_a_malformed_period_is_refused(loaded) -> None:
    with pytest.raises(ServiceError, match="invalid period"):
        services.record_realization(loaded, ADMIN, "P1", "I1", "2023-Q5", 1.0)


def test_realization_of_an_unknown_indicator_is_not_found(loaded) -> None:
    with pytest.raises(NotFound):
        services.record_realization(loaded, ADMIN, "P1", "NOPE", "2023", 1.0)


def test_operator_records_realizations_of_a_sub_unit(loaded) -> None:
    parent_operator = User("op-pemda", role="operator", unit="PEMDA")
    services.record_realization(loaded, parent_operator, "P1", "I1", "2023", 70.0)
    assert services.realization_history(loaded, "P1", "I1", "2023")[-1]["value"] == 70.0


def test_operator_of_another_unit_is_refused(loaded) -> None:
    with pytest.raises(PermissionDenied):
        services.record_realization(loaded, OTHER_OPERATOR, "P1", "I1", "2023", 1.0)


def test_employee_records_realizations_of_their_own_rhk(loaded) -> None:
    services.record_realization(loaded, EMPLOYEE, "P1", "I2", "2023-Q2", 4.0)
    assert services.realization_history(loaded, "P1", "I2", "2023-Q2")[0]["author"] == "ani"


def test_employee_may_not_record_another_objectives_indicator(loaded) -> None:
    with pytest.raises(PermissionDenied):
        services.record_realization(loaded, EMPLOYEE, "P1", "I1", "2023", 1.0)


def test_viewer_may_not_record_realizations(loaded) -> None:
    with pytest.raises(PermissionDenied):
        services.record_realization(loaded, VIEWER, "P1", "I1", "2023", 1.0)


def test_refused_realization_writes_nothing(loaded) -> None:
    before = snapshot(loaded)
    with pytest.raises(PermissionDenied):
        services.record_realization(loaded, VIEWER, "P1", "I1", "2023", 1.0)
    assert snapshot(loaded) == before


def test_realization_failing_midway_leaves_the_database_as_before(loaded, monkeypatch) -> None:
    before = snapshot(loaded)

    def broken(*args, **kwargs):
        raise RuntimeError("injected failure")

    monkeypatch.setattr(repository, "write_audit", broken)
    with pytest.raises(RuntimeError):
        services.record_realization(loaded, ADMIN, "P1", "I1", "2023", 99.0)
    monkeypatch.undo()
    assert snapshot(loaded) == before


# -- periods -----------------------------------------------------------------------------------


def test_closed_year_refuses_realizations_of_its_quarters(loaded) -> None:
    services.close_period(loaded, PLANNER, "P1", "2023", reason="audit BPK")
    with pytest.raises(ServiceError, match="closed"):
        services.record_realization(loaded, ADMIN, "P1", "I2", "2023-Q3", 2.0)


def test_closed_period_refuses_target_changes(loaded) -> None:
    services.close_period(loaded, PLANNER, "P1", "2023")
    with pytest.raises(ServiceError, match="closed"):
        services.set_target(loaded, PLANNER, "P1", "I1", "2023", 70.0)


def test_reopened_period_accepts_realizations_again(loaded) -> None:
    services.close_period(loaded, PLANNER, "P1", "2023")
    services.reopen_period(loaded, PLANNER, "P1", "2023", reason="koreksi data")
    services.record_realization(loaded, ADMIN, "P1", "I1", "2023", 90.0)
    assert not services.is_period_closed(loaded, "P1", "2023")


def test_reopening_needs_a_reason(loaded) -> None:
    services.close_period(loaded, PLANNER, "P1", "2023")
    with pytest.raises(ServiceError, match="reason"):
        services.reopen_period(loaded, PLANNER, "P1", "2023", reason=" ")


def test_operator_may_not_close_periods(loaded) -> None:
    with pytest.raises(PermissionDenied):
        services.close_period(loaded, OPERATOR, "P1", "2023")


def test_closed_periods_are_listed_chronologically(loaded) -> None:
    services.close_period(loaded, PLANNER, "P1", "2022")
    services.close_period(loaded, PLANNER, "P1", "2021-Q4")
    assert services.closed_periods(loaded, "P1") == ["2021-Q4", "2022"]


# -- weights -----------------------------------------------------------------------------------


def test_set_weights_changes_scoring_weights(loaded) -> None:
    version, weights = services.current_weights(loaded, "P1", "S1")
    assert (version, weights) == (0, {"R1": 3.0, "I1": 2.0})
    services.set_weights(
        loaded, PLANNER, "P1", "S1", {"I1": 6.0}, seen_version=0, reason="prioritas"
    )
    assert services.current_weights(loaded, "P1", "S1")[1] == {"R1": 3.0, "I1": 6.0}
    doc = services.load_document(loaded, "P1")
    assert next(i for i in doc.indicators if i.code == "I1").weight == 6.0


def test_first_weight_change_keeps_the_previous_weights_as_version_one(loaded) -> None:
    new = services.set_weights(
        loaded, PLANNER, "P1", "S1", {"R1": 1.0}, seen_version=0, reason="rebalance"
    )
    versions = services.weight_versions(loaded, "P1", "S1")
    assert new == 2
    assert [v["weights"] for v in versions] == [{"R1": 3.0, "I1": 2.0}, {"R1": 1.0, "I1": 2.0}]
    assert (versions[1]["author"], versions[1]["reason"]) == ("perencana", "rebalance")


def test_concurrent_weight_change_is_a_conflict_and_overwrites_nothing(loaded) -> None:
    services.set_weights(loaded, PLANNER, "P1", "S1", {"R1": 1.0}, seen_version=0, reason="a")
    with pytest.raises(ConflictError, match="perencana"):
        services.set_weights(loaded, ADMIN, "P1", "S1", {"R1": 9.0}, seen_version=0, reason="b")
    assert services.current_weights(loaded, "P1", "S1") == (2, {"R1": 1.0, "I1": 2.0})


def test_restoring_weights_makes_a_new_version_with_the_old_weights(loaded) -> None:
    services.set_weights(loaded, PLANNER, "P1", "S1", {"R1": 1.0}, seen_version=0, reason="a")
    version = services.restore_weights(
        loaded, PLANNER, "P1", "S1", 1, seen_version=2, reason="kembali"
    )
    assert services.current_weights(loaded, "P1", "S1") == (version, {"R1": 3.0, "I1": 2.0})
    assert version == 3


def test_weight_of_a_non_child_is_refused(loaded) -> None:
    with pytest.raises(ServiceError, match="not children"):
        services.set_weights(loaded, PLANNER, "P1", "S1", {"V": 1.0}, seen_version=0, reason="x")


def test_negative_weight_is_refused(loaded) -> None:
    with pytest.raises(ServiceError, match="negative"):
        services.set_weights(loaded, PLANNER, "P1", "S1", {"I1": -1.0}, seen_version=0, reason="x")


def test_all_zero_weights_are_refused(loaded) -> None:
    with pytest.raises(ServiceError, match="zero"):
        services.set_weights(
            loaded, PLANNER, "P1", "S1", {"I1": 0.0, "R1": 0.0}, seen_version=0, reason="x"
        )


def test_weight_change_needs_a_reason(loaded) -> None:
    with pytest.raises(ServiceError, match="reason"):
        services.set_weights(loaded, PLANNER, "P1", "S1", {"I1": 1.0}, seen_version=0, reason="")


def test_operator_may_not_change_weights(loaded) -> None:
    with pytest.raises(PermissionDenied):
        services.set_weights(loaded, OPERATOR, "P1", "S1", {"I1": 1.0}, seen_version=0, reason="x")


def test_weight_change_is_audited_old_to_new(loaded) -> None:
    services.set_weights(loaded, PLANNER, "P1", "S1", {"I1": 4.0}, seen_version=0, reason="why")
    entry = services.audit_log(loaded, "P1", entity="weights", key="S1")[0]
    assert (entry["username"], entry["reason"]) == ("perencana", "why")
    assert (entry["old"]["I1"], entry["new"]["I1"]) == (2.0, 4.0)


def test_weight_change_failing_midway_leaves_the_database_as_before(loaded, monkeypatch) -> None:
    before = snapshot(loaded)

    def broken(*args, **kwargs):
        raise RuntimeError("injected failure")

    monkeypatch.setattr(repository, "write_audit", broken)
    with pytest.raises(RuntimeError):
        services.set_weights(loaded, PLANNER, "P1", "S1", {"I1": 5.0}, seen_version=0, reason="x")
    monkeypatch.undo()
    assert snapshot(loaded) == before


def test_reimport_with_other_weights_adds_a_version_where_history_exists(
    loaded, small_plan
) -> None:
    services.set_weights(loaded, PLANNER, "P1", "S1", {"I1": 5.0}, seen_version=0, reason="x")
    small_plan.indicators[0].weight = 7.0
    services.import_document(loaded, ADMIN, small_plan)
    latest = services.weight_versions(loaded, "P1", "S1")[-1]
    assert (latest["version"], latest["weights"]["I1"]) == (3, 7.0)


# -- structure ---------------------------------------------------------------------------------


def test_added_objective_and_indicator_are_part_of_the_plan(loaded) -> None:
    services.add_objective(
        loaded, PLANNER, "P1", Objective("M2", "Misi 2", "mission"), parent="V", weight=2.0
    )
    services.add_indicator(loaded, PLANNER, "P1", Indicator("I3", "M2", "Indeks"))
    doc = services.load_document(loaded, "P1")
    assert doc.objectives[-1].code == "M2" and doc.indicators[-1].code == "I3"
    assert ("V", "M2", 2.0) in [(lk.parent, lk.child, lk.weight) for lk in doc.links]


def test_adding_an_objective_that_breaks_the_cascade_is_refused(loaded) -> None:
    before = snapshot(loaded)
    with pytest.raises(InvalidPlan):
        services.add_objective(
            loaded, PLANNER, "P1", Objective("V2", "Visi kedua", "vision"), parent=None
        )
    assert snapshot(loaded) == before


def test_adding_a_duplicate_code_is_refused(loaded) -> None:
    with pytest.raises(ServiceError, match="already used"):
        services.add_indicator(loaded, PLANNER, "P1", Indicator("S1", "M1", "dup"))


def test_updated_objective_is_audited(loaded) -> None:
    services.update_objective(loaded, PLANNER, "P1", "M1", name="Misi Sejahtera", reason="ejaan")
    entry = services.audit_log(loaded, "P1", entity="objective", key="M1")[0]
    assert (entry["old"], entry["new"], entry["reason"]) == (
        {"name": "Misi 1"},
        {"name": "Misi Sejahtera"},
        "ejaan",
    )


def test_update_to_an_invalid_level_order_is_refused(loaded) -> None:
    with pytest.raises(InvalidPlan):
        services.update_objective(loaded, PLANNER, "P1", "S1", level="vision")


def test_moved_objective_hangs_under_its_new_parent(loaded) -> None:
    services.add_objective(loaded, PLANNER, "P1", Objective("M2", "Misi 2", "mission"), parent="V")
    services.move_objective(loaded, PLANNER, "P1", "S1", "M2")
    links = {(lk.parent, lk.child) for lk in services.load_document(loaded, "P1").links}
    assert ("M2", "S1") in links and ("M1", "S1") not in links


def test_removing_an_objective_with_children_is_refused(loaded) -> None:
    with pytest.raises(ServiceError, match="child objectives"):
        services.remove_objective(loaded, PLANNER, "P1", "S1")


def test_removed_leaf_objective_takes_its_indicators_and_data(loaded) -> None:
    services.remove_objective(loaded, PLANNER, "P1", "R1", reason="pensiun")
    doc = services.load_document(loaded, "P1")
    assert "R1" not in {o.code for o in doc.objectives}
    assert all(t.indicator != "I2" for t in doc.targets)


def test_updated_indicator_changes_its_polarity(loaded) -> None:
    services.update_indicator(loaded, PLANNER, "P1", "I1", polarity="negative")
    doc = services.load_document(loaded, "P1")
    assert doc.indicators[0].polarity == "negative"


def test_indicator_weight_goes_through_set_weights(loaded) -> None:
    with pytest.raises(ServiceError, match="set_weights"):
        services.update_indicator(loaded, PLANNER, "P1", "I1", weight=3.0)


def test_removed_indicator_is_gone(loaded) -> None:
    services.remove_indicator(loaded, PLANNER, "P1", "I2")
    assert [i.code for i in services.load_document(loaded, "P1").indicators] == ["I1"]


def test_employee_may_not_change_the_structure(loaded) -> None:
    with pytest.raises(PermissionDenied):
        services.remove_indicator(loaded, EMPLOYEE, "P1", "I2")


def test_structure_change_failing_midway_leaves_the_database_as_before(loaded, monkeypatch) -> None:
    before = snapshot(loaded)

    def broken(*args, **kwargs):
        raise RuntimeError("injected failure")

    monkeypatch.setattr(services, "_validate_structure", broken)
    with pytest.raises(RuntimeError):
        services.remove_objective(loaded, PLANNER, "P1", "R1")
    monkeypatch.undo()
    assert snapshot(loaded) == before


# -- targets -----------------------------------------------------------------------------------


def test_set_target_adds_a_range_target(loaded) -> None:
    services.set_target(loaded, PLANNER, "P1", "I1", "2022", low=60.0, high=70.0)
    target = services.load_document(loaded, "P1").targets[-1]
    assert (target.indicator, target.period, target.low, target.high) == ("I1", "2022", 60.0, 70.0)


def test_set_target_without_value_removes_the_target(loaded) -> None:
    services.set_target(loaded, PLANNER, "P1", "I1", "2023")
    assert all(t.indicator != "I1" for t in services.load_document(loaded, "P1").targets)


def test_negative_target_is_refused(loaded) -> None:
    with pytest.raises(ServiceError, match="negative target"):
        services.set_target(loaded, PLANNER, "P1", "I1", "2022", -5.0)


def test_reversed_range_is_refused(loaded) -> None:
    with pytest.raises(ServiceError, match="invalid range"):
        services.set_target(loaded, PLANNER, "P1", "I1", "2022", low=9.0, high=3.0)


# -- users and audit ---------------------------------------------------------------------------


def test_ensured_user_can_be_read_back(db) -> None:
    services.ensure_user(db, "budi", "Budi", "operator", unit="DIKES")
    assert services.get_user(db, "budi") == User("budi", "Budi", "operator", "DIKES", None)


def test_ensure_user_updates_a_changed_role(db) -> None:
    services.ensure_user(db, "budi", "Budi", "operator")
    services.ensure_user(db, "budi", "Budi", "planner")
    assert services.get_user(db, "budi").role == "planner"


def test_unknown_role_is_refused(db) -> None:
    with pytest.raises(ServiceError, match="unknown role"):
        services.ensure_user(db, "budi", "Budi", "boss")


def test_only_admins_manage_users(db) -> None:
    with pytest.raises(PermissionDenied):
        services.ensure_user(db, "budi", "Budi", "admin", actor=PLANNER)


def test_unknown_user_is_not_found(db) -> None:
    with pytest.raises(NotFound):
        services.get_user(db, "hantu")


def test_audit_log_is_newest_first(loaded) -> None:
    services.record_realization(loaded, ADMIN, "P1", "I1", "2021", 1.0)
    services.record_realization(loaded, ADMIN, "P1", "I1", "2022", 2.0)
    keys = [e["key"] for e in services.audit_log(loaded, "P1", entity="realization")]
    assert keys[:2] == ["I1@2022", "I1@2021"]


def test_simultaneous_weight_changes_let_exactly_one_win(loaded, database_url) -> None:
    import threading

    outcomes: list[str] = []
    barrier = threading.Barrier(4)

    def change(weight: float) -> None:
        db = Database(database_url)
        barrier.wait()
        try:
            services.set_weights(
                db, PLANNER, "P1", "S1", {"I1": weight}, seen_version=0, reason="race"
            )
            outcomes.append("ok")
        except ConflictError:
            outcomes.append("conflict")
        finally:
            db.dispose()

    threads = [threading.Thread(target=change, args=(float(w),)) for w in range(1, 5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "conflict", "conflict", "ok"]
    assert services.current_weights(loaded, "P1", "S1")[0] == 2
