"""Evidence files of realizations: what is accepted (the type recognised from the content, never
the name; a size limit — both settings), and downloading one (any signed-in user: everyone sees
every realization, docs/accounts.md). Files are stored with the realization entry that brought
them (services.realizations.record_realization) and kept with its history."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

import filetype

from ekinerja.messages import N_, Message
from ekinerja.services.access import User
from ekinerja.services.errors import NotFound, PermissionDenied, ServiceError
from ekinerja.services.inputs import upload_bytes, upload_payload
from ekinerja.services.plans import plan_row
from ekinerja.storage import realizations as stored
from ekinerja.storage.database import Database

EVIDENCE_NOT_FOUND = N_("evidence file not found: {id}")
DEFAULT_TYPES = frozenset({"pdf", "jpg", "png", "gif", "webp", "tif", "doc", "docx", "xls",
                           "xlsx", "ppt", "pptx", "odt", "ods", "odp"})


@dataclass(frozen=True)
class EvidenceLimits:
    """The largest file accepted (bytes) and the accepted types (file extensions as
    `filetype` names them: pdf, jpg, png, docx, ...)."""

    max_bytes: int = 10 * 1024 * 1024
    types: frozenset[str] = field(default=DEFAULT_TYPES)


@dataclass(frozen=True)
class Upload:
    """A file as it came from the browser: its name there and its bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class CheckedFile:
    """An accepted upload: a safe name, the type found in its content, its bytes and digest."""

    name: str
    content_type: str
    extension: str
    data: bytes
    sha256: str


@dataclass(frozen=True)
class EvidenceFile:
    """A stored evidence file, to download."""

    id: int
    name: str
    content_type: str
    data: bytes


def decode_upload(contents: str | None, name: str | None) -> Upload | None:
    """The file of a dcc.Upload (`data:<type>;base64,<bytes>`), None when there is none;
    ServiceError when it is not such a data URL."""
    if not contents:
        return None
    payload = upload_payload(contents)
    data = upload_bytes(payload) if payload is not None else None
    if data is None:
        raise ServiceError(Message(N_("the file could not be read")))
    return Upload(name or "bukti", data)


def safe_name(name: str, extension: str) -> str:
    """The file's own name without folders or odd characters, ending in the type's extension."""
    base = re.split(r"[\\/]", name or "")[-1]
    stem = re.sub(r"[^\w.\- ()]+", "_", base.rsplit(".", 1)[0] if "." in base else base).strip()
    stem = (stem or "bukti")[:200]
    return f"{stem}.{extension}"


def check_upload(upload: Upload, limits: EvidenceLimits | None = None) -> CheckedFile:
    """The upload accepted under `limits`; ServiceError (nothing stored) when it is empty, too
    large, or of a type not accepted — the type is read from the content, not the name."""
    limits = limits or EvidenceLimits()
    size = len(upload.data)
    if size == 0:
        raise ServiceError(Message(N_("the file is empty")))
    if size > limits.max_bytes:
        mb = limits.max_bytes / (1024 * 1024)
        raise ServiceError(Message(N_("the file is too large (at most {size} MB)"),
                                   {"size": f"{mb:g}"}))
    kind = filetype.guess(upload.data)
    found = None if kind is None else kind.extension
    if found not in limits.types:
        accepted = ", ".join(sorted(limits.types))
        raise ServiceError(Message(N_("file type not accepted ({found}); accepted: {accepted}"),
                                   {"found": found or Message(N_("unknown")),
                                    "accepted": accepted}))
    assert kind is not None
    return CheckedFile(safe_name(upload.name, kind.extension), kind.mime, kind.extension,
                       upload.data, hashlib.sha256(upload.data).hexdigest())


def evidence_file(db: Database, user: User | None, plan_code: str | None, file_id: int
                  ) -> EvidenceFile:
    """An evidence file to download: any signed-in user (PermissionDenied without one),
    NotFound for an unknown id."""
    if user is None:
        raise PermissionDenied(Message(N_("not allowed: sign in first")))
    with db.read() as conn:
        plan = plan_row(conn, plan_code)
        row = stored.evidence_file(conn, plan.id, int(file_id), with_data=True)
    if row is None:
        raise NotFound(Message(EVIDENCE_NOT_FOUND, {"id": str(file_id)}))
    return EvidenceFile(row.id, row.name, row.content_type, bytes(row.data))
