"""Read models: typed, Dash-free views of a compiled plan for the pages, an API and reports.

Each module answers one page's questions (home, scorecard, tree, strategy_map, contribution,
weights, realizations) from an Engine; structure-derived indexes are kept per compiled
structure (indexes), evaluations per engine (Engine.evaluation). Nothing here formats text or
imports Dash: layouts turn these dataclasses into components (docs/architecture.md).
"""
