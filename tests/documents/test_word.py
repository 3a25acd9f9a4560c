"""The Word documents, opened again with python-docx: PK and LKjIP tables."""

from __future__ import annotations

from docx import Document
from docx.enum.section import WD_ORIENT


def cells(document: Document, table: int) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in document.tables[table].rows]


def paragraphs(document: Document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def test_the_pk_states_the_title_the_parties_and_the_promise(write_document, document_plan):
    document = Document(str(write_document("pk", document_plan, "DINAS", 2022, ".docx")))
    text = paragraphs(document)
    assert "PERJANJIAN KINERJA TAHUN 2022" in text
    assert "DINAS KESEHATAN" in text
    assert "Nama\t: Dr. Ani Kadis" in text and "Jabatan\t: Kepala Dinas Kesehatan" in text
    assert "selanjutnya disebut pihak pertama." in text
    assert "Jabatan\t: Kepala Daerah, Pemerintah Kabupaten Uji" in text
    assert "Pihak kedua akan melakukan supervisi" in text


def test_the_pk_table_has_each_indicator_and_its_target(write_document, document_plan):
    document = Document(str(write_document("pk", document_plan, "DINAS", 2022, ".docx")))
    table = next(cells(document, i) for i in range(len(document.tables))
                 if cells(document, i)[0][0] == "No")
    assert table[0] == ["No", "Sasaran Perangkat Daerah", "Indikator Kinerja", "Target"]
    assert table[1] == ["1", "=Meningkatnya mutu layanan", "+Cakupan layanan", "85,00 %"]
    assert table[2] == ["1", "=Meningkatnya mutu layanan", "-Waktu tunggu", "10,00 hari"]
    assert table[3] == ["2", "Menurunnya angka kesakitan", "@Angka kesakitan",
                        "5,00–7,00 per mil"]
    first_rows = document.tables[1].rows
    assert first_rows[1].cells[1]._tc is first_rows[2].cells[1]._tc  # one merged objective cell
    assert first_rows[0]._tr.xpath("./w:trPr/w:tblHeader")  # header repeats on each page


def test_the_pk_leaves_a_clearly_marked_budget_section(write_document, document_plan):
    document = Document(str(write_document("pk", document_plan, "DINAS", 2022, ".docx")))
    budget = next(cells(document, i) for i in range(len(document.tables))
                  if cells(document, i)[0][1:2] == ["Program"])
    assert budget[0] == ["No", "Program", "Anggaran (Rp)", "Keterangan"]
    assert budget[1][3].startswith("Belum tersedia")
    assert "PROGRAM DAN ANGGARAN" in paragraphs(document)


def test_the_pk_signatures_carry_names_nips_and_a_blank_for_an_unknown_party(
        write_document, document_plan):
    document = Document(str(write_document("pk", document_plan, "DINAS", 2022, ".docx")))
    signatures = cells(document, 0)
    assert signatures[0] == ["", "3 Januari 2022"]
    assert signatures[1] == ["Pihak Kedua,", "Pihak Pertama,"]
    assert signatures[5][1] == "Dr. Ani Kadis" and signatures[6][1] == "NIP. 197001012000012001"
    assert signatures[5][0].startswith("(....") and signatures[6][0].startswith("NIP. ....")
    name = document.tables[0].rows[5].cells[1].paragraphs[0].runs[0]
    assert name.bold and name.underline


def test_the_pk_of_the_region_has_one_signature(write_document, document_plan):
    document = Document(str(write_document("pk", document_plan, "PEMDA", 2022, ".docx")))
    signatures = cells(document, 0)
    assert all(left == "" for left, _ in signatures)
    assert signatures[1][1] == "Pihak Pertama,"
    assert "Pihak kedua" not in paragraphs(document)


def test_the_pk_of_the_example_plan_holds_the_heads_name_nip_and_targets(
        write_document, example_plan):
    document = Document(str(write_document("pk", example_plan, "DIKES", 2022, ".docx")))
    target = next(t.value for t in example_plan.targets
                  if (t.indicator, t.period) == ("IKD-DIKES-1.1", "2022"))
    all_cells = [c for i in range(len(document.tables)) for row in cells(document, i) for c in row]
    assert f"{target:.2f}".replace(".", ",") + " %" in all_cells
    assert "Hairul Ridwan" in all_cells and "NIP. 196701271995011002" in all_cells


def test_the_lkjip_tables_hold_the_figures_in_indonesian_format(write_document, document_plan):
    document = Document(str(write_document("lkjip", document_plan, "DINAS", 2022, ".docx")))
    assert document.sections[0].orientation == WD_ORIENT.LANDSCAPE
    achievement, comparison, budget = (cells(document, i) for i in range(3))
    assert achievement[0] == ["No", "Sasaran", "Indikator Kinerja", "Satuan", "Target 2022",
                              "Realisasi 2022", "Capaian (%)"]
    assert achievement[1][4:] == ["85,00", "89,25", "105,00"]
    assert achievement[2][4:] == ["10,00", "12,00", "80,00"]
    assert achievement[3][4] == "5,00–7,00"
    assert comparison[0][4:] == ["Realisasi 2021", "Realisasi 2022", "Target Akhir 2023",
                                 "Progres thd Target Akhir (%)"]
    assert comparison[1][4:] == ["78,00", "89,25", "90,00", "99,17"]
    assert budget[1][4:] == ["", "", "–", "105,00", "–"]  # no budget: the achievement alone
    text = paragraphs(document)
    assert "LKjIP TAHUN 2022" in text and "belum dicatat di ekinerja" in text


def test_the_lkjip_of_the_example_region_has_a_level_column(write_document, example_plan):
    document = Document(str(write_document("lkjip", example_plan, "PEMPROV-NTB", 2022,
                                           ".docx")))
    table = cells(document, 0)
    assert table[0][:3] == ["No", "Tingkat", "Sasaran"]
    levels = {row[1] for row in table[1:]}
    assert levels == {"Tujuan", "Sasaran Strategis"}
    assert len(table) == 27
