"""Kualitas: the quality items of the app's plan, the IKU check from its database."""

from __future__ import annotations

from ekinerja.callbacks import kualitas
from ekinerja.layouts import kualitas as kualitas_layout

from ekinerja import services


def test_items_include_the_iku_check_from_the_database(db, small_plan) -> None:
    services.import_document(db, services.system_user(), small_plan)
    services.set_indicator_manual(db, services.system_user(), "P1", "I1", iku=True)
    engine = services.load_engine(db, "P1")
    found = {(i.kind, i.code) for i in kualitas.items(engine, db, "P1")}
    assert ("iku_without_manual", "I1") in found
    assert ("iku_without_manual", "I1") not in {
        (i.kind, i.code) for i in kualitas.items(engine, None, "P1")}


def test_the_body_counts_every_kind_and_links_each_item(small_plan) -> None:
    from ekinerja.quality import quality

    body = kualitas_layout.body(quality(small_plan), "id")
    text = str(body)
    assert "Indikator tanpa target" in text and "/pohon-kinerja?node=S1&indicator=I1" in text


def test_the_page_lists_the_first_items_and_counts_the_rest(small_plan, monkeypatch) -> None:
    from ekinerja.sources import document_provider

    engine = document_provider(small_plan)()
    monkeypatch.setattr(kualitas_layout, "SHOWN", 1)
    totals, shown = kualitas.summary(engine, None, None)
    assert totals["no_target"] == 2 and [i.code for i in shown if i.kind == "no_target"] == ["I1"]
    text = str(kualitas_layout.body(shown, "en", totals))
    assert "…and 1 more" in text and "(2)" in text
