"""`rollup.float_column`: numbers of a structure's rows, None as a default."""

import math

import numpy as np
import pytest

from ekinerja import rollup, scoring


@pytest.mark.parametrize("as_list", [True, False])
def test_float_column_reads_numbers_and_nones_as_float_did(as_list) -> None:
    values = [1.5, None, "2.25", 3, float("nan"), None]
    column = rollup.float_column(values if as_list else iter(values), len(values), none=9.0)
    assert column[:4].tolist() == [1.5, 9.0, 2.25, 3.0] and math.isnan(column[4])
    assert column[5] == 9.0
    only_nones = rollup.float_column([None, 2.0, None], 3, none=np.inf)
    assert only_nones.tolist() == [np.inf, 2.0, np.inf]


@pytest.mark.parametrize("as_list", [True, False])
def test_float_column_without_a_default_refuses_none(as_list) -> None:
    values = [1.0, None]
    with pytest.raises(TypeError):
        rollup.float_column(values if as_list else iter(values), 2)


def test_a_method_not_given_is_the_plans() -> None:
    fields = {"polarity": ["positive", "positive"], "negative_method": [None, "ratio"],
              "cap": [None, 1.2], "aggregation": ["sum", "latest"],
              "objective": ["O", "X"], "weight": [1.0, 2.0]}
    arrays = rollup.indicator_arrays(fields, 2, {"O": 0}, "inverse_difference", 1.5)
    assert arrays["method"].tolist() == [scoring.METHOD_CODES["inverse_difference"],
                                         scoring.METHOD_CODES["ratio"]]
    assert arrays["cap"].tolist() == [1.5, 1.2] and arrays["_ind_parent"].tolist() == [0, -1]
