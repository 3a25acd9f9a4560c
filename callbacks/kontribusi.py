"""Kontribusi Saya: choose an employee; their objectives, contribution, gain and history."""

from __future__ import annotations

from typing import Any

from dash import Input, Output, State
from dash.exceptions import PreventUpdate
from ekinerja.callbacks.common import engine_of, evaluation, same_kind_periods, valid_period
from ekinerja.layouts import ids, kontribusi

from ekinerja import contribution
from ekinerja.rollup import Engine


def layout_params(engine: Engine, lang: str) -> dict[str, Any]:
    """The first employees for the chooser (more are found by typing), the first one chosen."""
    first = contribution.search_employees(engine, "")
    return {"employees": first, "nip": first[0]["nip"] if first else None}


def employee_options(engine: Engine, search: str | None, current: str | None) -> list[dict]:
    """Options matching what was typed, keeping the chosen employee among them."""
    rows = contribution.search_employees(engine, search)
    people = contribution.employees(engine)
    if current and current in people and all(r["nip"] != current for r in rows):
        rows.insert(0, {"nip": current, "name": people[current].name})
    return kontribusi.employee_options(rows)


def render(engine: Engine, nip: str | None, period: str | None, lang: str | None) -> list[Any]:
    """The page body: data for the employee and period, then components."""
    lang = lang or "id"
    period = valid_period(engine, period)
    if period is None:
        return kontribusi.body(None, [], lang, "No period with data.")
    if not nip:
        return kontribusi.body(None, [], lang)
    ev = evaluation(engine, period)
    view = contribution.employee_view(engine, ev, nip)
    if view is None:
        return kontribusi.body(None, [], lang, "Unknown employee.")
    history = contribution.contribution_history(
        engine, lambda p: evaluation(engine, p), nip, same_kind_periods(engine, period)
    )
    return kontribusi.body(view, history, lang)


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
        Input(ids.PERIOD, "value"),
        Input(ids.LANG, "value"),
        Input(ids.REVISION, "data"),
    )
    def update_contribution(nip: str | None, period: str | None, lang: str | None,
                            _revision: Any) -> Any:
        return render(engine_of(app), nip, period, lang)
