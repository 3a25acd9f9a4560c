"""The database commands end to end: init, db upgrade, demo, import, export (real databases)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from ekinerja import interchange, services
from ekinerja.cli import main
from ekinerja.data import EXAMPLE_PLAN
from ekinerja.services import accounts
from ekinerja.storage.database import Database


def stored(url: str, what: str = "document"):
    """Read from the database (and close it): the plan document, plan list or a user."""
    db = Database(url)
    try:
        if what == "document":
            return services.load_document(db)
        if what == "plans":
            return services.list_plans(db)
        return accounts.get_account(db, what)
    finally:
        db.dispose()


def set_schema_version(url: str, version: str) -> None:
    db = Database(url)
    with db.connect() as conn:
        conn.execute(text(f"UPDATE alembic_version SET version_num = '{version}'"))
    db.dispose()


def head_revision(url: str) -> str:
    db = Database(url)
    head = db.head_revision()
    db.dispose()
    return head


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_demo_then_export_gives_back_the_bundled_plan(database_url, tmp_path: Path) -> None:
    assert run("demo", "--database", database_url)[0] == 0
    out = tmp_path / "x.json"
    assert run("export", str(out), "--database", database_url)[0] == 0
    bundled = interchange.to_dict(interchange.load(EXAMPLE_PLAN))
    assert json.loads(out.read_text(encoding="utf-8")) == bundled


def test_import_of_an_export_into_a_fresh_database_exports_identically(
    database_url, tmp_path: Path
) -> None:
    run("demo", "--database", database_url)
    first = tmp_path / "first.json"
    run("export", str(first), "--database", database_url)
    fresh = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    run("db", "upgrade", "--database", fresh)
    assert run("import", str(first), "--database", fresh)[0] == 0
    second = tmp_path / "second.json"
    run("export", str(second), "--database", fresh)
    assert second.read_bytes() == first.read_bytes()


def test_demo_twice_refreshes_without_changes(database_url) -> None:
    run("demo", "--database", database_url)
    code, out, _ = run("demo", "--database", database_url)
    assert code == 0 and "no changes" in out


def test_demo_prints_the_database_location_and_a_score(database_url) -> None:
    code, out, err = run("demo", "--database", database_url)
    assert code == 0 and "database:" in err and "score VISI" in out


def test_init_creates_the_schema_and_an_admin(database_url) -> None:
    code, out, _ = run("init", "--database", database_url, "--admin", "kepala")
    assert code == 0 and "ready" in out
    assert stored(database_url, "kepala").role == "admin"


def test_init_prints_the_first_admins_generated_password(database_url, signs_in) -> None:
    code, out, err = run("init", "--database", database_url)
    password = out.strip().splitlines()[-1].split(": ")[-1]
    assert code == 0 and "admin" in out and "not shown again" in err
    assert signs_in(database_url, "admin", password)


def test_init_takes_the_admins_password_from_stdin(database_url, signs_in) -> None:
    result = CliRunner().invoke(main, ["init", "--password-stdin", "--database", database_url],
                                input="pertama-sekali\n", catch_exceptions=False)
    assert result.exit_code == 0 and "pertama-sekali" not in result.output
    assert signs_in(database_url, "admin", "pertama-sekali")


def test_init_again_keeps_the_admins_password(database_url, signs_in) -> None:
    CliRunner().invoke(main, ["init", "--password-stdin", "--database", database_url],
                       input="pertama-sekali\n", catch_exceptions=False)
    code, out, err = run("init", "--database", database_url)
    assert code == 0 and "already has a password" in err and "password (" not in out
    assert signs_in(database_url, "admin", "pertama-sekali")


def test_init_with_no_standard_input_does_not_wait(tmp_path: Path) -> None:
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    done = subprocess.run([str(Path(sys.executable).parent / "ekinerja"), "init", "--database",
                           url], stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0 and "password (admin): " in done.stdout


def test_demo_prints_one_account_per_role_and_their_password(database_url, signs_in) -> None:
    from ekinerja.permissions import ROLES

    code, out, _ = run("demo", "--database", database_url)
    password = out.strip().splitlines()[-1].split(": ")[-1]
    listed = [line.split() for line in out.splitlines() if line.startswith("  demo-")]
    assert code == 0 and sorted(row[1] for row in listed) == sorted(ROLES)
    assert all(signs_in(database_url, row[0], password) for row in listed)


def test_demo_again_gives_the_demo_accounts_a_new_password(database_url, signs_in) -> None:
    first = run("demo", "--database", database_url)[1].strip().splitlines()[-1].split(": ")[-1]
    second = run("demo", "--database", database_url)[1].strip().splitlines()[-1].split(": ")[-1]
    assert first != second and signs_in(database_url, "demo-viewer", second)


def test_db_upgrade_reports_the_schema_revision(database_url) -> None:
    code, out, _ = run("db", "upgrade", "--database", database_url)
    assert code == 0 and out.strip().endswith(head_revision(database_url))


def demo_and_a_changed_plan(database_url: str, folder: Path) -> Path:
    """`ekinerja demo` into the database, and a file of the example plan with its vision
    renamed "Visi baru"."""
    run("demo", "--database", database_url)
    doc = interchange.load(EXAMPLE_PLAN)
    doc.objectives[0].name = "Visi baru"
    changed = folder / "changed.json"
    interchange.save(doc, changed)
    return changed


def test_import_dry_run_prints_changes_and_writes_nothing(database_url, tmp_path: Path) -> None:
    changed = demo_and_a_changed_plan(database_url, tmp_path)
    code, out, _ = run("import", str(changed), "--dry-run", "--database", database_url)
    assert code == 0 and "objectives VISI: update" in out and "would" in out
    assert stored(database_url).objectives[0].name != "Visi baru"


def test_import_of_a_changed_plan_updates_it(database_url, tmp_path: Path) -> None:
    changed = demo_and_a_changed_plan(database_url, tmp_path)
    assert run("import", str(changed), "--database", database_url)[0] == 0
    assert stored(database_url).objectives[0].name == "Visi baru"


def test_import_of_a_workbook_is_the_same_plan(database_url, tmp_path: Path) -> None:
    workbook = tmp_path / "plan.xlsx"
    interchange.save(interchange.load(EXAMPLE_PLAN), workbook)
    run("db", "upgrade", "--database", database_url)
    assert run("import", str(workbook), "--database", database_url)[0] == 0
    assert stored(database_url) == interchange.load(EXAMPLE_PLAN)


def test_import_of_an_invalid_file_exits_2_and_writes_nothing(database_url, tmp_path) -> None:
    data = json.loads(EXAMPLE_PLAN.read_text(encoding="utf-8"))
    data["objectives"][1]["level"] = "galaxy"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    run("db", "upgrade", "--database", database_url)
    code, _, err = run("import", str(bad), "--database", database_url)
    assert code == 2 and "objectives[1].level" in err
    assert stored(database_url, "plans") == []


def test_import_into_a_database_without_schema_says_run_db_upgrade(database_url) -> None:
    code, _, err = run("import", str(EXAMPLE_PLAN), "--database", database_url)
    assert code == 2 and "ekinerja db upgrade" in err and "Traceback" not in err


def test_import_checks_the_schema_before_it_reads_the_file(database_url, tmp_path: Path
                                                           ) -> None:
    """A missing schema is said at once, not after a (national: many seconds long) read of the
    file: a file that cannot be read is not even looked at."""
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    code, _, err = run("import", str(bad), "--database", database_url)
    assert code == 2 and "ekinerja db upgrade" in err and "bad.json" not in err


def test_newer_schema_gives_one_line_and_exit_2(database_url) -> None:
    run("db", "upgrade", "--database", database_url)
    set_schema_version(database_url, "9999")
    code, _, err = run("export", "x.json", "--database", database_url)
    assert code == 2 and "newer" in err and len(err.strip().splitlines()) == 2


def test_unopenable_database_gives_one_line_and_exit_1(tmp_path: Path) -> None:
    path = tmp_path / "junk.sqlite"
    path.write_bytes(b"junk" * 1000)
    code, _, err = run("export", "x.json", "--database", f"sqlite:///{path}")
    assert code == 1 and "cannot open database" in err and "Traceback" not in err


def test_export_of_an_unknown_plan_exits_1(database_url, tmp_path: Path) -> None:
    run("demo", "--database", database_url)
    code, _, err = run(
        "export", str(tmp_path / "x.json"), "--plan", "NOPE", "--database", database_url
    )
    assert code == 1 and "NOPE" in err


def test_score_reads_the_plan_from_the_database(database_url) -> None:
    run("demo", "--database", database_url)
    code, out, _ = run("score", "--period", "2022", "--format", "json", "--database", database_url)
    from_file = run("score", str(EXAMPLE_PLAN), "--period", "2022", "--format", "json")[1]
    assert code == 0 and json.loads(out) == json.loads(from_file)


def test_score_forecast_reads_the_plan_from_the_database(database_url) -> None:
    run("demo", "--database", database_url)
    args = ("--period", "2022-Q2", "--format", "json", "--forecast")
    code, out, _ = run("score", *args, "--database", database_url)
    from_file = run("score", str(EXAMPLE_PLAN), *args)[1]
    assert code == 0 and json.loads(out) == json.loads(from_file)
    assert json.loads(out)["forecast"]["as_of"] == "2022-Q2"


@pytest.mark.parametrize("command", ["init", "demo", "import", "export"])
def test_database_commands_are_registered(command: str) -> None:
    assert command in main.commands


def test_db_backup_copies_the_sqlite_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'live.sqlite'}"
    run("demo", "--database", url)
    copy = tmp_path / "backup" / "copy.sqlite"
    assert run("db", "backup", str(copy), "--database", url)[0] == 0
    assert stored(f"sqlite:///{copy}") == stored(url)


def test_db_backup_refuses_to_overwrite_a_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'live.sqlite'}"
    run("db", "upgrade", "--database", url)
    existing = tmp_path / "there.sqlite"
    existing.write_bytes(b"keep me")
    code, _, err = run("db", "backup", str(existing), "--database", url)
    assert code == 1 and "exists" in err and existing.read_bytes() == b"keep me"
