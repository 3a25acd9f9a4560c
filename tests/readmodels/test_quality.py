"""The Kualitas read model: counts and first items, the plan's part kept per plan lists."""

from __future__ import annotations

from ekinerja import quality as domain
from ekinerja.readmodels import quality


def test_the_summary_is_the_quality_check_counted(engine):
    totals, shown = quality.summary(engine, None, 200)
    items = domain.quality(engine.doc)
    assert totals == domain.counts(items) and shown == items


def test_a_saved_realization_keeps_the_plan_part_and_a_saved_weight_does_not(engine,
                                                                           monkeypatch):
    calls = []
    real = quality.plan_items
    monkeypatch.setattr(quality, "plan_items", lambda doc, shown: calls.append(1) or real(
        doc, shown))
    first = quality.summary(engine, None, 200)
    indicator = engine.doc.indicators[0].code
    followed = engine.with_realizations([(indicator, "2023-Q2", 42.0)])
    assert quality.summary(followed, None, 200) == first and len(calls) == 1
    link = engine.doc.links[0]
    weighed = engine.with_weights({(link.parent, link.child): link.weight + 7})
    totals, _shown = quality.summary(weighed, None, 200)
    assert len(calls) == 2
    assert totals == domain.counts(domain.quality(weighed.doc))


def test_the_manuals_are_checked_every_time(engine):
    code = engine.doc.indicators[0].code
    without, _ = quality.summary(engine, {}, 200)
    with_iku, shown = quality.summary(engine, {code: {"iku": True}}, 200)
    assert with_iku["iku_without_manual"] == without["iku_without_manual"] + 1
    assert ("iku_without_manual", code) in {(i.kind, i.code) for i in shown}
