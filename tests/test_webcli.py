"""The `ekinerja serve` command's options."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
import requests
from click.testing import CliRunner

from ekinerja import webcli


def test_register_adds_serve_to_a_group():
    group = click.Group()
    webcli.register(group)
    assert "serve" in group.commands


def test_serve_help_lists_host_port_database_and_plan_file():
    result = CliRunner().invoke(webcli.serve_command, ["--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--database", "--plan-file", "--debug"):
        assert option in result.output


def test_serve_refuses_a_missing_plan_file(tmp_path):
    result = CliRunner().invoke(webcli.serve_command, ["--plan-file", str(tmp_path / "no.json")])
    assert result.exit_code == 2


def test_serve_refuses_a_database_without_schema_in_one_line(tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    result = CliRunner().invoke(webcli.serve_command, ["--database", url])
    assert result.exit_code == 2
    assert "ekinerja db upgrade" in result.output
    assert "Traceback" not in result.output


def test_serve_upgrade_brings_the_schema_up_to_date_before_starting(tmp_path):
    from ekinerja.storage.database import Database

    url = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    webcli._check_database(url, upgrade=True)
    db = Database(url)
    try:
        db.check_schema()  # raises when missing or outdated
        assert db.current_revision() == db.head_revision()
    finally:
        db.dispose()


def test_serve_with_a_plan_file_needs_the_accounts_database(tmp_path):
    plan = Path(__file__).parent / "callbacks" / "plan.json"
    url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    result = CliRunner().invoke(webcli.serve_command,
                                ["--plan-file", str(plan), "--database", url])
    assert result.exit_code == 2 and "ekinerja db upgrade" in result.output


def test_serve_warns_when_no_account_can_sign_in(tmp_path, capsys):
    webcli._check_database(f"sqlite:///{tmp_path / 'fresh.sqlite'}", upgrade=True)
    assert "no account can sign in" in capsys.readouterr().err


def test_serve_does_not_warn_when_an_admin_can_sign_in(accounts_url, capsys):
    webcli._check_database(accounts_url, upgrade=False)
    assert "no account can sign in" not in capsys.readouterr().err


@pytest.fixture
def served(tmp_path, add_account, serve_in_process):
    """`ekinerja serve` in its own process on a database of NTB-mini with the admin
    "penguji"; yields its base URL."""
    from ekinerja import services
    from ekinerja.interchange import load
    from ekinerja.storage.database import Database

    url = f"sqlite:///{tmp_path / 'served.sqlite'}"
    db = Database(url)
    db.upgrade()
    services.import_document(db, services.system_user(),
                             load(Path(__file__).parent / "callbacks" / "plan.json"))
    add_account(db, "penguji")
    db.dispose()
    with serve_in_process(url) as base:
        yield base


def test_a_real_server_asks_to_sign_in_and_serves_the_layout_after(served, account_password):
    session = requests.Session()
    assert session.get(served + "/_dash-layout", timeout=10).status_code == 401
    signed = session.post(served + "/login", data={"username": "penguji",
                                                   "password": account_password},
                          allow_redirects=False, timeout=30)
    assert signed.status_code == 303 and signed.headers["Location"] == "/"
    layout = session.get(served + "/_dash-layout", timeout=10)
    assert layout.status_code == 200 and "2023-Q2" in layout.text
    assert "frame-ancestors 'none'" in layout.headers["Content-Security-Policy"]
