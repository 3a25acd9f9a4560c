"""Pengguna (admins): list, create, change, disable / enable accounts, reset a password, and
employee accounts in bulk — all through services.accounts as the signed-in account (which
refuses anyone but an admin, whatever the browser sends)."""

from __future__ import annotations

from typing import Any

from dash import Output, dcc, no_update
from dash.exceptions import PreventUpdate
from ekinerja.callbacks.common import (
    LANG_STATE,
    REVISION_OUT,
    accounts_database_of,
    actor,
    employee_search,
    follows_shell,
    on_click,
    plan_code_of,
    refusal_text,
    row_click_chooses,
    source_of,
)
from ekinerja.layouts import ids, pengguna
from ekinerja.layouts.common import feedback, message

from ekinerja import passwords
from ekinerja.i18n import translator
from ekinerja.readmodels.search import find_employees
from ekinerja.services import ServiceError, User, accounts
from ekinerja.sources import PlanSource
from ekinerja.storage.database import Database

Outcome = tuple[Any, Any, Any]  # message, one-time password panel, new revision


def layout_params(source: PlanSource, lang: str, user: User | None = None) -> dict[str, Any]:
    """The plan's units and the first employees, to tie accounts to."""
    engine = source()
    return {"units": engine.doc.units, "employees": find_employees(engine, "")}


def _refused(exc: ServiceError, lang: str) -> Any:
    return pengguna.refusal(refusal_text(exc, lang), getattr(exc, "field", None), lang)


def account_list(db: Database, user: User | None, lang: str | None) -> tuple[Any, Any]:
    """The accounts table and the account choices, for an admin (else the refusal)."""
    lang = lang or "id"
    try:
        found = accounts.list_accounts_as(db, user)
    except ServiceError as exc:
        return message(refusal_text(exc, lang)), []
    return pengguna.accounts_table(found, lang), pengguna.account_choices(found)


def account_fields(db: Database, user: User | None, username: str | None, lang: str | None
                   ) -> tuple[Any, ...]:
    """Name, role, unit and employee of the chosen account, and its disable / enable label."""
    lang = lang or "id"
    if not username:
        raise PreventUpdate
    try:
        account = accounts.get_account_as(db, user, username)
    except ServiceError:
        return (no_update,) * 5
    return (account.name, account.role, account.unit, account.nip,
            pengguna.toggle_label(account.disabled, lang))


def create(db: Database, user: User | None, username: str | None, name: str | None,
           role: str | None, unit: str | None, nip: str | None, lang: str | None) -> Outcome:
    """Create an account with a generated one-time password (replaced at the first sign-in),
    shown once."""
    lang = lang or "id"
    _ = translator(lang)
    password = passwords.generate()
    try:
        account = accounts.create_account(
            db, user, username or "", role or "", password, name=name, unit=unit, nip=nip,
            generated=True, must_change_password=True)
    except ServiceError as exc:
        return _refused(exc, lang), "", no_update
    text = _("Account {username} created.").format(username=account.username)
    return (feedback(True, text, lang), pengguna.one_time_password(account.username, password,
                                                                   lang),
            db.revision())


def change(db: Database, user: User | None, action: str, username: str | None,
           name: str | None, role: str | None, unit: str | None, nip: str | None,
           lang: str | None) -> tuple[Any, Any, Any, Any]:
    """Save the fields of an account, disable or enable it, or reset its password (a new
    one-time password, shown once); (message, password panel, toggle label, revision)."""
    lang = lang or "id"
    _ = translator(lang)
    if not username:
        return feedback(False, _("Choose an account."), lang), "", no_update, no_update
    secret: Any = ""
    try:
        if action == "save":
            account = accounts.update_account(db, user, username, name=name, role=role or "",
                                              unit=unit, nip=nip)
            text = _("Account {username} saved.")
        elif action == "toggle":
            current = accounts.get_account_as(db, user, username)
            account = accounts.set_disabled(db, user, username, not current.disabled)
            text = _("Account {username} disabled.") if account.disabled else \
                _("Account {username} enabled.")
        else:
            password = passwords.generate()
            account = accounts.set_password(db, user, username, password, generated=True,
                                            must_change_password=True)
            secret = pengguna.one_time_password(account.username, password, lang)
            text = _("Password of {username} reset.")
    except ServiceError as exc:
        return _refused(exc, lang), "", no_update, no_update
    return (feedback(True, text.format(username=account.username), lang), secret,
            pengguna.toggle_label(account.disabled, lang), db.revision())


def employee_accounts(db: Database, user: User | None, plan_code: str | None,
                      lang: str | None) -> tuple[Any, Any, Any]:
    """An account for every employee of the plan without one; (message, the workbook of
    their one-time passwords to download, revision)."""
    lang = lang or "id"
    sent: dict[str, Any] = {}

    def deliver(credentials: list[accounts.Credential]) -> None:
        if credentials:
            sent["file"] = dcc.send_bytes(accounts.credentials_workbook(credentials),
                                          f"akun-pegawai-{plan_code or 'rencana'}.xlsx")

    try:
        result = accounts.create_employee_accounts(db, user, plan_code, deliver)
    except ServiceError as exc:
        return _refused(exc, lang), no_update, no_update
    outcome = pengguna.bulk_result(len(result.created), len(result.skipped), lang)
    if not result.created:
        return outcome, no_update, no_update
    return outcome, sent["file"], db.revision()


def register(app: Any) -> None:
    """The accounts table (refreshed with the data revision), choosing and changing accounts,
    and employee accounts in bulk."""

    def db() -> Database:
        return accounts_database_of(app)

    def shown(change: Any) -> Any:
        """`change`, answering with the revision of the data the app shows (the plan file's,
        in plan-file mode) when something was written."""
        def answer(*values: Any) -> tuple[Any, ...]:
            *rest, revision = change(db(), actor(), *values)
            return (*rest, no_update if revision is no_update else source_of(app).revision())
        return answer

    def change_account(button: str, *values: Any) -> Any:
        action = {ids.ACCOUNT_SAVE: "save", ids.ACCOUNT_TOGGLE: "toggle"}.get(button, "reset")
        return shown(change)(action, *values)

    follows_shell(app, [ids.ACCOUNT_LIST, Output(ids.ACCOUNT_SELECTED, "options")], [],
                  lambda lang: account_list(db(), actor(), lang), period=False)
    row_click_chooses(app, ids.ACCOUNT_GRID, ids.ACCOUNT_SELECTED)
    follows_shell(app, [Output(field, "value") for field in EDIT_FIELDS]
                  + [ids.ACCOUNT_TOGGLE], [ids.ACCOUNT_SELECTED],
                  lambda username, lang: account_fields(db(), actor(), username, lang),
                  period=False, revision=False)
    employee_search(app, ids.ACCOUNT_NEW_EMPLOYEE)
    employee_search(app, ids.ACCOUNT_EDIT_EMPLOYEE)
    on_click(app, ids.ACCOUNT_CREATE, [ids.ACCOUNT_MESSAGE, ids.ACCOUNT_SECRET, REVISION_OUT],
             [ids.ACCOUNT_NEW_USERNAME, ids.ACCOUNT_NEW_NAME, ids.ACCOUNT_NEW_ROLE,
              ids.ACCOUNT_NEW_UNIT, ids.ACCOUNT_NEW_EMPLOYEE, LANG_STATE], shown(create))
    on_click(app, [ids.ACCOUNT_SAVE, ids.ACCOUNT_TOGGLE, ids.ACCOUNT_RESET],
             [Output(ids.ACCOUNT_MESSAGE, "children", allow_duplicate=True),
              Output(ids.ACCOUNT_SECRET, "children", allow_duplicate=True),
              Output(ids.ACCOUNT_TOGGLE, "children", allow_duplicate=True), REVISION_OUT],
             [ids.ACCOUNT_SELECTED, *EDIT_FIELDS, LANG_STATE], change_account)
    on_click(app, ids.ACCOUNT_BULK, [ids.ACCOUNT_BULK_MESSAGE,
                                     Output(ids.ACCOUNT_BULK_DOWNLOAD, "data"), REVISION_OUT],
             [LANG_STATE], lambda lang: shown(employee_accounts)(plan_code_of(app), lang))


#: The fields of the chosen account, as the form shows and changes them.
EDIT_FIELDS = (ids.ACCOUNT_EDIT_NAME, ids.ACCOUNT_EDIT_ROLE, ids.ACCOUNT_EDIT_UNIT,
               ids.ACCOUNT_EDIT_EMPLOYEE)
