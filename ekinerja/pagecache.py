"""Pages of memory-mapped files given back to the system once used (they are read again from
the page cache if touched): the score reader's plan file, an engine snapshot's arrays."""

from __future__ import annotations

import contextlib
import mmap
from typing import Any

import numpy as np


def release(mapped: Any, start: int, length: int) -> None:
    """Drop the whole pages of `mapped`'s bytes [start, start + length) from this process's
    memory; nothing for anything but an mmap, or a span holding no whole page."""
    if not isinstance(mapped, mmap.mmap) or length <= 0:
        return
    first = -(-start // mmap.PAGESIZE) * mmap.PAGESIZE
    stop = (start + length) // mmap.PAGESIZE * mmap.PAGESIZE
    if stop > first:
        with contextlib.suppress(OSError, ValueError):
            mapped.madvise(mmap.MADV_DONTNEED, first, stop - first)


def release_array(array: Any) -> None:
    """Drop the pages of an array viewing an `np.memmap` of a file (views of views too);
    nothing for an array of this process's own memory or one that is not contiguous."""
    if not isinstance(array, np.ndarray) or not array.flags.c_contiguous:
        return
    mapped = array
    while isinstance(mapped, np.ndarray) and not isinstance(mapped.base, mmap.mmap):
        mapped = mapped.base
    if not isinstance(mapped, np.memmap):
        return
    # the mmap starts at the allocation boundary before the memmap's offset
    origin = mapped.ctypes.data - mapped.offset % mmap.ALLOCATIONGRANULARITY
    release(mapped.base, array.ctypes.data - origin, array.nbytes)
