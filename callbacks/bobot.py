"""Bobot: load a parent's child weights, preview the effect live, save with a reason, restore."""

from __future__ import annotations

from typing import Any

from dash import ALL, Input, Output, State, no_update
from dash.exceptions import PreventUpdate
from ekinerja.callbacks import common
from ekinerja.callbacks.common import (
    LANG_STATE,
    Query,
    query_value,
)
from ekinerja.layouts import bobot, ids
from ekinerja.layouts.common import feedback, no_database

from ekinerja import numbers, permissions, services
from ekinerja.i18n import fmt_number, translator
from ekinerja.readmodels import weights
from ekinerja.readmodels.periods import valid_period
from ekinerja.readmodels.presentation import Named
from ekinerja.readmodels.search import find_parents
from ekinerja.rollup import Engine
from ekinerja.services import User
from ekinerja.sources import PlanSource
from ekinerja.storage.database import Database


def layout_params(source: PlanSource, lang: str, user: User | None = None) -> dict[str, Any]:
    """The first parents for the chooser (the vision first); saving and restoring for who may
    change weights (and only with a database to save in)."""
    first = find_parents(source(), "")
    return {"parents": first, "parent": first[0].code if first else None,
            "can_save": source.database is not None and permissions.may_change_weights(user)}


def linked_params(source: PlanSource, user: User | None, query: Query) -> dict[str, Any]:
    """What a link chooses (`?parent=CODE`, as /kualitas makes): that parent, among the first
    parents of the chooser; a code that is not an objective with children chooses nothing."""
    engine = source()
    parent = query_value(query, "parent")
    if not parent or parent not in engine.index or engine.is_indicator(parent) \
            or not engine.child_count(parent):
        return {}
    first = find_parents(engine, "")
    if all(p.code != parent for p in first):
        first = [Named(parent, engine.item(parent).name), *first]
    return {"parents": first, "parent": parent}


def parent_options(engine: Engine, search: str | None, current: str | None) -> list[dict]:
    """Parents matching what was typed, keeping the chosen one among them."""
    rows = find_parents(engine, search)
    if current and current in engine.index and all(r.code != current for r in rows):
        rows.insert(0, Named(current, engine.item(current).name))
    return bobot.parent_options(rows)


def load(engine: Engine, db: Database | None, plan_code: str | None, parent: str | None,
         lang: str) -> tuple[Any, Any, Any]:
    """Editor, seen version and history of a parent, as stored now."""
    if not parent or parent not in engine.index:
        return bobot.editor([], lang), None, bobot.history([], lang)
    version = None
    versions: list[dict[str, Any]] = []
    if db is not None:
        version, _current = services.current_weights(db, plan_code, parent)
        versions = services.weight_versions(db, plan_code, parent)
    return (
        bobot.editor(weights.children(engine, parent), lang),
        {"parent": parent, "version": version},
        bobot.history(weights.version_rows(versions), lang),
    )


def restore_options(db: Database | None, plan_code: str | None,
                    seen: dict[str, Any] | None, lang: str = "id") -> list[dict[str, Any]]:
    """The versions of the parent being edited one may restore, newest first."""
    parent = (seen or {}).get("parent")
    if db is None or not parent:
        return []
    rows = weights.version_rows(services.weight_versions(db, plan_code, parent))
    return [{"label": bobot.version_label(v, lang), "value": v.version} for v in rows]


def typed_weights(values: list[Any], id_list: list[dict[str, str]], lang: str | None = None
                  ) -> dict[str, float | None]:
    """The typed weights by child code, read in the language (id: 12,5); None where the text
    is not one number (an ambiguous text included: the page names the problem)."""
    result: dict[str, float | None] = {}
    for value, component in zip(values, id_list, strict=True):
        parsed = numbers.parse_number(value, lang)
        result[component["index"]] = parsed.value if parsed.ok else None
    return result


def normalised(values: list[Any], lang: str | None) -> list[str]:
    """The typed weights scaled to 100 %, written in the language."""
    read = [numbers.parse_number(v, lang) for v in values]
    scaled = weights.normalise([p.value if p.ok else None for p in read])
    return [fmt_number(v, lang, None) for v in scaled]


def preview(engine: Engine, parent: str | None, period: str | None,
            typed: dict[str, float | None], lang: str) -> tuple[Any, str]:
    """The preview panel and the total of the typed weights."""
    if parent and parent in engine.index:
        rows = weights.children(engine, parent)
        if set(typed) - {r.code for r in rows}:  # inputs of another parent: still loading
            return bobot.preview(None, lang), no_update
        typed = weights.effective_weights(rows, typed)
    total = bobot.total(sum(v for v in typed.values() if v is not None), lang)
    period = valid_period(engine, period)
    if not parent or parent not in engine.index or period is None or not typed:
        return bobot.preview(None, lang), total
    problem = weights.weight_problem(typed)
    if problem:
        return bobot.preview(None, lang, problem), total
    result = weights.preview(
        engine, engine.evaluation(period), parent,
        {k: v for k, v in typed.items() if v is not None}, by_agency=True,
    )
    return bobot.preview(result, lang), total


def _whole(value: Any) -> bool:
    """A version number as the page sends it: a whole number, never text or a flag."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def save(
    engine: Engine, db: Database | None, plan_code: str | None, user: User | None,
    seen: dict[str, Any] | None, typed: dict[str, float | None], reason: str | None,
    restore_version: int | None, lang: str, *, any_total: bool = False,
) -> tuple[Any, Any, Any, Any, Any]:
    """Save (or restore) through the service, as `user` (the signed-in account).

    Typed weights whose total is not 100 % are saved as typed only with `any_total` (the user
    ticked it), never normalised silently. Returns editor, seen, message, history and the new
    revision; on a refusal the editor is left alone (no_update) so the user's edits stay on
    screen.
    """
    _ = translator(lang)
    refused = (no_update, no_update)
    if db is None:
        return (*refused, no_database(lang),
                no_update, no_update)
    if not isinstance(seen, dict) or not isinstance(seen.get("parent"), str):
        return (*refused, feedback(False, _("Choose a parent objective."), lang),
                no_update, no_update)
    parent, version = seen["parent"], seen.get("version") or 0
    if not _whole(version) or (restore_version is not None and not _whole(restore_version)):
        return (*refused, feedback(False, _("Choose a version from the list."), lang),
                no_update, no_update)
    try:
        if restore_version is not None:
            new_version = services.restore_weights(
                db, user, plan_code, parent, int(restore_version), seen_version=version,
                reason=reason or "",
            )
        else:
            if parent in engine.index:
                typed = weights.effective_weights(weights.children(engine, parent), typed)
            problem = weights.weight_problem(typed)
            if problem:
                raise services.ServiceError(bobot.problem_text(problem, lang))
            typed_total = sum(v for v in typed.values() if v is not None)
            if abs(typed_total - 100.0) >= 0.005 and not any_total:
                raise services.ServiceError(bobot.total_problem(typed_total, lang))
            new_version = services.set_weights(
                db, user, plan_code, parent, {k: float(v) for k, v in typed.items()
                                              if v is not None},
                seen_version=version, reason=reason or "",
            )
    except services.ServiceError as exc:
        return (*refused, feedback(False, common.refusal_text(exc, lang), lang), no_update,
                no_update)
    fresh = services.load_engine(db, plan_code)
    editor, new_seen, history = load(fresh, db, plan_code, parent, lang)
    text = _("Saved as version {version}.").format(version=new_version)
    return editor, new_seen, feedback(True, text, lang), history, services.revision(db)


def register(app: Any) -> None:
    """Parent search, editor, normalising, live preview and save / restore (the preview follows
    the shell's revision)."""

    common.searchable(app, ids.WEIGHT_PARENT, parent_options)

    def update_preview(values: list[Any], period: str | None, lang: str | None,
                       id_list: list[dict[str, str]], seen: dict[str, Any] | None) -> Any:
        parent = (seen or {}).get("parent")
        return preview(common.engine_of(app), parent, period,
                       typed_weights(values, id_list, lang), lang or "id")

    def normalise(values: list[Any], lang: str | None) -> Any:
        if not values:
            raise PreventUpdate
        return normalised(values, lang)

    def save_weights(button: str, seen: dict[str, Any] | None, values: list[Any],
                     id_list: list[dict[str, str]], reason: str | None,
                     restore_version: int | None, any_total: list[str] | None,
                     lang: str | None) -> Any:
        restoring = button == ids.WEIGHT_RESTORE
        if restoring and restore_version is None:
            raise PreventUpdate
        result = save(common.engine_of(app), common.database_of(app),
                      common.plan_code_of(app), common.actor(), seen,
                      typed_weights(values, id_list, lang), reason,
                      restore_version if restoring else None, lang or "id",
                      any_total="yes" in (any_total or []))
        saved = result[-1] is not no_update  # a new revision: clear the reason for the next
        return (*result, "" if saved else no_update, [] if saved else no_update)

    seen_in = Input(ids.WEIGHT_SEEN, "data")
    inputs = {"type": ids.WEIGHT_INPUT, "index": ALL}
    common.follows_shell(app, [ids.WEIGHT_EDITOR, Output(ids.WEIGHT_SEEN, "data"),
                               ids.WEIGHT_HISTORY], [ids.WEIGHT_PARENT],
                         lambda parent, lang: load(common.engine_of(app), common.database_of(app),
                                                   common.plan_code_of(app), parent,
                                                   lang or "id"),
                         period=False, revision=False)
    common.follows_shell(  # only on the page of who may save (the dropdown is not there else)
        app, [Output(ids.WEIGHT_RESTORE_VERSION, "options")], [seen_in],
        lambda seen, lang: restore_options(common.database_of(app), common.plan_code_of(app),
                                           seen, lang or "id"),
        period=False, revision=False)
    common.on_click(app, ids.WEIGHT_NORMALISE, [Output(inputs, "value")],
                    [State(inputs, "value"), LANG_STATE],
                    normalise)
    common.follows_shell(app, [ids.WEIGHT_PREVIEW, ids.WEIGHT_TOTAL], [Input(inputs, "value")],
                         update_preview, states=[State(inputs, "id"), State(ids.WEIGHT_SEEN,
                                                                             "data")])
    common.on_click(
        app, [ids.WEIGHT_SAVE, ids.WEIGHT_RESTORE],
        [Output(ids.WEIGHT_EDITOR, "children", allow_duplicate=True),
         Output(ids.WEIGHT_SEEN, "data", allow_duplicate=True), ids.WEIGHT_MESSAGE,
         Output(ids.WEIGHT_HISTORY, "children", allow_duplicate=True), common.REVISION_OUT,
         Output(ids.WEIGHT_REASON, "value"), Output(ids.WEIGHT_TOTAL_CONFIRM, "value")],
        [State(ids.WEIGHT_SEEN, "data"), State(inputs, "value"), State(inputs, "id"),
         ids.WEIGHT_REASON, ids.WEIGHT_RESTORE_VERSION, ids.WEIGHT_TOTAL_CONFIRM, LANG_STATE],
        save_weights)
