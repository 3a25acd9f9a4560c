"""Each row of the achievement table of docs/scoring.md, clamping and bands."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ekinerja.model import DEFAULT_BANDS
from ekinerja.scoring import achievement, band, band_colour, clamp, formula


def test_positive_indicator_scores_realization_over_target():
    assert achievement("positive", 80, 60) == pytest.approx(75.0)


def test_positive_indicator_with_zero_target_scores_100_when_realization_not_negative():
    assert achievement("positive", 0, 0) == 100.0
    assert achievement("positive", 0, 3) == 100.0


def test_positive_indicator_with_zero_target_scores_0_when_realization_negative():
    assert achievement("positive", 0, -1) == 0.0


def test_negative_indicator_below_target_scores_above_100():
    # Angka kemiskinan: target 14 %, realization 13 % -> 100·(28 − 13)/14.
    assert achievement("negative", 14, 13) == pytest.approx(100 * 15 / 14)


def test_negative_indicator_above_target_scores_below_100_by_inverse_difference():
    assert achievement("negative", 10, 12) == pytest.approx(80.0)


def test_negative_ratio_method_scores_target_over_realization():
    assert achievement("negative", 10, 12, method="ratio") == pytest.approx(100 * 10 / 12)


def test_negative_ratio_method_with_zero_realization_scores_the_cap():
    assert achievement("negative", 10, 0, method="ratio", cap=150) == 150.0


@pytest.mark.parametrize("method", ["inverse_difference", "ratio"])
def test_negative_indicator_with_zero_target_scores_100_when_realization_not_positive(method):
    assert achievement("negative", 0, 0, method=method) == 100.0
    assert achievement("negative", 0, -2, method=method) == 100.0


@pytest.mark.parametrize("method", ["inverse_difference", "ratio"])
def test_negative_indicator_with_zero_target_scores_0_when_realization_positive(method):
    assert achievement("negative", 0, 0.1, method=method) == 0.0


def test_range_indicator_inside_its_range_scores_100():
    assert achievement("range", (2.5, 4.5), 2.5) == 100.0
    assert achievement("range", (2.5, 4.5), 4.5) == 100.0
    assert achievement("range", (2.5, 4.5), 3.1) == 100.0


def test_range_indicator_below_its_range_scores_realization_over_low():
    assert achievement("range", (2.5, 4.5), 2.0) == pytest.approx(80.0)


def test_range_indicator_above_its_range_scores_inverse_difference_from_high():
    assert achievement("range", (2.5, 4.5), 5.0) == pytest.approx(100 * (9 - 5) / 4.5)


def test_range_indicator_with_single_target_is_the_range_of_that_value():
    assert achievement("range", 3.0, 3.0) == 100.0
    assert achievement("range", 3.0, 1.5) == pytest.approx(50.0)


def test_ranged_positive_target_below_range_uses_low_bound():
    # PermenPANRB worked example: positive [80, 90], R = 70 -> 87.5.
    assert achievement("positive", (80, 90), 70) == pytest.approx(87.5)


def test_ranged_positive_target_above_range_keeps_over_achievement_visible():
    assert achievement("positive", (80, 90), 99) == pytest.approx(110.0)


def test_ranged_negative_target_below_range_scores_above_100():
    # PermenPANRB worked example: negative [7, 8], R = 6.5 -> 107.14.
    assert achievement("negative", (7, 8), 6.5) == pytest.approx(107.142857, rel=1e-6)


def test_ranged_negative_target_above_range_uses_high_bound():
    # PermenPANRB worked example: negative [7, 8], R = 9 -> 87.5.
    assert achievement("negative", (7, 8), 9) == pytest.approx(87.5)


def test_ranged_negative_target_with_ratio_method_uses_crossed_bound():
    assert achievement("negative", (7, 8), 10, method="ratio") == pytest.approx(80.0)


def test_missing_target_or_realization_has_no_achievement():
    assert achievement("positive", None, 5) is None
    assert achievement("positive", 5, None) is None


def test_clamp_keeps_scores_between_floor_and_cap_and_keeps_missing_missing():
    raw = np.array([-20.0, 50.0, 250.0, np.nan])
    clamped = clamp(raw, 0.0, np.array([120.0, 120.0, 150.0, 120.0]))
    assert clamped[:3].tolist() == [0.0, 50.0, 150.0]
    assert math.isnan(clamped[3])


@pytest.mark.parametrize(
    ("score", "label"),
    [
        (91.0, "Sangat Tinggi"),
        (90.99, "Tinggi"),
        (76.0, "Tinggi"),
        (66.0, "Sedang"),
        (65.9, "Rendah"),
        (51.0, "Rendah"),
        (50.99, "Sangat Rendah"),
        (0.0, "Sangat Rendah"),
    ],
)
def test_bands_use_inclusive_lower_bounds(score, label):
    assert band(score, DEFAULT_BANDS) == label


def test_no_score_has_no_band_and_is_grey():
    assert band(None, DEFAULT_BANDS) is None
    assert band_colour(None, DEFAULT_BANDS) == "#9e9e9e"


def test_band_colours_go_from_dark_green_to_red():
    colours = [band_colour(s, DEFAULT_BANDS) for s in (95, 80, 70, 60, 10)]
    assert colours[0] != colours[-1]
    assert len(set(colours)) == 5


def test_formula_names_the_row_used_with_its_numbers():
    assert formula("negative", 8, 9) == "100 × (2T − R) / T = 100 × (2 × 8 − 9) / 8"
    assert formula("positive", (80, 90), 70).startswith("R < L: 100 × R / T = 100 × 70 / 80")
    assert "100" in formula("range", (2, 4), 3)


@given(
    st.sampled_from(["positive", "negative", "range"]),
    st.floats(0.1, 1e6),
    st.floats(0, 1e6),
    st.floats(-1e6, 1e6),
)
def test_clamped_achievement_stays_within_floor_and_cap(polarity, low, extra, realization):
    raw = achievement(polarity, (low, low + extra), realization)
    assert raw is not None and not math.isnan(raw)
    clamped = float(clamp(np.array([raw]), 0.0, 120.0)[0])
    assert 0.0 <= clamped <= 120.0


@given(st.floats(0.01, 1e6), st.floats(0, 1e6), st.floats(0, 1e6))
def test_positive_achievement_never_falls_when_realization_rises(target, r, delta):
    assert achievement("positive", target, r + delta) >= achievement("positive", target, r) - 1e-9
