"""The `ekinerja serve` command's options."""

from __future__ import annotations

import click
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
