"""The cascade quality check (SAKIP criterion 1.2: cascading, SMART indicators): what a plan
still lacks, each item with where it is fixed (docs/workshop.md)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from ekinerja.messages import N_, Message
from ekinerja.model import PlanDocument

KINDS: dict[str, str] = {  # kind -> its heading (a msgid), in the order they are listed
    "no_indicator": N_("Objectives without indicators"),
    "no_target": N_("Indicators without targets"),
    "unaligned": N_("Unaligned objectives"),
    "no_rhk": N_("Employees without RHK"),
    "rhk_not_under_supervisor": N_("RHK not under the supervisor's RHK"),
    "weights_not_100": N_("Weights that do not sum to 100"),
    "iku_without_manual": N_("IKU without a Manual IKU"),
}
MANUAL_FIELDS = ("definition", "formula", "data_source", "collector", "schedule")
TOLERANCE = 0.01


@dataclass(frozen=True)
class QualityItem:
    """One thing to fix: its kind (KINDS), the code it is about, why, and where it is fixed
    (a page path with its query)."""

    kind: str
    code: str
    message: Message
    fix: str


def _tree(code: str, indicator: str | None = None) -> str:
    query = {"node": code, **({"indicator": indicator} if indicator else {})}
    return "/pohon-kinerja?" + urlencode(query)


def quality(doc: PlanDocument, manuals: Mapping[str, Mapping[str, Any]] | None = None
            ) -> list[QualityItem]:
    """Every quality item of a plan, by kind (KINDS order), then in plan order. `manuals` are
    the indicators' IKU flags and Manual IKU (services.indicator_manuals); without them the
    IKU check is skipped."""
    items: list[QualityItem] = []
    children: dict[str, list[str]] = defaultdict(list)
    parents: dict[str, list[str]] = defaultdict(list)
    weights: dict[str, float] = defaultdict(float)
    for link in doc.links:
        children[link.parent].append(link.child)
        parents[link.child].append(link.parent)
        weights[link.parent] += link.weight
    indicators_of: dict[str, list[str]] = defaultdict(list)
    for indicator in doc.indicators:
        indicators_of[indicator.objective].append(indicator.code)
        weights[indicator.objective] += indicator.weight

    for o in doc.objectives:
        if not indicators_of[o.code] and not children[o.code]:
            items.append(QualityItem("no_indicator", o.code, Message(
                N_('"{code}" has neither indicators nor child objectives.'), {"code": o.code}),
                _tree(o.code)))

    years = [str(y) for y in range(doc.plan.start_year, doc.plan.end_year + 1)]
    targeted: dict[str, set[str]] = defaultdict(set)
    for target in doc.targets:
        targeted[target.indicator].add(target.period[:4] if len(target.period) == 4
                                       else target.period)
    for i in doc.indicators:
        missing = [y for y in years if y not in targeted[i.code]]
        if missing:
            items.append(QualityItem("no_target", i.code, Message(
                N_('"{code}" has no target for {periods}.'),
                {"code": i.code, "periods": ", ".join(missing)}), _tree(i.objective, i.code)))

    root = next((o.code for o in doc.objectives if o.level == "vision"), None)
    aligned: set[str] = set()
    stack = [root] if root else []
    while stack:
        node = stack.pop()
        if node not in aligned:
            aligned.add(node)
            stack.extend(children[node])
    for o in doc.objectives:
        if o.code not in aligned:
            items.append(QualityItem("unaligned", o.code, Message(
                N_('"{code}" has no path to the vision.'), {"code": o.code}), _tree(o.code)))

    level_of = {o.code: o.level for o in doc.objectives}
    owner_of = {o.code: o.owner for o in doc.objectives}
    rhk_of: dict[str, list[str]] = defaultdict(list)
    for o in doc.objectives:
        if o.level == "individual" and o.owner:
            rhk_of[o.owner].append(o.code)
    supervisor_of = {e.nip: e.supervisor for e in doc.employees}
    for e in doc.employees:
        if not rhk_of[e.nip]:
            items.append(QualityItem("no_rhk", e.nip, Message(
                N_("{name} ({nip}) has no RHK."), {"name": e.name, "nip": e.nip}),
                "/pohon-kinerja?" + urlencode({"employee": e.nip})))
    for nip, codes in rhk_of.items():
        supervisor = supervisor_of.get(nip)
        if not supervisor or not rhk_of[supervisor]:
            continue
        for code in codes:
            if not any(level_of.get(p) == "individual" and owner_of.get(p) == supervisor
                       for p in parents[code]):
                items.append(QualityItem("rhk_not_under_supervisor", code, Message(
                    N_('"{code}" is not under an RHK of the supervisor ({supervisor}).'),
                    {"code": code, "supervisor": supervisor}), _tree(code)))

    for o in doc.objectives:
        total = weights.get(o.code)
        if (children[o.code] or indicators_of[o.code]) and total is not None and abs(
                total - 100.0) > TOLERANCE:
            items.append(QualityItem("weights_not_100", o.code, Message(
                N_('The weights under "{code}" sum to {total}.'),
                {"code": o.code, "total": round(total, 2)}),
                "/bobot?" + urlencode({"parent": o.code})))

    if manuals is not None:
        objective_of = {i.code: i.objective for i in doc.indicators}
        for code, manual in manuals.items():
            if code in objective_of and manual.get("iku"):
                empty = [f for f in MANUAL_FIELDS if not str(manual.get(f) or "").strip()]
                if empty:
                    items.append(QualityItem("iku_without_manual", code, Message(
                        N_('IKU "{code}" lacks in its Manual IKU: {fields}.'),
                        {"code": code, "fields": ", ".join(empty)}),
                        _tree(objective_of[code], code)))
    order = list(KINDS)
    return sorted(items, key=lambda item: order.index(item.kind))


def counts(items: list[QualityItem]) -> dict[str, int]:
    """How many items of each kind (every kind, 0 included)."""
    result = dict.fromkeys(KINDS, 0)
    for item in items:
        result[item.kind] += 1
    return result
