"""Pengguna callbacks as plain functions, on a real database of the NTB example: every change
goes through services.accounts as the acting user, and only an admin's is made."""

from __future__ import annotations

import base64
import io

import pytest
from dash import no_update
from ekinerja.callbacks import pengguna
from openpyxl import load_workbook

from ekinerja import services
from ekinerja.services import User, accounts
from ekinerja.storage.database import Database


@pytest.fixture
def admin(db: Database, add_account, user_of) -> User:
    add_account(db, "kepala-admin", "admin")
    return user_of("kepala-admin")


def password_in(panel) -> str:
    """The one-time password shown in the panel (its html.Code)."""
    code = next(part for part in panel.children if getattr(part, "className", "") ==
                "account-password")
    return code.children


def audited(db: Database) -> int:
    return len(services.audit_log(db, entity="account", limit=1000))


def test_an_admin_sees_every_account_with_its_role(db, admin, text_of):
    grid, choices = pengguna.account_list(db, admin, "id")
    assert [r["username"] for r in grid.rowData] == ["kepala-admin", "operator", "perencana",
                                                     "tamu"]
    assert [r["role"] for r in grid.rowData][:2] == ["Administrator", "Operator"]
    assert [c["value"] for c in choices] == [r["username"] for r in grid.rowData]


def test_anyone_else_gets_the_refusal_and_no_account(db, user_of, text_of):
    table, choices = pengguna.account_list(db, user_of("perencana"), "id")
    assert "tidak diizinkan" in text_of(table)
    assert choices == []


def test_a_created_account_shows_a_one_time_password_that_signs_in_once_changed(db, admin):
    _message, panel, revision = pengguna.create(db, admin, "budi", "Budi Santoso", "operator",
                                                "DIKES", None, "id")
    assert revision == db.revision()
    password = password_in(panel)
    created = accounts.get_account(db, "budi")
    assert (created.role, created.unit, created.must_change_password) == ("operator", "DIKES",
                                                                          True)
    assert accounts.sign_in(db, "budi", password, "10.0.0.1").outcome == "ok"


def test_a_bad_user_name_is_refused_naming_the_field_and_nothing_is_written(db, admin,
                                                                            text_of):
    before = (audited(db), db.revision())
    message, panel, revision = pengguna.create(db, admin, "budi santoso", "", "viewer", None,
                                               None, "id")
    assert (panel, revision) == ("", no_update)
    assert text_of(message).startswith("Ditolak: Nama pengguna: nama pengguna tidak sah")
    assert (audited(db), db.revision()) == before


def test_an_unknown_unit_is_refused_naming_the_unit_field(db, admin, text_of):
    message, _panel, _revision = pengguna.create(db, admin, "budi", "", "operator", "ENTAH",
                                                 None, "en")
    assert "Refused: Unit: unit not found in any plan" in text_of(message)


def test_a_planner_may_not_create_an_account_and_nothing_is_written(db, user_of, text_of):
    before = (audited(db), db.revision())
    message, panel, revision = pengguna.create(db, user_of("perencana"), "budi", "", "admin",
                                               None, None, "id")
    assert (panel, revision) == ("", no_update)
    assert "tidak diizinkan" in text_of(message)
    assert (audited(db), db.revision()) == before
    with pytest.raises(services.NotFound):
        accounts.get_account(db, "budi")


def test_the_fields_of_the_chosen_account_fill_the_form(db, admin):
    assert pengguna.account_fields(db, admin, "operator", "id") == (
        "Operator Bappeda", "operator", "BAPPEDA", None, "Nonaktifkan")


def test_saving_changes_the_role_and_the_unit(db, admin):
    pengguna.change(db, admin, "save", "operator", "Operator Dikes", "operator", "DIKES", None,
                    "id")
    changed = accounts.get_account(db, "operator")
    assert (changed.name, changed.unit) == ("Operator Dikes", "DIKES")


def test_disabling_then_enabling_flips_the_account_and_its_button(db, admin, text_of):
    message, _panel, label, _revision = pengguna.change(db, admin, "toggle", "tamu", None,
                                                        None, None, None, "id")
    assert accounts.get_account(db, "tamu").disabled and label == "Aktifkan"
    assert "dinonaktifkan" in text_of(message)
    pengguna.change(db, admin, "toggle", "tamu", None, None, None, None, "id")
    assert not accounts.get_account(db, "tamu").disabled


def test_a_reset_password_is_shown_once_and_replaces_the_old_one(db, admin, account_password):
    _message, panel, _label, _revision = pengguna.change(db, admin, "reset", "tamu", None, None,
                                                         None, None, "id")
    assert accounts.sign_in(db, "tamu", account_password, "10.0.0.1").outcome == "failed"
    assert accounts.sign_in(db, "tamu", password_in(panel), "10.0.0.1").outcome == "ok"


def test_a_change_without_a_chosen_account_asks_for_one(db, admin, text_of):
    message, *_rest = pengguna.change(db, admin, "save", None, None, None, None, None, "id")
    assert "Pilih akun" in text_of(message)


def test_employee_accounts_come_with_a_workbook_of_their_passwords(db, admin, text_of):
    message, download, revision = pengguna.employee_accounts(db, admin, None, "id")
    assert revision == db.revision()
    book = load_workbook(io.BytesIO(base64.b64decode(download["content"])), read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    nip, password = rows[1][0], rows[1][5]
    assert accounts.get_account(db, nip).role == "employee"
    assert accounts.sign_in(db, nip, password, "10.0.0.1").outcome == "ok"
    assert f"{len(rows) - 1} akun pegawai dibuat" in text_of(message)


def test_employee_accounts_a_second_time_make_none(db, admin, text_of):
    pengguna.employee_accounts(db, admin, None, "id")
    message, download, revision = pengguna.employee_accounts(db, admin, None, "id")
    assert (download, revision) == (no_update, no_update)
    assert "Tidak ada akun baru" in text_of(message)


def test_an_operator_may_not_make_employee_accounts(db, user_of, text_of):
    message, download, revision = pengguna.employee_accounts(db, user_of("operator"), None, "id")
    assert (download, revision) == (no_update, no_update)
    assert "tidak diizinkan" in text_of(message)
