"""Scorecard: the grid of a unit's objectives and indicators for a period, and its export."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from dash import Output, dcc
from ekinerja.callbacks.common import (
    LANG_STATE,
    PERIOD_STATE,
    KeptJson,
    Query,
    engine_of,
    follows_shell,
    on_click,
    query_value,
    query_values,
)
from ekinerja.layouts import ids, scorecard

from ekinerja.i18n import fmt_datetime, language, period_label, translator
from ekinerja.readmodels.cache import ResultCache
from ekinerja.readmodels.indexes import unit_name
from ekinerja.readmodels.periods import valid_period
from ekinerja.readmodels.presentation import band_legend
from ekinerja.readmodels.scorecard import (
    NO_BAND,
    changed_rows,
    first_unit,
    scorecard_columns,
    unit_choices,
)
from ekinerja.rollup import Engine
from ekinerja.services import User
from ekinerja.sources import PlanSource

#: The grid's rows per (evaluation, unit, band filter, language): the same page asked again in
#: the same period costs a look-up until a value is saved. A few grids only (each up to a few MB).
_GRIDS = ResultCache(4)
#: The last grid of each (structure, period, unit, filter, language) with its columns: what a
#: new evaluation of the period patches (`_grid`).
_LAST_GRIDS = ResultCache(4)
#: The JSON of the grids' rows kept, as the callback answers them (each written once).
_GRIDS_JSON = KeptJson(_GRIDS.maxsize)


def layout_params(source: PlanSource, lang: str, user: User | None = None
                  ) -> dict[str, Any]:
    """The unit choices, the first unit and the band labels for the filter."""
    engine = source()
    return {"units": unit_choices(engine), "unit": first_unit(engine),
            "bands": [b.label for b in band_legend(engine)]}


def linked_params(source: PlanSource, user: User | None, query: Query) -> dict[str, Any]:
    """What a link chooses: the unit of `?unit=CODE` and the bands of `&band=LABEL` (repeated
    or comma-separated; `-` for no score); unknown codes and labels are left out."""
    engine = source()
    chosen: dict[str, Any] = {}
    unit = query_value(query, "unit")
    if unit in {u.code for u in engine.doc.units}:
        chosen["unit"] = unit
    known = [b.label for b in band_legend(engine)] + [NO_BAND]
    bands = [b for b in query_values(query, "band") if b in known]
    if bands:
        chosen["shown_bands"] = bands
    return chosen


def render_grid(engine: Engine, period: str | None, unit: str | None,
                bands: list[str] | None, lang: str | None) -> tuple[list[dict[str, Any]], str]:
    """The grid callback body: rows and a one-line summary."""
    lang = language(lang)
    _ = translator(lang)
    period = valid_period(engine, period)
    if period is None:
        return [], _("No plan data yet.")
    ev = engine.evaluation(period)
    key = ("scorecard-grid", unit, tuple(bands) if bands else None, lang)
    rows = _GRIDS.get(ev, key, lambda: _grid(engine, period, unit, bands, lang, key))
    summary = _("{unit} · {period} · {count} rows").format(
        unit=unit_name(engine, unit) or "–", period=period_label(period, lang), count=len(rows))
    return rows, summary


def _grid(engine: Engine, period: str, unit: str | None, bands: list[str] | None,
          lang: str, key: tuple[Any, ...]) -> list[dict[str, Any]]:
    """The grid's rows in a new evaluation: after a change, the last grid of the period with
    only the rows whose numbers changed written again (a filtered grid is written anew)."""
    columns = scorecard_columns(engine, period, unit)
    last = _LAST_GRIDS.get(engine.structure, (period, *key), dict)
    before = last.get("grid")
    changed = None if before is None or bands else changed_rows(before[0], columns)
    if changed is None:
        rows = scorecard.grid_rows(columns, bands, lang)
    else:
        rows = list(before[1])
        for k, row in zip(changed.tolist(), scorecard.grid_rows(columns, None, lang, changed),
                          strict=True):
            rows[k] = row
    last["grid"] = (columns, rows)
    return rows


def register(app: Any) -> None:
    """Grid refresh and Excel export."""

    def update_grid(unit: str | None, bands: list[str] | None, period: str | None,
                    lang: str | None) -> Any:
        engine = engine_of(app)
        rows, summary = render_grid(engine, period, unit, bands, lang)
        colours = {b.label: b.colour for b in band_legend(engine)}
        return _GRIDS_JSON.of(rows), scorecard.column_defs(language(lang), colours), summary

    def export(unit: str | None, bands: list[str] | None, period: str | None,
               lang: str | None) -> Any:
        engine = engine_of(app)
        rows, _summary = render_grid(engine, period, unit, bands, lang)
        legend = band_legend(engine)
        chosen = valid_period(engine, period)
        title = scorecard.export_title(
            engine.doc.plan.name,
            unit_name(engine, unit) or "–",
            period_label(chosen, lang) if chosen else "–",
            bands, [b.label for b in legend],
            fmt_datetime(datetime.now(UTC), lang) + " UTC", language(lang))
        content = scorecard.workbook_bytes(rows, title, lang,
                                           {b.label: b.colour for b in legend})
        return dcc.send_bytes(content, f"scorecard-{unit}-{valid_period(engine, period)}.xlsx")

    chosen = [ids.CARD_UNIT, ids.CARD_BANDS]
    follows_shell(app, [Output(ids.CARD_GRID, "rowData"), Output(ids.CARD_GRID, "columnDefs"),
                        ids.CARD_SUMMARY], chosen, update_grid)
    on_click(app, ids.CARD_EXPORT, [Output(ids.CARD_DOWNLOAD, "data")],
             [*chosen, PERIOD_STATE, LANG_STATE], export)
