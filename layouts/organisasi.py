"""Organisasi (`/organisasi`): the unit tree and, per unit, its employees (NIP, name, position,
unit, supervisor); for planners and admins the forms to add, change or remove a unit or an
employee, move an employee, name the successor of one who leaves, and undo an organisation
edit from the history (docs/organisation.md)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from dash import dcc, html
from ekinerja.layouts import ids
from ekinerja.layouts.common import (
    card,
    form_button,
    form_dropdown,
    form_field,
    form_text,
    message,
    page_title,
)

from ekinerja.i18n import translator
from ekinerja.model import UNIT_KINDS, Employee, Unit


def kind_label(kind: str, lang: str | None) -> str:
    """A unit kind in words."""
    _ = translator(lang)
    labels = {"pemda": _("Regional government"), "agency": _("Agency"),
              "division": _("Division"), "section": _("Section")}
    return labels.get(kind, kind)


def _confirm(component_id: str, text: str) -> dcc.Checklist:
    return dcc.Checklist(id=component_id, value=[], options=[{"label": " " + text,
                                                              "value": "confirm"}],
                         inputClassName="me-1", labelClassName="small")


def _save_or_remove(save: str, save_id: str, remove: str, remove_id: str, confirm_id: str,
                    confirm: str) -> list[Any]:
    """A form's save and remove buttons, and the tick that confirms a removal (`confirm`: what
    the removal does)."""
    return [form_button(save, save_id), form_button(remove, remove_id, "outline-danger"),
            _confirm(confirm_id, confirm)]


def forms(lang: str, units: list[dict[str, str]]) -> html.Div:
    """The change forms: a unit, an employee (also a move), a successor."""
    _ = translator(lang)
    kinds = [{"label": kind_label(k, lang), "value": k} for k in UNIT_KINDS]
    unit_form = card(_("Unit"), [
        html.P(_("Choose a unit in the tree to change it; a new code adds a unit."),
               className="muted small"),
        form_field(_("Code"), form_text(ids.ORG_UNIT_CODE)),
        form_field(_("Name"), form_text(ids.ORG_UNIT_NAME)),
        form_field(_("Parent unit"), form_dropdown(ids.ORG_UNIT_PARENT, units)),
        form_field(_("Kind"), form_dropdown(ids.ORG_UNIT_KIND, kinds, "agency", clearable=False)),
        *_save_or_remove(_("Save the unit"), ids.ORG_UNIT_SAVE, _("Remove the unit"),
                         ids.ORG_UNIT_REMOVE, ids.ORG_UNIT_CONFIRM,
                         _("Confirmed: its units and employees go to its parent unit, as "
                           "listed")),
    ], card_id="org-unit-form")
    employee_form = card(_("Employee"), [
        html.P(_("Choose an employee to change or move them; leave it empty to add one."),
               className="muted small"),
        form_field(_("Employee to change"), form_dropdown(ids.ORG_EMP_PICK,
                                                          placeholder=_("Type a NIP or name"))),
        form_field(_("NIP (18 digits)"), form_text(ids.ORG_EMP_NIP)),
        form_field(_("Name"), form_text(ids.ORG_EMP_NAME)),
        form_field(_("Position"), form_text(ids.ORG_EMP_POSITION)),
        form_field(_("Unit"), form_dropdown(ids.ORG_EMP_UNIT, units)),
        form_field(_("Supervisor"), form_dropdown(ids.ORG_EMP_SUPERVISOR,
                                                  placeholder=_("Type a NIP or name"))),
        *_save_or_remove(_("Save the employee"), ids.ORG_EMP_SAVE, _("Remove the employee"),
                         ids.ORG_EMP_REMOVE, ids.ORG_EMP_CONFIRM,
                         _("Confirmed: their direct reports go to their supervisor, as "
                           "listed")),
    ], card_id="org-employee-form")
    succession_form = card(_("Succession"), [
        html.P(_("Who leaves a position (retired, moved) hands their RHK to the successor "
                 "without re-cascading; past periods stay theirs."), className="muted small"),
        form_field(_("Leaves the position"), form_dropdown(ids.ORG_LEAVING,
                                                           placeholder=_("Type a NIP or name"))),
        form_field(_("Successor"), form_dropdown(ids.ORG_SUCCESSOR,
                                                 placeholder=_("Type a NIP or name"))),
        form_field(_("From (YYYY-MM-DD)"),
                   form_text(ids.ORG_HANDOVER_DATE, date.today().isoformat())),
        dcc.Checklist(id=ids.ORG_TAKE_POSITION, value=["position"],
                      options=[{"label": " " + _("The successor also takes the position "
                                                 "(unit, title, supervisor, direct reports)"),
                                "value": "position"}],
                      inputClassName="me-1", labelClassName="small"),
        form_button(_("Name the successor"), ids.ORG_SUCCEED),
    ], card_id="org-succession-form")
    history = card(_("Organisation history"), [
        html.Div(id=ids.ORG_HISTORY),
        form_field(_("Edit to undo"), form_dropdown(ids.ORG_UNDO_EDIT)),
        form_button(_("Undo"), ids.ORG_UNDO, "outline-secondary"),
    ], card_id="org-edits")
    return html.Div([html.Div(id=ids.ORG_MESSAGE, role="status"), unit_form, employee_form,
                     succession_form, history], id=ids.ORG_FORMS, className="org-forms")


def layout(lang: str = "id", can_edit: bool = False,
           units: Sequence[dict[str, str]] = (), **_params: Any) -> html.Div:
    """The page: the tree and the chosen unit's employees; the forms for who may edit."""
    _ = translator(lang)
    body = [
        html.Div([card(_("Units"), html.Div(id=ids.ORG_TREE), card_id="org-units")],
                 className="org-col"),
        html.Div([
            card(_("Employees"), [html.H3(id=ids.ORG_UNIT_TITLE, className="h6"),
                                  html.Div(id=ids.ORG_EMPLOYEES)], card_id="org-people"),
            card(_("Objectives handed over"), html.Div(id=ids.ORG_HOLDINGS),
                 card_id="org-history"),
        ], className="org-col"),
    ]
    # the forms are always in the layout (their callbacks never name a missing component),
    # hidden from who may not change the organisation (the services refuse them anyway)
    body.append(html.Div(forms(lang, list(units)), className="org-col", hidden=not can_edit))
    return html.Div([
        page_title(_("Organisation")),
        dcc.Store(id=ids.ORG_SELECTED, data=None),
        html.Div(body, className="grid-3"),
    ], className="page-organisasi")


def tree(units: Sequence[Unit], counts: Mapping[str, int], selected: str | None,
         lang: str) -> Any:
    """The unit tree as nested lists of buttons (a unit with its employee count)."""
    _ = translator(lang)
    if not units:
        return message(_("No units yet."))
    known = {u.code for u in units}
    children: dict[str | None, list[Unit]] = {}
    for u in units:
        children.setdefault(u.parent if u.parent in known else None, []).append(u)

    def branch(parent: str | None, seen: frozenset[str]) -> html.Ul:
        items = []
        for u in children.get(parent, []):
            if u.code in seen:
                continue
            label = f"{u.name} ({u.code}) · {counts.get(u.code, 0)}"
            button = html.Button(
                label, id={"type": ids.ORG_UNIT_BUTTON, "code": u.code}, n_clicks=0,
                className="btn btn-link btn-sm p-0 text-start"
                + (" fw-bold" if u.code == selected else ""),
                **({"aria-current": "true"} if u.code == selected else {}))
            below = branch(u.code, seen | {u.code}) if u.code in children else None
            items.append(html.Li([button, below] if below is not None else [button]))
        return html.Ul(items, className="org-tree-list")

    return branch(None, frozenset())


def employees_table(people: Sequence[Employee], names: Mapping[str, str],
                    unit_names: Mapping[str, str], lang: str) -> Any:
    """A unit's employees: NIP, name, position, unit and supervisor."""
    _ = translator(lang)
    if not people:
        return message(_("No employees in this unit."))

    def supervisor(nip: str | None) -> str:
        return "" if nip is None else f"{names.get(nip, '')} ({nip})"

    return html.Div(html.Table([
        html.Thead(html.Tr([html.Th(_("NIP")), html.Th(_("Name")), html.Th(_("Position")),
                            html.Th(_("Unit")), html.Th(_("Supervisor"))])),
        html.Tbody([html.Tr([html.Td(e.nip), html.Td(e.name), html.Td(e.position),
                             html.Td(unit_names.get(e.unit, e.unit)),
                             html.Td(supervisor(e.supervisor))],
                            **{"data-nip": e.nip}) for e in people]),
    ], className="table table-sm org-employees-table"), className="table-scroll")


def holdings_table(rows: Sequence[Any], names: Mapping[str, str], lang: str) -> Any:
    """Who held which objective from when until when (the succession history)."""
    _ = translator(lang)
    if not rows:
        return message(_("No objective has been handed over yet."))

    def day(value: date | None, empty: str) -> str:
        return empty if value is None else value.isoformat()

    return html.Div(html.Table([
        html.Thead(html.Tr([html.Th(_("Objective")), html.Th(_("Held by")),
                            html.Th(_("From")), html.Th(_("Until"))])),
        html.Tbody([html.Tr([html.Td(r.objective),
                             html.Td(f"{names.get(r.holder, '')} ({r.holder})"),
                             html.Td(day(r.since, _("the start"))),
                             html.Td(day(r.until, _("now")))]) for r in rows]),
    ], className="table table-sm org-holdings-table"), className="table-scroll")
