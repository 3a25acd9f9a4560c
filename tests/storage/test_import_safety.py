"""Imports that cannot surprise, snapshots, backups and a restore drill (issue 11, item 2):
the command line end to end on real SQLite files and PostgreSQL."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from ekinerja import interchange, services
from ekinerja.cli import main
from ekinerja.data import EXAMPLE_PLAN
from ekinerja.storage.database import Database
from tests.helpers import exported

INDICATOR = "IKD-BAPPEDA-1.1"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def web_entry(url: str, period: str = "2023-Q1", value: float = 42.0) -> None:
    """A realization entered on the web after the plan was imported."""
    db = Database(url)
    try:
        services.record_realization(db, services.system_user(), None, INDICATOR, period, value,
                                    note="dari web")
    finally:
        db.dispose()


def history(url: str) -> list[dict]:
    db = Database(url)
    try:
        return services.realization_history(db, None, INDICATOR)
    finally:
        db.dispose()


def workbook_without(tmp_path: Path, *sheets: str) -> Path:
    path = tmp_path / "plan.xlsx"
    interchange.save(interchange.load(EXAMPLE_PLAN), path)
    book = openpyxl.load_workbook(path)
    for sheet in sheets:
        del book[sheet]
    book.save(path)
    return path


def test_a_workbook_without_the_realizations_sheet_keeps_them(database_url, tmp_path) -> None:
    run("demo", "--database", database_url)
    web_entry(database_url)
    before = history(database_url)
    path = workbook_without(tmp_path, "realizations")
    code, out, err = run("import", str(path), "--database", database_url)
    assert code == 0, err
    assert "realizations" in out and "kept as stored" in out
    assert history(database_url) == before
    assert any(e["note"] == "dari web" and not e["superseded"] for e in before)


def test_check_says_which_lists_an_import_would_keep(tmp_path) -> None:
    path = workbook_without(tmp_path, "realizations", "targets")
    code, out, _ = run("check", str(path))
    assert code == 0
    assert '"realizations" tidak ada di berkas' in out and '"targets"' in out


def test_removals_need_allow_removals_and_nothing_is_written_without(database_url,
                                                                     tmp_path) -> None:
    run("demo", "--database", database_url)
    web_entry(database_url)  # in the database, not in the file
    before = exported(database_url)
    path = tmp_path / "plan.json"
    data = json.loads(EXAMPLE_PLAN.read_text(encoding="utf-8"))
    data["causal_links"] = data["causal_links"][1:]
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run("import", str(path), "--database", database_url)
    assert code == 2
    assert "--allow-removals" in err and "causal_links 1" in err
    assert "remove" in out
    assert exported(database_url) == before
    code, _, err = run("import", str(path), "--allow-removals", "--database", database_url)
    assert code == 0, err
    after = exported(database_url)
    assert len(after["causal_links"]) == len(before["causal_links"]) - 1
    assert not any(r["indicator"] == INDICATOR and r["period"] == "2023-Q1"
                   for r in after["realizations"])


def test_a_formula_without_a_stored_result_is_an_error_at_its_cell(tmp_path) -> None:
    path = tmp_path / "plan.xlsx"
    interchange.save(interchange.load(EXAMPLE_PLAN), path)
    book = openpyxl.load_workbook(path)
    sheet = book["indicators"]
    column = [c.value for c in sheet[1]].index("weight") + 1
    sheet.cell(2, column).value = "=5"
    book.save(path)  # openpyxl stores no cached result
    code, _, err = run("check", str(path))
    assert code == 2
    assert f"indicators!{openpyxl.utils.get_column_letter(column)}2" in err


def test_db_restore_brings_back_the_plan_before_the_import(database_url, tmp_path) -> None:
    run("demo", "--database", database_url)
    web_entry(database_url)
    original = exported(database_url)
    data = json.loads(EXAMPLE_PLAN.read_text(encoding="utf-8"))
    data["objectives"][0]["name"] = "Visi yang salah"
    data["realizations"] = data["realizations"][:10]
    path = tmp_path / "wrong.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run("import", str(path), "--allow-removals", "--database", database_url)
    assert code == 0, err
    assert "snapshot before the import" in out
    assert exported(database_url) != original
    code, out, _ = run("db", "restore", "--list", "--database", database_url)
    assert code == 0 and "NTB" in out
    code, out, err = run("db", "restore", "--database", database_url)
    assert code == 0, err
    assert exported(database_url) == original


def test_db_restore_without_a_snapshot_says_so(database_url) -> None:
    run("db", "upgrade", "--database", database_url)
    code, _, err = run("db", "restore", "--database", database_url)
    assert code == 1 and "no import snapshot" in err


def test_db_backup_keeps_the_newest_n(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'live.sqlite'}"
    run("demo", "--database", url)
    folder = tmp_path / "cadangan"
    for _ in range(4):
        assert run("db", "backup", "--dir", str(folder), "--keep", "2", "--database", url)[0] == 0
    copies = sorted(folder.glob("ekinerja-*.sqlite"))
    assert len(copies) == 2
    assert all(oct(p.stat().st_mode & 0o777) == "0o600" for p in copies)
    assert exported(f"sqlite:///{copies[-1]}") == exported(url)


def test_restore_drill_backup_under_write_load_restores_the_same_plan(tmp_path) -> None:
    live = tmp_path / "live.sqlite"
    url = f"sqlite:///{live}"
    run("demo", "--database", url)
    stop = threading.Event()
    written: list[int] = []

    def writer() -> None:
        db = Database(url)
        n = 0
        while not stop.is_set():
            n += 1
            services.record_realization(db, services.system_user(), None, INDICATOR,
                                        "2023-Q2", float(n))
            written.append(n)
        db.dispose()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(written) < 5:
            stop.wait(0.01)
        code, _, err = run("db", "backup", "--dir", str(tmp_path / "b"), "--keep", "3",
                             "--database", url)
    finally:
        stop.set()
        thread.join()
    assert code == 0, err
    backup = next((tmp_path / "b").glob("ekinerja-*.sqlite"))
    in_backup = exported(f"sqlite:///{backup}")
    assert exported(url) != in_backup  # the writes went on after the backup
    code, _, err = run("db", "restore", "--from-backup", str(backup), "--database", url)
    assert code == 0, err
    conn = sqlite3.connect(live)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert exported(url) == in_backup


def test_restore_refuses_a_damaged_backup(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'live.sqlite'}"
    run("demo", "--database", url)
    before = exported(url)
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    code, _, err = run("db", "restore", "--from-backup", str(bad), "--database", url)
    assert code == 1 and ("damaged" in err or "not an SQLite" in err)
    assert exported(url) == before
