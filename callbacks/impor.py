"""Impor (admins, planners): preview an uploaded plan file, import it when confirmed, download
the template — all through services.import_preview as the signed-in account (which refuses
anyone who may not change the structure, whatever the browser sends)."""

from __future__ import annotations

from typing import Any

from dash import Input, Output, State, dcc, no_update
from dash.exceptions import PreventUpdate
from ekinerja.callbacks.common import (
    LANG_STATE,
    SETTINGS_KEY,
    actor,
    choice_of,
    database_of,
    on_click,
    plan_code_of,
    refusal_text,
    save_on_click,
    settings_of,
    source_of,
)
from ekinerja.layouts import ids, impor
from flask import current_app, has_app_context

from ekinerja.i18n import translator
from ekinerja.model import InvalidPlan
from ekinerja.services import ServiceError, User, import_preview
from ekinerja.services.importing import PlanChanged, RemovalsRefused
from ekinerja.settings import AppSettings
from ekinerja.sources import PlanSource
from ekinerja.storage.database import Database

#: preview, fingerprint, confirm disabled, removals block hidden, removal options, removals
PreviewOutputs = tuple[Any, Any, bool, bool, list[dict[str, str]], list[str]]


def layout_params(source: PlanSource, lang: str, user: User | None = None) -> dict[str, Any]:
    """Whether there is a database to import into, the shown plan's code, the size limit."""
    settings = current_app.config[SETTINGS_KEY] if has_app_context() else AppSettings()
    return {"database": source.database is not None, "plan_code": source().doc.plan.code,
            "limit_mb": settings.import_max_mb}


def max_bytes(app: Any) -> int:
    """The largest upload imported, from the settings."""
    return int(settings_of(app).import_max_mb * 1024 * 1024)


def preview(db: Database | None, user: User | None, plan_code: str | None,
            contents: str | None, name: str | None, limit: int, lang: str | None
            ) -> PreviewOutputs:
    """The preview of an upload (or its problems, or the refusal); the confirmation is offered
    only for an importable file that changes something, removals only with the tick."""
    lang = lang or "id"
    nothing: PreviewOutputs = (no_update, None, True, True, [], [])
    if db is None or not contents:
        return nothing
    name = name or "berkas"
    try:
        shown = import_preview.preview_import(db, user, contents, name, limit, plan_code)
    except ServiceError as exc:
        return (impor.refusal(refusal_text(exc, lang), lang), *nothing[1:])
    if not shown.importable or shown.report is None:
        return (impor.problems_view(shown.problems, name, lang), *nothing[1:])
    report = shown.report
    removals = report.removals
    return (impor.report_view(report, name, lang), shown.fingerprint, report.total == 0,
            removals == 0, impor.removal_options(removals, lang) if removals else [], [])


def confirm(db: Database | None, user: User | None, plan_code: str | None,
            contents: str | None, name: str | None, fingerprint: str | None,
            removals: list[str] | None, limit: int, lang: str | None
            ) -> tuple[Any, Any, PreviewOutputs | None]:
    """Import the previewed file; (message, new revision, a new preview when the plan changed
    since the one shown, else None)."""
    lang = lang or "id"
    _ = translator(lang)
    if db is None or not contents or not fingerprint:
        return impor.refusal(_("Upload a file and check its preview first."), lang), no_update, \
            None
    name = name or "berkas"
    try:
        report = import_preview.confirm_import(
            db, user, contents, name, limit, fingerprint,
            allow_removals="remove" in (removals or []), plan_code=plan_code)
    except PlanChanged as exc:
        again = preview(db, user, plan_code, contents, name, limit, lang)
        return impor.refusal(refusal_text(exc, lang), lang), no_update, again
    except RemovalsRefused as exc:
        return impor.removals_refused(exc.report.removals, lang), no_update, None
    except InvalidPlan as exc:  # the preview showed these too; the button was not offered
        return impor.problems_view(exc.problems, name, lang), no_update, None
    except ServiceError as exc:
        return impor.refusal(refusal_text(exc, lang), lang), no_update, None
    return impor.imported(report, lang), db.revision(), None


def register(app: Any) -> None:
    """Preview on upload, import on confirmation, the template on request."""

    def shown_plan() -> str | None:
        return plan_code_of(app) or source_of(app)().doc.plan.code

    @app.callback(
        *PREVIEW_OUTPUTS,
        Input(ids.IMPORT_UPLOAD, "contents"),
        State(ids.IMPORT_UPLOAD, "filename"),
        LANG_STATE,
        prevent_initial_call=True,
    )
    def preview_upload(contents: str | None, name: str | None, lang: str | None) -> Any:
        if not contents:
            raise PreventUpdate
        return preview(database_of(app), actor(), shown_plan(), contents, name,
                       max_bytes(app), lang)

    def confirm_upload(*values: Any) -> Any:
        text, revision, again = confirm(database_of(app), actor(), shown_plan(), *values[:-1],
                                        max_bytes(app), values[-1])
        if again is not None:  # the plan changed: the new preview, to confirm again
            return (text, revision, *again, no_update)
        if revision is no_update:
            return (text, revision, *(no_update,) * 7)
        # imported: the preview and the upload are spent (the same file may be chosen again)
        return (text, revision, no_update, None, True, True, [], [], None)

    def download_template(lang: str | None) -> Any:
        db = database_of(app)
        if db is None:
            raise PreventUpdate
        try:
            data = import_preview.template_workbook(db, actor(), plan_code_of(app))
        except ServiceError as exc:
            return no_update, impor.refusal(refusal_text(exc, lang or "id"), lang or "id")
        name = f"templat-{shown_plan() or 'rencana'}.xlsx"
        return dcc.send_bytes(data, name), ""

    save_on_click(app, ids.IMPORT_CONFIRM, ids.IMPORT_MESSAGE,
                  [State(ids.IMPORT_UPLOAD, "contents"), State(ids.IMPORT_UPLOAD, "filename"),
                   State(ids.IMPORT_FINGERPRINT, "data"), ids.IMPORT_REMOVALS],
                  confirm_upload,
                  more=[Output(o.component_id, o.component_property, allow_duplicate=True)
                        for o in PREVIEW_OUTPUTS] + [Output(ids.IMPORT_UPLOAD, "contents")])
    on_click(app, ids.IMPORT_TEMPLATE, [Output(ids.IMPORT_TEMPLATE_DOWNLOAD, "data"),
                                        ids.IMPORT_TEMPLATE_STATUS], [LANG_STATE],
             download_template)


#: What a preview shows (`PreviewOutputs`).
PREVIEW_OUTPUTS = (
    Output(ids.IMPORT_PREVIEW, "children"),
    Output(ids.IMPORT_FINGERPRINT, "data"),
    Output(ids.IMPORT_CONFIRM, "disabled"),
    Output(ids.IMPORT_REMOVALS_BLOCK, "hidden"),
    *choice_of(ids.IMPORT_REMOVALS),
)
