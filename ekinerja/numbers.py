"""Numbers people type and read: one locale-aware parser and formatter, and plausibility checks.

Indonesian writes ``1.234,56`` ("." groups thousands, "," marks decimals), English ``1,234.56``;
both symbols and the group sizes come from Babel's locale data.

How :func:`parse_number` reads a text, after stripping surrounding white space:

- only ASCII digits, one leading ``+``/``-``, the language's group and decimal symbols; a group
  separator must sit between groups of three digits (``1.234.567``), the first group has one to
  three digits and does not start with 0; the decimal part has at least one digit; ``,5`` is
  0.5. Exponents (``1e3``), ``NaN``/``inf``, non-ASCII digits (Arabic-Indic, full-width),
  control characters, inner spaces and units (``97,1 dokumen``, ``50 %``, ``Rp 5.000``) are
  refused with the reason: a unit is shown beside the box, so text there is a slip, and an
  exponent or a digit from another script is far more often a paste accident than meant.
- **ambiguous** (the caller asks which reading is meant, never guesses):
  (a) the text is valid in the language but has no group separator and the *other* convention
  (the two symbols swapped) reads it as a different valid number. That is exactly a decimal
  mark followed by three digits after a 1–3 digit integer part not starting with 0:
  ``1,234`` / ``-12,345`` / ``1,230`` in Indonesian (1,234 or 1234?), ``1.234`` in English.
  A text using the language's own group separator is read as the language says: ``6.621`` in
  Indonesian is 6621 — that is how every page writes it;
  (b) the text is not valid in the language but is in the other convention: ``12.5`` or
  ``1,234.5`` in Indonesian, ``12,5`` in English — one reading, offered for confirmation.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from babel import Locale
from babel.numbers import get_decimal_symbol, get_group_symbol

from ekinerja.i18n import BABEL_LOCALES, language
from ekinerja.messages import N_, Message

OK, EMPTY, INVALID, AMBIGUOUS = "ok", "empty", "invalid", "ambiguous"

#: Longest text read as a number: room for the largest float written in full with groups.
MAX_NUMBER_TEXT = 500
#: What a missing number (None, NaN) is shown as.
NO_VALUE = "–"
#: Default plausibility bounds: a value above 150 % or below 50 % of its target asks for a check.
FAR_ABOVE = 1.5
FAR_BELOW = 0.5

ENTER_A_NUMBER = N_("Enter a number.")
NOT_A_NUMBER = N_('"{text}" is not a number.')
WITHOUT_UNIT = N_('"{text}" is not a number: type only the number, without a unit.')
ASCII_DIGITS = N_('"{text}" has digits other than 0–9: type the number with the digits 0–9.')
CONTROL_CHARACTER = N_("The number contains a control character ({code}).")
NO_EXPONENT = N_('"{text}": write the number in full, without an exponent.')
TOO_LONG = N_("The number is too long (more than {limit} characters).")
TOO_LARGE = N_('"{text}" is too large.')
DECIMAL_OR_THOUSANDS = N_(
    '"{text}" can mean {decimal} (with decimals) or {grouped} (thousands): choose one.'
)
OTHER_FORMAT = N_('"{text}" is written in another number format: did you mean {value}?')

FAR_ABOVE_TARGET = N_(
    "The value {value} is {ratio} % of the target {target}, more than the usual {limit} %."
)
FAR_BELOW_TARGET = N_(
    "The value {value} is {ratio} % of the target {target}, less than the usual {limit} %."
)
NEGATIVE_VALUE = N_("The value {value} is negative.")
PERCENT_ABOVE_100 = N_("The value {value} is above 100 while the measure unit is a percentage.")

_SHAPE = re.compile(r"[+-]?[0-9.,]+")
_EXPONENT = re.compile(r"[+-]?[0-9.,]*[0-9][eE][+-]?[0-9]+")
_PERCENT_UNIT = re.compile(r"%|\b(?:persen(?:tase)?|percent(?:age)?|prosen)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Symbols:
    """How a language writes numbers: group and decimal symbols, group sizes."""

    group: str
    decimal: str
    primary: int  # digits in the last group before the decimal mark
    secondary: int  # digits in the groups before it

    def swapped(self) -> Symbols:
        """The other convention: the two symbols exchanged (id <-> en)."""
        return Symbols(self.decimal, self.group, self.primary, self.secondary)


@cache
def symbols(lang: str | None) -> Symbols:
    """The number symbols of a language from Babel's data (id: "." and ",", groups of 3)."""
    locale = Locale.parse(BABEL_LOCALES[language(lang)])
    primary, secondary = locale.decimal_formats[None].grouping
    return Symbols(get_group_symbol(locale), get_decimal_symbol(locale), primary, secondary)


@cache
def _to_locale(lang: str) -> dict[int, str]:
    marks = symbols(lang)
    return str.maketrans({",": marks.group, ".": marks.decimal})


def format_number(value: float | None, lang: str | None = None, digits: int | None = 2) -> str:
    """A number as the language writes it (id: ``1.234,56``); an en dash for no value.

    ``digits`` decimals, rounded half to even on the exact binary value (as Babel's
    ``format_decimal`` of ``Decimal(value)``); ``None``: as many as the value needs to read back
    exactly (``0,1``, ``1.234``). Negative zero is written ``0``; infinities ``∞`` / ``-∞``.
    """
    if value is None:
        return NO_VALUE
    number = float(value)
    if math.isnan(number):
        return NO_VALUE
    if math.isinf(number):
        return "∞" if number > 0 else "-∞"
    if digits is None:
        text = format(Decimal(repr(number)).normalize(), "z,f")
    else:
        text = f"{number:z,.{digits}f}"
    return text.translate(_to_locale(language(lang)))


@dataclass(frozen=True)
class ParsedNumber:
    """What a typed text is: a value (``ok``), or why not (``empty``, ``invalid``, ``ambiguous``).

    ``readings`` holds the possible values of an ambiguous text, the language's own reading
    first when it has one; ``message`` says why the text was not read (translate at the edge).
    """

    status: str
    value: float | None = None
    readings: tuple[float, ...] = ()
    message: Message | None = None

    @property
    def ok(self) -> bool:
        """True when the text is one number."""
        return self.status == OK


def _read(body: str, marks: Symbols) -> float | None:
    """The value of an unsigned ASCII number written with these symbols, or None."""
    whole, mark, fraction = body.partition(marks.decimal)
    if mark and not (fraction.isdigit() and fraction.isascii()):
        return None
    if not whole:
        return float("0." + fraction) if mark else None
    groups = whole.split(marks.group)
    if not all(g.isdigit() for g in groups):
        return None
    if len(groups) > 1:
        first, middle, last = groups[0], groups[1:-1], groups[-1]
        limit = marks.secondary if middle else marks.primary
        if (
            not 1 <= len(first) <= limit
            or first[0] == "0"
            or len(last) != marks.primary
            or any(len(g) != marks.secondary for g in middle)
        ):
            return None
    return float("".join(groups) + ("." + fraction if mark else ""))


def _shown(text: str) -> str:
    return text if len(text) <= 40 else text[:39] + "…"


def _invalid(msgid: str, **params: object) -> ParsedNumber:
    return ParsedNumber(INVALID, message=Message(msgid, params))


def _refusal(text: str) -> ParsedNumber | None:
    """Why a stripped text cannot be a number, before its digits are read (None: no reason)."""
    if len(text) > MAX_NUMBER_TEXT:
        return _invalid(TOO_LONG, limit=MAX_NUMBER_TEXT)
    if text.isascii() and _SHAPE.fullmatch(text):
        return None
    for char in text:
        category = unicodedata.category(char)
        if category in ("Cc", "Cs"):
            return _invalid(CONTROL_CHARACTER, code=f"U+{ord(char):04X}")
    if any(unicodedata.category(c) == "Nd" and not c.isascii() for c in text):
        return _invalid(ASCII_DIGITS, text=_shown(text))
    if _EXPONENT.fullmatch(text):
        return _invalid(NO_EXPONENT, text=_shown(text))
    has_digit = any(c.isascii() and c.isdigit() for c in text)
    has_unit = any(c == "%" or unicodedata.category(c)[0] in "LS" for c in text)
    return _invalid(WITHOUT_UNIT if has_digit and has_unit else NOT_A_NUMBER, text=_shown(text))


def parse_number(text: object, lang: str | None = None) -> ParsedNumber:
    """Read a number typed in a language; never raises. See the module docstring for the rules.

    An int or float (not bool) is taken as it is when finite. None or blank text is ``empty``.
    """
    if isinstance(text, int | float) and not isinstance(text, bool):
        number = float(text)
        if math.isfinite(number):
            return ParsedNumber(OK, number + 0.0)
        return _invalid(NOT_A_NUMBER, text=_shown(str(text)))
    if text is None:
        return ParsedNumber(EMPTY, message=Message(ENTER_A_NUMBER))
    if not isinstance(text, str):
        return _invalid(NOT_A_NUMBER, text=_shown(str(type(text).__name__)))
    stripped = text.strip()
    if not stripped:
        return ParsedNumber(EMPTY, message=Message(ENTER_A_NUMBER))
    refused = _refusal(stripped)
    if refused is not None:
        return refused
    sign = -1.0 if stripped[0] == "-" else 1.0
    body = stripped[1:] if stripped[0] in "+-" else stripped
    marks = symbols(lang)
    mine, theirs = _read(body, marks), _read(body, marks.swapped())
    for reading in (mine, theirs):
        if reading is not None and not math.isfinite(reading):
            return _invalid(TOO_LARGE, text=_shown(stripped))
    if mine is not None:
        if theirs is None or theirs == mine or marks.group in body:
            return ParsedNumber(OK, sign * mine + 0.0)
        readings = (sign * mine + 0.0, sign * theirs + 0.0)
        message = Message(
            DECIMAL_OR_THOUSANDS, {"text": stripped, "decimal": readings[0], "grouped": readings[1]}
        )
        return ParsedNumber(AMBIGUOUS, readings=readings, message=message)
    if theirs is not None:
        reading = sign * theirs + 0.0
        return ParsedNumber(
            AMBIGUOUS,
            readings=(reading,),
            message=Message(OTHER_FORMAT, {"text": stripped, "value": reading}),
        )
    return _invalid(NOT_A_NUMBER, text=_shown(stripped))


# ---------------------------------------------------------------------------- plausibility


def is_percentage(measure_unit: str | None) -> bool:
    """True when a measure unit says percent: ``%``, ``persen``, ``persentase``, ``percent``."""
    return bool(measure_unit and _PERCENT_UNIT.search(measure_unit))


def plausibility_warnings(
    value: float,
    target: float | tuple[float, float] | list[float] | None,
    measure_unit: str | None = "",
    *,
    above: float = FAR_ABOVE,
    below: float = FAR_BELOW,
) -> list[Message]:
    """Reasons to ask "is this right?" before saving a value; empty when it looks plausible.

    Far from the target (more than ``above`` or less than ``below`` times it; a ranged target
    ``[low, high]`` is compared by its nearer bound; no check against a target <= 0), a
    negative value, a percentage above 100. Each is a Message (msgid + parameters).
    """
    warnings: list[Message] = []
    if target is not None:
        bounds = target if isinstance(target, list | tuple) else (target, target)
        low, high = sorted(float(t) for t in bounds)
        if high > 0 and value > above * high:
            warnings.append(_far(FAR_ABOVE_TARGET, value, high, above))
        elif low > 0 and value < below * low:
            warnings.append(_far(FAR_BELOW_TARGET, value, low, below))
    if value < 0:
        warnings.append(Message(NEGATIVE_VALUE, {"value": value}))
    if value > 100 and is_percentage(measure_unit):
        warnings.append(Message(PERCENT_ABOVE_100, {"value": value}))
    return warnings


def _far(msgid: str, value: float, target: float, limit: float) -> Message:
    ratio = round(100 * value / target, 1)
    return Message(
        msgid, {"value": value, "ratio": ratio, "target": target, "limit": round(100 * limit, 1)}
    )
