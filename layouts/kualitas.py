"""Kualitas (`/kualitas`): the cascade quality check, each item linked to where it is fixed
(SAKIP criterion 1.2: cascading, SMART indicators)."""

from __future__ import annotations

from typing import Any

from dash import dcc, html
from ekinerja.layouts import ids
from ekinerja.layouts.common import page_title

from ekinerja.i18n import translator
from ekinerja.quality import KINDS, QualityItem

SHOWN = 200  # items listed per kind (the count says how many there are)


def layout(lang: str = "id", **_params: Any) -> html.Div:
    """The quality page: filled by a callback (it follows the data revision)."""
    _ = translator(lang)
    return html.Div(
        [
            page_title(_("Cascade quality")),
            html.P(_("What the cascade still lacks. Each item links to where it is fixed."),
                   className="muted small"),
            html.Div(id=ids.QUALITY_BODY),
        ],
        className="page-kualitas",
    )


def body(items: list[QualityItem], lang: str, counts: dict[str, int] | None = None
         ) -> list[Any]:
    """A summary table of counts per kind, then each kind's items with their links. `counts`
    (quality.quality_summary) says how many there are when `items` holds only the first few."""
    _ = translator(lang)
    by_kind: dict[str, list[QualityItem]] = {kind: [] for kind in KINDS}
    for item in items:
        by_kind[item.kind].append(item)
    totals = counts if counts is not None else {k: len(v) for k, v in by_kind.items()}
    summary = html.Table(
        [html.Thead(html.Tr([html.Th(_("Check")), html.Th(_("Items"))])),
         html.Tbody([html.Tr([html.Td(html.A(_(KINDS[kind]), href=f"#quality-{kind}")),
                              html.Td(str(totals[kind]), className="text-end",
                                      **{"data-kind": kind})])
                     for kind, found in by_kind.items()])],
        className="table table-sm quality-summary", id="quality-summary",
    )
    sections: list[Any] = [summary]
    for kind, found in by_kind.items():
        total = totals[kind]
        if not total:
            continue
        rows = [html.Li([html.Span(item.message.text(lang) + " "),
                         dcc.Link(_("Fix"), href=item.fix, className="quality-fix")])
                for item in found[:SHOWN]]
        if total > SHOWN:
            rows.append(html.Li(_("…and {count} more").format(count=total - SHOWN),
                                className="muted"))
        sections.append(html.Section([html.H3(f"{_(KINDS[kind])} ({total})",
                                              className="h6 mt-3"), html.Ul(rows)],
                                     id=f"quality-{kind}"))
    return sections
