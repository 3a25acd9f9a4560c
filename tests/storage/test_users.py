"""Users by username."""

from __future__ import annotations

from ekinerja.storage import users


def test_an_added_user_is_found_by_name(db):
    with db.write() as conn:
        users.insert_user(conn, username="budi", name="Budi", role="viewer", unit=None, nip=None)
    with db.read() as conn:
        assert users.find_user(conn, "budi").name == "Budi"
        assert users.find_user(conn, "hantu") is None


def test_users_are_listed_by_username(db):
    with db.write() as conn:
        for name in ("citra", "ani"):
            users.insert_user(conn, username=name, name=name, role="viewer", unit=None, nip=None)
    with db.read() as conn:
        assert [u.username for u in users.all_users(conn)] == ["ani", "citra"]
