"""The workshop's targets grid (on /pohon-kinerja, registered by callbacks.common_workshop):
cells read as the language writes numbers and checked as typed, a block pasted from a
spreadsheet placed from the chosen cell (every cell checked, nothing saved), and the save of
the whole grid, the baseline included, in one edit (docs/workshop.md)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from dash import Input, Output, State, html, no_update
from dash.exceptions import PreventUpdate
from ekinerja.callbacks import common
from ekinerja.callbacks.common import LANG_STATE
from ekinerja.layouts import common_workshop as workshop
from ekinerja.layouts import ids
from ekinerja.layouts.common import feedback, no_database

from ekinerja import services
from ekinerja.i18n import N_, language, period_label, translator
from ekinerja.messages import InputError, Message
from ekinerja.model import InvalidPlan
from ekinerja.numbers import parse_number
from ekinerja.services import User
from ekinerja.services.structure import UNCHANGED
from ekinerja.storage.database import Database

RANGE = re.compile(r"\s+[-–]\s+|\s*[–;]\s*")  # "80 - 90", "80–90", "80;90"
Cell = tuple[float | None, float | None, float | None]  # value, low, high
#: Longest pasted text read: far more than a grid of a plan's years holds.
MAX_PASTE = 20_000
OTHER_LANGUAGE = {"id": "en", "en": "id"}


def error_text(exc: Exception, lang: str) -> str:
    """A refusal in the language: a located message, every problem of an invalid plan, or
    the service's own (bilingual) words."""
    if isinstance(exc, InvalidPlan):
        return "; ".join(str(p) for p in exc.problems if p.severity == "error")
    return common.refusal_text(exc, lang)


# ----------------------------------------------------------------- a cell as typed
def typed_number(text: Any, lang: str, place: str) -> float | None:
    """A number typed in the language (None when blank); InputError with its place otherwise."""
    parsed = parse_number(text, lang)
    if parsed.status == "empty":
        return None
    if not parsed.ok:
        raise InputError(parsed.message or Message(N_("Not a number.")), place)
    return parsed.value


def _parts(text: Any) -> list[str]:
    raw = "" if text is None else str(text).strip()
    return [p for p in RANGE.split(raw) if p] if raw else []


def typed_target(text: Any, lang: str, place: str) -> Cell:
    """A target cell: (value, None, None), a range (None, low, high), or all None (blank)."""
    parts = _parts(text)
    if len(parts) == 2:
        return None, typed_number(parts[0], lang, place), typed_number(parts[1], lang, place)
    return typed_number("" if text is None else str(text).strip(), lang, place), None, None


def checked_target(text: Any, lang: str, place: str) -> Cell:
    """A target cell read and checked by the targets' rules (no negative value, 0 < low ≤
    high), as the save will check it; InputError with its place."""
    value, low, high = typed_target(text, lang, place)
    try:
        services.target_values(value, low, high)
    except services.InvalidEdit as exc:
        raise InputError(exc.message, place) from exc
    return value, low, high


def typed_baseline(text: Any, lang: str, place: str) -> float | None:
    """The baseline cell: one number (a measured value, so it may be negative) or None."""
    if len(_parts(text)) == 2:
        raise InputError(Message(N_("A baseline is one value, not a range.")), place)
    return typed_number(text, lang, place)


def cell_place(row: dict[str, Any], column: str, lang: str) -> str:
    """Where a cell is, for people: its period (Triwulan II 2026, 2026) or the baseline row."""
    year = str(row.get("year") or "")
    if year == workshop.BASELINE_ROW or not year.isdigit():
        return str(row.get("label") or year)
    return period_label(workshop.column_period(year, column), lang)


def check_cell(cell: dict[str, Any] | None, lang: str) -> Any:
    """The typed cell checked at once: nothing when it reads, the reason otherwise."""
    if not cell:
        raise PreventUpdate
    row = cell.get("data") or {"year": cell.get("rowId")}
    column = str(cell.get("colId") or "annual")
    place = cell_place(row, column, lang)
    try:
        if row.get("year") == workshop.BASELINE_ROW:
            typed_baseline(cell.get("value"), lang, place)
        else:
            checked_target(cell.get("value"), lang, place)
    except InputError as exc:
        return html_error(exc.text(lang))
    return ""


def html_error(text: str | list[Any]) -> Any:
    """A refusal shown under the grid (not a save: the grid's own check)."""
    return html.Div(text, className="alert alert-warning py-1 my-1 small")


# ----------------------------------------------------------------- saving the grid
def _stored_cell(stored: Any) -> Cell:
    if stored is None:
        return None, None, None
    return (None, *stored) if isinstance(stored, tuple) else (stored, None, None)


def _cells(rows: Iterable[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], str]]:
    """The grid's cells (a column missing from a row is left as stored; "" clears it)."""
    for row in rows:
        for column in workshop.TARGET_COLUMNS:
            if column in row and (row.get("year") != workshop.BASELINE_ROW
                                  or column == "annual"):
                yield row, column


@dataclass
class GridChanges:
    """What saving the grid changes: targets by period, the baseline (when changed) and
    every cell that does not read."""

    entries: dict[str, Cell] = field(default_factory=dict)
    baseline: Any = UNCHANGED  # float, None (remove) or UNCHANGED
    problems: list[InputError] = field(default_factory=list)

    @property
    def count(self) -> int:
        """The cells that change."""
        return len(self.entries) + (self.baseline is not UNCHANGED)


def grid_changes(rows: list[dict[str, Any]], lang: str, current: dict[str, Any],
                 baseline: float | None) -> GridChanges:
    """The cells of the grid that differ from the stored targets and baseline, each read in
    the language; a cell that does not read or breaks the targets' rules is a located
    problem (all of them, not the first only)."""
    found = GridChanges()
    for row, column in _cells(rows):
        place = cell_place(row, column, lang)
        try:
            if row.get("year") == workshop.BASELINE_ROW:
                typed = typed_baseline(row.get(column), lang, place)
                if typed != baseline:
                    found.baseline = typed
                continue
            cell = checked_target(row.get(column), lang, place)
        except InputError as exc:
            found.problems.append(exc)
            continue
        period = workshop.column_period(str(row["year"]), column)
        if cell != _stored_cell(current.get(period)):
            found.entries[period] = cell
    return found


def save_targets(db: Database | None, plan_code: str | None, user: User | None,
                 indicator: str | None, rows: list[dict[str, Any]] | None,
                 lang: str) -> tuple[Any, Any]:
    """Save the targets grid and the baseline: every cell read in the language, all or
    nothing (every cell that does not read is named)."""
    _ = translator(lang)
    if db is None:
        return no_database(lang), no_update
    if not indicator:
        return feedback(False, _("Choose an indicator first."), lang), no_update
    try:
        found = grid_changes(rows or [], lang, services.targets_of(db, plan_code, indicator),
                             services.baseline_of(db, plan_code, indicator))
        if found.problems:
            return feedback(False, "; ".join(p.text(lang) for p in found.problems),
                            lang), no_update
        if not found.count:
            return feedback(True, _("Nothing changed."), lang), no_update
        services.set_targets(db, user, plan_code, indicator, found.entries,
                             baseline=found.baseline)
    except (services.ServiceError, InvalidPlan, InputError) as exc:
        return feedback(False, error_text(exc, lang), lang), no_update
    saved = (_("Saved {count} targets.") if found.baseline is UNCHANGED
             else _("Saved {count} cells, the baseline among them."))
    return feedback(True, saved.format(count=found.count), lang), services.revision(db)


# ----------------------------------------------------------------- a pasted block
@dataclass(frozen=True)
class Pasted:
    """A block placed in the grid: the grid's rows after it, every cell that does not read
    (located), and the other language when the block was written in its number format."""

    rows: list[dict[str, Any]]
    problems: list[InputError]
    read_as: str | None = None


def block_cells(text: str) -> list[list[str]]:
    """A spreadsheet's copied block: rows by line break (CRLF, LF or CR), cells by tab; the
    line break a spreadsheet puts after the last row is not a row."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    return [line.split("\t") for line in lines]


def block_language(texts: Iterable[str], lang: str) -> str:
    """The number format a block is written in: the other language's when some cell reads only
    in it and none only in the language (a sheet in English pasted on an Indonesian page),
    else the language's (a cell that reads only in the other format is then refused with a
    "did you mean")."""
    own = language(lang)
    other = OTHER_LANGUAGE.get(own, own)
    mine_only = theirs_only = False
    for text in texts:
        for part in _parts(text):
            mine, theirs = parse_number(part, own).ok, parse_number(part, other).ok
            mine_only = mine_only or (mine and not theirs)
            theirs_only = theirs_only or (theirs and not mine)
    return other if theirs_only and not mine_only else own


def _start(rows: list[dict[str, Any]], row: str | None, column: str | None) -> tuple[int, int]:
    """Where a block starts: the chosen cell (the label column counts as the year's target),
    else the first year's target."""
    years = [str(r.get("year")) for r in rows]
    first = years.index(str(row)) if row is not None and str(row) in years else (
        1 if len(rows) > 1 else 0)
    columns = workshop.TARGET_COLUMNS
    return first, columns.index(column) if column in columns else 0


def paste_block(text: Any, rows: list[dict[str, Any]] | None, row: str | None,
                column: str | None, lang: str) -> Pasted:
    """Place a block copied in a spreadsheet in the grid from a cell: each cell read and
    checked as if typed (a located problem per bad cell, left as pasted for the planner to
    fix); a block larger than the room from that cell is refused whole (InputError).
    Nothing is saved."""
    _ = translator(lang)
    grid = [dict(r) for r in rows or []]
    raw = "" if text is None else str(text)
    if len(raw) > MAX_PASTE:
        raise InputError(Message(N_("The pasted text is too long (more than {limit} "
                                    "characters)."), {"limit": MAX_PASTE}), _("Paste"))
    block = block_cells(raw)
    if not block or not grid:
        raise InputError(Message(N_("Nothing to paste: copy cells in a spreadsheet first.")),
                         _("Paste"))
    top, left = _start(grid, row, column)
    columns = workshop.TARGET_COLUMNS
    start = cell_place(grid[top], columns[left], lang)
    if top + len(block) > len(grid):
        raise InputError(Message(N_("The block has {rows} rows; from {cell} the grid has room "
                                    "for {room}."),
                                 {"rows": len(block), "cell": start, "room": len(grid) - top}),
                         _("Paste"))
    for number, cells in enumerate(block, 1):
        if left + len(cells) > len(columns):
            raise InputError(Message(N_("Row {row} of the block has {cells} cells; from {cell} "
                                        "the grid has room for {room}."),
                                     {"row": number, "cells": len(cells), "cell": start,
                                      "room": len(columns) - left}), _("Paste"))
    read_in = block_language((c for cells in block for c in cells), lang)
    problems: list[InputError] = []
    for down, cells in enumerate(block):
        target_row = grid[top + down]
        for across, pasted in enumerate(cells):
            column_id = columns[left + across]
            place = "{cell} ({where})".format(
                cell=cell_place(target_row, column_id, lang),
                where=_("pasted row {row}, cell {column}").format(row=down + 1,
                                                                  column=across + 1))
            try:
                target_row[column_id] = _placed(target_row, column_id, pasted, read_in, lang,
                                                place)
            except InputError as exc:
                problems.append(exc)
                if target_row.get("year") != workshop.BASELINE_ROW or column_id == "annual":
                    target_row[column_id] = pasted.strip()
    return Pasted(grid, problems, read_in if read_in != language(lang) else None)


def _placed(row: dict[str, Any], column: str, pasted: str, read_in: str, lang: str,
            place: str) -> str:
    """A pasted cell as the grid shows it (the language's number format); InputError when it
    does not read or breaks the targets' rules."""
    if row.get("year") == workshop.BASELINE_ROW:
        if column != "annual":
            if not pasted.strip():
                return ""
            raise InputError(Message(N_("The baseline row holds one value, in the column "
                                        "\u201c{column}\u201d."),
                                     {"column": workshop.column_headers(lang)["annual"]}), place)
        return workshop.shown_target(typed_baseline(pasted, read_in, place), lang)
    value, low, high = checked_target(pasted, read_in, place)
    return workshop.shown_target(value if low is None else (low, high), lang)


def paste_view(text: Any, rows: list[dict[str, Any]] | None, row: str | None,
               column: str | None, lang: str) -> tuple[Any, Any]:
    """The grid after a paste and what to say under it: the problems, each located, or that
    the block was read in the other number format; the grid unchanged when refused whole."""
    _ = translator(lang)
    try:
        pasted = paste_block(text, rows, row, column, lang)
    except InputError as exc:
        return no_update, html_error(exc.text(lang))
    notes: list[Any] = []
    if pasted.read_as is not None:
        notes.append(html.Div(_("Numbers read as written in English (1,234.5)")
                              if pasted.read_as == "en"
                              else _("Numbers read as written in Indonesian (1.234,5)"),
                              className="alert alert-info py-1 my-1 small"))
    if pasted.problems:
        notes.append(html_error([
            html.Div(_("Fix these cells before saving:")),
            html.Ul([html.Li(p.text(lang)) for p in pasted.problems], className="mb-0")]))
    elif not notes:
        notes.append(html.Div(_("Pasted; nothing is saved until \u201cSave targets\u201d."),
                              className="alert alert-info py-1 my-1 small"))
    return pasted.rows, notes


# ----------------------------------------------------------------- wiring
def register(app: Any) -> None:
    """The grid's check as typed, its paste (Ctrl+V on a cell, or the text area) and save."""

    @app.callback(
        Output(ids.WORK_TARGETS_CHECK, "children"),
        Input(ids.WORK_TARGETS, "cellValueChanged"),
        LANG_STATE,
        prevent_initial_call=True,
    )
    def check_typed(cells: Any, lang: str | None) -> Any:
        cell = cells[0] if isinstance(cells, list) and cells else cells
        return check_cell(cell, lang or "id")

    # a block pasted on a cell (Ctrl+V) or the text area placed from the chosen cell
    placed = [Output(ids.WORK_TARGETS, "rowData", allow_duplicate=True),
              Output(ids.WORK_TARGETS_CHECK, "children", allow_duplicate=True)]
    grid = [State(ids.WORK_TARGETS, "rowData"), LANG_STATE]

    def paste(pasted: dict[str, Any] | None, rows: Any, lang: str | None) -> Any:
        if not pasted:
            raise PreventUpdate
        return paste_view(pasted.get("text"), rows, pasted.get("row"), pasted.get("column"),
                          lang or "id")

    def fill(text: str | None, clicked: dict[str, Any] | None, rows: Any,
             lang: str | None) -> Any:
        cell = clicked or {}
        return paste_view(text, rows, cell.get("rowId"), cell.get("colId"), lang or "id")

    common.follows(app, placed, [Input(ids.WORK_TARGETS_PASTE, "data")], paste, grid,
                   prevent_initial_call=True)
    common.on_click(app, ids.WORK_PASTE_FILL, placed,
                    [ids.WORK_PASTE_TEXT, State(ids.WORK_TARGETS, "cellClicked"), *grid], fill)

    common.save_on_click(
        app, ids.WORK_TARGETS_SAVE, Output(ids.WORK_MESSAGE, "children", allow_duplicate=True),
        [ids.WORK_INDICATOR, State(ids.WORK_TARGETS, "rowData")],
        lambda indicator, rows, lang: save_targets(
            common.database_of(app), common.plan_code_of(app), common.actor(), indicator, rows,
            lang or "id"))
