"""Entering realizations: reading a typed number and an evidence link."""

from __future__ import annotations

import math
import re
from typing import Any
from urllib.parse import urlparse

from ekinerja.messages import N_, InputError, Message
from ekinerja.textrules import check_text

EVIDENCE_NOT_HTTP = N_('the evidence link must be an http(s) address: "{link}"')

_NUMBER = re.compile(r"^[+-]?(\d+|\d{1,3}([.,]\d{3})+)?([.,]\d+)?$")


def parse_number(text: Any) -> float:
    """A typed number: `12.5`, `12,5`, `1.234,56`, `1,234.56`; ValueError (bilingual) if not.

    With both separators the last one is the decimal separator; one separator used once is the
    decimal separator (`12,5`, `1.5`); one separator used several times groups thousands.
    """
    if isinstance(text, bool):
        raise ValueError(f"bukan angka / not a number: {text!r}")
    if isinstance(text, int | float):
        value = float(text)
    else:
        raw = str(text or "").strip().replace("\u00a0", "").replace(" ", "")
        if not raw:
            raise ValueError("nilai kosong / empty value")
        if not _NUMBER.match(raw) or not any(c.isdigit() for c in raw):
            raise ValueError(f'bukan angka / not a number: "{raw}"')
        separators = [c for c in raw if c in ".,"]
        if len(set(separators)) == 2:
            decimal = separators[-1]
            thousands = separators[0]
            raw = raw.replace(thousands, "").replace(decimal, ".")
        elif len(separators) > 1:
            sep = re.escape(separators[0])
            if not re.match(rf"^[+-]?\d{{1,3}}({sep}\d{{3}})+$", raw):
                raise ValueError(f'bukan angka / not a number: "{raw}"')
            raw = raw.replace(separators[0], "")
        else:
            raw = raw.replace(",", ".")
        try:
            value = float(raw)
        except ValueError as exc:
            raise ValueError(f'bukan angka / not a number: "{text}"') from exc
    if not math.isfinite(value):
        raise ValueError(f"bukan angka terhingga / not a finite number: {text!r}")
    return value


def check_evidence(text: str | None) -> str | None:
    """An evidence link: None when empty, the URL when http(s); ValueError (bilingual) otherwise."""
    link = (text or "").strip()
    if not link:
        return None
    check_text(link, "url", place="bukti / evidence")  # length and characters, as everywhere
    parsed = urlparse(link)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise InputError(Message(EVIDENCE_NOT_HTTP, {"link": link}))
    return link
