"""Write endpoints: realizations, one or many in one transaction; units and employees for a
SIMPEG sync (through the services, with the token's account as the acting user: the same
checks as the pages)."""

from __future__ import annotations

from collections.abc import Callable

from flask import Response

from ekinerja import services
from ekinerja.api import models as m
from ekinerja.api.core import actor, database, json_response, plan_code, route
from ekinerja.messages import N_
from ekinerja.permissions import Action
from ekinerja.services import directory, realization_batch


@route("/realizations", "POST", summary=N_("record one realization"),
       tag="realization", body=m.RealizationIn, response=m.Recorded, status=201,
       action=Action.RECORD_REALIZATION)
def record_one(body: m.RealizationIn) -> Response:
    plan = plan_code(body.plan)
    revision = services.record_realization(database(), actor(), plan, body.indicator,
                                           body.period, body.value, note=body.note,
                                           evidence=body.evidence)
    return json_response({"plan": plan, "indicator": body.indicator, "period": body.period,
                          "value": body.value, "revision": revision}, 201)


@route("/realizations/bulk", "POST",
       summary=N_("record many realizations at once"),
       tag="realization", body=m.RealizationBatch, response=m.BatchReport,
       action=Action.RECORD_REALIZATION)
def record_many(body: m.RealizationBatch) -> Response:
    rows = [realization_batch.BatchRow(r.indicator, r.period, r.value, r.note, r.evidence)
            for r in body.rows]
    report = realization_batch.record_realizations(database(), actor(), plan_code(body.plan),
                                                   rows)
    return json_response(report.as_dict())


def _simpeg_sync(path: str, summary: str, body: type[m.UnitBatch | m.EmployeeBatch],
                 sync: Callable[..., directory.SyncReport]) -> Callable[..., Response]:
    """Declare the SIMPEG sync endpoint of units or employees: the rows go to `sync` (a
    directory service) and its report comes back; the view is named after the service."""

    def view(body: m.UnitBatch | m.EmployeeBatch) -> Response:
        report = sync(database(), actor(), plan_code(body.plan),
                      [row.model_dump() for row in body.rows])
        return json_response(report.as_dict())

    view.__name__ = view.__qualname__ = sync.__name__
    return route(path, "POST", summary=summary, tag="plan", body=body,
                 response=m.SyncReport, action=Action.CHANGE_STRUCTURE)(view)


sync_units = _simpeg_sync(
    "/units/bulk", N_("add or change units (SIMPEG sync)"), m.UnitBatch,
    directory.sync_units)
sync_employees = _simpeg_sync(
    "/employees/bulk", N_("add or change employees (SIMPEG sync)"),
    m.EmployeeBatch, directory.sync_employees)


@route("/budgets/bulk", "POST",
       summary=N_("store budgets (SIPD sync), all or none"), tag="plan",
       body=m.BudgetBatch, response=m.BudgetsStored, action=Action.CHANGE_TARGETS)
def store_budgets(body: m.BudgetBatch) -> Response:
    from ekinerja.budgets import BudgetLine
    from ekinerja.services import budgets

    lines = [BudgetLine(index, r.objective, r.year, r.amount, r.realization)
             for index, r in enumerate(body.rows)]
    plan = plan_code(body.plan)
    count = budgets.set_budgets(database(), actor(), plan, lines)
    return json_response({"plan": plan, "stored": count})
