"""Organisasi: the unit tree, the chosen unit's employees and the succession history, following
the data revision; the forms' changes go through services.organisation as the signed-in
account, and move the shell's revision (other open pages follow)."""

from __future__ import annotations

from typing import Any

from dash import ALL, Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate
from ekinerja.callbacks import common
from ekinerja.callbacks.common import REVISION_IN
from ekinerja.callbacks.common_workshop import history_callback
from ekinerja.layouts import ids, organisasi
from ekinerja.layouts.common import employee_options, feedback

from ekinerja import permissions, services
from ekinerja.i18n import translator
from ekinerja.messages import N_
from ekinerja.model import Employee
from ekinerja.readmodels.search import Named, find_employees
from ekinerja.rollup import Engine
from ekinerja.services import User
from ekinerja.sources import PlanSource
from ekinerja.storage.database import Database

PEOPLE_DROPDOWNS = (ids.ORG_EMP_PICK, ids.ORG_EMP_SUPERVISOR, ids.ORG_LEAVING,
                    ids.ORG_SUCCESSOR)
BUTTONS = (ids.ORG_UNIT_SAVE, ids.ORG_EMP_SAVE, ids.ORG_SUCCEED, ids.ORG_UNIT_REMOVE,
           ids.ORG_EMP_REMOVE, ids.ORG_UNDO)


def unit_options(engine: Engine) -> list[dict[str, str]]:
    """Every unit as a dropdown option `CODE · name`."""
    return [{"label": f"{u.code} · {u.name}", "value": u.code} for u in engine.doc.units]


def layout_params(source: PlanSource, lang: str, user: User | None = None) -> dict[str, Any]:
    """The forms are for who may change the organisation (planners, admins) with a database."""
    return {"can_edit": source.database is not None and permissions.may_change_structure(user),
            "units": unit_options(source())}


def chosen_unit(engine: Engine, selected: str | None) -> str | None:
    """The unit shown: the chosen one, else the first of the plan."""
    codes = [u.code for u in engine.doc.units]
    if selected in codes:
        return selected
    return codes[0] if codes else None


def unit_people(engine: Engine, unit: str | None) -> list[Employee]:
    """The employees of a unit, in plan order."""
    return [e for e in engine.doc.employees if e.unit == unit]


def people_options(engine: Engine, unit: str | None, search: str | None,
                   current: str | None) -> list[dict[str, str]]:
    """Employees to choose: those matching what was typed, else those of the chosen unit and
    of the unit above it (likely supervisors); the chosen one kept."""
    doc = engine.doc
    names = {e.nip: e.name for e in doc.employees}
    if search:
        rows = list(find_employees(engine, search))
    else:
        parent = next((u.parent for u in doc.units if u.code == unit), None)
        rows = [Named(e.nip, e.name) for e in doc.employees if e.unit in (unit, parent)]
    if current in names and all(r.code != current for r in rows):
        rows.insert(0, Named(current, names[current]))
    return employee_options(rows)


def unit_view(engine: Engine, db: Database | None, plan_code: str | None,
              selected: str | None, lang: str) -> tuple[Any, Any, Any, Any]:
    """The tree, the chosen unit's title and employees, and the succession history."""
    _ = translator(lang)
    doc = engine.doc
    unit = chosen_unit(engine, selected)
    counts: dict[str, int] = {}
    for e in doc.employees:
        counts[e.unit] = counts.get(e.unit, 0) + 1
    names = {e.nip: e.name for e in doc.employees}
    unit_names = {u.code: u.name for u in doc.units}
    title = "" if unit is None else _("Employees of {unit}").format(
        unit=f"{unit_names[unit]} ({unit})")
    holdings = services.objective_holdings(db, plan_code) if db is not None else []
    return (organisasi.tree(doc.units, counts, unit, lang), title,
            organisasi.employees_table(unit_people(engine, unit), names, unit_names, lang),
            organisasi.holdings_table(holdings, names, lang))


def unit_form(engine: Engine, selected: str | None) -> tuple[Any, ...]:
    """The unit form filled with the chosen unit; the employee form's unit preset to it."""
    unit = next((u for u in engine.doc.units if u.code == selected), None)
    if unit is None:
        return "", "", None, "agency", no_update
    return unit.code, unit.name, unit.parent, unit.kind, unit.code


def employee_form(engine: Engine, nip: str | None) -> tuple[Any, ...]:
    """The employee form filled with the chosen employee (cleared for a new one: the unit
    stays)."""
    person = next((e for e in engine.doc.employees if e.nip == nip), None)
    if person is None:
        return "", "", "", no_update, None, no_update
    names = {e.nip: e.name for e in engine.doc.employees}
    boss = [] if person.supervisor is None else employee_options(
        [Named(person.supervisor, names.get(person.supervisor, ""))])
    return (person.nip, person.name, person.position, person.unit, person.supervisor,
            boss or no_update)


#: The removals: the button, the service, the field naming what goes, its confirmation tick,
#: the unit shown after, and what is said.
REMOVALS = {
    ids.ORG_UNIT_REMOVE: (services.remove_unit, ids.ORG_UNIT_CODE, ids.ORG_UNIT_CONFIRM, None,
                          N_("Unit {code} removed.")),
    ids.ORG_EMP_REMOVE: (services.remove_employee, ids.ORG_EMP_NIP, ids.ORG_EMP_CONFIRM,
                         no_update, N_("Employee {nip} removed.")),
}


def act(trigger: str, db: Database | None, plan_code: str | None, user: User | None,
        form: dict[str, Any], lang: str) -> tuple[Any, Any, Any]:
    """Make the change of the clicked button; (message, new revision, unit to show)."""
    _ = translator(lang)
    if db is None:
        return feedback(False, _("This plan is shown read-only."), lang), no_update, no_update
    text = {k: (v.strip() if isinstance(v, str) else v) for k, v in form.items()}
    try:
        if trigger == ids.ORG_UNIT_SAVE:
            revision = services.save_unit(db, user, plan_code, text[ids.ORG_UNIT_CODE] or "",
                                          name=text[ids.ORG_UNIT_NAME] or "",
                                          parent=text[ids.ORG_UNIT_PARENT],
                                          kind=text[ids.ORG_UNIT_KIND] or "agency")
            shown = text[ids.ORG_UNIT_CODE]
            done = _("Unit {code} saved.").format(code=shown)
        elif trigger in REMOVALS:
            remove, field, tick, shown, said = REMOVALS[trigger]
            code = text[field] or ""
            revision = remove(db, user, plan_code, code, confirm=bool(text[tick]))
            done = _(said).format(code=code, nip=code)
        elif trigger == ids.ORG_UNDO:
            edit = text[ids.ORG_UNDO_EDIT]
            if edit is None:
                raise services.InvalidEdit(N_("Nothing to undo."))
            revision = services.undo_edit(db, user, plan_code, int(edit))
            shown = no_update
            done = _("Undone.")
        elif trigger == ids.ORG_EMP_SAVE:
            revision = services.save_employee(
                db, user, plan_code, text[ids.ORG_EMP_NIP] or "",
                name=text[ids.ORG_EMP_NAME] or "", unit=text[ids.ORG_EMP_UNIT] or "",
                position=text[ids.ORG_EMP_POSITION] or "",
                supervisor=text[ids.ORG_EMP_SUPERVISOR])
            shown = text[ids.ORG_EMP_UNIT]
            done = _("Employee {nip} saved.").format(nip=text[ids.ORG_EMP_NIP])
        else:
            revision = services.name_successor(
                db, user, plan_code, text[ids.ORG_LEAVING] or "", text[ids.ORG_SUCCESSOR] or "",
                on=text[ids.ORG_HANDOVER_DATE] or None,
                take_position="position" in (text[ids.ORG_TAKE_POSITION] or []))
            shown = no_update
            done = _("{successor} succeeds {leaving}.").format(
                successor=text[ids.ORG_SUCCESSOR], leaving=text[ids.ORG_LEAVING])
    except services.ServiceError as exc:
        return feedback(False, common.refusal_text(exc, lang), lang), no_update, no_update
    return feedback(True, done, lang), revision, shown


def register(app: Any) -> None:
    """The tree and the unit's people follow the chosen unit and the data; the forms change."""

    @app.callback(
        Output(ids.ORG_SELECTED, "data"),
        Input({"type": ids.ORG_UNIT_BUTTON, "code": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )
    def choose(_clicks: list[int | None]) -> Any:
        trigger = ctx.triggered_id
        if not isinstance(trigger, dict) or not ctx.triggered[0]["value"]:
            raise PreventUpdate  # a tree drawn again (its buttons at 0 clicks) chooses nothing
        return trigger["code"]

    common.follows_shell(
        app, [ids.ORG_TREE, ids.ORG_UNIT_TITLE, ids.ORG_EMPLOYEES, ids.ORG_HOLDINGS],
        [Input(ids.ORG_SELECTED, "data")],
        lambda selected, lang: unit_view(common.engine_of(app), common.database_of(app),
                                         common.plan_code_of(app), selected, lang or "id"),
        period=False)

    history_callback(app, ids.ORG_HISTORY, ids.ORG_UNDO_EDIT, services.organisation_history)

    common.follows(app, common.values_of(*UNIT_FIELDS, ids.ORG_EMP_UNIT),
                   [Input(ids.ORG_SELECTED, "data")],
                   lambda selected: unit_form(common.engine_of(app), selected),
                   prevent_initial_call=True)

    @app.callback(
        Output(ids.ORG_UNIT_PARENT, "options"),
        Output(ids.ORG_EMP_UNIT, "options"),
        REVISION_IN,
        prevent_initial_call=True,
    )
    def refresh_units(_revision: Any) -> Any:
        options = unit_options(common.engine_of(app))
        return options, options

    @app.callback(
        Output(ids.ORG_EMP_NIP, "value"),
        Output(ids.ORG_EMP_NAME, "value"),
        Output(ids.ORG_EMP_POSITION, "value"),
        Output(ids.ORG_EMP_UNIT, "value", allow_duplicate=True),
        Output(ids.ORG_EMP_SUPERVISOR, "value"),
        Output(ids.ORG_EMP_SUPERVISOR, "options", allow_duplicate=True),
        Input(ids.ORG_EMP_PICK, "value"),
        prevent_initial_call=True,
    )
    def fill_employee(nip: str | None) -> Any:
        return employee_form(common.engine_of(app), nip)

    for dropdown in PEOPLE_DROPDOWNS:
        _people_search(app, dropdown)

    def change(trigger: str, *values: Any) -> Any:
        *fields, lang = values
        form = dict(zip(FORM_FIELDS, fields, strict=True))
        return act(trigger, common.database_of(app), common.plan_code_of(app), common.actor(),
                   form, lang or "id")

    common.save_on_click(app, BUTTONS, ids.ORG_MESSAGE, FORM_FIELDS, change,
                         more=[Output(ids.ORG_SELECTED, "data", allow_duplicate=True)])


#: The unit form's fields, in the order `unit_form` fills them (the employee's unit after).
UNIT_FIELDS = (ids.ORG_UNIT_CODE, ids.ORG_UNIT_NAME, ids.ORG_UNIT_PARENT, ids.ORG_UNIT_KIND)
FORM_FIELDS = (*UNIT_FIELDS, ids.ORG_EMP_NIP, ids.ORG_EMP_NAME, ids.ORG_EMP_POSITION,
               ids.ORG_EMP_UNIT, ids.ORG_EMP_SUPERVISOR, ids.ORG_LEAVING, ids.ORG_SUCCESSOR,
               ids.ORG_HANDOVER_DATE, ids.ORG_TAKE_POSITION, ids.ORG_UNIT_CONFIRM,
               ids.ORG_EMP_CONFIRM, ids.ORG_UNDO_EDIT)


def _people_search(app: Any, dropdown: str) -> None:
    """A people dropdown offers the chosen unit's employees (and the unit above), or those
    matching what is typed, keeping the chosen one."""

    @app.callback(
        Output(dropdown, "options"),
        Input(dropdown, "search_value"),
        Input(ids.ORG_SELECTED, "data"),
        REVISION_IN,
        State(dropdown, "value"),
    )
    def offer(search: str | None, selected: str | None, _revision: Any,
              current: str | None) -> Any:
        engine = common.engine_of(app)
        return people_options(engine, chosen_unit(engine, selected), search, current)
