"""Why a service refused a change: each error carries a bilingual message ("pesan / message")."""

from __future__ import annotations


class ServiceError(Exception):
    """A refused change, with a bilingual message ("pesan / message")."""


class PermissionDenied(ServiceError):
    """The acting user may not do this."""


class ConflictError(ServiceError):
    """Someone else changed the same thing since the user saw it; nothing was overwritten."""


class NotFound(ServiceError):
    """A plan, objective, indicator, user or version that does not exist."""
