"""Tests of the bundled example plan: the NTB RPJMD 2019–2023 cascade (ekinerja/data/ntb.json)."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

import pytest

from ekinerja import interchange
from ekinerja.cascade import validate
from ekinerja.data import EXAMPLE_PLAN
from ekinerja.rollup import Engine

MISSIONS = {
    "NTB Tangguh dan Mantap",
    "NTB Bersih dan Melayani",
    "NTB Sehat dan Cerdas",
    "NTB Asri dan Lestari",
    "NTB Sejahtera dan Mandiri",
    "NTB Aman dan Berkah",
}


@pytest.fixture(scope="module")
def doc():
    return interchange.load(EXAMPLE_PLAN)


@pytest.fixture(scope="module")
def engine(doc):
    return Engine(doc)


def indicator_named(doc, words: str):
    return next(i for i in doc.indicators if words.lower() in i.name.lower())


def test_example_plan_validates_without_errors_or_warnings(doc):
    assert validate(doc) == []


def test_example_plan_is_the_ntb_rpjmd_2019_2023(doc):
    assert (doc.plan.start_year, doc.plan.end_year) == (2019, 2023)
    assert "Nusa Tenggara Barat" in doc.plan.name


def test_example_plan_vision_is_ntb_gemilang(doc):
    visions = [o for o in doc.objectives if o.level == "vision"]
    assert len(visions) == 1 and "NTB Gemilang" in visions[0].name


def test_example_plan_has_the_six_missions_under_the_vision(doc):
    missions = {o.code: o.name for o in doc.objectives if o.level == "mission"}
    assert set(missions.values()) == MISSIONS
    assert {link.child for link in doc.links if link.parent == "VISI"} == set(missions)


def test_example_plan_uses_every_polarity(doc):
    assert {i.polarity for i in doc.indicators} == {"positive", "negative", "range"}


def test_example_plan_stunting_is_negative_with_the_ratio_method(doc):
    stunting = indicator_named(doc, "prevalensi stunting")
    assert (stunting.polarity, stunting.negative_method) == ("negative", "ratio")


def test_example_plan_poverty_and_unemployment_are_negative(doc):
    assert indicator_named(doc, "angka kemiskinan").polarity == "negative"
    assert indicator_named(doc, "tingkat pengangguran terbuka").polarity == "negative"


def test_example_plan_inflation_is_a_range_indicator_with_ranged_targets(doc):
    inflation = indicator_named(doc, "inflasi")
    assert inflation.polarity == "range"
    assert all(t.is_range for t in doc.targets if t.indicator == inflation.code)


def test_example_plan_sakip_has_a_ranged_target_on_a_positive_indicator(doc):
    sakip = indicator_named(doc, "nilai sakip")
    assert sakip.polarity == "positive"
    assert any(t.is_range for t in doc.targets if t.indicator == sakip.code)


def test_example_plan_puts_pad_in_the_financial_perspective(doc):
    pad = indicator_named(doc, "pendapatan asli daerah")
    perspective = {o.code: o.perspective for o in doc.objectives}
    assert perspective[pad.objective] == "financial"


def test_example_plan_uses_every_perspective(doc):
    assert {o.perspective for o in doc.objectives} >= {
        "stakeholder", "financial", "internal_process", "learning_growth"
    }


def test_example_plan_uses_sum_average_and_latest(doc):
    assert {i.aggregation for i in doc.indicators} == {"sum", "average", "latest"}


def test_example_plan_has_causal_links_between_objectives(doc):
    codes = {o.code for o in doc.objectives}
    assert len(doc.causal_links) >= 5
    assert all({c.cause, c.effect} <= codes for c in doc.causal_links)


def test_example_plan_has_a_crosscutting_objective_with_different_weights(doc):
    weights: dict[str, list[float]] = {}
    for link in doc.links:
        weights.setdefault(link.child, []).append(link.weight)
    assert any(len(w) > 1 and len(set(w)) > 1 for w in weights.values())


def test_example_plan_has_weights_other_than_the_default(doc):
    assert {40.0, 35.0, 25.0} <= {link.weight for link in doc.links} | {
        i.weight for i in doc.indicators
    }


def test_example_plan_agencies_sit_under_the_pemda(doc):
    kinds = {u.code: u.kind for u in doc.units}
    agencies = [u for u in doc.units if u.kind == "agency"]
    assert len(agencies) >= 8
    assert all(kinds[u.parent] == "pemda" for u in agencies)
    assert {"division", "section"} <= set(kinds.values())


def test_example_plan_has_objectives_at_every_agency_level(doc):
    levels = Counter(o.level for o in doc.objectives)
    for level in ("agency_objective", "program_objective", "activity_objective", "individual"):
        assert levels[level] > 0


def test_example_plan_has_30_to_60_employees_with_supervisors(doc):
    nips = {e.nip for e in doc.employees}
    assert 30 <= len(nips) <= 60
    supervised = [e for e in doc.employees if e.supervisor is not None]
    assert len(supervised) >= len(nips) // 2
    assert all(e.supervisor in nips for e in supervised)


def test_example_plan_nips_have_the_official_shape(doc):
    for employee in doc.employees:
        nip = employee.nip
        assert len(nip) == 18 and nip.isdigit()
        born = dt.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
        appointed = (int(nip[8:12]), int(nip[12:14]))
        assert (born.year + 18, 1) <= appointed <= (2019, 12)
        assert nip[14] in "12"


def test_example_plan_every_employee_owns_an_individual_rhk_with_indicators(doc):
    owners = {o.owner for o in doc.objectives if o.level == "individual"}
    assert owners == {e.nip for e in doc.employees}
    measured = {i.objective for i in doc.indicators}
    assert all(o.code in measured for o in doc.objectives if o.level == "individual")


def test_example_plan_has_targets_for_every_plan_year(doc):
    years = {t.period[:4] for t in doc.targets}
    assert years == {"2019", "2020", "2021", "2022", "2023"}


def test_example_plan_has_realizations_by_year_quarter_and_month_up_to_2022(doc):
    periods = {r.period for r in doc.realizations}
    assert {p[:4] for p in periods} == {"2019", "2020", "2021", "2022"}
    assert {"2019", "2020", "2021", "2022-Q1", "2022-Q4", "2022-01"} <= periods


def test_example_plan_scores_the_vision_every_year_until_2022(engine):
    for year in ("2019", "2020", "2021", "2022"):
        assert engine.evaluate(year).objective("VISI")["score"] is not None


def test_example_plan_has_incomplete_coverage_in_2022(doc, engine):
    evaluation = engine.evaluate("2022")
    coverages = [evaluation.objective(o.code)["coverage"] for o in doc.objectives]
    assert any(0 < c < 1 for c in coverages)


def test_example_plan_has_red_indicators_in_2022(doc, engine):
    evaluation = engine.evaluate("2022")
    bands = {evaluation.indicator(i.code)["band"] for i in doc.indicators}
    assert {"Rendah", "Sangat Rendah"} & bands


def test_example_plan_economic_growth_of_2020_is_red(engine):
    growth = engine.evaluate("2020").indicator("IKT-5.1")
    assert growth["realization"] < 0
    assert growth["band"] == "Sangat Rendah"


def test_example_plan_file_is_in_the_ekinerja_1_format():
    assert json.loads(EXAMPLE_PLAN.read_text(encoding="utf-8"))["format"] == "ekinerja/1"


def test_example_plan_survives_a_round_trip_through_the_interchange_format(doc):
    assert interchange.parse(interchange.to_dict(doc)) == doc
