"""blocks.SpooledColumns: a read's columns gathered piece by piece, in memory while small, else
written to files as they come and mapped read-only when joined."""

from __future__ import annotations

import tempfile

import numpy as np
import pytest

from ekinerja import pagecache
from ekinerja.storage import blocks

PIECES = {
    "node": [np.arange(5, dtype=np.int64), np.array([7, -1], dtype=np.int32)],
    "value": [np.array([1.5, np.nan, -0.0]), np.array([2.0**-60, 1e300])],
    "status": [],
}
DTYPES = {"node": np.int64, "value": float, "status": np.int64}
_TEMPORARY_FILE = tempfile.TemporaryFile


def _spooled(limit: int, monkeypatch: pytest.MonkeyPatch) -> blocks.SpooledColumns:
    monkeypatch.setattr(blocks, "SPILL_COLUMNS_BYTES", limit)
    columns = blocks.SpooledColumns(DTYPES)
    for k in range(2):
        for name, pieces in PIECES.items():
            if k < len(pieces):
                columns.append(name, pieces[k])
    return columns


def _expected(name: str) -> np.ndarray:
    pieces = PIECES[name]
    dtype = np.dtype(DTYPES[name])
    return np.concatenate([p.astype(dtype) for p in pieces]) if pieces else np.empty(0, dtype)


@pytest.mark.parametrize("limit", [1 << 20, 0, 60])
def test_columns_join_as_concatenated_in_memory_or_mapped_from_a_file(
        limit: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Below the limit the pieces stay in memory; above it (0: from the first piece; 60
    bytes: from the middle, the pieces so far written first) each column is mapped
    read-only from a file of its own: the same values, bit for bit, and dtypes."""
    columns = _spooled(limit, monkeypatch)
    for name in DTYPES:
        joined = columns.joined(name)
        expected = _expected(name)
        assert joined.dtype == expected.dtype and joined.shape == expected.shape
        np.testing.assert_array_equal(joined.view(np.uint8), expected.view(np.uint8))
        spilled = limit < 1 << 20 and len(expected) > 0
        assert (pagecache.memmap_of(joined) is not None) == spilled
        assert joined.flags.writeable != spilled
        if spilled:  # its pages given back: read again from the file, unchanged
            pagecache.release_array(joined)
            np.testing.assert_array_equal(joined.view(np.uint8), expected.view(np.uint8))
    columns.close()


def test_columns_stay_in_memory_when_no_file_can_be_made(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def no_file(*args: object, **kwargs: object) -> None:
        raise OSError("no space left")

    monkeypatch.setattr(tempfile, "TemporaryFile", no_file)
    columns = _spooled(0, monkeypatch)
    for name in DTYPES:
        joined = columns.joined(name)
        assert pagecache.memmap_of(joined) is None
        np.testing.assert_array_equal(joined, _expected(name))


class _FailingFile:
    """A file whose writes fail after `budget` bytes (the disk full), part of the last one
    written."""

    def __init__(self, budget: int) -> None:
        self.file = _TEMPORARY_FILE()
        self.budget = budget

    def write(self, data: memoryview) -> int:
        if len(data) > self.budget:
            self.file.write(data[: self.budget])
            self.budget = 0
            raise OSError("no space left")
        self.budget -= len(data)
        return self.file.write(data)

    def __getattr__(self, name: str) -> object:
        return getattr(self.file, name)

    def __enter__(self) -> _FailingFile:
        return self

    def __exit__(self, *args: object) -> None:
        self.file.close()


def test_a_write_that_fails_brings_the_columns_back_into_memory_whole(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A file full in the middle of a piece: what was written is read back, the rest kept in
    memory from then on; nothing lost or doubled."""
    monkeypatch.setattr(tempfile, "TemporaryFile", lambda: _FailingFile(44))
    columns = _spooled(0, monkeypatch)
    assert columns.files is None and not columns.spill  # (spilled, then brought back)
    for name in DTYPES:
        joined = columns.joined(name)
        assert pagecache.memmap_of(joined) is None
        np.testing.assert_array_equal(joined.view(np.uint8), _expected(name).view(np.uint8))


def test_close_removes_the_files_of_columns_not_joined(
        monkeypatch: pytest.MonkeyPatch) -> None:
    columns = _spooled(0, monkeypatch)
    assert columns.files is not None
    files = list(columns.files.values())
    columns.joined("node")
    columns.close()
    assert all(file.closed for file in files) and columns.files is None
