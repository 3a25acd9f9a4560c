"""The `ekinerja user token` commands on real databases."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from ekinerja.cli import main
from ekinerja.services import tokens
from ekinerja.storage.database import Database


@pytest.fixture
def url(db: Database, add_account) -> str:
    """A database with one admin account, "sync"."""
    add_account(db, "sync", "admin")
    return db.url


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_create_prints_the_token_once_and_list_never_shows_it(url: str):
    code, out, err = run("user", "token", "create", "sync", "--name", "simpeg", "--scope",
                         "write", "--days", "30", "--database", url)
    assert code == 0, err
    token = out.strip().splitlines()[-1]
    assert token.startswith("ekn_") and "not shown again" in err
    assert tokens.authenticate(Database(url), token).scope == "write"
    code, out, _ = run("user", "token", "list", "--format", "json", "--database", url)
    listed = json.loads(out)
    assert code == 0 and [t["name"] for t in listed] == ["simpeg"] and token not in out
    assert listed[0]["state"] == "active"


def test_revoke_ends_a_token(url: str):
    _, out, _ = run("user", "token", "create", "sync", "--name", "x", "--database", url)
    token = out.strip().splitlines()[-1]
    token_id = tokens.authenticate(Database(url), token).token_id
    code, out, _ = run("user", "token", "revoke", str(token_id), "--database", url)
    assert code == 0 and "revoked" in out
    assert tokens.authenticate(Database(url), token) is None
    code, out, _ = run("user", "token", "list", "sync", "--database", url)
    assert "revoked" in out


def test_bad_input_exits_2_and_an_unknown_user_exits_1(url: str):
    assert run("user", "token", "create", "sync", "--name", "x", "--days", "0",
               "--database", url)[0] == 2
    assert run("user", "token", "create", "nobody", "--name", "x", "--database", url)[0] == 1
