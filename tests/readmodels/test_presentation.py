"""Bands and colours of scores, and one indicator as the pages show it."""

from __future__ import annotations

from ekinerja.readmodels.presentation import band_legend, banded, indicator_line
from ekinerja.scoring import NO_SCORE_COLOUR, band_colour


def test_a_score_carries_its_band_and_colour(engine):
    value = banded(engine, 87.5)
    assert (value.band, value.colour) == ("Tinggi", band_colour(87.5, engine.bands))


def test_no_score_has_no_band_and_is_grey(engine):
    assert banded(engine, None).band is None and banded(engine, None).colour == NO_SCORE_COLOUR


def test_the_legend_lists_the_bands_top_first(engine):
    assert [b.label for b in band_legend(engine)] == [
        "Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah"]


def test_an_indicator_line_carries_its_objective_and_values(people_engine):
    line = indicator_line(people_engine, people_engine.evaluate("2023"), "IA")
    assert (line.objective, line.objective_name, line.target, line.realization) == (
        "A", "Sasaran A", 100.0, 50.0)
    assert line.achievement.value == 50.0 and line.achievement.band == "Sangat Rendah"
