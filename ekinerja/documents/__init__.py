"""SAKIP documents per unit and year: PK (Word, PDF), Rencana Aksi (Excel), LKjIP (Word, Excel).

Pure domain (no Dash): `content` decides what a document says, `word`, `pdf` and `excel` write
it; `write` picks the writer from the file's suffix.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from ekinerja.messages import N_, Message
from ekinerja.model import PlanDocument, Problem

#: Document kinds and, for each, the writers by file suffix.
KINDS: dict[str, tuple[str, ...]] = {
    "pk": (".docx", ".pdf"),
    "rencana-aksi": (".xlsx",),
    "lkjip": (".docx", ".xlsx"),
}
TITLES: dict[str, str] = {
    "pk": "Perjanjian Kinerja",
    "rencana-aksi": "Rencana Aksi",
    "lkjip": "Tabel LKjIP",
}
WRONG_SUFFIX = N_("{title} cannot be written as {suffix}: use {allowed}")
NO_SUFFIX = N_("{title} cannot be written without a suffix: use {allowed}")


def suffix_problem(kind: str, path: str | os.PathLike[str]) -> Problem | None:
    """A problem when a document kind cannot be written to a file of that suffix."""
    suffix = Path(path).suffix.lower()
    allowed = KINDS[kind]
    if suffix in allowed:
        return None
    return Problem(
        str(path),
        Message(WRONG_SUFFIX if suffix else NO_SUFFIX,
                {"title": TITLES[kind], "suffix": suffix, "allowed": ", ".join(allowed)}
                ).bilingual(),
    )


def _writer(kind: str, suffix: str) -> tuple[Callable[..., Any], Callable[..., None]]:
    from ekinerja.documents import content

    if kind == "pk":
        if suffix == ".pdf":
            from ekinerja.documents.pdf import write_agreement as pdf_agreement

            return content.agreement, pdf_agreement
        from ekinerja.documents.word import write_agreement

        return content.agreement, write_agreement
    if kind == "rencana-aksi":
        from ekinerja.documents.excel import write_action_plan

        return content.action_plan, write_action_plan
    if suffix == ".xlsx":
        from ekinerja.documents.excel import write_report as excel_report

        return content.performance_report, excel_report
    from ekinerja.documents.word import write_report

    return content.performance_report, write_report


def write(kind: str, doc: PlanDocument, unit: str, year: int, path: str | os.PathLike[str],
          *, generated: datetime | None = None, budgets: Any = None, analysis: Any = None
          ) -> Any:
    """Write one document of a unit and year to `path` (format by suffix); return its content.
    `budgets` and `analysis` (the follow-ups of red indicators) fill the LKjIP's tables.

    Raises `content.DocumentError` for an unknown unit, a year outside the plan or a suffix the
    kind does not allow; nothing is written then (files are replaced atomically).
    """
    from ekinerja.documents.content import DocumentError

    problem = suffix_problem(kind, path)
    if problem is not None:
        raise DocumentError([problem])
    build, render = _writer(kind, Path(path).suffix.lower())
    extra: dict[str, Any] = {}
    if kind == "lkjip":
        extra = {key: value for key, value in (("budgets", budgets), ("analysis", analysis))
                 if value}
    made = build(doc, unit, year, generated=generated, **extra)
    render(made, path)
    return made


def render(kind: str, doc: PlanDocument, unit: str, year: int, suffix: str, *,
           generated: datetime | None = None, budgets: Any = None, analysis: Any = None
           ) -> tuple[Any, bytes]:
    """One document of a unit and year as bytes in the format of `suffix` (".docx", ...), with
    its content; raises `content.DocumentError` as `write` does."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="ekinerja-doc-") as folder:
        path = Path(folder) / f"{kind}{suffix}"
        made = write(kind, doc, unit, year, path, generated=generated, budgets=budgets,
                     analysis=analysis)
        return made, path.read_bytes()


def render_agreement(agreement: Any, suffix: str) -> bytes:
    """A PK already made (a frozen version, say) as bytes: `.docx` or `.pdf`."""
    import tempfile

    problem = suffix_problem("pk", f"pk{suffix}")
    if problem is not None:
        from ekinerja.documents.content import DocumentError

        raise DocumentError([problem])
    _build, writer = _writer("pk", suffix.lower())
    with tempfile.TemporaryDirectory(prefix="ekinerja-doc-") as folder:
        path = Path(folder) / f"pk{suffix}"
        writer(agreement, path)
        return path.read_bytes()
