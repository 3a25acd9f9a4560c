"""Pages of memory-mapped files given back to the system once used (they are read again from
the page cache if touched): the score reader's plan file, an engine snapshot's arrays; and the
memory the C allocator keeps free after a big read (`give_back_heap`)."""

from __future__ import annotations

import contextlib
import mmap
from collections.abc import Callable
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
    mapped = memmap_of(array)
    if mapped is None:
        return
    # the mmap starts at the allocation boundary before the memmap's offset
    origin = mapped.ctypes.data - mapped.offset % mmap.ALLOCATIONGRANULARITY
    release(mapped.base, array.ctypes.data - origin, array.nbytes)


def memmap_of(array: Any) -> np.memmap | None:
    """The `np.memmap` of a file an array views (views of views too), or None."""
    while isinstance(array, np.ndarray) and not isinstance(array.base, mmap.mmap):
        array = array.base
    return array if isinstance(array, np.memmap) else None


def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, or None (another C library, or none found)."""
    import ctypes.util  # (here: it imports subprocess, and finding the library runs one)

    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None  # type: ignore[no-any-return]
    except (OSError, AttributeError):
        return None


#: _malloc_trim's answer, once asked for (not when imported: every `score` imports this).
_TRIM: list[Callable[[int], int] | None] = []


def give_back_heap() -> None:
    """Give the memory the C allocator keeps free back to the system (glibc's malloc_trim;
    nothing elsewhere): after a big read, whose freed memory would otherwise stay counted
    in the process's resident memory."""
    if not _TRIM:
        _TRIM.append(_malloc_trim())
    if _TRIM[0] is not None:
        _TRIM[0](0)
