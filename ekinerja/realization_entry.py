"""Entering realizations: parsing typed numbers, a unit's indicators, the achievement preview."""

from __future__ import annotations

import math
import re
import weakref
from typing import Any
from urllib.parse import urlparse

import numpy as np

from ekinerja import scoring
from ekinerja.rollup import Engine, Evaluation
from ekinerja.textrules import check_text

_UNIT_INDEX: weakref.WeakKeyDictionary[Engine, dict[str, list[int]]] = (
    weakref.WeakKeyDictionary()
)
NO_UNIT = "*"  # the "unit" of indicators under objectives without a unit (province level)
_NUMBER = re.compile(r"^[+-]?(\d+|\d{1,3}([.,]\d{3})+)?([.,]\d+)?$")


def parse_number(text: Any) -> float:
    """A typed number: `12.5`, `12,5`, `1.234,56`, `1,234.56`; ValueError (bilingual) if not.

    With both separators the last one is the decimal separator; one separator used once is the
    decimal separator (`12,5`, `1.5`); one separator used several times groups thousands.
    """
    if isinstance(text, bool):
        raise ValueError(f"bukan angka / not a number: {text!r}")
    if isinstance(text, int | float):
        value = float(text)
    else:
        raw = str(text or "").strip().replace("\u00a0", "").replace(" ", "")
        if not raw:
            raise ValueError("nilai kosong / empty value")
        if not _NUMBER.match(raw) or not any(c.isdigit() for c in raw):
            raise ValueError(f'bukan angka / not a number: "{raw}"')
        separators = [c for c in raw if c in ".,"]
        if len(set(separators)) == 2:
            decimal = separators[-1]
            thousands = separators[0]
            raw = raw.replace(thousands, "").replace(decimal, ".")
        elif len(separators) > 1:
            sep = re.escape(separators[0])
            if not re.match(rf"^[+-]?\d{{1,3}}({sep}\d{{3}})+$", raw):
                raise ValueError(f'bukan angka / not a number: "{raw}"')
            raw = raw.replace(separators[0], "")
        else:
            raw = raw.replace(",", ".")
        try:
            value = float(raw)
        except ValueError as exc:
            raise ValueError(f'bukan angka / not a number: "{text}"') from exc
    if not math.isfinite(value):
        raise ValueError(f"bukan angka terhingga / not a finite number: {text!r}")
    return value


def check_evidence(text: str | None) -> str | None:
    """An evidence link: None when empty, the URL when http(s); ValueError (bilingual) otherwise."""
    link = (text or "").strip()
    if not link:
        return None
    check_text(link, "url", place="bukti / evidence")  # length and characters, as everywhere
    parsed = urlparse(link)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ValueError(
            f'tautan bukti harus http(s) / the evidence link must be an http(s) URL: "{link}"'
        )
    return link


def _by_unit(engine: Engine) -> dict[str, list[int]]:
    """Indicator positions per unit code (of their objective), computed once per engine."""
    cached = _UNIT_INDEX.get(engine)
    if cached is None:
        unit_of = {o.code: o.unit for o in engine.doc.objectives}
        cached = {}
        for position, indicator in enumerate(engine.doc.indicators):
            unit = unit_of.get(indicator.objective) or NO_UNIT
            cached.setdefault(unit, []).append(position)
        _UNIT_INDEX[engine] = cached
    return cached


def units_with_indicators(engine: Engine) -> list[dict[str, str]]:
    """Units that own at least one objective with indicators, in plan order; last, when some
    indicators sit under objectives without a unit (province level), the `NO_UNIT` entry."""
    used = _by_unit(engine)
    last = [{"code": NO_UNIT, "name": ""}] if NO_UNIT in used else []
    return [{"code": u.code, "name": u.name} for u in engine.doc.units if u.code in used] + last


def unit_indicators(engine: Engine, unit: str) -> list[int]:
    """Positions of the indicators under the objectives of one unit, in plan order."""
    return list(_by_unit(engine).get(unit, []))


def indicator_row(engine: Engine, ev: Evaluation, position: int) -> dict[str, Any]:
    """Target, realization, achievement and band of one indicator in an evaluation."""
    indicator = engine.doc.indicators[position]
    objective = engine.doc.objectives[engine.index[indicator.objective]]
    achievement = ev.score[engine.n_objectives + position]
    score = None if math.isnan(achievement) else float(achievement)
    realization = ev.realization[position]
    raw = ev.raw[position]
    return {
        "code": indicator.code,
        "name": indicator.name,
        "objective": objective.code,
        "objective_name": objective.name,
        "measure_unit": indicator.measure_unit,
        "polarity": indicator.polarity,
        "target": ev.target_of(position),
        "realization": None if math.isnan(realization) else float(realization),
        "derived": bool(ev.inputs.derived[position]),
        "raw_achievement": None if math.isnan(raw) else float(raw),
        "achievement": score,
        "band": engine.band(score),
        "colour": scoring.band_colour(score, engine.bands),
    }


def unit_rows(engine: Engine, ev: Evaluation, unit: str) -> list[dict[str, Any]]:
    """Every indicator of a unit with its target, realization, achievement and band."""
    return [indicator_row(engine, ev, k) for k in unit_indicators(engine, unit)]


def preview_achievement(
    engine: Engine, ev: Evaluation, indicator: str, value: float
) -> dict[str, Any]:
    """Raw and clamped achievement and band the indicator would have with realization `value`."""
    k = engine.index[indicator] - engine.n_objectives
    if k < 0:
        raise KeyError(f'indikator tidak dikenal / unknown indicator "{indicator}"')
    inputs = ev.inputs
    one = slice(k, k + 1)
    raw = scoring.raw_achievements(
        engine.polarity[one],
        engine.method[one],
        engine.cap[one],
        inputs.value[one],
        inputs.low[one],
        inputs.high[one],
        np.array([float(value)]),
    )
    clamped = scoring.clamp(raw, engine.floor, engine.cap[one])
    score = None if math.isnan(clamped[0]) else float(clamped[0])
    return {
        "raw_achievement": None if math.isnan(raw[0]) else float(raw[0]),
        "achievement": score,
        "band": engine.band(score),
        "colour": scoring.band_colour(score, engine.bands),
    }
