"""Checks of what a caller passes in, shared by the use cases: numbers and reasons."""

from __future__ import annotations

import math
from typing import Any

from ekinerja.messages import N_, Message
from ekinerja.services.errors import ServiceError

MUST_BE_A_NUMBER = N_("{what} must be a number: {value}")
REASON_REQUIRED = N_("a reason is required")
REALIZATION = Message(N_("the realization"))  # what `number` names in its refusal
WEIGHT = Message(N_("the weight"))


def number(value: Any, what: str | Message) -> float:
    """`value` as a float; ServiceError unless it is a finite number (booleans are not)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ServiceError(Message(MUST_BE_A_NUMBER, {"what": what, "value": repr(value)}))
    return float(value)


def need_reason(reason: str | None) -> str:
    """The reason stripped; ServiceError when there is none."""
    if not reason or not reason.strip():
        raise ServiceError(Message(REASON_REQUIRED))
    return reason.strip()
