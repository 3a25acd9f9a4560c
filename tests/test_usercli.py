"""The `ekinerja user` commands end to end on real databases (and a real pipe for stdin)."""

from __future__ import annotations

import json
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from ekinerja import accounts, services
from ekinerja.cli import main
from ekinerja.storage.database import Database

NIP = "199001012020011001"  # Ani, DIKES, in the small plan
PROGRAM = Path(sys.executable).parent / "ekinerja"


@pytest.fixture
def url(database_url: str, small_plan) -> str:
    """A database with the schema and the small plan (units PEMDA > DIKES, employee Ani)."""
    db = Database(database_url)
    db.upgrade()
    services.import_document(db, services.system_user(), small_plan)
    db.dispose()
    return database_url


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def account(url: str, username: str) -> accounts.Account:
    db = Database(url)
    try:
        return accounts.get_account(db, username)
    finally:
        db.dispose()


def printed_password(out: str) -> str:
    return re.search(r"password \([^)]*\): (\S+)$", out.strip()).group(1)


# ----------------------------------------------------------------- user add
def test_add_with_a_password_from_stdin(url: str, signs_in) -> None:
    code, out, _ = run("user", "add", "budi", "--role", "operator", "--unit", "DIKES",
                       "--password-stdin", "--database", url, stdin="rahasia-123\n")
    assert code == 0 and "budi (operator, unit DIKES)" in out
    assert "rahasia-123" not in out
    assert signs_in(url, "budi", "rahasia-123")


def test_add_without_a_password_prints_a_generated_one_once(url: str, signs_in) -> None:
    code, out, err = run("user", "add", "budi", "--role", "viewer", "--database", url)
    assert code == 0 and "not shown again" in err
    assert signs_in(url, "budi", printed_password(out))


def test_add_ties_an_employee_and_takes_their_unit(url: str) -> None:
    code, _, _ = run("user", "add", "ani", "--role", "employee", "--employee", NIP,
                     "--name", "Ani Lestari", "--database", url)
    created = account(url, "ani")
    assert code == 0
    assert (created.nip, created.unit, created.name) == (NIP, "DIKES", "Ani Lestari")


@pytest.mark.parametrize(("args", "message"), [
    (["budi", "--role", "boss"], 'unknown role "boss"'),
    (["budi", "--role", "operator", "--unit", "NOPE"], 'unit not found in any plan: "NOPE"'),
    (["budi", "--role", "employee", "--employee", "123"], "employee not found in any plan"),
    (["", "--role", "viewer"], "empty user name"),
    (["budi santoso", "--role", "viewer"], "invalid user name"),
])
def test_add_with_bad_input_exits_2_with_a_bilingual_message(url: str, args, message) -> None:
    code, _, err = run("user", "add", *args, "--database", url)
    assert code == 2 and message in err and " / " in err
    assert run("user", "list", "--format", "json", "--database", url)[1].strip() == "[]"


def test_add_with_a_short_password_exits_2(url: str) -> None:
    code, _, err = run("user", "add", "budi", "--role", "viewer", "--password-stdin",
                       "--database", url, stdin="pendek\n")
    assert code == 2 and "at least 8" in err


def test_add_with_an_empty_stdin_password_exits_2(url: str) -> None:
    code, _, err = run("user", "add", "budi", "--role", "viewer", "--password-stdin",
                       "--database", url, stdin="\n")
    assert code == 2 and "no password" in err


def test_add_of_an_existing_name_exits_1(url: str) -> None:
    run("user", "add", "budi", "--role", "viewer", "--database", url)
    code, _, err = run("user", "add", "budi", "--role", "admin", "--database", url)
    assert code == 1 and 'user exists: "budi"' in err
    assert account(url, "budi").role == "viewer"


def test_add_warns_when_the_role_lacks_its_unit(url: str) -> None:
    code, _, err = run("user", "add", "budi", "--role", "operator", "--database", url)
    assert code == 0 and "without --unit" in err


def test_add_is_audited_as_the_system(url: str) -> None:
    run("user", "add", "budi", "--role", "viewer", "--database", url)
    db = Database(url)
    record = services.audit_log(db, entity="account")[0]
    db.dispose()
    assert (record["username"], record["key"], record["action"]) == ("system", "budi", "add")


# ----------------------------------------------------------------- user list / edit
def test_list_shows_role_unit_employee_disabled_and_last_sign_in(url: str, signs_in) -> None:
    run("user", "add", "ani", "--role", "employee", "--employee", NIP, "--password-stdin",
        "--database", url, stdin="rahasia-123\n")
    run("user", "add", "budi", "--role", "viewer", "--database", url)
    run("user", "disable", "budi", "--database", url)
    signs_in(url, "ani", "rahasia-123")
    code, out, _ = run("user", "list", "--database", url)
    lines = {line.split()[0]: line for line in out.splitlines()[1:]}
    assert code == 0
    assert lines["ani"].split()[:5] == ["ani", "employee", "DIKES", NIP, "-"]
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC$", lines["ani"])
    assert "nonaktif/disabled" in lines["budi"] and lines["budi"].endswith("-")


def test_list_as_json(url: str) -> None:
    run("user", "add", "budi", "--role", "viewer", "--database", url)
    found = json.loads(run("user", "list", "--format", "json", "--database", url)[1])
    assert [(a["username"], a["role"], a["disabled"]) for a in found] == [
        ("budi", "viewer", False)]


def test_edit_changes_the_role_and_unit(url: str) -> None:
    run("user", "add", "budi", "--role", "viewer", "--database", url)
    code, out, _ = run("user", "edit", "budi", "--role", "operator", "--unit", "DIKES",
                       "--database", url)
    assert code == 0 and "budi (operator, unit DIKES)" in out


def test_edit_of_an_unknown_user_exits_1(url: str) -> None:
    assert run("user", "edit", "nobody", "--role", "viewer", "--database", url)[0] == 1


# ----------------------------------------------------------------- passwd / disable / enable
def test_passwd_from_stdin_replaces_the_password(url: str, signs_in) -> None:
    run("user", "add", "budi", "--role", "viewer", "--database", url)
    code, _, _ = run("user", "passwd", "budi", "--password-stdin", "--database", url,
                     stdin="baru-sekali-1\n")
    assert code == 0 and signs_in(url, "budi", "baru-sekali-1")


def test_passwd_without_stdin_prints_a_generated_password(url: str, signs_in) -> None:
    run("user", "add", "budi", "--role", "viewer", "--database", url)
    code, out, _ = run("user", "passwd", "budi", "--database", url)
    assert code == 0 and signs_in(url, "budi", printed_password(out))


def test_passwd_must_change_asks_for_a_new_password_at_sign_in(url: str) -> None:
    run("user", "add", "budi", "--role", "viewer", "--database", url)
    run("user", "passwd", "budi", "--must-change", "--database", url)
    assert account(url, "budi").must_change_password


def test_passwd_of_an_unknown_user_exits_1(url: str) -> None:
    code, _, err = run("user", "passwd", "nobody", "--database", url)
    assert code == 1 and 'user not found: "nobody"' in err


def test_disable_refuses_sign_in_and_enable_allows_it_again(url: str, signs_in) -> None:
    run("user", "add", "budi", "--role", "viewer", "--password-stdin", "--database", url,
        stdin="rahasia-123\n")
    assert run("user", "disable", "budi", "--database", url)[0] == 0
    assert not signs_in(url, "budi", "rahasia-123")
    assert run("user", "enable", "budi", "--database", url)[0] == 0
    assert signs_in(url, "budi", "rahasia-123")


def test_disable_of_an_unknown_user_exits_1(url: str) -> None:
    assert run("user", "disable", "nobody", "--database", url)[0] == 1


def test_disabling_the_last_admin_exits_1(url: str) -> None:
    run("user", "add", "kepala", "--role", "admin", "--database", url)
    code, _, err = run("user", "disable", "kepala", "--database", url)
    assert code == 1 and "last admin" in err


def test_user_commands_on_a_database_without_schema_say_run_db_upgrade(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'none.sqlite'}"
    code, _, err = run("user", "list", "--database", url)
    assert code == 2 and "ekinerja db upgrade" in err


# ----------------------------------------------------------------- import-employees
def test_import_employees_writes_their_one_time_passwords_readable_by_the_owner_only(
        url: str, tmp_path: Path, signs_in) -> None:
    target = tmp_path / "akun.xlsx"
    code, out, _ = run("user", "import-employees", "-o", str(target), "--database", url)
    assert code == 0 and "1 akun dibuat / accounts created" in out
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    rows = list(load_workbook(target).active.iter_rows(values_only=True))
    assert rows[1][0] == NIP
    assert account(url, NIP).must_change_password
    assert signs_in(url, NIP, rows[1][5])


def test_import_employees_skips_the_employees_who_have_an_account(url: str,
                                                                  tmp_path: Path) -> None:
    run("user", "add", "ani", "--role", "employee", "--employee", NIP, "--database", url)
    code, out, _ = run("user", "import-employees", "--plan", "P1", "-o",
                       str(tmp_path / "a.xlsx"), "--database", url)
    assert code == 0 and "0 akun dibuat" in out and "1 sudah ada / already exist" in out


def test_import_employees_refuses_to_replace_a_file(url: str, tmp_path: Path) -> None:
    target = tmp_path / "akun.xlsx"
    target.write_bytes(b"old")
    code, _, err = run("user", "import-employees", "-o", str(target), "--database", url)
    assert code == 1 and "file exists" in err and target.read_bytes() == b"old"
    assert json.loads(run("user", "list", "--format", "json", "--database", url)[1]) == []


def test_import_employees_of_an_unknown_plan_writes_nothing(url: str, tmp_path: Path) -> None:
    target = tmp_path / "akun.xlsx"
    code, _, err = run("user", "import-employees", "--plan", "NOPE", "-o", str(target),
                       "--database", url)
    assert code == 1 and "plan not found" in err and not target.exists()


# ----------------------------------------------------------------- a real standard input
def test_a_real_pipe_gives_the_password_with_password_stdin(url: str, signs_in) -> None:
    done = subprocess.run(
        [str(PROGRAM), "user", "add", "budi", "--role", "viewer", "--password-stdin",
         "--database", url], input="dari-pipa-123\n", capture_output=True, text=True,
        timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert signs_in(url, "budi", "dari-pipa-123")


def test_a_piped_password_is_used_without_the_flag_too(url: str, signs_in) -> None:
    done = subprocess.run(
        [str(PROGRAM), "user", "passwd", "budi", "--database", url],
        input="tanpa-bendera-1\n", capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1  # no such user yet: the password was read, nothing written
    run("user", "add", "budi", "--role", "viewer", "--database", url)
    done = subprocess.run(
        [str(PROGRAM), "user", "passwd", "budi", "--database", url],
        input="tanpa-bendera-1\n", capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0 and "password read from standard input" in done.stderr
    assert signs_in(url, "budi", "tanpa-bendera-1")


def test_no_standard_input_means_a_generated_password_without_waiting(url: str, signs_in) -> None:
    done = subprocess.run(
        [str(PROGRAM), "user", "add", "budi", "--role", "viewer", "--database", url],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0
    assert signs_in(url, "budi", printed_password(done.stdout))
