"""Pages of memory-mapped files given back to the system once used (they are read again from
the page cache if touched): the score reader's plan file, an engine snapshot's arrays; and the
memory the C allocator keeps free after a big read (`give_back_heap`)."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import mmap
import threading
from collections.abc import Callable, Iterator
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
#: Blocks of at least this size are mapped on their own during `large_blocks_mapped`: above
#: a province's per-node arrays (226 000 nodes: 1.8 MB), below a national plan's (1.8 M
#: nodes: 14 MB).
LARGE_BLOCK = 4 << 20
#: The threshold after it: glibc's own highest (the size its default raises it to).
HEAP_BLOCK = 32 << 20
_mapping = 0  # the `large_blocks_mapped` blocks running
_kept = False  # `keep_large_blocks_mapped` called
_mapping_lock = threading.Lock()


def give_back_heap() -> None:
    """Give the memory the C allocator keeps free back to the system (glibc's malloc_trim;
    nothing elsewhere): after a big read, whose freed memory would otherwise stay counted
    in the process's resident memory."""
    if _TRIM is not None:
        _TRIM(0)


@contextlib.contextmanager
def large_blocks_mapped() -> Iterator[None]:
    """While the block runs (in any thread), let the C allocator map each block of
    `LARGE_BLOCK` bytes or more on its own (glibc's `M_MMAP_THRESHOLD`; nothing elsewhere), so
    that a big array freed goes back to the system at once; then blocks up to `HEAP_BLOCK`
    come from the heap again and its free memory is given back (`give_back_heap`).

    For a cold load of a big plan, which frees hundreds of MB of such arrays (the reads'
    batches, the compile's sorts): by default glibc raises the threshold to the size of each
    mapped block freed, so that after the first big array freed the next ones come from the
    heap, where what is freed stays counted in the process's resident memory between the
    blocks kept. Not for good unless asked (`keep_large_blocks_mapped`): a fresh mapping costs
    its page faults at each use (a national evaluation's arrays: about twice its CPU), where
    the heap reuses its pages."""
    global _mapping
    with _mapping_lock:
        _mapping += 1
        if _mapping == 1 and _MALLOPT is not None:
            _MALLOPT(_M_MMAP_THRESHOLD, LARGE_BLOCK)
    try:
        yield
    finally:
        with _mapping_lock:
            _mapping -= 1
            if _mapping == 0 and _MALLOPT is not None:
                if not _kept:
                    _MALLOPT(_M_MMAP_THRESHOLD, HEAP_BLOCK)
                give_back_heap()


def keep_large_blocks_mapped() -> None:
    """Map blocks of `LARGE_BLOCK` bytes or more on their own for good (as in
    `large_blocks_mapped`): for a process serving a plan whose per-node arrays are such
    blocks (a national plan: each evaluation keeps about 95 MB of them and frees as much
    again, which the heap would keep between the blocks kept: about 130 MB more for the
    Beranda's first data), memory before CPU."""
    global _kept
    with _mapping_lock:
        _kept = True
        if _MALLOPT is not None:
            _MALLOPT(_M_MMAP_THRESHOLD, LARGE_BLOCK)
