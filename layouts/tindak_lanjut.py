"""Tindak lanjut (`/tindak-lanjut`): the indicators in the two lowest bands of the chosen period
with their follow-ups, the form to record one (cause, corrective action, due date), and the
open follow-ups the signed-in user watches (a head: those of their unit's subtree), to mark
done with a note. The items are services.followups' RedIndicator and FollowUp."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html
from ekinerja.layouts import ids
from ekinerja.layouts.common import card, message, page_title, required_label

from ekinerja.i18n import fmt_date, fmt_number, period_label, translator


def _field(label: Any, component: Any) -> html.Div:
    """A field with its label above it."""
    return html.Div([html.Label(label, htmlFor=component.id, className="small"), component],
                    className="entry-field")


def _pick(label: str, component_id: str, placeholder: str) -> html.Div:
    """A field choosing one of the options a callback fills."""
    return _field(label, dcc.Dropdown(id=component_id, options=[], value=None, clearable=False,
                                      placeholder=placeholder))


def _text(label: Any, component_id: str) -> html.Div:
    """A field of a few lines of text."""
    return _field(label, dcc.Textarea(id=component_id, className="form-control", rows=2))


def _act(text: str, button_id: str, colour: str, message_id: str) -> list[Any]:
    """The button of a form and where its outcome is said."""
    return [dbc.Button(text, id=button_id, color=colour, size="sm", n_clicks=0),
            html.Div(id=message_id, role="status")]


def layout(lang: str = "id", can_record: bool = False, **_params: Any) -> html.Div:
    """The page frame: the lists and the choices are filled by callbacks."""
    _ = translator(lang)
    form = html.Div([
        _pick(_("Red indicator"), ids.FOLLOWUP_INDICATOR, _("Choose a red indicator")),
        _text(required_label(_("Cause"), lang), ids.FOLLOWUP_CAUSE),
        _text(required_label(_("Corrective action"), lang), ids.FOLLOWUP_ACTION),
        _field(required_label(_("Due date (YYYY-MM-DD)"), lang),
               dcc.Input(id=ids.FOLLOWUP_DUE, type="text", placeholder="YYYY-MM-DD",
                         className="form-control")),
        _text(_("Recommendation"), ids.FOLLOWUP_RECOMMENDATION),
        *_act(_("Record the follow-up"), ids.FOLLOWUP_SAVE, "primary", ids.FOLLOWUP_MESSAGE),
    ], id=ids.FOLLOWUP_FORM)
    closing = html.Div([
        _pick(_("Open follow-up"), ids.FOLLOWUP_CLOSE_ID, _("Choose a follow-up")),
        _field(required_label(_("What was done"), lang),
               dcc.Input(id=ids.FOLLOWUP_CLOSE_NOTE, type="text", className="form-control")),
        *_act(_("Mark done"), ids.FOLLOWUP_CLOSE, "success", ids.FOLLOWUP_CLOSE_MESSAGE),
    ])
    parts: list[Any] = [
        page_title(_("Follow-up of red indicators")),
        html.P(_("An indicator in the two lowest bands in a period needs a follow-up: its "
                 "cause, the corrective action and a due date. The LKjIP takes its analysis "
                 "from these records."), className="muted small"),
        card(_("Red indicators in the period"), html.Div(id=ids.FOLLOWUP_RED)),
    ]
    if can_record:
        parts.append(card(_("Record a follow-up"), form))
    else:
        parts.append(html.Div(form, hidden=True))
    open_body: list[Any] = [html.Div(id=ids.FOLLOWUP_OPEN)]
    if can_record:
        open_body.append(closing)
    else:
        open_body.append(html.Div(closing, hidden=True))
    parts.append(card(_("Open follow-ups"), open_body))
    return html.Div(parts, className="page-tindak-lanjut")


def _status(items: Sequence[Any], lang: str) -> Any:
    _ = translator(lang)
    if not items:
        return html.Span(_("No follow-up yet"), className="text-danger")
    open_count = sum(f.status == "open" for f in items)
    said = _("{open} open, {done} done").format(open=open_count,
                                                 done=len(items) - open_count)
    return [html.Div(said), *(html.Div(f"{f.cause} → {f.action}", className="small muted")
                             for f in items)]


def red_table(items: Sequence[Any], unit_names: Mapping[str, str], lang: str
              ) -> Any:
    """The red indicators of the period, lowest achievement first, with their follow-ups."""
    _ = translator(lang)
    if not items:
        return message(_("No indicator is in the two lowest bands in this period."))
    head = html.Tr([html.Th(_("Indicator")), html.Th(_("Unit")),
                    html.Th(_("Achievement (%)")), html.Th(_("Follow-up"))])
    rows = [html.Tr([
        html.Td(f"{r.indicator} · {r.name}"),
        html.Td(unit_names.get(r.unit or "", r.unit or "–")),
        html.Td(fmt_number(r.achievement, lang), className="text-end"),
        html.Td(_status(r.follow_ups, lang)),
    ], id=f"followup-red-{r.indicator}") for r in items]
    return html.Div(html.Table([html.Thead(head), html.Tbody(rows)], className="table table-sm"),
                    className="table-scroll")


def indicator_options(items: Sequence[Any], lang: str) -> list[dict[str, str]]:
    """The red indicators the user may follow up: `code · name (achievement %)`."""
    return [{"label": f"{r.indicator} · {r.name} ({fmt_number(r.achievement, lang)} %)",
             "value": r.indicator} for r in items if r.may_record]


def open_table(items: Sequence[Any], unit_names: Mapping[str, str], lang: str,
               today: date) -> Any:
    """The open follow-ups the user watches, earliest due first; a passed due date in words."""
    _ = translator(lang)
    if not items:
        return message(_("No open follow-up."))
    head = html.Tr([html.Th(_("Indicator")), html.Th(_("Period")), html.Th(_("Unit")),
                    html.Th(_("Cause")), html.Th(_("Corrective action")), html.Th(_("Due date")),
                    html.Th(_("Recorded by"))])
    rows = []
    for f in items:
        due: list[Any] = [fmt_date(f.due_on, lang)]
        if f.overdue(today):
            due.append(html.Span(" " + _("(overdue)"), className="text-danger"))
        rows.append(html.Tr([
            html.Td(f"{f.indicator} · {f.indicator_name}"),
            html.Td(period_label(f.period, lang)),
            html.Td(unit_names.get(f.unit or "", f.unit or "–")),
            html.Td(f.cause), html.Td(f.action), html.Td(due), html.Td(f.author),
        ], id=f"followup-open-{f.id}"))
    return html.Div(html.Table([html.Thead(head), html.Tbody(rows)], className="table table-sm"),
                    className="table-scroll")


def close_options(items: Sequence[Any], lang: str) -> list[dict[str, Any]]:
    """The open follow-ups the user may mark done: `#id · indicator · period`."""
    return [{"label": f"#{f.id} · {f.indicator} · {period_label(f.period, lang)}",
             "value": f.id} for f in items if f.may_close]
