"""Checks of what a caller passes in, shared by the use cases: numbers and reasons."""

from __future__ import annotations

import base64
import binascii
import math
from typing import Any

from ekinerja.messages import N_, InputError, Message
from ekinerja.services.errors import ServiceError, located
from ekinerja.textrules import check_text

MUST_BE_A_NUMBER = N_("{what} must be a number: {value}")
REASON_REQUIRED = N_("a reason is required")
REALIZATION = Message(N_("the realization"))  # what `number` names in its refusal
WEIGHT = Message(N_("the weight"))
REASON = Message(N_("reason"))  # what `text` names in its refusals
NOTE = Message(N_("note"))
EVIDENCE = Message(N_("evidence"))


def number(value: Any, what: str | Message) -> float:
    """`value` as a float; ServiceError unless it is a finite number (booleans are not)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ServiceError(Message(MUST_BE_A_NUMBER, {"what": what, "value": repr(value)}))
    return float(value)


def text(value: Any, kind: str, what: str | Message, *, required: bool = False) -> str | None:
    """`value` when it follows the text rules of its kind (ekinerja.textrules: the import's own
    limits and characters), None when empty and not required; ServiceError otherwise."""
    if not required and (value is None or value == ""):
        return None
    try:
        return check_text(value, kind, required=required)
    except InputError as exc:
        raise ServiceError(located(exc.message, what)) from exc


def need_reason(reason: str | None) -> str:
    """The reason stripped; ServiceError when there is none or it breaks the text rules."""
    if not isinstance(reason, str) or not reason.strip():
        raise ServiceError(Message(REASON_REQUIRED))
    return text(reason.strip(), "reason", REASON, required=True) or ""


def upload_payload(contents: str | None) -> str | None:
    """The base64 text of a dcc.Upload's contents (`data:<type>;base64,<text>`), None when
    the contents are not such a data URL."""
    head, _, body = (contents or "").partition(",")
    if not head.startswith("data:") or not head.endswith(";base64"):
        return None
    return body


def upload_bytes(payload: str) -> bytes | None:
    """The bytes of an upload's base64 text, None when it is not valid base64."""
    try:
        return base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        return None
