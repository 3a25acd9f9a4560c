"""Comments on objectives and indicators (docs/workflow.md), shared by the pages that show a
chosen objective: the thread with its @mentions and the form; and the inbox card listing the
signed-in account's unread mentions. Filled by callbacks/common_comments.py."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html
from ekinerja.layouts import ids
from ekinerja.layouts.common import card, message

from ekinerja.i18n import fmt_datetime, translator
from ekinerja.services.comments import MAX_COMMENT, MENTION


def thread_card(lang: str = "id", hint: str | None = None, page: str = "tree"
                ) -> html.Section:
    """The comments of the objective chosen on the page (`page` "tree": the workshop's
    selection; "map": the node chosen on the strategy map, copied into the card's own store):
    what they are about, the thread, and the form for who may comment; `hint` says how to
    choose one (default: in the tree)."""
    _ = translator(lang)
    form = html.Div(
        [
            html.Label(_("Your comment"), htmlFor=ids.COMMENT_TEXT, className="small"),
            dcc.Textarea(id=ids.COMMENT_TEXT, className="form-control", maxLength=MAX_COMMENT,
                         style={"height": "4em"}),
            html.P(_("Mention someone with @ and their user name (e.g. @budi): they are "
                     "notified."), className="muted small mb-1"),
            dbc.Button(_("Post comment"), id=ids.COMMENT_POST, color="primary", size="sm",
                       n_clicks=0),
        ],
        id=ids.COMMENT_FORM, hidden=True,
    )
    body = [
        dcc.Store(id={"type": ids.COMMENT_NODE, "page": page}),
        html.Label(_("About"), htmlFor=ids.COMMENT_TARGET, className="small"),
        dcc.Dropdown(id=ids.COMMENT_TARGET, options=[], value=None, clearable=False,
                     searchable=False, placeholder=hint or _("Click a node of the tree")),
        html.Div(id=ids.COMMENT_THREAD, className="comment-thread small my-2",
                 **{"aria-live": "polite"}),
        form,
        html.Div(id=ids.COMMENT_MESSAGE, role="status"),
    ]
    return card(_("Comments"), body, card_id=ids.COMMENT_CARD, class_name="comments")


def target_value(kind: str, code: str) -> str:
    """The dropdown value of an item: `objective:CODE` or `indicator:CODE`."""
    return f"{kind}:{code}"


def parse_target(value: Any) -> tuple[str, str] | None:
    """(kind, code) of a dropdown value, None for anything else."""
    if not isinstance(value, str) or ":" not in value:
        return None
    kind, _sep, code = value.partition(":")
    return (kind, code) if kind in ("objective", "indicator") and code else None


def body_parts(text: str) -> list[Any]:
    """A comment's text with its @mentions in bold."""
    parts: list[Any] = []
    last = 0
    for match in MENTION.finditer(text):
        parts.append(text[last:match.start()])
        parts.append(html.Strong(match.group(0), className="mention"))
        last = match.end()
    parts.append(text[last:])
    return [p for p in parts if p != ""]


def thread_view(comments: Sequence[Any], lang: str) -> Any:
    """A thread, oldest first: who, when, what."""
    _ = translator(lang)
    if not comments:
        return message(_("No comments yet."))
    return html.Ul(
        [
            html.Li([
                html.Div([html.Strong(c.author_name or c.author), f" (@{c.author}) · ",
                          html.Span(fmt_datetime(c.at, lang) if c.at else "",
                                    className="muted")]),
                html.Div(body_parts(c.body), className="comment-body"),
            ], className="comment mb-2")
            for c in comments
        ],
        className="list-unstyled mb-0",
    )


def mentions_card(lang: str = "id") -> html.Section:
    """The inbox card: the comments that mention the signed-in account, until read."""
    _ = translator(lang)
    return card(_("Comments mentioning you"), [
        html.Div(id=ids.MENTIONS_LIST),
        dbc.Button(_("Mark all as read"), id=ids.MENTIONS_READ, color="secondary",
                   outline=True, size="sm", n_clicks=0),
        html.Div(id=ids.MENTIONS_MESSAGE, role="status"),
    ], class_name="mentions")


def mentions_view(mentions: Sequence[Any], links: Sequence[str], lang: str) -> Any:
    """The unread mentions, newest first, each linked to its item."""
    _ = translator(lang)
    if not mentions:
        return message(_("No unread mentions."))
    return html.Ul(
        [
            html.Li([
                html.A(f"{m.item}", href=link), " · ", html.Strong(f"@{m.author}"), " · ",
                html.Span(fmt_datetime(m.at, lang) if m.at else "", className="muted"),
                html.Div(body_parts(m.body), className="comment-body"),
            ], className="mb-2")
            for m, link in zip(mentions, links, strict=True)
        ],
        className="list-unstyled small",
    )
