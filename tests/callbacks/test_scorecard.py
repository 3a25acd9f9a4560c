"""The Scorecard callback body: the grid rows of a unit and a one-line summary."""

from __future__ import annotations

from ekinerja.callbacks import scorecard


def test_render_grid_summarises_unit_period_and_count(engine):
    rows, summary = scorecard.render_grid(engine, "2023-Q2", "DIKES", None, "en")
    assert summary == f"Dinas Kesehatan · Q2 2023 · {len(rows)} rows"


def test_render_grid_rows_are_the_units_objectives_and_indicators(engine):
    rows, _summary = scorecard.render_grid(engine, "2023-Q2", "DIKES", None, "id")
    assert [r["code"] for r in rows[:2]] == ["SPD-KES-1", "IK-KES-1"]


def test_layout_params_offer_the_units_the_first_agency_and_the_bands(document):
    from ekinerja.sources import document_provider

    params = scorecard.layout_params(document_provider(document), "id")
    assert params["unit"] == "DIKES" and params["bands"][0] == "Sangat Tinggi"


def test_the_grid_after_a_change_is_patched_and_equals_a_fresh_one(engine):
    """A saved value and a weight in the period: the next grid writes again only the rows
    whose numbers changed (the others are the same row objects) and equals the grid of a
    fresh engine compiled from the same plan."""
    from ekinerja.readmodels.scorecard import scorecard_columns
    from ekinerja.rollup import Engine

    before, _summary = scorecard.render_grid(engine, "2023-Q2", "DIKES", None, "id")
    indicator = next(r["code"] for r in before if r["code"].startswith("IK-"))
    parent = next(r["code"] for r in before if not r["code"].startswith("IK-"))
    child = engine.child_indicators(parent)[0]
    followed = engine.follow([(indicator, "2023-Q2", 12.5, "verified")],
                             {(parent, child): 4.0})
    after, _summary = scorecard.render_grid(followed, "2023-Q2", "DIKES", None, "id")
    fresh = Engine(followed.doc)
    assert after == scorecard.render_grid(fresh, "2023-Q2", "DIKES", None, "id")[0]
    assert scorecard_columns(followed, "2023-Q2", "DIKES").target == (
        scorecard_columns(fresh, "2023-Q2", "DIKES").target)
    changed = [k for k, (old, new) in enumerate(zip(before, after, strict=True)) if old != new]
    assert changed and len(changed) < len(after)
    assert all(after[k] is before[k] for k in range(len(after)) if k not in changed)
    assert next(r for r in after if r["code"] == indicator)["realization"] == 12.5
    banded = scorecard.render_grid(followed, "2023-Q2", "DIKES", ["Sangat Tinggi"], "id")[0]
    assert banded == scorecard.render_grid(fresh, "2023-Q2", "DIKES", ["Sangat Tinggi"],
                                           "id")[0]
