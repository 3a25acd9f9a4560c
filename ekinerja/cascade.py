"""The cascade as a networkx DiGraph built from a plan document, and its validation."""

from __future__ import annotations

import networkx as nx

from ekinerja.model import PlanDocument


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
