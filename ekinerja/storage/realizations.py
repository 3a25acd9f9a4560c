"""Realization entries: the current one of an indicator and period, superseding it, history,
workflow states (docs/workflow.md) and evidence files."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    FromClause,
    Row,
    Table,
    and_,
    false,
    func,
    select,
    update,
)

from ekinerja.storage.database import now
from ekinerja.storage.repository import next_seq
from ekinerja.storage.schema import (
    EmployeeRow,
    EvidenceFileRow,
    IndicatorRow,
    ObjectiveRow,
    RealizationRow,
    table_of,
    tables_of,
)

realization_table, evidence_table, _indicators, _objectives, _employees = tables_of(
    RealizationRow, EvidenceFileRow, IndicatorRow, ObjectiveRow, EmployeeRow)

#: The columns of an entry that the workflow reads.
_ENTRY = ("id", "seq", "value", "note", "evidence", "evidence_file_id", "status", "author",
          "recorded_at", "submitted_by", "submitted_at", "reviewed_by", "reviewed_at",
          "review_reason")


def with_indicator_scope(source: Table) -> tuple[list[ColumnElement[Any]], FromClause]:
    """The columns that say where a row of `source` (a table with `plan_id` and `indicator`)
    stands, and the join that reads them: its indicator's name and measure unit, the
    objective (code, name), the objective's unit or else its owner's (`objective_unit`), its
    owner (`objective_owner`) and its own unit (`raw_unit`): what the scope checks read."""
    i, o, e = _indicators, _objectives, _employees
    columns = [
        i.c.name.label("indicator_name"), i.c.measure_unit,
        o.c.code.label("objective"), o.c.name.label("objective_name"),
        func.coalesce(o.c.unit, e.c.unit).label("objective_unit"),
        o.c.owner.label("objective_owner"), o.c.unit.label("raw_unit"),
    ]
    joined = (
        source.join(i, and_(i.c.plan_id == source.c.plan_id, i.c.code == source.c.indicator))
        .join(o, and_(o.c.plan_id == i.c.plan_id, o.c.code == i.c.objective))
        .outerjoin(e, and_(e.c.plan_id == o.c.plan_id, e.c.nip == o.c.owner))
    )
    return columns, joined


def current_realization(
    conn: Connection, plan_id: int, indicator: str, period: str
) -> Row[Any] | None:
    """The entry in force for an indicator and period (id, seq, value, note, evidence, status,
    who and when of each step) or None."""
    table = realization_table
    return conn.execute(
        select(*[table.c[c] for c in _ENTRY]).where(
            table.c.plan_id == plan_id,
            table.c.indicator == indicator,
            table.c.period == period,
            table.c.superseded == false(),  # "= false": the partial unique index serves it
        )
    ).first()


def supersede_realization(conn: Connection, row_id: int) -> None:
    """Mark an entry as replaced (it stays as history)."""
    table = realization_table
    conn.execute(update(table).where(table.c.id == row_id).values(superseded=True))


def add_realization(
    conn: Connection,
    plan_id: int,
    indicator: str,
    period: str,
    value: float,
    *,
    seq: int | None,
    note: str | None,
    evidence: str | None,
    author: str,
    status: str = "verified",
    evidence_file_id: int | None = None,
) -> None:
    """Append an entry in force; `seq` None puts it at the end of the plan's list. A
    `submitted` entry is submitted by its author now."""
    if seq is None:
        seq = next_seq(conn, realization_table, plan_id)
    stamp = now()
    entry = {"indicator": indicator, "period": period, "value": value, "note": note,
             "evidence": evidence, "author": author, "status": status,
             "evidence_file_id": evidence_file_id}
    if status == "submitted":
        entry |= {"submitted_by": author, "submitted_at": stamp}
    conn.execute(
        realization_table.insert().values(
            plan_id=plan_id, seq=seq, **entry, recorded_at=stamp, superseded=False
        )
    )


def set_state(conn: Connection, row_id: int, **values: Any) -> None:
    """Set workflow columns of an entry (status, submitted_by/at, reviewed_by/at, reason)."""
    table = realization_table
    conn.execute(update(table).where(table.c.id == row_id).values(**values))


def realization_entries(
    conn: Connection, plan_id: int, indicator: str, period: str | None = None
) -> list[Row[Any]]:
    """Every entry of an indicator (optionally one period), superseded ones included, by id."""
    table = realization_table
    query = select(table).where(table.c.plan_id == plan_id, table.c.indicator == indicator)
    if period is not None:
        query = query.where(table.c.period == period)
    return list(conn.execute(query.order_by(table.c.id)).all())


def entries_in_status(conn: Connection, plan_id: int, statuses: tuple[str, ...]
                      ) -> list[Row[Any]]:
    """The entries in force whose status is one of `statuses`, with their indicator's name and
    objective (code, unit, owner), oldest first (by submission, else by recording)."""
    r = realization_table
    scope, joined = with_indicator_scope(r)
    query = (
        select(r.c.indicator, r.c.period, *[r.c[c] for c in _ENTRY], *scope)
        .select_from(joined)
        .where(r.c.plan_id == plan_id, r.c.superseded == false(), r.c.status.in_(statuses))
        .order_by(func.coalesce(r.c.submitted_at, r.c.recorded_at), r.c.id)
    )
    return list(conn.execute(query).all())


def current_periods(conn: Connection, plan_id: int) -> set[tuple[str, str]]:
    """(indicator, period) of every entry in force of a plan."""
    r = realization_table
    rows = conn.execute(select(r.c.indicator, r.c.period).where(
        r.c.plan_id == plan_id, r.c.superseded == false()))
    return {(row.indicator, row.period) for row in rows}


# -- evidence files -----------------------------------------------------------------------------


def add_evidence_file(conn: Connection, plan_id: int, *, name: str, content_type: str,
                      data: bytes, sha256: str, uploaded_by: str,
                      uploaded_at: datetime | None = None) -> int:
    """Store an evidence file; returns its id."""
    statement = evidence_table.insert().values(
        plan_id=plan_id, name=name, content_type=content_type, size=len(data), sha256=sha256,
        data=data, uploaded_by=uploaded_by, uploaded_at=uploaded_at or now(),
    )
    return int(conn.execute(statement.returning(evidence_table.c.id)).scalar_one())


def evidence_file(conn: Connection, plan_id: int, file_id: int, *, with_data: bool = False
                  ) -> Row[Any] | None:
    """An evidence file of a plan (its bytes only with `with_data`), or None."""
    e = evidence_table
    columns = [e.c.id, e.c.name, e.c.content_type, e.c.size, e.c.sha256, e.c.uploaded_by,
               e.c.uploaded_at]
    if with_data:
        columns.append(e.c.data)
    return conn.execute(
        select(*columns).where(e.c.plan_id == plan_id, e.c.id == file_id)
    ).first()


def entries_with_file(conn: Connection, plan_id: int, file_id: int) -> list[Row[Any]]:
    """(indicator, period) of every entry, history included, that carries an evidence file."""
    r = realization_table
    return list(conn.execute(
        select(r.c.indicator, r.c.period).where(r.c.plan_id == plan_id,
                                                r.c.evidence_file_id == file_id)
    ).all())


def objective_scope(conn: Connection, plan_id: int, objective: str) -> tuple[str | None,
                                                                                str | None]:
    """(unit, owner) of an objective, its unit being its owner's when it has none."""
    o, e = _objectives, _employees
    row = conn.execute(
        select(func.coalesce(o.c.unit, e.c.unit), o.c.owner)
        .select_from(o.outerjoin(e, and_(e.c.plan_id == o.c.plan_id, e.c.nip == o.c.owner)))
        .where(o.c.plan_id == plan_id, o.c.code == objective)
    ).first()
    return (None, None) if row is None else (row[0], row[1])


# -- deadlines and reminders --------------------------------------------------------------------


def targeted_indicators(conn: Connection, plan_id: int) -> list[Row[Any]]:
    """(indicator, period) of every target of a plan, with where it stands
    (`with_indicator_scope`)."""
    from ekinerja.storage.schema import TargetRow

    t = table_of(TargetRow)
    scope, joined = with_indicator_scope(t)
    query = (
        select(t.c.indicator, t.c.period, *scope)
        .select_from(joined)
        .where(t.c.plan_id == plan_id)
        .order_by(t.c.seq)
    )
    return list(conn.execute(query).all())


def counted_entries(conn: Connection, plan_id: int, statuses: tuple[str, ...]
                    ) -> set[tuple[str, str]]:
    """(indicator, period) of the entries in force whose status is one of `statuses`."""
    r = realization_table
    rows = conn.execute(select(r.c.indicator, r.c.period).where(
        r.c.plan_id == plan_id, r.c.superseded == false(), r.c.status.in_(statuses)))
    return {(row.indicator, row.period) for row in rows}


def accounts_with_email(conn: Connection) -> list[Row[Any]]:
    """Enabled accounts that have an e-mail address (username, name, role, unit, nip, email)."""
    from ekinerja.storage.schema import UserRow

    u = table_of(UserRow)
    return list(conn.execute(
        select(u.c.username, u.c.name, u.c.role, u.c.unit, u.c.nip, u.c.email)
        .where(u.c.email.is_not(None), u.c.disabled == false()).order_by(u.c.username)
    ).all())


def set_email(conn: Connection, username: str, email: str | None) -> bool:
    """Set an account's e-mail address; False when there is no such account."""
    from ekinerja.storage.schema import UserRow

    u = table_of(UserRow)
    result = conn.execute(update(u).where(u.c.username == username).values(email=email))
    return bool(result.rowcount)
