"""Verifikasi: the inbox of submitted realizations (verify or reject, singly or in bulk) and the
list of drafts and rejected ones to submit; evidence files are downloaded at /bukti/<id>.

Every change is made as the signed-in account (`common.actor()`); the services check it."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from typing import Any

from dash import Input, Output, State
from dash.exceptions import PreventUpdate
from ekinerja.callbacks.common import (
    LANG_STATE,
    actor,
    database_of,
    engine_of,
    follows_shell,
    plan_code_of,
    save_on_click,
    saving,
    settings_of,
)
from ekinerja.layouts import ids, verifikasi
from flask import Response, send_file

from ekinerja import permissions, services
from ekinerja.i18n import translator
from ekinerja.readmodels.verification import inbox_lines
from ekinerja.rollup import Engine
from ekinerja.services import User
from ekinerja.services.comments import unread_mention_count
from ekinerja.services.deadlines import missing_realizations
from ekinerja.sources import PlanSource
from ekinerja.storage.database import Database


def layout_params(source: PlanSource, lang: str, user: User | None = None) -> dict[str, Any]:
    """Which lists the signed-in user has (none without a database)."""
    writable = source.database is not None
    return {
        "can_verify": writable and permissions.may(user, permissions.Action.VERIFY_REALIZATION),
        "can_record": writable and permissions.may(user, permissions.Action.RECORD_REALIZATION),
    }


def keys_of(rows: list[dict[str, Any]] | None) -> list[tuple[str, str]]:
    """(indicator, period) of the selected grid rows (their key "INDICATOR@PERIOD")."""
    result = []
    for row in rows or []:
        key = str((row or {}).get("key", ""))
        indicator, _, period = key.rpartition("@")
        if indicator and period:
            result.append((indicator, period))
    return result


def lists(engine: Engine, db: Database | None, plan_code: str | None, user: User | None,
          lang: str | None) -> tuple[Any, list[dict[str, Any]], Any, list[dict[str, Any]]]:
    """The inbox (to verify) and the drafts and rejected entries (to submit) of `user`: the
    note above each grid and its rows."""
    lang = lang or "id"
    if db is None:
        return "", [], "", []
    units = {u.code: u.name for u in engine.doc.units}
    pending = verifikasi.inbox_rows(
        inbox_lines(engine, services.pending_verifications(db, user, plan_code)), units, lang)
    returned = verifikasi.returned_rows(services.returned_entries(db, user, plan_code), lang)
    return (verifikasi.inbox_note(pending, lang), pending,
            verifikasi.returned_note(returned, lang), returned)


def overdue(db: Database | None, plan_code: str | None, user: User | None, today: date,
            days: int, lang: str | None) -> Any:
    """The missing and overdue realizations the user may enter (none for other roles)."""
    if db is None or not permissions.may(user, permissions.Action.RECORD_REALIZATION):
        return ""
    items = missing_realizations(db, user, plan_code, today, days)
    return verifikasi.overdue_list(items, lang or "id")


def waiting(db: Database | None, plan_code: str | None, user: User | None) -> int:
    """How many entries wait for the user: to verify, or (drafts, rejected) to submit; and
    the comments that mention them, unread."""
    if db is None or user is None:
        return 0
    return (len(services.pending_verifications(db, user, plan_code))
            + len(services.returned_entries(db, user, plan_code))
            + unread_mention_count(db, user))


@saving
def _change_selected(db: Database, rows: list[dict[str, Any]] | None,
                     change: Callable[[Database, list[tuple[str, str]], Callable[[str], str]],
                                      str], lang: str) -> str:
    """`change(db, keys, _)` on the selected entries, giving its done text; (message, new
    revision or no_update)."""
    return change(db, keys_of(rows), translator(lang))


def review(db: Database | None, plan_code: str | None, user: User | None, action: str,
           rows: list[dict[str, Any]] | None, reason: str | None, lang: str | None
           ) -> tuple[Any, Any]:
    """Verify or reject the selected entries; (message, new revision or no_update)."""

    def change(db: Database, keys: list[tuple[str, str]], _: Callable[[str], str]) -> str:
        if action == "verify":
            services.verify_realizations(db, user, plan_code, keys)
            return _("Verified: {n}.").format(n=len(keys))
        services.reject_realizations(db, user, plan_code, keys, reason)
        return _("Rejected: {n}.").format(n=len(keys))

    return _change_selected(db, rows, change, lang)


def submit(db: Database | None, plan_code: str | None, user: User | None,
           rows: list[dict[str, Any]] | None, lang: str | None) -> tuple[Any, Any]:
    """Submit the selected drafts or rejected entries; (message, new revision or no_update)."""

    def change(db: Database, keys: list[tuple[str, str]], _: Callable[[str], str]) -> str:
        services.submit_realizations(db, user, plan_code, keys)
        return _("Submitted: {n}.").format(n=len(keys))

    return _change_selected(db, rows, change, lang)


def detail(db: Database | None, plan_code: str | None, key: str | None, lang: str | None
           ) -> Any:
    """The history of the clicked entry (its value, status, who, when, reason, evidence)."""
    if db is None or not key or "@" not in key:
        return ""
    indicator, _, period = key.rpartition("@")
    try:
        history = services.realization_history(db, plan_code, indicator, period)
    except services.ServiceError:
        return ""
    return verifikasi.entry_detail(history, lang or "id")


def download(db: Database | None, plan_code: str | None, user: User | None, file_id: int
             ) -> Response:
    """An evidence file as an attachment (404 when unknown, 403 without a signed-in user)."""
    if db is None:
        return Response(status=404)
    try:
        found = services.evidence_file(db, user, plan_code, file_id)
    except services.PermissionDenied:
        return Response(status=403)
    except services.NotFound:
        return Response(status=404)
    return send_file(io.BytesIO(found.data), mimetype=found.content_type, as_attachment=True,
                     download_name=found.name)


def register(app: Any) -> None:
    """The two lists, verify / reject, submit, the clicked entry's history; the evidence file
    download at /bukti/<id> (behind the sign-in like every path)."""

    def evidence(file_id: int) -> Response:
        return download(database_of(app), plan_code_of(app), actor(), file_id)

    app.server.add_url_rule("/bukti/<int:file_id>", "ekinerja_evidence", evidence)

    def all_lists(_page: Any, lang: str | None) -> Any:
        user = actor()
        return (*lists(engine_of(app), database_of(app), plan_code_of(app), user, lang),
                overdue(database_of(app), plan_code_of(app), user, date.today(),
                        settings_of(app).deadline_days, lang))

    follows_shell(app, [ids.VERIFY_LIST, Output(ids.VERIFY_GRID, "rowData"), ids.RETURNED_LIST,
                        Output(ids.RETURNED_GRID, "rowData"), ids.OVERDUE_LIST],
                  [Input(ids.VERIFY_LIST, "id")],  # only on this page
                  all_lists, period=False)
    follows_shell(app, [ids.NOTIFY, Output(ids.NOTIFY, "hidden"), Output(ids.NOTIFY, "title")],
                  [], lambda lang: verifikasi.notify_count(
                      waiting(database_of(app), plan_code_of(app), actor()), lang or "id"),
                  period=False)
    save_on_click(app, [ids.VERIFY_APPROVE, ids.VERIFY_REJECT], ids.VERIFY_MESSAGE,
                  [State(ids.VERIFY_GRID, "selectedRows"), ids.VERIFY_REASON],
                  lambda button, rows, reason, lang: review(
                      database_of(app), plan_code_of(app), actor(),
                      "verify" if button == ids.VERIFY_APPROVE else "reject", rows, reason,
                      lang))
    save_on_click(app, ids.RETURNED_SUBMIT, ids.RETURNED_MESSAGE,
                  [State(ids.RETURNED_GRID, "selectedRows")],
                  lambda rows, lang: submit(database_of(app), plan_code_of(app), actor(), rows,
                                            lang))

    @app.callback(
        Output(ids.VERIFY_DETAIL, "children"),
        Input(ids.VERIFY_GRID, "cellClicked"),
        LANG_STATE,
        prevent_initial_call=True,
    )
    def show_detail(cell: dict[str, Any] | None, lang: str | None) -> Any:
        if not cell or not cell.get("rowId"):
            raise PreventUpdate
        return detail(database_of(app), plan_code_of(app), cell["rowId"], lang)
