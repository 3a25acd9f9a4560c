"""Pages of memory-mapped files given back to the system once used (they are read again from
the page cache if touched): the score reader's plan file, an engine snapshot's arrays; and the
memory the C allocator keeps free after a big read (`give_back_heap`)."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
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


def _libc_function(name: str) -> Callable[..., int] | None:
    """A function of glibc (`malloc_trim`, `mallopt`), or None (another C library, or none
    found)."""
    library = ctypes.util.find_library("c")
    try:
        return getattr(ctypes.CDLL(library), name) if library else None  # type: ignore[no-any-return]
    except (OSError, AttributeError):
        return None


_TRIM = _libc_function("malloc_trim")
_MALLOPT = _libc_function("mallopt")
_M_MMAP_THRESHOLD = -3  # glibc's malloc.h
#: Blocks of at least this size are mapped on their own (`map_large_blocks`): above a
#: province's per-node arrays (226 000 nodes: 1.8 MB), below a national plan's (1.8 M: 14 MB).
LARGE_BLOCK = 4 << 20
_large_blocks_mapped = False


def give_back_heap() -> None:
    """Give the memory the C allocator keeps free back to the system (glibc's malloc_trim;
    nothing elsewhere): after a big read, whose freed memory would otherwise stay counted
    in the process's resident memory."""
    if _TRIM is not None:
        _TRIM(0)


def map_large_blocks() -> None:
    """From now on, in this whole process, let the C allocator map each block of
    `LARGE_BLOCK` bytes or more on its own (glibc's `M_MMAP_THRESHOLD`; nothing elsewhere),
    so that a big array freed goes back to the system at once. By default glibc raises that
    threshold to the size of each mapped block freed (up to 32 MB): after the first big array
    freed, the next ones of that size come from the heap, where what is freed stays counted
    in the process's resident memory, and a heap that a long-lived block sits on top of is
    not trimmed. A cold load of a big plan frees hundreds of MB of such arrays (the reads'
    batches, the compile's sorts, the evaluations' temporaries)."""
    global _large_blocks_mapped
    if not _large_blocks_mapped and _MALLOPT is not None:
        _large_blocks_mapped = bool(_MALLOPT(_M_MMAP_THRESHOLD, LARGE_BLOCK))
