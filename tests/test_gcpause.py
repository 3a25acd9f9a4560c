"""Tests for ekinerja.gcpause: the garbage-collector pause around bulk builds."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from ekinerja.gcpause import no_gc


@pytest.fixture
def gc_enabled() -> Iterator[None]:
    """Start with the collector on and leave it as it was found."""
    was_enabled = gc.isenabled()
    gc.enable()
    yield
    if was_enabled:
        gc.enable()
    else:
        gc.disable()


def test_collector_is_paused_inside_the_block(gc_enabled: None) -> None:
    with no_gc():
        assert not gc.isenabled()


def test_collector_is_back_on_after_the_block(gc_enabled: None) -> None:
    with no_gc():
        pass
    assert gc.isenabled()


def test_collector_is_back_on_after_an_error_in_the_block(gc_enabled: None) -> None:
    with pytest.raises(ValueError), no_gc():
        raise ValueError("boom")
    assert gc.isenabled()


def test_collector_that_was_off_stays_off(gc_enabled: None) -> None:
    gc.disable()
    with no_gc():
        pass
    assert not gc.isenabled()


class _Node:
    """An object that can be weakly referenced and hold itself."""

    def __init__(self) -> None:
        self.me = self


def test_nothing_built_in_the_block_is_frozen(gc_enabled: None) -> None:
    """Garbage held in a reference cycle inside the block is still collected after it."""
    frozen = gc.get_freeze_count()
    with no_gc():
        node = _Node()
        alive = weakref.ref(node)
        del node
    assert gc.get_freeze_count() == frozen
    gc.collect()
    assert alive() is None
