"""The read models' bounded result caches: never more than their size, least recent out."""

from __future__ import annotations

import gc

import pytest

from ekinerja.readmodels.cache import ResultCache


class Owner:
    """Something a result is computed from (weakly referenced by the cache)."""


def test_a_cache_never_holds_more_than_its_size_and_drops_the_least_recent():
    cache = ResultCache(3)
    owner = Owner()
    computed: list[str] = []
    for period in ("2023-Q1", "2023-Q2", "2023-Q3", "2023-Q1", "2023-Q4", "x" * 50):
        cache.get(owner, period, lambda p=period: computed.append(p) or p)
    assert len(cache) == 3
    assert computed == ["2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4", "x" * 50]
    assert cache.get(owner, "2023-Q1", lambda: "again") == "2023-Q1"  # used recently: kept
    assert cache.get(owner, "2023-Q2", lambda: "again") == "again"  # the least recent: dropped


def test_a_result_belongs_to_its_owner_only():
    cache = ResultCache(8)
    first, second = Owner(), Owner()
    assert cache.get(first, "k", lambda: 1) == 1
    assert cache.get(second, "k", lambda: 2) == 2
    del first
    gc.collect()
    assert cache.get(Owner(), "k", lambda: 3) == 3  # a new object, even at a reused address


def test_a_failed_computation_keeps_nothing():
    cache = ResultCache(2)
    owner = Owner()
    with pytest.raises(KeyError):
        cache.get(owner, "k", lambda: {}["missing"])
    assert len(cache) == 0
