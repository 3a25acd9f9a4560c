"""Perjanjian Kinerja versions: freezing a unit head's PK (`awal`, then each `perubahan` with
its date and reason), reading the versions, and the year's scores against any of them.

A version stores what was signed — parties, objectives, indicators and the year's targets as
they stood — and is never changed afterwards; later target changes in the plan do not move it.
Only who may change targets (planners, admins) freezes a version; everyone signed in reads them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from ekinerja.documents import content
from ekinerja.messages import N_, Message
from ekinerja.model import PlanDocument
from ekinerja.services import audit
from ekinerja.services.access import Action, User, require
from ekinerja.services.errors import NotFound, PermissionDenied, ServiceError
from ekinerja.services.inputs import need_reason
from ekinerja.services.plans import plan_row
from ekinerja.storage import agreements as stored
from ekinerja.storage import repository
from ekinerja.storage.database import Database, utc

KINDS = ("awal", "perubahan")
#: Lists a PK does not need when it is frozen (the targets and parties are what it signs).
_NOT_NEEDED = ("realizations", "unit_predikat", "skp_ratings")


@dataclass(frozen=True)
class AgreementVersion:
    """One stored version: number, kind, signing date, reason, who froze it and when, and its
    indicator rows."""

    version: int
    kind: str
    signed_on: date
    reason: str | None
    author: str
    at: datetime
    rows: int


def _to_json(agreement: content.Agreement) -> dict[str, Any]:
    heading = agreement.heading
    return {
        "heading": {"plan_code": heading.plan_code, "plan_name": heading.plan_name,
                    "unit_code": heading.unit_code, "unit_name": heading.unit_name},
        "level": agreement.level,
        "first": asdict(agreement.first),
        "second": asdict(agreement.second) if agreement.second is not None else None,
        "rows": [asdict(row) for row in agreement.rows],
    }


def _from_row(row: Any, generated: datetime | None = None) -> content.Agreement:
    data = row.content
    heading = content.Heading(**data["heading"], year=row.year,
                              generated=generated or datetime.now().replace(microsecond=0))
    second = data["second"]
    return content.Agreement(
        heading, data["level"], content.Party(**data["first"]),
        content.Party(**second) if second is not None else None,
        [content.AgreementRow(**r) for r in data["rows"]],
        version=row.version, kind=row.kind, signed_on=row.signed_on, reason=row.reason,
    )


def _signing_date(value: date | str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise ServiceError(Message(N_("invalid date {value}: use YYYY-MM-DD"),
                                   {"value": repr(value)})) from exc


def freeze_agreement(db: Database, user: User | None, plan_code: str | None, unit: str,
                     year: int, kind: str, signed_on: date | str, reason: str | None = None
                     ) -> int:
    """Freeze the unit head's PK for the year as it stands now; returns the version number.

    The first version is `awal`; every later one is `perubahan`, needs a reason and a signing
    date not before the previous version's. An unknown unit or a year outside the plan is
    refused with both named; nothing is written then.
    """
    user = require(user, Action.CHANGE_TARGETS, f"PK {unit} {year}")
    if kind not in KINDS:
        raise ServiceError(Message(N_('unknown PK kind "{kind}" (awal, perubahan)'),
                                   {"kind": kind}))
    day = _signing_date(signed_on)
    if kind == "perubahan":
        reason = need_reason(reason)
    else:
        reason = reason.strip() if reason and reason.strip() else None
    with db.write() as conn:
        plan = plan_row(conn, plan_code)
        doc = repository.read_document(conn, plan, skip=_NOT_NEEDED)
        problems = content.check_request(doc, unit, year)
        if problems:
            raise ServiceError("; ".join(p.message for p in problems))
        latest = stored.latest_version(conn, plan.id, unit, year)
        if kind == "awal" and latest:
            raise ServiceError(Message(N_("PK {unit} {year} already has its awal version: "
                                          "change it with a perubahan"),
                                       {"unit": unit, "year": str(year)}))
        if kind == "perubahan" and not latest:
            raise ServiceError(Message(N_("PK {unit} {year} has no awal version yet"),
                                       {"unit": unit, "year": str(year)}))
        previous = stored.find_version(conn, plan.id, unit, year, latest) if latest else None
        if previous is not None and day < previous.signed_on:
            raise ServiceError(Message(N_("date {day} before version {version} ({signed})"),
                                       {"day": day.isoformat(), "version": str(latest),
                                        "signed": previous.signed_on.isoformat()}))
        frozen = _to_json(content.agreement(doc, unit, year))
        version = latest + 1
        stored.add_version(conn, plan.id, unit, year, version, kind, day, reason,
                           user.username, frozen)
        audit.record(conn, user, plan.code, "agreement", f"{unit}/{year}", kind, None,
                     {"version": version, "signed_on": day.isoformat(),
                      "rows": len(frozen["rows"])}, reason)
        return version


def agreement_versions(db: Database, user: User | None, plan_code: str | None, unit: str,
                       year: int) -> list[AgreementVersion]:
    """Every frozen version of a unit's PK for a year, oldest first (for who may see it)."""
    _may_see(user, unit)
    with db.read() as conn:
        rows = stored.versions(conn, plan_row(conn, plan_code).id, unit, year)
    return [AgreementVersion(r.version, r.kind, r.signed_on, r.reason, r.author, utc(r.at),
                             len(r.content["rows"])) for r in rows]


def agreement_version(db: Database, user: User | None, plan_code: str | None, unit: str,
                      year: int, version: int, *, generated: datetime | None = None
                      ) -> content.Agreement:
    """One frozen version as the PK it was (to write as Word or PDF, or to score against)."""
    _may_see(user, unit)
    with db.read() as conn:
        row = stored.find_version(conn, plan_row(conn, plan_code).id, unit, year, version)
    if row is None:
        raise NotFound(Message(N_("PK {unit} {year} has no version {version}"),
                               {"unit": unit, "year": str(year), "version": str(version)}))
    return _from_row(row, generated)


def _may_see(user: User | None, unit: str) -> None:
    from ekinerja import permissions as policy

    if not policy.may_see_unit(user, unit):
        raise PermissionDenied(policy.see_refusal(user, unit))


@dataclass(frozen=True)
class VersionScore:
    """An indicator of a frozen PK: the version's target, today's target in the plan, the
    year's verified realization and the achievement against each target (%)."""

    indicator_code: str
    indicator: str
    measure_unit: str
    version_target: content.Target
    plan_target: content.Target
    realization: float | None
    achievement: float | None  # against the version's target
    plan_achievement: float | None  # against the plan's target now


def scores_against(doc: PlanDocument, agreement: content.Agreement) -> list[VersionScore]:
    """The year's verified realization of each indicator of a PK version, scored against the
    version's target (and, beside it, against the plan's target now). An indicator since
    removed from the plan keeps its row, without realization."""
    engine = content.sakip_engine(doc)
    indicators = {i.code: i for i in doc.indicators}
    cache: dict[str, Any] = {}
    period = str(agreement.heading.year)
    result = []
    for row in agreement.rows:
        indicator = indicators.get(row.indicator_code)
        if indicator is None:
            result.append(VersionScore(row.indicator_code, row.indicator, row.measure_unit,
                                       row.target, None, None, None, None))
            continue
        now = content.figures(engine, indicator.code, period, cache)
        result.append(VersionScore(
            row.indicator_code, row.indicator, row.measure_unit, row.target, now.target,
            now.realization,
            content.achievement_against(doc, indicator, row.target, now.realization),
            now.achievement,
        ))
    return result
