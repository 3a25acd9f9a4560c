"""The helpers of `ekinerja score FILE` (ekinerja.fastscore): a scan of the targets and
realizations by a forked process, the snapshot written by a thread beside the output; the
same results as in this process alone, which does the work whenever a helper cannot."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner

from ekinerja import fastscore, interchange
from ekinerja.cli import main
from ekinerja.generate import generate
from ekinerja.rollup import Engine
from tests.test_fastscore import _plan_with

HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("plans") / "generated.json"
    interchange.write_json(generate(60, 2, 3), path)
    return path


@pytest.fixture
def forking(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Helpers for every file, however small; the answers of the scanning helpers seen."""
    monkeypatch.setattr(fastscore, "FORK_BYTES", 0)
    answers: list[Any] = []
    finish = fastscore._Helper.finish

    def spy(helper: fastscore._Helper) -> Any:
        answer = finish(helper)
        if helper.arena is not None and not helper.done_before:
            answers.append(answer)
        helper.done_before = True
        return answer

    monkeypatch.setattr(fastscore._Helper, "done_before", False, raising=False)
    monkeypatch.setattr(fastscore._Helper, "finish", spy)
    return answers


def _columns(path: Path, *, parallel: bool) -> list[dict[str, Any]]:
    _, targets, realizations, _ = fastscore.checked_structure(
        path.read_bytes(), records=False, parallel=parallel)
    return [{"node": repr(c.node.tolist()), "period": repr(c.period_id.tolist()),
             "periods": c.periods, "value": repr(c.value.tolist()),  # (repr: NaN equal)
             "low": repr(c.low.tolist()), "high": repr(c.high.tolist())}
            for c in (targets, realizations) if c.node is not None and c.period_id is not None]


def _fast_json(path: Path, period: str, **options: Any) -> dict[str, Any]:
    engine = fastscore.engine_of_file(path, **options)
    fastscore.wait_helpers()
    assert engine is not None, "the fast path refused a valid plan"
    return json.loads(json.dumps(engine.evaluate(period).to_json()))


def test_the_forked_scan_gives_the_columns_of_the_scan_here(generated: Path,
                                                            forking: list[Any]) -> None:
    assert fastscore._can_fork()
    here = _columns(generated, parallel=False)
    assert len(here) == 2 and not forking
    forked = _columns(generated, parallel=True)
    assert len(forking) == 1 and set(forking[0]) == {"colons", "targets", "realizations"}
    assert "unsure" not in forking[0].values()  # the helper's columns were used
    assert forked == here
    assert fastscore.helpers_peak_mb() > 0


def _decoded_spans(raw: bytes) -> dict[str, tuple[int, int]]:
    doc = fastscore._decode(raw)
    data = np.frombuffer(raw, np.uint8)
    return {name: fastscore._span_of(getattr(doc, name), data)
            for name in ("targets", "realizations")}


def _ntb_text(layout: str) -> bytes:
    """NTB-mini as JSON text of a layout."""
    plan = json.loads((HERE / "plan.json").read_text(encoding="utf-8"))
    if layout == "realizations first":
        plan = {"realizations": plan.pop("realizations"), **plan}
    elif layout == "lists after":  # lists after them, one with a bracket in a string
        plan["objectives"][0]["name"] = "Sasaran [utama]"
        plan["units"] = plan.pop("units")
        plan["objectives"] = plan.pop("objectives")
    elif layout == "brackets in codes":  # a `[` and a `]` in a target's string
        head, tail = json.dumps(plan).split('"targets": ')
        return (head + '"targets": ' + tail.replace('"IKU-1"', '"IKU-[1]"', 1)).encode()
    elif layout == "no realizations":
        del plan["realizations"]
    return json.dumps(plan, indent=2 if layout == "indented" else None).encode()


@pytest.mark.parametrize("layout", ["compact", "indented", "realizations first", "lists after",
                                    "brackets in codes", "no realizations"])
def test_the_lists_are_guessed_where_the_decode_finds_them(layout: str) -> None:
    raw = _ntb_text(layout)
    guessed = fastscore._guessed_spans(raw)
    decoded = _decoded_spans(raw)
    if layout == "brackets in codes":  # the targets' end is found, not their start
        assert guessed["targets"] != decoded["targets"]
        assert guessed["realizations"] == decoded["realizations"]
    else:
        assert guessed == decoded
    assert all(decoded[name][1] > 0 for name in decoded if name != layout[3:])


def test_a_wrong_guess_of_the_lists_forks_a_helper_where_they_are(
        generated: Path, forking: list[Any], monkeypatch: pytest.MonkeyPatch) -> None:
    here = _columns(generated, parallel=False)
    guessed = fastscore._guessed_spans
    monkeypatch.setattr(fastscore, "_guessed_spans", lambda raw: {
        name: (start + 1, length - 1) for name, (start, length) in guessed(raw).items()})
    forked = []
    original = fastscore._scan_helper

    def spy(raw: Any, spans: dict[str, tuple[int, int]]) -> Any:
        helper = original(raw, spans)
        forked.append(helper.spans if helper is not None else None)
        return helper

    monkeypatch.setattr(fastscore, "_scan_helper", spy)
    assert _columns(generated, parallel=True) == here
    assert len(forked) == 2 and forked[0] != forked[1]
    assert forked[1] == tuple(_decoded_spans(generated.read_bytes()).values())
    assert forking[0] is None  # the guessed one was stopped
    assert forking[1] and "unsure" not in forking[1].values()


@pytest.mark.parametrize("name", ["ntb-mini", "generated"])
def test_scores_with_helpers_are_the_full_readers(name: str, generated: Path,
                                                  forking: list[Any]) -> None:
    path = {"ntb-mini": HERE / "plan.json", "generated": generated}[name]
    engine = Engine(interchange.load(path))
    for period in engine.periods()[-2:]:
        expected = json.loads(json.dumps(engine.evaluate(period).to_json()))
        assert _fast_json(path, period, use_snapshot=False, helpers=True) == expected
    assert forking and all(answer and "unsure" not in answer.values() for answer in forking)


def test_the_cli_writes_the_snapshot_beside_the_output(generated: Path, forking: list[Any],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    pids: list[int] = []
    forked = fastscore._forked

    def spy(*args: Any, **kwargs: Any) -> Any:
        helper = forked(*args, **kwargs)
        pids.append(helper.pid if helper is not None else 0)
        return helper

    monkeypatch.setattr(fastscore, "_forked", spy)
    period = Engine(interchange.load(generated)).periods()[-1]
    first = CliRunner().invoke(main, ["score", str(generated), "--period", period,
                                      "--format", "json"])
    assert first.exit_code == 0, first.output
    assert len(pids) == 1 and all(pids)  # the scan
    assert not fastscore._RUNNING  # done when the command ended
    assert len(list(fastscore.snapshot_folder().glob("*.npz"))) == 1
    again = CliRunner().invoke(main, ["score", str(generated), "--period", period,
                                      "--format", "json"])
    assert again.stdout_bytes == first.stdout_bytes
    assert len(pids) == 1  # from the snapshot: no helper


@pytest.mark.parametrize("failure", ["no fork", "fork fails", "helper fails", "no codes"])
def test_without_a_working_helper_the_work_is_done_here(failure: str, generated: Path,
                                                        forking: list[Any],
                                                        monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    period = Engine(interchange.load(generated)).periods()[-1]
    expected = _fast_json(generated, period, use_snapshot=False)
    if failure == "no fork":
        monkeypatch.delattr(os, "fork")
    elif failure == "fork fails":
        def fork() -> int:
            raise OSError("no more processes")

        monkeypatch.setattr(os, "fork", fork)
    elif failure == "helper fails":
        def scan(*args: Any) -> dict[str, Any]:
            raise MemoryError

        monkeypatch.setattr(fastscore, "_scan_in_helper", scan)
    else:  # the codes do not fit the helper's arena
        monkeypatch.setattr(fastscore, "_codes_room", lambda arena: 8)
    scanned = []
    original = fastscore._scan_periodic

    def spy(*args: Any, **kwargs: Any) -> Any:
        scanned.append(kwargs.get("empty") is None)  # here, not in a helper
        return original(*args, **kwargs)

    monkeypatch.setattr(fastscore, "_scan_periodic", spy)
    assert _fast_json(generated, period, use_snapshot=False, helpers=True) == expected
    assert scanned == [True, True]
    assert all(answer is None for answer in forking)


def test_a_list_the_helper_is_not_sure_of_is_read_by_the_decoder(tmp_path: Path,
                                                                 forking: list[Any]) -> None:
    path = _plan_with(tmp_path, "targets", '"value": 70', '"value": 7e1')  # an exponent
    expected = Engine(interchange.load(path)).evaluate("2023").to_json()
    assert _fast_json(path, "2023", use_snapshot=False, helpers=True) == json.loads(
        json.dumps(expected))
    assert forking[0]["targets"] == "unsure" and forking[0]["realizations"] != "unsure"


def test_an_invalid_plan_still_fails_as_before_with_helpers(tmp_path: Path,
                                                            forking: list[Any]) -> None:
    path = _plan_with(tmp_path, "realizations", '"period": "', '"period": "x')
    assert fastscore.engine_of_file(path, helpers=True) is None
    fastscore.wait_helpers()
    assert not fastscore._RUNNING
    assert not list(fastscore.snapshot_folder().glob("*.npz"))  # hashed, nothing written
    result = CliRunner().invoke(main, ["score", str(path), "--format", "json"])
    assert result.exit_code == 2, result.output


@pytest.mark.parametrize("count", [1, 5, 64, 65, 300])
def test_period_ids_in_order_of_first_appearance(count: int) -> None:
    rng = np.random.default_rng(count)
    periods = [f"{2000 + k // 5}-Q{k % 5}" if k % 5 else str(2000 + k // 5)
               for k in range(count)]
    texts = [periods[k] for k in rng.integers(0, count, 2000)]
    words = np.array([t.encode().ljust(8, b"\0") for t in texts], dtype="S8").view(np.uint64)
    order = list(dict.fromkeys(texts))
    for narrow in (False, True):  # (narrowed to bytes when few: a helper's, in its arena)
        ids, distinct = fastscore._period_ids(words, narrow=narrow)
        assert distinct == order
        assert ids.tolist() == [order.index(t) for t in texts]
        assert ids.dtype == (np.int8 if narrow and count <= 64 else np.int64)


@pytest.mark.parametrize("failure", ["none", "helper", "hashing thread"])
def test_the_snapshot_is_keyed_by_the_files_hash_from_a_thread_or_here(
        failure: str, generated: Path, forking: list[Any],
        monkeypatch: pytest.MonkeyPatch) -> None:
    helper_fails = failure == "helper"
    key = fastscore.file_key(generated.read_bytes())
    if helper_fails:
        monkeypatch.setattr(fastscore, "_scan_in_helper", lambda *args, **kwargs: 1 / 0)
    elif failure == "hashing thread":
        hashed = fastscore.file_key

        def file_key(raw: Any, *, release: bool = True) -> str:
            if not release:  # the thread's
                raise MemoryError
            return hashed(raw, release=release)

        monkeypatch.setattr(fastscore, "file_key", file_key)
        monkeypatch.setattr("threading.excepthook", lambda args: None)
    assert fastscore.engine_of_file(generated, helpers=True) is not None
    fastscore.wait_helpers()
    assert [p.name for p in fastscore.snapshot_folder().glob("*.npz")] == [f"{key}.npz"]
    assert (forking[0] is None) == helper_fails
    # a stale note (the file touched): read again, its snapshot found by the key, not saved
    fastscore._stat_note(generated).unlink()
    saved = []
    monkeypatch.setattr(fastscore, "save_snapshot", lambda *args: saved.append(args))
    assert _fast_json(generated, "2024", helpers=True) == _fast_json(generated, "2024")
    assert not saved
    assert fastscore._stat_note(generated).read_text(encoding="ascii") == key


def test_a_run_of_equal_codes_is_found_as_each_of_its_rows() -> None:
    codes = fastscore._Codes(["IKU-1", "IKU-2", "A-LONGER-CODE-3", "X"])
    texts = [b"IKU-2", b"IKU-2", b"IKU-1", b"A-LONGER-CODE-3", b"A-LONGER-CODE-3", b"X", b"IKU-2"]
    data = np.frombuffer(b"".join(texts) + bytes(64), np.uint8)
    length = np.array([len(t) for t in texts])
    start = np.r_[0, np.cumsum(length)[:-1]]
    assert codes.find(data, start, length).tolist() == [1, 1, 0, 2, 2, 3, 1]
    assert codes.find(data, start[:1], length[:1]).tolist() == [1]
    with pytest.raises(fastscore._Unsure):  # "IKU-" is no code
        codes.find(data, np.r_[start, 0], np.r_[length, 4])


@pytest.mark.parametrize(("parents", "loop"), [
    ([None, "a", "a", "b"], False),  # each after its parent
    (["b", None, "a", "c"], False),  # a parent listed later: still a tree
    (["c", "a", "b", None], True),
    ([None, "b", None, None], True),  # its own parent
])
def test_a_loop_is_found_whatever_the_order(parents: list[str | None], loop: bool) -> None:
    codes = ["a", "b", "c", "d"]
    if loop:
        with pytest.raises(fastscore._Unsure):
            fastscore._no_loop(codes, parents)
    else:
        fastscore._no_loop(codes, parents)


def test_every_code_of_a_large_table_is_found_at_its_place() -> None:
    rng = np.random.default_rng(7)
    names = [f"IKU-{k}-{'x' * int(rng.integers(0, 12))}" for k in range(5000)]
    table = fastscore._Codes(names)
    assert (table.slots >= 0).sum() == len(names)  # (slots shared by hashes: probed on)
    order = rng.permutation(len(names))
    texts = [names[k].encode() for k in order]
    data = np.frombuffer(b"".join(texts) + bytes(64), np.uint8)
    length = np.array([len(t) for t in texts])
    start = np.r_[0, np.cumsum(length)[:-1]]
    assert table.find(data, start, length).tolist() == order.tolist()
    with pytest.raises(fastscore._Unsure):  # a prefix of a code is none
        table.find(data, start[:3], np.maximum(length[:3] - 1, 0))


def test_the_snapshot_is_written_even_when_the_command_then_fails(generated: Path,
                                                                  forking: list[Any]) -> None:
    result = CliRunner().invoke(main, ["score", str(generated), "--period", "1999",
                                       "--format", "json"])
    assert result.exit_code == 2, result.output  # a period outside the plan
    assert not fastscore._RUNNING
    assert len(list(fastscore.snapshot_folder().glob("*.npz"))) == 1


def test_no_helper_for_a_file_too_large_for_one(generated: Path, forking: list[Any],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fastscore, "FORK_MAX_BYTES", generated.stat().st_size - 1)
    assert fastscore.engine_of_file(generated, helpers=True) is not None
    assert not forking and not fastscore._RUNNING  # scanned here, the snapshot written
    assert len(list(fastscore.snapshot_folder().glob("*.npz"))) == 1


def test_numbers_are_read_as_a_correct_parser_reads_them() -> None:
    rng = np.random.default_rng(11)
    texts = ["null", "0", "0.0", "7", "-7", "88.0", "104.18", "-0.5", "12345678",
             "123456789012345", "-12345678.9012345", "0.00000000000001"]
    for _ in range(20000):  # 1 to 15 digits, with or without a point and a sign
        whole = int(rng.integers(1, 15))
        text = str(int(rng.integers(1, 10 ** whole)))
        if rng.random() < 0.6:
            text += "." + str(int(rng.integers(0, 10 ** (15 - whole)))).zfill(15 - whole)[
                : int(rng.integers(1, 16 - whole))]
        texts.append(("-" if rng.random() < 0.3 else "") + text)
    ends = [b",", b"}", b" ,", b"\n}", b"\t,"]
    start, parts, at = [], [], 0
    for k, text in enumerate(texts):
        part = text.encode() + ends[k % len(ends)] + b'"e'  # (an "e" after the end: no exponent)
        start.append(at)
        parts.append(part)
        at += len(part)
    data = np.frombuffer(b"".join(parts) + bytes(32), np.uint8)
    read = fastscore._numbers_at(data, np.array(start))
    expected = np.array([np.nan if t == "null" else float(json.loads(t)) for t in texts])
    assert read.tobytes() == expected.tobytes()
    given = np.array([t != "null" for t in texts])  # (no null among them: read apart)
    assert fastscore._numbers_at(data, np.array(start)[given]).tobytes() == expected[
        given].tobytes()


@pytest.mark.parametrize("text", ["1e5,", "1.5E3}", "12345678e1,", "-0,", "-0.00}",
                                  "1234567.8901234567,", "1234567890123456}", '"5",', "true,"])
def test_a_number_not_plain_is_left_to_the_decoder(text: str) -> None:
    data = np.frombuffer(b"0," + text.encode() + bytes(32), np.uint8)
    assert fastscore._numbers_at(data, np.array([0])).tolist() == [0.0]
    with pytest.raises(fastscore._Unsure):
        fastscore._numbers_at(data, np.array([0, 2]))


@pytest.mark.parametrize("twice", [True, False], ids=["key given twice", "space before colon"])
def test_the_helpers_count_of_keys_refuses_what_the_count_here_refuses(
        twice: bool, tmp_path: Path, forking: list[Any]) -> None:
    data = json.loads((HERE / "plan.json").read_text(encoding="utf-8"))
    vision = data["objectives"][0]
    compact = json.dumps(data, ensure_ascii=False, separators=(", ", ": "))
    original = f'"code": "{vision["code"]}", "name": "{vision["name"]}"'
    changed = (original + ', "name": "Visi lain"' if twice
               else original.replace('"code": ', '"code" : '))
    path = tmp_path / "plan.json"
    path.write_text(compact.replace(original, changed, 1), encoding="utf-8")
    assert fastscore.engine_of_file(path, use_snapshot=False, helpers=True) is None
    fastscore.wait_helpers()
    assert len(forking) == 1 and forking[0]["targets"] != "unsure"
    assert ("colons" in forking[0]) == twice  # the spaced key: counted here, and refused
    # the same plan as written (no change): counted by the helper, and taken
    plain = tmp_path / "plain.json"
    plain.write_text(compact, encoding="utf-8")
    assert fastscore.engine_of_file(plain, use_snapshot=False, helpers=True) is not None
    assert len(forking) == 2 and isinstance(forking[1]["colons"], int)


class _Slow:
    """Codes made ready only after `waits` questions (a helper's parent still decoding)."""

    def __init__(self, codes: list[str], waits: int):
        self.table, self.waits, self.asked = fastscore._Codes(codes), waits, 0

    def ready(self) -> bool:
        self.asked += 1
        return self.asked > self.waits

    def __getattr__(self, name: str) -> Any:
        return getattr(self.table, name)


def _targets_text(indicators: list[str]) -> bytes:
    return json.dumps([{"indicator": code, "period": "2024", "value": k / 4}
                       for k, code in enumerate(indicators)]).encode()


@pytest.mark.parametrize("waits", [0, 2, 1000])
def test_codes_read_before_their_table_is_ready_are_looked_up_later(waits: int) -> None:
    codes = [f"IKU-{k}" for k in range(300)] + ["A-MUCH-LONGER-CODE-OF-AN-INDICATOR"]
    rows = [codes[(7 * k) % len(codes)] for k in range(2000)]
    text = np.frombuffer(_targets_text(rows), np.uint8)
    here = fastscore._scan_periodic(text, is_target=True, codes=fastscore._Codes(codes),
                                    n_obj=0, bytes_at_a_time=64 * 50)
    pending: list[Any] = []
    late = fastscore._scan_periodic(text, is_target=True, codes=_Slow(codes, waits), n_obj=0,
                                    bytes_at_a_time=64 * 50, pending=pending)
    # (once ready, those left so far are looked up at the next group)
    assert (len(pending) > 2) == (waits == 1000)
    fastscore._resolve(pending, fastscore._Codes(codes))
    assert not pending
    assert late["node"].tolist() == here["node"].tolist() == [codes.index(c) for c in rows]
    # an unknown code among the late ones: not sure
    text = np.frombuffer(_targets_text([*rows[:10], "IKU-9999", *rows[10:]]), np.uint8)
    fastscore._scan_periodic(text, is_target=True, codes=_Slow(codes, 1000), n_obj=0,
                             bytes_at_a_time=64 * 50, pending=pending)
    with pytest.raises(fastscore._Unsure):
        fastscore._resolve(pending, fastscore._Codes(codes))
    # or one longer than every code
    text = np.frombuffer(_targets_text([*rows[:10], "X" * 40]), np.uint8)
    with pytest.raises(fastscore._Unsure):
        fastscore._scan_periodic(text, is_target=True, codes=_Slow(codes, 0), n_obj=0)


def _scanned(rows: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch, *,
             is_target: bool = True, **dumps: Any) -> tuple[dict[str, Any], list[str]]:
    """The columns the scanner reads from `rows` written as JSON, and how it found the keys
    of each group ("same" or "any")."""
    codes = fastscore._Codes(["IKU-1", "IKU-22", "A-LONGER-CODE-3"])
    ways: list[str] = []
    same, any_keys = fastscore._same_keys, fastscore._keys_of_rows

    def spy_same(*args: Any) -> Any:
        result = same(*args)
        ways.append("same" if result is not None else "any")
        return result

    monkeypatch.setattr(fastscore, "_same_keys", spy_same)
    monkeypatch.setattr(fastscore, "_keys_of_rows", any_keys)
    text = np.frombuffer(json.dumps(rows, **dumps).encode(), np.uint8)
    columns = fastscore._scan_periodic(text, is_target=is_target, codes=codes, n_obj=0,
                                       bytes_at_a_time=4 * 60)
    return {name: repr(column.tolist()) for name, column in columns.items()}, ways


def _target(k: int, **more: Any) -> dict[str, Any]:
    return {"indicator": ["IKU-1", "IKU-22", "A-LONGER-CODE-3"][k % 3],
            "period": ["2024", "2024-Q1", "2024-10"][k % 3], "value": k * 1.25, **more}


def test_objects_all_alike_are_read_as_columns_and_as_the_others(
        monkeypatch: pytest.MonkeyPatch) -> None:
    alike = [_target(k, low=k, high=k + 0.5) for k in range(10)]
    columns, ways = _scanned(alike, monkeypatch)
    assert set(ways) == {"same"} and len(ways) > 1
    # the same rows, every other one with its keys in another order: each group read key by
    # key, to the same columns
    mixed = [dict(reversed(row.items())) if k % 2 else row for k, row in enumerate(alike)]
    again, ways = _scanned(mixed, monkeypatch)
    assert again == columns and set(ways[:-1]) == {"any"}  # (the last: perhaps one row)
    # every row's keys in another order (alike again), spaced and indented
    turned = [dict(reversed(row.items())) for row in alike]
    again, ways = _scanned(turned, monkeypatch, indent=2)
    assert again == columns and set(ways) == {"same"}
    assert json.loads(columns["node"]) == [k % 3 for k in range(10)]
    assert json.loads(columns["low"]) == [float(k) for k in range(10)]
    # two layouts mixed (a range's low and high, or a value): found layout by layout, as
    # key by key
    two = [{**_target(k), "value": None, "low": k, "high": k + 0.5} if k % 3 == 1
           else _target(k) for k in range(10)]
    for row in two:
        if row["value"] is None:
            del row["value"]
    columns, ways = _scanned(two, monkeypatch)
    assert set(ways) == {"same"} and len(ways) > 1
    monkeypatch.setattr(fastscore, "_same_keys", lambda *args: None)
    assert fastscore._scan_periodic(
        np.frombuffer(json.dumps(two).encode(), np.uint8), is_target=True,
        codes=fastscore._Codes(["IKU-1", "IKU-22", "A-LONGER-CODE-3"]), n_obj=0,
        bytes_at_a_time=4 * 60)["low"].tobytes() == np.array(
            [k if k % 3 == 1 else np.nan for k in range(10)]).tobytes()
    assert json.loads(columns["value"].replace("nan", "null")) == [
        None if k % 3 == 1 else k * 1.25 for k in range(10)]


@pytest.mark.parametrize("change", ["no period", "period twice", "unknown key", "period as key",
                                    "a number as text"])
def test_objects_all_alike_but_not_plain_are_not_taken(change: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [_target(k) for k in range(8)]
    for row in rows:
        if change == "no period":
            del row["period"]
        elif change == "unknown key":
            row["x"] = 1
        elif change == "period as key":
            row["2024"] = row.pop("period")
        elif change == "a number as text":
            row["value"] = str(row["value"])
    text = json.dumps(rows)
    if change == "period twice":
        text = text.replace('"value"', '"period": "2024", "value"')
    with pytest.raises(fastscore._Unsure):
        fastscore._scan_periodic(np.frombuffer(text.encode(), np.uint8), is_target=True,
                                 codes=fastscore._Codes(["IKU-1", "IKU-22", "A-LONGER-CODE-3"]),
                                 n_obj=0, bytes_at_a_time=4 * 60)


def test_groups_of_any_size_read_the_same_and_a_brace_in_a_string_is_never_taken() -> None:
    codes = ["IKU-1", "IKU-22", "A-LONGER-CODE-3", "IKU{4"]
    rows = [_target(k) for k in range(12)]
    text = np.frombuffer(json.dumps(rows, indent=1).encode(), np.uint8)
    whole = fastscore._scan_periodic(text, is_target=True, codes=fastscore._Codes(codes),
                                     n_obj=2)
    assert whole["node"].tolist() == [2 + k % 3 for k in range(12)]
    braced = np.frombuffer(json.dumps([*rows[:5], {**rows[5], "indicator": "IKU{4"},
                                       *rows[6:]]).encode(), np.uint8)
    for size in range(1, 400, 7):
        columns = fastscore._scan_periodic(text, is_target=True, codes=fastscore._Codes(codes),
                                           n_obj=2, bytes_at_a_time=size)
        assert {name: column.tobytes() for name, column in columns.items()} == {
            name: column.tobytes() for name, column in whole.items()}
        with pytest.raises(fastscore._Unsure):  # (the decoder reads it)
            fastscore._scan_periodic(braced, is_target=True, codes=fastscore._Codes(codes),
                                     n_obj=2, bytes_at_a_time=size)


@pytest.mark.parametrize(("text", "count"), [
    (b'{"a":1,"x":"y :z"}', 2), (b'{"a": "::", "b":\n "\\":"}', 4), (b":", 0), (b'":', 1),
    (b" :", 0), (b'{"a" :1}', None), (b'{"a":1,"c"\t\n :3}', None), (b'[1, 2]', 0)])
def test_key_colons_are_counted_and_a_key_apart_from_its_colon_is_not_sure(
        text: bytes, count: int | None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fastscore, "_CHUNK", 3)  # (a pair across two parts: counted once)
    data = np.frombuffer(b"[" + text + b"]" + text, np.uint8)
    skipped = [(len(text) + 2, len(text))]  # (the copy after: not counted)
    if count is None:
        with pytest.raises(fastscore._Unsure):
            fastscore._key_colons(data, skipped)
    else:
        assert fastscore._key_colons(data, skipped) == count


@pytest.mark.parametrize("held", [0, 4 << 20])
def test_codes_held_before_their_table_are_bounded_and_kept_by_runs(
        held: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fastscore, "_PENDING_BYTES", held)
    codes = [f"IKU-{k}" for k in range(50)]
    rows = [codes[k // 5] for k in range(250)]  # runs of five rows of one indicator
    text = np.frombuffer(_targets_text(rows), np.uint8)
    pending: list[Any] = []
    late = fastscore._scan_periodic(text, is_target=True, codes=_Slow(codes, 1000), n_obj=0,
                                    bytes_at_a_time=600, pending=pending)
    if held:  # every group's codes held, each run once
        assert len(pending) > 2 and all(lookup.repeats is not None for lookup in pending)
        assert sum(int(lookup.repeats.sum()) for lookup in pending) == 250
        assert sum(len(lookup.length) for lookup in pending) <= 250 // 5 + len(pending)
        fastscore._resolve(pending, fastscore._Codes(codes))
    else:  # past the bound: looked up at once (the helper would wait for the codes)
        assert len(pending) <= 1
        fastscore._resolve(pending, fastscore._Codes(codes))
    assert late["node"].tolist() == [k // 5 for k in range(250)]


def test_a_score_imports_no_snapshot_or_library_search_modules() -> None:
    code = ("import sys, ekinerja.cli, ekinerja.fastscore; print(sorted(m for m in "
            "('tempfile', 'zipfile', 'ctypes.util', 'subprocess') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("top", [5, 1000, 1 << 30])  # marked in a table, or sorted
def test_keys_given_twice_are_found_marked_or_sorted(top: int) -> None:
    rng = np.random.default_rng(top)
    keys = rng.choice(top, size=min(top, 500), replace=False).astype(np.int64)
    assert fastscore._distinct(keys)
    for k in (0, len(keys) // 2, len(keys) - 1):
        twice = keys.copy()
        twice[k] = keys[(k + 1) % len(keys)]
        assert not fastscore._distinct(twice)
    assert fastscore._distinct(keys - 3) and not fastscore._distinct(np.r_[keys, -1, -1])
