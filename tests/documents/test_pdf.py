"""The PK as PDF: rendered, then its text extracted with pypdf and checked."""

from __future__ import annotations

from pypdf import PdfReader


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def test_the_pk_pdf_holds_the_parties_the_targets_and_the_signatures(write_document,
                                                                   document_plan):
    path = write_document("pk", document_plan, "DINAS", 2022, ".pdf")
    reader = PdfReader(str(path))
    assert len(reader.pages) == 2
    assert reader.metadata.title == "PERJANJIAN KINERJA TAHUN 2022"
    text = pdf_text(path)
    for expected in ("PERJANJIAN KINERJA TAHUN 2022", "DINAS KESEHATAN", "Dr. Ani Kadis",
                     "NIP. 197001012000012001", "Kepala Daerah, Pemerintah Kabupaten Uji",
                     "=Meningkatnya mutu layanan", "85,00 %", "10,00 hari", "5,00–7,00 per mil",
                     "Sasaran Perangkat Daerah", "PROGRAM DAN ANGGARAN", "Belum tersedia",
                     "3 Januari 2022"):
        assert expected in text, expected


def test_the_pk_pdf_of_the_example_plan_names_the_head_and_a_target(write_document,
                                                                    example_plan):
    text = pdf_text(write_document("pk", example_plan, "DIKES", 2022, ".pdf"))
    assert "Hairul Ridwan" in text and "NIP. 196701271995011002" in text
    assert "Persentase puskesmas terakreditasi" in text and "95,00 %" in text


def test_the_pk_pdf_of_the_region_has_no_second_party(write_document, document_plan):
    text = pdf_text(write_document("pk", document_plan, "PEMDA", 2022, ".pdf"))
    assert "Pihak Pertama" in text and "Pihak Kedua" not in text
    assert "Usia harapan hidup" in text
