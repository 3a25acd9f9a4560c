"""The score document of the fast path written by two processes (a forked helper formats the
later nodes) or by one: byte for byte the full reader's; the codes of a snapshot used from
their bytes; numpy loaded with one BLAS thread by `score`, and not the full reader's
modules."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import pytest

from ekinerja import fastscore, interchange
from ekinerja.rollup import Engine
from tests import test_fastscore

HERE = Path(__file__).parent
#: A generated plan (objectives and indicators in many blocks when blocks are small).
generated = test_fastscore.generated
FORK_NODES, BLOCK = fastscore.FORK_NODES, fastscore._BLOCK  # (the defaults)


def _reference(path: Path, period: str) -> bytes:
    return orjson.dumps(Engine(interchange.load(path)).evaluate(period).to_json()) + b"\n"


def _written(engine: Engine, period: str) -> bytes:
    stream = io.BytesIO()
    fastscore.write_score_json(engine.evaluate(period), stream)
    return stream.getvalue()


def _last_period(path: Path) -> str:
    return Engine(interchange.load(path)).periods(realized_only=True)[-1]


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every document forks its output helper (a core idle), in small blocks; the helpers'
    ids."""
    monkeypatch.setattr(fastscore, "FORK_NODES", 0)
    monkeypatch.setattr(fastscore, "_idle_core", lambda: True)
    monkeypatch.setattr(fastscore, "_BLOCK", 7)
    made: list[int] = []
    original = fastscore._forked

    def spy(*args: Any, **kwargs: Any) -> Any:
        helper = original(*args, **kwargs)
        if helper is not None:
            made.append(helper.pid)
        return helper

    monkeypatch.setattr(fastscore, "_forked", spy)
    return made


@pytest.mark.parametrize("source", ["file", "snapshot"])
def test_the_forked_writer_writes_the_full_readers_document(
        source: str, generated: Path, forks: list[int]) -> None:
    period = _last_period(generated)
    engine = fastscore.engine_of_file(generated)  # compiled (the snapshot saved)
    if source == "snapshot":
        engine = fastscore.engine_of_file(generated)
        assert isinstance(engine, fastscore._SnapshotEngine)
        assert engine._code_bytes is not None
    assert engine is not None
    expected = _reference(generated, period)
    assert _written(engine, period) == expected
    assert len(forks) == 1
    # the same without the helper, and in one process (the default size for a small plan)
    parts = fastscore._parts(engine.evaluate(period))
    assert 0 < fastscore._split_parts(parts) < len(parts)
    assert b"".join(fastscore.score_json_blocks(engine.evaluate(period))) == expected


def test_without_fork_one_process_writes_the_same(generated: Path, forks: list[int],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fastscore, "_can_fork", lambda: False)
    period = _last_period(generated)
    engine = fastscore.engine_of_file(generated, use_snapshot=False)
    assert engine is not None
    assert _written(engine, period) == _reference(generated, period)
    assert forks == []


@pytest.mark.parametrize("busy", ["no idle core", "a snapshot to write"])
def test_busy_cores_leave_the_output_to_one_process(busy: str, generated: Path,
                                                    forks: list[int],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    period = _last_period(generated)
    engine = fastscore.engine_of_file(generated, use_snapshot=False)
    assert engine is not None
    written: list[bool] = []
    release = threading.Event()
    if busy == "no idle core":
        monkeypatch.setattr(fastscore, "_idle_core", lambda: False)
    else:  # as a first score of a large file: its snapshot's writer at work beside the output
        writer = threading.Thread(target=lambda: release.wait() and written.append(True))
        writer.start()
        monkeypatch.setattr(fastscore, "_RUNNING", [writer])
    try:
        assert _written(engine, period) == _reference(generated, period)
    finally:
        release.set()
        fastscore.wait_helpers()
    assert forks == []
    assert written == ([True] if busy == "a snapshot to write" else [])


def test_an_idle_core_is_one_more_than_the_running_tasks(monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(1 << 20)))
    assert fastscore._idle_core()  # (fewer tasks run than a million cores)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
    assert not fastscore._idle_core()  # (this process runs: no other core)


@pytest.mark.parametrize("failure", ["an exception", "a short file"])
def test_a_failed_helper_leaves_its_part_to_this_process(failure: str, generated: Path,
                                                         forks: list[int],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    original = fastscore._write_parts

    def failing(scores: Any, parts: list[Any], fd: int) -> dict[str, Any]:
        if failure == "an exception":
            raise RuntimeError("the helper fails")
        answer = original(scores, parts, fd)
        os.ftruncate(fd, answer["length"] - 1)  # (its answer says more than it wrote)
        return answer

    monkeypatch.setattr(fastscore, "_write_parts", failing)
    period = _last_period(generated)
    engine = fastscore.engine_of_file(generated, use_snapshot=False)
    assert engine is not None
    assert _written(engine, period) == _reference(generated, period)
    assert len(forks) == 1


def test_a_small_document_is_written_by_one_process(generated: Path, forks: list[int],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fastscore, "FORK_NODES", FORK_NODES)  # (the default; a core idle)
    monkeypatch.setattr(fastscore, "_BLOCK", BLOCK)
    engine = fastscore.engine_of_file(generated, use_snapshot=False)
    assert engine is not None and engine.n < fastscore.FORK_NODES
    period = _last_period(generated)
    assert _written(engine, period) == _reference(generated, period)
    assert forks == []


def _renamed(tmp_path: Path, old: str, new: str) -> Path:
    """NTB-mini with the code `old` renamed `new` everywhere."""

    def rename(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: rename(item) for key, item in value.items()}
        if isinstance(value, list):
            return [rename(item) for item in value]
        return new if value == old else value

    data = rename(json.loads((HERE / "plan.json").read_text(encoding="utf-8")))
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(("code", "from_bytes"), [
    ("IKU-1", True), ("IKU-é→1", True), ('IKU-"1"', False), ("IKU\\1", False)])
def test_a_snapshots_codes_are_written_from_their_bytes_when_plain(
        code: str, from_bytes: bool, tmp_path: Path, forks: list[int]) -> None:
    path = _renamed(tmp_path, "IKU-1", code)
    assert fastscore.engine_of_file(path) is not None  # compiled, the snapshot saved
    engine = fastscore.engine_of_file(path)
    assert isinstance(engine, fastscore._SnapshotEngine)
    full = Engine(interchange.load(path))
    for period in full.periods()[-3:]:
        assert _written(engine, period) == _reference(path, period)
    assert (engine._code_ends is not None) == from_bytes
    assert "codes" not in engine.__dict__ or not from_bytes  # never split to write the score
    assert engine.codes == full.codes
    assert engine.objective_codes == full.objective_codes
    assert engine.indicator_codes == full.indicator_codes
    assert engine.n == full.n and engine.root_index == full.root_index
    # the lists made (or set, as a structure edit does): the output and the codes use them
    assert not engine._codes_are_bytes()
    period = full.periods()[-1]
    assert _written(engine, period) == _reference(path, period)
    engine.indicator_codes = [*full.indicator_codes[:-1], "IKU-NEW"]
    del engine.codes
    assert engine.codes == [*full.codes[:-1], "IKU-NEW"]
    assert b'"IKU-NEW":{"target"' in _written(engine, period)


def test_a_line_not_found_in_a_snapshots_codes_is_an_error(generated: Path) -> None:
    assert fastscore.engine_of_file(generated) is not None
    snapshot = next(fastscore.snapshot_folder().glob("*.npz"))
    with pytest.raises(ValueError, match="no line"):
        fastscore._line_of(fastscore._mapped_npz(snapshot)["codes"], "NOT-A-CODE")
    assert fastscore._line_of(fastscore._mapped_npz(snapshot)["codes"], None) == -1


SCRIPT = """
import os, sys
from ekinerja.cli import main
assert "numpy" not in sys.modules
main(["score", sys.argv[1], "--format", "json"], standalone_mode=False)
sys.stdout.flush()
print(sorted(m for m in ("ekinerja.interchange", "ekinerja.workbooks") if m in sys.modules),
      file=sys.stderr)
print(os.environ.get("OPENBLAS_NUM_THREADS"), file=sys.stderr)
"""


@pytest.mark.parametrize(("given", "used"), [(None, "1"), ("2", "2")])
def test_score_loads_numpy_with_one_blas_thread_unless_told(given: str | None, used: str,
                                                            tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if key != "OPENBLAS_NUM_THREADS"}
    if given is not None:
        env["OPENBLAS_NUM_THREADS"] = given
    env["XDG_CACHE_HOME"] = str(tmp_path)
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(HERE / "plan.json")], env=env,
                          capture_output=True, check=True)
    *_, modules, threads = done.stderr.decode().strip().splitlines()
    assert threads == used
    assert modules == "[]"  # the full reader's modules: not loaded to score a valid file
    assert json.loads(done.stdout)["root"] == "VISI"


@pytest.mark.parametrize("array", [
    np.zeros(3), np.zeros((2, 3), np.int32), np.zeros(0, np.uint8), np.ones(5, bool),
    np.arange(4, dtype=">i8"), np.zeros((), np.float32), np.zeros((1,), np.float16),
    np.zeros(2, "U3"), np.asfortranarray(np.zeros((2, 3)))], ids=repr)
def test_a_plain_npy_header_is_read_as_numpy_reads_it(array: np.ndarray) -> None:
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(header, np.lib.format.header_data_from_array_1_0(array))
    plain = fastscore._plain_npy_header(header.getvalue() + b"\x00" * 8)
    header.seek(0)
    shape, fortran, dtype = fastscore._npy_header(header)
    if array.dtype.kind == "U" or fortran:
        assert plain is None  # (numpy's parser reads those)
    else:
        assert plain == (shape, dtype, header.tell())
    assert fastscore._plain_npy_header(header.getvalue()[:-2] + b"}\n") is None
