"""Pengguna layout as a component tree."""

from __future__ import annotations

from datetime import UTC, datetime

from ekinerja.layouts import ids, pengguna

from ekinerja.model import Unit
from ekinerja.services.accounts import Account


def account(username: str = "budi", **changes) -> Account:
    values = dict(id=1, username=username, name="Budi", role="operator", unit="DIKES", nip=None,
                  disabled=False, must_change_password=False, has_password=True,
                  created_at=None, last_sign_in_at=None, last_sign_in_address=None,
                  session_token="")
    return Account(**{**values, **changes})


def test_the_page_has_the_new_account_form_the_change_form_and_the_bulk_button(find_or_none):
    page = pengguna.layout("id", units=[Unit("DIKES", "Dinas Kesehatan")])
    for component_id in (ids.ACCOUNT_NEW_USERNAME, ids.ACCOUNT_CREATE, ids.ACCOUNT_SELECTED,
                         ids.ACCOUNT_SAVE, ids.ACCOUNT_TOGGLE, ids.ACCOUNT_RESET,
                         ids.ACCOUNT_BULK, ids.ACCOUNT_BULK_DOWNLOAD, ids.ACCOUNT_LIST):
        assert find_or_none(page, component_id) is not None
    assert find_or_none(page, ids.ACCOUNT_NEW_UNIT).options == [
        {"label": "DIKES · Dinas Kesehatan", "value": "DIKES"}]


def test_the_roles_are_offered_in_words_with_their_code():
    options = pengguna.role_options("id")
    assert [o["value"] for o in options] == ["admin", "planner", "evaluator", "head",
                                             "operator", "employee", "viewer"]
    assert options[1]["label"] == "Perencana (planner)"


def test_an_account_row_says_its_state_and_last_sign_in_with_its_address():
    signed = account(last_sign_in_at=datetime(2025, 3, 1, 8, 30, tzinfo=UTC),
                     last_sign_in_address="10.1.2.3", disabled=True)
    row = pengguna.accounts_table([signed], "id").rowData[0]
    assert (row["state"], row["last"], row["role"]) == ("Nonaktif", "2025-03-01 08:30 (10.1.2.3)",
                                                        "Operator")


def test_an_account_that_never_signed_in_says_so():
    assert pengguna.accounts_table([account()], "en").rowData[0]["last"] == "never"


def test_a_refusal_names_the_field_it_is_about():
    assert "Ditolak: Peran: x" in str(pengguna.refusal("x", "role", "id"))
    assert "Ditolak: x" in str(pengguna.refusal("x", None, "id"))


def test_the_one_time_password_is_shown_with_a_warning():
    panel = str(pengguna.one_time_password("budi", "rahasia-sekali", "en"))
    assert "rahasia-sekali" in panel and "not shown again" in panel
