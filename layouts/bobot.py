"""Bobot (`/bobot`): a parent's child weights, a live what-if preview, versions and restore."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html
from ekinerja.layouts import ids
from ekinerja.layouts.common import (
    card,
    message,
    num_heading,
    page_title,
    required_label,
    scroll_table,
    search_choice,
)

from ekinerja.i18n import N_, fmt_number, level_label, translator
from ekinerja.readmodels.presentation import Named
from ekinerja.readmodels.weights import (
    ChildWeight,
    ScoreMove,
    VersionRow,
    WeightPreview,
    WeightProblem,
)

KINDS = {"objective": N_("objective"), "indicator": N_("indicator")}
PROBLEMS = {
    "not_a_number": N_("The weight of {code} must be a number."),
    "negative": N_("The weight of {code} is negative."),
    "all_zero": N_("Every weight is zero."),
}


def problem_text(problem: WeightProblem, lang: str) -> str:
    """Why typed weights cannot be saved, in a language."""
    return translator(lang)(PROBLEMS[problem.kind]).format(code=problem.code)


def parent_options(rows: list[Named]) -> list[dict[str, str]]:
    """Dropdown options `code · name` for parent objectives."""
    return [{"label": f"{r.code} · {r.name}", "value": r.code} for r in rows]


def layout(
    lang: str = "id",
    parents: list[Named] | None = None,
    parent: str | None = None,
    can_save: bool = False,
    **_params: Any,
) -> html.Div:
    """The page frame; editor, preview and history are filled by callbacks. Saving and
    restoring are there only for who may change weights (`can_save`); anyone may try weights
    in the preview, which saves nothing."""
    _ = translator(lang)
    if can_save:
        save_block: list[Any] = [
            html.Div(
                [
                    dcc.Checklist(
                        id=ids.WEIGHT_TOTAL_CONFIRM,
                        options=[{"label": _("Save even if the total is not 100 % (the "
                                             "weights then count relative to each other)"),
                                  "value": "yes"}],
                        value=[],
                        inputClassName="form-check-input me-1",
                        className="small",
                    ),
                    html.Label(required_label(_("Reason for the change"), lang),
                               htmlFor=ids.WEIGHT_REASON, className="small"),
                    dcc.Input(id=ids.WEIGHT_REASON, type="text", maxLength=500,
                              className="form-control"),
                    dbc.Button(_("Save weights"), id=ids.WEIGHT_SAVE, color="primary",
                               size="sm", n_clicks=0),
                ],
                className="weight-save",
            ),
            html.Div(id=ids.WEIGHT_MESSAGE, role="status"),
        ]
        restore_block: list[Any] = [
            html.Div(
                [
                    html.Label(_("Restore this version (the reason above is kept with it)"),
                               htmlFor=ids.WEIGHT_RESTORE_VERSION, className="small"),
                    dcc.Dropdown(id=ids.WEIGHT_RESTORE_VERSION, clearable=True,
                                 placeholder=_("Choose a version"),
                                 className="version-select"),
                    dbc.Button(_("Restore"), id=ids.WEIGHT_RESTORE, color="secondary",
                               size="sm", n_clicks=0),
                ],
                className="controls",
            ),
        ]
    else:
        save_block = [html.P(_("Only planners and administrators change weights: what you "
                               "type here is a preview and is not saved."),
                             id=ids.WEIGHT_READ_ONLY, className="muted small")]
        restore_block = []
    return html.Div(
        [
            page_title(_("Weights")),
            html.Div(
                search_choice(_("Parent objective"), ids.WEIGHT_PARENT,
                              parent_options(parents or []), parent,
                              _("Type a code or a name")),
                className="controls",
            ),
            dcc.Store(id=ids.WEIGHT_SEEN),
            html.Div(
                [
                    card(
                        _("Children's weights"),
                        [
                            html.Div(id=ids.WEIGHT_EDITOR),
                            html.Div(
                                [
                                    html.Span(id=ids.WEIGHT_TOTAL),
                                    dbc.Button(_("Normalise to 100 %"), id=ids.WEIGHT_NORMALISE,
                                               color="secondary", outline=True, size="sm",
                                               n_clicks=0),
                                ],
                                className="controls",
                            ),
                            *save_block,
                        ],
                    ),
                    card(_("Preview (not saved)"), html.Div(id=ids.WEIGHT_PREVIEW)),
                ],
                className="grid-2",
            ),
            card(_("History of versions"), [html.Div(id=ids.WEIGHT_HISTORY), *restore_block]),
        ],
        className="page-bobot",
    )


def editor(rows: list[ChildWeight], lang: str) -> Any:
    """One numeric input per child, prefilled with its current weight as a percentage."""
    _ = translator(lang)
    head = [_("Child"), _("Kind"), num_heading(_("Now")), num_heading(_("New (%)"))]
    body = [
        html.Tr(
            [
                html.Td([html.Span(r.code, className="code"), " ", r.name]),
                html.Td(_(KINDS[r.kind]), className="small"),
                html.Td(f"{fmt_number(r.percent, lang)} %", className="num"),
                html.Td(
                    html.Label([  # the input inside its label: named for screen readers
                        html.Span(_("New weight of {code} (%)").format(code=r.code),
                                  className="visually-hidden"),
                        dcc.Input(
                            id={"type": ids.WEIGHT_INPUT, "index": r.code},
                            type="text",
                            inputMode="decimal",
                            autoComplete="off",
                            value=fmt_number(round(r.percent, 2), lang, None),
                            debounce=False,
                            className="form-control form-control-sm weight-input",
                        ),
                    ], className="weight-label"),
                    className="num",
                ),
            ]
        )
        for r in rows
    ]
    return scroll_table(head, body, _("Choose a parent objective."))


def total(value: float, lang: str) -> Any:
    """The sum of the typed weights, and a warning when it is not 100 %."""
    _ = translator(lang)
    text = _("Total: {value} %").format(value=fmt_number(value, lang))
    if abs(value - 100.0) < 0.005:
        return text
    return html.Span([text, " ", html.Span(_("(not 100 %)"), className="text-danger fw-semibold")])


def version_label(row: VersionRow, lang: str) -> str:
    """A version in the restore picker: number, date, author (and reason)."""
    when = row.at.strftime("%Y-%m-%d %H:%M") if row.at else "–"
    label = f"v{row.version} · {when} · {row.author}"
    if row.reason:
        label += f" · {row.reason[:40]}{'…' if len(row.reason) > 40 else ''}"
    return label


def total_problem(value: float, lang: str) -> str:
    """Why weights whose total is not 100 % are not saved as they are."""
    _ = translator(lang)
    return _("The weights total {value} %, not 100 %: press “Normalise to 100 %”, or tick "
             "“Save even if the total is not 100 %”.").format(value=fmt_number(value, lang))


def _score_table(rows: list[ScoreMove], lang: str, table_id: str) -> Any:
    _ = translator(lang)
    if not rows:
        return message(_("Nothing else moves."))
    head = html.Tr([html.Th(""), html.Th(_("Before"), className="num"),
                    html.Th(_("After"), className="num"), html.Th(_("Change"), className="num")])
    body = []
    for r in rows:
        delta = r.delta
        name: list[Any] = [html.Span(r.code, className="code"), " ", r.name]
        if r.level:
            name.append(html.Span(f" ({level_label(r.level, lang)})", className="muted small"))
        body.append(
            html.Tr(
                [
                    html.Td(name),
                    html.Td(fmt_number(r.before, lang), className="num"),
                    html.Td(
                        [fmt_number(r.after, lang), html.Span(
                            f" · {r.band_after}" if r.band_after else "", className="small")],
                        className="num weight-after",
                        **{"data-code": r.code},
                    ),
                    html.Td(
                        "–" if delta is None else ("+" if delta > 0 else "")
                        + fmt_number(delta, lang, 3),
                        className="num",
                    ),
                ]
            )
        )
    return html.Table([html.Thead(head), html.Tbody(body)], className="table table-sm",
                      id=table_id)


def preview(result: WeightPreview | None, lang: str, problem: WeightProblem | None = None
            ) -> Any:
    """The what-if: this objective and its ancestors, then the biggest movers."""
    _ = translator(lang)
    if problem:
        return html.Div(problem_text(problem, lang), className="text-danger small")
    if result is None:
        return message(_("Choose a parent objective."))
    blocks: list[Any] = [
        html.H3(_("This objective and its ancestors up to the vision"), className="card-title"),
        _score_table(result.chain, lang, "weight-chain"),
        html.H3(_("Objectives that move most"), className="card-title"),
        _score_table(result.objectives, lang, "weight-movers"),
        html.H3(_("Agencies that move most"), className="card-title"),
        _score_table(result.groups, lang, "weight-agencies"),
    ]
    return html.Div(blocks, className="table-scroll")


def history(rows: list[VersionRow], lang: str) -> Any:
    """Versions newest first: number, when, who, reason and what changed."""
    _ = translator(lang)
    if not rows:
        return message(_("No versions yet: the weights were never changed."))
    head = [_("Version"), _("When"), _("Who"), _("Reason"), _("Change (% of the total)")]
    body = []
    for r in rows:
        changes = "; ".join(
            f"{d.code}: {fmt_number(d.old_percent, lang)} % → {fmt_number(d.new_percent, lang)} %"
            for d in r.diff
        ) or _("initial")
        body.append(
            html.Tr(
                [
                    html.Td(str(r.version)),
                    html.Td(r.at.strftime("%Y-%m-%d %H:%M") if r.at else "–", className="small"),
                    html.Td(r.author),
                    html.Td(r.reason or "–", className="small"),
                    html.Td(changes, className="small"),
                ]
            )
        )
    return scroll_table(head, body)
