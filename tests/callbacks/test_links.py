"""Links that open a page on something: `/scorecard?unit=`, `/realisasi?indicator=`,
`/bobot?parent=` (the query read by the one helper of callbacks/common.py), and the Beranda's
"Show all" buttons."""

from __future__ import annotations

import pytest
from ekinerja.callbacks import beranda, bobot, realisasi, scorecard, shell
from ekinerja.callbacks.common import parse_query
from ekinerja.callbacks.pages import PAGES
from ekinerja.layouts import ids

from ekinerja.readmodels.realizations import NO_UNIT, OWN_RHK
from ekinerja.services import User

VIEWER = User("tamu", "Tamu", "viewer")


@pytest.fixture(scope="module")
def source(example_plan):
    from ekinerja.sources import document_provider

    return document_provider(example_plan)


def component(tree, component_id):
    """The component of a layout tree with that id."""
    found = shell.find_component(tree, component_id)
    assert found is not None, component_id
    return found


def test_a_scorecard_link_opens_the_unit_and_the_bands_it_names(source):
    chosen = scorecard.linked_params(source, VIEWER,
                                     parse_query("?unit=DINSOS&band=Sangat%20Rendah,-"))
    assert chosen == {"unit": "DINSOS", "shown_bands": ["Sangat Rendah", "-"]}


def test_a_scorecard_link_with_unknown_codes_chooses_nothing(source):
    assert scorecard.linked_params(source, VIEWER, parse_query("?unit=NOPE&band=Ungu")) == {}


def test_the_router_opens_the_scorecard_on_the_linked_unit(source):
    page = shell.page_content(source, "/scorecard", "id", PAGES, VIEWER,
                              "?unit=DINSOS&band=Rendah")
    assert component(page, ids.CARD_UNIT).value == "DINSOS"
    assert component(page, ids.CARD_BANDS).value == ["Rendah"]
    plain = shell.page_content(source, "/scorecard", "id", PAGES, VIEWER)
    assert component(plain, ids.CARD_UNIT).value != "DINSOS"
    assert "-" in component(plain, ids.CARD_BANDS).value  # every band ticked


def test_an_indicator_link_opens_its_unit_with_its_row_chosen(source):
    chosen = realisasi.linked_params(source, VIEWER, parse_query("?indicator=RHK-012-1"))
    assert (chosen["unit"], chosen["indicator"]) == ("DISPAR", "RHK-012-1")
    assert [o["value"] for o in chosen["indicator_options"]] == ["RHK-012-1"]
    page = shell.page_content(source, "/realisasi", "id", PAGES, VIEWER,
                              "?indicator=RHK-012-1")
    assert component(page, ids.ENTRY_UNIT).value == "DISPAR"
    assert component(page, ids.ENTRY_INDICATOR).value == "RHK-012-1"


def test_a_province_indicator_opens_the_province_level(source):
    chosen = realisasi.linked_params(source, VIEWER, parse_query("?indicator=IKU-5.1"))
    assert (chosen["unit"], chosen["indicator"]) == (NO_UNIT, "IKU-5.1")


def test_an_employee_opens_their_own_indicator_under_their_rhk(source, example_plan):
    objective = next(o for o in example_plan.objectives
                     if o.owner and any(i.objective == o.code for i in example_plan.indicators))
    indicator = next(i.code for i in example_plan.indicators if i.objective == objective.code)
    employee = User("pegawai", "Pegawai", "employee", nip=objective.owner)
    chosen = realisasi.linked_params(source, employee, {"indicator": [indicator]})
    assert (chosen["unit"], chosen["indicator"]) == (OWN_RHK, indicator)


def test_an_unknown_or_objective_code_chooses_no_indicator(source):
    assert realisasi.linked_params(source, VIEWER, parse_query("?indicator=NOPE")) == {}
    assert realisasi.linked_params(source, VIEWER, parse_query("?indicator=MISI-1")) == {}


def test_the_linked_indicators_row_is_selected_in_the_grid(source):
    from tests.layouts.conftest import walk

    engine = source()
    tree, _options, chosen, _status = realisasi.table(engine, None, None, "DISPAR", "2022-Q4",
                                                      "id", "RHK-012-1")
    grid = next(node for node in walk(tree) if getattr(node, "id", None) == ids.ENTRY_GRID)
    assert chosen == "RHK-012-1" and grid.selectedRows == {"ids": ["RHK-012-1"]}
    assert realisasi.current_value(engine, chosen, "2022-Q4", "id") == "6,52"


def test_a_weights_link_opens_that_parent(source):
    engine = source()
    parent = next(o.code for o in reversed(engine.doc.objectives) if engine.child_count(o.code))
    chosen = bobot.linked_params(source, VIEWER, parse_query(f"?parent={parent}"))
    assert chosen["parent"] == parent and parent in [p.code for p in chosen["parents"]]
    page = shell.page_content(source, "/bobot", "id", PAGES, VIEWER, f"?parent={parent}")
    assert component(page, ids.WEIGHT_PARENT).value == parent


def test_a_weights_link_to_an_indicator_or_unknown_code_chooses_nothing(source):
    assert bobot.linked_params(source, VIEWER, {"parent": ["RHK-012-1"]}) == {}
    assert bobot.linked_params(source, VIEWER, {"parent": ["NOPE"]}) == {}


def test_show_all_toggles_one_list_and_keeps_the_others():
    assert beranda.toggled([], "red") == ["red"]
    assert beranda.toggled(["red", "stale"], "red") == ["stale"]
    assert beranda.toggled(None, "missing") == ["missing"]


def test_the_beranda_shows_a_list_in_full_when_asked(source, text_of):
    engine = source()
    assert "10 dari 11 ditampilkan" in text_of(beranda.render(engine, "2022", "id"))
    assert "11 dari 11 ditampilkan" in text_of(beranda.render(engine, "2022", "id", ["red"]))
    full = text_of(beranda.render_early_warning(engine, "2022", None, "en", ["warnings"]))
    assert "23 of 23 shown" in full
