"""The `ekinerja` command's entry point (ekinerja/entry.py): `score FILE.json --format json`
answered without click, byte for byte as the click command answers it; every other command
line, and every case the fast path cannot answer, answered by the click command itself."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ekinerja import interchange
from ekinerja.entry import score_arguments
from ekinerja.generate import generate

HERE = Path(__file__).parent
ROOT = HERE.parent

#: Run the entry point, then say on stderr whether click was loaded.
ENTRY = ("import sys; from ekinerja.entry import main\n"
         "try:\n    main()\nfinally:\n    print('click loaded:', 'click' in sys.modules, "
         "file=sys.stderr)")
#: Run the click command as the console script did before the entry point.
CLICK = "from ekinerja.cli import main; main(prog_name='ekinerja')"


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("entry") / "generated.json"
    interchange.write_json(generate(120, 3, 5), path)
    return path


def _run(code: str, args: list[str], cache: Path, **options: object
         ) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True,
                          check=False, cwd=ROOT, **options)  # type: ignore[call-overload]


@pytest.mark.parametrize(("args", "expected"), [
    (["score", "p.json", "--format", "json"], ("p.json", None)),
    (["score", "--format", "json", "p.JSON", "--period", "2024"], ("p.JSON", "2024")),
    (["score", "p.json", "-p", "2024-Q1", "--format=json"], ("p.json", "2024-Q1")),
    (["score", "p.json", "--period=2024-03", "--format", "json"], ("p.json", "2024-03")),
    (["score", "p.json", "--period", "", "--format", "json"], ("p.json", "")),
])
def test_the_scoring_call_is_read_without_click(args: list[str],
                                                expected: tuple[str, str | None]) -> None:
    assert score_arguments(args) == expected


@pytest.mark.parametrize("args", [
    [], ["--help"], ["check", "p.json"], ["score"], ["score", "p.json"],
    ["score", "p.json", "--format", "table"], ["score", "p.xlsx", "--format", "json"],
    ["score", "p.json", "--format", "json", "--explain", "V"],
    ["score", "p.json", "--format", "json", "--forecast"],
    ["score", "p.json", "--format", "json", "--depth", "2"],
    ["score", "p.json", "--format", "json", "--database", "sqlite://"],
    ["score", "p.json", "q.json", "--format", "json"],
    ["score", "p.json", "--format", "json", "--period", "2024", "-p", "2025"],
    ["score", "p.json", "--format", "json", "--format", "json"],
    ["score", "p.json", "--format", "json", "--period"],
    ["score", "p.json", "--format", "json", "--period", "-p"],
    ["score", "p.json", "--format", "json", "-p=2024"],
    ["score", "-", "--format", "json"],
    ["score", "p.json", "--format", "json", "--help"],
    ["score", "p.json", "--format", "json", "--"],
])
def test_every_other_command_line_goes_to_click(args: list[str]) -> None:
    assert score_arguments(args) is None


@pytest.mark.parametrize("period", [None, "2024", "2025-Q2"])
def test_the_fast_answer_is_the_click_commands_byte_for_byte(plan: Path, tmp_path: Path,
                                                             period: str | None) -> None:
    args = ["score", str(plan), "--format", "json", *(["--period", period] if period else [])]
    click = _run(CLICK, args, tmp_path / "click")
    assert click.returncode == 0, click.stderr
    for run in ("first", "again"):  # without, then with the snapshot
        fast = _run(ENTRY, args, tmp_path / "fast")
        assert fast.returncode == 0, fast.stderr
        assert fast.stdout == click.stdout, run
        assert fast.stderr.decode().strip() == "click loaded: False"


@pytest.mark.parametrize("case", ["a period not the plan's", "an empty period",
                                  "an invalid plan", "no such file", "not JSON",
                                  "a table", "help"])
def test_what_the_fast_path_cannot_answer_the_click_command_answers(
        case: str, plan: Path, tmp_path: Path) -> None:
    path = str(plan)
    if case == "an invalid plan":
        bad = tmp_path / "bad.json"
        bad.write_text(plan.read_text(encoding="utf-8").replace('"vision"', '"visi"', 1),
                       encoding="utf-8")
        path = str(bad)
    elif case == "no such file":
        path = str(tmp_path / "missing.json")
    elif case == "not JSON":
        path = str(tmp_path / "text.json")
        Path(path).write_text("{not json", encoding="utf-8")
    args = {"a period not the plan's": ["score", path, "--format", "json", "-p", "1999"],
            "an empty period": ["score", path, "--format", "json", "--period="],
            "a table": ["score", path, "--format", "table", "-p", "2024"],
            "help": ["score", "--help"]}.get(case, ["score", path, "--format", "json"])
    click = _run(CLICK, args, tmp_path / "click")
    fast = _run(ENTRY, args, tmp_path / "fast")
    assert (fast.returncode, fast.stdout) == (click.returncode, click.stdout)
    assert fast.stderr.decode().rsplit("click loaded:", 1)[0] == click.stderr.decode()
    assert click.returncode == (0 if case in ("a table", "help") else 2), click.stderr
    assert "click loaded: True" in fast.stderr.decode()


def test_a_reader_gone_ends_the_output_quietly(tmp_path: Path) -> None:
    path = tmp_path / "large.json"
    interchange.write_json(generate(1500, 5, 2), path)
    for code in (ENTRY, CLICK):
        env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"),
               "PYTHONPATH": str(ROOT)}
        child = subprocess.Popen([sys.executable, "-c", code, "score", str(path), "--format",
                                  "json"], env=env, cwd=ROOT, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE)
        assert child.stdout is not None and child.stderr is not None
        assert child.stdout.read(10) == b'{"period":'
        child.stdout.close()  # (the output is far larger than a pipe holds)
        errors = child.stderr.read().decode()
        child.stderr.close()
        assert child.wait() == 1
        assert "Traceback" not in errors and "Broken pipe" not in errors, errors
