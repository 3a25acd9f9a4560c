"""Entering realizations: reading a typed number and an evidence link."""

from __future__ import annotations

import math
import re
from typing import Any
from urllib.parse import urlparse

from ekinerja.messages import N_, InputError, Message
from ekinerja.numbers import ASCII_DIGITS, MAX_NUMBER_TEXT, NEGATIVE_VALUE
from ekinerja.textrules import check_text

EVIDENCE_NOT_HTTP = N_('the evidence link must be an http(s) address: "{link}"')
NOT_A_NUMBER = N_("not a number: {value}")
EMPTY_VALUE = N_("empty value")
NOT_FINITE = N_("not a finite number: {value}")
EVIDENCE = N_("evidence")

# ASCII digits only: \d would take Arabic-Indic or full-width digits (float() reads them too)
_NUMBER = re.compile(r"[+-]?([0-9]+|[0-9]{1,3}([.,][0-9]{3})+)?([.,][0-9]+)?")


def parse_number(text: Any) -> float:
    """A typed number: `12.5`, `12,5`, `1.234,56`, `1,234.56`; ValueError (bilingual) if not.

    With both separators the last one is the decimal separator; one separator used once is the
    decimal separator (`12,5`, `1.5`); one separator used several times groups thousands.
    """
    if isinstance(text, bool):
        raise InputError(Message(NOT_A_NUMBER, {"value": repr(text)}))
    if isinstance(text, int | float):
        value = float(text)
    else:
        raw = str(text or "").strip().replace("\u00a0", "").replace(" ", "")
        if not raw:
            raise InputError(Message(EMPTY_VALUE))
        if any(c.isdigit() and not c.isascii() for c in raw[:MAX_NUMBER_TEXT]):
            raise InputError(Message(ASCII_DIGITS, {"text": raw[:40]}))
        if len(raw) > MAX_NUMBER_TEXT or not raw.isascii() or not _NUMBER.fullmatch(raw) \
                or not any(c.isdigit() for c in raw):
            raise InputError(Message(NOT_A_NUMBER, {"value": f'"{raw}"'}))
        separators = [c for c in raw if c in ".,"]
        if len(set(separators)) == 2:
            decimal = separators[-1]
            thousands = separators[0]
            raw = raw.replace(thousands, "").replace(decimal, ".")
        elif len(separators) > 1:
            sep = re.escape(separators[0])
            if not re.fullmatch(rf"[+-]?[0-9]{{1,3}}({sep}[0-9]{{3}})+", raw):
                raise InputError(Message(NOT_A_NUMBER, {"value": f'"{raw}"'}))
            raw = raw.replace(separators[0], "")
        else:
            raw = raw.replace(",", ".")
        try:
            value = float(raw)
        except ValueError as exc:
            raise InputError(Message(NOT_A_NUMBER, {"value": f'"{text}"'})) from exc
    if not math.isfinite(value):
        raise InputError(Message(NOT_FINITE, {"value": repr(text)}))
    return value


def value_warnings(value: float) -> list[Message]:
    """What to point out about a value that is accepted: a negative one is said, not silent."""
    return [Message(NEGATIVE_VALUE, {"value": value})] if value < 0 else []


def check_evidence(text: str | None) -> str | None:
    """An evidence link: None when empty, the URL when http(s); ValueError (bilingual) otherwise."""
    link = (text or "").strip()
    if not link:
        return None
    check_text(link, "url", place=Message(EVIDENCE).bilingual())  # as every text is checked
    parsed = urlparse(link)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise InputError(Message(EVIDENCE_NOT_HTTP, {"link": link}))
    return link
