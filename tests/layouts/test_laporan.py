"""The /laporan layout: unit and year, a button per document format, progress and message."""

from __future__ import annotations

from ekinerja.layouts import ids, laporan

from ekinerja.readmodels.presentation import Named


def page(lang: str = "id"):
    return laporan.layout(lang, units=[Named("DIKES", "Dinas Kesehatan")], unit="DIKES",
                          years=[2021, 2022], year=2022)


def test_every_format_of_every_document_has_its_button(find):
    tree = page()
    for index in ("pk.docx", "pk.pdf", "rencana-aksi.xlsx", "lkjip.docx", "lkjip.xlsx"):
        assert find(tree, {"type": ids.REPORT_MAKE, "index": index}) is not None
        assert laporan.parse_button_index(index)[0] in {"pk", "rencana-aksi", "lkjip"}


def test_the_progress_is_hidden_until_a_document_is_being_made(find):
    assert find(page(), ids.REPORT_PROGRESS).style == {"display": "none"}
    assert find(page(), ids.REPORT_YEAR).value == 2022


def test_the_page_speaks_both_languages(text, find):
    assert "Perjanjian Kinerja (PK)" in text(page("id"))
    assert "Performance agreement (PK)" in text(page("en"))
    assert find(page("id"), ids.REPORT_PROGRESS).children.label == "Menyiapkan dokumen…"


def test_the_outcome_states_file_rows_size_and_time_in_the_language():
    assert laporan.made_text("pk-X-2022.docx", 4, 38_400, 0.4123, "id") == \
        "pk-X-2022.docx · 4 indikator · 37,5 KB · 0,41 detik"
    assert laporan.made_text("pk-X-2022.docx", 4, 38_400, 0.4123, "en") == \
        "pk-X-2022.docx · 4 indicators · 37.5 KB · 0.41 s"


def test_parse_button_index_splits_kind_and_suffix():
    assert laporan.parse_button_index("rencana-aksi.xlsx") == ("rencana-aksi", ".xlsx")
