"""Workbook safety: limits an .xlsx meets before openpyxl expands it; text cells never formulas.

Reading. A small .xlsx can make openpyxl do unbounded work: a cell at row 20 000 000 makes
it yield 20 million empty rows, a cell in column XFD makes every row 16 384 wide, 1 GB of shared
strings is loaded whole. :func:`check_archive` looks at the zip directory (sizes, compression
ratios, parts) and counts the shared strings; :func:`check_sheets` streams each sheet's XML
once through regular expressions (no tree, no per-cell Python) to bound rows, columns and cells,
stopping as soon as a limit is passed, and lists formula cells that have no stored value (read
with ``data_only`` they would silently be empty). XML a spreadsheet program never writes (a
DOCTYPE or entity, an encoding other than UTF-8, a row number that is not plain digits, a
megabyte without markup) is refused rather than guessed at, so the count cannot be fooled.

Writing. :func:`cell_value` / :func:`protect` make a text that a spreadsheet could take for a
formula (``=``, ``+``, ``-``, ``@``, tab, carriage return, their full-width forms) or an error
code (``#N/A``) a text cell with Excel's own "quote prefix" style: the visible text stays
identical, the file holds a string, and editing the cell in Excel keeps it text.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import IO, Any
from xml.parsers import expat

from ekinerja.messages import N_, Message
from ekinerja.model import InvalidPlan, Problem

MB = 1 << 20

TOO_MANY_PARTS = N_("The workbook has {count} parts, at most {limit}.")
WORKBOOK_TOO_LARGE = N_("The workbook unpacks to {size} MB, at most {limit} MB.")
PART_TOO_LARGE = N_("The part {part} unpacks to {size} MB, at most {limit} MB.")
PART_TOO_COMPRESSED = N_(
    "The part {part} is compressed {ratio} times, at most {limit} times: the file looks built "
    "to exhaust memory."
)
TOO_MANY_SHARED_STRINGS = N_("The workbook has more than {limit} shared texts.")
TOO_MANY_ROWS = N_("The sheet has more than {limit} rows.")
TOO_MANY_COLUMNS = N_("The sheet reaches column {column}, beyond the {limit} columns allowed.")
TOO_MANY_CELLS = N_("The sheets hold more than {limit} cells (rows times columns).")
UNUSUAL_XML = N_(
    "The part {part} holds XML that spreadsheet programs do not write ({what}); save the file "
    "again from Excel or LibreOffice."
)
FORMULA_WITHOUT_VALUE = N_(
    "A formula without a calculated value: open the file in Excel or LibreOffice so it is "
    "calculated and save it again, or type the value itself."
)


@dataclass(frozen=True)
class Limits:
    """What a workbook may hold; the defaults admit a province plan (ekinerja writes it as
    ≈ 340 MB of XML in a 29 MB file, 750 000 target rows, ≈ 10 million cells)."""

    uncompressed_bytes: int = 1024 * MB  # all parts together
    part_bytes: int = 512 * MB  # one part
    package_part_bytes: int = 20 * MB  # styles, workbook, content types, relationships
    compression_ratio: float = 250.0  # sheet XML compresses 10-20 times; bombs 1 000
    ratio_from_bytes: int = 10 * MB  # the ratio is checked on parts at least this large
    parts: int = 10_000
    shared_strings_bytes: int = 100 * MB
    shared_strings: int = 2_000_000
    rows: int = 1_048_576  # per sheet: Excel's own limit
    columns: int = 16_384  # per sheet: Excel's own limit (XFD)
    cells: int = 30_000_000  # all sheets: rows times the widest column, as openpyxl fills them
    markup_run_bytes: int = MB  # bytes without "<"; a cell holds at most 32 767 characters


LIMITS = Limits()
_CHUNK = MB

_OTHER_ATTRIBUTE = rb"""(?:\s+(?!r\s*=)[^\s=/>"']+\s*=\s*(?:"[^"]*"|'[^']*'))*"""
_ROW_NUMBER = rb"row" + _OTHER_ATTRIBUTE + rb"""\s+r\s*=\s*(?:"([^"]*)"|'([^']*)')"""
_CELL_COLUMN = rb"c" + _OTHER_ATTRIBUTE + rb"""\s+r\s*=\s*["']\$?([A-Za-z]*)"""
# each with and without a namespace prefix: a literal start lets the search skip ahead fast
_NAMESPACE = rb"<[A-Za-z_][\w.\-]*:"
_ROW_NUMBERS = (re.compile(b"<" + _ROW_NUMBER), re.compile(_NAMESPACE + _ROW_NUMBER))
_CELL_COLUMNS = (re.compile(b"<" + _CELL_COLUMN), re.compile(_NAMESPACE + _CELL_COLUMN))
_TAG_ENDS = (b" ", b">", b"/", b"\t", b"\n", b"\r")
_DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']""")
_PACKAGE_PARTS = ("[content_types].xml", "xl/workbook.xml", "xl/styles.xml")
SHARED_STRINGS_TYPE = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
)


class _Unusual(Exception):
    """XML that spreadsheet programs do not write; the message says what."""


def _mb(size: int) -> float:
    return round(size / MB, 1)


def _problem(place: str, msgid: str, **params: Any) -> Problem:
    return Problem(place, Message(msgid, params).bilingual())


# ---------------------------------------------------------------------------- streaming


def _portions(stream: IO[bytes], limits: Limits) -> Iterator[bytes]:
    """The part's bytes in pieces that end just before a "<", so no tag is ever split; a DTD
    (which could declare entities that expand into rows) is refused."""
    carry = b""
    chunk = stream.read(_CHUNK)
    _check_encoding(chunk)
    while chunk:
        buffer = carry + chunk
        cut = buffer.rfind(b"<")
        piece, carry = (buffer[:cut], buffer[cut:]) if cut > 0 else (b"", buffer)
        if len(carry) > limits.markup_run_bytes:
            raise _Unusual(f"> {limits.markup_run_bytes} bytes without markup")
        if piece:
            yield _without_dtd(piece)
        chunk = stream.read(_CHUNK)
    if carry:
        yield _without_dtd(carry)


def _without_dtd(piece: bytes) -> bytes:
    if b"<!DOCTYPE" in piece or b"<!ENTITY" in piece:
        raise _Unusual("DOCTYPE")
    return piece


def _check_encoding(head: bytes) -> None:
    head = head.removeprefix(b"\xef\xbb\xbf")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head[:4]:
        raise _Unusual("UTF-16/UTF-32")
    declared = _DECLARED_ENCODING.match(head)
    if declared and declared.group(1).lower() not in (b"utf-8", b"utf8", b"us-ascii", b"ascii"):
        raise _Unusual(f"encoding {declared.group(1).decode('ascii', 'replace')}")


def _count_tags(piece: bytes, name: bytes) -> int:
    """At least the number of start tags ``<name`` or ``<prefix:name`` (C-speed counts: other
    tags or text starting the same way can only make the count higher, never lower)."""
    return piece.count(b"<" + name) + piece.count(b":" + name)


def _has_tag(piece: bytes, name: bytes) -> bool:
    """True when the piece has a ``<name`` or ``<prefix:name`` start tag (or text like one)."""
    if b"<" + name not in piece and b":" + name not in piece:  # two fast scans, usually final
        return False
    return any(opener + name + end in piece for opener in (b"<", b":") for end in _TAG_ENDS)


def _matches(patterns: tuple[re.Pattern[bytes], re.Pattern[bytes]], piece: bytes,
             name: bytes) -> list[Any]:
    """findall of the plain pattern, and of the prefixed one when the piece has ``:name``."""
    found = patterns[0].findall(piece)
    return found + patterns[1].findall(piece) if b":" + name in piece else found


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# ---------------------------------------------------------------------------- the archive


def _is_package_part(name: str) -> bool:
    lowered = name.lower()
    return (
        lowered in _PACKAGE_PARTS
        or lowered.endswith(".rels")
        or lowered.startswith(("docprops/", "xl/theme/"))
    )


def _shared_strings_parts(archive: zipfile.ZipFile) -> set[str]:
    """Where openpyxl will look for shared strings (the content types), and the usual name."""
    from openpyxl.packaging.manifest import Manifest
    from openpyxl.xml.functions import fromstring

    names = {
        info.filename for info in archive.infolist() if info.filename.lower().endswith(
            "sharedstrings.xml")
    }
    try:
        manifest = Manifest.from_tree(fromstring(archive.read("[Content_Types].xml")))
    except Exception:  # no or broken content types: openpyxl will refuse the file itself
        return names
    found = manifest.find(SHARED_STRINGS_TYPE)
    if found is not None:
        names.add(found.PartName.lstrip("/"))
    return names


def check_archive(path: str | os.PathLike[str], limits: Limits = LIMITS) -> None:
    """Refuse (InvalidPlan, every problem at once) a workbook whose parts break the limits.

    Reads only the zip directory, the content types and the shared strings (streamed). Zip
    errors (zipfile.BadZipFile, OSError) are left to the caller.
    """
    place = str(path)
    problems: list[Problem] = []
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        if len(infos) > limits.parts:
            raise InvalidPlan(
                [_problem(place, TOO_MANY_PARTS, count=len(infos), limit=limits.parts)]
            )
        total = sum(info.file_size for info in infos)
        if total > limits.uncompressed_bytes:
            problems.append(
                _problem(place, WORKBOOK_TOO_LARGE, size=_mb(total),
                         limit=_mb(limits.uncompressed_bytes))
            )
        for info in infos:
            limit = limits.package_part_bytes if _is_package_part(info.filename) else (
                limits.part_bytes)
            if info.file_size > limit:
                problems.append(
                    _problem(place, PART_TOO_LARGE, part=info.filename, size=_mb(info.file_size),
                             limit=_mb(limit))
                )
            elif (
                info.file_size >= limits.ratio_from_bytes
                and info.file_size > limits.compression_ratio * max(info.compress_size, 1)
            ):
                problems.append(
                    _problem(place, PART_TOO_COMPRESSED, part=info.filename,
                             ratio=round(info.file_size / max(info.compress_size, 1)),
                             limit=limits.compression_ratio)
                )
        if problems:
            raise InvalidPlan(problems)
        for name in sorted(_shared_strings_parts(archive) & set(archive.namelist())):
            problems.extend(_check_shared_strings(archive, name, place, limits))
    if problems:
        raise InvalidPlan(problems)


def _check_shared_strings(
    archive: zipfile.ZipFile, name: str, place: str, limits: Limits
) -> list[Problem]:
    size = archive.getinfo(name).file_size
    if size > limits.shared_strings_bytes:
        return [
            _problem(place, PART_TOO_LARGE, part=name, size=_mb(size),
                     limit=_mb(limits.shared_strings_bytes))
        ]
    count = 0
    try:
        with archive.open(name) as stream:
            for piece in _portions(stream, limits):
                count += _count_tags(piece, b"si")
                if count > limits.shared_strings:
                    return [_problem(place, TOO_MANY_SHARED_STRINGS, limit=limits.shared_strings)]
    except _Unusual as exc:
        return [_problem(place, UNUSUAL_XML, part=name, what=str(exc))]
    return []


# ---------------------------------------------------------------------------- the sheets


@dataclass
class SheetScan:
    """What openpyxl would make of one sheet: rows it yields, the widest column, cells."""

    row_tags: int = 0
    numbered_rows: int = 0
    last_row: int = 0
    cell_tags: int = 0
    addressed_cells: int = 0
    widest: int = 0
    has_formulas: bool = False

    @property
    def rows(self) -> int:
        """Rows openpyxl yields at most: gaps up to the highest row number are filled."""
        return self.last_row + self.row_tags - self.numbered_rows

    @property
    def cells(self) -> int:
        """Cells openpyxl fills at most: every row as wide as the widest, plus unaddressed cells."""
        return self.row_tags * self.widest + self.cell_tags - self.addressed_cells

    def add(self, piece: bytes) -> None:
        """Count the tags of one piece of the sheet's XML."""
        self.row_tags += _count_tags(piece, b"row")
        numbers = [double or single for double, single in _matches(_ROW_NUMBERS, piece, b"row")]
        if numbers:
            if not b"".join(numbers).isdigit() or not all(numbers):
                odd = next(n for n in numbers if not n.isdigit())
                raise _Unusual(f"row number {odd[:20].decode('ascii', 'replace')!r}")
            longest = max(map(len, numbers))  # the largest number has the most digits
            self.last_row = max(self.last_row, int(max(n for n in numbers if len(n) == longest)))
            self.numbered_rows += len(numbers)
        self.cell_tags += _count_tags(piece, b"c")
        columns = _matches(_CELL_COLUMNS, piece, b"c")
        self.addressed_cells += len(columns)
        for letters in set(columns):
            self.widest = max(self.widest, _column_number(letters) if len(letters) <= 4 else 10**9)
        if not self.has_formulas and _has_tag(piece, b"f"):
            self.has_formulas = True


def scan_sheet(stream: IO[bytes], limits: Limits = LIMITS, cells_before: int = 0) -> SheetScan:
    """Stream one sheet's XML, stopping once it passes a limit (the scan then says which)."""
    scan = SheetScan()
    for piece in _portions(stream, limits):
        scan.add(piece)
        if (
            scan.rows > limits.rows
            or scan.widest > limits.columns
            or cells_before + scan.cells > limits.cells
        ):
            break
    return scan


@dataclass
class SheetsCheck:
    """The outcome of :func:`check_sheets`: formula cells without a value, per sheet title."""

    formulas_without_value: dict[str, list[str]] = field(default_factory=dict)

    def problems(self) -> list[Problem]:
        """One problem per formula cell without a value, at its cell (``indicators!E2``)."""
        return [
            _problem(f"{title}!{ref}", FORMULA_WITHOUT_VALUE)
            for title, refs in self.formulas_without_value.items()
            for ref in refs
        ]


def sheet_parts(path: str | os.PathLike[str]) -> dict[str, str]:
    """Each worksheet's title and archive part, found as openpyxl finds them (its own reader:
    content types, workbook, relationships) but without opening any sheet."""
    from openpyxl.reader.excel import ExcelReader

    reader = ExcelReader(path, read_only=True)
    try:
        reader.read_manifest()
        reader.read_workbook()
        return {
            sheet.name: rel.target
            for sheet, rel in reader.parser.find_sheets()
            if rel.target in reader.valid_files and "chartsheet" not in rel.Type
        }
    finally:
        reader.archive.close()


def check_sheets(
    path: str | os.PathLike[str], sheets: Mapping[str, str], limits: Limits = LIMITS
) -> SheetsCheck:
    """Scan each sheet (title -> part name in the archive) before openpyxl reads it.

    Raises InvalidPlan at the sheet when a limit is passed or its XML is unusual; returns the
    formula cells without a stored value (an error the caller reports with the others).
    """
    result = SheetsCheck()
    cells = 0
    with zipfile.ZipFile(path) as archive:
        for title, part in sheets.items():
            try:
                with archive.open(part) as stream:
                    scan = scan_sheet(stream, limits, cells)
                problem = _limit_problem(title, scan, cells, limits)
                if problem is not None:
                    raise InvalidPlan([problem])
                cells += scan.cells
                if scan.has_formulas:
                    with archive.open(part) as stream:
                        refs = formulas_without_value(stream)
                    if refs:
                        result.formulas_without_value[title] = refs
            except _Unusual as exc:
                unusual = _problem(title, UNUSUAL_XML, part=part, what=str(exc))
                raise InvalidPlan([unusual]) from None
    return result


def _limit_problem(title: str, scan: SheetScan, before: int, limits: Limits) -> Problem | None:
    if scan.rows > limits.rows:
        return _problem(title, TOO_MANY_ROWS, limit=limits.rows)
    if scan.widest > limits.columns:
        column = _column_letters(scan.widest) if scan.widest < 10**9 else "?"
        return _problem(title, TOO_MANY_COLUMNS, column=column, limit=limits.columns)
    if before + scan.cells > limits.cells:
        return _problem(title, TOO_MANY_CELLS, limit=limits.cells)
    return None


class _FormulaCells:
    """expat handlers that note formula cells with no stored value, tracking cell addresses as
    openpyxl does (a row or cell without ``r`` follows the previous one)."""

    def __init__(self) -> None:
        self.found: list[str] = []
        self.row = self.column = 0
        self.ref = self.kind = self.value = ""
        self.formula = self.in_value = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(" ")[2]
        if local == "row":
            number = attrs.get("r", "")
            self.row = int(number) if number.isdigit() else self.row + 1
            self.column = 0
        elif local == "c":
            ref = attrs.get("r", "")
            letters = ref.rstrip("0123456789").lstrip("$")
            self.column = _column_number(letters.encode()) if letters else self.column + 1
            self.ref = ref or f"{_column_letters(self.column)}{self.row}"
            self.kind = attrs.get("t", "n")
            self.value = ""
            self.formula = self.in_value = False
        elif local == "f":
            self.formula = True
        elif local == "v":
            self.in_value = True

    def text(self, data: str) -> None:
        if self.in_value:
            self.value += data

    def end(self, name: str) -> None:
        local = name.rpartition(" ")[2]
        if local == "v":
            self.in_value = False
        elif local == "c" and self.formula and not self.value and self.kind != "str":
            self.found.append(self.ref)


def formulas_without_value(stream: IO[bytes]) -> list[str]:
    """The cells (``E2``) of a sheet holding a formula but no stored result: no ``<v>``, or an
    empty one (what openpyxl writes), except a text formula whose result is the empty text."""
    cells = _FormulaCells()
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = cells.start
    parser.EndElementHandler = cells.end
    parser.CharacterDataHandler = cells.text
    parser.ParseFile(stream)
    return cells.found


# ---------------------------------------------------------------------------- writing

#: Leading characters that make a spreadsheet read a typed text as a formula (OWASP's list,
#: with the full-width forms some input methods produce).
FORMULA_TRIGGERS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def needs_text_guard(value: object) -> bool:
    """True for a text a spreadsheet could take for a formula or an error code."""
    from openpyxl.cell.cell import ERROR_CODES

    return isinstance(value, str) and (value.startswith(FORMULA_TRIGGERS) or value in ERROR_CODES)


def protect(cell: Any) -> Any:
    """Make an openpyxl cell holding such a text a plain text cell with the quote prefix."""
    if needs_text_guard(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def cell_value(sheet: Any, value: object) -> Any:
    """A value to append to a (write-only) sheet: itself, or a protected text cell."""
    if not needs_text_guard(value):
        return value
    from openpyxl.cell import WriteOnlyCell

    return protect(WriteOnlyCell(sheet, value=value))
