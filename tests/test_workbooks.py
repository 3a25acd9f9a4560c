"""Workbook safety: bombs refused before openpyxl expands them; text cells never formulas."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from ekinerja import interchange, workbooks
from ekinerja.model import InvalidPlan
from ekinerja.workbooks import Limits, check_archive, formulas_without_value, scan_sheet

SHARED_STRINGS_OVERRIDE = (
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="'
    + workbooks.SHARED_STRINGS_TYPE.encode()
    + b'"/></Types>'
)


def refusal(path: Path, limits: Limits = workbooks.LIMITS) -> list[str]:
    with pytest.raises(InvalidPlan) as caught:
        interchange.read_workbook(path, limits)
    return [str(p) for p in caught.value.problems]


def with_rows(rows: bytes):
    """An edit of a sheet part: `rows` added at the end of its sheetData."""
    return lambda xml: xml.replace(b"</sheetData>", rows + b"</sheetData>", 1)


# ---------------------------------------------------------------------------- rows and cells


def test_a_row_numbered_twenty_million_is_refused_before_any_row_is_read(
    plan_workbook, rewrite_xlsx, sheet_part, tmp_path, no_rows_read
):
    row = b'<row r="20000000"><c r="A20000000" t="inlineStr"><is><t>x</t></is></c></row>'
    bomb = rewrite_xlsx(plan_workbook, tmp_path / "bomb.xlsx",
                        {sheet_part(plan_workbook, "targets"): with_rows(row)})
    assert bomb.stat().st_size < 20_000
    assert refusal(bomb) == [
        "targets: Lembar ini memiliki lebih dari 1.048.576 baris. / "
        "The sheet has more than 1,048,576 rows."
    ]


def test_twenty_million_empty_rows_in_a_small_file_are_refused(empty_rows_bomb, no_rows_read):
    assert empty_rows_bomb.stat().st_size < 400_000
    (problem,) = refusal(empty_rows_bomb)
    assert "is compressed" in problem and "worksheets" in problem


def test_rows_are_counted_even_when_the_compression_ratio_is_allowed(
    empty_rows_bomb, no_rows_read
):
    assert refusal(empty_rows_bomb, Limits(compression_ratio=10**9)) == [
        "targets: Lembar ini memiliki lebih dari 1.048.576 baris. / "
        "The sheet has more than 1,048,576 rows."
    ]


def test_rows_up_to_the_limit_are_read(plan_workbook, rewrite_xlsx, sheet_part, tmp_path):
    rows = b"".join(b'<row r="%d"/>' % n for n in range(4, 21))
    path = rewrite_xlsx(plan_workbook, tmp_path / "rows.xlsx",
                        {sheet_part(plan_workbook, "targets"): with_rows(rows)})
    assert interchange.read_workbook(path, Limits(rows=20)).targets
    assert refusal(path, Limits(rows=19)) == [
        "targets: Lembar ini memiliki lebih dari 19 baris. / The sheet has more than 19 rows."
    ]


def test_a_cell_beyond_column_xfd_is_refused(plan_workbook, rewrite_xlsx, sheet_part, tmp_path,
                                              no_rows_read):
    path = rewrite_xlsx(plan_workbook, tmp_path / "wide.xlsx", {
        sheet_part(plan_workbook, "units"): with_rows(b'<row r="9"><c r="XFE9"/></row>')})
    assert refusal(path) == [
        "units: Lembar ini mencapai kolom XFE, melebihi 16.384 kolom yang diizinkan. / "
        "The sheet reaches column XFE, beyond the 16,384 columns allowed."
    ]


def test_rows_as_wide_as_column_xfd_count_against_the_cell_limit(
    plan_workbook, rewrite_xlsx, sheet_part, tmp_path, no_rows_read
):
    rows = b"".join(b'<row r="%d"><c r="XFD%d"/></row>' % (n, n) for n in range(10, 2010))
    path = rewrite_xlsx(plan_workbook, tmp_path / "wide.xlsx",
                        {sheet_part(plan_workbook, "links"): with_rows(rows)})
    assert path.stat().st_size < 30_000
    (problem,) = refusal(path)
    assert problem.startswith("links: ") and "more than 30,000,000 cells" in problem


def test_a_row_number_hidden_after_a_quoted_angle_bracket_is_still_counted(
    plan_workbook, rewrite_xlsx, sheet_part, tmp_path, no_rows_read
):
    row = b"<row spans='1:1' ht=\">\" r = '20000000'/>"
    path = rewrite_xlsx(plan_workbook, tmp_path / "hidden.xlsx",
                        {sheet_part(plan_workbook, "targets"): with_rows(row)})
    assert [p.split(":")[0] for p in refusal(path)] == ["targets"]


def test_a_row_tag_split_between_two_reads_is_still_counted():
    head = b"<worksheet><sheetData>"
    rows, pad = divmod(workbooks.MB - 3 - len(head), 12)  # the tag starts 3 bytes before 1 MiB
    tail = b'<row r="20000000"/></sheetData></worksheet>'
    xml = head + b'<row r="1"/>' * rows + b" " * pad + tail
    assert xml.index(b'r="20000000"') > workbooks.MB > xml.index(b'<row r="20000000"')
    assert scan_sheet(io.BytesIO(xml)).last_row == 20_000_000


@pytest.mark.parametrize(
    ("xml", "what"),
    [
        (b'<!DOCTYPE x [<!ENTITY r "<row r=\'9\'/>">]><worksheet/>', "DOCTYPE"),
        ('<worksheet><sheetData/></worksheet>'.encode("utf-16"), "UTF-16/UTF-32"),
        (b'<?xml version="1.0" encoding="cp500"?><worksheet/>', "encoding cp500"),
        (b'<worksheet><sheetData><row r="2e7"/></sheetData></worksheet>', "row number"),
        (b"<worksheet><sheetData><row><c><is><t>" + b"x" * (workbooks.MB + 10), "markup"),
    ],
    ids=["doctype", "utf-16", "other encoding", "row number as a float", "megabyte of text"],
)
def test_xml_that_spreadsheet_programs_never_write_is_refused(
    plan_workbook, rewrite_xlsx, sheet_part, tmp_path, xml, what
):
    path = rewrite_xlsx(plan_workbook, tmp_path / "odd.xlsx",
                        {sheet_part(plan_workbook, "targets"): xml})
    (problem,) = refusal(path)
    assert problem.startswith("targets: ") and what in problem


# ---------------------------------------------------------------------------- the archive


def test_a_shared_strings_bomb_is_refused_before_openpyxl_loads_it(
    plan_workbook, rewrite_xlsx, tmp_path
):
    def strings():
        yield b"<sst>"
        for _ in range(120):
            yield b"<si><t>" + b"a" * workbooks.MB + b"</t></si>"
        yield b"</sst>"

    bomb = rewrite_xlsx(plan_workbook, tmp_path / "bomb.xlsx", {
        "xl/sharedStrings.xml": strings(),
        "[Content_Types].xml": lambda xml: xml.replace(b"</Types>", SHARED_STRINGS_OVERRIDE),
    })
    assert bomb.stat().st_size < 1_000_000
    (problem,) = refusal(bomb)
    assert problem.startswith(f"{bomb}: ") and "xl/sharedStrings.xml" in problem


def test_shared_strings_are_counted(plan_workbook, rewrite_xlsx, tmp_path):
    path = rewrite_xlsx(plan_workbook, tmp_path / "strings.xlsx", {
        "xl/sharedStrings.xml": b"<sst>" + b"<si><t>a</t></si>" * 11 + b"</sst>",
        "[Content_Types].xml": lambda xml: xml.replace(b"</Types>", SHARED_STRINGS_OVERRIDE),
    })
    assert interchange.read_workbook(path, Limits(shared_strings=11)).plan.code == "P1"
    assert refusal(path, Limits(shared_strings=10)) == [
        f"{path}: Workbook memiliki lebih dari 10 teks bersama. / "
        "The workbook has more than 10 shared texts."
    ]


def test_shared_strings_above_their_size_limit_are_refused(plan_workbook, rewrite_xlsx, tmp_path):
    path = rewrite_xlsx(plan_workbook, tmp_path / "strings.xlsx", {
        "xl/sharedStrings.xml": b"<sst>" + b"<si><t>a</t></si>" * 100 + b"</sst>",
        "[Content_Types].xml": lambda xml: xml.replace(b"</Types>", SHARED_STRINGS_OVERRIDE),
    })
    (problem,) = refusal(path, Limits(shared_strings_bytes=1000))
    assert "The part xl/sharedStrings.xml unpacks to" in problem


def test_a_workbook_unpacking_beyond_the_total_limit_is_refused(plan_workbook):
    (problem,) = refusal(plan_workbook, Limits(uncompressed_bytes=10_000))
    assert problem.startswith(f"{plan_workbook}: ") and "The workbook unpacks to" in problem


def test_large_package_parts_are_refused(plan_workbook):
    problems = refusal(plan_workbook, Limits(package_part_bytes=1000))
    assert any("The part xl/styles.xml unpacks to" in p for p in problems)
    assert not any("worksheets" in p for p in problems)  # sheets have their own, larger limit


def test_a_workbook_with_too_many_parts_is_refused(plan_workbook):
    with zipfile.ZipFile(plan_workbook) as archive:
        count = len(archive.infolist())
    (problem,) = refusal(plan_workbook, Limits(parts=count - 1))
    assert f"The workbook has {count} parts, at most {count - 1}." in problem


def test_check_archive_passes_a_workbook_written_by_ekinerja(plan_workbook):
    assert check_archive(plan_workbook) is None


# ---------------------------------------------------------------------------- formulas


def test_formula_cells_without_a_stored_value_are_listed_with_their_cells():
    xml = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           b'<sheetData><row r="2"><c r="E2"><f>5</f></c><c r="F2"><f>1+1</f><v>2</v></c>'
           b'<c r="G2" t="str"><f>""</f><v></v></c></row>'
           b"<row><c/><c><f>A1</f><v></v></c></row></sheetData></worksheet>")
    assert formulas_without_value(io.BytesIO(xml)) == ["E2", "B3"]


# ---------------------------------------------------------------------------- writing


@pytest.mark.parametrize(
    "text", ['=cmd|"/c calc"!A1', '=HYPERLINK("http://x.example","klik")', "+1", "-1",
             "@SUM(1)", "\tx", "\rx", "＝1+1", "#N/A"],
    ids=repr,
)
def test_text_a_spreadsheet_could_take_for_a_formula_is_written_as_quoted_text(tmp_path, text):
    book = openpyxl.Workbook()
    book.active["A1"] = text
    workbooks.protect(book.active["A1"])
    book.save(tmp_path / "out.xlsx")
    cell = openpyxl.load_workbook(tmp_path / "out.xlsx").active["A1"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)


@pytest.mark.parametrize("value", ["Visi", "1+1", " =x", 5, -5.0, None])
def test_other_values_are_written_as_they_are(value):
    assert not workbooks.needs_text_guard(value)
    assert workbooks.cell_value(None, value) == value
