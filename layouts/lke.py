"""LKE (`/lke`): the SAKIP self-evaluation of a unit or the region for a year — the
evaluator's answers with note and evidence, proposals from the plan's figures, the values and
grade, findings with their follow-up, and the trend over the years."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html
from ekinerja.layouts import ids
from ekinerja.layouts.common import card, message, page_title, unit_and_year

from ekinerja import lke
from ekinerja.i18n import N_, fmt_number, translator
from ekinerja.readmodels.presentation import Named

ANSWERS = ("Y", "T", "A", "B", "C", "D", "E")
NONE = "-"  # the radio value of "not answered"
STATUS_NAMES = {"open": N_("Open"), "in_progress": N_("In progress"), "done": N_("Done")}


def criterion_options() -> list[dict[str, str]]:
    """The 80 criteria as dropdown options `1.1.1 · text`."""
    return [{"label": f"{c.id} · {c.text}", "value": c.id} for c in lke.criteria().values()]


def _label(text: str, component_id: str) -> html.Label:
    """The visible label of a field (beside it, small)."""
    return html.Label(text, htmlFor=component_id, className="small mb-0")


def _text(label: str, component_id: str, width: str = "16em") -> list[Any]:
    """A one-line text field with its label (the placeholder repeats it)."""
    return [_label(label, component_id),
            dcc.Input(id=component_id, type="text", placeholder=label, debounce=True,
                      style={"minWidth": width})]


def _controls(fields: list[Any], button: str, button_id: str, colour: str) -> html.Div:
    """A row of fields ending with the button that saves them."""
    return html.Div([*fields, dbc.Button(button, id=button_id, color=colour, size="sm")],
                    className="controls my-2")


def _short(text: str, size: int = 90) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def answer_form(lang: str) -> html.Div:
    """Answer, note, evidence and save for the chosen criterion."""
    _ = translator(lang)
    return _controls(
        [
            html.Fieldset([  # a group of radios, named by its legend
                html.Legend(_("Answer"), className="small mb-0 fs-6"),
                dcc.RadioItems(id=ids.LKE_ANSWER, inline=True, value=NONE, className="me-2",
                               options=[{"label": a, "value": a} for a in ANSWERS]
                               + [{"label": _("not answered"), "value": NONE}]),
            ], className="entry-fieldset"),
            *_text(_("Note"), ids.LKE_NOTE, "18em"),
            *_text(_("Evidence link (https://… or /page)"), ids.LKE_EVIDENCE, "18em"),
        ],
        _("Save answer"), ids.LKE_SAVE, "primary",
    )


def findings_form(lang: str, statuses: Sequence[str]) -> html.Div:
    """A new finding with its recommendation, and the follow-up of an existing one."""
    _ = translator(lang)
    return html.Div(
        [
            _controls(
                [
                    _label(_("Criterion (optional)"), ids.LKE_FINDING_CRITERION),
                    dcc.Dropdown(id=ids.LKE_FINDING_CRITERION, options=criterion_options(),
                                 placeholder=_("Criterion (optional)"),
                                 style={"minWidth": "14em"}),
                    *_text(_("Finding"), ids.LKE_FINDING_TEXT),
                    *_text(_("Recommendation"), ids.LKE_FINDING_ADVICE),
                ],
                _("Add finding"), ids.LKE_FINDING_ADD, "primary",
            ),
            html.Div(id=ids.LKE_FINDING_MESSAGE),
            _controls(
                [
                    _label(_("Finding"), ids.LKE_FOLLOW_FINDING),
                    dcc.Dropdown(id=ids.LKE_FOLLOW_FINDING, options=[],
                                 placeholder=_("Finding"), style={"minWidth": "16em"}),
                    html.Fieldset([  # a group of radios, named by its legend
                        html.Legend(_("Follow-up status"), className="small mb-0 fs-6"),
                        dcc.RadioItems(id=ids.LKE_FOLLOW_STATUS, inline=True,
                                       value="in_progress",
                                       options=[{"label": _(STATUS_NAMES[s]), "value": s}
                                                for s in statuses]),
                    ], className="entry-fieldset"),
                    *_text(_("Follow-up"), ids.LKE_FOLLOW_TEXT),
                ],
                _("Save follow-up"), ids.LKE_FOLLOW_SAVE, "secondary",
            ),
            html.Div(id=ids.LKE_FOLLOW_MESSAGE),
        ]
    )


def layout(lang: str = "id", units: list[Named] | None = None, unit: str | None = None,
           years: list[int] | None = None, year: int | None = None, may_answer: bool = False,
           has_database: bool = True, statuses: Sequence[str] = (), **_params: Any
           ) -> html.Div:
    """The page: unit and year; values and grade; the criteria; findings."""
    _ = translator(lang)
    units, years = units or [], years or []
    head = page_title(_("SAKIP evaluation (LKE)"), controls=unit_and_year(
        ids.LKE_UNIT, units, unit, ids.LKE_YEAR, years, year, lang))
    if not has_database:
        return html.Div([head, message(_("The LKE is kept in the database: this app shows a "
                                         "plan file."))], className="page-lke")
    criterion = [
        _label(_("Criterion"), ids.LKE_CRITERION),
        dcc.Dropdown(id=ids.LKE_CRITERION, options=criterion_options(), value="1.1.1",
                     clearable=False),
        html.Div(id=ids.LKE_CRITERION_INFO, className="my-2"),
    ]
    if may_answer:
        criterion += [answer_form(lang), html.Div(id=ids.LKE_MESSAGE)]
    else:
        criterion.append(message(_("Only the evaluator (Inspektorat) answers the LKE.")))
    findings_body: list[Any] = [html.Div(id=ids.LKE_FINDINGS)]
    if may_answer:
        findings_body.append(findings_form(lang, statuses))
    return html.Div(
        [
            head,
            html.P(_("PermenPANRB 88/2021: four components, twelve sub-components, 80 criteria. "
                     "Proposals come from the plan's own figures; the evaluator decides."),
                   className="muted small"),
            card(_("Values and grade"), html.Div(id=ids.LKE_SUMMARY)),
            card(_("Criterion"), criterion),
            card(_("Findings and recommendations"), findings_body),
            card(_("All criteria"), html.Div(id=ids.LKE_ANSWERS)),
        ],
        className="page-lke",
    )


# ----------------------------------------------------------------- filled by callbacks
def summary(result: lke.Result, trend: Sequence[tuple[int, float, str]], lang: str) -> Any:
    """Total and grade, each component and sub-component with weight and value, the trend."""
    _ = translator(lang)
    rows = []
    for comp in lke.components():
        rows.append(html.Tr([html.Th(comp.id), html.Th(comp.name),
                             html.Th(fmt_number(float(comp.weight), lang), className="text-end"),
                             html.Th(fmt_number(float(result.components[comp.id]), lang),
                                     className="text-end")]))
        rows += [html.Tr([html.Td(sub.id), html.Td(f"{sub.kind}: {_short(sub.name, 70)}"),
                          html.Td(fmt_number(float(sub.weight), lang), className="text-end"),
                          html.Td(fmt_number(float(result.subcomponents[sub.id]), lang),
                                  className="text-end")])
                 for sub in comp.subcomponents]
    table = html.Table(
        [html.Thead(html.Tr([html.Th(_("Code")), html.Th(_("Component")),
                             html.Th(_("Weight")), html.Th(_("Value"))])),
         html.Tbody(rows)],
        className="table table-sm lke-values")
    grade = result.grade
    headline = html.P(
        [html.Strong(_("Total: {total} · grade {grade} ({label})").format(
            total=fmt_number(float(result.total), lang), grade=grade,
            label=lke.GRADE_LABELS[grade]))],
        className="lke-total")
    years = html.Table(
        [html.Thead(html.Tr([html.Th(_("Year")), html.Th(_("Total")), html.Th(_("Grade"))])),
         html.Tbody([html.Tr([html.Td(str(y)), html.Td(fmt_number(t, lang), className="text-end"),
                              html.Td(g)]) for y, t, g in trend])],
        className="table table-sm lke-trend") if trend else message(_("No year answered yet."))
    return html.Div([headline, table, html.H3(_("Trend"), className="h6"), years])


def criterion_info(criterion: lke.Criterion, stored: Any | None, proposal: Any | None,
                   lang: str) -> Any:
    """A criterion's text and scale, its stored answer, and the proposal with its figure."""
    _ = translator(lang)
    parts: list[Any] = [html.P(criterion.text),
                        html.P(_("Scale: {scale}").format(scale=criterion.scale),
                               className="muted small")]
    if stored is not None and stored.answer:
        parts.append(html.P(_("Answer: {answer} ({author})").format(answer=stored.answer,
                                                                    author=stored.author)))
    if proposal is not None:
        parts.append(html.P(
            [html.Strong(_("Proposal: {answer}").format(answer=proposal.answer) + " — "),
             proposal.figure + " ",
             dcc.Link(_("evidence"), href=proposal.evidence)],
            className="lke-proposal small"))
    return html.Div(parts)


def answers_table(answers: dict[str, Any], proposals: dict[str, Any], lang: str) -> Any:
    """Every criterion: answer, note, evidence link, proposal."""
    _ = translator(lang)
    rows = []
    for criterion in lke.criteria().values():
        stored = answers.get(criterion.id)
        proposal = proposals.get(criterion.id)
        evidence = stored.evidence if stored is not None else None
        rows.append(html.Tr([
            html.Td(criterion.id), html.Td(_short(criterion.text), title=criterion.text),
            html.Td((stored.answer if stored is not None else None) or "–"),
            html.Td((stored.note if stored is not None else None) or ""),
            html.Td(html.A(_("link"), href=evidence, target="_blank", rel="noopener")
                    if evidence else ""),
            html.Td(proposal.answer if proposal is not None else "", title=proposal.figure
                    if proposal is not None else None),
        ]))
    return html.Table(
        [html.Thead(html.Tr([html.Th(_("Code")), html.Th(_("Criterion")), html.Th(_("Answer")),
                             html.Th(_("Note")), html.Th(_("Evidence")),
                             html.Th(_("Proposal"))])),
         html.Tbody(rows)],
        className="table table-sm lke-answers")


def findings_list(findings: Sequence[Any], lang: str) -> Any:
    """The findings with recommendation and follow-up status."""
    _ = translator(lang)
    if not findings:
        return message(_("No finding yet."))
    return html.Table(
        [html.Thead(html.Tr([html.Th("#"), html.Th(_("Criterion")), html.Th(_("Finding")),
                             html.Th(_("Recommendation")), html.Th(_("Status")),
                             html.Th(_("Follow-up"))])),
         html.Tbody([html.Tr([html.Td(str(f.id)), html.Td(f.criterion or "–"),
                              html.Td(f.finding), html.Td(f.recommendation),
                              html.Td(_(STATUS_NAMES.get(f.status, f.status))),
                              html.Td(f.follow_up or "")]) for f in findings])],
        className="table table-sm lke-findings")


def finding_options(findings: Sequence[Any]) -> list[dict[str, Any]]:
    """The findings as dropdown options `#3 · text`."""
    return [{"label": f"#{f.id} · {_short(f.finding, 60)}", "value": f.id} for f in findings]
