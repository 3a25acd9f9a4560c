"""The tables of the Rencana Aksi and the LKjIP, independent of the file format.

A cell holds a value (a number stays a number, for Excel) and its column says how to write it
as text (for Word).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ekinerja.documents import wording as w
from ekinerja.documents.content import ActionPlan, PerformanceReport

ROMAN = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class Column:
    """A column: its title and kind (`text`, `number`, `percent`, `target`, `count`, `money`)."""

    title: str
    kind: str = "text"
    width: float = 14.0  # characters, for Excel

    @property
    def numeric(self) -> bool:
        """True for columns of figures (right-aligned)."""
        return self.kind not in ("text", "count")


@dataclass(frozen=True)
class DocTable:
    """A titled table: columns, rows of values, the objective number of each row, a note."""

    title: str
    columns: list[Column]
    rows: list[list[Any]]
    groups: list[int] = field(default_factory=list)  # rows of one objective share a number
    note: str = ""
    merged: tuple[int, ...] = (0, 1)  # columns of the objective, merged over its rows in Word

    @property
    def header(self) -> list[str]:
        """The column titles."""
        return [c.title for c in self.columns]

    def text_rows(self) -> list[list[str]]:
        """Every cell as the documents write it (1.234,56; en dash for none)."""
        return [
            [as_text(value, column) for value, column in zip(row, self.columns, strict=True)]
            for row in self.rows
        ]


def as_text(value: Any, column: Column) -> str:
    """A cell as text, by its column's kind."""
    if column.kind == "text":
        return "" if value is None else str(value)
    if column.kind == "count":
        return str(value)
    if column.kind == "money":
        return "" if value is None else w.number(value, 0)  # left blank to be filled in
    if column.kind == "percent":
        return w.number(value) if value is not None else w.NO_VALUE
    if column.kind == "target":
        return w.target(value)
    return w.number(value)


_NO = Column("No", "count", 6)
_OBJECTIVE = Column("Sasaran", "text", 40)
_INDICATOR = Column("Indikator Kinerja", "text", 40)
_UNIT = Column("Satuan", "text", 12)


def action_table(plan: ActionPlan) -> DocTable:
    """The Rencana Aksi: each PK indicator's quarterly targets, realizations, achievements."""
    columns = [_NO, _OBJECTIVE, _INDICATOR, _UNIT, Column("Target Tahunan", "target")]
    columns += [Column(f"Target TW {r}", "target") for r in ROMAN]
    columns += [Column(f"Realisasi TW {r}", "number") for r in ROMAN]
    columns += [Column(f"Capaian TW {r} (%)", "percent") for r in ROMAN]
    rows = [
        [
            row.number, row.objective, row.indicator, row.measure_unit, row.annual_target,
            *(q.target for q in row.quarters),
            *(q.realization for q in row.quarters),
            *(q.achievement for q in row.quarters),
        ]
        for row in plan.rows
    ]
    return DocTable(
        f"Rencana Aksi Tahun {plan.heading.year}", columns, rows, [r.number for r in plan.rows]
    )


def report_tables(report: PerformanceReport) -> list[DocTable]:
    """The LKjIP tables: the year's achievement, comparison with earlier years and the end
    target, the budget (empty when not recorded), and the analysis from the follow-ups of red
    indicators."""
    year = report.heading.year
    levels = {row.level for row in report.rows}
    with_level = len(levels) > 1
    lead = [_NO, *([Column("Tingkat", "text", 18)] if with_level else []), _OBJECTIVE,
            _INDICATOR, _UNIT]
    merged = (0, 1, 2) if with_level else (0, 1)

    def start(row: Any) -> list[Any]:
        return [row.number, *([row.level] if with_level else []), row.objective, row.indicator,
                row.measure_unit]

    groups = [r.number for r in report.rows]
    achievement = DocTable(
        f"Tabel 1. Capaian Kinerja Tahun {year}",
        [*lead, Column(f"Target {year}", "target"), Column(f"Realisasi {year}", "number"),
         Column("Capaian (%)", "percent")],
        [[*start(r), r.current.target, r.current.realization, r.current.achievement]
         for r in report.rows],
        groups, merged=merged,
    )
    comparison = DocTable(
        f"Tabel 2. Realisasi Tahun-Tahun Sebelumnya dan Target Akhir Periode "
        f"({report.end_year})",
        [*lead, *(Column(f"Realisasi {y}", "number") for y in report.previous_years),
         Column(f"Realisasi {year}", "number"), Column(f"Target Akhir {report.end_year}",
                                                       "target"),
         Column("Progres thd Target Akhir (%)", "percent")],
        [[*start(r), *(r.previous[y] for y in report.previous_years), r.current.realization,
          r.end_target, r.progress] for r in report.rows],
        groups, merged=merged,
    )
    known = any(r.budget is not None for r in report.rows)
    budget = DocTable(
        f"Tabel 3. Anggaran dan Realisasi Anggaran Tahun {year}",
        [*lead, Column("Anggaran (Rp)", "money", 18),
         Column("Realisasi Anggaran (Rp)", "money", 18), Column("Serapan (%)", "percent"),
         Column("Capaian (%)", "percent"), Column("Efisiensi (poin)", "percent")],
        [[*start(r), r.budget, r.budget_realization, r.absorption, r.current.achievement,
          r.efficiency] for r in report.rows],
        groups, w.EFFICIENCY_NOTE if known else w.BUDGET_NOTE, merged=merged,
    )
    analysis = DocTable(
        f"Tabel 4. Analisis Capaian: Penyebab, Upaya dan Rekomendasi Tahun {year}",
        [_NO, _OBJECTIVE, _INDICATOR, Column("Periode", "text", 14),
         Column("Penyebab", "text", 36), Column("Upaya (Tindakan Perbaikan)", "text", 36),
         Column("Rekomendasi", "text", 30), Column("Status Tindak Lanjut", "text", 28)],
        [[a.number, a.objective, a.indicator, w.period(a.period), a.cause, a.effort,
          a.recommendation or w.NO_VALUE, w.follow_up_status(a.status, a.due_on, a.done_note)]
         for a in report.analysis],
        [a.number for a in report.analysis],
        w.ANALYSIS_NOTE if report.analysis else w.NO_ANALYSIS_NOTE,
    )
    return [achievement, comparison, budget, analysis]
