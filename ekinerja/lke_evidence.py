"""LKE proposals the plan itself can evidence (docs/sakip.md): for a unit (with the units
below it) or the region, and a year, a proposed answer to a few criteria, each with the figure
behind it and the page that shows it. The evaluator decides; a proposal is never an answer.

| criterion | figure |
|---|---|
| 1.1.7 (Y/T) | units of the scope with their own measured objectives (Y when every one) |
| 1.2.10 (A–E) | employees of the scope who own an RHK with an indicator (cascading) |
| 2.2.4 (A–E) | indicators of the scope measured in every quarter of the year |
| 2.2.6, 2.2.7 (A–E) | indicators of the scope with a realization recorded in the application |
| 2.3.1 (A–E) | employees whose RHK were measured in the year (their SKP predikat, the TPP basis) |
| 3.1.2 (Y/T) | quarters of the year with verified realizations (Y when all four) |

A share becomes A ≥ 90 %, B ≥ 75 %, C ≥ 50 %, D ≥ 25 %, else E.
"""

from __future__ import annotations

from dataclasses import dataclass

from ekinerja.model import PlanDocument
from ekinerja.periods import parse_period
from ekinerja.permissions import unit_subtree
from ekinerja.units import region_unit

#: (lowest share in %, answer) from the top.
SHARE_ANSWERS: tuple[tuple[float, str], ...] = ((90, "A"), (75, "B"), (50, "C"), (25, "D"))


@dataclass(frozen=True)
class Proposal:
    """A proposed answer to one criterion: the answer, the figure (count of total and share,
    in Indonesian) and the page that shows the evidence."""

    criterion: str
    answer: str
    count: int
    total: int
    figure: str
    evidence: str  # a path of the web app

    @property
    def share(self) -> float | None:
        """count / total in %, None when there is nothing to count."""
        return None if self.total == 0 else 100 * self.count / self.total


def share_answer(count: int, total: int) -> str:
    """A–E from a share: A ≥ 90 %, B ≥ 75 %, C ≥ 50 %, D ≥ 25 %, else E (E when total is 0)."""
    if total == 0:
        return "E"
    share = 100 * count / total
    return next((answer for bound, answer in SHARE_ANSWERS if share >= bound), "E")


def _percent(count: int, total: int) -> str:
    from ekinerja.i18n import fmt_number

    share = 0.0 if total == 0 else 100 * count / total
    return f"{count} dari {total} ({fmt_number(share, 'id', 1)} %)"


def scope_units(doc: PlanDocument, unit: str) -> frozenset[str]:
    """The unit and every unit below it; the region's unit stands for every unit."""
    region = region_unit(doc)
    if region is not None and region.code == unit:
        return frozenset(u.code for u in doc.units)
    return unit_subtree([(u.code, u.parent) for u in doc.units], unit)


def proposals(doc: PlanDocument, unit: str, year: int) -> list[Proposal]:
    """The proposals for a unit's (or the region's) LKE of a year, in criterion order."""
    units = scope_units(doc, unit)
    region = region_unit(doc)
    is_region = region is not None and region.code == unit
    objectives = [o for o in doc.objectives
                  if o.unit in units or (is_region and o.unit is None)]
    objective_codes = {o.code for o in objectives}
    indicators = [i for i in doc.indicators if i.objective in objective_codes]
    indicator_codes = {i.code for i in indicators}
    measured_objectives = {i.objective for i in indicators}

    # 1.1.7: units with their own measured objectives (RHK excluded)
    planned_units = {(o.unit if o.unit is not None else unit) for o in objectives
                     if o.level != "individual" and o.code in measured_objectives}
    units_with = len(planned_units & units)
    # 1.2.10: employees owning an RHK with an indicator
    employees = [e for e in doc.employees if e.unit in units]
    nips = {e.nip for e in employees}
    rhk_owner = {o.code: o.owner for o in objectives if o.level == "individual" and o.owner}
    owners = {rhk_owner[code] for code in measured_objectives if code in rhk_owner} & nips
    # realizations of the year by indicator
    quarters_of: dict[str, set[int]] = {}
    recorded: set[str] = set()
    verified_quarters: set[int] = set()
    measured_rhk: set[str] = set()
    for r in doc.realizations:
        if r.indicator not in indicator_codes:
            continue
        period = parse_period(r.period)
        if period.year != year:
            continue
        recorded.add(r.indicator)
        quarter = None if period.kind == "year" else (period.month_end - 1) // 3 + 1
        if quarter is not None:
            quarters_of.setdefault(r.indicator, set()).add(quarter)
            if r.status == "verified":
                verified_quarters.add(quarter)
        if r.status == "verified":
            measured_rhk.add(r.indicator)
    every_quarter = sum(1 for code in indicator_codes if len(quarters_of.get(code, ())) == 4)
    rhk_indicator_owner = {i.code: rhk_owner[i.objective] for i in indicators
                           if i.objective in rhk_owner}
    measured_owners = {rhk_indicator_owner[c] for c in measured_rhk
                       if c in rhk_indicator_owner} & nips
    total_units, total_indicators = len(units), len(indicator_codes)
    applied = share_answer(len(recorded), total_indicators)
    applied_figure = (f"{_percent(len(recorded), total_indicators)} indikator memiliki "
                      f"realisasi {year} yang dicatat di ekinerja")
    return [
        Proposal("1.1.7", "Y" if total_units and units_with == total_units else "T",
                 units_with, total_units,
                 f"{_percent(units_with, total_units)} unit memiliki sasaran dengan indikator",
                 "/scorecard"),
        Proposal("1.2.10", share_answer(len(owners), len(nips)), len(owners), len(nips),
                 f"{_percent(len(owners), len(nips))} pegawai memiliki RHK dengan indikator "
                 "(cascading sampai individu)", "/pohon-kinerja"),
        Proposal("2.2.4", share_answer(every_quarter, total_indicators), every_quarter,
                 total_indicators,
                 f"{_percent(every_quarter, total_indicators)} indikator diukur pada keempat "
                 f"triwulan {year}", "/realisasi"),
        Proposal("2.2.6", applied, len(recorded), total_indicators, applied_figure,
                 "/realisasi"),
        Proposal("2.2.7", applied, len(recorded), total_indicators, applied_figure,
                 "/scorecard"),
        Proposal("2.3.1", share_answer(len(measured_owners), len(nips)), len(measured_owners),
                 len(nips),
                 f"{_percent(len(measured_owners), len(nips))} pegawai memiliki RHK yang "
                 f"terukur (terverifikasi) pada {year}: dasar predikat SKP dan TPP",
                 "/kontribusi"),
        Proposal("3.1.2", "Y" if len(verified_quarters) == 4 else "T",
                 len(verified_quarters), 4,
                 f"{len(verified_quarters)} dari 4 triwulan {year} memiliki realisasi "
                 "terverifikasi (laporan berkala)", "/laporan"),
    ]
