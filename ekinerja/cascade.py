"""The cascade as a networkx DiGraph built from a plan document, and its validation."""

from __future__ import annotations

import math
from collections import defaultdict
from itertools import pairwise

import networkx as nx

from ekinerja import textrules
from ekinerja.i18n import LEVEL_NAMES
from ekinerja.interchange import MUST_NOT_BE_EMPTY
from ekinerja.limits import MAX_CAP, MAX_WEIGHT, MAX_WEIGHT_SUM, MIN_WEIGHT
from ekinerja.messages import N_, Message, bilingual
from ekinerja.model import LEVEL_RANK, PlanDocument, Problem, Target

#: Tolerance when checking that a parent's weights sum to 100.
_SUM_TOLERANCE = 1e-6

# The problems of a plan's structure (msgids; shown "Indonesian / English").
MUST_BE_TEXT = N_("must be text")
FLOOR_NOT_BELOW_CAP = N_("floor {floor} must be below cap {cap}")
SKP_THRESHOLDS = N_("above_from {above} must be above as_expected_from {expected}")
TOO_LARGE = N_("too large: {value} (|x| ≤ {limit})")
CASCADE_CYCLE = N_("cycle in the cascade: {path}")
UNIT_CYCLE = N_("parent unit cycle: {path}")
SUPERVISOR_CYCLE = N_("supervisor cycle: {path}")
NO_VISION = N_("no objective of level vision (exactly one is the root)")
MANY_VISIONS = N_("more than one vision ({codes}); exactly one is the root")
VISION_AS_CHILD = N_('the vision "{child}" cannot be a child (of "{parent}")')
LEVEL_NOT_BELOW = N_(
    'the level of "{child}" ({child_level}) must be below its parent "{parent}" ({parent_level})'
)
RHK_WITHOUT_OWNER = N_("{child} without an owner under {parent}")
RHK_OWNER_WITHOUT_SUPERVISOR = N_("{child} of {owner}, who has no supervisor, under {parent}")
RHK_NOT_UNDER_SUPERVISOR = N_(
    "{child} of {owner} under {parent}, which their supervisor {boss} does not own"
)
WEIGHT_NOT_FINITE = N_("weight not finite: {weight}")
NEGATIVE_WEIGHT = N_("negative weight {weight}")
WEIGHT_TOO_SMALL = N_("weight too small: {weight} (0 or ≥ {limit})")
WEIGHT_TOO_LARGE = N_("weight too large: {weight} (≤ {limit})")
ALL_WEIGHTS_ZERO = N_('all weights under "{code}" are zero')
WEIGHT_SUM_TOO_LARGE = N_('weights under "{code}" sum to {total} (≤ {limit})')
WEIGHT_SUM_NOT_100 = N_('weights under "{code}" sum to {total}, not 100 (normalised)')
RANGE_LOW_NOT_POSITIVE = N_("a target range needs low > 0 ([{low}, {high}])")
RANGE_REVERSED = N_("target range with low > high ([{low}, {high}])")
RANGE_TARGET_NOT_POSITIVE = N_('the target of range indicator "{indicator}" must be > 0 ({value})')
NEGATIVE_TARGET = N_('negative target {value} for "{indicator}", a {polarity} indicator')
NEGATIVE_CAP = N_('negative cap {cap} for "{code}"')
UNALIGNED = N_('"{code}" unaligned: no path to the vision (influence 0)')
CHILDLESS = N_('"{code}" has no indicator or child objective and can never be scored')
CAUSAL_LINK_NOT_OBJECTIVES = N_('a causal link must join two objectives ("{cause}" → "{effect}")')
CAUSES_ITSELF = N_('objective "{cause}" causes itself')


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
        "units", [(u.code, u.parent) for u in doc.units], UNIT_CYCLE
    )
    problems += _hierarchy_cycles(
        "employees", [(e.nip, e.supervisor) for e in doc.employees], SUPERVISOR_CYCLE
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
                problems.append(Problem(f"{name}[{i}].{field}", bilingual(MUST_BE_TEXT)))
            elif not code:
                problems.append(Problem(f"{name}[{i}].{field}", bilingual(MUST_NOT_BE_EMPTY)))
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
                bilingual(FLOOR_NOT_BELOW_CAP, floor=f"{settings.floor:g}",
                          cap=f"{settings.cap:g}"),
            )
        )
    above, expected = float(settings.skp.above_from), float(settings.skp.as_expected_from)
    if not above > expected:
        problems.append(
            Problem(
                "plan.settings.skp.above_from",
                bilingual(SKP_THRESHOLDS, above=f"{above:g}", expected=f"{expected:g}"),
            )
        )
    return problems


def _cap_size(value: float) -> str:
    return bilingual(TOO_LARGE, value=f"{value:g}", limit=f"{MAX_CAP:g}")


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
    return Problem(f"links[{place}]", bilingual(CASCADE_CYCLE, path=path))


def _root_problems(doc: PlanDocument) -> list[Problem]:
    return vision_problems(
        [(i, o.code) for i, o in enumerate(doc.objectives) if o.level == "vision"]
    )


def vision_problems(visions: list[tuple[int, str]]) -> list[Problem]:
    """The errors of the visions of a plan, given as (position, code) in plan order: none, or
    every one after the first."""
    if not visions:
        return [Problem("objectives", bilingual(NO_VISION))]
    codes = ", ".join(code for _, code in visions)
    return [
        Problem(f"objectives[{i}].level", bilingual(MANY_VISIONS, codes=codes))
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
        return Problem(f"links[{i}].child", bilingual(VISION_AS_CHILD, child=child, parent=parent))
    if child_level == parent_level == "individual":
        return None  # an RHK under the supervisor's RHK (docs/scoring.md, docs/skp.md)
    if LEVEL_RANK[child_level] <= LEVEL_RANK[parent_level]:
        return Problem(f"links[{i}]", bilingual(
            LEVEL_NOT_BELOW, child=child, parent=parent,
            child_level=Message(LEVEL_NAMES[child_level]),
            parent_level=Message(LEVEL_NAMES[parent_level])))
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
            text = bilingual(RHK_WITHOUT_OWNER, child=child, parent=parent)
        elif boss is None:
            text = bilingual(RHK_OWNER_WITHOUT_SUPERVISOR, child=child, owner=owner, parent=parent)
        else:
            text = bilingual(RHK_NOT_UNDER_SUPERVISOR, child=child, owner=owner, parent=parent,
                        boss=boss)
        problems.append(Problem(f"links[{i}]", text, "warning"))
    return problems


def weight_message(weight: float) -> Message | None:
    """Why one weight is refused, or None: finite, 0 or in [MIN_WEIGHT, MAX_WEIGHT]."""
    if not math.isfinite(weight):
        return Message(WEIGHT_NOT_FINITE, {"weight": str(weight)})
    if weight < 0:
        return Message(NEGATIVE_WEIGHT, {"weight": f"{weight:g}"})
    if 0 < weight < MIN_WEIGHT:
        return Message(WEIGHT_TOO_SMALL, {"weight": f"{weight:g}", "limit": f"{MIN_WEIGHT:g}"})
    if weight > MAX_WEIGHT:
        return Message(WEIGHT_TOO_LARGE, {"weight": f"{weight:g}", "limit": f"{MAX_WEIGHT:g}"})
    return None


def weight_problem(weight: float) -> str | None:
    """Why one weight is refused (bilingual), or None: finite, 0 or in [MIN_WEIGHT, MAX_WEIGHT]."""
    message = weight_message(weight)
    return None if message is None else message.bilingual()


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
            Problem(place, bilingual(ALL_WEIGHTS_ZERO, code=code))
        ], []
    if total > MAX_WEIGHT_SUM:
        return [
            Problem(place, bilingual(WEIGHT_SUM_TOO_LARGE, code=code, total=f"{total:g}",
                                limit=f"{MAX_WEIGHT_SUM:g}"))
        ], []
    if abs(total - 100) > _SUM_TOLERANCE and not all(w == 1 for w in weights):
        return [], [
            Problem(place, bilingual(WEIGHT_SUM_NOT_100, code=code, total=f"{total:g}"), "warning")
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
            return Problem(place, bilingual(RANGE_LOW_NOT_POSITIVE, low=f"{low:g}",
                                            high=_fmt(high)))
        if high is not None and low > high:
            return Problem(place, bilingual(RANGE_REVERSED, low=f"{low:g}", high=f"{high:g}"))
    elif target.value is not None:
        if kind == "range" and target.value <= 0:
            return Problem(place, bilingual(RANGE_TARGET_NOT_POSITIVE, indicator=target.indicator,
                                       value=f"{target.value:g}"))
        if kind != "range" and target.value < 0:
            return Problem(place, bilingual(NEGATIVE_TARGET, indicator=target.indicator,
                                       value=f"{target.value:g}", polarity=kind))
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
        return Problem(f"indicators[{i}].cap", bilingual(NEGATIVE_CAP, code=code, cap=f"{cap:g}"))
    if not cap <= MAX_CAP:
        return Problem(f"indicators[{i}].cap", _cap_size(cap))
    return None


def _alignment_problems(doc: PlanDocument, graph: nx.DiGraph) -> list[Problem]:
    if root(doc) is None:
        return []  # the missing or repeated vision is already an error
    loose = unaligned(doc, graph)
    return [
        Problem(f"objectives[{i}]", bilingual(UNALIGNED, code=o.code), "warning")
        for i, o in enumerate(doc.objectives)
        if o.code in loose
    ]


def _childless_problems(doc: PlanDocument) -> list[Problem]:
    codes = {o.code for o in doc.objectives}
    parents = {link.parent for link in doc.links if link.child in codes}
    parents |= {indicator.objective for indicator in doc.indicators}
    return [
        Problem(f"objectives[{i}]", bilingual(CHILDLESS, code=o.code), "warning")
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
                    bilingual(CAUSAL_LINK_NOT_OBJECTIVES, cause=link.cause, effect=link.effect),
                    "warning",
                )
            )
        elif link.cause == link.effect and link.cause in codes:
            problems.append(
                Problem(
                    f"causal_links[{i}]",
                    bilingual(CAUSES_ITSELF, cause=link.cause),
                    "warning",
                )
            )
    return problems


def _hierarchy_cycles(
    name: str, pairs: list[tuple[str, str | None]], msgid: str
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
                    bilingual(msgid, path=" → ".join([*loop, node])),
                )
            )
    return problems
