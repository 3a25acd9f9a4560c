"""Which period a page shows, the periods to compare it with, and an objective's trend."""

from __future__ import annotations

from ekinerja.periods import parse_period
from ekinerja.rollup import Engine, optional_float


def default_period(engine: Engine) -> str | None:
    """The latest period with realizations (else the latest with targets, else None)."""
    realized = engine.periods(realized_only=True)
    if realized:
        return realized[-1]
    every = engine.periods()
    return every[-1] if every else None


def valid_period(engine: Engine, period: str | None) -> str | None:
    """The period asked for when it is well-formed, else the default one."""
    if period:
        try:
            parse_period(period)
        except ValueError:
            return default_period(engine)
        return period
    return default_period(engine)


def same_kind_periods(engine: Engine, period: str) -> list[str]:
    """The engine's periods of the same kind (year, quarter, month) as `period`."""
    kind = parse_period(period).kind
    periods = [p for p in engine.periods() if parse_period(p).kind == kind]
    if period not in periods:
        periods = sorted([*periods, period], key=parse_period)
    return periods


def trend(engine: Engine, code: str, period: str) -> list[tuple[str, float | None]]:
    """Score of one objective over the periods of the same kind as `period`."""
    position = engine.index[code]
    return [(p, optional_float(engine.evaluation(p).objective_scores[position]))
            for p in same_kind_periods(engine, period)]


def default_year(engine: Engine) -> int:
    """The year of the latest period with data, within the plan's years (SAKIP pages)."""
    plan = engine.doc.plan
    period = default_period(engine)
    chosen = int(period[:4]) if period else plan.start_year
    return min(max(chosen, plan.start_year), plan.end_year)
