"""Interface languages: catalogs complete and compiled, id_ID numbers, period labels."""

from __future__ import annotations

import gettext

from ekinerja import i18n


def test_every_interface_message_has_an_indonesian_translation():
    catalog = i18n.read_catalog("id")
    missing = [m for m in i18n.extract_messages() if not (catalog.get(m) and catalog.get(m).string)]
    assert missing == []


def test_the_english_catalog_knows_every_message():
    catalog = i18n.read_catalog("en")
    assert [m for m in i18n.extract_messages() if catalog.get(m) is None] == []


def test_compiled_catalogs_match_their_po_files():
    for lang in i18n.LANGUAGES:
        catalog = i18n.read_catalog(lang)
        with i18n.po_path(lang).with_suffix(".mo").open("rb") as handle:
            compiled = gettext.GNUTranslations(handle)
        stale = [m.id for m in catalog if m.id and m.string and compiled.gettext(m.id) != m.string]
        assert stale == [], lang


def test_indonesian_is_the_default_language():
    assert i18n.translator(None)("Home") == "Beranda"


def test_an_unknown_language_falls_back_to_indonesian():
    assert i18n.language("fr") == "id"


def test_numbers_use_the_indonesian_format():
    assert i18n.fmt_number(1234.5, "id") == "1.234,50"


def test_numbers_use_the_english_format_in_english():
    assert i18n.fmt_number(1234.5, "en") == "1,234.50"


def test_no_number_is_a_dash():
    assert i18n.fmt_number(None, "id") == "–" and i18n.fmt_number(float("nan")) == "–"


def test_a_range_target_shows_both_bounds():
    assert i18n.fmt_target([45.0, 50.0], "id") == "45,00–50,00"


def test_period_labels_in_indonesian():
    assert [i18n.period_label(p, "id") for p in ("2023", "2023-Q1", "2023-03")] == [
        "2023", "Triwulan I 2023", "Maret 2023"]


def test_indonesian_quarters_use_roman_numerals():
    assert [i18n.period_label(f"2022-Q{q}", "id") for q in range(1, 5)] == [
        "Triwulan I 2022", "Triwulan II 2022", "Triwulan III 2022", "Triwulan IV 2022"]


def test_period_labels_in_english():
    assert i18n.period_label("2023-Q4", "en") == "Q4 2023"


def test_dates_are_written_in_indonesian():
    from datetime import date, datetime

    assert i18n.fmt_date(date(2024, 3, 5)) == "5 Maret 2024"
    assert i18n.fmt_datetime(datetime(2024, 8, 17, 14, 30)) == "17 Agustus 2024 14.30"


def test_dates_are_written_in_english_in_english():
    from datetime import date

    assert i18n.fmt_date(date(2024, 3, 5), "en") == "March 5, 2024"


def test_period_labels_of_a_year_a_quarter_and_a_month_in_english():
    assert [i18n.period_label(p, "en") for p in ("2022", "2022-Q4", "2023-01")] == [
        "2022", "Q4 2022", "January 2023"]


def test_a_january_label_in_indonesian():
    assert i18n.period_label("2023-01", "id") == "Januari 2023"


def test_fmt_number_is_the_one_formatter_of_ekinerja_numbers():
    from ekinerja.numbers import format_number

    assert i18n.fmt_number(-6621.825, "id", 3) == format_number(-6621.825, "id", 3) == "-6.621,825"


def test_domain_messages_are_in_the_catalogs():
    assert "Enter a number." in i18n.extract_messages()


def test_every_translation_uses_only_the_placeholders_its_message_is_given():
    from string import Formatter

    def names(text):
        return {name for _, name, _, _ in Formatter().parse(text) if name}

    # period_label and the targets grid's headers pass the Roman numeral too
    given_also = {"Q{number} {year}": {"roman"}, "Q{number}": {"roman"}}
    catalog = i18n.read_catalog("id")
    wrong = [m.id for m in catalog if m.id and m.string
             and not names(m.string) <= names(m.id) | given_also.get(m.id, set())]
    assert wrong == []


def test_level_names_come_from_the_catalog_in_each_language():
    assert (i18n.level_label("agency_objective", "id"), i18n.level_label("individual", "en")) == (
        "Sasaran Perangkat Daerah", "Individual (RHK)")


def test_the_indonesian_level_names_are_a_view_of_the_catalog():
    assert i18n.LEVEL_LABELS_ID["individual"] == "RHK" and len(i18n.LEVEL_LABELS_ID) == 9


def test_the_messages_are_read_from_the_source_folders_by_path():
    folders = {folder.name for folder in i18n.source_folders()}
    assert folders == {"ekinerja", "layouts", "callbacks"}
    assert "Enter realizations" in i18n.extract_messages()


def test_the_catalogs_are_up_to_date_with_the_sources(monkeypatch):
    calls = []
    monkeypatch.setattr(i18n, "update_catalogs", lambda: calls.append(1) or ["New message"])
    assert i18n.main(["update"]) == 1 and calls == [1]


def test_pages_translate_through_the_catalog_only():
    import ast
    import re

    bilingual = re.compile(r"[a-z] / [a-z]")
    found = []
    for file in i18n.source_files():
        if file.parent.name not in ("layouts", "callbacks"):
            continue
        tree = ast.parse(file.read_text(encoding="utf-8"))
        docstrings = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
        found += [f"{file.name}: {node.value!r}" for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and isinstance(node.value, str)
                  and id(node) not in docstrings and bilingual.search(node.value)]
        found += [f"{file.name}: {node.id}" for node in ast.walk(tree)
                  if isinstance(node, ast.Name) and node.id == "TEXTS_ID"]
    assert found == []
