"""Comments on objectives and indicators through the service (docs/workflow.md), on SQLite and
PostgreSQL: a thread per item, @mentions notified until read, audit, refusals writing nothing."""

from __future__ import annotations

import pytest

from ekinerja import services
from ekinerja.services import NotFound, PermissionDenied, ServiceError, User
from ekinerja.services.accounts import create_account, set_disabled
from ekinerja.services.comments import (
    add_comment,
    comments_on,
    mark_mentions_read,
    mentions_in,
    unread_mention_count,
    unread_mentions,
)
from ekinerja.storage.database import Database

ADMIN = services.system_user()
ANI = User("ani", "Ani", "employee", nip="199001012020011001")
BUDI = User("budi", "Budi", "head", unit="DIKES")
TAMU = User("tamu", "Tamu", "viewer")


@pytest.fixture
def talk(loaded: Database) -> Database:
    """The small plan with accounts ani, budi (head of DIKES), cici (disabled) and tamu."""
    for name, role, unit in (("ani", "employee", None), ("budi", "head", "DIKES"),
                             ("cici", "operator", "DIKES"), ("tamu", "viewer", None)):
        create_account(loaded, ADMIN, name, role, "kata-sandi-panjang", name=name.title(),
                       unit=unit)
    set_disabled(loaded, ADMIN, "cici")
    return loaded


def state(db: Database) -> tuple:
    return (services.revision(db), services.audit_log(db, limit=1000),
            comments_on(db, ADMIN, "P1", "objective", "S1"),
            comments_on(db, ADMIN, "P1", "indicator", "I1"),
            unread_mention_count(db, BUDI))


def test_mentions_are_user_names_after_an_at_sign() -> None:
    assert mentions_in("@budi tolong cek, cc @ani. (bukan a@b.id) @budi") == ["budi", "ani"]
    assert mentions_in("surel ani@contoh.id dan @x.y-z_1.") == ["x.y-z_1"]
    assert mentions_in("") == []


def test_a_thread_with_mentions_notifies_the_accounts_until_read(talk) -> None:
    add_comment(talk, ANI, "P1", "objective", "S1", "  Data triwulan 2 belum lengkap @budi  ")
    add_comment(talk, BUDI, "P1", "objective", "S1", "Sudah saya minta operator, @ani @budi")
    add_comment(talk, ANI, "P1", "indicator", "I1", "Sumber data? @budi")
    thread = comments_on(talk, TAMU, "P1", "objective", "S1")  # a viewer sees it
    assert [(c.author, c.author_name, c.body, c.mentions) for c in thread] == [
        ("ani", "Ani", "Data triwulan 2 belum lengkap @budi", ("budi",)),
        ("budi", "Budi", "Sudah saya minta operator, @ani @budi", ("ani",)),  # not oneself
    ]
    assert [c.item for c in comments_on(talk, ANI, "P1", "indicator", "I1")] == ["I1"]
    assert unread_mention_count(talk, BUDI) == 2 and unread_mention_count(talk, ANI) == 1
    mentions = unread_mentions(talk, BUDI)
    assert [(m.item_kind, m.item, m.author, m.plan_code) for m in mentions] == [
        ("indicator", "I1", "ani", "P1"), ("objective", "S1", "ani", "P1")]
    mark_mentions_read(talk, BUDI)
    assert unread_mention_count(talk, BUDI) == 0 and unread_mention_count(talk, ANI) == 1
    before = services.revision(talk)
    mark_mentions_read(talk, BUDI)  # nothing unread: nothing written
    assert services.revision(talk) == before
    records = services.audit_log(talk, limit=100)
    comment = [r for r in records if r["entity"] == "comment"][-1]
    assert (comment["username"], comment["key"], comment["action"], comment["new"]) == (
        "ani", "objective:S1", "add",
        {"body": "Data triwulan 2 belum lengkap @budi", "mentions": ["budi"]})
    [read] = [r for r in records if r["entity"] == "mention"]
    assert (read["username"], read["action"]) == ("budi", "read")


@pytest.mark.parametrize(("user", "kind", "item", "body", "error", "text"), [
    (TAMU, "objective", "S1", "halo", PermissionDenied, "tidak diizinkan"),
    (None, "objective", "S1", "halo", PermissionDenied, "not allowed"),
    (ANI, "objective", "S1", "   ", ServiceError, "the comment is empty"),
    (ANI, "objective", "S1", "x" * 2001, ServiceError, "at most 2000 characters"),
    (ANI, "objective", "NOPE", "halo", NotFound, 'objective not found: "NOPE"'),
    (ANI, "indicator", "NOPE", "halo", NotFound, 'indicator not found: "NOPE"'),
    (ANI, "unit", "DIKES", "halo", ServiceError, 'unknown item kind "unit"'),
    (ANI, "objective", "S1", "cek @budi @siapa @cici", ServiceError,
     "unknown or disabled: @siapa, @cici"),
])
def test_a_refused_comment_writes_nothing(talk, user, kind, item, body, error, text) -> None:
    before = state(talk)
    with pytest.raises(error, match=text):
        add_comment(talk, user, "P1", kind, item, body)
    assert state(talk) == before


def test_nobody_signed_in_sees_no_thread_and_marks_nothing(talk) -> None:
    with pytest.raises(PermissionDenied):
        comments_on(talk, None, "P1", "objective", "S1")
    with pytest.raises(PermissionDenied):
        mark_mentions_read(talk, None)
    assert unread_mentions(talk, None) == [] and unread_mention_count(talk, None) == 0
