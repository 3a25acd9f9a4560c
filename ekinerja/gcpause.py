"""Pause the cyclic garbage collector around bulk builds of many small acyclic objects."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector inside the block; restore its prior state after.

    Building many small acyclic objects (parsed JSON, database rows) is about 1/3 faster.
    Nothing is frozen (``gc.freeze``) afterwards: whatever the block built may become garbage
    later, or already is (a validation's graph held in a reference cycle), and a frozen object
    is never collected. In a long-lived process that was a leak of every structure edit.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
