"""Pages of mapped files given back: the values stay readable (read again from the file)."""

from __future__ import annotations

import mmap

import numpy as np

from ekinerja import pagecache


def test_a_released_memmap_view_reads_the_same_values_again(tmp_path) -> None:
    path = tmp_path / "values.bin"
    values = np.arange(5 * mmap.PAGESIZE // 8, dtype=np.float64)
    values.tofile(path)
    data = np.memmap(path, dtype=np.uint8, mode="c")
    view = data[16:].view(np.float64)[: len(values) - 2]
    pagecache.release_array(view)
    np.testing.assert_array_equal(view, values[2:])


def test_an_array_of_own_memory_or_bytes_is_left_alone() -> None:
    own = np.arange(10.0)
    pagecache.release_array(own)
    pagecache.release(b"not a map", 0, 10)
    np.testing.assert_array_equal(own, np.arange(10.0))


def test_a_released_span_of_an_mmap_reads_again_from_the_file(tmp_path) -> None:
    path = tmp_path / "bytes.bin"
    path.write_bytes(bytes(range(256)) * (3 * mmap.PAGESIZE // 256))
    with open(path, "rb") as file:
        raw = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    pagecache.release(raw, 1, 2 * mmap.PAGESIZE)
    assert raw[:] == path.read_bytes()
    raw.close()


def test_big_blocks_are_mapped_on_their_own_once_asked() -> None:
    pagecache.map_large_blocks()
    pagecache.map_large_blocks()  # once is enough; a second call changes nothing
    assert pagecache._large_blocks_mapped == (pagecache._MALLOPT is not None)
    big = np.ones(pagecache.LARGE_BLOCK // 8 + 1)
    assert float(big.sum()) == len(big)
