"""Bobot callbacks as plain functions, on a real SQLite database of the NTB example."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from dash import no_update
from ekinerja.callbacks import bobot

from ekinerja import services
from ekinerja.readmodels import weights
from ekinerja.sources import DatabaseSource
from ekinerja.storage.database import Database

PARENT = "VISI"
PERIOD = "2022"


def doubled_first(engine: Any) -> dict[str, float | None]:
    rows = weights.children(engine, PARENT)
    return {r.code: round(r.percent * (2 if i == 0 else 1), 2) for i, r in enumerate(rows)}


@pytest.fixture
def save(db: Database, user_of) -> Callable[..., tuple]:
    """save(typed, seen, user="perencana", reason=..., restore=None): bobot.save as the
    signed-in account `user`."""

    def run(typed: dict, seen: dict, user: str = "perencana",
            reason: str = "penyesuaian prioritas", restore: int | None = None,
            any_total: bool = True) -> tuple:
        return bobot.save(services.load_engine(db), db, None, user_of(user), seen, typed, reason,
                          restore, "id", any_total=any_total)

    return run


def test_load_gives_one_input_per_child_and_the_version_seen(db, text_of):
    engine = services.load_engine(db)
    editor, seen, _history = bobot.load(engine, db, None, PARENT, "id")
    assert seen == {"parent": PARENT, "version": 0}
    assert text_of(editor).count("Bobot baru MISI-") == len(weights.children(engine, PARENT))


def test_saved_weights_give_the_score_the_preview_showed(db, save):
    engine = services.load_engine(db)
    typed = doubled_first(engine)
    result = weights.preview(engine, engine.evaluate(PERIOD), PARENT,
                             weights.effective_weights(weights.children(engine, PARENT), typed))
    save(typed, {"parent": PARENT, "version": 0})
    after = services.load_engine(db).evaluate(PERIOD).score_of(PARENT)
    assert after == pytest.approx(result.chain[0].after, abs=1e-9)
    assert after != pytest.approx(engine.evaluate(PERIOD).score_of(PARENT), abs=1e-9)


def test_saving_makes_a_new_version_and_says_so(db, save):
    _editor, seen, _message, _history, _revision = save(
        doubled_first(services.load_engine(db)), {"parent": PARENT, "version": 0}
    )
    assert seen == {"parent": PARENT, "version": 2}
    assert [v["version"] for v in services.weight_versions(db, None, PARENT)] == [1, 2]


def test_a_save_over_a_newer_version_is_refused_and_the_edits_stay(db, text_of, save):
    engine = services.load_engine(db)
    save(doubled_first(engine), {"parent": PARENT, "version": 0})
    editor, seen, message, _history, revision = save(
        doubled_first(engine), {"parent": PARENT, "version": 0}
    )
    assert (editor, seen, revision) == (no_update, no_update, no_update)
    assert "diubah orang lain" in text_of(message)
    assert len(services.weight_versions(db, None, PARENT)) == 2


def test_a_save_without_reason_is_refused(db, text_of, save):
    _e, _s, message, _h, revision = save(
        doubled_first(services.load_engine(db)), {"parent": PARENT, "version": 0}, reason=""
    )
    assert revision is no_update
    assert "alasan" in text_of(message)


def test_an_operator_may_not_change_weights(db, text_of, save):
    _e, _s, message, _h, revision = save(
        doubled_first(services.load_engine(db)), {"parent": PARENT, "version": 0},
        user="operator",
    )
    assert revision is no_update
    assert services.weight_versions(db, None, PARENT) == []
    assert "tidak diizinkan" in text_of(message)


def test_negative_weights_are_refused_before_reaching_the_database(db, text_of, save):
    typed = dict.fromkeys(doubled_first(services.load_engine(db)), 10.0)
    typed[next(iter(typed))] = -5.0
    _e, _s, message, _h, revision = save(typed, {"parent": PARENT, "version": 0})
    assert revision is no_update
    assert "negatif" in text_of(message)


def test_restoring_a_version_brings_back_its_weights(db, save):
    engine = services.load_engine(db)
    original = {r.code: r.weight for r in weights.children(engine, PARENT)}
    save(doubled_first(engine), {"parent": PARENT, "version": 0})
    save({}, {"parent": PARENT, "version": 2}, restore=1)
    restored = {r.code: r.weight for r in weights.children(services.load_engine(db), PARENT)}
    assert restored == original
    assert [v["version"] for v in services.weight_versions(db, None, PARENT)] == [1, 2, 3]


def test_preview_totals_the_typed_weights(db, text_of):
    engine = services.load_engine(db)
    typed = dict.fromkeys(doubled_first(engine), 20.0)
    _panel, total = bobot.preview(engine, PARENT, PERIOD, typed, "id")
    assert " ".join(text_of(total).split()) == f"Jumlah: {20 * len(typed)},00 % (bukan 100 %)"


def test_preview_names_the_problem_with_all_zero_weights(db, text_of):
    engine = services.load_engine(db)
    typed = dict.fromkeys(doubled_first(engine), 0.0)
    panel, _total = bobot.preview(engine, PARENT, PERIOD, typed, "id")
    assert "nol" in text_of(panel)


def test_parent_options_keep_the_chosen_parent(db):
    options = bobot.parent_options(services.load_engine(db), "zzz-tidak-ada", PARENT)
    assert [o["value"] for o in options] == [PARENT]


def test_preview_of_inputs_that_belong_to_another_parent_waits(db, text_of):
    engine = services.load_engine(db)
    panel, total = bobot.preview(engine, PARENT, PERIOD, {"IKD-BAPPEDA-1.1": 50.0}, "id")
    assert total is no_update
    assert "Pilih sasaran induk" in text_of(panel)


def test_a_viewer_is_not_offered_saving(db, user_of):
    assert not bobot.layout_params(DatabaseSource(db), "id", user_of("tamu"))["can_save"]


def test_a_planner_is_offered_saving(db, user_of):
    assert bobot.layout_params(DatabaseSource(db), "id", user_of("perencana"))["can_save"]


def test_restore_options_list_the_versions_newest_first(db, save):
    save(doubled_first(services.load_engine(db)), {"parent": PARENT, "version": 0})
    options = bobot.restore_options(db, None, {"parent": PARENT, "version": 2})
    assert [o["value"] for o in options] == [2, 1]


def test_a_total_other_than_100_is_not_saved_unless_the_planner_says_so(db, text_of, save):
    typed = doubled_first(services.load_engine(db))
    _e, _s, message, _h, revision = save(typed, {"parent": PARENT, "version": 0},
                                         any_total=False)
    assert revision is no_update and services.weight_versions(db, None, PARENT) == []
    assert "bukan 100 %" in text_of(message)
    _e, _s, _message, _h, revision = save(typed, {"parent": PARENT, "version": 0})
    assert revision is not no_update


@pytest.mark.parametrize(("lang", "typed", "value"), [
    ("id", "30,5", 30.5), ("en", "30.5", 30.5), ("id", "1.000", 1000.0), ("id", "x", None),
])
def test_typed_weights_are_read_in_the_pages_language(lang, typed, value):
    component = {"type": "weight-input", "index": "M1"}
    assert bobot.typed_weights([typed], [component], lang) == {"M1": value}


def test_normalising_writes_the_weights_in_the_language():
    assert bobot.normalised(["1", "1", "2"], "id") == ["25", "25", "50"]
    assert bobot.normalised(["1", "2"], "en") == ["33.33", "66.67"]


def test_history_shows_every_change_as_a_percentage(db, text_of, save):
    save(doubled_first(services.load_engine(db)), {"parent": PARENT, "version": 0})
    _editor, _seen, history = bobot.load(services.load_engine(db), db, None, PARENT, "id")
    text = text_of(history)
    assert "% →" in text and "% dari jumlah" in text


def test_restore_options_name_the_date_and_author(db, save):
    save(doubled_first(services.load_engine(db)), {"parent": PARENT, "version": 0})
    options = bobot.restore_options(db, None, {"parent": PARENT, "version": 2})
    assert options[0]["label"].startswith("v2 · ") and "perencana" in options[0]["label"]
