"""Why a service refused a change: each error carries a bilingual message ("pesan / message")."""

from __future__ import annotations

from typing import Any

from ekinerja.messages import Message


class ServiceError(Exception):
    """A refused change, with a bilingual message ("pesan / message")."""


class PermissionDenied(ServiceError):
    """The acting user may not do this."""


class ConflictError(ServiceError):
    """Someone else changed the same thing since the user saw it; nothing was overwritten."""


class NotFound(ServiceError):
    """A plan, objective, indicator, user or version that does not exist."""


class InvalidEdit(ServiceError):
    """A refused structure edit: a translatable message and the field it is about (its place)."""

    def __init__(self, msgid: str, field: str | None = None, **params: Any):
        self.message = Message(msgid, params)
        self.field = field
        shown = self.message.bilingual()
        super().__init__(f"{field}: {shown}" if field else shown)

    def text(self, lang: str | None = None) -> str:
        """The refusal in one language, with its field."""
        shown = self.message.text(lang)
        return f"{self.field}: {shown}" if self.field else shown
