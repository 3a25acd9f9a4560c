"""Pause the cyclic garbage collector around bulk builds of many small acyclic objects."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector inside the block; restore its prior state after.

    Building many small acyclic objects (parsed JSON, database rows) is about 1/3 faster.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # What was built stays alive (a plan, an engine): move it out of the collector's
        # generations, or re-enabling it would scan every new object at once (~0.5 s at
        # province scale). Acyclic objects are still freed by reference counting.
        gc.freeze()
        if was_enabled:
            gc.enable()
