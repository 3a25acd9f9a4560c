"""Text people enter or import: length limits and character rules per kind of field.

One set of rules for the web pages, the API and the plan import, so a text one of them
accepts is one the others (and PostgreSQL, and a workbook) keep unchanged:

- every kind refuses NUL and the other C0/C1 control characters and DEL, lone surrogates
  (U+D800–U+DFFF: not encodable as UTF-8; PostgreSQL refuses them and NUL), Unicode
  non-characters (U+FDD0–U+FDEF, U+xFFFE, U+xFFFF) and the bidirectional embedding, override and
  isolate controls (U+202A–U+202E, U+2066–U+2069: they make a text display other than it reads);
- single-line kinds also refuse tab, line feed, carriage return and U+2028/U+2029 (a code with
  ``\\r`` came back as ``\\n`` from a workbook); multi-line kinds (note, reason) allow tab and
  line feed, and :func:`check_text` turns ``\\r\\n`` and a lone ``\\r`` into ``\\n`` first;
- codes must not start or end with white space (``"SS-1 "`` would look like ``"SS-1"``);
- lengths (characters): code 100, name 500, measure unit 100, note 4 000, reason 1 000, URL
  2 000 (browsers and servers handle 2 000-character URLs everywhere), search 200.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ekinerja.messages import N_, InputError, Message

TOO_LONG = N_("Too long: {length} characters, at most {limit}.")
CHARACTER_NOT_ALLOWED = N_("Character not allowed: {code} at position {position}.")
SURROUNDING_SPACE = N_("Must not start or end with a space.")
MUST_NOT_BE_EMPTY = N_("Must not be empty.")
MUST_BE_TEXT = N_("Must be text.")

_NONCHARACTERS = r"\ufdd0-\ufdef\ufffe\uffff" + "".join(
    rf"\U{plane:04x}fffe\U{plane:04x}ffff" for plane in range(1, 17)
)
_ALWAYS = (
    r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff" + _NONCHARACTERS
)
_SINGLE_LINE = re.compile(f"[{_ALWAYS}\t\n\r\u2028\u2029]")
_MULTI_LINE = re.compile(f"[{_ALWAYS}\r]")
_NEWLINES = re.compile("\r\n?")


@dataclass(frozen=True)
class TextRule:
    """The rules of one kind of text field."""

    kind: str
    max_length: int
    multiline: bool = False
    no_surrounding_space: bool = False

    @property
    def forbidden(self) -> re.Pattern[str]:
        """The characters this kind refuses."""
        return _MULTI_LINE if self.multiline else _SINGLE_LINE


RULES: dict[str, TextRule] = {
    rule.kind: rule
    for rule in (
        TextRule("code", 100, no_surrounding_space=True),
        TextRule("name", 500),
        TextRule("measure_unit", 100),
        TextRule("note", 4000, multiline=True),
        TextRule("reason", 1000, multiline=True),
        TextRule("url", 2000, no_surrounding_space=True),
        TextRule("search", 200),
    )
}


def text_problem(value: str, kind: str) -> Message | None:
    """Why a text breaks the rules of its kind of field; None when it follows them.

    Emptiness is the caller's business (an optional field may be empty). Cheap on valid text:
    a length check and one regular-expression search.
    """
    rule = RULES[kind]
    if len(value) > rule.max_length:
        return Message(TOO_LONG, {"length": len(value), "limit": rule.max_length})
    bad = rule.forbidden.search(value)
    if bad is not None:
        return Message(
            CHARACTER_NOT_ALLOWED,
            {"code": f"U+{ord(bad.group()):04X}", "position": bad.start() + 1},
        )
    if rule.no_surrounding_space and value and value != value.strip():
        return Message(SURROUNDING_SPACE)
    return None


def all_codes_valid(codes: list[str]) -> bool:
    """True when every text of `codes` follows the rule of codes (and none is empty).

    A screen for many codes at once (loops in C); when it says False,
    :func:`text_problem` on each code says which and why.
    """
    if not codes:
        return True
    if set(map(type, codes)) != {str}:  # (a loop in C)
        return False
    lengths = list(map(len, codes))
    if max(lengths) > RULES["code"].max_length or min(lengths) == 0:
        return False
    if sum(map(len, map(str.strip, codes))) != sum(lengths):
        return False  # a surrounding space
    # every character the rule refuses is non-printable: all printable is valid, quickly
    return all(map(str.isprintable, codes)) or not any(map(_SINGLE_LINE.search, codes))


def check_text(
    value: object, kind: str, *, required: bool = True, place: str | None = None
) -> str:
    """The text when it follows the rules of its kind, else InputError (a ValueError).

    Multi-line kinds get their line endings made ``\\n`` first; nothing else is changed (no
    trimming: the caller strips when a field means that). None counts as empty.
    """
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InputError(Message(MUST_BE_TEXT), place)
    if RULES[kind].multiline:
        value = _NEWLINES.sub("\n", value)
    if not value and required:
        raise InputError(Message(MUST_NOT_BE_EMPTY), place)
    problem = text_problem(value, kind)
    if problem is not None:
        raise InputError(problem, place)
    return value
