"""The workshop panel's callback bodies: typed numbers and targets, refusals in words, the
forms filled from the plan, and changes made as the signed-in account."""

from __future__ import annotations

import pytest
from dash import no_update
from ekinerja.callbacks import common
from ekinerja.callbacks import common_targets as grid
from ekinerja.callbacks import common_workshop as workshop
from ekinerja.layouts import ids

from ekinerja import services
from ekinerja.messages import InputError

PLAN = None  # the only plan of the callbacks' database (the NTB example)


def test_a_target_cell_reads_a_number_a_range_or_nothing() -> None:
    assert grid.typed_target("1.234,5", "id", "2025") == (1234.5, None, None)
    assert grid.typed_target("80 - 90", "id", "2025") == (None, 80.0, 90.0)
    assert grid.typed_target("7,5–8", "id", "2025") == (None, 7.5, 8.0)
    assert grid.typed_target("", "id", "2025") == (None, None, None)
    with pytest.raises(InputError) as refused:
        grid.typed_target("delapan", "id", "Triwulan I 2025")
    assert refused.value.text("id").startswith("Triwulan I 2025: ")


def test_the_link_of_a_quality_item_names_the_node() -> None:
    assert common.query_value("?node=SS-1&indicator=IKU-1", "indicator") == "IKU-1"
    assert common.query_value("", "node") is None


def test_a_query_name_may_have_several_values() -> None:
    assert common.query_values("?band=Rendah&band=Sangat%20Rendah,-", "band") == [
        "Rendah", "Sangat Rendah", "-"]
    assert common.query_values(common.parse_query("?unit=DIKES"), "unit") == ["DIKES"]
    assert common.query_values(None, "band") == []


def test_the_forms_are_filled_from_the_chosen_objective(db, text_of) -> None:
    engine = services.load_engine(db)
    values = workshop.node_values(engine, "SPD-DIKES-1", "id", None, "IKD-DIKES-1.2")
    assert "SPD-DIKES-1" in text_of(values[0])
    assert values[2] == "agency_objective" and values[5] == "DIKES"
    assert values[-1] == "IKD-DIKES-1.2"
    assert {o["value"] for o in values[10]} == {"SS-3.1"}  # the parents one may unlink
    nothing = workshop.node_values(engine, None, "id")
    assert nothing[9] == "vision"  # with nothing chosen, adding adds the vision


def test_the_indicator_form_has_its_targets_per_year_and_quarter(db) -> None:
    engine = services.load_engine(db)
    values = workshop.indicator_values(engine, db, PLAN, "IKD-DIKES-1.1", "id")
    rows = values[-1]
    plan = engine.doc.plan
    assert [r["year"] for r in rows] == ["baseline", *map(str, range(plan.start_year,
                                                                     plan.end_year + 1))]
    assert rows[0]["label"] == f"Nilai awal {plan.start_year - 1}"
    stored = services.targets_of(db, PLAN, "IKD-DIKES-1.1")
    assert stored
    shown = {(r["year"] if c == "annual" else f"{r['year']}-Q{c[1]}"): r[c]
             for r in rows[1:] for c in ("annual", "q1", "q2", "q3", "q4") if r[c]}
    assert set(shown) == set(stored)
    for period, target in stored.items():
        expected = (None, *target) if isinstance(target, tuple) else (target, None, None)
        assert grid.typed_target(shown[period], "id", period) == expected


def test_a_refused_change_is_said_in_words_and_writes_nothing(db, user_of) -> None:
    before = services.revision(db)
    message, revision, _chosen = workshop.act(
        ids.WORK_SAVE, db, PLAN, user_of("tamu"), "SPD-DIKES-1", {ids.WORK_NAME: "x"}, "id")
    assert "tidak diizinkan" in str(message) and revision is not None
    assert services.revision(db) == before


def test_a_planner_adds_a_child_and_it_is_chosen_next(db, user_of) -> None:
    form = {ids.WORK_CHILD_KIND: "objective", ids.WORK_CHILD_CODE: "SP-BARU",
            ids.WORK_CHILD_NAME: "Sasaran program baru",
            ids.WORK_CHILD_LEVEL: "program_objective", ids.WORK_UNIT: "DIKES"}
    message, revision, chosen = workshop.act(ids.WORK_ADD, db, PLAN, user_of("perencana"),
                                             "SPD-DIKES-1", form, "id")
    assert "SP-BARU ditambahkan" in str(message)
    assert chosen == "SP-BARU" and revision == services.revision(db)


def test_a_bad_cap_is_refused_at_its_field(db, user_of) -> None:
    form = {ids.WORK_INDICATOR: "IKD-DIKES-1.1", ids.WORK_IND_CAP: "seratus"}
    message, _revision, _chosen = workshop.act(ids.WORK_IND_SAVE, db, PLAN,
                                               user_of("perencana"), "SPD-DIKES-1", form, "id")
    assert "Batas atas: " in str(message)


def grid_rows(db) -> list[dict]:
    """The targets grid of IKD-DIKES-1.1 as the panel fills it."""
    return workshop.indicator_values(services.load_engine(db), db, PLAN, "IKD-DIKES-1.1",
                                     "id")[-1]


def test_saving_the_grid_writes_only_the_changed_cells(db, user_of) -> None:
    rows = grid_rows(db)
    row = next(r for r in rows if r["year"] == "2022")
    row["annual"], row["q1"] = "12,5", "3 - 4"
    message, revision = grid.save_targets(db, PLAN, user_of("perencana"), "IKD-DIKES-1.1",
                                          rows, "id")
    assert "2 target disimpan" in str(message) and revision == services.revision(db)
    targets = services.targets_of(db, PLAN, "IKD-DIKES-1.1")
    assert targets["2022"] == 12.5 and targets["2022-Q1"] == (3.0, 4.0)
    message, _revision = grid.save_targets(db, PLAN, user_of("perencana"), "IKD-DIKES-1.1",
                                           rows, "id")
    assert "Tidak ada yang berubah" in str(message)


def test_the_grid_saves_the_baseline_and_names_every_bad_cell(db, user_of) -> None:
    rows = grid_rows(db)
    rows[0]["annual"] = "-1,5"
    before = services.revision(db)
    bad = next(r for r in rows if r["year"] == "2022")
    bad["q2"], bad["q4"] = "dua", "-3"
    message, revision = grid.save_targets(db, PLAN, user_of("perencana"), "IKD-DIKES-1.1",
                                          rows, "id")
    assert "Triwulan II 2022: " in str(message) and "Triwulan IV 2022: " in str(message)
    assert revision is no_update and services.revision(db) == before
    assert services.baseline_of(db, PLAN, "IKD-DIKES-1.1") is None
    bad["q2"], bad["q4"] = "", ""
    message, revision = grid.save_targets(db, PLAN, user_of("perencana"), "IKD-DIKES-1.1",
                                          rows, "id")
    assert "1 sel disimpan, termasuk nilai awal" in str(message)
    assert services.baseline_of(db, PLAN, "IKD-DIKES-1.1") == -1.5
    assert grid_rows(db)[0]["annual"] == "-1,5"


def test_a_cell_is_checked_as_typed_by_the_targets_rules(db) -> None:
    rows = grid_rows(db)
    assert grid.check_cell({"colId": "q1", "value": "-3", "data": rows[1]}, "id") != ""
    assert "Triwulan I" in str(grid.check_cell({"colId": "q1", "value": "-3",
                                                "data": rows[1]}, "id"))
    assert grid.check_cell({"colId": "annual", "value": "-3", "data": rows[0]}, "id") == ""
    assert "bukan rentang" in str(grid.check_cell({"colId": "annual", "value": "1 - 2",
                                                   "data": rows[0]}, "id"))


def test_a_cell_missing_from_a_row_is_left_as_stored(db, user_of) -> None:
    before = services.targets_of(db, PLAN, "IKD-DIKES-1.1")
    rows = [{"year": "2023", "label": "2023", "q2": "4"}]  # the year's target not sent
    message, _revision = grid.save_targets(db, PLAN, user_of("perencana"), "IKD-DIKES-1.1",
                                           rows, "id")
    assert "1 target disimpan" in str(message)
    assert services.targets_of(db, PLAN, "IKD-DIKES-1.1") == {**before, "2023-Q2": 4.0}
