"""The cascade as a networkx DiGraph built from a plan document, and its validation."""

from __future__ import annotations

import math
from collections import defaultdict
from itertools import pairwise

import networkx as nx

from ekinerja import textrules
from ekinerja.i18n import LEVEL_LABELS_ID
from ekinerja.limits import MAX_CAP, MAX_WEIGHT, MAX_WEIGHT_SUM, MIN_WEIGHT
from ekinerja.model import LEVEL_RANK, PlanDocument, Problem, Target

#: Tolerance when checking that a parent's weights sum to 100.
_SUM_TOLERANCE = 1e-6


def build_graph(doc: PlanDocument) -> nx.DiGraph:
    """Build the cascade graph: objective and indicator nodes, edges parent -> child.

    Node attributes: ``kind`` ("objective" | "indicator") and ``index`` (position in its
    list of the document). Edge attribute: ``weight`` (link weight, or the indicator's weight
    on the edge objective -> indicator). References that do not resolve are left out.
    """
    graph = nx.DiGraph()
    for i, objective in enumerate(doc.objectives):
        graph.add_node(objective.code, kind="objective", index=i, level=objective.level)
    for i, indicator in enumerate(doc.indicators):
        graph.add_node(indicator.code, kind="indicator", index=i)
    objective_codes = {o.code for o in doc.objectives}
    for link in doc.links:
        if link.parent in objective_codes and link.child in objective_codes:
            graph.add_edge(link.parent, link.child, weight=float(link.weight))
    for indicator in doc.indicators:
        if indicator.objective in objective_codes:
            graph.add_edge(indicator.objective, indicator.code, weight=float(indicator.weight))
    return graph


def objective_graph(doc: PlanDocument) -> nx.DiGraph:
    """The cascade of objectives only (no indicators, no attributes): cycles and reach."""
    graph = nx.DiGraph()
    codes = [o.code for o in doc.objectives]
    graph.add_nodes_from(codes)
    known = set(codes)
    graph.add_edges_from(
        (link.parent, link.child)
        for link in doc.links
        if link.parent in known and link.child in known
    )
    return graph


def root(doc: PlanDocument) -> str | None:
    """The code of the vision, the cascade's root; None unless exactly one vision exists."""
    visions = [o.code for o in doc.objectives if o.level == "vision"]
    return visions[0] if len(visions) == 1 else None


def unaligned(doc: PlanDocument, graph: nx.DiGraph | None = None) -> set[str]:
    """Codes of the objectives with no path to the root (every objective when no root).

    ``graph`` may be given to save building it: ``build_graph(doc)`` or ``objective_graph(doc)``.
    """
    objectives = {o.code for o in doc.objectives}
    top = root(doc)
    if top is None:
        return objectives
    graph = objective_graph(doc) if graph is None else graph
    return objectives - nx.descendants(graph, top) - {top}


def validate(doc: PlanDocument) -> list[Problem]:
    """Semantic checks of a well-formed plan (docs/scoring.md): errors first, then warnings.

    Dangling references are skipped (reading the document reports them).
    """
    graph = objective_graph(doc)
    problems: list[Problem] = code_problems(doc)
    problems += _settings_problems(doc)
    problems += _cycle_problems(doc, graph)
    problems += _root_problems(doc)
    problems += _level_problems(doc)
    weight_errors, weight_warnings = _weight_problems(doc)
    problems += weight_errors
    problems += _target_problems(doc)
    problems += _cap_problems(doc)
    problems += _alignment_problems(doc, graph)
    problems += weight_warnings
    problems += _childless_problems(doc)
    problems += _supervisor_rhk_problems(doc)
    problems += _causal_problems(doc)
    problems += _hierarchy_cycles(
        "units", [(u.code, u.parent) for u in doc.units], "unit induk / parent unit"
    )
    problems += _hierarchy_cycles(
        "employees", [(e.nip, e.supervisor) for e in doc.employees], "atasan / supervisor"
    )
    return sorted(problems, key=lambda p: p.severity != "error")


#: The code fields of a document (list, field): every one follows the text rule of codes.
CODE_FIELDS: tuple[tuple[str, str], ...] = (
    ("units", "code"),
    ("employees", "nip"),
    ("objectives", "code"),
    ("indicators", "code"),
)


def code_problems(doc: PlanDocument) -> list[Problem]:
    """Codes that break the text rule of codes (ekinerja.textrules): a control character
    (``\\r`` included), a surrounding space, too long.

    The file readers refuse them already; this catches every other way in (services, the
    database, a document built in code), so no reader lets one through.
    """
    problems = []
    for name, field in CODE_FIELDS:
        items = getattr(doc, name)
        if textrules.all_codes_valid([getattr(item, field) for item in items]):
            continue
        for i, item in enumerate(items):
            code = getattr(item, field)
            if not isinstance(code, str):
                problems.append(Problem(f"{name}[{i}].{field}", "harus teks / must be text"))
            elif not code:
                problems.append(
                    Problem(f"{name}[{i}].{field}", "tidak boleh kosong / must not be empty")
                )
            elif (problem := textrules.text_problem(code, "code")) is not None:
                problems.append(Problem(f"{name}[{i}].{field}", problem.bilingual()))
    return problems


def _settings_problems(doc: PlanDocument) -> list[Problem]:
    settings = doc.plan.settings
    problems = [
        Problem(f"plan.settings.{name}", _cap_size(value))
        for name, value in (("cap", settings.cap), ("floor", settings.floor))
        if not abs(float(value)) <= MAX_CAP
    ]
    if not problems and float(settings.floor) >= float(settings.cap):
        problems.append(
            Problem(
                "plan.settings.floor",
                f"batas bawah {settings.floor:g} harus di bawah batas atas {settings.cap:g} / "
                f"floor {settings.floor:g} must be below cap {settings.cap:g}",
            )
        )
    above, expected = float(settings.skp.above_from), float(settings.skp.as_expected_from)
    if not above > expected:
        problems.append(
            Problem(
                "plan.settings.skp.above_from",
                f"ambang di atas ekspektasi {above:g} harus di atas ambang sesuai ekspektasi "
                f"{expected:g} / above_from {above:g} must be above as_expected_from {expected:g}",
            )
        )
    return problems


def _cap_size(value: float) -> str:
    return f"terlalu besar / too large: {value:g} (|x| ≤ {MAX_CAP:g})"


def _link_positions(doc: PlanDocument) -> dict[tuple[str, str], int]:
    """First position in ``doc.links`` of each (parent, child) pair."""
    positions: dict[tuple[str, str], int] = {}
    for i, link in enumerate(doc.links):
        positions.setdefault((link.parent, link.child), i)
    return positions


def _cycle_problems(doc: PlanDocument, graph: nx.DiGraph) -> list[Problem]:
    if nx.is_directed_acyclic_graph(graph):
        return []
    positions = _link_positions(doc)
    problems = []
    for component in nx.strongly_connected_components(graph):
        if len(component) == 1:
            node = next(iter(component))
            if not graph.has_edge(node, node):
                continue
            cycle = [node, node]
        else:
            edges = nx.find_cycle(graph.subgraph(component))
            cycle = [edges[0][0]] + [v for _, v in edges]
        place = min(positions.get(edge, len(doc.links)) for edge in pairwise(cycle))
        problems.append(cycle_problem(place, cycle))
    return sorted(problems, key=lambda p: p.place)


def cycle_problem(place: int, cycle: list[str]) -> Problem:
    """The error of a cycle (its codes, the first repeated at the end) found at links[place]."""
    path = " → ".join(cycle)
    return Problem(f"links[{place}]", f"siklus dalam kaskade / cycle in the cascade: {path}")


def _root_problems(doc: PlanDocument) -> list[Problem]:
    return vision_problems(
        [(i, o.code) for i, o in enumerate(doc.objectives) if o.level == "vision"]
    )


def vision_problems(visions: list[tuple[int, str]]) -> list[Problem]:
    """The errors of the visions of a plan, given as (position, code) in plan order: none, or
    every one after the first."""
    if not visions:
        return [
            Problem(
                "objectives",
                "tidak ada sasaran tingkat visi / no objective of level vision "
                "(exactly one is the root)",
            )
        ]
    codes = ", ".join(code for _, code in visions)
    return [
        Problem(
            f"objectives[{i}].level",
            f"lebih dari satu visi / more than one vision ({codes}); tepat satu / exactly one "
            "is the root",
        )
        for i, _ in visions[1:]
    ]


def _level_problems(doc: PlanDocument) -> list[Problem]:
    level_of = {o.code: o.level for o in doc.objectives}
    problems = []
    for i, link in enumerate(doc.links):
        problem = link_level_problem(
            i, link.parent, link.child, level_of.get(link.parent), level_of.get(link.child)
        )
        if problem is not None:
            problems.append(problem)
    return problems


def link_level_problem(i: int, parent: str, child: str, parent_level: str | None,
                       child_level: str | None) -> Problem | None:
    """The error of links[i] parent -> child for the levels of its ends, or None: the vision is
    never a child, a child sits below its parent, except an RHK under the supervisor's RHK."""
    if parent_level not in LEVEL_RANK or child_level not in LEVEL_RANK:
        return None
    if child_level == "vision":
        return Problem(
            f"links[{i}].child",
            f'visi "{child}" tidak boleh menjadi anak / the vision cannot be a '
            f'child (of "{parent}")',
        )
    if child_level == parent_level == "individual":
        return None  # an RHK under the supervisor's RHK (docs/scoring.md, docs/skp.md)
    if LEVEL_RANK[child_level] <= LEVEL_RANK[parent_level]:
        return Problem(
            f"links[{i}]",
            f'tingkat "{child}" ({LEVEL_LABELS_ID[child_level]}) harus di bawah '
            f'induknya "{parent}" ({LEVEL_LABELS_ID[parent_level]}) / a child\'s '
            f"level ({child_level}) must be below its parent's ({parent_level})",
        )
    return None


def _supervisor_rhk_problems(doc: PlanDocument) -> list[Problem]:
    """Warnings for an RHK under an RHK that its owner's supervisor does not own (docs/skp.md)."""
    individual = {o.code: o.owner for o in doc.objectives if o.level == "individual"}
    supervisor = {e.nip: e.supervisor for e in doc.employees}
    problems = []
    for i, link in enumerate(doc.links):
        if link.parent not in individual or link.child not in individual:
            continue
        owner, parent_owner = individual[link.child], individual[link.parent]
        boss = supervisor.get(owner) if owner else None
        if boss is not None and parent_owner == boss:
            continue
        child, parent = f'RHK "{link.child}"', f'RHK "{link.parent}"'
        if owner is None:
            text = (
                f"{child} tanpa pemilik di bawah {parent} / {child} without an owner under {parent}"
            )
        elif boss is None:
            text = (
                f"{child} milik {owner}, yang tidak punya atasan, di bawah {parent} / {child} of "
                f"{owner}, who has no supervisor, under {parent}"
            )
        else:
            text = (
                f"{child} milik {owner} di bawah {parent} yang bukan milik atasannya {boss} / "
                f"{child} of {owner} under {parent}, which their supervisor {boss} does not own"
            )
        problems.append(Problem(f"links[{i}]", text, "warning"))
    return problems


def weight_problem(weight: float) -> str | None:
    """Why one weight is refused (bilingual), or None: finite, 0 or in [MIN_WEIGHT, MAX_WEIGHT]."""
    if not math.isfinite(weight):
        return f"bobot tidak hingga / weight not finite: {weight}"
    if weight < 0:
        return f"bobot negatif / negative weight {weight:g}"
    if 0 < weight < MIN_WEIGHT:
        return f"bobot terlalu kecil / weight too small: {weight:g} (0 atau / or ≥ {MIN_WEIGHT:g})"
    if weight > MAX_WEIGHT:
        return f"bobot terlalu besar / weight too large: {weight:g} (≤ {MAX_WEIGHT:g})"
    return None


def _weight_problems(doc: PlanDocument) -> tuple[list[Problem], list[Problem]]:
    """Weights out of bounds, sums too large and all-zero weights (errors); sums other than 100
    (warnings)."""
    position = {o.code: i for i, o in enumerate(doc.objectives)}
    pool: dict[str, list[float]] = defaultdict(list)
    errors: list[Problem] = []
    refused: set[str] = set()  # parents with a weight refused on its own: no sum checks

    def check(place: str, i: int, parent: str, weight: float) -> None:
        errors.append(Problem(f"{place}[{i}].weight", weight_problem(weight) or ""))
        refused.add(parent)

    for i, link in enumerate(doc.links):
        if link.parent in position and link.child in position:
            weight = float(link.weight)
            pool[link.parent].append(weight)
            if weight_refused(weight):
                check("links", i, link.parent, weight)
    for i, indicator in enumerate(doc.indicators):
        if indicator.objective in position:
            weight = float(indicator.weight)
            pool[indicator.objective].append(weight)
            if weight_refused(weight):
                check("indicators", i, indicator.objective, weight)
    warnings: list[Problem] = []
    for code, weights in pool.items():
        if code in refused:
            continue
        pool_errors, pool_warnings = pool_problems(code, position[code], weights)
        errors += pool_errors
        warnings += pool_warnings
    return errors, warnings


def weight_refused(weight: float) -> bool:
    """Whether one weight is refused on its own (not 0 nor in [MIN_WEIGHT, MAX_WEIGHT])."""
    return not (weight == 0 or MIN_WEIGHT <= weight <= MAX_WEIGHT)  # NaN fails both


def pool_problems(code: str, i: int, weights: list[float]) -> tuple[list[Problem], list[Problem]]:
    """The errors and warnings of the weights under objectives[i] (its links in plan order, then
    its indicators), none refused on its own: all zero, too large a sum, a sum other than 100."""
    place = f"objectives[{i}]"
    total = sum(weights)
    if all(w == 0 for w in weights):
        return [
            Problem(place, f'semua bobot anak "{code}" nol / all weights under "{code}" are zero')
        ], []
    if total > MAX_WEIGHT_SUM:
        return [
            Problem(
                place,
                f'jumlah bobot anak "{code}" terlalu besar / weights under "{code}" sum to '
                f"{total:g} (≤ {MAX_WEIGHT_SUM:g})",
            )
        ], []
    if abs(total - 100) > _SUM_TOLERANCE and not all(w == 1 for w in weights):
        return [], [
            Problem(
                place,
                f'jumlah bobot anak "{code}" {total:g}, bukan 100 (dinormalisasi) / '
                f'weights under "{code}" sum to {total:g}, not 100 (normalised)',
                "warning",
            )
        ]
    return [], []


def _target_problems(doc: PlanDocument) -> list[Problem]:
    polarity = {i.code: i.polarity for i in doc.indicators}
    problems = []
    for i, target in enumerate(doc.targets):
        kind = polarity.get(target.indicator)
        if kind is None:
            continue
        problem = target_problem(i, target, kind)
        if problem is not None:
            problems.append(problem)
    return problems


def target_problem(i: int, target: Target, kind: str) -> Problem | None:
    """The error of targets[i] of an indicator of polarity `kind`, or None."""
    place = f"targets[{i}]"
    if target.low is not None:
        low, high = target.low, target.high
        if low <= 0:
            return Problem(
                place,
                f"batas bawah rentang target harus > 0 / a target range needs low > 0 "
                f"([{low:g}, {_fmt(high)}])",
            )
        if high is not None and low > high:
            return Problem(
                place,
                f"rentang target terbalik / target range with low > high ([{low:g}, {high:g}])",
            )
    elif target.value is not None:
        if kind == "range" and target.value <= 0:
            return Problem(
                place,
                f'target indikator rentang "{target.indicator}" harus > 0 / a range '
                f"indicator's target must be > 0 ({target.value:g})",
            )
        if kind != "range" and target.value < 0:
            return Problem(
                place,
                f'target negatif untuk "{target.indicator}" / negative target '
                f"{target.value:g} for a {kind} indicator",
            )
    return None


def _fmt(value: float | None) -> str:
    return "?" if value is None else f"{value:g}"


def _cap_problems(doc: PlanDocument) -> list[Problem]:
    problems = []
    for i, indicator in enumerate(doc.indicators):
        problem = cap_problem(i, indicator.code, indicator.cap)
        if problem is not None:
            problems.append(problem)
    return problems


def cap_problem(i: int, code: str, cap: float | None) -> Problem | None:
    """The error of the cap of indicators[i], or None."""
    if cap is None:
        return None
    if cap < 0:
        return Problem(f"indicators[{i}].cap", f'batas atas negatif untuk "{code}" / negative cap '
                       f"{cap:g}")
    if not cap <= MAX_CAP:
        return Problem(f"indicators[{i}].cap", _cap_size(cap))
    return None


def _alignment_problems(doc: PlanDocument, graph: nx.DiGraph) -> list[Problem]:
    if root(doc) is None:
        return []  # the missing or repeated vision is already an error
    loose = unaligned(doc, graph)
    return [
        Problem(
            f"objectives[{i}]",
            f'"{o.code}" tidak selaras: tidak ada jalur ke visi / unaligned: no path to the '
            "vision (influence 0)",
            "warning",
        )
        for i, o in enumerate(doc.objectives)
        if o.code in loose
    ]


def _childless_problems(doc: PlanDocument) -> list[Problem]:
    codes = {o.code for o in doc.objectives}
    parents = {link.parent for link in doc.links if link.child in codes}
    parents |= {indicator.objective for indicator in doc.indicators}
    return [
        Problem(
            f"objectives[{i}]",
            f'"{o.code}" tanpa indikator atau sasaran anak, tidak pernah bernilai / has no '
            "indicator or child objective and can never be scored",
            "warning",
        )
        for i, o in enumerate(doc.objectives)
        if o.code not in parents
    ]


def _causal_problems(doc: PlanDocument) -> list[Problem]:
    codes = {o.code for o in doc.objectives}
    indicators = {i.code for i in doc.indicators}
    problems = []
    for i, link in enumerate(doc.causal_links):
        ends = (link.cause, link.effect)
        if any(end in indicators for end in ends):
            problems.append(
                Problem(
                    f"causal_links[{i}]",
                    f"hubungan sebab-akibat harus antara sasaran / a causal link must join two "
                    f'objectives ("{link.cause}" → "{link.effect}")',
                    "warning",
                )
            )
        elif link.cause == link.effect and link.cause in codes:
            problems.append(
                Problem(
                    f"causal_links[{i}]",
                    f'sasaran "{link.cause}" menyebabkan dirinya sendiri / an objective causes '
                    "itself",
                    "warning",
                )
            )
    return problems


def _hierarchy_cycles(
    name: str, pairs: list[tuple[str, str | None]], relation: str
) -> list[Problem]:
    """Errors for a unit tree or a supervisor chain that loops back on itself."""
    up = {code: parent for code, parent in pairs if parent is not None}
    position = {code: i for i, (code, _) in enumerate(pairs)}
    field = "parent" if name == "units" else "supervisor"
    problems: list[Problem] = []
    reported: set[str] = set()
    for start in up:
        chain: list[str] = []
        seen: set[str] = set()
        node: str | None = start
        while node is not None and node in up and node not in seen:
            seen.add(node)
            chain.append(node)
            node = up[node]
        if node is not None and node in seen and node not in reported:
            loop = chain[chain.index(node) :]
            reported.update(loop)
            problems.append(
                Problem(
                    f"{name}[{position[node]}].{field}",
                    f"{relation} berputar / {relation.split(' / ')[1]} cycle: "
                    + " → ".join([*loop, node]),
                )
            )
    return problems
