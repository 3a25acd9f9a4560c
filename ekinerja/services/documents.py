"""SAKIP documents for a reader: the PK, Rencana Aksi and LKjIP of a unit and year as a file.

Reading, not changing: nothing is written to the database and nothing audited. Who may see the
unit may have its documents (ekinerja.permissions.may_see_unit); the request is checked before
anything is built, and an unknown unit, a year outside the plan or a format the document does
not come in is refused with every problem named.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from ekinerja import documents
from ekinerja import permissions as policy
from ekinerja.documents.content import Budgets, DocumentError, FollowUpNote, check_request
from ekinerja.messages import N_, Message
from ekinerja.model import PlanDocument
from ekinerja.services.access import User
from ekinerja.services.errors import PermissionDenied, ServiceError

#: What the /laporan page offers: (kind, suffix) in the order shown.
FORMATS: tuple[tuple[str, str], ...] = tuple(
    (kind, suffix) for kind, suffixes in documents.KINDS.items() for suffix in suffixes
)


@dataclass(frozen=True)
class MadeDocument:
    """A generated document: its file name, bytes, indicator rows and the seconds it took."""

    filename: str
    content: bytes
    rows: int
    seconds: float


def filename(kind: str, unit: str, year: int, suffix: str) -> str:
    """The file name of a document (`pk-DIKES-2022.docx`)."""
    return f"{kind}-{unit}-{year}{suffix}"


def make_document(doc: PlanDocument, user: User | None, kind: str, unit: str, year: int,
                  suffix: str, *, generated: datetime | None = None,
                  budgets: Budgets | None = None,
                  analysis: Sequence[FollowUpNote] | None = None) -> MadeDocument:
    """One SAKIP document of a unit and year for a user who may see the unit.

    PermissionDenied for anyone else; ServiceError (every problem named) for an unknown kind,
    unit, a year outside the plan or a suffix the kind does not come in. `budgets`
    (services.budgets.budgets_of) fill the LKjIP's budget table and efficiency, `analysis`
    (services.followups.analysis_of) its causes, efforts and recommendations.
    """
    if not policy.may_see_unit(user, unit):
        raise PermissionDenied(policy.see_refusal(user, unit))
    if kind not in documents.KINDS:
        raise ServiceError(Message(N_('unknown document "{kind}"'), {"kind": kind}))
    problems = check_request(doc, unit, year)
    wrong_suffix = documents.suffix_problem(kind, f"{kind}{suffix}")
    if wrong_suffix is not None:
        problems.append(wrong_suffix)
    if problems:
        raise ServiceError("; ".join(p.message for p in problems))
    start = time.perf_counter()
    try:
        made, content = documents.render(kind, doc, unit, year, suffix, generated=generated,
                                         budgets=budgets, analysis=analysis)
    except DocumentError as exc:  # checked above; kept for a plan changed in between
        raise ServiceError("; ".join(p.message for p in exc.problems)) from exc
    return MadeDocument(filename(kind, unit, year, suffix), content,
                        len(getattr(made, "rows", [])), time.perf_counter() - start)
