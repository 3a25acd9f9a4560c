"""Comments on objectives and indicators (layouts/common_comments.py): the thread of the
objective a page has chosen (the workshop's selection) or of one of its indicators, posting as
the signed-in account, and the inbox card of the account's unread mentions. Registered once by
the app; the components are on the pages that include them."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from dash import ALL, Input, Output, State, no_update
from ekinerja.callbacks.common import (
    LANG_IN,
    actor,
    engine_of,
    follows_shell,
    in_service_context,
    refusal_text,
    save_on_click,
    saving,
    service_context,
)
from ekinerja.layouts import common_comments as view
from ekinerja.layouts import ids
from ekinerja.layouts.common import feedback, message, no_database

from ekinerja import permissions
from ekinerja.i18n import language, translator
from ekinerja.rollup import Engine
from ekinerja.services import ServiceError, User
from ekinerja.services.comments import (
    add_comment,
    comments_on,
    mark_mentions_read,
    unread_mentions,
)
from ekinerja.storage.database import Database

REGISTERED = "_ekinerja_comments_registered"


def target_options(engine: Engine, code: str | None, lang: str) -> list[dict[str, str]]:
    """The chosen objective and each of its indicators, as the thread's choices."""
    _ = translator(lang)
    if not code or code not in engine.index:
        return []
    objective = engine.doc.objectives[engine.index[code]]
    options = [{"label": _("Objective {code}: {name}").format(code=code, name=objective.name),
                "value": view.target_value("objective", code)}]
    options += [{"label": _("Indicator {code}: {name}").format(code=i.code, name=i.name),
                 "value": view.target_value("indicator", i.code)}
                for i in engine.doc.indicators if i.objective == code]
    return options


def choose(engine: Engine, user: User | None, code: str | None, current: str | None,
           lang: str | None) -> tuple[Any, Any, bool]:
    """The thread's choices for the chosen objective, the one shown (kept when still there,
    else the objective), and whether the form is hidden (who may not comment)."""
    options = target_options(engine, code, language(lang))
    values = [o["value"] for o in options]
    value = current if current in values else (values[0] if values else None)
    return options, value, not permissions.may_comment(user)


def thread(db: Database | None, user: User | None, plan_code: str | None, target: str | None,
           lang: str | None) -> Any:
    """The thread of the chosen item (or why there is none)."""
    lang = language(lang)
    _ = translator(lang)
    if db is None:
        return message(_("Comments are kept in the database: this app shows a plan file."))
    item = view.parse_target(target)
    if item is None:
        return message(_("Click a node of the tree to see its comments."))
    try:
        return view.thread_view(comments_on(db, user, plan_code, *item), lang)
    except ServiceError as exc:
        return message(refusal_text(exc, lang))


def post(db: Database | None, user: User | None, plan_code: str | None, target: str | None,
         text: str | None, lang: str | None) -> tuple[Any, Any, Any]:
    """Post a comment as the signed-in account: (message, new revision, the cleared text)."""
    lang = language(lang)
    _ = translator(lang)
    if db is None:
        return no_database(lang), no_update, \
            no_update
    item = view.parse_target(target)
    if item is None:
        return feedback(False, _("Choose what the comment is about."), lang), no_update, \
            no_update
    try:
        revision = add_comment(db, user, plan_code, item[0], item[1], text or "")
    except ServiceError as exc:
        return feedback(False, refusal_text(exc, lang), lang), no_update, no_update
    return feedback(True, _("Comment posted."), lang), revision, ""


def mention_link(engine: Engine, kind: str, code: str) -> str:
    """Where an item of a mention is shown: the tree with its objective (and indicator)."""
    if kind == "indicator":
        objective = next((i.objective for i in engine.doc.indicators if i.code == code), None)
        query = {"node": objective or "", "indicator": code}
    else:
        query = {"node": code}
    return "/pohon-kinerja?" + urlencode(query)


def mentions(engine: Engine, db: Database | None, user: User | None, plan_code: str | None,
             lang: str | None) -> Any:
    """The signed-in account's unread mentions in the plan shown."""
    lang = language(lang)
    if db is None:
        return ""
    found = unread_mentions(db, user, engine.doc.plan.code)
    links = [mention_link(engine, m.item_kind, m.item) for m in found]
    return view.mentions_view(found, links, lang)


@saving
def read_all(db: Database, user: User | None, plan_code: str | None, lang: str) -> str:
    """Mark the account's mentions read: (message, new revision)."""
    _ = translator(lang)
    mark_mentions_read(db, user, plan_code)
    return _("Marked as read.")


def register(app: Any) -> None:
    """The thread, posting, the mentions and marking them read (once per app)."""
    if getattr(app, REGISTERED, False):
        return
    setattr(app, REGISTERED, True)

    for page, selected in (("tree", ids.WORK_SELECTED), ("map", ids.MAP_SELECTED)):
        app.clientside_callback(  # the page's chosen node into the card's own store
            "function(code) { return code === undefined ? null : code; }",
            Output({"type": ids.COMMENT_NODE, "page": page}, "data"),
            Input(selected, "data"),
        )

    @app.callback(
        Output(ids.COMMENT_TARGET, "options"),
        Output(ids.COMMENT_TARGET, "value"),
        Output(ids.COMMENT_FORM, "hidden"),
        Input({"type": ids.COMMENT_NODE, "page": ALL}, "data"),
        Input(ids.COMMENT_CARD, "id"),  # only where the card is
        LANG_IN,
        State(ids.COMMENT_TARGET, "value"),
    )
    def choose_item(codes: list[str | None], _card: Any, lang: str | None,
                    current: str | None) -> Any:
        code = next((c for c in codes or () if c), None)
        return choose(engine_of(app), actor(), code, current, lang)

    follows_shell(app, [ids.COMMENT_THREAD], [ids.COMMENT_TARGET],
                  in_service_context(app, thread), period=False)
    save_on_click(app, ids.COMMENT_POST, ids.COMMENT_MESSAGE,
                  [ids.COMMENT_TARGET, ids.COMMENT_TEXT], in_service_context(app, post),
                  more=[Output(ids.COMMENT_TEXT, "value")])
    follows_shell(app, [ids.MENTIONS_LIST], [Input(ids.MENTIONS_LIST, "id")],  # where the card is
                  lambda _list, lang: mentions(engine_of(app), *service_context(app), lang),
                  period=False)
    save_on_click(app, ids.MENTIONS_READ, ids.MENTIONS_MESSAGE, [],
                  in_service_context(app, read_all))
