"""Impor (`/impor`, admins and planners): upload a plan workbook or JSON, see every change by
list and every problem at its cell, confirm (removals only when ticked); download the current
plan as a workbook to fill in."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html
from ekinerja.layouts import ids
from ekinerja.layouts.common import card, feedback, message, page_title

from ekinerja.i18n import N_, translator
from ekinerja.model import Problem
from ekinerja.numbers import format_number
from ekinerja.problems import MoreProblems
from ekinerja.services.importing import Change, ImportReport

SHOWN_CHANGES = 200  # changes listed per list (the rest counted: "and N more")
SHOWN_PROBLEMS = 200  # problems listed (the rest counted)

#: The lists of a plan file, as a planner calls them (the file's own names beside them).
LIST_NAMES: dict[str, str] = {
    "plan": N_("Plan"),
    "units": N_("Units"),
    "employees": N_("Employees"),
    "objectives": N_("Objectives"),
    "indicators": N_("Indicators"),
    "links": N_("Crosscutting links"),
    "causal_links": N_("Causal links"),
    "targets": N_("Targets"),
    "realizations": N_("Realizations"),
    "unit_predikat": N_("Unit predikat"),
    "skp_ratings": N_("SKP ratings"),
    "rhk_kinds": N_("RHK kinds"),
}
ACTIONS: dict[str, str] = {"add": N_("added"), "update": N_("changed"), "remove": N_("removed")}


def layout(lang: str = "id", limit_mb: float = 5.0, plan_code: str | None = None,
           database: bool = True, **_params: Any) -> html.Div:
    """The page: the template, the upload, the preview and its confirmation."""
    _ = translator(lang)
    if not database:
        return html.Div([page_title(_("Import a plan file")),
                         message(_("This app shows a plan file read-only: imports need a "
                                   "database."))], className="page-impor")
    template = card(_("Template"), [
        html.P(_("The current plan as a workbook: change it in Excel or LibreOffice and upload "
                 "it here. A sheet you delete is left as stored."), className="muted small"),
        dbc.Button(_("Download template"), id=ids.IMPORT_TEMPLATE, color="secondary",
                   outline=True, size="sm", n_clicks=0),
        dcc.Download(id=ids.IMPORT_TEMPLATE_DOWNLOAD),
        html.Div(id=ids.IMPORT_TEMPLATE_STATUS, role="status"),
    ])
    upload = card(_("Upload a file"), [
        html.Div([
            html.Span(_("Plan file (.xlsx or .json)"), id=ids.IMPORT_UPLOAD_LABEL,
                      className="small upload-label"),
            dcc.Upload(
                html.Div([_("Drop a file here or "), html.A(_("choose one"))]),
                id=ids.IMPORT_UPLOAD, multiple=False,
                accept=".xlsx,.json,application/json,"
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                className="import-upload",
            ),
            html.Div(_("At most {limit} MB. Nothing is written until you confirm.").format(
                limit=format_number(limit_mb, lang, None)), className="muted small"),
        ], className="upload-field"),
    ])
    working = html.Div([dbc.Spinner(size="sm", spinner_class_name="me-2"),
                        _("Working: reading the file and comparing it with the plan…")],
                       className="import-working", role="status")
    return html.Div(
        [
            page_title(_("Import a plan file")),
            html.P(_("The same check as `ekinerja import --dry-run`: every change and every "
                     "problem is shown before anything is written into the plan {plan}.").format(
                         plan=plan_code or ""), className="muted small"),
            html.Div([template, upload], className="grid-2"),
            dcc.Store(id=ids.IMPORT_FINGERPRINT),
            dcc.Loading(html.Div(id=ids.IMPORT_PREVIEW), custom_spinner=working,
                        overlay_style={"visibility": "visible", "opacity": 0.5}),
            html.Div([
                html.Div(
                    dcc.Checklist(
                        id=ids.IMPORT_REMOVALS, options=[], value=[],
                        inputClassName="form-check-input me-1",
                        labelClassName="form-check-label import-removals-label",
                    ),
                    id=ids.IMPORT_REMOVALS_BLOCK, hidden=True,
                ),
                dbc.Button(_("Import"), id=ids.IMPORT_CONFIRM, color="primary", size="sm",
                           n_clicks=0, disabled=True),
            ], className="controls import-controls"),
            dcc.Loading(html.Div(id=ids.IMPORT_MESSAGE, role="status"),
                        custom_spinner=working),
        ],
        className="page-impor",
    )


def removal_options(count: int, lang: str) -> list[dict[str, str]]:
    """The one extra confirmation removals need: a tick naming how many items go."""
    _ = translator(lang)
    return [{"label": _("Also remove the {count} items marked in red (they are not in the "
                        "file)").format(count=count), "value": "remove"}]


def _value(value: object, lang: str) -> str:
    if value is None:
        return "–"
    if isinstance(value, float | int) and not isinstance(value, bool):
        return format_number(float(value), lang, None)
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "…"


def _fields(values: Mapping[str, Any] | None, lang: str) -> str:
    return ", ".join(f"{k}: {_value(v, lang)}" for k, v in (values or {}).items())


def change_text(change: Change, lang: str) -> str:
    """One change in words: the changed fields old → new, or the added / removed values."""
    if change.action == "update":
        old = change.old or {}
        return "; ".join(f"{k}: {_value(old.get(k), lang)} → {_value(v, lang)}"
                         for k, v in (change.new or {}).items())
    return _fields(change.new if change.action == "add" else change.old, lang)


def _more(count: int, lang: str) -> html.Li:
    _ = translator(lang)
    return html.Li(_("…and {count} more").format(count=format_number(count, lang, None)),
                   className="muted import-more")


def _list_section(name: str, changes: list[Change], counts: Mapping[str, int], lang: str
                  ) -> html.Section:
    _ = translator(lang)
    title = _(LIST_NAMES.get(name, name))
    shown = ", ".join(f"{_(ACTIONS[a])} {format_number(n, lang, None)}"
                      for a, n in counts.items() if n and a in ACTIONS)
    rows: list[Any] = [
        html.Li([html.Span(_(ACTIONS[c.action]), className=f"import-action import-{c.action}"),
                 " ", html.Code(c.key), " ", html.Span(change_text(c, lang))],
                className=f"import-change import-{c.action}",
                **{"data-list": name, "data-key": c.key, "data-action": c.action})
        for c in changes[:SHOWN_CHANGES]
    ]
    if len(changes) > SHOWN_CHANGES:
        rows.append(_more(len(changes) - SHOWN_CHANGES, lang))
    return html.Section([html.H3(f"{title} ({name}): {shown}", className="h6 mt-3"),
                         html.Ul(rows, className="import-changes")],
                        className="import-list", **{"data-list": name})


def report_view(report: ImportReport, file_name: str, lang: str) -> list[Any]:
    """The preview of an importable file: the totals, the lists kept as stored, then each
    list's changes (removals in red)."""
    _ = translator(lang)
    totals = {a: sum(c.get(a, 0) for c in report.counts.values()) for a in ACTIONS}
    head = html.P(_("{file}: {add} added, {update} changed, {remove} removed.").format(
        file=file_name, **{k: format_number(v, lang, None) for k, v in totals.items()}),
        className="import-totals")
    parts: list[Any] = [head]
    if report.kept:
        names = ", ".join(_(LIST_NAMES.get(k, k)) for k in report.kept)
        parts.append(html.P(_("Not in the file, kept as stored: {lists}.").format(lists=names),
                            className="muted small import-kept"))
    if report.created:
        parts.append(html.P(_("A new plan."), className="small"))
    by_list: dict[str, list[Change]] = {}
    for change in report.details:
        by_list.setdefault(change.list, []).append(change)
    for name, changes in by_list.items():
        parts.append(_list_section(name, changes, report.counts.get(name, {}), lang))
    if not report.total:
        parts.append(message(_("No changes: the plan already holds what the file holds.")))
    elif report.removals:
        parts.append(html.P(_("{count} items are removed (in red): tick the box below to allow "
                              "it.").format(count=format_number(report.removals, lang, None)),
                            className="import-removed-note"))
    return parts


def problems_view(problems: list[Problem], file_name: str, lang: str) -> list[Any]:
    """The problems of a file that cannot be imported, each at its sheet and cell (or JSON
    path); at most SHOWN_PROBLEMS, then how many more."""
    _ = translator(lang)
    more = sum(p.count for p in problems if isinstance(p, MoreProblems))
    listed = [p for p in problems if not isinstance(p, MoreProblems)]
    total = len(listed) + more
    rows: list[Any] = [
        html.Li([html.Code(p.place or file_name), " ", html.Span(p.message)],
                className="import-problem")
        for p in listed[:SHOWN_PROBLEMS]
    ]
    if total > len(rows):
        rows.append(_more(total - len(rows), lang))
    return [
        html.Div(_("{file} has {count} problems: it cannot be imported. Correct them and upload "
                   "it again.").format(file=file_name, count=format_number(total, lang, None)),
                 className="alert alert-danger py-1 my-1 small", role="alert"),
        html.Ul(rows, className="import-problems"),
    ]


def refusal(text: str, lang: str) -> html.Div:
    """A refused upload or import, in words."""
    return feedback(False, text, lang)


def removals_refused(count: int, lang: str) -> html.Div:
    """An import refused because it removes items and the removals were not ticked."""
    _ = translator(lang)
    return feedback(False, _("the file removes {count} items (in red): tick “Also remove” to "
                             "allow it. Nothing was written.").format(
                                 count=format_number(count, lang, None)), lang)


def imported(report: ImportReport, lang: str) -> html.Div:
    """What the confirmed import did, and how to undo it."""
    _ = translator(lang)
    totals = {a: sum(c.get(a, 0) for c in report.counts.values()) for a in ACTIONS}
    text = _("Imported: {add} added, {update} changed, {remove} removed.").format(
        **{k: format_number(v, lang, None) for k, v in totals.items()})
    if report.snapshot is not None:
        text += " " + _("The plan as it was is snapshot {snapshot}: `ekinerja db restore "
                        "--snapshot {snapshot}` brings it back.").format(snapshot=report.snapshot)
    return feedback(True, text, lang)
