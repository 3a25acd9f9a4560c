"""Verifikasi (`/verifikasi`): what waits for the signed-in user — submitted realizations to
verify or reject (heads, planners), drafts and rejected ones to correct and submit (operators,
employees)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html
from ekinerja.layouts import common, common_comments, ids
from ekinerja.layouts.common import card, message, page_title

from ekinerja.i18n import fmt_date, fmt_datetime, fmt_number, fmt_target, period_label, translator
from ekinerja.readmodels.verification import InboxLine


def status_name(status: str | None, lang: str) -> str:
    """A workflow status in the reader's language (empty for None)."""
    _ = translator(lang)
    names = {"draft": _("Draft"), "submitted": _("Submitted"), "verified": _("Verified"),
             "rejected": _("Rejected")}
    return names.get(status or "", "")


def evidence_href(file_id: int | None) -> str | None:
    """Where an evidence file is downloaded (signed-in users only)."""
    return None if file_id is None else f"/bukti/{int(file_id)}"


def _selection(title: str, hint: str, list_id: str, grid: Any, actions: list[Any],
               message_id: str, *after: Any) -> html.Div:
    """A card of entries to select (their list, their grid), what to do with the selected
    ones and where the outcome is said."""
    return card(title, [html.P(hint, className="muted small"), html.Div(id=list_id), grid,
                        *actions, html.Div(id=message_id, role="status"), *after])


def layout(lang: str = "id", can_verify: bool = False, can_record: bool = False,
           **_params: Any) -> html.Div:
    """The page frame: the lists are filled by callbacks."""
    _ = translator(lang)
    parts: list[Any] = [page_title(_("Verification"))]
    if can_verify:
        parts.append(_selection(
            _("Waiting for your verification"),
            _("Oldest first. Select entries, then verify them or reject them with a reason."),
            ids.VERIFY_LIST, inbox_grid(lang), [html.Div([
                html.Label(_("Reason for rejecting"), htmlFor=ids.VERIFY_REASON,
                           className="small"),
                dcc.Input(id=ids.VERIFY_REASON, type="text", className="form-control"),
            ], className="entry-field"),
            html.Div([
                dbc.Button(_("Verify selected"), id=ids.VERIFY_APPROVE, color="success",
                           size="sm", n_clicks=0),
                dbc.Button(_("Reject selected"), id=ids.VERIFY_REJECT, color="danger",
                           outline=True, size="sm", n_clicks=0),
            ], className="controls")],
            ids.VERIFY_MESSAGE, html.Div(id=ids.VERIFY_DETAIL)))
    if can_record:
        parts.append(_selection(
            _("Drafts and rejected entries"),
            _("Correct a rejected value on the page Enter realizations, or submit it again as "
              "it is."),
            ids.RETURNED_LIST, returned_grid(lang),
            [dbc.Button(_("Submit selected"), id=ids.RETURNED_SUBMIT, color="primary",
                        size="sm", n_clicks=0)],
            ids.RETURNED_MESSAGE))
    if can_record:
        parts.append(card(_("Missing and overdue realizations"), html.Div(id=ids.OVERDUE_LIST)))
    else:
        parts.append(html.Div(id=ids.OVERDUE_LIST, hidden=True))
    if not (can_verify or can_record):
        parts.append(message(_("Nothing here waits for your role.")))
    # the lists' callback fills both lists on this page: each is there, hidden when unused
    if not can_verify:
        parts.append(html.Div([html.Div(id=ids.VERIFY_LIST), inbox_grid(lang)], hidden=True))
    if not can_record:
        parts.append(html.Div([html.Div(id=ids.RETURNED_LIST), returned_grid(lang)],
                              hidden=True))
    parts.append(common_comments.mentions_card(lang))  # every role may be mentioned
    return html.Div(parts, className="page-verifikasi")


def _grid(grid_id: str, columns: list[dict[str, Any]]) -> Any:
    return dag.AgGrid(
        id=grid_id,
        rowData=[],
        columnDefs=columns,
        defaultColDef={"sortable": True, "resizable": True},
        getRowId="params.data.key",
        dashGridOptions={"rowSelection": {"mode": "multiRow", "enableClickSelection": True},
                         "animateRows": False, "domLayout": "autoHeight"},
        className="ag-theme-alpine",
        style={"width": "100%"},
    )


def inbox_rows(lines: Sequence[InboxLine], unit_names: dict[str, str], lang: str
               ) -> list[dict[str, Any]]:
    """The inbox's rows (row id = INDICATOR@PERIOD): when submitted, unit, indicator, period,
    value, target, achievement and band, evidence, who submitted."""
    _ = translator(lang)
    data = []
    for line in lines:
        e = line.entry
        data.append({
            "key": e.key,
            "submitted": fmt_datetime(e.submitted_at, lang) if e.submitted_at else "–",
            "unit": unit_names.get(e.unit or "", e.unit or ""),
            "indicator": f"{e.indicator} · {e.indicator_name}",
            "period": period_label(e.period, lang),
            "value": f"{fmt_number(e.value, lang)} {e.measure_unit}".strip(),
            "target": fmt_target(line.target, lang),
            "achievement": line.achievement.value,
            "band": line.achievement.band or _("No score"),
            "evidence": _("file") if e.evidence_file else (_("link") if e.evidence else "–"),
            "by": e.submitted_by or "",
        })
    return data


def inbox_grid(lang: str) -> Any:
    """The inbox grid (its rows come from `inbox_rows`, through a callback)."""
    _ = translator(lang)
    columns = [
        {"field": "submitted", "headerName": _("Submitted"), "minWidth": 140},
        {"field": "unit", "headerName": _("Unit"), "minWidth": 120, "filter": True},
        {"field": "indicator", "headerName": _("Indicator"), "flex": 2, "minWidth": 200,
         "filter": True},
        {"field": "period", "headerName": _("Period"), "minWidth": 100},
        {"field": "value", "headerName": _("Realization"), "minWidth": 100,
         "type": "rightAligned"},
        {"field": "target", "headerName": _("Target"), "minWidth": 90, "type": "rightAligned"},
        {"field": "achievement", "headerName": _("Achievement"), "minWidth": 100,
         "type": "numericColumn", "valueFormatter": common.number_formatter(lang)},
        {"field": "band", "headerName": _("Band"), "minWidth": 110},
        {"field": "evidence", "headerName": _("Evidence"), "minWidth": 80},
        {"field": "by", "headerName": _("Submitted by"), "minWidth": 110},
    ]
    return _grid(ids.VERIFY_GRID, columns)


def inbox_note(rows: Sequence[dict[str, Any]], lang: str) -> Any:
    """What the inbox says above its grid (only that nothing waits, when so)."""
    _ = translator(lang)
    return "" if rows else message(_("Nothing waits for your verification."))


def returned_rows(entries: Sequence[Any], lang: str) -> list[dict[str, Any]]:
    """Drafts and rejected entries the user may submit: indicator, period, value, status, the
    reviewer's reason and name."""
    return [{
        "key": e.key,
        "indicator": f"{e.indicator} · {e.indicator_name}",
        "period": period_label(e.period, lang),
        "value": f"{fmt_number(e.value, lang)} {e.measure_unit}".strip(),
        "status": status_name(e.status, lang),
        "reason": e.review_reason or "",
        "by": e.reviewed_by or "",
    } for e in entries]


def returned_grid(lang: str) -> Any:
    """The grid of drafts and rejected entries (rows from `returned_rows`, by a callback)."""
    _ = translator(lang)
    columns = [
        {"field": "indicator", "headerName": _("Indicator"), "flex": 2, "minWidth": 200},
        {"field": "period", "headerName": _("Period"), "minWidth": 100},
        {"field": "value", "headerName": _("Realization"), "minWidth": 100,
         "type": "rightAligned"},
        {"field": "status", "headerName": _("Status"), "minWidth": 100},
        {"field": "reason", "headerName": _("Reason"), "flex": 1, "minWidth": 160},
        {"field": "by", "headerName": _("Reviewed by"), "minWidth": 110},
    ]
    return _grid(ids.RETURNED_GRID, columns)


def returned_note(rows: Sequence[dict[str, Any]], lang: str) -> Any:
    """What the list of drafts and rejected entries says above its grid."""
    _ = translator(lang)
    return "" if rows else message(_("No drafts or rejected entries."))


def entry_detail(history: Sequence[dict[str, Any]], lang: str) -> Any:
    """One entry's steps, oldest first: value, status, who and when, reason, evidence."""
    _ = translator(lang)
    if not history:
        return ""
    rows = []
    for h in history:
        when = h.get("reviewed_at") or h.get("submitted_at") or h.get("recorded_at")
        who = h.get("reviewed_by") or h.get("submitted_by") or h.get("author") or ""
        evidence: list[Any] = []
        if h.get("evidence_file"):
            evidence.append(html.A(_("Evidence file"), href=evidence_href(h["evidence_file"]),
                                   target="_blank", rel="noopener"))
        if h.get("evidence"):
            evidence += [" ", html.A(_("Evidence link"), href=h["evidence"], target="_blank",
                                     rel="noopener noreferrer")]
        rows.append(html.Tr([
            html.Td(fmt_datetime(when, lang) if when else "–", className="small"),
            html.Td(fmt_number(h.get("value"), lang)),
            html.Td(status_name(h.get("status"), lang)),
            html.Td(who),
            html.Td(h.get("review_reason") or ""),
            html.Td(evidence),
        ]))
    head = html.Tr([html.Th(_("When")), html.Th(_("Realization")), html.Th(_("Status")),
                    html.Th(_("Who")), html.Th(_("Reason")), html.Th(_("Evidence"))])
    return html.Div([html.H3(_("History of the entry"), className="h6 mt-2"),
                     html.Table([html.Thead(head), html.Tbody(rows)],
                                className="table table-sm")])


def notify_count(count: int, lang: str) -> tuple[Any, bool, str]:
    """The navbar's link to /verifikasi: the count of what waits (hidden when nothing does),
    and its title in words."""
    _ = translator(lang)
    said = _("{n} waiting for you").format(n=count)
    return [html.Span("🔔", **{"aria-hidden": "true"}), f" {count}"], count == 0, said


def overdue_list(items: Sequence[Any], lang: str, limit: int = 100) -> Any:
    """The user's missing realizations, the most overdue first: indicator, period, deadline
    and whether it has passed (in words)."""
    _ = translator(lang)
    if not items:
        return message(_("Nothing is missing."))
    rows = [html.Tr([
        html.Td(f"{m.indicator} · {m.indicator_name}"),
        html.Td(period_label(m.period, lang)),
        html.Td(fmt_date(m.deadline, lang)),
        html.Td(_("Overdue") if m.overdue else _("Due"),
                className="text-danger" if m.overdue else ""),
    ]) for m in items[:limit]]
    head = html.Tr([html.Th(_("Indicator")), html.Th(_("Period")), html.Th(_("Deadline")),
                    html.Th(_("Status"))])
    more = ([message(_("… and {n} more.").format(n=len(items) - limit))]
            if len(items) > limit else [])
    return html.Div([html.Table([html.Thead(head), html.Tbody(rows)],
                                className="table table-sm"), *more])
