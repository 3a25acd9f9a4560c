"""The cascade quality check (SAKIP criterion 1.2: cascading, SMART indicators): what a plan
still lacks, each item with where it is fixed (docs/workshop.md)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote_plus, urlencode

from ekinerja.messages import N_, Message
from ekinerja.model import Employee, PlanDocument

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


_SAFE = re.compile(r"[A-Za-z0-9_.~-]*")  # what quote_plus leaves as it is


def _plus(text: str) -> str:
    """`urllib.parse.quote_plus`, without its cost for the plain codes most plans use."""
    return text if _SAFE.fullmatch(text) else quote_plus(text)


def _tree(code: str, indicator: str | None = None) -> str:
    link = "/pohon-kinerja?node=" + _plus(code)
    return link + "&indicator=" + _plus(indicator) if indicator else link


class Findings:
    """The items found: every one counted, the first `shown` of each kind built (all when
    `shown` is None)."""

    objective_of: dict[str, str] | None = None  # indicator code -> its objective (when asked)

    def __init__(self, shown: int | None):
        self.shown = shown
        self.counts: dict[str, int] = dict.fromkeys(KINDS, 0)
        self.items: dict[str, list[QualityItem]] = {kind: [] for kind in KINDS}

    def add(self, kind: str, code: str, build: Callable[[], tuple[Message, str]]) -> None:
        self.counts[kind] += 1
        if self.shown is None or self.counts[kind] <= self.shown:
            message, fix = build()
            self.items[kind].append(QualityItem(kind, code, message, fix))

    def copy(self) -> Findings:
        """A copy to add to (the lists are new, the items shared)."""
        new = Findings(self.shown)
        new.counts = dict(self.counts)
        new.items = {kind: list(items) for kind, items in self.items.items()}
        new.objective_of = self.objective_of
        return new



def quality(doc: PlanDocument, manuals: Mapping[str, Mapping[str, Any]] | None = None
            ) -> list[QualityItem]:
    """Every quality item of a plan, by kind (KINDS order), then in plan order. `manuals` are
    the indicators' IKU flags and Manual IKU (services.indicator_manuals); without them the
    IKU check is skipped."""
    found = _find(doc, manuals, None)
    return [item for kind in KINDS for item in found.items[kind]]


def quality_summary(doc: PlanDocument, manuals: Mapping[str, Mapping[str, Any]] | None,
                    shown: int, plan_part: Findings | None = None
                    ) -> tuple[dict[str, int], list[QualityItem]]:
    """How many items of each kind (as `counts(quality(...))`), and the first `shown` items of
    each kind in `quality`'s order: the others are counted, never built (a province has
    hundreds of thousands). `plan_part` is `plan_items(doc, shown)` computed before (the part
    that does not depend on the manuals), when the caller kept it."""
    found = (plan_part or plan_items(doc, shown)).copy()
    _manual_items(doc, manuals, found)
    return found.counts, [item for kind in KINDS for item in found.items[kind]]


def plan_items(doc: PlanDocument, shown: int | None) -> Findings:
    """The items found in the plan alone (every kind but the Manual IKU check)."""
    return _find(doc, None, shown)


def _find(doc: PlanDocument, manuals: Mapping[str, Mapping[str, Any]] | None,
          shown: int | None) -> Findings:
    found = Findings(shown)
    add = found.add
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
            add("no_indicator", o.code, lambda o=o: no_indicator(o.code))

    years = plan_years(doc)
    wanted = set(years)  # only a year's own target counts for the year
    targeted = {(t.indicator, t.period) for t in doc.targets if t.period in wanted}
    for i in doc.indicators:
        code = i.code
        missing = [y for y in years if (code, y) not in targeted]
        if missing:
            add("no_target", i.code, lambda i=i, missing=missing: no_target(
                i.code, i.objective, missing))

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
            add("unaligned", o.code, lambda o=o: unaligned(o.code))

    level_of = {o.code: o.level for o in doc.objectives}
    owner_of = {o.code: o.owner for o in doc.objectives}
    rhk_of: dict[str, list[str]] = defaultdict(list)
    for o in doc.objectives:
        if o.level == "individual" and o.owner:
            rhk_of[o.owner].append(o.code)
    supervisor_of = {e.nip: e.supervisor for e in doc.employees}
    for e in doc.employees:
        if not rhk_of[e.nip]:
            add("no_rhk", e.nip, lambda e=e: no_rhk(e))
    for nip, codes in rhk_of.items():
        supervisor = supervisor_of.get(nip)
        if not supervisor or not rhk_of.get(supervisor):  # get: the loop must not add keys
            continue
        for code in codes:
            if not any(level_of.get(p) == "individual" and owner_of.get(p) == supervisor
                       for p in parents[code]):
                add("rhk_not_under_supervisor", code,
                    lambda code=code, supervisor=supervisor: not_under_supervisor(
                        code, supervisor))

    for o in doc.objectives:
        total = weights.get(o.code)
        if (children[o.code] or indicators_of[o.code]) and total is not None and abs(
                total - 100.0) > TOLERANCE:
            add("weights_not_100", o.code, lambda o=o, total=total: weights_not_100(
                o.code, total))

    _manual_items(doc, manuals, found)
    return found


# Each kind's message and fix link (shared by this plain check and the Kualitas page's
# vectorised one, readmodels.quality).
def plan_years(doc: PlanDocument) -> list[str]:
    """The plan's years, each of which every indicator needs a target for."""
    return [str(y) for y in range(doc.plan.start_year, doc.plan.end_year + 1)]


def no_indicator(code: str) -> tuple[Message, str]:
    """An objective without indicators or child objectives."""
    return Message(N_('"{code}" has neither indicators nor child objectives.'),
                   {"code": code}), _tree(code)


def no_target(code: str, objective: str, missing: list[str]) -> tuple[Message, str]:
    """An indicator without a target for the `missing` years."""
    return Message(N_('"{code}" has no target for {periods}.'),
                   {"code": code, "periods": ", ".join(missing)}), _tree(objective, code)


def unaligned(code: str) -> tuple[Message, str]:
    """An objective with no path to the vision."""
    return Message(N_('"{code}" has no path to the vision.'), {"code": code}), _tree(code)


def no_rhk(employee: Employee) -> tuple[Message, str]:
    """An employee without RHK."""
    return (Message(N_("{name} ({nip}) has no RHK."),
                    {"name": employee.name, "nip": employee.nip}),
            "/pohon-kinerja?" + urlencode({"employee": employee.nip}))


def not_under_supervisor(code: str, supervisor: str) -> tuple[Message, str]:
    """An RHK not under an RHK of its owner's supervisor."""
    return Message(N_('"{code}" is not under an RHK of the supervisor ({supervisor}).'),
                   {"code": code, "supervisor": supervisor}), _tree(code)


def weights_not_100(code: str, total: float) -> tuple[Message, str]:
    """An objective whose children's weights sum to `total`, not 100."""
    return (Message(N_('The weights under "{code}" sum to {total}.'),
                    {"code": code, "total": round(total, 2)}),
            "/bobot?" + urlencode({"parent": code}))


def iku_without_manual(code: str, objective: str, empty: list[str]) -> tuple[Message, str]:
    """An IKU whose Manual IKU lacks the `empty` fields."""
    return Message(N_('IKU "{code}" lacks in its Manual IKU: {fields}.'),
                   {"code": code, "fields": ", ".join(empty)}), _tree(objective, code)


def manual_gaps(manual: Mapping[str, Any]) -> list[str]:
    """The Manual IKU fields an IKU's manual leaves empty ([] when it is no IKU)."""
    if not manual.get("iku"):
        return []
    return [f for f in MANUAL_FIELDS if not str(manual.get(f) or "").strip()]


def _manual_items(doc: PlanDocument, manuals: Mapping[str, Mapping[str, Any]] | None,
                  found: Findings) -> None:
    """The IKU whose Manual IKU lacks a field (skipped without `manuals`)."""
    if manuals is None:
        return
    if found.objective_of is None:
        found.objective_of = {i.code: i.objective for i in doc.indicators}
    objective_of = found.objective_of
    for code, manual in manuals.items():
        if code in objective_of:
            empty = manual_gaps(manual)
            if empty:
                found.add("iku_without_manual", code, lambda code=code, empty=empty:
                          iku_without_manual(code, objective_of[code], empty))


def counts(items: list[QualityItem]) -> dict[str, int]:
    """How many items of each kind (every kind, 0 included)."""
    result = dict.fromkeys(KINDS, 0)
    for item in items:
        result[item.kind] += 1
    return result
