"""The shell and shared pieces: navbar, period selector, language switch, band badges."""

from __future__ import annotations

from ekinerja.layouts import common, ids
from ekinerja.layouts.pages import PAGES, page_for


def test_shell_holds_the_period_selector_with_the_chosen_period(find):
    shell = common.shell("id", ["2023-Q1", "2023-Q2"], "2023-Q2")
    assert find(shell, ids.PERIOD).value == "2023-Q2"


def test_period_options_are_newest_first_and_translated():
    options = common.period_options(["2023-Q1", "2023-Q2", "2023"], "id")
    assert [o["value"] for o in options] == ["2023", "2023-Q2", "2023-Q1"]
    assert options[1]["label"] == "Triwulan II 2023"


def test_shell_offers_indonesian_then_english(find):
    switch = find(common.shell("id", [], None), ids.LANG)
    assert [o["value"] for o in switch.options] == ["id", "en"] and switch.value == "id"


def test_navbar_lists_every_page_in_order():
    links = common.nav_links("id", "/")
    assert [link.href for link in links] == [p.path for p in PAGES]


def test_navbar_marks_the_current_page_active():
    links = common.nav_links("en", "/scorecard/")
    assert [link.active for link in links] == [p.path == "/scorecard" for p in PAGES]


def test_navbar_labels_are_translated():
    assert common.nav_links("id", "/")[1].children == "Peta Strategi"
    assert common.nav_links("en", "/")[1].children == "Strategy map"


def test_band_badge_shows_score_and_label_not_colour_alone(text):
    badge = common.band_badge("Tinggi", 82.29, "#43a047", "id")
    assert text(badge) == "82,29 · Tinggi"
    assert badge.style["backgroundColor"] == "#43a047"


def test_band_badge_without_score_says_so(text):
    assert text(common.band_badge(None, None, "#9e9e9e", "en")) == "– · No score"


def test_yellow_band_gets_dark_text():
    assert common.text_colour("#fbc02d") == "#212121"
    assert common.text_colour("#e53935") == "#ffffff"


def test_page_for_ignores_a_trailing_slash():
    assert page_for("/peta-strategi/").module == "peta_strategi"


def test_page_for_an_unknown_path_is_none():
    assert page_for("/nowhere") is None


def test_page_paths_are_the_contract():
    paths = {p.module: p.path for p in PAGES}
    assert paths["beranda"] == "/" and paths["peta_strategi"] == "/peta-strategi"
    assert paths["pohon_kinerja"] == "/pohon-kinerja" and paths["scorecard"] == "/scorecard"


def test_shell_holds_the_revision_store_and_its_poll(find):
    shell = common.shell("id", [], None, revision=7)
    assert find(shell, ids.REVISION).data == 7
    assert find(shell, ids.REVISION_POLL).interval == common.POLL_MS
