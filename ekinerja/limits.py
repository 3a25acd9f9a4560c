"""Numeric limits of a valid plan (docs/scoring.md): weights, their sums, caps and floors.

Held apart from ekinerja.cascade so the fast scoring path checks them without networkx.
"""

from __future__ import annotations

#: A weight is 0 or in [MIN_WEIGHT, MAX_WEIGHT], and one parent's weights sum to at most
#: MAX_WEIGHT_SUM: so a weighted mean never overflows to inf or loses itself in denormals.
MIN_WEIGHT = 1e-6
MAX_WEIGHT = 1e6
MAX_WEIGHT_SUM = 1e9
#: Largest magnitude of a cap or floor (plan or indicator): weighted sums of scores stay finite.
MAX_CAP = 1e6
