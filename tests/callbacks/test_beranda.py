"""The Beranda callback body: the home data of a period as components."""

from __future__ import annotations

from ekinerja.callbacks import beranda


def test_render_returns_components_for_the_page_body(engine, text_of):
    children = beranda.render(engine, "2023-Q2", "id")
    assert isinstance(children, list) and "NTB" in text_of(children)


def test_render_without_plan_data_says_so(make_contribution_plan, text_of):
    from ekinerja.rollup import Engine

    doc = make_contribution_plan()
    doc.targets, doc.realizations = [], []
    assert "Belum ada data rencana." in text_of(beranda.render(Engine(doc), None, "id"))
