"""Pengguna (`/pengguna`, admins): the accounts, a new account, changing one, employee accounts
in bulk; a new password is shown once."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html
from ekinerja.layouts import ids
from ekinerja.layouts.common import (
    ROLE_NAMES,
    card,
    choice_grid,
    employee_options,
    feedback,
    page_title,
    role_name,
)

from ekinerja.i18n import N_, translator
from ekinerja.model import Unit
from ekinerja.readmodels.presentation import Named

#: The form field an account error is about (services.accounts.InvalidAccount.field).
FIELD_LABELS = {
    "username": N_("User name"),
    "name": N_("Name"),
    "role": N_("Role"),
    "unit": N_("Unit"),
    "employee": N_("Employee"),
    "password": N_("Password"),
}


def role_options(lang: str) -> list[dict[str, str]]:
    """The seven roles, `name (code)`."""
    return [{"label": f"{role_name(role, lang)} ({role})", "value": role} for role in ROLE_NAMES]


def unit_options(units: Sequence[Unit]) -> list[dict[str, str]]:
    """The plan's units, `code · name`."""
    return [{"label": f"{u.code} · {u.name}", "value": u.code} for u in units]


def _field(label: str, control: Any, html_for: str) -> html.Div:
    return html.Div([html.Label(label, htmlFor=html_for, className="small"), control],
                    className="account-field")


def _fields(lang: str, prefix: str, units: Sequence[Unit], employees: Sequence[Named],
            role: str | None) -> list[Any]:
    """Name, role, unit and employee controls; `prefix` picks the ids (NEW or EDIT)."""
    _ = translator(lang)
    name, role_id, unit, employee = (getattr(ids, f"ACCOUNT_{prefix}_{part}")
                                     for part in ("NAME", "ROLE", "UNIT", "EMPLOYEE"))
    return [
        _field(_("Name"), dcc.Input(id=name, type="text", className="form-control",
                                    maxLength=200), name),
        _field(_("Role"), dcc.Dropdown(id=role_id, options=role_options(lang), value=role,
                                       clearable=False, placeholder=_("Choose a role")),
               role_id),
        _field(_("Unit (scope: the unit and the units below it)"),
               dcc.Dropdown(id=unit, options=unit_options(units), searchable=True,
                            placeholder=_("No unit")), unit),
        _field(_("Employee (NIP or name)"),
               dcc.Dropdown(id=employee, options=employee_options(employees), searchable=True,
                            placeholder=_("Type a NIP or a name")), employee),
    ]


def layout(
    lang: str = "id",
    units: Sequence[Unit] = (),
    employees: Sequence[Named] = (),
    **_params: Any,
) -> html.Div:
    """The page frame; the accounts table is filled by a callback."""
    _ = translator(lang)
    new = card(_("New account"), [
        _field(_("User name"), dcc.Input(id=ids.ACCOUNT_NEW_USERNAME, type="text",
                                         className="form-control", maxLength=100,
                                         autoComplete="off"), ids.ACCOUNT_NEW_USERNAME),
        *_fields(lang, "NEW", units, employees, "viewer"),
        html.P(_("A one-time password is made and shown once; its owner chooses their own at "
                 "the first sign-in."), className="muted small"),
        dbc.Button(_("Create account"), id=ids.ACCOUNT_CREATE, color="primary", size="sm",
                   n_clicks=0),
    ])
    edit = card(_("Change an account"), [
        _field(_("Account"), dcc.Dropdown(id=ids.ACCOUNT_SELECTED, searchable=True,
                                          placeholder=_("Choose an account")),
               ids.ACCOUNT_SELECTED),
        *_fields(lang, "EDIT", units, employees, None),
        html.Div(
            [
                dbc.Button(_("Save"), id=ids.ACCOUNT_SAVE, color="primary", size="sm",
                           n_clicks=0),
                dbc.Button(_("Disable"), id=ids.ACCOUNT_TOGGLE, color="secondary",
                           outline=True, size="sm", n_clicks=0),
                dbc.Button(_("Reset password"), id=ids.ACCOUNT_RESET, color="secondary",
                           outline=True, size="sm", n_clicks=0),
            ],
            className="controls",
        ),
    ])
    bulk = card(_("Employee accounts"), [
        html.P(_("An account for every employee of the plan who has none (the NIP is the user "
                 "name), each with a one-time password; the passwords come as a workbook to "
                 "hand out, and are not shown again."), className="muted small"),
        dbc.Button(_("Create employee accounts"), id=ids.ACCOUNT_BULK, color="secondary",
                   size="sm", n_clicks=0),
        html.Div(id=ids.ACCOUNT_BULK_MESSAGE, role="status"),
        dcc.Download(id=ids.ACCOUNT_BULK_DOWNLOAD),
    ])
    return html.Div(
        [
            page_title(_("Accounts")),
            html.Div(id=ids.ACCOUNT_MESSAGE, role="status"),
            html.Div(id=ids.ACCOUNT_SECRET),
            html.Div([new, edit], className="grid-2"),
            card(_("Accounts"), html.Div(id=ids.ACCOUNT_LIST)),
            bulk,
        ],
        className="page-pengguna",
    )


def accounts_table(accounts: Sequence[Any], lang: str) -> Any:
    """The accounts (AG Grid, row id = user name): name, role, unit, employee, state, last
    sign-in and its address."""
    _ = translator(lang)
    rows = [
        {
            "username": a.username,
            "name": a.name,
            "role": role_name(a.role, lang),
            "unit": a.unit or "",
            "employee": a.nip or "",
            "state": _("Disabled") if a.disabled else _("Active"),
            "last": (f"{a.last_sign_in_at:%Y-%m-%d %H:%M} ({a.last_sign_in_address or '–'})"
                     if a.last_sign_in_at else _("never")),
        }
        for a in accounts
    ]
    columns = [
        {"field": "username", "headerName": _("User name"), "flex": 1, "minWidth": 140,
         "filter": True},
        {"field": "name", "headerName": _("Name"), "flex": 2, "minWidth": 180, "filter": True},
        {"field": "role", "headerName": _("Role"), "flex": 1, "minWidth": 110, "filter": True},
        {"field": "unit", "headerName": _("Unit"), "flex": 1, "minWidth": 110, "filter": True},
        {"field": "employee", "headerName": _("Employee"), "flex": 1, "minWidth": 160},
        {"field": "state", "headerName": _("State"), "flex": 1, "minWidth": 90},
        {"field": "last", "headerName": _("Last sign-in (UTC)"), "flex": 2, "minWidth": 190},
    ]
    return choice_grid(ids.ACCOUNT_GRID, rows, columns, "username", most_height=520,
                       empty=_("No accounts."))


def account_choices(accounts: Sequence[Any]) -> list[dict[str, str]]:
    """The accounts to choose for a change: `user name · name`."""
    return [{"label": f"{a.username} · {a.name}", "value": a.username} for a in accounts]


def toggle_label(disabled: bool, lang: str) -> str:
    """The label of the disable / enable button for an account in that state."""
    _ = translator(lang)
    return _("Enable") if disabled else _("Disable")


def refusal(text: str, field: str | None, lang: str) -> html.Div:
    """A refused account change, naming the form field it is about when there is one."""
    _ = translator(lang)
    where = f"{_(FIELD_LABELS[field])}: " if field in FIELD_LABELS else ""
    return feedback(False, where + text, lang)


def one_time_password(username: str, password: str, lang: str) -> html.Div:
    """A new password, shown this once."""
    _ = translator(lang)
    return html.Div(
        [
            html.Span(_("One-time password of {username}:").format(username=username)), " ",
            html.Code(password, className="account-password"),
            html.Div(_("Hand it to its owner now: it is not shown again. They choose their own "
                       "password at the first sign-in."), className="small"),
        ],
        className="alert alert-warning py-2 my-1",
        role="alert",
    )


def bulk_result(created: int, skipped: int, lang: str) -> html.Div:
    """What a bulk creation did."""
    _ = translator(lang)
    if not created:
        return feedback(True, _("No new accounts: every employee has one already ({skipped})."
                                ).format(skipped=skipped), lang)
    return feedback(True, _("{created} employee accounts created ({skipped} had one already); "
                            "the workbook of their one-time passwords is downloading.").format(
                                created=created, skipped=skipped), lang)
