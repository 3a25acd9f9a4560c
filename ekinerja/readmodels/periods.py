"""Which period a page shows, the periods to compare it with, and an objective's trend."""

from __future__ import annotations

from ekinerja.periods import parse_period, plan_period
from ekinerja.rollup import Engine, optional_float


def default_period(engine: Engine) -> str | None:
    """The latest period with realizations (else the latest with targets, else None)."""
    realized = engine.periods(realized_only=True)
    if realized:
        return realized[-1]
    every = engine.periods()
    return every[-1] if every else None


def plan_period_of(engine: Engine, period: object) -> str | None:
    """`period` when it is exactly a period of the engine's plan years, else None.

    Only such periods reach `Engine.evaluation` and its caches from a page, so a client sending
    distinct strings cannot make the server keep (or compute) more than the plan's periods.
    """
    plan = engine.doc.plan
    try:
        return str(plan_period(period, plan.start_year, plan.end_year))
    except ValueError:
        return None


def valid_period(engine: Engine, period: str | None) -> str | None:
    """The period a page shows: the one asked for when it is a period of the plan, else the
    default one. For display only: a change names its period as asked, and the service
    refuses one that is not a period of the plan (never another period instead)."""
    return plan_period_of(engine, period) or default_period(engine)


def same_kind_periods(engine: Engine, period: str) -> list[str]:
    """The engine's periods of the same kind (year, quarter, month) as `period`."""
    kind = parse_period(period).kind
    periods = [p for p in engine.periods() if parse_period(p).kind == kind]
    if period not in periods:
        periods = sorted([*periods, period], key=parse_period)
    return periods


def trend(engine: Engine, code: str, period: str) -> list[tuple[str, float | None]]:
    """Score of one objective over the periods of the same kind as `period` (a big plan keeps
    of the periods it does not show only their objectives' scores: Engine.objective_scores)."""
    position = engine.index[code]
    return [(p, optional_float(engine.objective_scores(p)[position]))
            for p in same_kind_periods(engine, period)]


def default_year(engine: Engine) -> int:
    """The year of the latest period with data, within the plan's years (SAKIP pages)."""
    plan = engine.doc.plan
    period = default_period(engine)
    chosen = int(period[:4]) if period else plan.start_year
    return min(max(chosen, plan.start_year), plan.end_year)
