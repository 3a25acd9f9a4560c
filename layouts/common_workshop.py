"""The planner's workshop panel (on /pohon-kinerja): edit the selected node, add a child, move
it ("pindahkan ke…"), link it under one more parent, remove it, edit its indicators with their
Manual IKU and targets, and undo from the history. Not a page: a piece pages include.

Every control is always in the layout (hidden while it does not apply), so the callbacks
never name a component that is missing; a callback fills the values when a node is chosen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import dash_ag_grid as dag
from dash import dcc, html
from ekinerja.layouts import ids
from ekinerja.layouts.common import (
    FIELD,
    band_badge,
    form_button,
    form_dropdown,
    form_field,
    form_text,
)

from ekinerja.i18n import ROMAN_QUARTERS, fmt_datetime, level_label, translator
from ekinerja.messages import Message
from ekinerja.model import AGGREGATIONS, LEVELS, NEGATIVE_METHODS, POLARITIES


def perspective_options(lang: str | None) -> list[dict[str, Any]]:
    """The four perspectives (and none) as dropdown options."""
    _ = translator(lang)
    labels = {"stakeholder": _("Stakeholder"), "financial": _("Financial"),
              "internal_process": _("Internal process"),
              "learning_growth": _("Learning & growth")}
    return [{"label": text, "value": code} for code, text in labels.items()]


def level_options(lang: str | None, below: str | None = None) -> list[dict[str, Any]]:
    """The levels as dropdown options (only those below `below` when given; an RHK may hang
    under an RHK)."""
    start = 0 if below is None else LEVELS.index(below) + 1
    chosen = list(LEVELS[start:]) or ["individual"]
    if below == "individual":
        chosen = ["individual"]
    return [{"label": level_label(level, lang), "value": level} for level in chosen]


def choice_options(values: Sequence[str], lang: str | None) -> list[dict[str, str]]:
    """Options of a fixed list of codes, labelled in the language."""
    _ = translator(lang)
    labels = {"positive": _("Positive (higher is better)"),
              "negative": _("Negative (lower is better)"),
              "range": _("Range (stabilise)"), "sum": _("Sum"), "latest": _("Latest"),
              "average": _("Average"), "inverse_difference": _("Inverse difference"),
              "ratio": _("Ratio")}
    return [{"label": labels.get(v, v), "value": v} for v in values]


def _section(title: str, *children: Any, open_: bool = False) -> html.Details:
    return html.Details([html.Summary(title, className="fw-semibold"), *children],
                        open=open_, className="work-section mb-2")


def panel(lang: str = "id", can_edit: bool = False) -> html.Div:
    """The workshop panel: hidden for who may not edit (the services refuse them anyway)."""
    _ = translator(lang)
    perspectives = perspective_options(lang)
    objective_form = _section(
        _("Edit"),
        form_field(_("Name"), form_text(ids.WORK_NAME)),
        form_field(_("Level"), form_dropdown(ids.WORK_LEVEL, level_options(lang), clearable=False)),
        form_field(_("Perspective"), form_dropdown(ids.WORK_PERSPECTIVE, perspectives)),
        form_field(_("Unit"), form_dropdown(ids.WORK_UNIT)),
        form_field(_("Owner (NIP)"),
                   form_dropdown(ids.WORK_OWNER, placeholder=_("Type a NIP or name"))),
        form_button(_("Save"), ids.WORK_SAVE),
        open_=True,
    )
    add_form = _section(
        _("Add a child"),
        html.Fieldset([  # a group of radios, named by its legend
            html.Legend(_("Kind of child"), className="small mb-0 fs-6"),
            dcc.RadioItems(id=ids.WORK_CHILD_KIND, value="objective", inline=True,
                           options=[{"label": " " + _("Objective"), "value": "objective"},
                                    {"label": " " + _("Indicator"), "value": "indicator"}],
                           inputClassName="me-1", labelClassName="me-3 small"),
        ], className="entry-fieldset"),
        form_field(_("Code"), form_text(ids.WORK_CHILD_CODE)),
        form_field(_("Name"), form_text(ids.WORK_CHILD_NAME)),
        form_field(_("Level"), form_dropdown(ids.WORK_CHILD_LEVEL, level_options(lang),
                                             clearable=False)),
        form_button(_("Add"), ids.WORK_ADD),
        open_=True,
    )
    move_form = _section(
        _("Move to…"),
        form_field(_("New parent"),
                   form_dropdown(ids.WORK_MOVE_TO, placeholder=_("Type a code or name"))),
        form_button(_("Move"), ids.WORK_MOVE),
    )
    link_form = _section(
        _("Crosscutting links"),
        form_field(_("Also under"), form_dropdown(ids.WORK_LINK_PARENT,
                                                  placeholder=_("Type a code or name"))),
        form_field(_("Weight"), form_text(ids.WORK_LINK_WEIGHT, placeholder="1")),
        form_button(_("Link"), ids.WORK_LINK),
        form_field(_("Remove the link from"), form_dropdown(ids.WORK_UNLINK_PARENT)),
        form_button(_("Unlink"), ids.WORK_UNLINK, "outline-danger"),
    )
    remove_form = _section(
        _("Remove"),
        html.Div(id=ids.WORK_REMOVAL, className="small"),
        dcc.Checklist(id=ids.WORK_CASCADE, value=[],
                      options=[{"label": " " + _("Remove with everything below"),
                                "value": "cascade"}],
                      inputClassName="me-1", labelClassName="small"),
        form_button(_("Remove"), ids.WORK_REMOVE, "danger"),
    )
    indicator_form = _section(
        _("Indicators"),
        form_field(_("Indicator"),
                   form_dropdown(ids.WORK_INDICATOR, placeholder=_("Choose an indicator"))),
        form_field(_("Name"), form_text(ids.WORK_IND_NAME)),
        form_field(_("Measure unit"), form_text(ids.WORK_IND_MEASURE)),
        form_field(_("Polarity"), form_dropdown(ids.WORK_IND_POLARITY,
                                                choice_options(POLARITIES, lang),
                                                clearable=False, searchable=False)),
        form_field(_("Aggregation"), form_dropdown(ids.WORK_IND_AGGREGATION,
                                                   choice_options(AGGREGATIONS, lang),
                                                   clearable=False, searchable=False)),
        form_field(_("Negative method"), form_dropdown(ids.WORK_IND_METHOD,
                                                       choice_options(NEGATIVE_METHODS, lang),
                                                       placeholder=_("The plan's"),
                                                       searchable=False)),
        form_field(_("Cap"), form_text(ids.WORK_IND_CAP, placeholder=_("The plan's"))),
        dcc.Checklist(id=ids.WORK_IKU, value=[],
                      options=[{"label": " " + _("Key performance indicator (IKU)"),
                                "value": "iku"}],
                      inputClassName="me-1", labelClassName="small"),
        form_field(_("Operational definition"), form_text(ids.WORK_MANUAL_DEFINITION)),
        form_field(_("Formula"), form_text(ids.WORK_MANUAL_FORMULA)),
        form_field(_("Data source"), form_text(ids.WORK_MANUAL_SOURCE)),
        form_field(_("Collected by"), form_text(ids.WORK_MANUAL_COLLECTOR)),
        form_field(_("Collected when"), form_text(ids.WORK_MANUAL_SCHEDULE)),
        form_button(_("Save indicator"), ids.WORK_IND_SAVE),
        form_button(_("Remove indicator"), ids.WORK_IND_REMOVE, "outline-danger"),
        html.H4(_("Targets"), className="h6 mt-2"),
        html.P(_("Type a number, or a range as low – high (e.g. 80 - 90); empty removes the "
                 "target. The first row is the baseline: the indicator's value in the year "
                 "before the plan (one number)."), className="muted small mb-1"),
        targets_grid([], lang),
        dcc.Store(id=ids.WORK_TARGETS_PASTE, data=None),
        html.Div(id=ids.WORK_TARGETS_CHECK, **{"aria-live": "polite"}),
        form_button(_("Save targets"), ids.WORK_TARGETS_SAVE),
        paste_area(lang),
    )
    history = _section(
        _("History"),
        html.Div(id=ids.WORK_HISTORY, className="small"),
        form_field(_("Edit"), form_dropdown(ids.WORK_UNDO_EDIT, clearable=False, searchable=False)),
        form_button(_("Undo"), ids.WORK_UNDO, "outline-secondary"),
    )
    return html.Div(
        [
            dcc.Store(id=ids.WORK_SELECTED, data=None),
            html.H3(_("Workshop"), className="h6"),
            html.Div(id=ids.WORK_TITLE, className="small mb-1"),
            html.Div(id=ids.WORK_MESSAGE, **{"aria-live": "polite"}),
            objective_form, add_form, move_form, link_form, remove_form, indicator_form,
            history,
        ],
        id=ids.WORK_PANEL,
        className="work-panel card card-body p-2",
        hidden=not can_edit,
    )


def title(code: str | None, name: str | None, level: str | None, lang: str,
          score: Any = None) -> Any:
    """What the panel edits: the chosen node with its score in the period, or (nothing
    chosen) a new vision."""
    _ = translator(lang)
    if code is None:
        return html.Span(_("Nothing chosen: click a node of the tree. Adding now adds the "
                           "vision of an empty plan."), className="muted")
    parts: list[Any] = [html.Strong(code), f" · {level_label(level or '', lang)} · {name}"]
    if score is not None:
        parts += [" ", band_badge(score, lang)]
    return html.Span(parts, className="work-chosen")


def removal_text(removal: Any, lang: str) -> Any:
    """What removing the chosen node takes with it."""
    _ = translator(lang)
    if removal is None:
        return ""
    parts = [
        _("Removes {count} objectives: {codes}.").format(
            count=len(removal.objectives), codes=", ".join(removal.objectives[:20])),
        _("{count} indicators, {targets} targets, {realizations} realization entries, "
          "{links} links.").format(count=len(removal.indicators), targets=removal.targets,
                                   realizations=removal.realizations,
                                   links=len(removal.links)),
    ]
    if removal.children or removal.has_data:
        parts.append(_("Only with everything below."))
    return html.Ul([html.Li(p) for p in parts], className="mb-1")


def label_text(label: dict[str, Any] | None, lang: str) -> str:
    """An edit's label (a msgid with parameters) in the language; an undo names its edit."""
    if not label:
        return ""
    params = dict(label.get("params") or {})
    inner = params.pop("label", None)
    if inner:
        params["edit"] = f"#{params.get('edit')} {label_text(inner, lang)}"
    return Message(label["msgid"], params).text(lang)


def history(edits: list[dict[str, Any]], lang: str) -> Any:
    """The newest edits: when, who, what; undone ones marked."""
    _ = translator(lang)
    if not edits:
        return html.P(_("No edits yet."), className="muted")
    rows = []
    for edit in edits:
        undone = _(" (undone)") if edit["undone_by"] is not None else ""
        rows.append(html.Li(f"#{edit['id']} {fmt_datetime(edit['at'], lang)} · "
                            f"{edit['username']} · {label_text(edit['label'], lang)}{undone}"))
    return html.Ul(rows, className="mb-1")


def undo_options(edits: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """The edits not undone yet, newest first."""
    return [{"label": f"#{e['id']} {label_text(e['label'], lang)}", "value": e["id"]}
            for e in edits if e["undone_by"] is None]


#: The value columns of the targets grid: the year's target, then its four quarters.
TARGET_COLUMNS = ("annual", "q1", "q2", "q3", "q4")
BASELINE_ROW = "baseline"  # the row id of the baseline (the year before the plan)


def column_period(year: str, column: str) -> str:
    """The period a cell of the grid holds: the year, or one of its quarters."""
    return year if column == "annual" else f"{year}-Q{column[1]}"


def column_headers(lang: str, *, short: bool = False) -> dict[str, str]:
    """The value columns' names: the year's target, Triwulan I..IV (Q1..Q4); `short` for the
    grid's narrow headers (Tahunan, TW I..TW IV)."""
    _ = translator(lang)
    quarter = _("Q{number}") if short else _("Q{number} {year}")
    quarters = {f"q{n}": quarter.format(number=n, roman=ROMAN_QUARTERS[n - 1], year="").strip()
                for n in range(1, 5)}
    return {"annual": _("Annual") if short else _("Year target"), **quarters}


def targets_grid(rows: list[dict[str, Any]], lang: str) -> dag.AgGrid:
    """The chosen indicator's targets: the baseline row (the year before the plan: one value),
    then one row per plan year with the year's target and its four quarters. Editable text
    cells, checked as typed; a block pasted on a cell fills the grid from there
    (assets/targets_paste.js)."""
    _ = translator(lang)
    headers, names = column_headers(lang, short=True), column_headers(lang)
    not_baseline = {"function": f"params.data.year !== '{BASELINE_ROW}'"}
    # fixed widths, no flex: a grid drawn inside a closed section has no width to share, and
    # AG Grid would keep flex columns hidden when the section opens
    columns = [
        {"field": "label", "headerName": _("Year"), "editable": False, "pinned": "left",
         "width": 80, "wrapText": True, "autoHeight": True},
        *({"field": column, "headerName": headers[column], "headerTooltip": names[column],
           "tooltipField": column, "width": 72 if column == "annual" else 60,
           "editable": True if column == "annual" else not_baseline,
           "type": "rightAligned"} for column in TARGET_COLUMNS),
    ]
    return dag.AgGrid(
        id=ids.WORK_TARGETS,
        rowData=rows,
        columnDefs=columns,
        defaultColDef={"resizable": True},
        getRowId="params.data.year",
        dashGridOptions={"singleClickEdit": True, "stopEditingWhenCellsLoseFocus": True,
                         "animateRows": False, "domLayout": "autoHeight"},
        rowClassRules={"work-baseline-row": f"params.data.year === '{BASELINE_ROW}'"},
        className="ag-theme-alpine work-targets-grid",
        style={"width": "100%"},  # as high as its rows: a plan has a handful of years
    )


def shown_target(target: Any, lang: str) -> str:
    """A target (a value, or (low, high)) typed as the language writes numbers; "" for none."""
    from ekinerja.numbers import format_number

    if target is None:
        return ""
    if isinstance(target, list | tuple):
        low, high = (format_number(bound, lang, None) for bound in target)
        return f"{low} - {high}"
    return format_number(target, lang, None)


def baseline_label(year: int, lang: str) -> str:
    """The baseline row's label: the value in the year before the plan."""
    _ = translator(lang)
    return _("Baseline {year}").format(year=year)


def target_rows(years: Sequence[int], targets: dict[str, Any], lang: str,
                baseline: float | None = None) -> list[dict[str, Any]]:
    """Grid rows: the baseline (the year before the first), then each year with its target and
    its quarters, typed as the language writes them."""
    first = years[0] if years else 0
    rows = [{"year": BASELINE_ROW, "label": baseline_label(first - 1, lang),
             **dict.fromkeys(TARGET_COLUMNS, ""), "annual": shown_target(baseline, lang)}]
    for year in years:
        rows.append({"year": str(year), "label": str(year),
                     **{column: shown_target(targets.get(column_period(str(year), column)), lang)
                        for column in TARGET_COLUMNS}})
    return rows


def paste_area(lang: str) -> html.Details:
    """Pasting a block copied in a spreadsheet: Ctrl+V on a cell of the grid, or this text
    area (for who cannot use the keyboard shortcut). Fills the grid; nothing is saved."""
    _ = translator(lang)
    return _section(
        _("Paste from spreadsheet"),
        html.P(_("Copy cells in Excel or LibreOffice and press Ctrl+V on the grid cell where "
                 "the block starts, or paste them here and fill the grid from the cell last "
                 "clicked (else from the first year). Numbers may be written 1.234,5 or "
                 "1,234.5; a range as 80 - 90. Nothing is saved until \u201cSave targets\u201d."),
               className="muted small mb-1"),
        html.Label(_("Cells copied from a spreadsheet"), htmlFor=ids.WORK_PASTE_TEXT,
                   className="small mb-0"),
        dcc.Textarea(id=ids.WORK_PASTE_TEXT, value="", className=FIELD,
                     style={"width": "100%", "height": "5em", "fontFamily": "monospace"}),
        form_button(_("Fill the grid"), ids.WORK_PASTE_FILL, "outline-primary"),
    )
