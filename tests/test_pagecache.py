"""Pages of mapped files given back: the values stay readable (read again from the file)."""

from __future__ import annotations

import mmap

import numpy as np
import pytest

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


def test_big_blocks_are_mapped_while_asked_in_any_thread(monkeypatch) -> None:
    calls: list[tuple[int, int]] = []
    trims: list[int] = []
    monkeypatch.setattr(pagecache, "_MALLOPT",
                        lambda option, value: calls.append((option, value)) or 1)
    monkeypatch.setattr(pagecache, "_TRIM", trims.append)
    monkeypatch.setattr(pagecache, "_kept", False)
    with pagecache.large_blocks_mapped():
        with pagecache.large_blocks_mapped():  # another cold load at the same time
            big = np.ones(pagecache.LARGE_BLOCK // 8 + 1)
        assert calls == [(-3, pagecache.LARGE_BLOCK)] and not trims
    assert calls == [(-3, pagecache.LARGE_BLOCK), (-3, pagecache.HEAP_BLOCK)] and trims == [0]
    assert float(big.sum()) == len(big)
    with pytest.raises(KeyError), pagecache.large_blocks_mapped():
        raise KeyError("a failed load")
    assert calls[-1] == (-3, pagecache.HEAP_BLOCK) and pagecache._mapping == 0
    with pagecache.large_blocks_mapped():
        pagecache.keep_large_blocks_mapped()  # a big plan's worker: for good
    assert calls[-2:] == [(-3, pagecache.LARGE_BLOCK), (-3, pagecache.LARGE_BLOCK)]
    assert trims == [0, 0, 0]
