"""The `ekinerja/1` interchange format: JSON and Excel workbook, both ways without loss (§4)."""

from __future__ import annotations

import contextlib
import functools
import json
import math
import os
import re
import tempfile
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

from ekinerja import model, textrules, workbooks
from ekinerja.gcpause import no_gc
from ekinerja.messages import N_, bilingual
from ekinerja.model import (
    AGGREGATIONS,
    COUNT_MODES,
    FORMAT,
    LEVELS,
    MISSING_MODES,
    NEGATIVE_METHODS,
    PERSPECTIVES,
    POLARITIES,
    RATINGS,
    REALIZATION_STATUSES,
    RHK_KINDS,
    UNIT_KINDS,
    UNIT_PREDIKATS,
    InvalidPlan,
    PlanDocument,
    Problem,
)
from ekinerja.periods import is_period, parse_period
from ekinerja.problems import ProblemList

JSONPath = tuple[str | int, ...]
PlaceOf = Callable[[JSONPath], str]

#: Longest text a workbook cell holds: the bands of `plan.settings` are one cell of JSON.
MAX_TEXT = 32767
_NUMBER_TEXT = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_MISSING = object()

LISTS: tuple[str, ...] = (
    "units",
    "employees",
    "objectives",
    "indicators",
    "links",
    "causal_links",
    "targets",
    "realizations",
    "unit_predikat",
    "skp_ratings",
)
REQUIRED_LISTS: frozenset[str] = frozenset({"objectives", "indicators"})
SETTINGS_KEYS: tuple[str, ...] = (
    "cap",
    "floor",
    "missing",
    "negative_method",
    "bands",
    "count",
    "skp",
)
SKP_KEYS: tuple[str, ...] = ("above_from", "as_expected_from")
_ENUM_SETTINGS: dict[str, tuple[str, ...]] = {
    "missing": MISSING_MODES,
    "negative_method": NEGATIVE_METHODS,
    "count": COUNT_MODES,
}
PLAN_KEYS: tuple[str, ...] = ("code", "name", "start_year", "end_year")

# The problems of a plan file (msgids; shown "Indonesian / English" by `bilingual`).
MUST_BE_TEXT = N_("must be text, not {value}")
MUST_NOT_BE_EMPTY = N_("must not be empty")
MUST_BE_NUMBER = N_("must be a number, not {value}")
NOT_FINITE = N_("number not finite: {value}")
YEAR_NOT_INTEGER = N_("year must be an integer: {value}")
YEAR_NOT_FOUR_DIGITS = N_("year must have 4 digits: {value}")
NIP_NOT_18_DIGITS = N_("NIP must be 18 digits: {value}")
INVALID_PERIOD = N_("invalid period {value} (YYYY, YYYY-Qn, YYYY-MM)")
INVALID_VALUE = N_("invalid value {value} (one of: {allowed})")
NEGATIVE_WEIGHT = N_("weight must be >= 0, not {value}")
DUPLICATE_KEY = N_('duplicate key "{key}"')
NOT_A_DOCUMENT = N_("document must be a JSON object, not {type}")
UNKNOWN_FIELD = N_('unknown field "{key}"')
FORMAT_MISSING = N_('required field "format" missing (must be "{format}")')
WRONG_FORMAT = N_('must be "{format}", not {value}')
REQUIRED_FIELD = N_('required field "{key}" missing')
MUST_BE_OBJECT = N_("must be an object, not {value}")
END_BEFORE_START = N_("end_year {end} before start_year {start}")
UNKNOWN_SETTING = N_('unknown setting "{key}"')
BANDS_NOT_A_LIST = N_("must be a list of [number, label] pairs, not {value}")
BAND_NOT_A_PAIR = N_("must be a [number, label] pair, not {value}")
TOO_LONG = N_("too long (> {limit} characters)")
MUST_BE_LIST = N_("must be a list, not {value}")
RHK_KIND_NOT_INDIVIDUAL = N_(
    'rhk_kind "{kind}" only on an objective of level individual (not {level})'
)
VALUE_AND_RANGE = N_("give either value or low and high, not both")
HALF_A_RANGE = N_("half a range: give both low and high")
EMPTY_TARGET = N_("target needs value, or low and high")
PERIOD_OUTSIDE_PLAN = N_("period \"{period}\" outside the plan's years {start}-{end}")
UNKNOWN_UNIT = N_('unknown unit "{ref}"')
UNKNOWN_EMPLOYEE = N_('unknown employee "{ref}"')
UNKNOWN_INDICATOR = N_('unknown indicator "{ref}"')
NOT_AN_OBJECTIVE = N_('must be an objective, not indicator "{ref}"')
UNKNOWN_OBJECTIVE = N_('unknown objective "{ref}"')
DUPLICATE_CODE = N_('duplicate {field} "{key}" (also at {place})')
DUPLICATE_LINK = N_('duplicate link "{first}", "{second}" (also at {place})')
DUPLICATE_CAUSAL_LINK = N_('duplicate causal link "{first}", "{second}" (also at {place})')
DUPLICATE_TARGET = N_('duplicate target "{first}", "{second}" (also at {place})')
DUPLICATE_REALIZATION = N_('duplicate realization "{first}", "{second}" (also at {place})')
DUPLICATE_UNIT_PREDIKAT = N_('duplicate unit predikat "{first}", "{second}" (also at {place})')
DUPLICATE_SKP_RATING = N_('duplicate SKP rating "{first}", "{second}" (also at {place})')
FILE_NOT_FOUND = N_("file not found")
UNREADABLE_FILE = N_("cannot read file: {error}")
NOT_UTF8 = N_("not UTF-8 (byte {position})")
INVALID_JSON = N_("invalid JSON: {error}")
UNKNOWN_SHEET = N_('unknown sheet "{title}"')
REQUIRED_SHEET = N_('required sheet "{name}" missing')
PLAN_SHEET_TWO_COLUMNS = N_("the plan sheet has two columns: key | value")
UNKNOWN_KEY = N_("unknown key {key}")
DUPLICATE_COLUMN = N_('duplicate column "{title}"')
UNKNOWN_COLUMN = N_("unknown column {title}")
VALUE_WITHOUT_HEADER = N_("value in a column without a header")
NOT_A_VALID_XLSX = N_("not a valid .xlsx file: {error}")
NOT_AN_XLSX = N_("not an .xlsx file (not a zip archive)")
UNSUPPORTED_FILE_TYPE = N_("unsupported file type {suffix}: use .json or .xlsx")


@dataclass(frozen=True)
class Field:
    """One field of a list item: its name, kind and whether it is required or its default.

    Kinds: ``code`` / ``text`` (non-empty text), ``str`` (text, may be empty), ``ref`` (a
    non-empty reference, resolved later), ``nip``, ``period``, ``enum`` (one of ``choices``),
    ``num`` (a finite number), ``weight`` (a number >= 0).
    """

    name: str
    kind: str
    required: bool = True
    default: Any = None
    nullable: bool = False
    choices: tuple[str, ...] = ()


SCHEMA: dict[str, tuple[Field, ...]] = {
    "units": (
        Field("code", "code"),
        Field("name", "text"),
        Field("parent", "ref", False, None, True),
        Field("kind", "enum", False, "agency", choices=UNIT_KINDS),
    ),
    "employees": (
        Field("nip", "nip"),
        Field("name", "text"),
        Field("unit", "ref"),
        Field("position", "str", False, ""),
        Field("supervisor", "ref", False, None, True),
    ),
    "objectives": (
        Field("code", "code"),
        Field("name", "text"),
        Field("level", "enum", choices=LEVELS),
        Field("perspective", "enum", False, None, True, PERSPECTIVES),
        Field("unit", "ref", False, None, True),
        Field("owner", "ref", False, None, True),
        Field("rhk_kind", "enum", False, "main", choices=RHK_KINDS),
    ),
    "indicators": (
        Field("code", "code"),
        Field("objective", "ref"),
        Field("name", "text"),
        Field("measure_unit", "str", False, ""),
        Field("weight", "weight", False, 1.0),
        Field("polarity", "enum", False, "positive", choices=POLARITIES),
        Field("aggregation", "enum", False, "latest", choices=AGGREGATIONS),
        Field("negative_method", "enum", False, None, True, NEGATIVE_METHODS),
        Field("cap", "num", False, None, True),
    ),
    "links": (Field("parent", "ref"), Field("child", "ref"), Field("weight", "weight", False, 1.0)),
    "causal_links": (Field("cause", "ref"), Field("effect", "ref")),
    "targets": (
        Field("indicator", "ref"),
        Field("period", "period"),
        Field("value", "num", False, None, True),
        Field("low", "num", False, None, True),
        Field("high", "num", False, None, True),
    ),
    "realizations": (
        Field("indicator", "ref"),
        Field("period", "period"),
        Field("value", "num"),
        Field("status", "enum", False, "verified", choices=REALIZATION_STATUSES),
    ),
    "unit_predikat": (
        Field("unit", "ref"),
        Field("period", "period"),
        Field("predikat", "enum", choices=UNIT_PREDIKATS),
    ),
    "skp_ratings": (
        Field("employee", "ref"),
        Field("period", "period"),
        Field("work", "enum", False, None, True, RATINGS),
        Field("behaviour", "enum", choices=RATINGS),
    ),
}
_FIELDS: dict[str, dict[str, Field]] = {
    name: {f.name: f for f in fields} for name, fields in SCHEMA.items()
}
_CLASSES: dict[str, type] = {
    "units": model.Unit,
    "employees": model.Employee,
    "objectives": model.Objective,
    "indicators": model.Indicator,
    "links": model.Link,
    "causal_links": model.CausalLink,
    "targets": model.Target,
    "realizations": model.Realization,
    "unit_predikat": model.UnitPredikat,
    "skp_ratings": model.SkpRating,
}


# ---------------------------------------------------------------------------- places


def json_place(path: JSONPath) -> str:
    """The place of a JSON path: ``objectives[3].owner``, ``plan.settings.cap``, ``$`` (root)."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text or "$"


def _describe(value: object) -> str:
    """A short quoted rendering of a value for a message."""
    text = json.dumps(value, ensure_ascii=False) if _jsonable(value) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _jsonable(value: object) -> bool:
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        return False
    return True


# ---------------------------------------------------------------------------- parsing


_PLAIN_TEXT = frozenset({"code", "text", "ref"})
#: The text rule (ekinerja.textrules) of each kind of field: codes, references, periods and NIPs
#: are codes (no control character at all, no surrounding space); other text is a name.
_TEXT_RULE = {"code": "code", "ref": "code", "period": "code", "nip": "code", "text": "name",
              "str": "name"}


@functools.lru_cache(maxsize=4096)
def _period_year(text: str) -> int | None:
    """The year of a period, or None when the text is not a period (cached: periods repeat)."""
    return parse_period(text).year if is_period(text) else None


class _Parser:
    """Collects every problem of one decoded document while building the dataclasses."""

    def __init__(self, place_of: PlaceOf, problems: ProblemList | None = None):
        self.place_of = place_of
        # each (place, message) once: a missing workbook column is reported once, not per row;
        # beyond MAX_PROBLEMS problems are only counted
        self.problems = ProblemList() if problems is None else problems

    def error(self, path: JSONPath, msgid: str, **params: object) -> None:
        self.problems.append(Problem(self.place_of(path), bilingual(msgid, **params)))

    # -- scalar checks; each returns _MISSING after reporting a problem

    def text(
        self, path: JSONPath, value: object, *, empty_ok: bool = False, rule: str = "name"
    ) -> Any:
        if not isinstance(value, str):
            self.error(path, MUST_BE_TEXT, value=_describe(value))
            return _MISSING
        if not value and not empty_ok:
            self.error(path, MUST_NOT_BE_EMPTY)
            return _MISSING
        problem = textrules.text_problem(value, rule)
        if problem is not None:
            self.error(path, problem.msgid, **problem.params)
            return _MISSING
        return value

    def number(self, path: JSONPath, value: object) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(path, MUST_BE_NUMBER, value=_describe(value))
            return _MISSING
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if not math.isfinite(number):
            self.error(path, NOT_FINITE, value=_describe(value))
            return _MISSING
        return number + 0.0  # -0.0 -> 0.0: one canonical zero

    def year(self, path: JSONPath, value: object) -> Any:
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(path, YEAR_NOT_INTEGER, value=repr(value))
            return _MISSING
        if not 1000 <= value <= 9999:
            self.error(path, YEAR_NOT_FOUR_DIGITS, value=str(value))
            return _MISSING
        return value

    def field(self, path: JSONPath, spec: Field, value: object) -> Any:
        kind = spec.kind
        # fast paths for the common, valid case; anything else takes the checks below
        if type(value) is str:
            if kind in _PLAIN_TEXT and value:
                if textrules.text_problem(value, _TEXT_RULE[kind]) is None:
                    return value
            elif kind == "enum" and value in spec.choices:
                return value
        elif type(value) is float and kind == "num" and math.isfinite(value):
            return value + 0.0  # -0.0 -> 0.0: one canonical zero
        if kind in ("code", "text", "ref", "period", "nip"):
            result = self.text(path, value, rule=_TEXT_RULE[kind])
            if result is _MISSING:
                return result
            if kind == "nip" and not model.NIP.fullmatch(result):
                self.error(path, NIP_NOT_18_DIGITS, value=_describe(value))
                return _MISSING
            if kind == "period" and _period_year(result) is None:
                self.error(path, INVALID_PERIOD, value=_describe(value))
                return _MISSING
            return result
        if kind == "str":
            return self.text(path, value, empty_ok=True)
        if kind == "enum":
            if not isinstance(value, str) or value not in spec.choices:
                allowed = ", ".join(spec.choices) + (", null" if spec.nullable else "")
                self.error(path, INVALID_VALUE, value=_describe(value), allowed=allowed)
                return _MISSING
            return value
        number = self.number(path, value)
        if kind == "weight" and number is not _MISSING and number < 0:
            self.error(path, NEGATIVE_WEIGHT, value=_describe(value))
            return _MISSING
        return number

    # -- structure

    def duplicates(self, path: JSONPath, value: dict[Any, Any]) -> None:
        for key in duplicate_keys(value):
            self.error((*path, key), DUPLICATE_KEY, key=str(key))

    def is_object(self, value: object, path: JSONPath, known: Collection[str],
                  unknown: str = UNKNOWN_FIELD) -> TypeGuard[dict[Any, Any]]:
        """Whether `value` is an object; reported when not, and so are its repeated keys and
        the keys not in `known` (msgid `unknown`)."""
        if not isinstance(value, dict):
            self.error(path, MUST_BE_OBJECT, value=_describe(value))
            return False
        self.duplicates(path, value)
        for key in value:
            if key not in known:
                self.error((*path, str(key)), unknown, key=str(key))
        return True

    def document(self, data: object) -> PlanDocument | None:
        if not isinstance(data, dict):
            self.error((), NOT_A_DOCUMENT, type=type(data).__name__)
            return None
        self.duplicates((), data)
        for key in data:
            if key not in ("format", "plan", *LISTS):
                self.error((str(key),), UNKNOWN_FIELD, key=str(key))
        fmt = data.get("format", _MISSING)
        if fmt is _MISSING:
            self.error(("format",), FORMAT_MISSING, format=FORMAT)
        elif fmt != FORMAT:
            self.error(("format",), WRONG_FORMAT, format=FORMAT, value=_describe(fmt))
        plan = self.plan(data.get("plan", _MISSING))
        lists: dict[str, list[Any]] = {}
        for name in LISTS:
            lists[name] = self.items(name, data.get(name, _MISSING))
        if plan is not None:
            self.periods(plan, lists)
        self.references(lists)
        if self.problems or plan is None:
            return None
        rhk_kinds = {}
        for _, got in lists["objectives"]:
            kind = got.pop("rhk_kind")
            if kind != "main":
                rhk_kinds[got["code"]] = kind
        built = {name: [_CLASSES[name](**got) for _, got in items] for name, items in lists.items()}
        present = frozenset(name for name in LISTS if data.get(name) is not None)
        return PlanDocument(plan=plan, rhk_kinds=rhk_kinds, present=present, **built)

    def plan(self, value: object) -> model.Plan | None:
        if value is _MISSING:
            self.error(("plan",), REQUIRED_FIELD, key="plan")
            return None
        if not self.is_object(value, ("plan",), (*PLAN_KEYS, "settings")):
            return None
        got: dict[str, Any] = {}
        for key in PLAN_KEYS:
            path = ("plan", key)
            if value.get(key) is None:
                self.error(path, REQUIRED_FIELD, key=key)
                got[key] = _MISSING
            elif key in ("code", "name"):
                got[key] = self.text(path, value[key], rule="code" if key == "code" else "name")
            else:
                got[key] = self.year(path, value[key])
        start, end = got["start_year"], got["end_year"]
        if start is not _MISSING and end is not _MISSING and start > end:
            self.error(("plan", "end_year"), END_BEFORE_START, end=str(end), start=str(start))
            got["end_year"] = _MISSING
        settings = self.settings(value.get("settings"))
        if settings is None or any(v is _MISSING for v in got.values()):
            return None
        return model.Plan(settings=settings, **got)

    def settings(self, value: object) -> model.Settings | None:
        if value is None:
            return model.Settings()
        base = ("plan", "settings")
        if not self.is_object(value, base, SETTINGS_KEYS, UNKNOWN_SETTING):
            return None
        got: dict[str, Any] = {}
        for key in ("cap", "floor"):
            if value.get(key) is not None:
                got[key] = self.number((*base, key), value[key])
        for key, choices in _ENUM_SETTINGS.items():
            if value.get(key) is not None:
                spec = Field(key, "enum", choices=choices)
                got[key] = self.field((*base, key), spec, value[key])
        if value.get("bands") is not None:
            got["bands"] = self.bands(value["bands"])
        if value.get("skp") is not None:
            got["skp"] = self.skp_settings(value["skp"])
        if any(v is _MISSING for v in got.values()):
            return None
        return model.Settings(**got)

    def skp_settings(self, value: object) -> Any:
        path: JSONPath = ("plan", "settings", "skp")
        if not self.is_object(value, path, SKP_KEYS, UNKNOWN_SETTING):
            return _MISSING
        got = {
            key: self.number((*path, key), value[key])
            for key in SKP_KEYS
            if value.get(key) is not None
        }
        if any(v is _MISSING for v in got.values()):
            return _MISSING
        return model.SkpSettings(**got)

    def bands(self, value: object) -> Any:
        path: JSONPath = ("plan", "settings", "bands")
        if not isinstance(value, list):
            self.error(path, BANDS_NOT_A_LIST, value=_describe(value))
            return _MISSING
        bands: list[tuple[float, str]] = []
        ok = True
        for i, pair in enumerate(value):
            if not isinstance(pair, list) or len(pair) != 2:
                self.error((*path, i), BAND_NOT_A_PAIR, value=_describe(pair))
                ok = False
                continue
            low = self.number((*path, i, 0), pair[0])
            label = self.text((*path, i, 1), pair[1])
            if low is _MISSING or label is _MISSING:
                ok = False
            else:
                bands.append((low, label))
        if ok and len(json.dumps(_bands_json(bands), ensure_ascii=False)) > MAX_TEXT:
            self.error(path, TOO_LONG, limit=str(MAX_TEXT))
            ok = False
        return bands if ok else _MISSING

    def items(self, name: str, value: object) -> list[Any]:
        if value is _MISSING or (value is None and name not in REQUIRED_LISTS):
            if name in REQUIRED_LISTS:
                self.error((name,), REQUIRED_FIELD, key=name)
            return []
        if not isinstance(value, list):
            self.error((name,), MUST_BE_LIST, value=_describe(value))
            return []
        fields = SCHEMA[name]
        known = _FIELDS[name]
        result: list[tuple[int, dict[str, Any]]] = []
        for i, item in enumerate(value):
            if not self.is_object(item, (name, i), known):
                continue
            got: dict[str, Any] = {}
            for spec in fields:
                raw = item.get(spec.name)
                if raw is None:
                    if spec.required:
                        self.error((name, i, spec.name), REQUIRED_FIELD, key=spec.name)
                        got[spec.name] = _MISSING
                    else:
                        got[spec.name] = spec.default
                else:
                    got[spec.name] = self.field((name, i, spec.name), spec, raw)
            if name == "targets":
                self.target_form(i, got)
            elif name == "objectives":
                self.rhk_kind_form(i, got)
            result.append((i, got))
        return result

    def rhk_kind_form(self, i: int, got: dict[str, Any]) -> None:
        """`rhk_kind` other than `main` only on an individual objective (an RHK)."""
        kind, level = got["rhk_kind"], got["level"]
        if kind not in ("main", _MISSING) and level not in ("individual", _MISSING):
            self.error(("objectives", i, "rhk_kind"), RHK_KIND_NOT_INDIVIDUAL, kind=kind,
                       level=level)

    def target_form(self, i: int, got: dict[str, Any]) -> bool:
        has_value = got["value"] not in (None, _MISSING)
        has_low, has_high = got["low"] not in (None, _MISSING), got["high"] not in (None, _MISSING)
        if _MISSING in (got["value"], got["low"], got["high"]):
            return False
        if has_value and (has_low or has_high):
            self.error(("targets", i), VALUE_AND_RANGE)
            return False
        if has_low != has_high:
            self.error(("targets", i), HALF_A_RANGE)
            return False
        if not (has_value or has_low):
            self.error(("targets", i), EMPTY_TARGET)
            return False
        return True

    def periods(self, plan: model.Plan, lists: dict[str, list[Any]]) -> None:
        for name in ("targets", "realizations", "unit_predikat", "skp_ratings"):
            for i, item in lists[name]:
                if item["period"] is _MISSING:
                    continue
                year = _period_year(item["period"])
                if not plan.start_year <= year <= plan.end_year:
                    self.error((name, i, "period"), PERIOD_OUTSIDE_PLAN, period=item["period"],
                               start=str(plan.start_year), end=str(plan.end_year))

    def references(self, lists: dict[str, list[Any]]) -> None:
        units = self.unique("units", lists["units"], "code")
        employees = self.unique("employees", lists["employees"], "nip")
        codes: dict[str, JSONPath] = {}
        objectives = self.unique("objectives", lists["objectives"], "code", codes)
        indicators = self.unique("indicators", lists["indicators"], "code", codes)

        def check(name: str, field: str, known: dict[str, JSONPath], msgid: str) -> None:
            for i, item in lists[name]:
                ref = item[field]
                if ref is not None and ref is not _MISSING and ref not in known:
                    self.error((name, i, field), msgid, ref=ref)

        unit_msg = UNKNOWN_UNIT
        employee_msg = UNKNOWN_EMPLOYEE
        check("units", "parent", units, unit_msg)
        check("employees", "unit", units, unit_msg)
        check("employees", "supervisor", employees, employee_msg)
        check("objectives", "unit", units, unit_msg)
        check("objectives", "owner", employees, employee_msg)
        check("unit_predikat", "unit", units, unit_msg)
        check("skp_ratings", "employee", employees, employee_msg)
        for name, fields in (
            ("indicators", ("objective",)),
            ("links", ("parent", "child")),
            ("causal_links", ("cause", "effect")),
        ):
            for field in fields:
                for i, item in lists[name]:
                    ref = item[field]
                    if ref is _MISSING or ref in objectives:
                        continue
                    if ref in indicators:
                        self.error((name, i, field), NOT_AN_OBJECTIVE, ref=ref)
                    else:
                        self.error((name, i, field), UNKNOWN_OBJECTIVE, ref=ref)
        for name in ("targets", "realizations"):
            check(name, "indicator", indicators, UNKNOWN_INDICATOR)
        self.pairs("links", lists["links"], ("parent", "child"), DUPLICATE_LINK)
        self.pairs(
            "causal_links",
            lists["causal_links"],
            ("cause", "effect"),
            DUPLICATE_CAUSAL_LINK,
        )
        self.pairs(
            "targets", lists["targets"], ("indicator", "period"), DUPLICATE_TARGET
        )
        self.pairs(
            "realizations",
            lists["realizations"],
            ("indicator", "period"),
            DUPLICATE_REALIZATION,
        )
        self.pairs(
            "unit_predikat",
            lists["unit_predikat"],
            ("unit", "period"),
            DUPLICATE_UNIT_PREDIKAT,
        )
        self.pairs(
            "skp_ratings",
            lists["skp_ratings"],
            ("employee", "period"),
            DUPLICATE_SKP_RATING,
        )

    def unique(
        self, name: str, items: list[Any], field: str, seen: dict[str, JSONPath] | None = None
    ) -> dict[str, JSONPath]:
        seen = {} if seen is None else seen
        own: dict[str, JSONPath] = {}
        for i, item in items:
            key = item[field]
            if key is _MISSING:
                continue
            if key in seen:
                self.error((name, i, field), DUPLICATE_CODE, field=field, key=key,
                           place=self.place_of(seen[key]))
            else:
                seen[key] = own[key] = (name, i, field)
        return own

    def pairs(self, name: str, items: list[Any], fields: tuple[str, str], msgid: str) -> None:
        seen: dict[tuple[str, str], int] = {}
        for i, item in items:
            key = (item[fields[0]], item[fields[1]])
            if _MISSING in key:
                continue
            if key in seen:
                first = self.place_of((name, seen[key]))
                self.error((name, i), msgid, first=key[0], second=key[1], place=first)
            else:
                seen[key] = i


def _parse(data: object, place_of: PlaceOf, found: ProblemList | None = None) -> PlanDocument:
    parser = _Parser(place_of, found)
    with no_gc():
        doc = parser.document(data)
    if doc is None or parser.problems:
        raise InvalidPlan(parser.problems.result())
    return doc


def parse(data: object) -> PlanDocument:
    """Build a PlanDocument from decoded JSON; raise InvalidPlan with every problem found."""
    return _parse(data, json_place)


# ---------------------------------------------------------------------------- to_dict


def _bands_json(bands: list[tuple[float, str]]) -> list[list[Any]]:
    return [[low, label] for low, label in bands]


_OBJECTIVE_KEYS = tuple(f.name for f in SCHEMA["objectives"] if f.name != "rhk_kind")


def _item_dict(name: str, item: Any) -> dict[str, Any]:
    if name == "targets":
        keys = (
            ("indicator", "period", "low", "high")
            if item.is_range
            else ("indicator", "period", "value")
        )
        return {key: getattr(item, key) for key in keys}
    if name == "realizations":
        result = {"indicator": item.indicator, "period": item.period, "value": item.value}
        if item.status != "verified":
            result["status"] = item.status
        return result
    return {f.name: getattr(item, f.name) for f in SCHEMA[name]}


def _objective_dict(doc: PlanDocument, objective: model.Objective) -> dict[str, Any]:
    result = {key: getattr(objective, key) for key in _OBJECTIVE_KEYS}
    if objective.level == "individual":
        result["rhk_kind"] = doc.rhk_kind(objective.code)
    return result


def to_dict(doc: PlanDocument) -> dict[str, Any]:
    """The canonical `ekinerja/1` JSON document: every field, defaults written out, order kept.

    Two optional fields are written only where they say something: an objective's `rhk_kind`
    on individual objectives (RHK), and a realization's `status` when it is not `verified`
    (realizations are the longest list; a plain file keeps its plain shape).
    """
    settings = doc.plan.settings
    result: dict[str, Any] = {
        "format": FORMAT,
        "plan": {
            "code": doc.plan.code,
            "name": doc.plan.name,
            "start_year": doc.plan.start_year,
            "end_year": doc.plan.end_year,
            "settings": {
                "cap": settings.cap,
                "floor": settings.floor,
                "missing": settings.missing,
                "negative_method": settings.negative_method,
                "bands": _bands_json(settings.bands),
                "count": settings.count,
                "skp": {key: getattr(settings.skp, key) for key in SKP_KEYS},
            },
        },
    }
    for name in LISTS:
        if name == "objectives":
            result[name] = [_objective_dict(doc, objective) for objective in doc.objectives]
        else:
            result[name] = [_item_dict(name, item) for item in getattr(doc, name)]
    return result


def _checked_dict(doc: PlanDocument) -> dict[str, Any]:
    """to_dict, refusing (InvalidPlan) a document that would not read back: nothing written."""
    data = to_dict(doc)
    parse(data)
    return data


# ---------------------------------------------------------------------------- files


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[str]:
    """Yield a temporary path next to `path`; move it over `path` only when the block succeeds."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    os.close(fd)
    try:
        yield tmp
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _file_problem(path: str | os.PathLike[str], msgid: str, **params: object) -> InvalidPlan:
    return InvalidPlan([Problem(str(path), bilingual(msgid, **params))])


def _read_bytes(path: str | os.PathLike[str], size: int = -1) -> bytes:
    """The file's bytes (the first `size` only, when given); a missing file is a problem."""
    try:
        with Path(path).open("rb") as handle:
            return handle.read(size)
    except FileNotFoundError:
        raise _file_problem(path, FILE_NOT_FOUND) from None
    except OSError as exc:
        raise _file_problem(path, UNREADABLE_FILE, error=str(exc)) from None


class _JSONObject(dict[str, Any]):
    """A decoded JSON object that remembers keys given twice (json keeps the last silently)."""

    duplicates: tuple[str, ...] = ()


def _object_from_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """object_pairs_hook: a plain dict, or a _JSONObject naming the keys given twice."""
    result = dict(pairs)
    if len(result) == len(pairs):
        return result
    marked = _JSONObject(result)
    seen: set[str] = set()
    twice: list[str] = []
    for key, _ in pairs:
        if key in seen:
            twice.append(key)
        seen.add(key)
    marked.duplicates = tuple(twice)
    return marked


def read_json(path: str | os.PathLike[str]) -> PlanDocument:
    """Read a JSON plan file; a syntax error is reported with its ``file:line:col``."""
    return parse(read_json_data(path))


def read_json_data(path: str | os.PathLike[str]) -> Any:
    """The decoded JSON of a file (objects remember keys given twice: `duplicate_keys`).

    A missing or unreadable file, bad UTF-8 or a syntax error raises InvalidPlan with its place
    (``file:line:col`` for a syntax error).
    """
    raw = _read_bytes(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _file_problem(path, NOT_UTF8, position=str(exc.start)) from None
    try:
        with no_gc():
            data = json.loads(text, object_pairs_hook=_object_from_pairs)
    except json.JSONDecodeError as exc:
        raise _file_problem(
            f"{path}:{exc.lineno}:{exc.colno}", INVALID_JSON, error=exc.msg
        ) from None
    except (ValueError, RecursionError) as exc:
        raise _file_problem(path, INVALID_JSON, error=str(exc)) from None
    return data


def duplicate_keys(value: object) -> tuple[str, ...]:
    """The keys a JSON object read by `read_json_data` had more than once."""
    return getattr(value, "duplicates", ())


def write_json(doc: PlanDocument, path: str | os.PathLike[str]) -> None:
    """Write the canonical JSON (UTF-8, indent 2) atomically; nothing is written if invalid."""
    text = json.dumps(_checked_dict(doc), ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    with atomic_path(path) as tmp:
        Path(tmp).write_text(text, encoding="utf-8")


# ---------------------------------------------------------------------------- workbook

PLAN_SHEET = "plan"
_PLAN_ROWS: tuple[str, ...] = (
    "format",
    *PLAN_KEYS,
    *(f"settings.{key}" for key in SETTINGS_KEYS if key != "skp"),
    *(f"settings.skp.{key}" for key in SKP_KEYS),
)


def _column(index: int) -> str:
    """Column letters of a 0-based column index: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell_number(value: float) -> tuple[Any, bool]:
    """A float as a cell value: a numeric cell when openpyxl keeps it exactly, else its text."""
    shown = f"{value:.16g}"  # what openpyxl writes into the cell, and how it reads it back
    read = float(shown) if any(c in shown for c in ".eE") or shown in ("inf", "nan") else int(shown)
    if repr(float(read)) == repr(value):
        return value, False
    return repr(value), True


def _layout(sheet: Any, columns: int) -> None:
    """Readable defaults: the header row stays in view, columns wide enough for codes and names."""
    sheet.freeze_panes = "A2"
    for index in range(columns):
        sheet.column_dimensions[_column(index)].width = 24


def _state_size(sheet: Any, rows: int, columns: int) -> None:
    """Have a write-only sheet state its size (``<dimension ref="A1:E9"/>``), as Excel does.

    Without it, openpyxl's read-only loader parses every sheet in full just to learn that the
    size is unknown (half the time of reading a province workbook). openpyxl writes the element
    when the sheet has ``calculate_dimension``, which write-only sheets lack: the rows are known
    here before they are appended.
    """
    sheet.calculate_dimension = lambda: f"A1:{_column(columns - 1)}{rows}"


def write_workbook(doc: PlanDocument, path: str | os.PathLike[str]) -> None:
    """Write the plan as an .xlsx workbook (one sheet per list, `plan` as key | value rows)."""
    from openpyxl import Workbook

    data = _checked_dict(doc)
    book = Workbook(write_only=True)

    def cells(sheet: Any, values: list[Any]) -> list[Any]:
        row: list[Any] = []
        for value in values:
            if isinstance(value, float):
                value, _ = _cell_number(value)
            row.append(workbooks.cell_value(sheet, value))  # text, never a formula
        return row

    sheet = book.create_sheet(PLAN_SHEET)
    _layout(sheet, 2)
    _state_size(sheet, 1 + len(_PLAN_ROWS), 2)
    sheet.append(cells(sheet, ["key", "value"]))
    plan = data["plan"]
    settings = plan["settings"]
    values = {"format": data["format"], **{key: plan[key] for key in PLAN_KEYS}}
    for key in SETTINGS_KEYS:
        value = settings[key]
        if key == "skp":
            values.update({f"settings.skp.{name}": value[name] for name in SKP_KEYS})
            continue
        values[f"settings.{key}"] = (
            json.dumps(value, ensure_ascii=False) if key == "bands" else value
        )
    for key in _PLAN_ROWS:
        sheet.append(cells(sheet, [key, values[key]]))
    for name in LISTS:
        sheet = book.create_sheet(name)
        header = [f.name for f in SCHEMA[name]]
        _layout(sheet, len(header))
        _state_size(sheet, 1 + len(data[name]), len(header))
        sheet.append(cells(sheet, header))
        for item in data[name]:
            sheet.append(cells(sheet, [item.get(key) for key in header]))
    with atomic_path(path) as tmp:
        book.save(tmp)


class _WorkbookPlaces:
    """Maps JSON paths of the decoded workbook to cells: ``objectives!C5``, ``plan!B7``."""

    def __init__(self) -> None:
        self.plan_cells: dict[str, str] = {}
        self.columns: dict[str, dict[str, int]] = {}
        self.rows: dict[str, list[int]] = {}

    def __call__(self, path: JSONPath) -> str:
        if not path:
            return "workbook"
        head = path[0]
        if head == "format":
            return self.plan_cells.get("format", PLAN_SHEET)
        if head == "plan":
            if len(path) == 1:
                return PLAN_SHEET
            if path[1] == "settings" and len(path) >= 3:
                depth = 4 if path[2] == "skp" and len(path) >= 4 else 3
                key = "settings." + ".".join(str(part) for part in path[2:depth])
                rest = json_place(tuple(path[depth:])) if len(path) > depth else ""
                return self.plan_cells.get(key, PLAN_SHEET) + ("" if rest == "$" else rest)
            key = "settings" if path[1] == "settings" else str(path[1])
            return self.plan_cells.get(key, PLAN_SHEET)
        sheet = str(head)
        if len(path) == 1:
            return sheet
        index = int(path[1])
        numbers = self.rows.get(sheet, [])
        row = numbers[index] if index < len(numbers) else index + 2
        if len(path) == 2:
            return f"{sheet}!{row}:{row}"
        column = self.columns.get(sheet, {}).get(str(path[2]))
        if column is None:
            return f"{sheet}!1:1"
        return f"{sheet}!{_column(column)}{row}"


def _cell_value(value: object, kind: str) -> object:
    """A cell as the JSON value it stands for: empty is absent, typed-in numbers are tolerated."""
    if isinstance(value, str) and value == "":
        return None
    if kind in ("code", "text", "ref", "period", "nip", "str", "enum") and (
        isinstance(value, int) and not isinstance(value, bool)
    ):
        return str(value)
    if kind in ("num", "weight") and isinstance(value, str) and _NUMBER_TEXT.fullmatch(value):
        return float(value)
    return value


def _decode_workbook(book: Any, places: _WorkbookPlaces, problems: ProblemList) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for title in book.sheetnames:
        if title != PLAN_SHEET and title not in LISTS:
            problems.append(Problem(title, bilingual(UNKNOWN_SHEET, title=title)))
    if PLAN_SHEET in book.sheetnames:
        data.update(_decode_plan(book[PLAN_SHEET], places, problems))
    else:
        problems.append(
            Problem(PLAN_SHEET, bilingual(REQUIRED_SHEET, name=PLAN_SHEET))
        )
    for name in LISTS:
        if name in book.sheetnames:
            data[name] = _decode_list(name, book[name], places, problems)
        elif name in REQUIRED_LISTS:
            problems.append(
                Problem(name, bilingual(REQUIRED_SHEET, name=name))
            )
            data[name] = []
    return data


def _decode_plan(sheet: Any, places: _WorkbookPlaces, problems: ProblemList) -> dict[str, Any]:
    values: dict[str, object] = {}
    for number, row in enumerate(_rows(sheet), start=1):
        cells = [*row, None, None]
        key, value = cells[0], cells[1]
        extra = [c for c in cells[2:] if c not in (None, "")]
        if key in (None, "") and value in (None, "") and not extra:
            continue
        if number == 1 and (key, value) == ("key", "value"):
            continue
        if extra:
            problems.append(
                Problem(
                    f"{PLAN_SHEET}!C{number}",
                    bilingual(PLAN_SHEET_TWO_COLUMNS),
                )
            )
        if key not in _PLAN_ROWS:
            problems.append(
                Problem(f"{PLAN_SHEET}!A{number}", bilingual(UNKNOWN_KEY, key=repr(key)))
            )
            continue
        if key in values:
            problems.append(
                Problem(f"{PLAN_SHEET}!A{number}", bilingual(DUPLICATE_KEY, key=str(key)))
            )
            continue
        places.plan_cells[key] = f"{PLAN_SHEET}!B{number}"
        values[key] = None if value == "" else value
    plan: dict[str, object] = {}
    settings: dict[str, object] = {}
    skp: dict[str, object] = {}
    result: dict[str, Any] = {"plan": plan}
    if values.get("format") is not None:
        result["format"] = values["format"]
    for key, value in values.items():
        if (
            key in ("start_year", "end_year")
            and isinstance(value, str)
            and value.isascii()
            and value.isdigit()
        ):
            plan[key] = int(value)
        elif key in ("code", "name"):
            plan[key] = _cell_value(value, "text")
        elif key in PLAN_KEYS:
            plan[key] = value
        elif key.startswith("settings.") and value is not None:
            name = key.removeprefix("settings.")
            if name == "bands" and isinstance(value, str):
                try:
                    value = json.loads(value)
                except (ValueError, RecursionError) as exc:
                    problems.append(
                        Problem(places.plan_cells[key], bilingual(INVALID_JSON, error=str(exc)))
                    )
                    continue
            elif name in ("cap", "floor"):
                value = _cell_value(value, "num")
            elif name in _ENUM_SETTINGS:
                value = _cell_value(value, "enum")
            elif name.startswith("skp."):
                skp[name.removeprefix("skp.")] = _cell_value(value, "num")
                continue
            settings[name] = value
    if skp:
        settings["skp"] = skp
    if settings:
        plan["settings"] = settings
    return result


def _rows(sheet: Any) -> Iterator[tuple[Any, ...]]:
    """Every row's values in one pass, whatever sheet size the file states (other tools err).

    A read-only sheet's ``iter_rows`` after ``reset_dimensions`` would parse the sheet twice
    (once to size it); openpyxl's row reader copes with ragged rows, so it is called directly.
    """
    reset = getattr(sheet, "reset_dimensions", None)
    by_row = getattr(sheet, "_cells_by_row", None)
    if reset is None or by_row is None:
        return iter(sheet.iter_rows(values_only=True))
    reset()
    return iter(by_row(1, 1, None, None, values_only=True))


def _decode_list(
    name: str, sheet: Any, places: _WorkbookPlaces, problems: ProblemList
) -> list[dict[str, object]]:
    rows = _rows(sheet)
    header = next(rows, None) or ()
    known = _FIELDS[name]
    columns: dict[str, int] = {}
    blank: list[int] = []
    for index, title in enumerate(header):
        if title in (None, ""):
            blank.append(index)
        elif title not in known:
            problems.append(
                Problem(
                    f"{name}!{_column(index)}1", bilingual(UNKNOWN_COLUMN, title=repr(title))
                )
            )
        elif title in columns:
            problems.append(
                Problem(f"{name}!{_column(index)}1", bilingual(DUPLICATE_COLUMN, title=str(title)))
            )
        else:
            columns[str(title)] = index
    places.columns[name] = columns
    items: list[dict[str, object]] = []
    numbers = places.rows[name] = []
    for number, row in enumerate(rows, start=2):
        if all(value in (None, "") for value in row):
            continue
        numbers.append(number)
        for index in blank:
            if index < len(row) and row[index] not in (None, ""):
                problems.append(
                    Problem(
                        f"{name}!{_column(index)}{number}",
                        bilingual(VALUE_WITHOUT_HEADER),
                    )
                )
        item: dict[str, object] = {}
        for field, index in columns.items():
            value = row[index] if index < len(row) else None
            value = _cell_value(value, known[field].kind)
            if value is not None:
                item[field] = value
        items.append(item)
    return items


def _not_a_workbook(path: str | os.PathLike[str], exc: Exception) -> InvalidPlan:
    return _file_problem(
        path, NOT_A_VALID_XLSX, error=f"{type(exc).__name__}: {exc}"
    )


def read_workbook(
    path: str | os.PathLike[str], limits: workbooks.Limits = workbooks.LIMITS
) -> PlanDocument:
    """Read an .xlsx workbook written by write_workbook (or by hand in the same shape).

    The archive and every sheet are checked against `limits` before openpyxl expands them
    (ekinerja.workbooks); values are the cells' stored results (``data_only``), and a formula
    cell without a stored result is an error at its cell.
    """
    from openpyxl import load_workbook

    if not _read_bytes(path, 4).startswith(b"PK"):
        raise _file_problem(path, NOT_AN_XLSX)
    places = _WorkbookPlaces()
    problems = ProblemList()
    # our own handle: closed even when openpyxl fails half-way through opening the archive
    with Path(path).open("rb") as handle:
        try:  # every limit is checked before openpyxl opens a sheet (load_workbook would)
            workbooks.check_archive(path, limits)
            formulas = workbooks.check_sheets(path, workbooks.sheet_parts(path), limits)
            book = load_workbook(handle, read_only=True, data_only=True)
        except InvalidPlan:
            raise
        except Exception as exc:  # zipfile and openpyxl raise many kinds on a broken file
            raise _not_a_workbook(path, exc) from None
        try:
            problems.extend(formulas.problems())
            data = _decode_workbook(book, places, problems)
        except InvalidPlan:
            raise
        except Exception as exc:  # a damaged sheet part
            raise _not_a_workbook(path, exc) from None
        finally:
            book.close()
    return _parse(data, places, problems)


# ---------------------------------------------------------------------------- by extension

_READERS = {".json": read_json, ".xlsx": read_workbook}
_WRITERS = {".json": write_json, ".xlsx": write_workbook}


def _suffix(path: str | os.PathLike[str]) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in _READERS:
        raise _file_problem(path, UNSUPPORTED_FILE_TYPE, suffix=repr(suffix or "(none)"))
    return suffix


def load(path: str | os.PathLike[str]) -> PlanDocument:
    """Read a plan from a .json or .xlsx file, chosen by extension."""
    return _READERS[_suffix(path)](path)


def save(doc: PlanDocument, path: str | os.PathLike[str]) -> None:
    """Write a plan to a .json or .xlsx file, chosen by extension; atomic."""
    _WRITERS[_suffix(path)](doc, path)
