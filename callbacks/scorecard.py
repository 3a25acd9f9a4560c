"""Scorecard: per unit, the objectives and indicators with weights, targets and achievements."""

from __future__ import annotations

import io
from typing import Any

from dash import Input, Output, State, dcc, no_update
from ekinerja.callbacks.common import (
    employees_by_nip,
    engine_of,
    evaluation,
    level_label,
    memo,
    objective_parents,
    units_by_code,
    valid_period,
)
from ekinerja.layouts import ids, scorecard

from ekinerja.i18n import fmt_target, language, period_label, translator
from ekinerja.rollup import Engine

NO_BAND = "-"  # filter value of "no score"


def unit_options(engine: Engine) -> list[tuple[str, str]]:
    """Units in tree order (children under their parent), names indented by depth."""
    units = engine.doc.units
    children: dict[str | None, list[Any]] = {}
    codes = {u.code for u in units}
    for unit in units:
        parent = unit.parent if unit.parent in codes else None
        children.setdefault(parent, []).append(unit)
    result: list[tuple[str, str]] = []

    def walk(parent: str | None, depth: int) -> None:
        for unit in sorted(children.get(parent, []), key=lambda u: u.name):
            result.append((unit.code, "\u00a0\u00a0" * depth + unit.name))
            walk(unit.code, depth + 1)

    walk(None, 0)
    return result


def first_unit(engine: Engine) -> str | None:
    """The unit shown first: the first agency, else the first unit."""
    agencies = sorted((u for u in engine.doc.units if u.kind == "agency"), key=lambda u: u.name)
    if agencies:
        return agencies[0].code
    return engine.doc.units[0].code if engine.doc.units else None


def layout_params(engine: Engine, lang: str) -> dict[str, Any]:
    """The unit choices, the first unit and the band labels for the filter."""
    ordered = sorted(engine.bands, key=lambda b: b[0], reverse=True)
    return {"units": unit_options(engine), "unit": first_unit(engine),
            "bands": [label for _, label in ordered]}


def unit_subtree(engine: Engine, unit: str) -> set[str]:
    """A unit and every unit below it."""
    def compute() -> dict[str, list[str]]:
        tree: dict[str, list[str]] = {}
        for u in engine.doc.units:
            if u.parent:
                tree.setdefault(u.parent, []).append(u.code)
        return tree

    tree = memo(engine, "unit_children", compute)
    result, stack = set(), [unit]
    while stack:
        current = stack.pop()
        if current not in result:
            result.add(current)
            stack.extend(tree.get(current, []))
    return result


def unit_objectives(engine: Engine, unit: str | None) -> list[int]:
    """Objectives of a unit: of the unit and its sub-units; for the pemda, its own only."""
    units = units_by_code(engine)
    if unit is None or unit not in units:
        return []
    by_unit = memo(engine, "objectives_by_unit", lambda: _objectives_by_unit(engine))
    if units[unit].kind == "pemda":
        objectives = engine.doc.objectives
        unowned = [n for n in by_unit.get(None, [])
                   if objectives[n].level != "vision" and objectives[n].perspective is not None]
        return sorted([*by_unit.get(unit, []), *unowned])
    return sorted(n for u in unit_subtree(engine, unit) for n in by_unit.get(u, []))


def _objectives_by_unit(engine: Engine) -> dict[str | None, list[int]]:
    result: dict[str | None, list[int]] = {}
    for node, objective in enumerate(engine.doc.objectives):
        result.setdefault(objective.unit, []).append(node)
    return result


def scorecard_rows(engine: Engine, period: str, unit: str | None,
                   bands: list[str] | None = None, lang: str | None = None
                   ) -> list[dict[str, Any]]:
    """Rows of the scorecard: each objective then its indicators, filtered by band."""
    ev = evaluation(engine, period)
    units = units_by_code(engine)
    employees = employees_by_nip(engine)
    _ = translator(lang)
    no_score = _("No score")
    wanted = set(bands) if bands else None
    rows: list[dict[str, Any]] = []
    for node in unit_objectives(engine, unit):
        objective = engine.doc.objectives[node]
        score = ev.score_of(objective.code)
        band = engine.band(score)
        weight = None
        parents = objective_parents(engine, node)
        if parents:
            weight = float(ev.edge_weight[engine.edge_position(engine.codes[parents[0]],
                                                                objective.code)])
        owner = employees.get(objective.owner) if objective.owner else None
        block = [{
            "kind": _("Objective"),
            "code": objective.code,
            "name": objective.name,
            "level": level_label(objective.level, lang),
            "unit": units[objective.unit].name if objective.unit in units else "",
            "owner": owner.name if owner else "",
            "weight": weight,
            "target": "",
            "realization": None,
            "achievement": score,
            "band": band or no_score,
            "_band": band or NO_BAND,
            "_objective": True,
        }]
        for edge in engine.children_of(node).tolist():
            child = int(engine.e_child[edge])
            if child < engine.n_objectives:
                continue
            position = child - engine.n_objectives
            indicator = engine.doc.indicators[position]
            achievement = ev.score[child]
            realization = ev.realization[position]
            target = ev.target_of(position)
            ind_band = engine.band(None if achievement != achievement else float(achievement))
            block.append({
                "kind": _("Indicator"),
                "code": indicator.code,
                "name": f"{indicator.name} ({indicator.measure_unit})" if indicator.measure_unit
                else indicator.name,
                "level": "",
                "unit": block[0]["unit"],
                "owner": block[0]["owner"],
                "weight": float(ev.edge_weight[edge]),
                "target": fmt_target(target, lang) if target is not None else "",
                "realization": None if realization != realization else float(realization),
                "achievement": None if achievement != achievement else float(achievement),
                "band": ind_band or no_score,
                "_band": ind_band or NO_BAND,
                "_objective": False,
            })
        rows.extend(r for r in block if wanted is None or r["_band"] in wanted)
    return rows


COLUMNS = ("kind", "code", "name", "level", "unit", "owner", "weight", "target", "realization",
           "achievement", "band")


def column_titles(lang: str | None) -> dict[str, str]:
    """Column headers in a language."""
    _ = translator(lang)
    return {
        "kind": _("Type"), "code": _("Code"), "name": _("Name"), "level": _("Level"),
        "unit": _("Unit"), "owner": _("Owner"), "weight": _("Weight"), "target": _("Target"),
        "realization": _("Realization"), "achievement": _("Achievement"), "band": _("Band"),
    }


def workbook_bytes(rows: list[dict[str, Any]], title: str, lang: str | None) -> bytes:
    """The scorecard as an Excel workbook (one sheet, header row, numbers as numbers)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Scorecard"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True)
    titles = column_titles(lang)
    sheet.append([titles[c] for c in COLUMNS])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([row[c] for c in COLUMNS])
    for column, width in zip("ABCDEFGHIJK", (10, 14, 50, 22, 30, 24, 8, 14, 12, 12, 14),
                             strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def render_grid(engine: Engine, period: str | None, unit: str | None,
                bands: list[str] | None, lang: str | None) -> tuple[list[dict[str, Any]], str]:
    """The grid callback body: rows and a one-line summary."""
    lang = language(lang)
    _ = translator(lang)
    period = valid_period(engine, period)
    if period is None:
        return [], _("No plan data yet.")
    rows = scorecard_rows(engine, period, unit, bands, lang)
    units = units_by_code(engine)
    name = units[unit].name if unit in units else "–"
    summary = _("{unit} · {period} · {count} rows").format(
        unit=name, period=period_label(period, lang), count=len(rows))
    return rows, summary


def register(app: Any) -> None:
    """Grid refresh and Excel export."""

    @app.callback(
        Output(ids.CARD_GRID, "rowData"),
        Output(ids.CARD_GRID, "columnDefs"),
        Output(ids.CARD_SUMMARY, "children"),
        Input(ids.PERIOD, "value"),
        Input(ids.CARD_UNIT, "value"),
        Input(ids.CARD_BANDS, "value"),
        Input(ids.LANG, "value"),
        Input(ids.REVISION, "data"),
    )
    def update_grid(period: str | None, unit: str | None, bands: list[str] | None,
                    lang: str | None, _revision: Any) -> Any:
        engine = engine_of(app)
        rows, summary = render_grid(engine, period, unit, bands, lang)
        return rows, scorecard.column_defs(language(lang), engine_bands(engine)), summary

    @app.callback(
        Output(ids.CARD_DOWNLOAD, "data"),
        Input(ids.CARD_EXPORT, "n_clicks"),
        State(ids.PERIOD, "value"),
        State(ids.CARD_UNIT, "value"),
        State(ids.CARD_BANDS, "value"),
        State(ids.LANG, "value"),
        prevent_initial_call=True,
    )
    def export(clicks: int | None, period: str | None, unit: str | None,
               bands: list[str] | None, lang: str | None) -> Any:
        if not clicks:
            return no_update
        engine = engine_of(app)
        rows, summary = render_grid(engine, period, unit, bands, lang)
        content = workbook_bytes(rows, summary, lang)
        return dcc.send_bytes(content, f"scorecard-{unit}-{valid_period(engine, period)}.xlsx")


def engine_bands(engine: Engine) -> list[dict[str, Any]]:
    """Band labels with their colours (top band first), for cell styles."""
    from ekinerja.scoring import band_colour

    ordered = sorted(engine.bands, key=lambda b: b[0], reverse=True)
    return [{"band": label, "colour": band_colour(lower, engine.bands)} for lower, label in ordered]
