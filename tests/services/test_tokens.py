"""Personal access tokens: shown once, stored hashed, scoped, expiring, revocable, audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from ekinerja import services
from ekinerja.services import NotFound, PermissionDenied, tokens
from ekinerja.storage import tokens as stored
from ekinerja.storage.database import Database, now


@pytest.fixture
def people(loaded: Database, add_account) -> Database:
    """The small plan with an operator of DIKES and a viewer."""
    add_account(loaded, "operator1", "operator", unit="DIKES")
    add_account(loaded, "viewer1", "viewer")
    return loaded


def actor(db: Database, username: str) -> services.User:
    return services.accounts.get_account(db, username).actor()


def test_a_token_is_stored_only_as_its_hash(people: Database):
    token, info = tokens.create_token(people, actor(people, "operator1"), "operator1", "sync",
                                      "write")
    assert token.startswith("ekn_") and len(token) > 40
    with people.read() as conn:
        rows = list(conn.execute(select(stored.tokens)))
    assert [r.token_hash for r in rows] == [tokens.digest(token)]
    assert all(token not in str(tuple(r)) for r in rows)
    assert info.prefix == token[:8] and info.scope == "write" and info.state() == "active"


def test_a_token_acts_as_its_account_with_its_role_and_unit(people: Database):
    token, _ = tokens.create_token(people, actor(people, "operator1"), "operator1", "sync")
    found = tokens.authenticate(people, token, "10.0.0.1")
    assert found is not None and found.scope == "read" and not found.may_write
    assert (found.user.username, found.user.role, found.user.unit, found.user.address) == (
        "operator1", "operator", "DIKES", "10.0.0.1")


def test_an_unknown_or_malformed_token_does_not_authenticate(people: Database):
    tokens.create_token(people, services.system_user(), "viewer1", "x")
    assert tokens.authenticate(people, "ekn_" + "a" * 43) is None
    assert tokens.authenticate(people, "not-a-token") is None


def test_a_revoked_token_no_longer_authenticates_and_the_revocation_is_audited(people):
    token, info = tokens.create_token(people, services.system_user(), "viewer1", "x")
    tokens.revoke_token(people, actor(people, "viewer1"), info.id)
    assert tokens.authenticate(people, token) is None
    actions = [r["action"] for r in services.audit_log(people, entity="token")]
    assert actions == ["revoke", "add"]


def test_an_expired_token_does_not_authenticate(people: Database):
    token, info = tokens.create_token(people, services.system_user(), "viewer1", "x", days=1)
    with people.unversioned() as conn:
        conn.execute(stored.tokens.update().where(stored.tokens.c.id == info.id)
                     .values(expires_at=now() - timedelta(seconds=1)))
    assert tokens.authenticate(people, token) is None
    assert tokens.list_tokens(people, services.system_user(), "viewer1")[0].state() == "expired"


def test_the_token_of_a_disabled_account_does_not_authenticate(people: Database):
    token, _ = tokens.create_token(people, services.system_user(), "viewer1", "x")
    services.accounts.set_disabled(people, services.system_user(), "viewer1")
    assert tokens.authenticate(people, token) is None


def test_a_user_may_not_make_or_revoke_tokens_of_another_account(people: Database):
    with pytest.raises(PermissionDenied):
        tokens.create_token(people, actor(people, "viewer1"), "operator1", "steal", "write")
    _, info = tokens.create_token(people, services.system_user(), "operator1", "x")
    with pytest.raises(PermissionDenied):
        tokens.revoke_token(people, actor(people, "viewer1"), info.id)
    with pytest.raises(PermissionDenied):
        tokens.list_tokens(people, actor(people, "viewer1"), "operator1")


def test_an_admin_makes_a_token_for_a_service_account(people: Database, add_account):
    add_account(people, "simpeg", "admin")
    token, info = tokens.create_token(people, services.system_user(), "simpeg", "sync", "write",
                                      days=30)
    assert info.username == "simpeg" and info.created_by == "system"
    assert tokens.authenticate(people, token).user.role == "admin"


@pytest.mark.parametrize(("field", "kwargs"), [
    ("name", {"name": " "}), ("scope", {"scope": "admin"}), ("days", {"days": 0}),
])
def test_bad_token_input_names_its_field_and_stores_nothing(people: Database, field, kwargs):
    arguments = {"name": "x", "scope": "read", "days": 30, **kwargs}
    with pytest.raises(tokens.InvalidToken) as caught:
        tokens.create_token(people, services.system_user(), "viewer1", **arguments)
    assert caught.value.field == field
    assert tokens.list_tokens(people, services.system_user(), "*") == []


def test_a_token_for_an_unknown_account_is_refused(people: Database):
    with pytest.raises(NotFound):
        tokens.create_token(people, services.system_user(), "nobody", "x")
