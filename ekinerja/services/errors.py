"""Why a service refused a change: a translatable message (msgid + parameters, shown in the
reader's language by `text`), or an older bilingual text ("pesan / message")."""

from __future__ import annotations

from ekinerja.messages import Message


class ServiceError(Exception):
    """A refused change. ``str()`` is bilingual (the command line); pages show ``text(lang)``."""

    def __init__(self, message: str | Message = "", *args: object):
        self.message = message if isinstance(message, Message) else None
        super().__init__(str(message), *args)

    def text(self, lang: str | None = None) -> str:
        """The refusal in one language (the bilingual text when it carries no Message)."""
        return self.message.text(lang) if self.message is not None else str(self)


class PermissionDenied(ServiceError):
    """The acting user may not do this."""


class ConflictError(ServiceError):
    """Someone else changed the same thing since the user saw it; nothing was overwritten."""


class NotFound(ServiceError):
    """A plan, objective, indicator, user or version that does not exist."""
