"""Beranda's follow-up card: red indicators without a follow-up (linking to /tindak-lanjut)
and overdue realizations per unit, on a real database of the NTB example."""

from __future__ import annotations

from datetime import date

from ekinerja.callbacks import beranda
from ekinerja.layouts import beranda as beranda_layout

from ekinerja import services
from ekinerja.services.deadlines import overdue_by_unit
from ekinerja.services.followups import record_follow_up, red_without_follow_up
from ekinerja.sources import DatabaseSource

TODAY = date(2024, 6, 1)


def card(db, lang="id"):
    return beranda.render_follow_up(DatabaseSource(db)(), db, None, "2022", lang, TODAY, 10)


def count_of(component) -> str:
    return next(c.children for c in _walk(component)
                if getattr(c, "id", None) == "home-followup-count")


def test_the_card_counts_the_red_indicators_without_a_follow_up(db, text_of):
    first = card(db)
    assert count_of(first) == "12"  # 12 indicators in the two lowest bands in 2022
    assert "dari 12 indikator merah belum memiliki tindak lanjut" in text_of(first)
    red = red_without_follow_up(db, None, "2022")
    record_follow_up(db, services.system_user(), None, red[0], "2022", "Penyebab",
                     "Tindakan", "2023-03-31")
    assert count_of(card(db)) == "11"
    links = [c.href for c in _walk(first) if getattr(c, "href", None)]
    assert "/tindak-lanjut" in links


def _walk(node):
    yield node
    children = getattr(node, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            yield from _walk(child)


def test_the_card_lists_overdue_realizations_per_unit_most_first(db, text_of):
    overdue = overdue_by_unit(db, None, TODAY, 10)
    assert overdue, "the example has overdue realizations on this day"
    engine = DatabaseSource(db)()
    names = {u.code: u.name for u in engine.doc.units}
    code, most = max(overdue.items(), key=lambda item: item[1])
    text = text_of(card(db))
    assert names.get(code, code) in text and str(most) in text
    cells = [c.children for c in _walk(card(db)) if type(c).__name__ == "Td"]
    assert cells[1] == str(most) or cells[1] == f"{most:,}".replace(",", ".")
    assert "Overdue realizations per unit" in text_of(card(db, "en"))


def test_without_overdue_realizations_the_card_says_so(text_of):
    shown = beranda_layout.follow_up_card(0, 0, {}, {}, "en")
    assert "No realization is overdue." in text_of(shown)


def test_a_plan_file_shows_no_card(example_plan):
    from ekinerja.rollup import Engine

    assert beranda.render_follow_up(Engine(example_plan), None, None, "2022", "id", TODAY,
                                    10) == []
