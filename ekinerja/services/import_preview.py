"""Importing a plan file from a page: read the upload, preview what it changes, then confirm.

The same engine as `ekinerja import --dry-run` (services.importing): the preview is a dry run
whose fingerprint the confirmation carries back; the confirmation re-reads the file and imports
it only when it would write exactly what the preview showed (else PlanChanged, nothing
written). Removals need ``allow_removals``; a file with errors is never imported. The upload is
checked before anything expands it: its size (the setting `EKINERJA_IMPORT_MAX_MB`), its content
(a zip archive for .xlsx, a JSON object for .json), then the workbook limits of
ekinerja.workbooks while it is read.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ekinerja import interchange
from ekinerja.messages import N_, Message
from ekinerja.model import InvalidPlan, PlanDocument, Problem
from ekinerja.problems import capped
from ekinerja.services.access import Action, User, require
from ekinerja.services.errors import ServiceError
from ekinerja.services.importing import ImportReport, import_document
from ekinerja.services.inputs import upload_bytes, upload_payload
from ekinerja.services.plans import load_document
from ekinerja.storage.database import Database

UNREADABLE = N_("The file could not be read.")
EMPTY_FILE = N_("The file is empty.")
FILE_TOO_LARGE = N_("The file has {size} MB, at most {limit} MB can be imported here; use "
                    "`ekinerja import` for larger files.")
NOT_A_PLAN_FILE = N_("The file is neither an .xlsx workbook nor a JSON document (its content "
                     "was checked, not its name).")
NAME_DISAGREES = N_("The file is named {name} but its content is {kind}.")
OTHER_PLAN = N_("The file is the plan {found}; this page imports into the plan {shown}.")

MB = 1 << 20


@dataclass
class Preview:
    """What importing a file would do: the dry run's report, or the file's problems."""

    file_name: str
    report: ImportReport | None = None
    problems: list[Problem] = field(default_factory=list)  # errors, capped ("and N more")
    fingerprint: str | None = None  # the report's, for the confirmation

    @property
    def importable(self) -> bool:
        """Whether the file may be imported (no error; the report is known)."""
        return self.report is not None and not self.problems


def decode(contents: str | None, max_bytes: int) -> bytes:
    """The bytes of a dcc.Upload (`data:<type>;base64,<bytes>`); ServiceError when there is
    none, it is not such a data URL, or it holds more than `max_bytes`."""
    body = upload_payload(contents)
    if body is None:
        raise ServiceError(Message(UNREADABLE))
    if len(body) * 3 // 4 > max_bytes + 3:  # before decoding: the size is known from the text
        raise _too_large(len(body) * 3 // 4, max_bytes)
    data = upload_bytes(body)
    if data is None:
        raise ServiceError(Message(UNREADABLE))
    if not data:
        raise ServiceError(Message(EMPTY_FILE))
    if len(data) > max_bytes:
        raise _too_large(len(data), max_bytes)
    return data


def _too_large(size: int, max_bytes: int) -> ServiceError:
    return ServiceError(Message(FILE_TOO_LARGE, {"size": round(size / MB, 1),
                                                 "limit": round(max_bytes / MB, 1)}))


def kind_of(data: bytes, name: str) -> str:
    """The file's kind from its content: ".xlsx" (a zip archive) or ".json" (a JSON object);
    ServiceError when it is neither, or when its name says the other kind."""
    if data.startswith(b"PK\x03\x04"):
        kind = ".xlsx"
    elif data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        kind = ".json"
    else:
        raise ServiceError(Message(NOT_A_PLAN_FILE))
    suffix = Path(name or "").suffix.lower()
    if suffix in (".xlsx", ".json") and suffix != kind:
        raise ServiceError(Message(NAME_DISAGREES, {"name": Path(name).name, "kind": kind}))
    return kind


def read_document(data: bytes, name: str) -> PlanDocument:
    """The plan in the uploaded bytes, read as `ekinerja import` reads a file (the workbook
    limits checked before openpyxl expands anything); InvalidPlan with every problem at its
    sheet and cell (or JSON path), the file itself named by its uploaded name."""
    kind = kind_of(data, name)
    handle, path = tempfile.mkstemp(suffix=kind, prefix="ekinerja-upload-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        try:
            return interchange.load(path)
        except InvalidPlan as exc:
            shown = Path(name).name or kind
            raise InvalidPlan([Problem(shown, p.message, p.severity) if p.place == path else p
                               for p in exc.problems]) from None
    finally:
        os.unlink(path)


def _shown_plan(db: Database, plan_code: str | None) -> str:
    return load_document(db, plan_code).plan.code


def _checked(db: Database, contents: str | None, name: str, max_bytes: int,
             plan_code: str | None) -> PlanDocument:
    """The uploaded plan, refused when it is for another plan than the page's."""
    doc = read_document(decode(contents, max_bytes), name)
    shown = _shown_plan(db, plan_code)
    if doc.plan.code != shown:
        raise InvalidPlan([Problem("plan.code", Message(
            OTHER_PLAN, {"found": doc.plan.code, "shown": shown}).bilingual())])
    return doc


def preview_import(db: Database, user: User | None, contents: str | None, name: str,
                   max_bytes: int, plan_code: str | None = None) -> Preview:
    """What importing the uploaded file into the shown plan would do (a dry run: nothing is
    written), or its problems. PermissionDenied before the file is read for anyone who may not
    import (only admins and planners may); ServiceError for an unreadable or too large file."""
    user = require(user, Action.CHANGE_STRUCTURE, plan_code)
    try:
        doc = _checked(db, contents, name, max_bytes, plan_code)
        report = import_document(db, user, doc, dry_run=True)
    except InvalidPlan as exc:
        errors = [p for p in exc.problems if p.severity == "error"] or exc.problems
        return Preview(name, problems=capped(errors))
    return Preview(name, report=report, fingerprint=report.fingerprint())


def confirm_import(db: Database, user: User | None, contents: str | None, name: str,
                   max_bytes: int, fingerprint: str, *, allow_removals: bool = False,
                   plan_code: str | None = None) -> ImportReport:
    """Import the previewed file as the user, in one audited transaction with the snapshot
    `ekinerja db restore` brings back. Refused, nothing written, when the file has errors
    (InvalidPlan), would remove items without ``allow_removals`` (RemovalsRefused) or would
    now write anything but the preview with `fingerprint` (PlanChanged)."""
    user = require(user, Action.CHANGE_STRUCTURE, plan_code)
    doc = _checked(db, contents, name, max_bytes, plan_code)
    reason = Message(N_("web import: {name}"), {"name": Path(name).name}).bilingual()[:500]
    return import_document(db, user, doc, reason=reason, allow_removals=allow_removals,
                           expected=fingerprint)


def template_workbook(db: Database, user: User | None, plan_code: str | None = None) -> bytes:
    """The current plan as an .xlsx workbook to fill in and import again (the export of
    `ekinerja export`: texts that look like formulas are stored as text)."""
    require(user, Action.CHANGE_STRUCTURE, plan_code)
    doc = load_document(db, plan_code)
    handle, path = tempfile.mkstemp(suffix=".xlsx", prefix="ekinerja-template-")
    os.close(handle)
    try:
        interchange.save(doc, path)
        return Path(path).read_bytes()
    finally:
        os.unlink(path)
