"""A block pasted from a spreadsheet into the workshop's targets grid: tabs and line breaks
(CRLF too), Indonesian and English number formats, ranges, the baseline row, a located
problem per bad cell, and a block too large for the room refused whole (nothing is saved:
these are the grid's rows only)."""

from __future__ import annotations

import pytest
from dash import no_update
from ekinerja.callbacks import common_targets as grid
from ekinerja.layouts import common_workshop as layout

from ekinerja.messages import InputError


def rows(baseline: float | None = None) -> list[dict]:
    """The grid of a 2025–2026 plan with one stored target (2026: 70)."""
    return layout.target_rows([2025, 2026], {"2026": 70.0}, "id", baseline)


def cells(pasted: grid.Pasted, year: str) -> list[str]:
    row = next(r for r in pasted.rows if r["year"] == year)
    return [row[c] for c in layout.TARGET_COLUMNS]


def test_a_block_with_tabs_and_crlf_fills_from_the_chosen_cell() -> None:
    text = "100\t20\t25,5\t25\t29,5\r\n1.234,5\t\t80 - 90\r\n"  # as Excel copies it
    pasted = grid.paste_block(text, rows(), "2025", "annual", "id")
    assert pasted.problems == [] and pasted.read_as is None
    assert cells(pasted, "2025") == ["100", "20", "25,5", "25", "29,5"]
    assert cells(pasted, "2026") == ["1.234,5", "", "80 - 90", "", ""]  # 70 replaced
    assert cells(pasted, "baseline") == ["", "", "", "", ""]


def test_a_block_starts_at_a_quarter_and_leaves_other_cells_alone() -> None:
    pasted = grid.paste_block("7\n8", rows(), "2025", "q3", "id")
    assert cells(pasted, "2025") == ["", "", "", "7", ""]
    assert cells(pasted, "2026") == ["70", "", "", "8", ""]


def test_a_column_with_the_baseline_first_fills_the_baseline_row() -> None:
    pasted = grid.paste_block("-2,07\n5,1\n5,3\n", rows(), "baseline", "annual", "id")
    assert pasted.problems == []
    assert cells(pasted, "baseline")[0] == "-2,07"  # a baseline may be negative
    assert [cells(pasted, y)[0] for y in ("2025", "2026")] == ["5,1", "5,3"]


def test_an_english_block_on_an_indonesian_page_is_read_in_english() -> None:
    pasted = grid.paste_block("1,234.5\t12.5\t80 - 90.5", rows(), "2025", "annual", "id")
    assert pasted.problems == [] and pasted.read_as == "en"
    assert cells(pasted, "2025")[:3] == ["1.234,5", "12,5", "80 - 90,5"]


def test_an_indonesian_block_on_an_english_page_is_read_in_indonesian() -> None:
    english = layout.target_rows([2025, 2026], {}, "en")
    pasted = grid.paste_block("1.234,5\n12,5", english, "2025", "annual", "en")
    assert pasted.read_as == "id" and pasted.problems == []
    assert cells(pasted, "2025")[0] == "1,234.5" and cells(pasted, "2026")[0] == "12.5"


def test_a_block_mixing_both_formats_is_read_in_the_language_and_asks() -> None:
    pasted = grid.paste_block("1,5\t12.5", rows(), "2025", "annual", "id")
    assert pasted.read_as is None and cells(pasted, "2025")[:2] == ["1,5", "12.5"]
    [problem] = pasted.problems
    assert problem.text("id").startswith("Triwulan I 2025 (baris tempelan 1, sel 2): ")
    assert "12.5" in problem.text("en") and "did you mean 12.5" in problem.text("en")


def test_each_bad_cell_is_located_and_left_as_pasted() -> None:
    text = "10\tsepuluh\t-5\n\t90 - 80\t5%"
    pasted = grid.paste_block(text, rows(), "2025", "annual", "id")
    assert [p.place for p in pasted.problems] == [
        "Triwulan I 2025 (baris tempelan 1, sel 2)",
        "Triwulan II 2025 (baris tempelan 1, sel 3)",
        "Triwulan I 2026 (baris tempelan 2, sel 2)",
        "Triwulan II 2026 (baris tempelan 2, sel 3)",
    ]
    texts = [p.text("en") for p in pasted.problems]
    assert "not a number" in texts[0] and "negative" in texts[1]
    assert "0 < low" in texts[2] and "without a unit" in texts[3]
    assert cells(pasted, "2025")[:3] == ["10", "sepuluh", "-5"]  # for the planner to fix
    assert cells(pasted, "2026")[:3] == ["", "90 - 80", "5%"]


def test_the_baseline_row_takes_one_value_only() -> None:
    pasted = grid.paste_block("3\t4\n", rows(), "baseline", "annual", "id")
    [problem] = pasted.problems
    assert problem.text("id") == ("Nilai awal 2024 (baris tempelan 1, sel 2): "
                                  "Baris nilai awal hanya berisi satu nilai, di kolom "
                                  "“Target tahunan”.")
    assert cells(pasted, "baseline") == ["3", "", "", "", ""]
    ranged = grid.paste_block("3 - 4", rows(), "baseline", "annual", "id")
    assert "not a range" in ranged.problems[0].text("en")


@pytest.mark.parametrize(("text", "row", "column", "words"), [
    ("1\n2\n3", "2025", "annual", "Blok berisi 3 baris; mulai dari 2025 tabel hanya memuat 2."),
    ("1\t2\t3", "2025", "q3", "Baris 1 blok berisi 3 sel; mulai dari Triwulan III 2025 tabel "
                              "hanya memuat 2."),
    ("1\n2\t3\t4\t5\t6\t7", None, None, "Baris 2 blok berisi 6 sel"),
    ("\r\n", "2025", "annual", "Tidak ada yang ditempel"),
    ("1" * 20_001, "2025", "annual", "terlalu panjang"),
])
def test_a_block_too_large_for_the_room_is_refused_whole(text, row, column, words) -> None:
    with pytest.raises(InputError) as refused:
        grid.paste_block(text, rows(), row, column, "id")
    assert refused.value.place == "Tempel" and words in refused.value.text("id")
    shown, note = grid.paste_view(text, rows(), row, column, "id")
    assert shown is no_update and words in str(note)


def test_without_a_chosen_cell_the_block_starts_at_the_first_year() -> None:
    pasted = grid.paste_block("9", rows(), None, None, "id")
    assert cells(pasted, "2025")[0] == "9" and cells(pasted, "baseline")[0] == ""
    label = grid.paste_block("9", rows(), "2026", "label", "id")  # the label: the year
    assert cells(label, "2026")[0] == "9"


def test_the_view_lists_the_problems_and_says_nothing_is_saved() -> None:
    shown, notes = grid.paste_view("1\tdua", rows(), "2025", "annual", "id")
    assert shown[1]["annual"] == "1" and "Perbaiki sel berikut" in str(notes)
    shown, notes = grid.paste_view("1,234.5", rows(), "2025", "annual", "id")
    assert "format bahasa Inggris" in str(notes)
    shown, notes = grid.paste_view("1", rows(), "2025", "annual", "id")
    assert "belum ada yang disimpan" in str(notes)
