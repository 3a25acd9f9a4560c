"""The cascade quality check: each kind found where it is, with the place it is fixed."""

from __future__ import annotations

from ekinerja.model import Employee, Indicator, Link, Objective, Target
from ekinerja.quality import counts, quality

NIP = "199001012020011001"
BOSS = "197001012000011001"


def kinds(items) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for item in items:
        found.setdefault(item.kind, set()).add(item.code)
    return found


def test_the_small_plan_lacks_targets_and_weights_of_100(small_plan) -> None:
    items = quality(small_plan)
    found = kinds(items)
    assert found["no_target"] == {"I1", "I2"}
    assert "no_indicator" not in found and "unaligned" not in found
    first = next(i for i in items if i.kind == "no_target" and i.code == "I1")
    assert first.message.text("en") == '"I1" has no target for 2019, 2020, 2021, 2022.'
    assert first.fix == "/pohon-kinerja?node=S1&indicator=I1"
    assert counts(items)["weights_not_100"] == len(found["weights_not_100"])


def test_every_kind_is_found(small_plan) -> None:
    doc = small_plan
    doc.employees += [Employee(BOSS, "Kepala", "DIKES"), Employee("1", "Baru", "DIKES")]
    doc.employees[0].supervisor = BOSS
    doc.objectives += [Objective("LOOSE", "Lepas", "agency_objective", unit="DIKES"),
                       Objective("RB", "RHK Kepala", "individual", unit="DIKES", owner=BOSS)]
    doc.links.append(Link("S1", "RB"))
    doc.indicators.append(Indicator("IB", "RB", "Laporan kepala"))
    doc.targets += [Target("IB", str(y), 1.0) for y in range(2019, 2024)]
    found = kinds(quality(doc, {"I1": {"iku": True, "definition": "ada"}}))
    assert found["no_indicator"] == {"LOOSE"}
    assert found["unaligned"] == {"LOOSE"}
    assert found["no_rhk"] == {"1"}
    assert found["rhk_not_under_supervisor"] == {"R1"}  # Ani's RHK hangs under S1, not RB
    assert found["iku_without_manual"] == {"I1"}
    assert "IB" not in found["no_target"]


def test_weights_of_100_pass(small_plan) -> None:
    small_plan.links = [Link(lk.parent, lk.child, 50.0 if lk.parent == "S1" else 100.0)
                        for lk in small_plan.links]
    small_plan.indicators[0].weight = 50.0  # I1, beside R1 under S1
    small_plan.indicators[1].weight = 100.0
    assert "weights_not_100" not in kinds(quality(small_plan))


def test_the_summary_counts_every_item_and_builds_only_the_first_of_each_kind() -> None:
    from ekinerja.generate import generate
    from ekinerja.quality import quality_summary

    doc = generate(60, 2, seed=3)
    doc.targets.clear()  # every indicator lacks its targets: many items of one kind
    items = quality(doc)
    totals, shown = quality_summary(doc, None, 3)
    assert totals == counts(items) and totals["no_target"] > 3
    expected = [item for kind in totals
                for item in [i for i in items if i.kind == kind][:3]]
    assert shown == expected


def test_a_fix_link_quotes_codes_as_urlencode_does() -> None:
    from urllib.parse import urlencode

    from ekinerja.quality import _tree

    for code, indicator in (("S-1.a_b~", None), ("a b&c", "I 1/2"), ("ü=?", "x")):
        query = {"node": code, **({"indicator": indicator} if indicator else {})}
        assert _tree(code, indicator) == "/pohon-kinerja?" + urlencode(query)
