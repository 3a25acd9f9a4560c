"""Translatable messages: a gettext msgid with its parameters, rendered per language at the edge."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


def N_(message: str) -> str:
    """Mark a message for extraction without translating it now."""
    return message


@dataclass(frozen=True)
class Message:
    """An English msgid (a ``str.format`` template) and its parameters, translated when shown.

    Numbers among the parameters are written in the reader's language (id: 1.234,5), with as
    many decimals as the value has; a Message parameter, or any with a `text(lang)` (a period:
    `ekinerja.periods.PeriodName`), is written in the language too; text parameters are
    inserted as they are.
    """

    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def text(self, lang: str | None = None) -> str:
        """The message in one language (Indonesian when `lang` is None or unknown)."""
        from ekinerja.i18n import translator
        from ekinerja.numbers import format_number

        values = {
            key: format_number(value, lang, None)
            if isinstance(value, int | float) and not isinstance(value, bool)
            else value.text(lang) if callable(getattr(value, "text", None))
            else value
            for key, value in self.params.items()
        }
        return translator(lang)(self.msgid).format(**values)

    def bilingual(self) -> str:
        """Indonesian, then English: ``pesan / message`` (the command line and import reports)."""
        if all(type(value) is str for value in self.params.values()):
            return _bilingual_text(self.msgid, **self.params)
        indonesian, english = self.text("id"), self.text("en")
        return indonesian if indonesian == english else f"{indonesian} / {english}"

    def __str__(self) -> str:
        return self.bilingual()


class InputError(ValueError):
    """Input refused, with a translatable message and, when known, the place it came from."""

    def __init__(self, message: Message, place: str | None = None):
        self.message = message
        self.place = place
        super().__init__(f"{place}: {message}" if place else str(message))

    def text(self, lang: str | None = None) -> str:
        """The refusal in one language, with its place."""
        shown = self.message.text(lang)
        return f"{self.place}: {shown}" if self.place else shown


def bilingual(msgid: str, **params: object) -> str:
    """`Message(msgid, params).bilingual()`: "Indonesian / English"."""
    return Message(msgid, params).bilingual()


@functools.cache
def _templates(msgid: str) -> tuple[str, str]:
    """A msgid in Indonesian and in English (looked up once per msgid)."""
    from ekinerja.i18n import translator

    return translator("id")(msgid), translator("en")(msgid)


@functools.lru_cache(maxsize=4096)
def _bilingual_text(msgid: str, **params: str) -> str:
    """The bilingual text of a message whose parameters are all text, cached: a bad file can
    have a problem per row, often the same one (numbers and messages, written per language,
    go through `Message.text`)."""
    indonesian, english = (template.format(**params) for template in _templates(msgid))
    return indonesian if indonesian == english else f"{indonesian} / {english}"
