"""`ekinerja skp` on hand-made organisations: each distribution rule of docs/skp.md broken and
kept through the command, a set rating with the proposal beside it, and the unit counts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ekinerja import interchange, skp
from ekinerja.cli import main
from ekinerja.model import (
    Employee,
    Objective,
    Plan,
    PlanDocument,
    SkpRating,
    Unit,
    UnitPredikat,
)
from tests.helpers import SKP_RULES, counts

#: One (work, behaviour) pair that gives each predikat.
PAIR = {predikat: cell for cell, predikat in sorted(skp.MATRIX.items(), reverse=True)}


def organisation(unit_predikat: str | None, counts: dict[str, int]) -> PlanDocument:
    """A region with one agency AG (organisation predikat `unit_predikat` in 2023) whose
    employees are rated so that their predikat are `counts`."""
    employees, ratings = [], []
    for predikat, n in counts.items():
        for _ in range(n):
            nip = f"{len(employees) + 1:018d}"
            employees.append(Employee(nip, f"Pegawai {nip[-3:]}", "AG"))
            work, behaviour = PAIR[predikat]
            ratings.append(SkpRating(nip, "2023", behaviour, work))
    return PlanDocument(
        Plan("ORG", "Organisasi", 2023, 2023),
        units=[Unit("PEMDA", "Pemda", None, "pemda"), Unit("AG", "Dinas", "PEMDA")],
        employees=employees,
        objectives=[Objective("V", "Visi", "vision")],
        skp_ratings=ratings,
        unit_predikat=[] if unit_predikat is None else [UnitPredikat("AG", "2023", unit_predikat)],
    )


def skp_out(doc: PlanDocument, folder: Path) -> dict:
    path = folder / "org.json"
    interchange.save(doc, path)
    result = CliRunner().invoke(main, ["skp", str(path), "-p", "2023", "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize(("unit_predikat", "kept", "broken", "words"), SKP_RULES)
def test_skp_warns_of_each_rule_broken_and_not_when_kept(
    unit_predikat, kept, broken, words, tmp_path
):
    unit = skp_out(organisation(unit_predikat, kept), tmp_path)["units"]["AG"]
    assert unit["counts"] == kept and unit["predikat"] == unit_predikat
    assert not [w for w in unit["warnings"] if words in w]
    unit = skp_out(organisation(unit_predikat, broken), tmp_path)["units"]["AG"]
    assert unit["counts"] == broken
    assert [w for w in unit["warnings"] if words in w]


def test_a_unit_without_predikat_never_warns(tmp_path):
    out = skp_out(organisation(None, counts(sangat_baik=10)), tmp_path)
    assert out["units"]["AG"]["warnings"] == [] and out["units"]["AG"]["predikat"] is None
    assert out["units"]["PEMDA"]["counts"]["sangat_baik"] == 10


def test_the_proposal_stays_beside_a_set_rating(make_skp_plan, tmp_path):
    staf2 = "198001012004011001"
    doc = make_skp_plan({staf2: 112})
    doc.skp_ratings = [SkpRating(staf2, "2023", "above", "below")]
    employee = skp_out(doc, tmp_path)["employees"][staf2]
    assert employee == {
        "score": 112.0,
        "proposed_work": "above",
        "work": "below",
        "behaviour": "above",
        "predikat": "butuh_perbaikan",
    }


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    unit_predikat=st.sampled_from([None, "istimewa", "baik", "butuh_perbaikan", "kurang",
                                   "sangat_kurang"]),
    drawn=st.fixed_dictionaries({p: st.integers(0, 6) for p in skp.PREDIKATS}),
)
def test_the_commands_counts_are_the_ratings_given(unit_predikat, drawn, tmp_path):
    out = skp_out(organisation(unit_predikat, drawn), tmp_path)
    assert out["units"]["AG"]["counts"] == drawn == out["units"]["PEMDA"]["counts"]
    predikat = [e["predikat"] for e in out["employees"].values()]
    assert {p: predikat.count(p) for p in skp.PREDIKATS} == drawn
    expected = [] if unit_predikat is None else skp.distribution_warnings(unit_predikat, drawn)
    assert out["units"]["AG"]["warnings"] == expected
    assert out["units"]["PEMDA"]["warnings"] == []
