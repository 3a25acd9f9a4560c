"""Human-readable score reports for the terminal: the cascade table and score explanations."""

from __future__ import annotations

import math
from typing import Any

from babel.numbers import format_decimal

from ekinerja.forecast import METHOD_LABELS, Forecast, early_warning, priority
from ekinerja.i18n import level_label
from ekinerja.messages import N_, Message, bilingual
from ekinerja.rollup import Engine, Evaluation

# The report's words (msgids); each is shown "Indonesian / English" by `bilingual`.
PERIOD = N_("period {period}")
NO_INFLUENCE = N_("no influence on the vision: {codes}")
YEAR_END_FORECAST = N_("year-end forecast {year}")
DATA_UP_TO = N_("up to {as_of}")
FORECAST_BAND = N_("band: ± 1 standard deviation")
EARLY_WARNING = N_("early warning: {count}")
BY_INFLUENCE = N_("by influence")
WHERE_TO_PUSH = N_("where to push: {count}")
POINTS_AT_TARGET = N_("points of the vision's score at target")
POLARITY = N_("polarity: {polarity}")
REALIZATION = N_("realization: {value}")
DERIVED = N_("derived: {aggregation}")
FORMULA = N_("formula: {formula}")
RAW_ACHIEVEMENT = N_("raw achievement: {value}")
CLAMPED = N_("clamped to [{floor}, {cap}]: {value}")
SCORE = N_("score: {value}")
COVERAGE = N_("coverage {value} %")
NOT_COUNTED = N_("not counted")
NOW = N_("now")
FORECAST = N_("forecast")
FORECAST_RANGE = N_("forecast range")
GAP = N_("gap")
METHOD = N_("method")
OWNER = N_("owner")
POINTS = N_("points")
WEIGHT = N_("weight")
SCORE_WORD = N_("score")


def number(value: float | None, digits: int = 2, locale: str = "id_ID") -> str:
    """A number in the locale's format (1.234,56 for id_ID); '–' when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(value, format=pattern, locale=locale)


def default_period(engine: Engine) -> str:
    """The latest period that has realizations (else the plan's first year)."""
    with_data = engine.periods(realized_only=True)
    if with_data:
        years = [p for p in with_data if len(p) == 4]
        return years[-1] if years else with_data[-1]
    return str(engine.doc.plan.start_year)


def _target_text(target: float | list[float] | None) -> str:
    if isinstance(target, list):
        return f"{number(target[0])}–{number(target[1])}"
    return number(target)


def score_table(evaluation: Evaluation, depth: int | None = None) -> str:
    """The cascade from the vision down as an aligned table, in Indonesian number format."""
    engine = evaluation.engine
    doc = engine.doc
    rows: list[tuple[str, ...]] = []
    header = ("Kode", "Nama", "Tingkat", "Bobot", "Target", "Realisasi", "Capaian", "Predikat")

    def visit(code: str, weight: float | None, indent: int, seen: frozenset[str]) -> None:
        item = engine.item(code)
        weight_text = number(weight) if weight is not None else ""
        if engine.is_indicator(code):
            result = evaluation.indicator(code)
            rows.append(
                (
                    code,
                    "  " * indent + item.name,
                    "Indikator",
                    weight_text,
                    _target_text(result["target"]),
                    number(result["realization"]),
                    number(result["achievement"]),
                    result["band"] or "–",
                )
            )
        else:
            result = evaluation.objective(code)
            rows.append(
                (
                    code,
                    "  " * indent + item.name,
                    level_label(item.level, "id"),  # type: ignore[union-attr]
                    weight_text,
                    "",
                    "",
                    number(result["score"]),
                    result["band"] or "–",
                )
            )
        if code in seen or (depth is not None and indent >= depth):
            return
        for child, child_weight in evaluation.children(code):
            visit(child, child_weight, indent + 1, seen | {code})

    if engine.root is not None:
        visit(engine.root, None, 0, frozenset())
    root = evaluation.objective(engine.root) if engine.root else None
    title = f"{doc.plan.name} — {bilingual(PERIOD, period=evaluation.period)}"
    if root:
        title += f": {number(root['score'])} ({root['band'] or '–'})"
    out = [title, *aligned(header, rows, numeric={3, 4, 5, 6})]
    unaligned = [
        code
        for code, influence, score in zip(
            engine.objective_codes,
            evaluation.objective_influence.tolist(),
            evaluation.objective_scores.tolist(),
            strict=True,
        )
        if influence == 0 and not math.isnan(score)
    ]
    if unaligned:
        out.append(bilingual(NO_INFLUENCE, codes=", ".join(unaligned)))
    return "\n".join(out)


def aligned(
    header: tuple[str, ...], rows: list[tuple[str, ...]], numeric: set[int], name_width: int = 60
) -> list[str]:
    """Header, rule and rows as aligned text lines; column 1 (the name) cut at `name_width`."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    widths[1] = min(widths[1], name_width)

    def line(row: tuple[str, ...]) -> str:
        cells = []
        for i, cell in enumerate(row):
            text = cell if len(cell) <= widths[i] else cell[: widths[i] - 1] + "…"
            cells.append(text.rjust(widths[i]) if i in numeric else text.ljust(widths[i]))
        return "  ".join(cells).rstrip()

    return [line(header), "  ".join("-" * w for w in widths), *(line(r) for r in rows)]


def _band_range(low: float | None, high: float | None) -> str:
    return f"{number(low)}–{number(high)}" if low is not None else "–"


def forecast_text(result: Forecast, current: Evaluation, top: int = 10) -> str:
    """The short forecast section of the score table: the vision and missions, then the first
    `top` early warnings and priorities (see ekinerja.forecast)."""
    engine = result.engine
    levels = {o.code: o.level for o in engine.doc.objectives}
    out = [
        f"{bilingual(YEAR_END_FORECAST, year=str(result.year))} — "
        f"{bilingual(DATA_UP_TO, as_of=str(result.as_of))} ({bilingual(FORECAST_BAND)})"
    ]
    rows = []
    for code in [o.code for o in engine.doc.objectives if o.level in ("vision", "mission")]:
        now = current.objective(code)
        ahead = result.objective(code)
        rows.append(
            (
                code,
                ("" if levels[code] == "vision" else "  ") + engine.item(code).name,
                number(now["score"]),
                number(ahead["score"]),
                _band_range(ahead["low"], ahead["high"]),
                ahead["band"] or "–",
            )
        )
    header = ("Kode", "Nama", bilingual(NOW), bilingual(FORECAST), bilingual(FORECAST_RANGE),
              "Predikat")
    out.extend(aligned(header, rows, numeric={2, 3, 4}))

    warnings = early_warning(result, current)
    out += [
        "",
        f"{bilingual(EARLY_WARNING, count=str(len(warnings)))} ({bilingual(BY_INFLUENCE)})",
    ]
    rows = []
    for item in warnings[:top]:
        is_indicator = item["kind"] == "indicator"
        method = result.indicator(item["code"])["method"] if is_indicator else None
        gap = (
            f"{number(item['gap'])} {item['measure_unit']}".rstrip() if is_indicator else "–"
        )
        rows.append(
            (
                item["code"],
                item["name"],
                f"{item['current_band'] or '–'} → {item['forecast_band']}",
                number(item["forecast_score"]),
                gap,
                Message(METHOD_LABELS[method]).bilingual() if method else "",
            )
        )
    header = ("Kode", "Nama", "Predikat", bilingual(FORECAST), bilingual(GAP), bilingual(METHOD))
    out.extend(aligned(header, rows, numeric={3, 4}, name_width=40))

    pushes = priority(current)
    out += [
        "",
        f"{bilingual(WHERE_TO_PUSH, count=str(len(pushes)))} ({bilingual(POINTS_AT_TARGET)})",
    ]
    rows = [
        (
            item["code"],
            item["name"],
            f"{item['owner_name'] or '–'} ({item['owner'] or '–'})",
            item["unit"] or "–",
            "+" + number(item["gain"], 3),
        )
        for item in pushes[:top]
    ]
    header = ("Kode", "Nama", bilingual(OWNER), "Unit", bilingual(POINTS))
    out.extend(aligned(header, rows, numeric={4}, name_width=40))
    return "\n".join(out)


def explanation_text(explanation: dict[str, Any]) -> str:
    """An explanation (Evaluation.explain) as readable text."""
    e = explanation
    head = f"{e['code']} — {e['name']} ({e['period']})"
    if e["kind"] == "indicator":
        lines = [
            head,
            f"  {bilingual(POLARITY, polarity=e['polarity'])}"
            + (f" ({e['negative_method']})" if e["negative_method"] else ""),
            f"  target: {_target_text(e['target'])}",
            f"  {bilingual(REALIZATION, value=number(e['realization']))}"
            + (f" ({bilingual(DERIVED, aggregation=e['aggregation'])})"
               if e["realization_derived"] else ""),
            f"  {bilingual(FORMULA, formula=e['formula'])}",
            f"  {bilingual(RAW_ACHIEVEMENT, value=number(e['raw_achievement']))}",
            "  " + bilingual(CLAMPED, floor=number(e["floor"]), cap=number(e["cap"]),
                        value=number(e["achievement"])) + f" — {e['band'] or '–'}",
        ]
        return "\n".join(lines)
    lines = [
        head,
        f"  {bilingual(SCORE, value=number(e['score']))} — {e['band'] or '–'}; "
        f"{bilingual(COVERAGE, value=number(100 * e['coverage']))}",
        f"  {bilingual(FORMULA, formula=e['formula'])}",
    ]
    for child in e["children"]:
        mark = "" if child["counted"] else f"  ({bilingual(NOT_COUNTED)})"
        lines.append(
            f"    {child['code']:<14} {bilingual(WEIGHT)} {number(child['weight']):>8} "
            f"→ {number(100 * child['normalised_weight']):>6} %  {bilingual(SCORE_WORD)} "
            f"{number(child['score']):>8}  = {number(child['part']):>7}{mark}"
        )
    return "\n".join(lines)
