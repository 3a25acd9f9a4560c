"""The budgets a planner enters on /laporan (docs/sakip.md): the programs and activities of a
unit's subtree with their budget and realization in a year."""

from __future__ import annotations

from dataclasses import dataclass

from ekinerja.documents.content import Budgets
from ekinerja.readmodels.indexes import unit_subtree
from ekinerja.rollup import Engine

#: The levels of the cascade that carry a budget (program, activity, sub-activity).
BUDGET_LEVELS: tuple[str, ...] = ("program_objective", "activity_objective",
                                  "subactivity_objective")


@dataclass(frozen=True)
class BudgetLine:
    """One program or activity of the unit's subtree and its budget in the year (if any)."""

    code: str
    name: str
    level: str
    unit: str | None
    amount: float | None
    realization: float | None

    @property
    def absorption(self) -> float | None:
        """Realization / budget × 100 (None without both, or with a zero budget)."""
        if self.amount is None or self.realization is None or self.amount == 0:
            return None
        return self.realization / self.amount * 100


def budget_lines(engine: Engine, unit: str, year: int, budgets: Budgets) -> list[BudgetLine]:
    """The programs and activities of `unit` and the units below it, in plan order, with their
    budget and realization of `year`."""
    units = unit_subtree(engine, unit)
    lines = []
    for objective in engine.doc.objectives:
        if objective.level not in BUDGET_LEVELS or objective.unit not in units:
            continue
        amount, realization = budgets.get((objective.code, year), (None, None))
        lines.append(BudgetLine(objective.code, objective.name, objective.level,
                                objective.unit, amount, realization))
    return lines
