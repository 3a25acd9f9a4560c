"""The fast path's text screen (fastscore._plain_text): a list whose JSON text holds no
escape and no refused character's bytes skips the per-text character checks; any refused
character, escaped or raw, in any list's text still sends the file to the full reader, which
names it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner

from ekinerja import fastscore, interchange
from ekinerja.cli import main
from ekinerja.model import InvalidPlan
from ekinerja.rollup import Engine

HERE = Path(__file__).parent

#: Every kind of character the text rules refuse (textrules), at the edges of its range.
REFUSED = ["\x00", "\t", "\n", "\r", "\x1f", "\x7f", "\x80", "\x85", "\x9f", "\u2028",
           "\u2029", "\u202a", "\u202e", "\u2066", "\u2069", "\ud800", "\udfff", "\ufdd0",
           "\ufdef", "\ufffe", "\uffff", "\U0001fffe", "\U0001ffff", "\U0010fffe",
           "\U0010ffff"]
#: Characters the rules allow, next to refused ones.
ALLOWED = ["\x7e", "\xa0", "é", "\u2027", "\u202f", "\u2065", "\u206a", "—", "…", "\ufdcf",
           "\ufdf0", "\ufffd", "\U0001fffd", "😀", "\U00020000"]
#: The text fields of the lists the screen covers: (list, item, field).
FIELDS = [("units", 1, "code"), ("units", 1, "name"), ("employees", 0, "name"),
          ("employees", 0, "position"), ("objectives", 1, "code"), ("objectives", 1, "name"),
          ("indicators", 0, "code"), ("indicators", 0, "name"),
          ("indicators", 0, "measure_unit")]


def _bytes(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-8", "surrogatepass"), np.uint8)


def test_the_screen_passes_plain_text_and_allowed_characters() -> None:
    assert fastscore._plain_text(_bytes('[{"code":"A-1","name":"Nama"}]'))
    for char in ALLOWED:
        assert fastscore._plain_text(_bytes(f'[{{"name":"a{char}b"}}]')), repr(char)


@pytest.mark.parametrize("char", [*REFUSED, '"', "é"], ids=repr)
def test_the_screen_refuses_escapes_and_refused_characters(char: str) -> None:
    escaped = json.dumps(f"a{char}b")  # (ensure_ascii: every non-ASCII character escaped)
    assert "\\" in escaped
    assert not fastscore._plain_text(_bytes(escaped))
    if char >= "\x7f" and char != "é" and not "\ud800" <= char <= "\udfff":
        assert not fastscore._plain_text(_bytes(f'"a{char}b"'))


@pytest.mark.parametrize("char", ["\x7f", "\x85", "\u2028", "\u2069", "\ufdd0", "\uffff",
                                  "\U0010ffff"], ids=repr)
def test_the_screen_sees_a_sequence_across_its_chunks(char: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fastscore, "_CHUNK", 4)
    for before in range(10):
        for after in range(8):  # (the text's end too, within a chunk's last bytes)
            text = _bytes("x" * before + char + "y" * after)
            assert not fastscore._plain_text(text), (before, after)
    assert fastscore._plain_text(_bytes("x" * 9 + "é…😀" + "yyyyyyy"))


def _renamed(data: Any, old: str, new: str) -> Any:
    """The document with every text equal to `old` (a code and its references) `new`."""
    if isinstance(data, dict):
        return {key: _renamed(value, old, new) for key, value in data.items()}
    if isinstance(data, list):
        return [_renamed(value, old, new) for value in data]
    return new if data == old else data


def _plan_with(tmp_path: Path, where: tuple[str, int, str], text: str, *,
               escaped: bool) -> Path:
    data = json.loads((HERE / "plan.json").read_text(encoding="utf-8"))
    name, item, field = where
    old = data[name][item].get(field) or "Satuan"
    new = old[:1] + text + old[1:]
    if field == "code":
        data = _renamed(data, old, new)
    else:
        data[name][item][field] = new
    path = tmp_path / "plan.json"
    path.write_bytes(json.dumps(data, ensure_ascii=escaped).encode("utf-8", "surrogatepass"))
    return path


@pytest.mark.parametrize("where", FIELDS, ids=lambda w: f"{w[0]}.{w[2]}")
def test_a_refused_character_in_any_list_text_goes_to_the_full_reader(
    where: tuple[str, int, str], tmp_path: Path
) -> None:
    for char in REFUSED:
        for escaped in (True, False):
            if not escaped and (char < "\x7f" or "\ud800" <= char <= "\udfff"):
                continue  # (raw: not JSON text, or not UTF-8; the decoder refuses them)
            path = _plan_with(tmp_path, where, char, escaped=escaped)
            assert fastscore.engine_of_file(path, use_snapshot=False) is None, (char, escaped)
            with pytest.raises(InvalidPlan) as error:
                interchange.load(path)
            assert f"U+{ord(char):04X}" in str(error.value), (char, escaped, str(error.value))


@pytest.mark.parametrize("where", FIELDS, ids=lambda w: f"{w[0]}.{w[2]}")
def test_escaped_and_allowed_characters_stay_on_the_fast_path(
    where: tuple[str, int, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    screens: list[bool] = []
    original = fastscore._plain_text

    def spy(text: np.ndarray) -> bool:
        screens.append(original(text))
        return screens[-1]

    monkeypatch.setattr(fastscore, "_plain_text", spy)
    for escaped in (True, False):
        screens.clear()
        path = _plan_with(tmp_path, where, "é—…😀\ufffd\u202f", escaped=escaped)
        engine = fastscore.engine_of_file(path, use_snapshot=False)
        assert engine is not None, ("a valid plan sent to the full reader", escaped)
        # escaped: the screen is unsure of every list holding a non-ASCII text (then each
        # text is checked); raw: every list passes it
        assert all(screens) is not escaped
        expected = Engine(interchange.load(path))
        for period in expected.periods()[-2:]:
            assert (json.loads(json.dumps(engine.evaluate(period).to_json()))
                    == json.loads(json.dumps(expected.evaluate(period).to_json())))


def _plan_of(tmp_path: Path, change: Any) -> Path:
    data = json.loads((HERE / "plan.json").read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _supervised(data: dict[str, Any], pairs: list[tuple[int, int]]) -> None:
    for employee, supervisor in pairs:
        data["employees"][employee]["supervisor"] = data["employees"][supervisor]["nip"]


@pytest.mark.parametrize("name", ["indicator code twice", "supervisor loop",
                                  "own supervisor", "unit loop of three"])
def test_codes_and_chains_the_full_reader_refuses_are_not_taken(name: str,
                                                                tmp_path: Path) -> None:
    change = {
        "indicator code twice": lambda d: d["indicators"][1].update(
            code=d["indicators"][0]["code"]),
        "supervisor loop": lambda d: _supervised(d, [(0, 1), (1, 2), (2, 0)]),
        "own supervisor": lambda d: _supervised(d, [(1, 1)]),
        "unit loop of three": lambda d: d["units"].extend([
            {"code": "L-A", "name": "A", "parent": "L-C"},
            {"code": "L-B", "name": "B", "parent": "L-A"},
            {"code": "L-C", "name": "C", "parent": "L-B"}]),
    }[name]
    path = _plan_of(tmp_path, change)
    assert fastscore.engine_of_file(path, use_snapshot=False) is None
    result = CliRunner().invoke(main, ["score", str(path), "--format", "json"])
    assert result.exit_code == 2, result.output


def test_chains_listed_out_of_order_and_rhk_kinds_read_as_the_full_reader(
    tmp_path: Path
) -> None:
    def change(data: dict[str, Any]) -> None:
        _supervised(data, [(0, 2), (1, 2)])  # the supervisor listed after them
        data["units"].insert(1, {"code": "L-A", "name": "A", "parent": "L-B"})
        data["units"].append({"code": "L-B", "name": "B"})
        individual = [o for o in data["objectives"] if o["level"] == "individual"]
        for objective, kind in zip(individual, ["additional", "main", None], strict=False):
            objective["rhk_kind"] = kind

    path = _plan_of(tmp_path, change)
    expected = interchange.load(path)
    doc, _, _ = fastscore.checked_document(path.read_bytes())
    assert doc.rhk_kinds == expected.rhk_kinds
    assert fastscore.engine_of_file(path, use_snapshot=False) is not None


@pytest.mark.parametrize("where", ["indicators", "objectives", "units", "links"])
@pytest.mark.parametrize("field", ["required", "optional"])
def test_a_key_given_twice_in_a_list_goes_to_the_full_reader(where: str, field: str,
                                                             tmp_path: Path) -> None:
    data = json.loads((HERE / "plan.json").read_text(encoding="utf-8"))
    item = data[where][1]
    key = {"indicators": ("name", "weight"), "objectives": ("name", "perspective"),
           "units": ("name", "kind"), "links": ("child", "weight")}[where][field == "optional"]
    text = json.dumps(data, ensure_ascii=False)
    original = json.dumps(item, ensure_ascii=False)
    assert original in text
    value = item.get(key, 1 if key == "weight" else None)
    pair = f", {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}"
    twice = original[:-1] + pair * 2 + "}"  # (given twice even where it was not given)
    path = tmp_path / "plan.json"
    path.write_text(text.replace(original, twice, 1), encoding="utf-8")
    assert fastscore.engine_of_file(path, use_snapshot=False) is None
    path.write_text(text, encoding="utf-8")
    assert fastscore.engine_of_file(path, use_snapshot=False) is not None


@pytest.mark.parametrize("chunk", [2, 4, 6, 1 << 22])
def test_the_keys_of_a_text_are_counted_across_its_chunks(
    chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fastscore, "_CHUNK", chunk)
    rng = np.random.default_rng(1)
    for size in [*range(12), 100, 1001]:
        text = rng.choice(np.frombuffer(b'":a', np.uint8), size)
        expected = int(np.count_nonzero((text[:-1] == ord('"')) & (text[1:] == ord(":"))))
        assert fastscore._text_keys(text) == expected, (size, bytes(text))
