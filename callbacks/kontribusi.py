"""Kontribusi Saya: choose an employee; their objectives, contribution, gain and history."""

from __future__ import annotations

from typing import Any

from dash import Input, Output, State
from dash.exceptions import PreventUpdate
from ekinerja.callbacks.common import LANG_IN, PERIOD_IN, REVISION_IN, engine_of
from ekinerja.layouts import ids, kontribusi

from ekinerja.i18n import N_
from ekinerja.readmodels.contribution import contribution_history, employee_view
from ekinerja.readmodels.indexes import employees_by_nip
from ekinerja.readmodels.periods import valid_period
from ekinerja.readmodels.search import Named, find_employees
from ekinerja.rollup import Engine
from ekinerja.sources import PlanSource


def layout_params(source: PlanSource, lang: str) -> dict[str, Any]:
    """The first employees for the chooser (more are found by typing), the first one chosen."""
    first = find_employees(source(), "")
    return {"employees": first, "nip": first[0].code if first else None}


def employee_options(engine: Engine, search: str | None, current: str | None) -> list[dict]:
    """Options matching what was typed, keeping the chosen employee among them."""
    rows = find_employees(engine, search)
    people = employees_by_nip(engine)
    if current and current in people and all(r.code != current for r in rows):
        rows.insert(0, Named(current, people[current].name))
    return kontribusi.employee_options(rows)


def render(engine: Engine, nip: str | None, period: str | None, lang: str | None) -> list[Any]:
    """The page body: data for the employee and period, then components."""
    lang = lang or "id"
    period = valid_period(engine, period)
    if period is None:
        return kontribusi.body(None, [], lang, N_("No period with data."))
    if not nip:
        return kontribusi.body(None, [], lang)
    view = employee_view(engine, period, nip)
    if view is None:
        return kontribusi.body(None, [], lang, N_("Unknown employee."))
    return kontribusi.body(view, contribution_history(engine, nip, period), lang)


def register(app: Any) -> None:
    """Search employees, fill the page, and refresh it when the shell's revision moves."""

    @app.callback(
        Output(ids.CONTRIB_EMPLOYEE, "options"),
        Input(ids.CONTRIB_EMPLOYEE, "search_value"),
        State(ids.CONTRIB_EMPLOYEE, "value"),
        prevent_initial_call=True,
    )
    def search_employees(search: str | None, current: str | None) -> Any:
        if not search:
            raise PreventUpdate
        return employee_options(engine_of(app), search, current)

    @app.callback(
        Output(ids.CONTRIB_BODY, "children"),
        Input(ids.CONTRIB_EMPLOYEE, "value"),
        PERIOD_IN,
        LANG_IN,
        REVISION_IN,
    )
    def update_contribution(nip: str | None, period: str | None, lang: str | None,
                            _revision: Any) -> Any:
        return render(engine_of(app), nip, period, lang)
