"""The fast path of `ekinerja score FILE`: same output as the full reader, refuses nothing
silently (anything doubtful goes to the full reader), snapshots, no networkx or SQLAlchemy."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner

from ekinerja import fastscore, interchange
from ekinerja.cli import main
from ekinerja.data import EXAMPLE_PLAN
from ekinerja.generate import generate
from ekinerja.rollup import Engine, StructureColumns

HERE = Path(__file__).parent


def full_reader_json(path: Path, period: str) -> dict[str, Any]:
    return Engine(interchange.load(path)).evaluate(period).to_json()


def fast_json(path: Path, period: str, **options: Any) -> dict[str, Any]:
    engine = fastscore.engine_of_file(path, **options)
    assert engine is not None, "the fast path refused a valid plan"
    return json.loads(json.dumps(engine.evaluate(period).to_json()))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated plan with agencies, RHK under RHK, targets and realizations."""
    path = tmp_path_factory.mktemp("plans") / "generated.json"
    interchange.write_json(generate(60, 2, 3), path)
    return path


@pytest.mark.parametrize("name", ["ntb-mini", "example", "generated"])
def test_fast_path_scores_exactly_as_the_full_reader(name: str, generated: Path) -> None:
    path = {"ntb-mini": HERE / "plan.json", "example": Path(EXAMPLE_PLAN),
            "generated": generated}[name]
    engine = Engine(interchange.load(path))
    for period in engine.periods()[-3:]:
        expected = json.loads(json.dumps(engine.evaluate(period).to_json()))
        assert fast_json(path, period, use_snapshot=False) == expected
        assert fast_json(path, period) == expected  # compiled, then saved as a snapshot
        assert fast_json(path, period) == expected  # from the snapshot


def test_a_second_score_reads_the_snapshot_not_the_file(generated: Path, monkeypatch) -> None:
    fastscore.engine_of_file(generated)

    def never(raw: bytes) -> None:
        raise AssertionError("read again")

    monkeypatch.setattr(fastscore, "checked_document", never)
    assert fastscore.engine_of_file(generated) is not None
    assert len(list(fastscore.snapshot_folder().glob("*.npz"))) == 1


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_every_format_scores_the_same_when_a_snapshot_exists(fmt: str, generated: Path) -> None:
    """A snapshot holds no names: the table (names, levels) must not be built from it."""
    args = ["score", str(generated), "--format", fmt, "--depth", "2"]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    assert list(fastscore.snapshot_folder().glob("*.npz")) or fmt == "table"
    second = CliRunner().invoke(main, args)
    assert second.exit_code == 0, second.output
    assert second.output == first.output


def test_a_table_after_a_json_score_reads_the_plan(generated: Path) -> None:
    assert CliRunner().invoke(main, ["score", str(generated), "--format", "json"]).exit_code == 0
    result = CliRunner().invoke(main, ["score", str(generated), "--format", "table"])
    assert result.exit_code == 0, result.output
    assert "Misi" in result.output


def test_a_changed_file_gets_its_own_snapshot(tmp_path: Path) -> None:
    data = json.loads((HERE / "plan.json").read_text(encoding="utf-8"))
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    before = fast_json(path, "2023-Q2")
    changed = next(r for r in data["realizations"] if r["period"] == "2023-Q2")
    changed["value"] += 10
    path.write_text(json.dumps(data), encoding="utf-8")
    assert fast_json(path, "2023-Q2") != before
    assert fast_json(path, "2023-Q2") == full_reader_json(path, "2023-Q2")


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target = data
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value
    return change


def _append(name: str, item: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    return lambda data: data.setdefault(name, []).append(item)


def _copy_of(name: str, k: int, **changes: Any) -> Callable[[dict[str, Any]], None]:
    return lambda data: data[name].append({**copy.deepcopy(data[name][k]), **changes})


#: Changes that make the NTB-mini plan invalid, each caught by the full reader.
BREAKS: dict[str, Callable[[dict[str, Any]], None]] = {
    "unknown field": _set(("objectives", 1, "colour"), "red"),
    "code with \\r": _set(("objectives", 1, "code"), "M\r1"),
    "code with a space around": _set(("indicators", 0, "code"), "I1 "),
    "empty name": _set(("objectives", 1, "name"), ""),
    "missing required field": lambda d: d["indicators"][0].pop("objective"),
    "null required field": _set(("indicators", 0, "name"), None),
    "number as text": _set(("indicators", 0, "weight"), "1"),
    "boolean as number": _set(("links", 0, "weight"), True),
    "negative weight": _set(("links", 0, "weight"), -1),
    "tiny weight": _set(("links", 0, "weight"), 1e-9),
    "unknown level": _set(("objectives", 1, "level"), "misi"),
    "second vision": _copy_of("objectives", 0, code="VISI-2"),
    "duplicate code across lists": _set(("indicators", 0, "code"), "SS1"),
    "duplicate link": _copy_of("links", 0),
    "duplicate target": _copy_of("targets", 0),
    "duplicate realization": _copy_of("realizations", 0),
    "unknown objective": _set(("indicators", 0, "objective"), "SS-9"),
    "indicator as a parent": lambda d: d["links"].append(
        {"parent": d["indicators"][0]["code"], "child": d["objectives"][1]["code"]}),
    "child above its parent": lambda d: d["links"].append(
        {"parent": d["objectives"][-1]["code"], "child": d["objectives"][1]["code"]}),
    "unknown unit": _set(("objectives", 1, "unit"), "NOWHERE"),
    "bad period": _set(("targets", 0, "period"), "2023-Q5"),
    "period outside the plan": _set(("realizations", 0, "period"), "1999"),
    "target with value and range": _set(("targets", 0, "low"), 1),
    "negative target": _set(("targets", 0, "value"), -5),
    "unknown polarity": _set(("indicators", 0, "polarity"), "up"),
    "negative cap": _set(("indicators", 0, "cap"), -1),
    "floor above cap": _set(("plan", "settings"), {"floor": 130}),
    "unknown setting": _set(("plan", "settings"), {"colour": 1}),
    "wrong format": _set(("format",), "ekinerja/2"),
    "rhk_kind on a mission": _set(("objectives", 1, "rhk_kind"), "additional"),
    "unit loop": lambda d: d["units"].extend([
        {"code": "LOOP-A", "name": "A", "parent": "LOOP-B"},
        {"code": "LOOP-B", "name": "B", "parent": "LOOP-A"}]),
}


@pytest.mark.parametrize("name", list(BREAKS))
def test_an_invalid_plan_goes_to_the_full_reader_and_fails_as_before(
    name: str, tmp_path: Path
) -> None:
    data = json.loads((HERE / "plan.json").read_text(encoding="utf-8"))
    BREAKS[name](data)
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert fastscore.engine_of_file(path) is None
    result = CliRunner().invoke(main, ["score", str(path), "--format", "json"])
    assert result.exit_code == 2, result.output


@pytest.mark.parametrize("twice", [True, False], ids=["key given twice", "space before colon"])
def test_keys_given_twice_are_never_taken_silently(twice: bool, tmp_path: Path) -> None:
    data = json.loads((HERE / "plan.json").read_text(encoding="utf-8"))
    vision = data["objectives"][0]
    compact = json.dumps(data, ensure_ascii=False, separators=(", ", ": "))
    original = f'"code": "{vision["code"]}", "name": "{vision["name"]}"'
    assert original in compact
    changed = (original + ', "name": "Visi lain"' if twice
               else original.replace('"code": ', '"code" : '))
    path = tmp_path / "plan.json"
    path.write_text(compact.replace(original, changed, 1), encoding="utf-8")
    assert fastscore.engine_of_file(path) is None


def test_scoring_a_file_imports_neither_networkx_nor_sqlalchemy(generated: Path) -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from ekinerja.cli import main\n"
        f"result = CliRunner().invoke(main, ['score', {str(generated)!r}, '--format', 'json'])\n"
        "assert result.exit_code == 0, result.output\n"
        "print(sorted(m for m in ('networkx', 'sqlalchemy', 'openpyxl', 'babel', 'dash',\n"
        "                         'pandas') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def test_an_unchanged_file_is_not_read_again(generated: Path, monkeypatch) -> None:
    fastscore.engine_of_file(generated)
    monkeypatch.setattr(fastscore, "_read", lambda path: pytest.fail("read again"))
    assert fastscore.engine_of_file(generated) is not None


def test_a_damaged_snapshot_is_rebuilt(generated: Path) -> None:
    fastscore.engine_of_file(generated)
    for snapshot in fastscore.snapshot_folder().glob("*.npz"):
        snapshot.write_bytes(b"not a snapshot")
    assert fast_json(generated, "2024") == full_reader_json(generated, "2024")


# ---------------------------------------------------------------------------- the scanner and
# the writer: hand-made plans with every kind of target, both `missing` modes, both negative
# methods; the output compared byte for byte with the full reader's document


def _variant(missing: str, method: str) -> dict[str, Any]:
    """NTB-mini with ranged targets on a positive and a negative indicator, a ratio method,
    a cap, and the given `missing` mode."""
    data = json.loads((HERE / "plan.json").read_text(encoding="utf-8"))
    data["plan"]["settings"] = {"missing": missing, "negative_method": method, "cap": 130}
    first = data["indicators"][0]["code"]
    negative = next(i for i in data["indicators"] if i.get("polarity") == "negative")
    negative["cap"] = 110
    for target in data["targets"]:
        if target["indicator"] == first and target["period"].endswith("Q2"):
            target.pop("value")
            target.update(low=80, high=90)  # positive, ranged
        if target["indicator"] == negative["code"] and target["period"].endswith("Q1"):
            target.pop("value")
            target.update(low=7, high=8.25)  # negative, ranged
    data["realizations"].append({"indicator": negative["code"], "period": "2023-Q1",
                                 "value": 6.5})
    data["realizations"] = [r for r in data["realizations"]
                            if not (r["indicator"] == negative["code"] and r is not
                                    data["realizations"][-1] and r["period"] == "2023-Q1")]
    return data


def _reference_bytes(path: Path, period: str) -> bytes:
    import orjson

    return orjson.dumps(Engine(interchange.load(path)).evaluate(period).to_json()) + b"\n"


@pytest.mark.parametrize("missing", ["skip", "zero"])
@pytest.mark.parametrize("method", ["inverse_difference", "ratio"])
@pytest.mark.parametrize("indent", [None, 2], ids=["compact", "indented"])
def test_score_json_is_the_full_readers_document_byte_for_byte(
    missing: str, method: str, indent: int | None, tmp_path: Path
) -> None:
    data = _variant(missing, method)
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=indent), encoding="utf-8")
    assert fastscore.engine_of_file(path, use_snapshot=False) is not None  # the fast path
    for period in ("2023-Q1", "2023-Q2", "2023", "2024"):
        expected = _reference_bytes(path, period)
        assert b"[80.0,90.0]" in expected or period != "2023-Q2"
        for run in ("first", "snapshot"):
            result = CliRunner().invoke(main, ["score", str(path), "--period", period,
                                               "--format", "json"])
            assert result.exit_code == 0, (run, result.output)
            assert result.stdout_bytes == expected, run


def test_generated_plan_scores_byte_for_byte(generated: Path) -> None:
    for period in Engine(interchange.load(generated)).periods()[-2:]:
        result = CliRunner().invoke(main, ["score", str(generated), "--period", period,
                                           "--format", "json"])
        assert result.exit_code == 0, result.output
        assert result.stdout_bytes == _reference_bytes(generated, period)


def _plan_with(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """NTB-mini written as text with `old` replaced by `new` in its list `name`."""
    text = json.dumps(json.loads((HERE / "plan.json").read_text(encoding="utf-8")),
                      ensure_ascii=False)
    head, tail = text.split(f'"{name}":', 1)
    assert old in tail, old
    path = tmp_path / "plan.json"
    path.write_text(f'{head}"{name}":' + tail.replace(old, new, 1), encoding="utf-8")
    return path


#: Text changes in NTB-mini's targets or realizations: "decoder" (a valid plan whose list the
#: scanner leaves to the typed decoder) or "invalid" (the full reader reports it).
TEXT_CHANGES = {
    "exponent": ("decoder", "targets", '"value": 70', '"value": 7e1'),
    "long number": ("decoder", "realizations", '"value": 66.5',
                    '"value": 66.50000000000000000001'),
    "negative zero": ("decoder", "realizations", '"value": 66.5', '"value": -0'),
    "a status": ("decoder", "realizations", '"value": 66.5}',
                 '"value": 66.5, "status": "submitted"}'),
    "an escape": ("decoder", "targets", '"period": "2023-Q1"', '"period": "2023-\\u0051\\u0031"'),
    "key twice in a target": ("invalid", "targets", '"value": 70', '"value": 70, "value": 71'),
    "unknown key in a realization": ("invalid", "realizations", '"value": 66.5',
                                     '"value": 66.5, "x": 1'),
    "number as text": ("invalid", "targets", '"value": 70', '"value": "70"'),
    "nested object": ("invalid", "targets", '"value": 70', '"value": {"v": 70}'),
    "an element not an object": ("invalid", "realizations", '[{', '[5, {'),
    "boolean value": ("invalid", "realizations", '"value": 66.5', '"value": true'),
    "null realization": ("invalid", "realizations", '"value": 66.5', '"value": null'),
    "missing period": ("invalid", "targets", '"period": "2023-Q1", ', ''),
    "unknown indicator": ("invalid", "targets", '"indicator": "IKU-1"', '"indicator": "IKU-9"'),
    "objective as indicator": ("invalid", "targets", '"indicator": "IKU-1"',
                               '"indicator": "SS1"'),
    "indicator of a prefix": ("invalid", "targets", '"indicator": "IKU-1"',
                              '"indicator": "IKU-"'),
}
PLAIN_NOT = {name: change[1:] for name, change in TEXT_CHANGES.items() if change[0] == "decoder"}
TEXT_BREAKS = {name: change[1:] for name, change in TEXT_CHANGES.items()
               if change[0] == "invalid"}


@pytest.mark.parametrize("name", list(PLAIN_NOT))
def test_what_the_scanner_is_not_sure_of_is_read_exactly(name: str, tmp_path: Path) -> None:
    path = _plan_with(tmp_path, *PLAIN_NOT[name])
    scanned = []
    original = fastscore._scan_periodic

    def spy(*args: Any, **kwargs: Any) -> Any:
        try:
            result = original(*args, **kwargs)
        except fastscore._Unsure:
            scanned.append(False)
            raise
        scanned.append(True)
        return result

    fastscore._scan_periodic = spy
    try:
        engine = fastscore.engine_of_file(path, use_snapshot=False)
    finally:
        fastscore._scan_periodic = original
    assert engine is not None, "a valid plan sent to the full reader"
    assert scanned and False in scanned  # the typed decoder read that list
    for period in ("2023-Q1", "2023"):
        assert (json.loads(json.dumps(engine.evaluate(period).to_json()))
                == full_reader_json(path, period))


@pytest.mark.parametrize("name", list(TEXT_BREAKS))
def test_invalid_targets_and_realizations_go_to_the_full_reader(name: str,
                                                                tmp_path: Path) -> None:
    path = _plan_with(tmp_path, *TEXT_BREAKS[name])
    assert fastscore.engine_of_file(path) is None
    result = CliRunner().invoke(main, ["score", str(path), "--format", "json"])
    assert result.exit_code == 2, result.output


@pytest.mark.parametrize("text", [b"[ 5 ]", b'["IKU-1"]', b"[null]", b"[{}]"])
def test_a_list_of_anything_but_objects_is_not_taken_for_targets(text: bytes) -> None:
    codes = fastscore._Codes(["IKU-1"])
    with pytest.raises(fastscore._Unsure):
        fastscore._scan_periodic(np.frombuffer(text, np.uint8), is_target=True, codes=codes,
                                 n_obj=1)


def test_an_empty_list_of_targets_is_scanned_as_no_rows() -> None:
    codes = fastscore._Codes(["IKU-1"])
    for text in (b"[]", b"[ \n ]"):
        columns = fastscore._scan_periodic(np.frombuffer(text, np.uint8), is_target=True,
                                           codes=codes, n_obj=1)
        assert len(columns["node"]) == len(columns["value"]) == 0


def _structure_variant() -> dict[str, Any]:
    """NTB-mini with every per-indicator field of the compile given, absent and null."""
    data = json.loads((HERE / "plan.json").read_text(encoding="utf-8"))
    data["plan"]["settings"] = {"negative_method": "ratio", "cap": 110}
    choices = [("negative_method", "inverse_difference"), ("negative_method", None),
               ("cap", 95), ("cap", None), ("aggregation", "sum"), ("aggregation", None),
               ("aggregation", "average"), ("weight", 2.5), ("weight", None)]
    for k, indicator in enumerate(data["indicators"]):
        name, value = choices[k % len(choices)]
        indicator[name] = value
    for k, link in enumerate(data["links"]):
        if k % 3 == 1:
            link["weight"] = 0.5
        elif k % 3 == 2:
            link["weight"] = None
    return data


@pytest.mark.parametrize("records", [True, False])
@pytest.mark.parametrize("name", ["ntb-mini", "variant", "example", "generated"])
def test_the_structure_columns_are_the_full_readers(name: str, records: bool, generated: Path,
                                                    tmp_path: Path) -> None:
    """Also without records (the score's path: the records freed, the codes made anew)."""
    if name == "variant":
        path = tmp_path / "plan.json"
        path.write_text(json.dumps(_structure_variant()), encoding="utf-8")
    else:
        path = {"ntb-mini": HERE / "plan.json", "example": Path(EXAMPLE_PLAN),
                "generated": generated}[name]
    expected = StructureColumns.of_document(interchange.load(path))
    document, _, _, got = fastscore.checked_structure(path.read_bytes(), records=records)
    assert bool(document.objectives) == records and bool(document.indicators) == records
    assert got.objective_codes == expected.objective_codes
    assert got.indicator_codes == expected.indicator_codes
    assert got.index == expected.index
    assert got.objective_rank.tolist() == expected.objective_rank.tolist()
    assert got.indicators.keys() == expected.indicators.keys()
    for column, values in expected.indicators.items():
        assert got.indicators[column].dtype == values.dtype, column
        assert got.indicators[column].tolist() == values.tolist(), column
    for mine, theirs in zip(got.links, expected.links, strict=True):
        assert mine.dtype == theirs.dtype
        assert mine.tolist() == theirs.tolist()
    if name == "variant":  # every choice taken: a wrong default would show
        assert len(set(got.indicators["method"].tolist())) == 2
        assert len(set(got.indicators["aggregation"].tolist())) == 3
        assert len(set(got.indicators["cap"].tolist())) == 2
        for period in ("2023", "2024"):
            result = CliRunner().invoke(main, ["score", str(path), "--period", period,
                                               "--format", "json"])
            assert result.exit_code == 0, result.output
            assert result.stdout_bytes == _reference_bytes(path, period)


def test_the_decoded_records_have_the_models_fields() -> None:
    """The list records of the fast reader are the format's (docs/file-format.md): the model's
    fields, in its order (an objective's RHK kind is a field of the file, not of the model)."""
    import dataclasses

    from ekinerja import model

    kinds = {"units": model.Unit, "employees": model.Employee, "objectives": model.Objective,
             "indicators": model.Indicator, "links": model.Link,
             "causal_links": model.CausalLink, "targets": model.Target,
             "realizations": model.Realization}
    assert kinds.keys() == fastscore._RECORDS.keys()
    for name, kind in kinds.items():
        required, optional = fastscore._RECORDS[name]
        extra = ["rhk_kind"] if name == "objectives" else []
        assert [*required, *optional] == [f.name for f in dataclasses.fields(kind)] + extra
