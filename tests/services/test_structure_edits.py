"""The workshop's structure edits: scope, refusals with the reason, cascade removal, links,
Manual IKU, and undo from the history (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from ekinerja import services
from ekinerja.model import Indicator, Objective
from ekinerja.services import InvalidEdit, PermissionDenied, User


@pytest.fixture
def head() -> User:
    """The head of DIKES (the unit of S1 and R1)."""
    return User("kadis", "Kepala Dinas", "head", unit="DIKES")


def links(db) -> set[tuple[str, str, float]]:
    return {(lk.parent, lk.child, lk.weight) for lk in services.load_document(db, "P1").links}


def codes(db) -> set[str]:
    doc = services.load_document(db, "P1")
    return {o.code for o in doc.objectives} | {i.code for i in doc.indicators}


def test_a_head_does_not_edit_the_structure_even_inside_their_unit(loaded, head, snapshot
                                                                  ) -> None:
    """The accounts contract gives heads verification and SKP ratings, not the structure."""
    before = snapshot(loaded)
    with pytest.raises(PermissionDenied):
        services.add_objective(loaded, head, "P1",
                               Objective("R2", "RHK baru", "individual", unit="DIKES"),
                               parent="S1")
    with pytest.raises(PermissionDenied):
        services.update_objective(loaded, head, "P1", "S1", name="Sasaran Dinas Sehat")
    with pytest.raises(PermissionDenied):
        services.set_target(loaded, head, "P1", "I1", "2022", 4.0)
    assert snapshot(loaded) == before


def test_head_cannot_edit_outside_their_unit(loaded, head, snapshot) -> None:
    before = snapshot(loaded)
    with pytest.raises(PermissionDenied):
        services.update_objective(loaded, head, "P1", "M1", name="Misi lain")
    with pytest.raises(PermissionDenied):
        services.add_objective(loaded, head, "P1", Objective("M2", "Misi 2", "mission"),
                               parent="V")
    with pytest.raises(PermissionDenied):
        services.move_objective(loaded, head, "P1", "S1", "V")
    assert snapshot(loaded) == before


def test_head_of_another_unit_is_refused(loaded, snapshot) -> None:
    other = User("kadis2", "Kepala Lain", "head", unit="PEMDA-LAIN")
    before = snapshot(loaded)
    with pytest.raises(PermissionDenied):
        services.update_objective(loaded, other, "P1", "S1", name="x")
    assert snapshot(loaded) == before


@pytest.mark.parametrize("role", ["operator", "employee", "viewer", "evaluator"])
def test_other_roles_cannot_edit(loaded, role) -> None:
    user = User("u", "U", role, unit="DIKES")
    with pytest.raises(PermissionDenied):
        services.update_objective(loaded, user, "P1", "S1", name="x")


def test_removal_with_data_is_refused_with_the_reason(loaded, planner, snapshot) -> None:
    before = snapshot(loaded)
    with pytest.raises(InvalidEdit, match="1 targets and 1 realization") as refused:
        services.remove_objective(loaded, planner, "P1", "R1")
    assert "R1" in refused.value.text("en")
    assert snapshot(loaded) == before


def test_removal_preview_lists_what_goes(loaded, planner) -> None:
    removal = services.removal_preview(loaded, "P1", "S1")
    assert removal.objectives == ["S1", "R1"]
    assert removal.indicators == ["I1", "I2"]
    assert (removal.targets, removal.realizations) == (2, 2)
    assert removal.children == ["R1"]


def test_cascade_removal_takes_everything_below(loaded, planner) -> None:
    services.remove_objective(loaded, planner, "P1", "S1", cascade=True)
    assert codes(loaded) == {"V", "M1"}
    assert services.load_document(loaded, "P1").causal_links == []


def test_crosscutting_child_keeps_its_other_parent(loaded, planner) -> None:
    services.add_objective(loaded, planner, "P1", Objective("M2", "Misi 2", "mission"),
                           parent="V")
    services.add_link(loaded, planner, "P1", "M2", "S1", 2.0)
    assert ("M2", "S1", 2.0) in links(loaded)
    removal = services.removal_preview(loaded, "P1", "M1")
    assert (removal.objectives, removal.links) == (["M1"], ["V>M1", "M1>S1"])
    services.remove_objective(loaded, planner, "P1", "M1", cascade=True)
    assert "S1" in codes(loaded) and ("M2", "S1", 2.0) in links(loaded)


def test_link_add_and_remove(loaded, planner) -> None:
    services.add_objective(loaded, planner, "P1", Objective("M2", "Misi 2", "mission"),
                           parent="V")
    services.add_link(loaded, planner, "P1", "M2", "S1", 0.5)
    with pytest.raises(InvalidEdit, match="already under"):
        services.add_link(loaded, planner, "P1", "M2", "S1")
    services.remove_link(loaded, planner, "P1", "M2", "S1")
    assert all(child != "S1" or parent == "M1" for parent, child, _ in links(loaded))


def test_located_message_names_the_field(loaded, planner) -> None:
    with pytest.raises(InvalidEdit) as refused:
        services.update_indicator(loaded, planner, "P1", "I1", polarity="sideways")
    assert refused.value.field == "polarity"
    assert refused.value.text("en") == 'polarity: Unknown value "sideways".'


def test_manual_iku_is_kept_and_audited(loaded, planner) -> None:
    services.set_indicator_manual(loaded, planner, "P1", "I1", iku=True,
                                  definition="Persentase warga terlayani", formula="a/b*100")
    manual = services.indicator_manual(loaded, "P1", "I1")
    assert manual["iku"] is True and manual["formula"] == "a/b*100"
    assert manual["data_source"] == ""
    entry = services.audit_log(loaded, "P1", entity="indicator_manual")[0]
    assert entry["new"]["definition"] == "Persentase warga terlayani"


def test_move_then_undo_restores_the_parent(loaded, planner) -> None:
    services.add_objective(loaded, planner, "P1", Objective("M2", "Misi 2", "mission"),
                           parent="V")
    before = links(loaded)
    services.move_objective(loaded, planner, "P1", "S1", "M2")
    assert ("M2", "S1", 1.0) in links(loaded)
    edit = services.edit_history(loaded, "P1")[0]
    assert edit["label"] == {"msgid": "Move {code} under {parent}",
                             "params": {"code": "S1", "parent": "M2"}}
    services.undo_edit(loaded, planner, "P1", edit["id"])
    assert links(loaded) == before
    history = services.edit_history(loaded, "P1")
    assert history[0]["undo_of"] == edit["id"] and history[1]["undone_by"] == history[0]["id"]
    with pytest.raises(InvalidEdit, match="undone already"):
        services.undo_edit(loaded, planner, "P1", edit["id"])
    services.undo_edit(loaded, planner, "P1", history[0]["id"])  # redo
    assert ("M2", "S1", 1.0) in links(loaded)


def test_undo_of_a_removal_brings_back_the_objective_and_targets(loaded, planner) -> None:
    services.set_target(loaded, planner, "P1", "I1", "2022", 50.0)
    services.add_objective(loaded, planner, "P1",
                           Objective("R2", "RHK", "individual", unit="DIKES"), parent="S1")
    services.add_indicator(loaded, planner, "P1", Indicator("I9", "R2", "Dokumen"))
    services.set_target(loaded, planner, "P1", "I9", "2022", 3.0)
    services.set_indicator_manual(loaded, planner, "P1", "I9", iku=True)
    before = services.load_document(loaded, "P1")
    services.remove_objective(loaded, planner, "P1", "R2", cascade=True)
    assert "R2" not in codes(loaded)
    services.undo_edit(loaded, planner, "P1", services.edit_history(loaded, "P1")[0]["id"])
    after = services.load_document(loaded, "P1")
    assert {o.code for o in after.objectives} == {o.code for o in before.objectives}
    assert {(t.indicator, t.period, t.value) for t in after.targets} == {
        (t.indicator, t.period, t.value) for t in before.targets}
    assert services.indicator_manual(loaded, "P1", "I9")["iku"] is True


def test_undo_is_refused_when_the_node_changed_since(loaded, planner, snapshot) -> None:
    services.update_objective(loaded, planner, "P1", "S1", name="Satu")
    first = services.edit_history(loaded, "P1")[0]["id"]
    services.update_objective(loaded, planner, "P1", "S1", name="Dua")
    before = snapshot(loaded)
    with pytest.raises(InvalidEdit, match="changed since"):
        services.undo_edit(loaded, planner, "P1", first)
    assert snapshot(loaded) == before


def test_undo_of_a_removal_that_deleted_realizations_is_refused(loaded, planner) -> None:
    services.remove_objective(loaded, planner, "P1", "R1", cascade=True)
    with pytest.raises(InvalidEdit, match="deleted realizations"):
        services.undo_edit(loaded, planner, "P1", services.edit_history(loaded, "P1")[0]["id"])


def test_a_head_cannot_undo_a_planners_edit(loaded, planner, head) -> None:
    services.update_objective(loaded, planner, "P1", "S1", name="Satu")
    with pytest.raises(PermissionDenied):
        services.undo_edit(loaded, head, "P1", services.edit_history(loaded, "P1")[0]["id"])
    assert services.load_document(loaded, "P1").objectives[2].name == "Satu"


def test_edits_move_the_revision_and_record_a_reload(loaded, planner) -> None:
    before = services.revision(loaded)
    services.update_objective(loaded, planner, "P1", "S1", perspective="financial")
    assert services.revision(loaded) > before


def test_set_targets_writes_every_period_in_one_edit(loaded, planner) -> None:
    services.set_targets(loaded, planner, "P1", "I1", {
        "2021": (60.0, None, None), "2022-Q1": (None, 10.0, 20.0), "2023": (None, None, None)})
    assert services.targets_of(loaded, "P1", "I1") == {"2021": 60.0, "2022-Q1": (10.0, 20.0)}
    edit = services.edit_history(loaded, "P1")[0]
    assert len(edit["steps"]) == 3
    services.undo_edit(loaded, planner, "P1", edit["id"])
    assert services.targets_of(loaded, "P1", "I1") == {"2023": 80.0}


def test_one_bad_target_refuses_them_all_with_its_period(loaded, planner, snapshot) -> None:
    before = snapshot(loaded)
    with pytest.raises(InvalidEdit) as refused:
        services.set_targets(loaded, planner, "P1", "I1", {
            "2021": (60.0, None, None), "2022": (-1.0, None, None)})
    assert refused.value.field == "2022"
    assert snapshot(loaded) == before


def test_a_plan_built_from_empty(db, planner) -> None:
    from ekinerja.model import Plan, PlanDocument, Unit

    services.start_plan(db, planner, PlanDocument(Plan("B", "Baru", 2025, 2029),
                                                  units=[Unit("U", "Dinas")]))
    assert services.load_document(db, "B").objectives == []
    services.add_objective(db, planner, "B", Objective("V", "Visi", "vision"), parent=None)
    services.add_objective(db, planner, "B", Objective("M", "Misi", "mission"), parent="V")
    assert [o.code for o in services.load_document(db, "B").objectives] == ["V", "M"]
    with pytest.raises(InvalidEdit, match="already used"):
        services.start_plan(db, planner, PlanDocument(Plan("B", "Lagi", 2025, 2029)))
