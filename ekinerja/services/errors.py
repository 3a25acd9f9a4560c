"""Why a service refused a change: a translatable message (msgid + parameters, shown in the
reader's language by `text`), or an older bilingual text ("pesan / message")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ekinerja.messages import N_, Message


class ServiceError(Exception):
    """A refused change. ``str()`` is bilingual (the command line); pages show ``text(lang)``."""

    def __init__(self, message: str | Message = "", *args: object):
        self.message = message if isinstance(message, Message) else None
        super().__init__(str(message), *args)

    def text(self, lang: str | None = None) -> str:
        """The refusal in one language (the bilingual text when it carries no Message)."""
        return self.message.text(lang) if self.message is not None else str(self)


LOCATED = N_("{place}: {problem}")
OBJECTIVE_NOT_FOUND = N_('objective not found: "{objective}"')
INDICATOR_NOT_FOUND = N_('indicator not found: "{indicator}"')
EMPLOYEE_NOT_FOUND = N_('employee not found: "{employee}"')
USER_NOT_FOUND = N_('user not found: "{username}"')


def located(problem: Message, place: str | Message | None) -> Message:
    """A problem with the place (a field, a row) it is about, when there is one."""
    return Message(LOCATED, {"place": place, "problem": problem}) if place else problem


def reason_of(exc: ServiceError) -> str | Message:
    """Why a service refused: its Message, else its (bilingual) text."""
    return exc.message if exc.message is not None else str(exc)


@dataclass(frozen=True)
class Joined(Message):
    """Several refusals shown as one: joined by "; " in one language, each part bilingual on
    the command line."""

    parts: tuple[Message, ...] = ()

    def text(self, lang: str | None = None) -> str:
        """Every part in one language."""
        return "; ".join(part.text(lang) for part in self.parts)

    def bilingual(self) -> str:
        """Every part as "Indonesian / English"."""
        return "; ".join(part.bilingual() for part in self.parts)


class PermissionDenied(ServiceError):
    """The acting user may not do this."""


class ConflictError(ServiceError):
    """Someone else changed the same thing since the user saw it; nothing was overwritten."""


class NotFound(ServiceError):
    """A plan, objective, indicator, user or version that does not exist."""


class InvalidEdit(ServiceError):
    """A refused structure edit: a translatable message and the field it is about (its place)."""

    def __init__(self, msgid: str, field: str | None = None, **params: Any):
        message = Message(msgid, params)
        shown = message.bilingual()
        super().__init__(f"{field}: {shown}" if field else shown)
        self.message: Message = message  # type: ignore[assignment]
        self.field = field

    def text(self, lang: str | None = None) -> str:
        """The refusal in one language, with its field."""
        shown = self.message.text(lang)
        return f"{self.field}: {shown}" if self.field else shown
