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
