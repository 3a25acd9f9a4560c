"""The Beranda callback body: the home data of a period as components."""

from __future__ import annotations

import pytest
from ekinerja.callbacks import beranda


def test_render_returns_components_for_the_page_body(engine, text_of):
    children = beranda.render(engine, "2023-Q2", "id")
    assert isinstance(children, list) and "NTB" in text_of(children)


def test_render_without_plan_data_says_so(make_contribution_plan, text_of):
    from ekinerja.rollup import Engine

    doc = make_contribution_plan()
    doc.targets, doc.realizations = [], []
    assert "Belum ada data rencana." in text_of(beranda.render(Engine(doc), None, "id"))


@pytest.fixture(scope="module")
def example_engine(example_plan):
    from ekinerja.rollup import Engine

    return Engine(example_plan)


def test_the_early_warning_card_lists_forecasts_labelled_as_forecasts(example_engine, text_of):
    engine = example_engine
    text = text_of(beranda.render_early_warning(engine, "2022-Q2", None, "id"))
    assert "Proyeksi" in text and "ditampilkan" in text
    english = text_of(beranda.render_early_warning(engine, "2022-Q2", None, "en"))
    assert "Forecast for 2022 as of Q2 2022" in english
    assert "Where to push" in english


def test_the_agency_choice_narrows_the_lists_and_an_unknown_one_shows_the_region(
    example_engine, text_of
):
    engine = example_engine
    options = beranda.agency_options(engine, "2022-Q2")
    codes = [o["value"] for o in options]
    assert "DLHK" in codes and options == sorted(options, key=lambda o: o["label"])
    region = text_of(beranda.render_early_warning(engine, "2022-Q2", None, "en"))
    dlhk = text_of(beranda.render_early_warning(engine, "2022-Q2", "DLHK", "en"))
    assert dlhk != region and "IKD-DLHK" in dlhk
    assert text_of(beranda.render_early_warning(engine, "2022-Q2", "NOPE", "en")) == region


def test_registering_the_page_loads_the_number_symbols_of_every_language() -> None:
    from ekinerja import numbers
    from ekinerja.i18n import LANGUAGES

    numbers.symbols.cache_clear()
    numbers._to_locale.cache_clear()
    beranda.prepare_drawing()
    assert numbers.symbols.cache_info().currsize == len(LANGUAGES)
