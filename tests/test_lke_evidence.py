"""LKE proposals from the plan's own figures, each stating its figure."""

from __future__ import annotations

import pytest

from ekinerja import lke, lke_evidence
from ekinerja.model import Realization


@pytest.mark.parametrize(("count", "total", "answer"),
                         [(9, 10, "A"), (89, 100, "B"), (75, 100, "B"), (74, 100, "C"),
                          (50, 100, "C"), (25, 100, "D"), (24, 100, "E"), (0, 0, "E")])
def test_a_share_becomes_an_answer_at_90_75_50_25(count, total, answer):
    assert lke_evidence.share_answer(count, total) == answer


def test_every_proposal_is_a_known_criterion_with_a_valid_answer_and_a_link(example_plan):
    proposals = lke_evidence.proposals(example_plan, "DIKES", 2022)
    assert [p.criterion for p in proposals] == ["1.1.7", "1.2.10", "2.2.4", "2.2.6", "2.2.7",
                                                "2.3.1", "3.1.2"]
    for proposal in proposals:
        assert proposal.criterion in lke.criteria()
        assert proposal.answer in lke.ANSWER_VALUES
        assert proposal.evidence.startswith("/")
        assert f"{proposal.count} dari {proposal.total}" in proposal.figure


def test_the_figures_of_the_document_plan_by_hand(document_plan):
    by_id = {p.criterion: p for p in lke_evidence.proposals(document_plan, "DINAS", 2022)}
    # DINAS and BIDANG; both have measured objectives of their own
    assert (by_id["1.1.7"].count, by_id["1.1.7"].total, by_id["1.1.7"].answer) == (2, 2, "Y")
    # realizations of 2022 under DINAS: I1 (Q1, months of Q2, the year), I2, I3 (the year)
    assert by_id["2.2.4"].count == 0 and by_id["2.2.4"].answer == "E"
    assert "triwulan 2022" in by_id["2.2.4"].figure


def test_quarters_with_verified_realizations_make_the_periodic_report_proposal(document_plan):
    for q in (1, 2, 3, 4):
        document_plan.realizations.append(Realization("I2", f"2022-Q{q}", 10.0))
    by_id = {p.criterion: p for p in lke_evidence.proposals(document_plan, "DINAS", 2022)}
    assert (by_id["3.1.2"].count, by_id["3.1.2"].answer) == (4, "Y")
    assert by_id["2.2.4"].count == 1  # I2 now measured in every quarter
    document_plan.realizations[-1].status = "submitted"
    by_id = {p.criterion: p for p in lke_evidence.proposals(document_plan, "DINAS", 2022)}
    assert (by_id["3.1.2"].count, by_id["3.1.2"].answer) == (3, "T")


def test_the_region_counts_every_unit(example_plan):
    by_id = {p.criterion: p for p in lke_evidence.proposals(example_plan, "PEMPROV-NTB", 2022)}
    assert by_id["1.1.7"].total == len(example_plan.units)
    assert by_id["1.2.10"].total == len(example_plan.employees)
