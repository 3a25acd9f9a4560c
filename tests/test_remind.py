"""`ekinerja remind` against a local SMTP server (aiosmtpd): who gets which mail."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message

import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner

from ekinerja import services
from ekinerja.cli import main
from ekinerja.services import User
from ekinerja.services.deadlines import set_account_email


class Inbox:
    """An SMTP handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[int, Inbox]]:
    """A local SMTP server on a free port, and what it received."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, inbox
    finally:
        controller.stop()


@pytest.fixture
def reminded(db, small_plan, add_account):
    """The small plan: an operator with a draft and an overdue value, a head above with a
    submitted value waiting, an employee with nothing to do; everyone has an address."""
    services.import_document(db, services.system_user(), small_plan)
    admin = services.system_user()
    for name, role, unit, nip in (("op", "operator", "DIKES", None),
                                  ("kepala", "head", "PEMDA", None),
                                  ("ani", "employee", None, "199001012020011001")):
        add_account(db, name, role, unit=unit, nip=nip, name=name.title())
        set_account_email(db, admin, name, f"{name}@ntb.example")
    op = User("op", role="operator", unit="DIKES")
    services.record_realization(db, op, "P1", "I2", "2023-Q2", 4.0)  # waits for the head
    services.record_realization(db, op, "P1", "I1", "2023", 80.0, submit=False)  # a draft
    return db


def test_each_person_gets_their_items_and_nobody_else_is_mailed(reminded, database_url, smtp,
                                                                 monkeypatch) -> None:
    port, inbox = smtp
    monkeypatch.setenv("EKINERJA_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("EKINERJA_SMTP_PORT", str(port))
    monkeypatch.setenv("EKINERJA_MAIL_FROM", "kinerja@ntb.example")
    result = CliRunner().invoke(main, ["remind", "--database", database_url,
                                       "--today", "2024-02-01"])
    assert result.exit_code == 0, result.output
    mails = {m["To"]: m for m in inbox.messages}
    assert set(mails) == {"op@ntb.example", "kepala@ntb.example"}
    op = mails["op@ntb.example"].get_payload()
    assert "I1 Cakupan layanan — 2023 (batas / due 2024-01-10)" in op  # overdue: only a draft
    assert "Draf dan yang ditolak / drafts and rejected entries (1)" in op
    head = mails["kepala@ntb.example"].get_payload()
    assert "Menunggu verifikasi Anda / waiting for your verification (1)" in head
    assert "I2 Laporan — 2023-Q2: 4 (op)" in head
    assert mails["op@ntb.example"]["From"] == "kinerja@ntb.example"
    assert "1 terlambat" in mails["op@ntb.example"]["Subject"]


def test_a_dry_run_prints_and_sends_nothing(reminded, database_url, smtp) -> None:
    _port, inbox = smtp
    result = CliRunner().invoke(main, ["remind", "--database", database_url, "--today",
                                       "2024-02-01", "--dry-run"])
    assert result.exit_code == 0
    assert "To: op@ntb.example" in result.output and inbox.messages == []


def test_without_a_mail_server_it_says_so_and_exits_2(reminded, database_url) -> None:
    result = CliRunner().invoke(main, ["remind", "--database", database_url])
    assert result.exit_code == 2
    assert "EKINERJA_SMTP_HOST" in result.output


def test_user_email_sets_the_address(db, database_url, add_account) -> None:
    add_account(db, "op", "viewer")
    result = CliRunner().invoke(main, ["user", "email", "op", "op@ntb.example", "--database",
                                       database_url])
    assert result.exit_code == 0, result.output
    bad = CliRunner().invoke(main, ["user", "email", "op", "bukan", "--database",
                                    database_url])
    assert bad.exit_code == 1 and "not an e-mail address" in bad.output
