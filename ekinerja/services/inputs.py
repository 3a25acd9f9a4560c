"""Checks of what a caller passes in, shared by the use cases: numbers and reasons."""

from __future__ import annotations

import math
from typing import Any

from ekinerja.services.errors import ServiceError


def number(value: Any, what: str) -> float:
    """`value` as a float; ServiceError unless it is a finite number (booleans are not)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ServiceError(f"{what} harus berupa angka / {what} must be a number: {value!r}")
    return float(value)


def need_reason(reason: str | None) -> str:
    """The reason stripped; ServiceError when there is none."""
    if not reason or not reason.strip():
        raise ServiceError("alasan wajib diisi / a reason is required")
    return reason.strip()
