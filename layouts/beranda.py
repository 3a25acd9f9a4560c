"""Beranda (home, `/`): where the province stands, what is red, and why."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import dash_ag_grid as dag
import plotly.graph_objects as go
from dash import dcc, html
from ekinerja.layouts import ids
from ekinerja.layouts.common import (
    band_badge,
    band_cell_style,
    card,
    message,
    number_formatter,
    page_href,
    page_link,
    page_title,
    readable_colour,
    text_colour,
)

from ekinerja.i18n import N_, band_label, fmt_number, fmt_target, period_label, translator
from ekinerja.readmodels.agencies import AgencyScore
from ekinerja.readmodels.early_warning import EarlyWarning
from ekinerja.readmodels.home import LIST_LIMIT, AlertList, BandCount, HomeData
from ekinerja.readmodels.presentation import Banded

#: Where the Beranda's items lead (a leader's next step): an indicator to its entry page with
#: its row chosen, an objective (a mission) to its node on the strategy map, an agency to its
#: scorecard.
INDICATOR_PAGE, MAP_PAGE, SCORECARD_PAGE = "/realisasi", "/peta-strategi", "/scorecard"


def indicator_link(code: str, name: str) -> dcc.Link:
    """An indicator's code and name, a link to its entry page with its row chosen."""
    return page_link([html.Span(code, className="code"), " ", name], INDICATOR_PAGE,
                     indicator=code)


def objective_link(code: str, name: str) -> dcc.Link:
    """An objective's code and name, a link to its node on the strategy map."""
    return page_link([html.Span(code, className="code"), " ", name], MAP_PAGE, node=code)


def agency_link(name: str | None, code: str | None) -> Any:
    """An agency's name, a link to its scorecard ("–" without an agency)."""
    if not name:
        return "–"
    return page_link(name, SCORECARD_PAGE, unit=code) if code else name


def show_all_button(button_type: str, name: str, shown: int, total: int, controls: str,
                    lang: str) -> list[Any]:
    """The "Show all (N)" button of a list cut to its first rows ("Show fewer" once all are
    shown); nothing when the list never has more than LIST_LIMIT rows."""
    _ = translator(lang)
    if total <= LIST_LIMIT:
        return []
    expanded = shown >= total
    text = _("Show fewer") if expanded else _("Show all ({total})").format(
        total=fmt_number(total, lang, 0))
    return [html.Button(text, id={"type": button_type, "list": name}, n_clicks=0,
                        type="button", className="btn btn-link btn-sm show-all",
                        **{"aria-controls": controls,
                           "aria-expanded": "true" if expanded else "false"})]


def layout(lang: str = "id", **_params: Any) -> html.Div:
    """The page frame; its body is filled for the chosen period by a callback."""
    _ = translator(lang)
    return html.Div(
        [
            page_title(_("Home")),
            dcc.Store(id=ids.HOME_SHOW_ALL, data=[]),
            dcc.Store(id=ids.HOME_EW_SHOW_ALL, data=[]),
            html.Div(id=ids.HOME_BODY, className="home-body"),
            html.Div(id=ids.HOME_FOLLOWUP),  # follow_up_card, by its own callback
            card(
                _("Early warning: year-end forecast"),
                html.Div(
                    [
                        html.Label(_("Agency"), htmlFor=ids.HOME_EW_AGENCY, className="small"),
                        dcc.Dropdown(id=ids.HOME_EW_AGENCY, options=[], value=None,
                                     placeholder=_("Whole region"), clearable=True,
                                     className="ew-agency"),
                        html.Div(id=ids.HOME_EW_BODY),
                    ]
                ),
            ),
        ],
        className="page-beranda",
    )


#: how the pages name the forecast methods of `ekinerja.forecast`
METHOD_NAMES: dict[str, str] = {
    "sum_target_pace": N_("pace against the quarterly targets"),
    "sum_time_pace": N_("pace per month"),
    "latest_trend": N_("straight-line trend"),
    "average_mean": N_("mean so far"),
}


def _band_range(low: float | None, high: float | None, lang: str) -> str:
    if low is None or high is None:
        return ""
    return f"{fmt_number(low, lang, 1)}–{fmt_number(high, lang, 1)}"


def _with_data(draw: Callable[[Any, str], list[Any]]) -> Callable[..., list[Any]]:
    """`draw(data, lang)` (the language settled), or the note that there is no plan data yet
    when `data` is None."""

    @functools.wraps(draw)
    def drawn(data: Any, lang: str | None = "id") -> list[Any]:
        lang = lang or "id"
        if data is None:
            _ = translator(lang)
            return [message(_("No plan data yet."))]
        return draw(data, lang)

    return drawn


@_with_data
def early_warning_body(data: EarlyWarning, lang: str) -> list[Any]:
    """The early-warning and priority lists, every forecast figure labelled as a forecast."""
    _ = translator(lang)
    head = html.P(
        [
            _("Forecast for {year} as of {period} ({months} months elapsed): the vision "
              "would end the year at").format(
                year=data.year, period=period_label(data.as_of, lang),
                months=fmt_number(data.elapsed_months, lang, 0)),
            " ",
            html.Span(band_badge(data.vision, lang), className="forecast"),
            " ",
            html.Span(_("band {range}").format(
                range=_band_range(data.vision_low, data.vision_high, lang)),
                className="muted small"),
        ],
        className="forecast-note",
    )
    warning_rows = [
        html.Tr([
            html.Td([indicator_link(w.code, w.name) if w.kind == "indicator"
                     else objective_link(w.code, w.name),
                     html.Div(_(METHOD_NAMES[w.method]) if w.method else "",
                              className="muted small")]),
            html.Td(band_badge(w.current, lang)),
            html.Td([html.Span(band_badge(w.forecast, lang), className="forecast"),
                     html.Div(_band_range(w.low, w.high, lang), className="muted small")]),
            html.Td(
                f"{fmt_number(w.gap, lang)} {w.measure_unit or ''}".strip()
                if w.gap is not None else "–",
                className="num"),
            html.Td(w.owner_name or w.agency or "–"),
        ])
        for w in data.warnings
    ]
    warnings = listed_table(
        ids.HOME_WARNINGS,
        (_("Objective or indicator"), _("Now"), _("Forecast"), _("Gap to target"), _("Owner")),
        warning_rows, data.warnings_total, lang,
        show_all=(ids.HOME_EW_SHOW_ALL_BUTTON, "warnings"))
    priority_rows = [
        html.Tr([
            html.Td(indicator_link(p.code, p.name)),
            html.Td(band_badge(p.achievement, lang)),
            html.Td(fmt_target(p.target, lang), className="num"),
            html.Td(fmt_number(p.realization, lang), className="num"),
            html.Td("+" + fmt_number(p.gain, lang, 2), className="num"),
            html.Td(p.owner_name or p.agency or "–"),
        ])
        for p in data.priorities
    ]
    priorities = listed_table(
        ids.HOME_PRIORITIES,
        (_("Indicator"), _("Achievement"), _("Target"), _("Realization"),
         _("Points gained at target"), _("Owner")),
        priority_rows, data.priorities_total, lang,
        show_all=(ids.HOME_EW_SHOW_ALL_BUTTON, "priorities"))
    return [
        head,
        html.H3(_("Forecast to end the year lower (by influence on the vision)"),
                className="card-subtitle"),
        warnings,
        html.H3(_("Where to push: vision points gained if the target is reached"),
                className="card-subtitle"),
        priorities,
    ]


def ranking_grid(rows: list[AgencyScore], bands: list[BandCount], lang: str) -> dag.AgGrid:
    """Agency ranking: sortable by any column; each agency's name a link to its scorecard
    (assets/dashAgGridComponentFunctions.js: PageLink, followed by a click or Enter)."""
    _ = translator(lang)
    return dag.AgGrid(
        id=ids.HOME_RANKING,
        rowData=[
            {"rank": r.rank, "name": r.name, "score": r.score.value,
             "href": page_href(SCORECARD_PAGE, unit=r.code),
             "band": band_label(r.score.band, lang) or _("No score")}
            for r in rows
        ],
        columnDefs=[
            {"field": "rank", "headerName": _("Rank"), "maxWidth": 80},
            {"field": "name", "headerName": _("Agency"), "flex": 2, "minWidth": 150,
             "cellRenderer": "PageLink"},
            {"field": "score", "headerName": _("Score"), "type": "numericColumn",
             "valueFormatter": number_formatter(lang), "maxWidth": 110},
            {"field": "band", "headerName": _("Band"),
             "cellStyle": band_cell_style({b.band: b.colour for b in bands if b.band}, lang),
             "minWidth": 110},
        ],
        defaultColDef={"sortable": True, "resizable": True, "flex": 1},
        dashGridOptions={"domLayout": "autoHeight", "animateRows": False},
        className="ag-theme-alpine",
        style={"width": "100%"},
    )


def trend_figure(points: list[tuple[str, float | None]], lang: str) -> dict[str, Any]:
    """The score over periods (plotly line with the values written on it), as the plain dict
    plotly's JSON of the same `go.Figure` would be (tested): built without plotly's validation
    of every property on each call, its template (the same for every figure) read once."""
    _ = translator(lang)
    y = [s for _p, s in points]
    return {
        "data": [{
            "connectgaps": False,
            "line": {"color": "#1565c0"},
            "mode": "lines+markers+text",
            "name": _("Score"),
            "text": [fmt_number(s, lang, 1) if s is not None else "" for s in y],
            "textposition": "top center",
            "x": [period_label(p, lang) for p, _score in points],
            "y": y,
            "type": "scatter",
        }],
        "layout": {
            "margin": {"l": 40, "r": 10, "t": 10, "b": 30},
            "yaxis": {"title": {}, "rangemode": "tozero"},
            "xaxis": {"type": "category"},
            "height": 220,
            "plot_bgcolor": "#fafafa",
            "separators": ",." if lang == "id" else ".,",
            "showlegend": False,
            "template": figure_template(),
        },
    }


@functools.cache
def figure_template() -> dict[str, Any]:
    """Plotly's default template as a figure's JSON holds it (read once per process; shared:
    never change it)."""
    return go.Figure().to_plotly_json()["layout"]["template"]


def listed_table(table_id: str, headers: Sequence[str], rows: list[Any], total: int,
                 lang: str, show_all: tuple[str, str] | None = None) -> html.Div:
    """A short table (its first rows) with "N of M shown", or "None." when it has no row;
    `show_all` (button type, list name): a "Show all" button when rows are left out."""
    _ = translator(lang)
    if not rows:
        return html.Div(message(_("None.")), id=table_id)
    table = html.Table([html.Thead(html.Tr([html.Th(h) for h in headers])), html.Tbody(rows)],
                       className="table table-sm")
    note = _("{shown} of {total} shown").format(shown=len(rows), total=total)
    button = show_all_button(*show_all, len(rows), total, table_id, lang) if show_all else []
    return html.Div([html.Div(table, className="table-scroll"),
                     html.P([note, " ", *button], className="muted small")], id=table_id)


def indicator_table(block: AlertList, lang: str, *, table_id: str, name: str) -> html.Div:
    """A short table of indicators (code, name, agency, target, realization, achievement): an
    indicator links to its entry page, an agency to its scorecard."""
    _ = translator(lang)
    rows = [_indicator_row(r.line.code, r.line.name, r.agency, r.agency_code,
                           fmt_target(r.line.target, lang), r.line.realization,
                           r.line.achievement, lang)
            for r in block.rows]
    headers = (_("Indicator"), _("Agency"), _("Target"), _("Realization"), _("Achievement"))
    return listed_table(table_id, headers, rows, block.total, lang,
                        show_all=(ids.HOME_SHOW_ALL_BUTTON, name))


@functools.lru_cache(maxsize=1024)
def _indicator_row(code: str, name: str, agency: str | None, agency_code: str | None,
                   target: str, realization: float | None, achievement: Banded, lang: str
                   ) -> html.Tr:
    """A row of `indicator_table`, kept per everything it shows: after a saved value the
    Beranda draws again only the rows that changed (a row is only read afterwards)."""
    return html.Tr([
        html.Td(indicator_link(code, name)),
        html.Td(agency_link(agency, agency_code)),
        html.Td(target, className="num"),
        html.Td(fmt_number(realization, lang), className="num"),
        html.Td(band_badge(achievement, lang)),
    ])


def stale_table(block: AlertList, lang: str) -> html.Div:
    """Indicators last reported before the others: their last period next to the name."""
    _ = translator(lang)
    if not block.rows:
        return html.Div(message(_("None.")), id=ids.HOME_STALE)
    items = [
        html.Li([indicator_link(r.line.code, r.line.name), " — ",
                 html.Span(_("last reported {period}").format(
                     period=period_label(r.last_period or "", lang)), className="muted")])
        for r in block.rows
    ]
    note = _("{shown} of {total} shown").format(shown=len(items), total=block.total)
    button = show_all_button(ids.HOME_SHOW_ALL_BUTTON, "stale", len(items), block.total,
                             ids.HOME_STALE, lang)
    return html.Div([html.Ul(items, className="small"),
                     html.P([note, " ", *button], className="muted small")], id=ids.HOME_STALE)


@_with_data
def body(data: HomeData, lang: str) -> list[Any]:
    """The Beranda content for one period, from `readmodels.home.home_data`."""
    _ = translator(lang)
    score_block = html.Div(
        [
            html.Div(objective_link(data.root, data.name), className="root-name"),
            band_badge(data.score, lang, big=True),
            html.Div(
                _("Coverage {value} %").format(value=fmt_number(100 * data.coverage, lang, 0)),
                className="muted small",
            ),
            html.Div(period_label(data.period, lang), className="muted small"),
        ],
        id=ids.HOME_SCORE,
        className="home-score",
    )
    bands = html.Ul(
        [
            html.Li(
                [
                    html.Span(band_label(row.band, lang) or _("No score"), className="band-chip",
                              style={"backgroundColor": readable_colour(row.colour),
                                     "color": text_colour(row.colour)}),
                    html.Span(fmt_number(row.count, lang, 0), className="band-count"),
                ]
            )
            for row in data.bands
        ],
        id=ids.HOME_BANDS,
        className="band-list",
    )
    missions = html.Div(
        [
            html.Div(
                [
                    html.Div(objective_link(m.code, m.name), className="mission-name"),
                    band_badge(m.score, lang),
                ],
                className="mission",
                style={"borderLeftColor": m.score.colour},
            )
            for m in data.missions
        ],
        id=ids.HOME_MISSIONS,
        className="missions",
    )
    trend = dcc.Graph(
        id=ids.HOME_TREND,
        figure=trend_figure(data.trend, lang),
        config={"displayModeBar": False, "responsive": True},
    )
    return [
        html.Div(
            [
                card(_("Province score"), score_block),
                card(_("Objectives per band"), bands),
                card(_("Score trend"), trend, class_name="wide"),
            ],
            className="grid-3",
        ),
        card(_("Missions"), missions),
        html.Div(
            [
                card(_("Agency ranking"), ranking_grid(data.ranking, data.bands, lang)),
                html.Div(
                    [
                        card(_("Indicators in the red"),
                             indicator_table(data.red, lang, table_id=ids.HOME_RED,
                                             name="red")),
                        card(_("Indicators without realization"),
                             indicator_table(data.missing, lang, table_id=ids.HOME_MISSING,
                                             name="missing")),
                        card(_("Indicators with stale realizations"),
                             stale_table(data.stale, lang)),
                    ]
                ),
            ],
            className="grid-2",
        ),
    ]


def follow_up_card(without: int, red: int, overdue: Mapping[str, int],
                   unit_names: Mapping[str, str], lang: str | None = "id") -> html.Section:
    """Red indicators (two lowest bands) without a follow-up, linking to /tindak-lanjut, and
    the overdue realizations per unit, most first."""
    lang = lang or "id"
    _ = translator(lang)
    count = html.P([
        html.Span(fmt_number(without, lang, 0), className="band-count",
                  id="home-followup-count"),
        " ",
        _("of {red} red indicators have no follow-up.").format(red=fmt_number(red, lang, 0)),
        " ",
        dcc.Link(_("Record the follow-ups"), href="/tindak-lanjut"),
    ])
    units = sorted(overdue.items(), key=lambda item: (-item[1], unit_names.get(item[0], "")))
    if units:
        rows = [html.Tr([html.Td(unit_names.get(code, code) or _("Without unit")),
                         html.Td(fmt_number(n, lang, 0), className="num")])
                for code, n in units]
        table: Any = html.Div(html.Table(
            [html.Thead(html.Tr([html.Th(_("Unit")), html.Th(_("Overdue realizations"))])),
             html.Tbody(rows)], className="table table-sm"), className="table-scroll")
    else:
        table = message(_("No realization is overdue."))
    return card(_("Follow-up and deadlines"),
                [count, html.H3(_("Overdue realizations per unit"), className="h6"), table])
