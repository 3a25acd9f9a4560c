"""What the page callbacks share: the app's plan source and settings, its databases, and the
acting user — always the signed-in account (ekinerja.webauth), never a value the browser sends."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from functools import wraps
from typing import Any, NoReturn
from urllib.parse import parse_qs

import orjson
from dash import ClientsideFunction, Input, NoUpdate, Output, State, ctx, no_update
from dash.development.base_component import Component
from dash.exceptions import PreventUpdate
from ekinerja.layouts import ids
from ekinerja.layouts.common import employee_options, feedback, no_database
from ekinerja.layouts.common_map import details_panel, zoom_ids
from flask import has_request_context
from plotly.io.json import to_json_plotly

from ekinerja import services, webauth
from ekinerja.i18n import language
from ekinerja.messages import InputError, Message
from ekinerja.readmodels.cache import ResultCache
from ekinerja.readmodels.indexes import employees_by_nip
from ekinerja.readmodels.periods import valid_period
from ekinerja.readmodels.search import Named, find_employees
from ekinerja.readmodels.strategy_map import objective_details
from ekinerja.rollup import Engine
from ekinerja.settings import AppSettings
from ekinerja.sources import PlanSource
from ekinerja.storage.database import Database

# The shell's controls, as every page's callbacks depend on them: a page re-renders when the
# period, the language or the data revision (REVISION_IN) changes.
PERIOD_IN = Input(ids.PERIOD, "value")
LANG_IN = Input(ids.LANG, "value")
REVISION_IN = Input(ids.REVISION, "data")
PERIOD_STATE = State(ids.PERIOD, "value")
LANG_STATE = State(ids.LANG, "value")

SOURCE_KEY = "EKINERJA_SOURCE"  # Flask config key of the app's PlanSource
SETTINGS_KEY = "EKINERJA_SETTINGS"
PAGES_KEY = "EKINERJA_PAGES"  # the app's pages (ekinerja.callbacks.pages.Page tuple)


#: A link's URL query, parsed: each name with its values in order (`?band=A&band=B`).
Query = Mapping[str, list[str]]


def parse_query(search: str | None) -> dict[str, list[str]]:
    """A URL query (`?unit=DIKES&band=Rendah`, the `search` of dcc.Location), parsed."""
    return parse_qs((search or "").lstrip("?"))


def query_value(search: str | Query | None, name: str) -> str | None:
    """One value of a URL query (`?node=SS-1`, or its parsed form), None when absent."""
    values = query_values(search, name)
    return values[0] if values else None


def query_values(search: str | Query | None, name: str) -> list[str]:
    """Every value of a name in a URL query (`?band=A&band=B` or `?band=A,B`), in order."""
    query = search if isinstance(search, Mapping) else parse_query(search)
    return [part for value in query.get(name, []) for part in value.split(",") if part]


def source_of(app: Any) -> PlanSource:
    """The plan source of a Dash app."""
    return app.server.config[SOURCE_KEY]


def settings_of(app: Any) -> AppSettings:
    """The settings of a Dash app."""
    return app.server.config[SETTINGS_KEY]


def engine_of(app: Any) -> Engine:
    """The current Engine of an app (asks its source: cheap when nothing changed)."""
    return source_of(app)()


def kept_per_revision(app: Any, cache: ResultCache, key: tuple[Any, ...],
                      compute: Callable[[], Any]) -> Any:
    """`compute()` kept in `cache` per current engine, data revision and `key`: for an answer
    that reads the database as well as the engine (every write moves the revision). The
    answer is only read afterwards, never changed."""
    return cache.get(engine_of(app), (source_of(app).revision(), *key), compute)


def database_of(app: Any) -> Database | None:
    """The app's one database (None when it shows a plan read-only)."""
    return source_of(app).database


def accounts_database_of(app: Any) -> Database:
    """The database holding the app's accounts (the plan's, or in plan-file mode the
    configured one)."""
    return webauth.accounts_database(app.server)


def plan_code_of(app: Any) -> str | None:
    """The plan the app shows (None: the only plan in the database)."""
    return source_of(app).plan_code


def actor() -> services.User | None:
    """The acting user of this request: the signed-in account with its address (None outside
    a request or when nobody is signed in: the services then refuse every change)."""
    return webauth.current_actor() if has_request_context() else None


def service_context(app: Any) -> tuple[Database | None, services.User | None, str | None]:
    """(database, acting user, plan code): the first arguments a page passes to its services."""
    return database_of(app), actor(), plan_code_of(app)


def employee_choices(engine: Engine, search: str | None, current: str | None) -> list[dict]:
    """Employee options matching what was typed, keeping the chosen employee among them."""
    rows = find_employees(engine, search)
    people = employees_by_nip(engine)
    if current and current in people and all(r.code != current for r in rows):
        rows.insert(0, Named(current, people[current].name))
    return employee_options(rows)


def searchable(app: Any, dropdown: str, offer: Callable[[Engine, str, str | None], Any]
               ) -> None:
    """Typing in a dropdown offers `offer(engine, typed, chosen)` as its options (a dropdown
    with nothing typed keeps its options)."""

    @app.callback(
        Output(dropdown, "options"),
        Input(dropdown, "search_value"),
        State(dropdown, "value"),
        prevent_initial_call=True,
    )
    def search(typed: str | None, current: str | None) -> Any:
        if not typed:
            raise PreventUpdate
        return offer(engine_of(app), typed, current)


def employee_search(app: Any, dropdown: str) -> None:
    """Typing in an employee dropdown offers the employees that match (keeping the chosen one)."""
    searchable(app, dropdown, employee_choices)


def refusal_text(error: Exception, lang: str | None) -> str:
    """Why a change was refused, in the reader's language: a service error or an input error
    carrying a message (msgid + parameters) is translated here, at the edge."""
    text = getattr(error, "text", None)
    return text(lang) if callable(text) else str(error)


def saving(change: Callable[..., str]) -> Callable[..., tuple[Any, Any]]:
    """The frame of a page's save callback: `change(db, *args, lang)` makes one change through
    the services (`lang` settled to a language) and returns what to say of it; the wrapped
    function, called as `(db, *args, lang)`, answers (message, the database revision after
    the change), or (refusal, no_update) when the page has no database, a service refuses or
    an input check refuses (`refuse`)."""

    @wraps(change)
    def save(db: Database | None, *args: Any) -> tuple[Any, Any]:
        *values, lang = args
        lang = language(lang)
        if db is None:
            return no_database(lang), no_update
        try:
            text = change(db, *values, lang)
        except (services.ServiceError, InputError) as exc:
            return feedback(False, refusal_text(exc, lang), lang), no_update
        return feedback(True, text, lang), db.revision()

    return save


# ----------------------------------------------------------------- callback results as JSON
#: orjson's options as Dash's serialiser (plotly's, with orjson) sets them.
_JSON_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY
_WILDCARDS: dict[type, tuple[str, ...]] = {}
#: What Dash's serialiser escapes in the JSON it wrote (plotly's `_safe`, for HTML embedding),
#: done here once per answer kept, so that it finds nothing left to replace in a large one.
_ESCAPES = ((b"<", b"\\u003c"), (b">", b"\\u003e"), (b"/", b"\\u002f"),
            ("\u2028".encode(), b"\\u2028"), ("\u2029".encode(), b"\\u2029"))


def _json_form(value: Any) -> Any:
    """orjson's `default`: a Dash component as `Component.to_plotly_json` writes it (its
    props, then its data-*/aria-* attributes), anything else as plotly writes it."""
    if isinstance(value, Component):
        kind = type(value)
        wildcards = _WILDCARDS.get(kind)
        if wildcards is None:
            wildcards = _WILDCARDS[kind] = tuple(value._valid_wildcard_attributes)
        attributes = value.__dict__
        props = {name: attributes[name] for name in value._prop_names  # type: ignore[attr-defined]
                 if name in attributes}
        if wildcards:
            props.update((k, v) for k, v in attributes.items() if k.startswith(wildcards))
        return {"props": props, "type": value._type, "namespace": value._namespace}  # type: ignore[attr-defined]
    return orjson.Fragment(to_json_plotly(value))


def encoded(value: Any) -> Any:
    """A callback's result as the JSON Dash would write for it (the same bytes), ready made:
    Dash's serialiser (orjson) copies an orjson.Fragment as it is, instead of walking the
    components in Python first. `no_update` stays itself."""
    if isinstance(value, orjson.Fragment) or NoUpdate.is_no_update(value):
        return value
    json = orjson.dumps(value, default=_json_form, option=_JSON_OPTIONS)
    for unsafe, escaped in _ESCAPES:
        if unsafe in json:
            json = json.replace(unsafe, escaped)
    return orjson.Fragment(json)


class KeptJson:
    """The JSON (`encoded`) of results a cache keeps, by identity: a result asked again (the
    same object, never changed after it was kept) is written once. At most `maxsize` results
    are held (least recently used go first); a new result, as after a save, is a new object."""

    def __init__(self, maxsize: int):
        self.maxsize = maxsize
        self._entries: OrderedDict[int, tuple[Any, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def of(self, value: Any) -> Any:
        """The encoded JSON of `value`."""
        with self._lock:
            entry = self._entries.get(id(value))
            if entry is not None and entry[0] is value:
                self._entries.move_to_end(id(value))
                return entry[1]
        json = encoded(value)
        with self._lock:  # the value is held with its JSON: its id is not reused meanwhile
            self._entries[id(value)] = (value, json)
            self._entries.move_to_end(id(value))
            while len(self._entries) > self.maxsize:
                self._entries.popitem(last=False)
        return json


def _as_json(answer: Callable[..., Any], outputs: Sequence[Output]) -> Callable[..., Any]:
    """`answer` returning its values `encoded` (those of pattern-matching outputs, lists
    Dash splits, as they are)."""
    plain = [isinstance(output.component_id, str) for output in outputs]
    if len(outputs) == 1:
        return (lambda *args: encoded(answer(*args))) if plain[0] else answer

    def answer_json(*args: Any) -> Any:
        values = answer(*args)
        if not isinstance(values, list | tuple) or len(values) != len(plain):
            return values  # no_update, or what Dash refuses with its own message
        return [encoded(v) if p else v for v, p in zip(values, plain, strict=True)]

    return answer_json


#: What a callback shows in: an Output, or a component id (its `children`).
Target = Output | str
#: What a callback reads: an Input or a State, or a component id (its `value`, as a State).
Source = Input | State | str

#: The shell's data revision, as a save reports it (the page's views follow it).
REVISION_OUT = Output(ids.REVISION, "data", allow_duplicate=True)


def values_of(*components: str, allow_duplicate: bool = False) -> list[Output]:
    """The `value` of each component, as a callback fills it."""
    return [Output(c, "value", allow_duplicate=allow_duplicate) for c in components]


def choice_of(dropdown: str) -> list[Output]:
    """A dropdown's options and its chosen value, as a callback fills them."""
    return [Output(dropdown, "options"), Output(dropdown, "value")]


def _target(target: Target) -> Output:
    return target if isinstance(target, Output) else Output(target, "children")


def _source(source: Source) -> Input | State:
    return source if isinstance(source, Input | State) else State(source, "value")


def on_click(app: Any, buttons: Any, outputs: Sequence[Target], states: Sequence[Source],
             answer: Callable[..., Any], **options: Any) -> None:
    """A callback run by a click on one of `buttons` (an id, a pattern id such as
    `{"type": ..., "index": ALL}`, or a list of them; never on loading the page): `answer` is
    called with the values of `states` (with several buttons or a pattern, the id of the one
    clicked first) and what it returns goes to `outputs`. `options` go to `app.callback`."""
    pressed = list(buttons) if isinstance(buttons, list | tuple) else [buttons]
    which = len(pressed) > 1 or isinstance(pressed[0], dict)

    @app.callback(
        *map(_target, outputs),
        *[Input(button, "n_clicks") for button in pressed],
        *map(_source, states),
        prevent_initial_call=True,
        **options,
    )
    def clicked(*args: Any) -> Any:
        clicks, values = args[:len(pressed)], args[len(pressed):]
        if not any(any(c) if isinstance(c, list) else c for c in clicks):
            raise PreventUpdate
        return answer(ctx.triggered_id, *values) if which else answer(*values)


def save_on_click(app: Any, buttons: str | Sequence[str], message: Target,
                  states: Sequence[Source], change: Callable[..., Any],
                  more: Sequence[Target] = ()) -> None:
    """A page's save button(s) (`on_click`): `change` is called with the values of `states`
    and the page's language last, and answers (what to say in `message`, the database
    revision after the change or no_update, the values of `more`)."""
    on_click(app, buttons, [message, REVISION_OUT, *more], [*states, LANG_STATE], change)


def in_service_context(app: Any, answer: Callable[..., Any]) -> Callable[..., Any]:
    """`answer` called with the app's `service_context` (taken at the call) before its
    arguments."""
    return lambda *values: answer(*service_context(app), *values)


def follows(app: Any, outputs: Sequence[Target], inputs: Sequence[Source],
            answer: Callable[..., Any], states: Sequence[Source] = (), **options: Any) -> None:
    """A callback declared by what it shows (`outputs`; an id: its `children`), what runs it
    (`inputs`; an id: its `value`) and what else it reads (`states`; an id: its `value`):
    `answer` is called with the values of `inputs` and `states`. `options` go to
    `app.callback`."""
    given = [source if isinstance(source, Input | State) else Input(source, "value")
             for source in inputs]
    shown = list(map(_target, outputs))
    app.callback(*shown, *given, *map(_source, states), **options)(_as_json(answer, shown))


def follows_shell(app: Any, outputs: Sequence[Target], inputs: Sequence[Source],
                  render: Callable[..., Any], *, period: bool = True,
                  revision: bool = True, states: Sequence[Source] = ()) -> None:
    """A view drawn again when one of `inputs` changes, or the shell's period (with
    `period`), language or data revision (with `revision`): `render` is called with the
    values of `inputs`, the period (with `period`), the language and the values of
    `states`."""
    shell = [*([PERIOD_IN] if period else []), LANG_IN, *([REVISION_IN] if revision else [])]
    at = len(inputs) + len(shell) - 1  # where the revision stands, when it does

    def draw(*args: Any) -> Any:
        return render(*args[:at], *args[at + 1:]) if revision else render(*args)

    follows(app, outputs, [*inputs, *shell], draw, states)


def refuse(msgid: str, **params: Any) -> NoReturn:
    """Refuse a save for a reason the page checks itself (`saving` says it): a gettext msgid
    marked with N_ and its parameters."""
    raise InputError(Message(msgid, params))


def row_click_chooses(app: Any, grid: str, target: str, *, allow_duplicate: bool = False
                      ) -> None:
    """A click on a row of an AG Grid whose row ids are codes puts that code into `target`."""

    @app.callback(
        Output(target, "value", allow_duplicate=allow_duplicate),
        Input(grid, "cellClicked"),
        prevent_initial_call=True,
    )
    def choose_clicked_row(cell: dict[str, Any] | None) -> Any:
        if not cell or not cell.get("rowId"):
            raise PreventUpdate
        return cell["rowId"]


def objective_panel(engine: Engine, period: str | None, code: str | None, lang: str | None,
                    empty: Any = None) -> Any:
    """The details panel of a drawn page (the tree, the map) for the objective `code` (one
    without children too) in the period; `empty` for no objective (nothing chosen, an
    indicator, no period with data)."""
    period = valid_period(engine, period)
    if not code or code not in engine.index or engine.is_indicator(code) or period is None:
        return empty
    return details_panel(objective_details(engine, period, code), language(lang))


def graph_and_panel(app: Any, graph: str, panel: str, chosen: Input,
                    code_of: Callable[[Any], str | None],
                    render: Callable[[Engine, str | None, str | None, str | None], Any], *,
                    centre: bool = False, **options: Any) -> None:
    """A drawn page's graph (`graph_view`; with `centre`, the node in `chosen` selected and
    centred) and its details panel `panel`, which follows the node chosen (`chosen`; its code
    `code_of` its value), the shell's period and the data: `render(engine, period, code,
    lang)` (`objective_panel`). `options` go to the panel's callback."""
    graph_view(app, graph, chosen if centre else None)
    follows(app, [panel], [chosen, PERIOD_IN, REVISION_IN],
            lambda node, period, _revision, lang: render(engine_of(app), period, code_of(node),
                                                         lang),
            [LANG_STATE], **options)


def client_side(app: Any, function: str, *dependencies: Any, **options: Any) -> None:
    """A callback run in the browser: `function` of assets/ekinerja.js (namespace
    `ekinerja`) on the Outputs, Inputs and States given."""
    app.clientside_callback(ClientsideFunction(namespace="ekinerja", function_name=function),
                            *dependencies, **options)


def graph_view(app: Any, graph: str, chosen: Any = None) -> None:
    """The zoom in / zoom out / fit buttons of a Cytoscape graph (layouts.common_map
    `zoom_buttons`), and its view after new elements: re-measured and fitted, the node in
    `chosen` (an Input of a code, or None) selected and centred (assets/ekinerja.js)."""
    named = zoom_ids(graph)
    client_side(
        app, "graphView",
        Output(named["view"], "data"),
        Input(named["in"], "n_clicks"),
        Input(named["out"], "n_clicks"),
        Input(named["fit"], "n_clicks"),
        Input(graph, "elements"),
        chosen if chosen is not None else State(named["view"], "modified_timestamp"),
        State(graph, "id"),
        prevent_initial_call=True,
    )
