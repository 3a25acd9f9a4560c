"""Account use cases on real databases: changes, passwords, sign-in and lockout, bulk accounts."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from ekinerja import passwords, services
from ekinerja.permissions import ROLES
from ekinerja.services import NotFound, PermissionDenied, ServiceError, accounts
from ekinerja.services.accounts import AccountExists, InvalidAccount, Lockout
from ekinerja.storage import accounts as store
from ekinerja.storage.database import Database, now

ADMIN = services.system_user()
PLANNER = services.User("perencana", "Perencana", "planner")
PASSWORD = "rahasia-123"
NIP = "199001012020011001"  # Ani, DIKES, in the small plan
STRICT = Lockout(attempts=3, address_attempts=5, minutes=15)


@pytest.fixture
def plan_db(db: Database, small_plan) -> Database:
    """A database holding the small plan (units PEMDA > DIKES, the employee Ani)."""
    services.import_document(db, ADMIN, small_plan)
    return db


def add(db: Database, username: str = "budi", role: str = "viewer", **kwargs):
    return accounts.create_account(db, ADMIN, username, role, PASSWORD, **kwargs)


def stored_hash(db: Database, username: str) -> str:
    with db.connect() as conn:
        return conn.execute(text("SELECT password_hash FROM users WHERE username = :u"),
                            {"u": username}).scalar_one()


def audit_text(db: Database) -> str:
    return json.dumps(services.audit_log(db, limit=1000), default=str)


# ----------------------------------------------------------------- creating and changing
def test_an_admin_creates_an_account_with_an_argon2id_hash(db: Database) -> None:
    account = add(db, "budi", "viewer", name="Budi Santoso")
    assert (account.username, account.name, account.role) == ("budi", "Budi Santoso", "viewer")
    assert stored_hash(db, "budi").startswith("$argon2id$")


def test_creating_an_account_is_audited_without_password_or_hash(db: Database) -> None:
    add(db)
    record = services.audit_log(db, entity="account")[0]
    assert (record["username"], record["key"], record["action"]) == ("system", "budi", "add")
    assert PASSWORD not in audit_text(db) and "argon2" not in audit_text(db)


def test_an_existing_name_is_refused(db: Database) -> None:
    add(db)
    with pytest.raises(AccountExists, match="budi"):
        add(db, "budi", "admin")
    assert accounts.get_account(db, "budi").role == "viewer"


def test_an_unknown_role_is_refused_naming_the_seven_roles(db: Database) -> None:
    with pytest.raises(InvalidAccount, match=", ".join(ROLES)):
        add(db, "budi", "boss")
    assert accounts.list_accounts(db) == []


@pytest.mark.parametrize("name", ["", "   ", "budi santoso", "-budi", "x" * 101])
def test_an_empty_or_invalid_user_name_is_refused(db: Database, name: str) -> None:
    with pytest.raises(InvalidAccount, match="user name"):
        add(db, name)


def test_a_short_password_is_refused(db: Database) -> None:
    with pytest.raises(InvalidAccount, match="at least 8"):
        accounts.create_account(db, ADMIN, "budi", "viewer", "pendek")


def test_an_unknown_unit_is_refused(plan_db: Database) -> None:
    with pytest.raises(InvalidAccount, match='unit not found in any plan: "NOPE"'):
        add(plan_db, "budi", "operator", unit="NOPE")


def test_an_unknown_employee_is_refused(plan_db: Database) -> None:
    with pytest.raises(InvalidAccount, match='employee not found in any plan: "123"'):
        add(plan_db, "ani", "employee", nip="123")


def test_an_employee_account_takes_the_employees_unit(plan_db: Database) -> None:
    assert add(plan_db, "ani", "employee", nip=NIP).unit == "DIKES"


def test_only_an_admin_manages_accounts(db: Database) -> None:
    with pytest.raises(PermissionDenied, match="manage accounts"):
        accounts.create_account(db, PLANNER, "budi", "viewer", PASSWORD)
    assert accounts.list_accounts(db) == []


def test_an_update_is_audited_with_old_and_new(plan_db: Database) -> None:
    add(plan_db, "budi", "viewer")
    account = accounts.update_account(plan_db, ADMIN, "budi", role="operator", unit="DIKES")
    assert (account.role, account.unit) == ("operator", "DIKES")
    record = services.audit_log(plan_db, entity="account")[0]
    assert record["action"] == "update"
    assert (record["old"]["role"], record["new"]["role"]) == ("viewer", "operator")


def test_an_update_to_an_unknown_unit_changes_nothing(plan_db: Database) -> None:
    add(plan_db, "budi", "operator", unit="DIKES")
    with pytest.raises(InvalidAccount):
        accounts.update_account(plan_db, ADMIN, "budi", unit="NOPE")
    assert accounts.get_account(plan_db, "budi").unit == "DIKES"


def test_updating_an_unknown_account_is_not_found(db: Database) -> None:
    with pytest.raises(NotFound, match="nobody"):
        accounts.update_account(db, ADMIN, "nobody", role="viewer")


def test_the_last_admin_cannot_be_disabled(db: Database) -> None:
    add(db, "kepala", "admin")
    with pytest.raises(ServiceError, match="last admin"):
        accounts.set_disabled(db, ADMIN, "kepala")
    assert not accounts.get_account(db, "kepala").disabled


def test_the_last_admin_cannot_lose_the_role(db: Database) -> None:
    add(db, "kepala", "admin")
    with pytest.raises(ServiceError, match="last admin"):
        accounts.update_account(db, ADMIN, "kepala", role="viewer")


def test_an_admin_may_be_disabled_while_another_remains(db: Database) -> None:
    add(db, "kepala", "admin")
    add(db, "wakil", "admin")
    assert accounts.set_disabled(db, ADMIN, "kepala").disabled


def test_disabling_and_enabling_are_audited(db: Database) -> None:
    add(db)
    accounts.set_disabled(db, ADMIN, "budi")
    accounts.set_disabled(db, ADMIN, "budi", False)
    actions = [r["action"] for r in services.audit_log(db, entity="account")]
    assert actions[:2] == ["enable", "disable"]


def test_a_new_password_changes_the_session_token(db: Database) -> None:
    before = add(db).session_token
    after = accounts.set_password(db, ADMIN, "budi", "lain-lagi-123").session_token
    assert before and after and before != after


# ----------------------------------------------------------------- sign-in
def test_the_right_password_signs_in_and_records_when_and_where(db: Database) -> None:
    add(db)
    result = accounts.sign_in(db, "budi", PASSWORD, "10.1.2.3")
    assert result.outcome == "ok" and result.account is not None
    account = accounts.get_account(db, "budi")
    assert account.last_sign_in_address == "10.1.2.3" and account.last_sign_in_at is not None


def test_a_sign_in_is_audited_with_the_account_and_its_address(db: Database) -> None:
    add(db)
    accounts.sign_in(db, "budi", PASSWORD, "10.1.2.3")
    record = services.audit_log(db, entity="session")[0]
    assert (record["username"], record["action"], record["address"]) == (
        "budi", "sign_in", "10.1.2.3")


def test_a_wrong_password_fails_and_is_audited_without_the_password(db: Database) -> None:
    add(db)
    assert accounts.sign_in(db, "budi", "salah-sekali", "10.1.2.3").outcome == "failed"
    record = services.audit_log(db, entity="session")[0]
    assert (record["key"], record["action"], record["address"]) == (
        "budi", "sign_in_failed", "10.1.2.3")
    assert "salah-sekali" not in audit_text(db)


def test_an_unknown_name_fails_like_a_wrong_password(db: Database) -> None:
    assert accounts.sign_in(db, "siapa", PASSWORD, "10.1.2.3").outcome == "failed"
    assert services.audit_log(db, entity="session")[0]["action"] == "sign_in_failed"


def test_a_disabled_account_is_refused_even_with_the_right_password(db: Database) -> None:
    add(db)
    add(db, "kepala", "admin")
    accounts.set_disabled(db, ADMIN, "budi")
    assert accounts.sign_in(db, "budi", PASSWORD, "10.1.2.3").outcome == "failed"
    assert services.audit_log(db, entity="session")[0]["action"] == "sign_in_refused"


def test_an_account_without_a_password_cannot_sign_in(db: Database) -> None:
    with db.write() as conn:  # as accounts made before passwords existed (schema 0002)
        store.insert_user(conn, {"username": "lama", "name": "Pengguna Lama", "role": "viewer",
                                 "created_at": now()})
    assert accounts.sign_in(db, "lama", "", "10.1.2.3").outcome == "failed"


def test_repeated_failures_lock_the_name_even_for_the_right_password(db: Database) -> None:
    add(db)
    outcomes = [accounts.sign_in(db, "budi", "salah", f"10.0.0.{i}", STRICT).outcome
                for i in range(3)]
    assert outcomes == ["failed"] * 3
    locked = accounts.sign_in(db, "budi", PASSWORD, "10.0.0.9", STRICT)
    assert locked.outcome == "locked"
    assert 14 * 60 < locked.retry_after() <= 15 * 60


def test_a_lockout_is_audited_once_when_it_starts(db: Database) -> None:
    add(db)
    for i in range(3):
        accounts.sign_in(db, "budi", "salah", f"10.0.0.{i}", STRICT)
    locks = services.audit_log(db, entity="session", key="user:budi")
    assert [r["action"] for r in locks] == ["locked"]


def test_the_name_lock_ignores_the_case_of_the_name(db: Database) -> None:
    add(db)
    for i, name in enumerate(["budi", "BUDI", "Budi"]):
        accounts.sign_in(db, name, "salah", f"10.0.0.{i}", STRICT)
    assert accounts.sign_in(db, "budi", PASSWORD, "10.0.0.9", STRICT).outcome == "locked"


def test_repeated_failures_from_one_address_lock_it_for_every_name(db: Database) -> None:
    add(db)
    for i in range(5):
        accounts.sign_in(db, f"tamu{i}", "salah", "10.9.9.9", STRICT)
    assert accounts.sign_in(db, "budi", PASSWORD, "10.9.9.9", STRICT).outcome == "locked"
    assert accounts.sign_in(db, "budi", PASSWORD, "10.9.9.8", STRICT).outcome == "ok"


def test_a_successful_sign_in_forgets_the_names_failures(db: Database) -> None:
    add(db)
    for i in range(2):
        accounts.sign_in(db, "budi", "salah", f"10.0.0.{i}", STRICT)
    accounts.sign_in(db, "budi", PASSWORD, "10.0.0.5", STRICT)
    for i in range(2):
        accounts.sign_in(db, "budi", "salah", f"10.0.1.{i}", STRICT)
    assert accounts.sign_in(db, "budi", PASSWORD, "10.0.0.5", STRICT).outcome == "ok"


def test_a_lock_ends_after_its_minutes(db: Database, monkeypatch) -> None:
    add(db)
    for i in range(3):
        accounts.sign_in(db, "budi", "salah", f"10.0.0.{i}", STRICT)
    later = accounts.repo.now() + timedelta(minutes=16)
    monkeypatch.setattr(accounts.repo, "now", lambda: later)
    assert accounts.sign_in(db, "budi", PASSWORD, "10.0.0.9", STRICT).outcome == "ok"


def test_a_generated_password_is_rehashed_at_the_first_sign_in(db: Database) -> None:
    generated = passwords.generate()
    accounts.create_account(db, ADMIN, "budi", "viewer", generated, generated=True)
    assert passwords.needs_rehash(stored_hash(db, "budi"))
    accounts.sign_in(db, "budi", generated, "10.1.2.3")
    assert not passwords.needs_rehash(stored_hash(db, "budi"))


def test_sign_in_bookkeeping_does_not_move_the_plan_revision(db: Database) -> None:
    add(db)
    before = services.revision(db)
    accounts.sign_in(db, "budi", PASSWORD, "10.1.2.3")
    accounts.sign_in(db, "budi", "salah", "10.1.2.3")
    assert services.revision(db) == before


# ----------------------------------------------------------------- own password
def test_a_user_replaces_their_own_password(db: Database) -> None:
    add(db)
    user = accounts.get_account(db, "budi").actor("10.1.2.3")
    accounts.change_own_password(db, user, PASSWORD, "baru-sekali-1")
    assert accounts.sign_in(db, "budi", "baru-sekali-1", "10.1.2.3").outcome == "ok"


def test_a_wrong_current_password_changes_nothing_and_counts_as_a_failure(db: Database) -> None:
    add(db)
    user = accounts.get_account(db, "budi").actor("10.1.2.3")
    for _ in range(3):
        with pytest.raises(PermissionDenied, match="current password"):
            accounts.change_own_password(db, user, "salah", "baru-sekali-1", STRICT)
    assert accounts.sign_in(db, "budi", PASSWORD, "10.1.2.4", STRICT).outcome == "locked"


def test_replacing_a_one_time_password_clears_the_must_change_flag(db: Database) -> None:
    accounts.create_account(db, ADMIN, "budi", "viewer", PASSWORD, must_change_password=True)
    user = accounts.get_account(db, "budi").actor()
    assert not accounts.change_own_password(db, user, PASSWORD, "baru-sekali-1"
                                            ).must_change_password


# ----------------------------------------------------------------- first admin, bulk, demo
def test_the_first_admin_gets_a_generated_password(db: Database) -> None:
    account, password = accounts.ensure_admin(db, "admin")
    assert account.role == "admin" and password
    assert accounts.sign_in(db, "admin", password, "127.0.0.1").outcome == "ok"


def test_an_admin_with_a_password_keeps_it_without_a_new_one(db: Database) -> None:
    add(db, "admin", "admin")
    assert accounts.ensure_admin(db, "admin")[1] is None
    assert accounts.sign_in(db, "admin", PASSWORD, "127.0.0.1").outcome == "ok"


def test_a_given_admin_password_replaces_the_old_one(db: Database) -> None:
    add(db, "admin", "admin")
    accounts.ensure_admin(db, "admin", "pilihan-baru-1")
    assert accounts.sign_in(db, "admin", "pilihan-baru-1", "127.0.0.1").outcome == "ok"


def test_the_first_admin_name_may_not_be_taken_by_another_role(db: Database) -> None:
    add(db, "admin", "viewer")
    with pytest.raises(AccountExists, match="viewer"):
        accounts.ensure_admin(db, "admin")


def test_every_employee_of_a_plan_gets_an_account_with_a_one_time_password(
        plan_db: Database) -> None:
    delivered: list = []
    result = accounts.create_employee_accounts(plan_db, ADMIN, None, delivered.extend)
    assert [c.username for c in delivered] == [NIP] == [c.username for c in result.created]
    account = accounts.get_account(plan_db, NIP)
    assert (account.role, account.nip, account.unit, account.must_change_password) == (
        "employee", NIP, "DIKES", True)
    assert accounts.sign_in(plan_db, NIP, delivered[0].password, "10.1.2.3").outcome == "ok"


def test_an_employee_who_has_an_account_is_skipped(plan_db: Database) -> None:
    add(plan_db, "ani", "employee", nip=NIP)
    result = accounts.create_employee_accounts(plan_db, ADMIN, None, lambda _: None)
    assert (result.created, result.skipped) == ([], [NIP])


def test_no_account_is_made_when_the_passwords_cannot_be_delivered(plan_db: Database) -> None:
    def broken(_credentials):
        raise OSError("disk full")

    with pytest.raises(OSError):
        accounts.create_employee_accounts(plan_db, ADMIN, None, broken)
    assert accounts.list_accounts(plan_db) == []


def test_the_credentials_workbook_has_one_row_per_account(plan_db: Database) -> None:
    delivered: list = []
    accounts.create_employee_accounts(plan_db, ADMIN, None, delivered.extend)
    sheet = load_workbook(io.BytesIO(accounts.credentials_workbook(delivered))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == accounts.CREDENTIAL_HEADER
    assert rows[1] == (NIP, "Ani", "DIKES", "Analis", NIP, delivered[0].password)


def test_the_demo_has_one_account_per_role_tied_to_the_example(db: Database) -> None:
    from ekinerja.data import EXAMPLE_PLAN
    from ekinerja.interchange import load

    services.import_document(db, ADMIN, load(EXAMPLE_PLAN))
    made = accounts.refresh_demo_accounts(db, "demo-sandi-123")
    assert sorted(a.role for a in made) == sorted(ROLES)
    assert {a.unit for a in made if a.role in ("operator", "head", "employee")} <= {
        "DIKES", "DIKES-KESMAS-GIZI"}
    assert accounts.sign_in(db, "demo-employee", "demo-sandi-123", "1.1.1.1").outcome == "ok"


def test_refreshing_the_demo_accounts_resets_their_password(db: Database) -> None:
    from ekinerja.data import EXAMPLE_PLAN
    from ekinerja.interchange import load

    services.import_document(db, ADMIN, load(EXAMPLE_PLAN))
    accounts.refresh_demo_accounts(db, "pertama-123")
    accounts.refresh_demo_accounts(db, "kedua-1234")
    assert accounts.sign_in(db, "demo-viewer", "kedua-1234", "1.1.1.1").outcome == "ok"


def test_the_session_key_is_made_once_and_shared(database_url: str) -> None:
    first, second = Database(database_url), Database(database_url)
    first.upgrade()
    try:
        key = accounts.session_secret(first)
        assert len(key) >= 48 and accounts.session_secret(second) == key
    finally:
        first.dispose()
        second.dispose()
