"""Laporan: make a SAKIP document of the chosen unit and year and hand it to the browser —
through services.documents as the signed-in account (who must be allowed to see the unit)."""

from __future__ import annotations

from typing import Any

from dash import ALL, Input, Output, State, ctx, dcc, no_update
from dash.exceptions import PreventUpdate
from ekinerja.callbacks.common import LANG_STATE, actor, engine_of
from ekinerja.layouts import ids, laporan
from ekinerja.layouts.common import feedback

from ekinerja.i18n import language
from ekinerja.readmodels.periods import default_period
from ekinerja.readmodels.scorecard import first_unit, unit_choices
from ekinerja.rollup import Engine
from ekinerja.services import ServiceError, User
from ekinerja.services.documents import make_document
from ekinerja.sources import PlanSource


def default_year(engine: Engine) -> int:
    """The year of the latest period with data, within the plan's years."""
    plan = engine.doc.plan
    period = default_period(engine)
    chosen = int(period[:4]) if period else plan.start_year
    return min(max(chosen, plan.start_year), plan.end_year)


def layout_params(source: PlanSource, lang: str, user: User | None = None) -> dict[str, Any]:
    """The units (the user's own first chosen), the plan's years and the latest year with
    data."""
    engine = source()
    plan = engine.doc.plan
    units = unit_choices(engine)
    own = user.unit if user is not None and user.unit in {u.code for u in units} else None
    return {"units": units, "unit": own or first_unit(engine),
            "years": list(range(plan.start_year, plan.end_year + 1)),
            "year": default_year(engine)}


def make(engine: Engine, user: User | None, index: str, unit: str | None, year: int | None,
         lang: str | None) -> tuple[Any, Any]:
    """The download (or no_update) and the message, for a click on a document's button."""
    lang = language(lang)
    kind, suffix = laporan.parse_button_index(index)
    try:
        made = make_document(engine.doc, user, kind, unit or "", int(year or 0), suffix)
    except ServiceError as exc:
        return no_update, feedback(False, str(exc), lang)
    text = laporan.made_text(made.filename, made.rows, len(made.content), made.seconds, lang)
    return dcc.send_bytes(made.content, made.filename), feedback(True, text, lang)


def register(app: Any) -> None:
    """One callback: a document's button makes it and downloads it (progress shown while it
    runs)."""

    @app.callback(
        Output(ids.REPORT_DOWNLOAD, "data"),
        Output(ids.REPORT_STATUS, "children"),
        Input({"type": ids.REPORT_MAKE, "index": ALL}, "n_clicks"),
        State(ids.REPORT_UNIT, "value"),
        State(ids.REPORT_YEAR, "value"),
        LANG_STATE,
        running=[
            (Output(ids.REPORT_PROGRESS, "style"), {"display": "block"}, {"display": "none"}),
        ],
        prevent_initial_call=True,
    )
    def make_and_download(clicks: list[int | None], unit: str | None, year: int | None,
                          lang: str | None) -> Any:
        trigger = ctx.triggered_id
        if not isinstance(trigger, dict) or not any(clicks):
            raise PreventUpdate
        return make(engine_of(app), actor(), trigger["index"], unit, year, lang)
