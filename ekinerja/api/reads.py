"""Read endpoints: plans, units, employees, objectives, indicators, targets, realizations,
scores (with influence and contribution), a score's explanation, an employee's contribution, SKP.

Every role reads everything (docs/accounts.md), so any valid token reads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import Any

from flask import Response

from ekinerja import skp
from ekinerja.api import models as m
from ekinerja.api.core import ApiError, cached, cached_document, engine, page_of, route, state
from ekinerja.messages import N_, Message
from ekinerja.periods import parse_period
from ekinerja.readmodels.periods import default_period
from ekinerja.rollup import Engine, Evaluation
from ekinerja.services.errors import EMPLOYEE_NOT_FOUND

CODE = {"code": N_("objective or indicator code")}  # path parameters: msgids (docs)


def _period(eng: Engine, period: str | None) -> str:
    """The period asked for (canonical, inside the plan), else the default one."""
    if period is None:
        found = default_period(eng)
        if found is None:
            raise ApiError(404, Message(N_("the plan has no period")))
        return found
    plan = eng.doc.plan
    try:
        parsed = parse_period(period)
    except ValueError as exc:
        raise ApiError(400, str(exc), [{"field": "query.period", "message": str(exc)}]) from None
    if not plan.start_year <= parsed.year <= plan.end_year:
        message = Message(N_("period outside the plan ({start}-{end}): {period}"), {
            "start": str(plan.start_year), "end": str(plan.end_year), "period": period
        }).bilingual()
        raise ApiError(400, message, [{"field": "query.period", "message": message}])
    return str(parsed)


def _evaluation(query: m.PeriodQuery) -> tuple[Engine, Evaluation]:
    eng = engine(query.plan)
    return eng, eng.evaluation(_period(eng, query.period))


@route("/plans", summary=N_("the plans"), tag="plan", response=m.PlanList)
def plans() -> Response:
    db = getattr(state().source, "database", None)
    if db is None:
        plan = engine().doc.plan
        items = [{"code": plan.code, "name": plan.name, "start_year": plan.start_year,
                  "end_year": plan.end_year}]
    else:
        from ekinerja import services

        items = [{k: p[k] for k in ("code", "name", "start_year", "end_year")}
                 for p in services.list_plans(db)]
    return cached({"items": items})


def _plain(item: Any) -> dict[str, Any]:
    """A dataclass of the plan as a dict (its fields, shallow: they are plain values)."""
    return {f.name: getattr(item, f.name) for f in fields(item)}


def _items(rows: list[Any], query: m.PageQuery, **wanted: Any) -> Response:
    filters = [(k, v) for k, v in wanted.items() if v is not None]
    chosen = [r for r in rows if all(getattr(r, k) == v for k, v in filters)] if filters \
        else rows
    return page_of(chosen, query.page, query.per_page, _plain)


def _listing(name: str, summary: str, tag: str, query: type[m.PageQuery], item: type[Any],
             *filters: str) -> Callable[..., Response]:
    """Declare the paginated endpoint `/name` of one list of the plan document (`doc.name`),
    filtered by the query fields `filters` that are given; the view is named `name`."""

    def view(query: Any) -> Response:
        return _items(getattr(engine(query.plan).doc, name), query,
                      **{f: getattr(query, f) for f in filters})

    view.__name__ = view.__qualname__ = name
    return route(f"/{name}", summary=summary, tag=tag, query=query,
                 response=m.page_model(item), paginated=True)(view)


units = _listing("units", N_("organisation units"), "plan", m.UnitsQuery,
                 m.Unit, "parent")
employees = _listing("employees", N_("employees (ASN)"), "plan", m.EmployeesQuery,
                     m.Employee, "unit")


@route("/objectives", summary=N_("objectives of the cascade"), tag="plan",
       query=m.ObjectivesQuery, response=m.page_model(m.Objective), paginated=True)
def objectives(query: m.ObjectivesQuery) -> Response:
    eng = engine(query.plan)
    parents: dict[str, list[str]] = {}
    for link in eng.doc.links:
        parents.setdefault(link.child, []).append(link.parent)
    chosen = [o for o in eng.doc.objectives
              if (query.level is None or o.level == query.level)
              and (query.unit is None or o.unit == query.unit)
              and (query.owner is None or o.owner == query.owner)]
    return page_of(chosen, query.page, query.per_page,
                   lambda o: {**_plain(o), "parents": parents.get(o.code, [])})


indicators = _listing("indicators", N_("indicators"), "plan", m.IndicatorsQuery,
                      m.Indicator, "objective")
targets = _listing("targets", N_("targets by period"), "plan", m.TargetsQuery,
                   m.Target, "indicator", "period")
realizations = _listing("realizations", N_("realizations in force"),
                        "realization", m.RealizationsQuery, m.Realization, "indicator", "period",
                        "status")


@route("/scores", summary=N_("scores of a period (influence, contribution)"),
       tag="score", query=m.PeriodQuery, response=m.Scores)
def scores(query: m.PeriodQuery) -> Response:
    def build() -> Any:
        return _evaluation(query)[1].to_json()

    return cached_document(build)


def _known(eng: Engine, code: str) -> None:
    if code not in eng.index:
        raise ApiError(404, Message(N_('unknown code "{code}"'), {"code": code}))


@route("/scores/<code>", summary=N_("one node's score"),
       tag="score", query=m.PeriodQuery, response=m.NodeScore, path_params=CODE)
def node_score(code: str, query: m.PeriodQuery) -> Response:
    eng, evaluation = _evaluation(query)
    _known(eng, code)
    if eng.is_indicator(code):
        kind, fields_ = "indicator", evaluation.indicator(code)
    else:
        kind, fields_ = "objective", evaluation.objective(code)
    return cached({"code": code, "kind": kind, "period": evaluation.period, **fields_})


@route("/scores/<code>/explanation", summary=N_("how a score came about"),
       tag="score", query=m.PeriodQuery, response=m.Explanation, path_params=CODE)
def explanation(code: str, query: m.PeriodQuery) -> Response:
    eng, evaluation = _evaluation(query)
    _known(eng, code)
    return cached(evaluation.explain(code))


@route("/employees/<nip>/contribution",
       summary=N_("the points of the root score an employee carries"),
       tag="score", query=m.PeriodQuery, response=m.Contribution,
       path_params={"nip": N_("the employee's NIP")})
def contribution(nip: str, query: m.PeriodQuery) -> Response:
    eng, evaluation = _evaluation(query)
    employee = next((e for e in eng.doc.employees if e.nip == nip), None)
    if employee is None:
        raise ApiError(404, Message(EMPLOYEE_NOT_FOUND, {"employee": nip}))
    counted = set(evaluation.owned_objectives(nip))
    owned = [o for o in eng.doc.objectives if o.owner == nip]
    document = {o.code: evaluation.objective(o.code) for o in owned}
    root_score = evaluation.score_of(eng.root)
    total = evaluation.employee_contribution(nip)
    return cached({
        "nip": nip, "name": employee.name, "period": evaluation.period, "root": eng.root,
        "root_score": root_score, "contribution": total,
        "share": total / root_score if root_score else None,
        "objectives": [{"code": o.code, "name": o.name, "score": document[o.code]["score"],
                        "influence": document[o.code]["influence"],
                        "contribution": document[o.code]["contribution"],
                        "counted": o.code in counted} for o in owned],
    })


@route("/skp", summary=N_("SKP results of a period (verified values only)"),
       tag="score", query=m.PeriodQuery, response=m.Skp)
def skp_results(query: m.PeriodQuery) -> Response:
    eng = engine(query.plan)
    period = _period(eng, query.period)
    db = getattr(state().source, "database", None)
    holders = None  # a past period's RHK go to whoever held them then (docs/organisation.md)
    if db is not None:
        from ekinerja import services

        holders = services.holders_in_period(db, query.plan or eng.doc.plan.code, period)
    return cached(skp.evaluate(eng, period, holders=holders).to_json())


@route("/budgets", summary=N_("budgets by objective and year"),
       tag="plan", query=m.BudgetsQuery, response=m.page_model(m.Budget), paginated=True)
def budgets(query: m.BudgetsQuery) -> Response:
    from ekinerja.api.core import database, plan_code
    from ekinerja.services import budgets as budget_service

    stored = budget_service.budgets_of(database(), plan_code(query.plan))
    rows = [{"objective": objective, "year": year, "amount": amount, "realization": realized}
            for (objective, year), (amount, realized) in sorted(stored.items())
            if (query.objective is None or objective == query.objective)
            and (query.year is None or year == query.year)]
    return page_of(rows, query.page, query.per_page)
