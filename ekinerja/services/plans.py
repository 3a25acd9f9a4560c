"""The plans of a database: which one a call is about, the list, and reading one whole."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Row

from ekinerja.messages import N_, Message
from ekinerja.model import PlanDocument
from ekinerja.services.errors import NotFound, ServiceError
from ekinerja.storage import repository
from ekinerja.storage.database import Database


def plan_row(conn: Connection, plan_code: str | None) -> Row[Any]:
    """The plan row of `plan_code`, or of the only plan when it is None."""
    if plan_code is None:
        codes = repository.plan_codes(conn)
        if len(codes) == 1:
            plan_code = codes[0]
        elif not codes:
            raise NotFound(Message(N_("no plan in the database")))
        else:
            raise ServiceError(Message(N_("choose a plan with --plan: {codes}"),
                                       {"codes": ", ".join(codes)}))
    row = repository.find_plan(conn, plan_code)
    if row is None:
        raise NotFound(Message(N_('plan not found: "{plan}"'), {"plan": plan_code}))
    return row


def list_plans(db: Database) -> list[dict[str, Any]]:
    """Every plan in the database: code, name, start_year, end_year."""
    with db.read() as conn:
        rows = repository.plan_rows(conn)
    return [
        {"code": r.code, "name": r.name, "start_year": r.start_year, "end_year": r.end_year}
        for r in rows
    ]


def load_document(db: Database, plan_code: str | None = None) -> PlanDocument:
    """The plan document from the database (the only plan when `plan_code` is None); what
    `ekinerja export` writes."""
    with db.read() as conn:
        return repository.read_document(conn, plan_row(conn, plan_code))
