"""Pieces shared by every page: the shell (navbar, period, language), band badges, cards."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any
from urllib.parse import urlencode

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import dash_cytoscape as cyto
from dash import dcc, html
from ekinerja.layouts import ids

from ekinerja.i18n import LANGUAGES, N_, band_label, fmt_number, period_label, translator
from ekinerja.readmodels.presentation import Banded
from ekinerja.services import User

DARK_TEXT = "#212121"
LIGHT_TEXT = "#ffffff"
MIN_CONTRAST = 4.5  # WCAG 2 AA for normal text
FIELD = "form-control form-control-sm"  # a small form control
POLL_MS = 3000  # how often an open page asks whether the data revision moved
ROLE_NAMES = {  # the seven roles (ekinerja.permissions.ROLES), as people call them
    "admin": N_("Administrator"),
    "planner": N_("Planner"),
    "evaluator": N_("Evaluator"),
    "head": N_("Head"),
    "operator": N_("Operator"),
    "employee": N_("Employee"),
    "viewer": N_("Viewer"),
}


def role_name(role: str, lang: str) -> str:
    """A role in words, in a language (the code itself when unknown)."""
    return translator(lang)(ROLE_NAMES[role]) if role in ROLE_NAMES else role


def _luminance(colour: str) -> float:
    """WCAG relative luminance of a #rrggbb colour."""
    channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours (1 to 21)."""
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@cache
def readable_colour(background: str) -> str:
    """A band colour as shown behind text: itself when dark or white text reads on it at
    4.5:1, else the same hue darkened just enough for white text (the red band)."""
    if not (isinstance(background, str) and len(background) == 7 and background[0] == "#"):
        return background
    if max(contrast(background, DARK_TEXT), contrast(background, LIGHT_TEXT)) >= MIN_CONTRAST:
        return background
    rgb = [int(background[i:i + 2], 16) for i in (1, 3, 5)]
    for step in range(1, 40):
        factor = 1 - step / 40
        darker = "#" + "".join(f"{round(c * factor):02x}" for c in rgb)
        if contrast(darker, LIGHT_TEXT) >= MIN_CONTRAST:
            return darker
    return "#000000"


def text_colour(background: str) -> str:
    """The text colour that reads best on a band colour as shown (`readable_colour`)."""
    shown = readable_colour(background)
    if not (isinstance(shown, str) and len(shown) == 7 and shown[0] == "#"):
        return DARK_TEXT
    return DARK_TEXT if contrast(shown, DARK_TEXT) >= contrast(shown, LIGHT_TEXT) else LIGHT_TEXT


def band_badge(value: Banded, lang: str, *, big: bool = False) -> html.Span:
    """A band shown by colour AND text: `87,50 · Tinggi` (or `– · Tanpa nilai`)."""
    _ = translator(lang)
    label = band_label(value.band, lang) if value.band is not None else _("No score")
    return html.Span(
        f"{fmt_number(value.value, lang)} · {label}",
        className="band-badge" + (" band-badge-big" if big else ""),
        style={"backgroundColor": readable_colour(value.colour),
               "color": text_colour(value.colour)},
        title=label,
    )


def number_formatter(lang: str) -> dict[str, str]:
    """An AG Grid valueFormatter: numbers with two decimals in the language's format."""
    locale = "id-ID" if lang == "id" else "en-US"
    return {
        "function": f"params.value == null ? '–' : params.value.toLocaleString('{locale}', "
        "{minimumFractionDigits: 2, maximumFractionDigits: 2})"
    }


def band_cell_style(colours: Mapping[str, str], lang: str | None = None) -> dict[str, Any]:
    """AG Grid cell style colouring a band label cell with the band's colour (label -> colour),
    the label as the plan names it or in the language (`band_label`)."""
    return {
        "styleConditions": [
            {
                "condition": f"params.value === {shown!r}",
                "style": {"backgroundColor": readable_colour(colour),
                          "color": text_colour(colour)},
            }
            for label, colour in colours.items()
            for shown in dict.fromkeys([label, band_label(label, lang)])
        ]
    }


def choice_grid(grid_id: str, rows: list[dict[str, Any]], columns: list[dict[str, Any]],
                row_id: str, *, most_height: int, chosen: str | None = None,
                empty: str | None = None, **grid_options: Any) -> Any:
    """A sortable grid of `rows` where a click chooses one row (row ids: the field `row_id`,
    `chosen` selected at first): 42 px a row, at most `most_height` px tall; `grid_options`
    join AG Grid's options. Without rows, the `empty` message instead (when given)."""
    if not rows and empty is not None:
        return message(empty)
    return dag.AgGrid(
        id=grid_id,
        rowData=rows,
        columnDefs=columns,
        defaultColDef={"sortable": True, "resizable": True},
        getRowId=f"params.data.{row_id}",
        **({"selectedRows": {"ids": [chosen]}} if chosen else {}),
        dashGridOptions={"rowSelection": "single", "animateRows": False, **grid_options},
        className="ag-theme-alpine",
        style={"width": "100%", "height": f"{min(most_height, 60 + 42 * len(rows))}px"},
    )


def unit_picker(component_id: str, units: Sequence[Any], unit: str | None, lang: str
                ) -> list[Any]:
    """A page's labelled choice of unit: the units (`.code`, `.name`) by name, `unit` chosen."""
    _ = translator(lang)
    return [
        html.Label(_("Unit"), htmlFor=component_id),
        dcc.Dropdown(id=component_id, options=[{"label": u.name, "value": u.code} for u in units],
                     value=unit, clearable=False, className="scope-select"),
    ]


def period_options(periods: Sequence[str], lang: str) -> list[dict[str, str]]:
    """Options of the period selector, newest first."""
    return [{"label": period_label(p, lang), "value": p} for p in reversed(list(periods))]


def nav_links(lang: str, pathname: str | None, pages: Sequence[Any]) -> list[Any]:
    """The navbar links to `pages` (each with path, name and title), the current one active."""
    _ = translator(lang)
    current = (pathname or "/").rstrip("/") or "/"
    return [
        dbc.NavLink(
            _(page.title),
            href=page.path,
            active=page.path == current,
            className="nav-page",
            id=f"nav-{page.name}",
        )
        for page in pages
    ]


def account_menu(lang: str, user: User | None, unit_name: str | None = None) -> list[Any]:
    """Who is signed in (name, role, unit), and links to change the password and sign out."""
    if user is None:
        return []
    _ = translator(lang)
    role = role_name(user.role, lang)
    where = f"{role} · {unit_name or user.unit}" if user.unit else role
    return [
        html.Span(
            [html.Span(user.name or user.username, className="account-name"),
             html.Span(where, className="account-role")],
            className="account-who", title=user.username,
        ),
        html.A(_("Change password"), href=f"/password?lang={lang}", id=ids.CHANGE_PASSWORD,
               className="account-link"),
        html.A(_("API tokens"), href=f"/token?lang={lang}", id=ids.API_TOKENS,
               className="account-link"),
        html.A(_("Sign out"), href=f"/logout?lang={lang}", id=ids.SIGN_OUT,
               className="account-link"),
    ]


def shell(
    lang: str,
    periods: Sequence[str],
    period: str | None,
    pages: Sequence[Any] = (),
    title: str = "e-Kinerja",
    revision: Any = None,
    user: User | None = None,
    unit_name: str | None = None,
) -> html.Div:
    """The frame of every page: navbar with the links to `pages` (those the user sees), period
    selector, language switch and the signed-in account, and the data revision the page shows
    with its poll (see `revision_poll`)."""
    _ = translator(lang)
    return html.Div(
        [
            dcc.Location(id=ids.URL),
            html.A(_("Skip to the content"), href=f"#{ids.PAGE}", id=ids.SKIP_LINK,
                   className="skip-link"),
            dcc.Store(id=ids.PAGE_META, data={"title": title, "lang": lang}),
            dcc.Store(id=ids.PAGE_META_APPLIED),
            html.Header(
                [
                    html.A(title, href="/", className="brand"),
                    html.Button(
                        [html.Span("☰ ", **{"aria-hidden": "true"}), _("Menu")],
                        id=ids.NAV_TOGGLE, n_clicks=0, type="button",
                        className="nav-toggle btn btn-sm btn-outline-light",
                        **{"aria-controls": ids.NAV_MENU, "aria-expanded": "false"},
                    ),
                    html.Div([
                    html.Nav(nav_links(lang, "/", pages), id=ids.NAV, className="nav-pages",
                             **{"aria-label": _("Pages")}),
                    html.Div(
                        [
                            html.Label(_("Period"), id=ids.PERIOD_LABEL, htmlFor=ids.PERIOD),
                            dcc.Dropdown(
                                id=ids.PERIOD,
                                options=period_options(periods, lang),
                                value=period,
                                clearable=False,
                                className="period-select",
                            ),
                            html.Fieldset(
                                [
                                    html.Legend(_("Language"), className="visually-hidden"),
                                    dcc.RadioItems(
                                        id=ids.LANG,
                                        options=[{"label": c.upper(), "value": c}
                                                 for c in LANGUAGES],
                                        value=lang,
                                        inline=True,
                                        persistence=True,
                                        persistence_type="local",
                                        className="lang-switch",
                                    ),
                                ],
                                className="lang-fieldset",
                            ),
                            html.A(id=ids.NOTIFY, href="/verifikasi", hidden=True,
                                   className="notify-count"),  # filled by the workflow page
                            html.Div(account_menu(lang, user, unit_name), id=ids.ACCOUNT,
                                     className="account"),
                        ],
                        className="toolbar",
                    ),
                    ], id=ids.NAV_MENU, className="nav-menu"),
                ],
                className="topbar",
            ),
            html.Div(id=ids.APP_ERROR, hidden=True, role="alert",
                     className="alert alert-danger py-1 my-1 small app-error"),
            html.Main(id=ids.PAGE, className="page", tabIndex="-1"),
            *revision_poll(revision),
        ],
        className="app",
    )


def page_meta(page_title_text: str | None, app_title: str, lang: str) -> dict[str, str]:
    """What the browser tab and <html> say: "Beranda · e-Kinerja" and the language."""
    title = f"{page_title_text} · {app_title}" if page_title_text else app_title
    return {"title": title, "lang": lang}


def revision_poll(revision: Any = None, interval_ms: int = POLL_MS) -> list[Any]:
    """The shell's Store of the data revision the open page shows, and the Interval that polls
    it: page callbacks take the Store as an Input and re-render only when it moves."""
    return [
        dcc.Store(id=ids.REVISION, data=revision),
        dcc.Interval(id=ids.REVISION_POLL, interval=interval_ms),
    ]


def page_href(path: str, **query: str | None) -> str:
    """The URL of a page opened on what its query chooses (`page_href("/scorecard",
    unit="DIKES")` is `/scorecard?unit=DIKES`; None values are left out)."""
    chosen = {name: value for name, value in query.items() if value is not None}
    return f"{path}?{urlencode(chosen)}" if chosen else path


def page_link(children: Any, path: str, *, class_name: str = "", title: str | None = None,
              **query: str | None) -> dcc.Link:
    """A link to another page of the app (no reload: the period and language stay), opened on
    what `query` chooses; its text (`children`) is its accessible name."""
    extra = {"title": title} if title else {}
    return dcc.Link(children, href=page_href(path, **query),
                    className=f"app-link {class_name}".strip(), **extra)


def page_title(text: str, *extra: Any, controls: Sequence[Any] | None = None) -> html.Div:
    """A page heading with optional components on its right (`extra`), or the page's
    `controls` in a row there."""
    row = [html.Div(list(controls), className="controls")] if controls is not None else []
    return html.Div([html.H1(text, className="page-title"), *extra, *row],
                    className="page-head")


def unit_and_year(unit_id: str, units: Sequence[Any], unit: str | None, year_id: str,
                  years: Sequence[int], year: int | None, lang: str) -> list[Any]:
    """The unit picker and the year chooser of a yearly page (reports, the LKE)."""
    _ = translator(lang)
    return [*unit_picker(unit_id, units, unit, lang),
            html.Label(_("Year"), htmlFor=year_id),
            dcc.Dropdown(id=year_id, options=[{"label": str(y), "value": y} for y in years],
                         value=year, clearable=False, style={"minWidth": "7em"})]


def card(
    title: str, body: Any, *, card_id: str | None = None, class_name: str = ""
) -> html.Section:
    """A titled panel."""
    kwargs = {"id": card_id} if card_id else {}
    return html.Section(
        [html.H2(title, className="card-title"), html.Div(body, className="card-body")],
        className=f"panel {class_name}".strip(),
        **kwargs,
    )


def unknown_page(lang: str, pathname: str | None) -> html.Div:
    """The page for an unknown URL."""
    _ = translator(lang)
    return html.Div(
        [
            page_title(_("Page not found")),
            html.P(_("No page at {path}.").format(path=pathname or "/")),
            dcc.Link(_("Back to the home page"), href="/"),
        ]
    )


def not_allowed_page(lang: str, title: str) -> html.Div:
    """The page in place of one the signed-in role does not see (`title`: its msgid)."""
    _ = translator(lang)
    return html.Div(
        [
            page_title(_("Not allowed")),
            html.P(_("Your role does not open the page {title}.").format(title=_(title)),
                   className="not-allowed"),
            dcc.Link(_("Back to the home page"), href="/"),
        ]
    )


def required_label(label: str, lang: str) -> list[Any]:
    """A label marked as required: an asterisk to see, the word "required" to hear."""
    _ = translator(lang)
    return [label, " ", html.Span("*", className="required-mark", title=_("required"),
                                  **{"aria-hidden": "true"}),
            html.Span(" " + _("(required)"), className="visually-hidden")]


def form_field(label: str, component: Any) -> html.Div:
    """A small labelled form control (an empty dropdown takes the label as its placeholder)."""
    if isinstance(component, dcc.Dropdown) and not getattr(component, "placeholder", None):
        component.placeholder = label  # an empty dropdown still names itself (screen readers)
    return html.Div([html.Label(label, htmlFor=component.id, className="small mb-0"),
                     component], className="mb-1")


def form_text(component_id: str, value: str = "", placeholder: str = "") -> dcc.Input:
    """A small text input of a form."""
    return dcc.Input(id=component_id, type="text", value=value, debounce=False,
                     placeholder=placeholder, className=FIELD)


def form_dropdown(component_id: str, options: list[dict[str, Any]] | None = None,
                  value: Any = None, *, clearable: bool = True, placeholder: str = "",
                  searchable: bool = True) -> dcc.Dropdown:
    """A dropdown of a form (options filled by a callback when none are given)."""
    return dcc.Dropdown(id=component_id, options=options or [], value=value,
                        clearable=clearable, searchable=searchable, placeholder=placeholder,
                        className="results-select")


def form_button(text: str, component_id: str, kind: str = "primary") -> html.Button:
    """A small button of a form (`kind`: a Bootstrap colour)."""
    return html.Button(text, id=component_id, n_clicks=0,
                       className=f"btn btn-{kind} btn-sm me-1 mt-1")


def num_heading(text: str) -> html.Th:
    """A table's heading over a column of numbers (right-aligned)."""
    return html.Th(text, className="num")


def scroll_table(head: Sequence[Any], body: Sequence[Any], empty: str | None = None,
                 **box: Any) -> Any:
    """A small table in a box that scrolls sideways on a narrow screen: a heading per `head`
    (a text, or an html.Th such as `num_heading`), the rows `body` (html.Tr); `box` for the
    box (its id). Without rows, the `empty` message instead (when given)."""
    if not body and empty is not None:
        return message(empty)
    headings = [h if isinstance(h, html.Th) else html.Th(h) for h in head]
    return html.Div(
        html.Table([html.Thead(html.Tr(headings)), html.Tbody(list(body))],
                   className="table table-sm"),
        className="table-scroll", **box,
    )


def message(text: str) -> html.P:
    """A muted one-line message (no data, nothing found)."""
    return html.P(text, className="muted")


def no_database(lang: str) -> html.Div:
    """The refusal of a save on a page that shows a plan file (no database to save in)."""
    return feedback(False, translator(lang)(N_("This page needs a database to save.")), lang)


def feedback(ok: bool, text: str, lang: str) -> html.Div:
    """The outcome of a save: a success (`text`, or "Saved.") or a refusal, said in words."""
    _ = translator(lang)
    if ok:
        return html.Div(text or _("Saved."), className="alert alert-success py-1 my-1 small")
    return html.Div(_("Refused: {reason}").format(reason=text),
                    className="alert alert-danger py-1 my-1 small")


def employee_options(rows: Sequence[Any]) -> list[dict[str, str]]:
    """Dropdown options `NIP · name` for employees (Named rows)."""
    return [{"label": f"{r.code} · {r.name}", "value": r.code} for r in rows]


def search_choice(label: str, component_id: str, options: list[dict[str, str]],
                  value: str | None, placeholder: str) -> list[Any]:
    """A label and a dropdown one searches by typing (more options come as one types)."""
    return [
        html.Label(label, htmlFor=component_id),
        dcc.Dropdown(id=component_id, options=options, value=value, searchable=True,
                     clearable=False, placeholder=placeholder, className="results-select"),
    ]


def graph(component_id: str, layout: dict[str, Any], stylesheet: list[dict[str, Any]], *,
          height: str, zoom: tuple[float, float], **options: Any) -> cyto.Cytoscape:
    """A Cytoscape graph filled by a callback: not draggable, no box selection."""
    return cyto.Cytoscape(
        id=component_id, elements=[], layout=layout, stylesheet=stylesheet, className="cyto",
        minZoom=zoom[0], maxZoom=zoom[1], autoungrabify=True, boxSelectionEnabled=False,
        style={"width": "100%", "height": height}, **options,
    )
