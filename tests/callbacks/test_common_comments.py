"""The comments card and the mentions inbox card (callbacks/common_comments.py) on a real
database: the chosen objective and its indicators, posting as the signed-in account, the
thread, the notification count and the mentions linked to their items."""

from __future__ import annotations

import pytest
from ekinerja.callbacks import common_comments as page
from ekinerja.callbacks import verifikasi
from ekinerja.layouts import common_comments as layout

from ekinerja import services
from ekinerja.services import User
from ekinerja.services.accounts import create_account, list_accounts
from ekinerja.storage.database import Database

ANI = User("ani", "Ani", "employee", nip="199001012020011001")
BUDI = User("budi", "Budi", "head", unit="DIKES")
TAMU = User("tamu", "Tamu", "viewer")


@pytest.fixture
def talk(db: Database, small_plan) -> Database:
    services.import_document(db, services.system_user(), small_plan)
    existing = {a.username for a in list_accounts(db)}
    for name, role in (("ani", "employee"), ("budi", "head"), ("tamu", "viewer")):
        if name not in existing:
            create_account(db, services.system_user(), name, role, "kata-sandi-panjang",
                           name=name.title(), unit="DIKES" if role == "head" else None)
    return db


def test_the_card_offers_the_objective_and_its_indicators(talk) -> None:
    engine = services.load_engine(talk, "P1")
    options, value, hidden = page.choose(engine, ANI, "S1", None, "id")
    assert [o["value"] for o in options] == ["objective:S1", "indicator:I1"]
    assert options[1]["label"] == "Indikator I1: Cakupan layanan"
    assert (value, hidden) == ("objective:S1", False)
    # the chosen indicator stays chosen; another objective starts on itself
    assert page.choose(engine, ANI, "S1", "indicator:I1", "id")[1] == "indicator:I1"
    assert page.choose(engine, ANI, "R1", "indicator:I1", "id")[1] == "objective:R1"
    assert page.choose(engine, TAMU, "S1", None, "id")[2] is True  # a viewer only reads
    assert page.choose(engine, ANI, None, None, "id")[:2] == ([], None)


def test_posting_shows_in_the_thread_and_notifies_the_mentioned(talk, text_of) -> None:
    said, revision, cleared = page.post(talk, ANI, "P1", "indicator:I1",
                                        "Sumber datanya apa, @budi?", "id")
    assert "Komentar terkirim" in text_of(said) and cleared == ""
    assert revision == services.revision(talk)
    shown = text_of(page.thread(talk, TAMU, "P1", "indicator:I1", "id"))
    assert "Ani  (@ani)" in shown and "Sumber datanya apa,  @budi ?" in shown
    assert "Belum ada komentar" in text_of(page.thread(talk, TAMU, "P1", "objective:S1", "id"))
    assert verifikasi.waiting(talk, "P1", BUDI) >= 1
    before = verifikasi.waiting(talk, "P1", BUDI)
    engine = services.load_engine(talk, "P1")
    inbox = page.mentions(engine, talk, BUDI, "P1", "en")
    assert "@ani" in text_of(inbox) and "Sumber datanya apa" in text_of(inbox)
    assert page.mention_link(engine, "indicator", "I1") == "/pohon-kinerja?node=S1&indicator=I1"
    said, _revision = page.read_all(talk, BUDI, "P1", "id")
    assert "Ditandai sudah dibaca" in text_of(said)
    assert verifikasi.waiting(talk, "P1", BUDI) == before - 1
    assert "No unread mentions" in text_of(page.mentions(engine, talk, BUDI, "P1", "en"))


@pytest.mark.parametrize(("user", "target", "text", "said"), [
    (TAMU, "objective:S1", "halo", "tidak diizinkan"),
    (ANI, None, "halo", "Pilih hal yang dikomentari"),
    (ANI, "objective:S1", "cek @siapa", "@siapa"),
    (ANI, "objective:S1", "  ", "komentar kosong"),
])
def test_a_refused_comment_is_said_and_nothing_written(talk, text_of, user, target, text,
                                                       said) -> None:
    before = services.revision(talk)
    message, revision, cleared = page.post(talk, user, "P1", target, text, "id")
    assert said in text_of(message)
    assert revision is page.no_update and cleared is page.no_update
    assert services.revision(talk) == before


def test_mentions_are_bold_in_the_text(text_of) -> None:
    parts = layout.body_parts("tolong @budi cek ya")
    assert parts[0] == "tolong " and parts[1].children == "@budi" and parts[2] == " cek ya"
