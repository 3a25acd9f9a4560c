"""The shell and shared pieces: navbar, period selector, language switch, band badges."""

from __future__ import annotations

from ekinerja.callbacks.pages import PAGES
from ekinerja.layouts import common, ids

from ekinerja.readmodels.presentation import Banded
from ekinerja.services import User


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
    links = common.nav_links("id", "/", PAGES)
    assert [link.href for link in links] == [p.path for p in PAGES]


def test_navbar_marks_the_current_page_active():
    links = common.nav_links("en", "/scorecard/", PAGES)
    assert [link.active for link in links] == [p.path == "/scorecard" for p in PAGES]


def test_navbar_labels_are_translated():
    assert common.nav_links("id", "/", PAGES)[1].children == "Peta Strategi"
    assert common.nav_links("en", "/", PAGES)[1].children == "Strategy map"


def test_band_badge_shows_score_and_label_not_colour_alone(text):
    badge = common.band_badge(Banded(82.29, "Tinggi", "#43a047"), "id")
    assert text(badge) == "82,29 · Tinggi"
    assert badge.style["backgroundColor"] == "#43a047"


def test_band_badge_without_score_says_so(text):
    assert text(common.band_badge(Banded(None, None, "#9e9e9e"), "en")) == "– · No score"


def test_yellow_band_gets_dark_text():
    assert common.text_colour("#fbc02d") == "#212121"
    assert common.text_colour("#e53935") == "#ffffff"


def test_shell_holds_the_revision_store_and_its_poll(find):
    shell = common.shell("id", [], None, revision=7)
    assert find(shell, ids.REVISION).data == 7
    assert find(shell, ids.REVISION_POLL).interval == common.POLL_MS


def test_band_cells_get_the_colour_of_their_band_and_readable_text():
    style = common.band_cell_style({"Sedang": "#fbc02d"})["styleConditions"][0]
    assert style["condition"] == "params.value === 'Sedang'"
    assert style["style"] == {"backgroundColor": "#fbc02d", "color": "#212121"}


def test_grid_numbers_are_formatted_in_the_language():
    assert "'id-ID'" in common.number_formatter("id")["function"]


def test_a_refusal_says_refused_in_words():
    assert common.feedback(False, "konflik", "id").children == "Ditolak: konflik"


def test_a_success_without_text_says_saved():
    assert common.feedback(True, "", "en").children == "Saved."


def test_the_shell_shows_who_is_signed_in_with_role_and_unit(find):
    user = User("siti", "Siti Nurhayati", "employee", "GIZI", "1")
    account = find(common.shell("id", [], None, user=user, unit_name="Seksi Gizi"), ids.ACCOUNT)
    text = str(account.children)
    assert "Siti Nurhayati" in text and "Pegawai · Seksi Gizi" in text


def test_the_account_menu_links_to_the_password_page_and_signing_out(find):
    menu = common.account_menu("en", User("tamu", "Tamu", "viewer"))
    assert find(menu, ids.SIGN_OUT).href == "/logout?lang=en"
    assert find(menu, ids.CHANGE_PASSWORD).href == "/password?lang=en"
    assert "Viewer" in str(menu)


def test_nobody_signed_in_has_no_account_menu():
    assert common.account_menu("id", None) == []


def test_the_not_allowed_page_names_the_page_in_words():
    page = common.not_allowed_page("en", "Accounts")
    assert "Not allowed" in str(page) and "the page Accounts" in str(page)


def test_default_band_names_are_translated_and_a_plans_own_names_kept():
    from ekinerja.i18n import band_label

    assert (band_label("Sangat Tinggi", "en"), band_label("Sangat Tinggi", "id")) == (
        "Very high", "Sangat Tinggi")
    assert band_label("Hijau", "en") == "Hijau" and band_label(None, "en") is None


def test_band_colours_keep_their_hue_and_reach_4_5_to_1_behind_text():
    for colour in ("#1b5e20", "#43a047", "#fbc02d", "#fb8c00", "#e53935", "#9e9e9e"):
        shown = common.readable_colour(colour)
        assert common.contrast(shown, common.text_colour(colour)) >= 4.5
    assert common.readable_colour("#fbc02d") == "#fbc02d"  # dark text reads on it as it is


def test_a_form_field_labels_its_control_and_an_empty_dropdown_names_itself(find):
    field = common.form_field("Unit", common.form_dropdown("unit-choice"))
    label, dropdown = field.children
    assert label.htmlFor == "unit-choice" and label.children == "Unit"
    assert dropdown.placeholder == "Unit" and dropdown.options == [] and dropdown.value is None
    chosen = common.form_field("Kind", common.form_dropdown("kind", [{"label": "A", "value": "a"}],
                                                            "a", placeholder="Pick one"))
    assert chosen.children[1].placeholder == "Pick one" and chosen.children[1].value == "a"
    text = common.form_text("weight", placeholder="1")
    assert (text.value, text.placeholder, text.className) == ("", "1", common.FIELD)
    assert "btn-outline-danger" in common.form_button("Remove", "rm", "outline-danger").className
