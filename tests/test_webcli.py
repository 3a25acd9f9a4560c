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
