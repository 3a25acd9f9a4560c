"""What the SAKIP documents say: parties, objectives and figures, computed by hand."""

from __future__ import annotations

from datetime import datetime

import pytest

from ekinerja.documents import content
from ekinerja.documents.content import DocumentError, Party
from ekinerja.model import Unit

WHEN = datetime(2022, 1, 3, 9, 30)


def test_the_pk_of_an_agency_lists_its_agency_objectives_and_the_years_targets(document_plan):
    agreement = content.agreement(document_plan, "DINAS", 2022, generated=WHEN)
    rows = [(r.number, r.objective, r.indicator_code, r.target) for r in agreement.rows]
    assert rows == [
        (1, "=Meningkatnya mutu layanan", "I1", 85.0),
        (1, "=Meningkatnya mutu layanan", "I2", 10.0),
        (2, "Menurunnya angka kesakitan", "I3", [5.0, 7.0]),
    ]
    assert agreement.level == "Sasaran Perangkat Daerah"
    assert agreement.heading.unit_name == "Dinas Kesehatan" and agreement.heading.year == 2022


def test_the_pk_of_an_agency_is_signed_by_its_head_and_the_head_of_the_region(document_plan):
    agreement = content.agreement(document_plan, "DINAS", 2022)
    assert agreement.first == Party("Dr. Ani Kadis", "197001012000012001",
                                    "Kepala Dinas Kesehatan")
    # The region's head is not on the staff list: a position with room for the name.
    assert agreement.second == Party(None, None, "Kepala Daerah, Pemerintah Kabupaten Uji")


def test_the_pk_of_a_division_has_the_agency_head_as_second_party(document_plan):
    agreement = content.agreement(document_plan, "BIDANG", 2022)
    assert agreement.first.name == "Budi Kabid"
    assert agreement.second.name == "Dr. Ani Kadis"
    assert [r.indicator_code for r in agreement.rows] == ["IP1"]


def test_the_pk_of_the_region_lists_the_regions_objectives_and_has_no_second_party(
        document_plan):
    agreement = content.agreement(document_plan, "PEMDA", 2022)
    assert [r.indicator_code for r in agreement.rows] == ["IS1"]
    assert agreement.level == "Sasaran Strategis"
    assert agreement.first == Party(None, None, "Kepala Daerah, Pemerintah Kabupaten Uji")
    assert agreement.second is None


def test_the_pk_takes_only_the_units_highest_level(document_plan):
    document_plan.objectives[5].unit = "DINAS"  # SP1 (program level) now belongs to DINAS too
    agreement = content.agreement(document_plan, "DINAS", 2022)
    assert "IP1" not in [r.indicator_code for r in agreement.rows]


def test_the_action_plan_has_each_quarters_target_realization_and_achievement(document_plan):
    plan = content.action_plan(document_plan, "DINAS", 2022)
    first = plan.rows[0]
    assert first.indicator_code == "I1" and first.annual_target == 85.0
    assert [q.target for q in first.quarters] == [20.0, 40.0, 60.0, 85.0]
    # Q2 has only monthly realizations: the latest month (35) stands for the quarter.
    assert [q.realization for q in first.quarters] == [22.0, 35.0, None, None]
    assert [q.achievement for q in first.quarters] == [110.0, 87.5, None, None]
    assert [q.target for q in plan.rows[1].quarters] == [None] * 4


def test_the_lkjip_has_the_years_figures_earlier_years_and_progress_to_the_end(document_plan):
    report = content.performance_report(document_plan, "DINAS", 2022)
    assert report.previous_years == [2021] and report.end_year == 2023
    i1, i2, i3 = report.rows
    assert (i1.current.target, i1.current.realization) == (85.0, 89.25)
    assert i1.current.achievement == pytest.approx(105.0)
    assert i1.previous == {2021: 78.0}
    assert i1.end_target == 90.0
    assert i1.progress == pytest.approx(100 * 89.25 / 90)
    # negative: (2T − R) / T
    assert i2.current.achievement == pytest.approx(100 * (2 * 10 - 12) / 10)
    assert i2.progress == pytest.approx(100 * (2 * 8 - 12) / 8)
    # positive with a ranged target [5, 7], R = 8 above it: R / H against the crossed bound
    assert i3.current.target == [5.0, 7.0]
    assert i3.current.achievement == pytest.approx(100 * 8 / 7)
    assert i3.progress == pytest.approx(100 * 8 / 6)
    assert i1.budget is None and i1.budget_realization is None


def test_the_lkjip_of_the_first_year_has_no_earlier_years(document_plan):
    report = content.performance_report(document_plan, "DINAS", 2021)
    assert report.previous_years == []
    assert report.rows[0].current.realization == 78.0


def test_the_lkjip_of_the_region_covers_every_measured_level_of_the_region(example_plan):
    report = content.performance_report(example_plan, "PEMPROV-NTB", 2022)
    assert {row.level for row in report.rows} == {"Tujuan", "Sasaran Strategis"}
    assert len(report.rows) == 26  # 6 goal and 20 objective indicators


def test_the_documents_read_their_figures_through_sakip_engine(document_plan, monkeypatch):
    from dataclasses import replace

    from ekinerja.rollup import Engine

    def without_i1(doc):  # as a verified-only filter would drop unverified realizations
        return Engine(replace(doc, realizations=[r for r in doc.realizations
                                                 if r.indicator != "I1"]))

    monkeypatch.setattr(content, "sakip_engine", without_i1)
    report = content.performance_report(document_plan, "DINAS", 2022)
    assert report.rows[0].current.realization is None
    assert report.rows[1].current.realization == 12.0


def test_the_documents_count_verified_realizations_only(document_plan):
    year = next(r for r in document_plan.realizations if (r.indicator, r.period) == ("I1", "2022"))
    assert content.performance_report(document_plan, "DINAS", 2022).rows[0].current.realization \
        == 89.25
    year.status = "submitted"  # scored by live monitoring, not yet in a SAKIP document
    report = content.performance_report(document_plan, "DINAS", 2022)
    assert report.rows[0].current.realization == 35.0  # derived from the verified months
    assert report.rows[1].current.realization == 12.0


@pytest.mark.parametrize("build", [content.agreement, content.action_plan,
                                   content.performance_report])
def test_an_unknown_unit_and_a_year_outside_the_plan_are_both_named(document_plan, build):
    with pytest.raises(DocumentError) as error:
        build(document_plan, "NOPE", 2030)
    assert [p.place for p in error.value.problems] == ["unit", "year"]
    assert "2021–2023" in error.value.problems[1].message


def test_a_unit_without_objectives_has_an_empty_pk(document_plan):
    document_plan.units.append(Unit("BARU", "Unit Baru", "DINAS"))
    assert content.agreement(document_plan, "BARU", 2022).rows == []


def test_the_lkjip_sums_the_budgets_below_each_objective_and_states_the_efficiency(
        document_plan):
    # SD1 (I1, I2) has the program SP1 below it; SP1's budget is 400 of which 300 spent
    below = [link.child for link in document_plan.links if link.parent == "SD1"]
    assert below, "the document plan cascades SD1 to a program"
    budgets = {(below[0], 2022): (400.0, 300.0), ("SD1", 2022): (100.0, 100.0),
               (below[0], 2021): (999.0, 1.0)}
    report = content.performance_report(document_plan, "DINAS", 2022, budgets=budgets)
    i1, i2, i3 = report.rows
    assert (i1.budget, i1.budget_realization) == (500.0, 400.0)
    assert i1.absorption == pytest.approx(80.0)
    assert i1.efficiency == pytest.approx(105.0 - 80.0)  # achievement 105 %
    assert i2.efficiency == pytest.approx(80.0 - 80.0)
    assert i3.budget is None and i3.efficiency is None  # SD2: no budget below it


def test_a_budget_without_its_realization_gives_no_efficiency(document_plan):
    report = content.performance_report(document_plan, "DINAS", 2022,
                                        budgets={("SD1", 2022): (100.0, None)})
    first = report.rows[0]
    assert (first.budget, first.budget_realization, first.efficiency) == (100.0, None, None)
