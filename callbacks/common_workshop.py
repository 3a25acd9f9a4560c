"""The workshop panel's callbacks (included by /pohon-kinerja): choose a node, fill the forms,
make each change through the services as the signed-in account, undo from the history (the
targets grid, checked as typed, pasted into and saved: callbacks.common_targets). Every change
reports in the panel's message area and moves the shell's revision (other open pages follow)."""

from __future__ import annotations

from typing import Any

from dash import Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate
from ekinerja.callbacks import common, common_targets
from ekinerja.callbacks.common_targets import error_text, typed_number
from ekinerja.layouts import common_workshop as workshop
from ekinerja.layouts import ids
from ekinerja.layouts.common import employee_options, feedback, no_database

from ekinerja import services
from ekinerja.i18n import N_, translator
from ekinerja.messages import InputError
from ekinerja.model import Indicator, InvalidPlan, Objective
from ekinerja.readmodels.periods import valid_period
from ekinerja.readmodels.presentation import banded
from ekinerja.readmodels.search import find_objectives
from ekinerja.rollup import Engine
from ekinerja.services import User
from ekinerja.storage.database import Database

NODE_FIELDS = (ids.WORK_NAME, ids.WORK_LEVEL, ids.WORK_PERSPECTIVE, ids.WORK_UNIT,
               ids.WORK_OWNER)
INDICATOR_FIELDS = (ids.WORK_IND_NAME, ids.WORK_IND_MEASURE, ids.WORK_IND_POLARITY,
                    ids.WORK_IND_AGGREGATION, ids.WORK_IND_METHOD, ids.WORK_IND_CAP,
                    ids.WORK_IKU, ids.WORK_MANUAL_DEFINITION, ids.WORK_MANUAL_FORMULA,
                    ids.WORK_MANUAL_SOURCE, ids.WORK_MANUAL_COLLECTOR,
                    ids.WORK_MANUAL_SCHEDULE)
MANUAL_OF = {ids.WORK_MANUAL_DEFINITION: "definition", ids.WORK_MANUAL_FORMULA: "formula",
             ids.WORK_MANUAL_SOURCE: "data_source", ids.WORK_MANUAL_COLLECTOR: "collector",
             ids.WORK_MANUAL_SCHEDULE: "schedule"}
BUTTONS = (ids.WORK_SAVE, ids.WORK_ADD, ids.WORK_MOVE, ids.WORK_LINK, ids.WORK_UNLINK,
           ids.WORK_REMOVE, ids.WORK_IND_SAVE, ids.WORK_IND_REMOVE, ids.WORK_UNDO)


# ----------------------------------------------------------------- filling the forms
def node_values(engine: Engine, code: str | None, lang: str, period: str | None = None,
                indicator: str | None = None) -> tuple[Any, ...]:
    """Title, the objective form's values and options, the child level, the parents to unlink,
    what a removal takes, and the indicators of the chosen objective."""
    doc = engine.doc
    units = [{"label": f"{u.code} · {u.name}", "value": u.code} for u in doc.units]
    if not code or code not in engine.index or engine.is_indicator(code):
        return (workshop.title(None, None, None, lang), "", None, None, units, None, [],
                None, workshop.level_options(lang, None), "vision", [], "", [], None)
    item = engine.item(code)
    assert isinstance(item, Objective)
    people = {e.nip: e for e in doc.employees}
    owners = [] if item.owner is None or item.owner not in people else employee_options(
        [_Named(item.owner, people[item.owner].name)])
    child_levels = workshop.level_options(lang, item.level)
    parents = [{"label": p, "value": p} for p in engine.parent_objectives(code)]
    indicators = [{"label": f"{i} · {engine.item(i).name}", "value": i}
                  for i in engine.child_indicators(code)]
    period = valid_period(engine, period)
    score = None if period is None else banded(engine, engine.evaluation(period).score_of(code))
    return (workshop.title(code, item.name, item.level, lang, score), item.name, item.level,
            item.perspective, units, item.unit, owners, item.owner, child_levels,
            child_levels[0]["value"], parents, "", indicators,
            indicator if indicator in engine.child_indicators(code)
            else indicators[0]["value"] if indicators else None)


class _Named:
    """A code and a name (for employee options)."""

    def __init__(self, code: str, name: str):
        self.code, self.name = code, name


def removal_view(db: Database | None, plan_code: str | None, code: str | None,
                 lang: str) -> Any:
    """What removing the chosen objective takes with it."""
    if db is None or not code:
        return ""
    try:
        return workshop.removal_text(services.removal_preview(db, plan_code, code), lang)
    except services.ServiceError:
        return ""


def indicator_values(engine: Engine, db: Database | None, plan_code: str | None,
                     code: str | None, lang: str) -> tuple[Any, ...]:
    """The indicator form's values (with its Manual IKU) and its targets grid rows."""
    empty = ("", "", "positive", "latest", None, "", [], "", "", "", "", "", [])
    if not code or code not in engine.index or not engine.is_indicator(code):
        return empty
    item = engine.item(code)
    assert isinstance(item, Indicator)
    manual: dict[str, Any] = {"iku": False}
    targets: dict[str, Any] = {}
    baseline = None
    if db is not None:
        manual = services.indicator_manual(db, plan_code, code)
        targets = services.targets_of(db, plan_code, code)
        baseline = services.baseline_of(db, plan_code, code)
    plan = engine.doc.plan
    years = list(range(plan.start_year, plan.end_year + 1))
    cap = "" if item.cap is None else workshop_number(item.cap, lang)
    return (item.name, item.measure_unit, item.polarity, item.aggregation,
            item.negative_method, cap, ["iku"] if manual.get("iku") else [],
            *(manual.get(MANUAL_OF[i], "") for i in INDICATOR_FIELDS[7:]),
            workshop.target_rows(years, targets, lang, baseline))


def workshop_number(value: float, lang: str) -> str:
    """A number as the language writes it, all its decimals."""
    from ekinerja.numbers import format_number

    return format_number(value, lang, None)


def history_values(db: Database | None, plan_code: str | None, lang: str,
                   read: Any = None) -> tuple[Any, Any, Any]:
    """The history list, the edits one may undo and the newest of them (`read(db, plan_code)`:
    which edits, by default every edit of the plan)."""
    if db is None:
        return workshop.history([], lang), [], None
    edits = (read or services.edit_history)(db, plan_code)
    options = workshop.undo_options(edits, lang)
    return workshop.history(edits, lang), options, options[0]["value"] if options else None


def history_callback(app: Any, history: str, undo_edit: str, read: Any = None) -> None:
    """The history list `history` and the undo dropdown `undo_edit` follow the data
    (`read(db, plan_code)`: which edits, by default every edit of the plan)."""

    common.follows_shell(
        app, [history, Output(undo_edit, "options"), Output(undo_edit, "value")], [],
        lambda lang: history_values(common.database_of(app), common.plan_code_of(app),
                                    lang or "id", read),
        period=False)


# ----------------------------------------------------------------- the changes
def act(trigger: str, db: Database | None, plan_code: str | None, user: User | None,
        selected: str | None, form: dict[str, Any], lang: str) -> tuple[Any, Any, Any]:
    """Make the change a button asks for, as `user`: (message, revision, selected)."""
    _ = translator(lang)
    if db is None:
        return no_database(lang), no_update, no_update
    chosen = selected
    try:
        text = _change(trigger, db, plan_code, user, selected, form, lang)
        if trigger == ids.WORK_ADD and form.get(ids.WORK_CHILD_KIND) != "indicator":
            chosen = str(form.get(ids.WORK_CHILD_CODE) or "").strip() or selected
        if trigger == ids.WORK_REMOVE:
            chosen = None
    except (services.ServiceError, InvalidPlan, InputError) as exc:
        return feedback(False, error_text(exc, lang), lang), no_update, no_update
    return feedback(True, text, lang), services.revision(db), chosen


def _need(selected: str | None, lang: str) -> str:
    if not selected:
        raise services.InvalidEdit(N_("Choose a node of the tree first."))
    return selected


def _change(trigger: str, db: Database, plan_code: str | None, user: User | None,
            selected: str | None, form: dict[str, Any], lang: str) -> str:
    _ = translator(lang)
    f = form.get
    if trigger == ids.WORK_SAVE:
        code = _need(selected, lang)
        services.update_objective(db, user, plan_code, code, name=str(f(ids.WORK_NAME) or ""),
                                  level=f(ids.WORK_LEVEL), perspective=f(ids.WORK_PERSPECTIVE),
                                  unit=f(ids.WORK_UNIT), owner=f(ids.WORK_OWNER))
        return _("Saved.")
    if trigger == ids.WORK_ADD:
        code = str(f(ids.WORK_CHILD_CODE) or "").strip()
        name = str(f(ids.WORK_CHILD_NAME) or "").strip()
        if f(ids.WORK_CHILD_KIND) == "indicator":
            services.add_indicator(db, user, plan_code,
                                   Indicator(code, _need(selected, lang), name))
        else:
            unit = f(ids.WORK_UNIT) if selected else None
            level = f(ids.WORK_CHILD_LEVEL) or "vision"
            services.add_objective(db, user, plan_code,
                                   Objective(code, name, level, unit=unit), parent=selected)
        return _("Added {code}.").format(code=code)
    if trigger == ids.WORK_MOVE:
        services.move_objective(db, user, plan_code, _need(selected, lang),
                                str(f(ids.WORK_MOVE_TO) or ""))
        return _("Moved.")
    if trigger == ids.WORK_LINK:
        weight = typed_number(f(ids.WORK_LINK_WEIGHT), lang, _("Weight"))
        services.add_link(db, user, plan_code, str(f(ids.WORK_LINK_PARENT) or ""),
                          _need(selected, lang), 1.0 if weight is None else weight)
        return _("Linked.")
    if trigger == ids.WORK_UNLINK:
        services.remove_link(db, user, plan_code, str(f(ids.WORK_UNLINK_PARENT) or ""),
                             _need(selected, lang))
        return _("Unlinked.")
    if trigger == ids.WORK_REMOVE:
        services.remove_objective(db, user, plan_code, _need(selected, lang),
                                  cascade="cascade" in (f(ids.WORK_CASCADE) or []))
        return _("Removed.")
    indicator = str(f(ids.WORK_INDICATOR) or "")
    if trigger == ids.WORK_IND_SAVE:
        if not indicator:
            raise services.InvalidEdit(N_("Choose an indicator first."))
        services.update_indicator(
            db, user, plan_code, indicator, name=str(f(ids.WORK_IND_NAME) or ""),
            measure_unit=str(f(ids.WORK_IND_MEASURE) or ""),
            polarity=f(ids.WORK_IND_POLARITY), aggregation=f(ids.WORK_IND_AGGREGATION),
            negative_method=f(ids.WORK_IND_METHOD) or None,
            cap=typed_number(f(ids.WORK_IND_CAP), lang, _("Cap")))
        services.set_indicator_manual(
            db, user, plan_code, indicator, iku="iku" in (f(ids.WORK_IKU) or []),
            **{field: str(f(component) or "") for component, field in MANUAL_OF.items()})
        return _("Saved.")
    if trigger == ids.WORK_IND_REMOVE:
        if not indicator:
            raise services.InvalidEdit(N_("Choose an indicator first."))
        services.remove_indicator(db, user, plan_code, indicator,
                                  cascade="cascade" in (f(ids.WORK_CASCADE) or []))
        return _("Removed.")
    if trigger == ids.WORK_UNDO:
        edit = f(ids.WORK_UNDO_EDIT)
        if edit is None:
            raise services.InvalidEdit(N_("Nothing to undo."))
        services.undo_edit(db, user, plan_code, int(edit))
        return _("Undone.")
    raise PreventUpdate


# ----------------------------------------------------------------- wiring
def register(app: Any) -> None:
    """Choosing a node, filling the forms, the changes, the history and the targets grid."""
    form_states = [State(component, "value") for component in (
        *NODE_FIELDS, ids.WORK_CHILD_KIND, ids.WORK_CHILD_CODE, ids.WORK_CHILD_NAME,
        ids.WORK_CHILD_LEVEL, ids.WORK_MOVE_TO, ids.WORK_LINK_PARENT, ids.WORK_LINK_WEIGHT,
        ids.WORK_UNLINK_PARENT, ids.WORK_CASCADE, ids.WORK_INDICATOR, *INDICATOR_FIELDS,
        ids.WORK_UNDO_EDIT)]
    form_names = [s.component_id for s in form_states]

    @app.callback(
        Output(ids.WORK_SELECTED, "data"),
        Input(ids.TREE_GRAPH, "tapNodeData"),
        Input(ids.TREE_RESULTS, "value"),
        prevent_initial_call=True,
    )
    def choose(node: dict[str, Any] | None, found: str | None) -> Any:
        """A click on a node, or an objective found by the search, is the one edited."""
        code = found if ctx.triggered_id == ids.TREE_RESULTS else (node or {}).get("id")
        if not code or code.startswith("more:"):
            raise PreventUpdate
        return code

    @app.callback(
        Output(ids.WORK_SELECTED, "data", allow_duplicate=True),
        Input(ids.WORK_PANEL, "hidden"),
        State(ids.URL, "search"),
        prevent_initial_call="initial_duplicate",
    )
    def from_link(_hidden: Any, search: str | None) -> Any:
        """A link to a node (`?node=CODE`, as the quality page makes) chooses it."""
        node = common.query_value(search, "node")
        if not node:
            raise PreventUpdate
        return node

    def fill(selected: str | None, period: str | None, lang: str | None,
             search: str | None) -> Any:
        lang = lang or "id"
        values = node_values(common.engine_of(app), selected, lang, period,
                             common.query_value(search, "indicator"))
        removal = removal_view(common.database_of(app), common.plan_code_of(app), selected,
                               lang)
        return (*values, removal)

    common.follows_shell(
        app, [ids.WORK_TITLE,
              *common.values_of(ids.WORK_NAME, ids.WORK_LEVEL, ids.WORK_PERSPECTIVE),
              *common.choice_of(ids.WORK_UNIT), *common.choice_of(ids.WORK_OWNER),
              *common.choice_of(ids.WORK_CHILD_LEVEL), Output(ids.WORK_UNLINK_PARENT, "options"),
              Output(ids.WORK_CHILD_CODE, "value"), *common.choice_of(ids.WORK_INDICATOR),
              ids.WORK_REMOVAL],
        [Input(ids.WORK_SELECTED, "data")], fill, states=[State(ids.URL, "search")])

    common.follows_shell(
        app, [*[Output(component, "value") for component in INDICATOR_FIELDS],
              Output(ids.WORK_TARGETS, "rowData")], [ids.WORK_INDICATOR],
        lambda indicator, lang: indicator_values(common.engine_of(app), common.database_of(app),
                                                 common.plan_code_of(app), indicator,
                                                 lang or "id"),
        period=False)

    history_callback(app, ids.WORK_HISTORY, ids.WORK_UNDO_EDIT)

    for dropdown in (ids.WORK_MOVE_TO, ids.WORK_LINK_PARENT):
        common.searchable(app, dropdown, objective_options)
    common.employee_search(app, ids.WORK_OWNER)

    def change(trigger: str, selected: str | None, *values: Any) -> Any:
        *fields, lang = values
        form = dict(zip(form_names, fields, strict=True))
        return act(trigger, common.database_of(app), common.plan_code_of(app), common.actor(),
                   selected, form, lang or "id")

    common.save_on_click(app, BUTTONS, ids.WORK_MESSAGE,
                         [State(ids.WORK_SELECTED, "data"), *form_states], change,
                         more=[Output(ids.WORK_SELECTED, "data", allow_duplicate=True)])

    common_targets.register(app)


def objective_options(engine: Engine, text: str, current: str | None) -> list[dict[str, str]]:
    """The objectives whose code or name match what was typed, keeping the chosen one."""
    rows = find_objectives(engine, text)
    options = [{"label": f"{r.code} · {r.name}", "value": r.code} for r in rows]
    if current and all(o["value"] != current for o in options):
        options.insert(0, {"label": current, "value": current})
    return options
