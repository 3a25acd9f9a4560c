"""/token: the signed-in user's own API access tokens — make one (shown once), see them, revoke
them (Flask, server-rendered like /password; the session gate of webauth guards it)."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, render_template_string, request

from ekinerja import webauth
from ekinerja.i18n import N_, language, translator
from ekinerja.messages import Message
from ekinerja.services import ServiceError, tokens
from ekinerja.storage.database import Database

PATH = "/token"

TEXTS = {
    "heading": N_("API access tokens"),
    "intro": N_("A token lets another system or a script use the API (/api/v1) as you, with "
                "your role and unit. It is shown only once; keep it like a password."),
    "name": N_("What is it for?"),
    "scope": N_("Scope"),
    "read": N_("read only"),
    "write": N_("read and write"),
    "days": N_("Valid for (days)"),
    "create": N_("Make a token"),
    "created": N_("Your new token (copy it now: it is not shown again):"),
    "none": N_("You have no tokens yet."),
    "prefix": N_("Begins with"),
    "state": N_("State"),
    "expires": N_("Expires"),
    "last_used": N_("Last used"),
    "revoke": N_("Revoke"),
    "revoked": N_("The token has been revoked."),
    "active": N_("active"),
    "expired": N_("expired"),
    "revoked_state": N_("revoked"),
    "docs": N_("API documentation"),
    "back": N_("Back to the app"),
}

PAGE = webauth.page_head("{{ t.heading }}") + """<body>
<main class="container py-4">
  <h1 class="page-title mb-3">{{ t.heading }}</h1>
  <p>{{ t.intro }} <a href="/api/v1/docs">{{ t.docs }}</a></p>
  {% if token %}
  <div class="alert alert-success" role="alert">{{ t.created }}
    <input class="form-control mt-2 font-monospace" id="new-token" readonly value="{{ token }}">
  </div>
  {% endif %}
  {% if message %}
  <div class="alert alert-{{ kind }}" role="alert">{{ message }}</div>
  {% endif %}
  <form method="post" action="{{ action }}" class="row g-2 align-items-end mb-4">
    <input type="hidden" name="do" value="create">
    <div class="col-sm-5"><label class="form-label" for="name">{{ t.name }}</label>
      <input class="form-control" id="name" name="name" maxlength="100" required></div>
    <div class="col-sm-3"><label class="form-label" for="scope">{{ t.scope }}</label>
      <select class="form-select" id="scope" name="scope">
        <option value="read">{{ t.read }}</option><option value="write">{{ t.write }}</option>
      </select></div>
    <div class="col-sm-2"><label class="form-label" for="days">{{ t.days }}</label>
      <input class="form-control" id="days" name="days" type="number" min="1" max="3650"
             value="90"></div>
    <div class="col-sm-2"><button class="btn btn-primary w-100" id="create-token"
             type="submit">{{ t.create }}</button></div>
  </form>
  {% if rows %}
  <table class="table table-sm" id="token-list">
    <thead><tr><th>{{ t.name }}</th><th>{{ t.prefix }}</th><th>{{ t.scope }}</th>
      <th>{{ t.state }}</th><th>{{ t.expires }}</th><th>{{ t.last_used }}</th><th></th></tr>
    </thead>
    <tbody>
    {% for row in rows %}
      <tr><td>{{ row.name }}</td><td class="font-monospace">{{ row.prefix }}…</td>
        <td>{{ row.scope }}</td><td>{{ row.state }}</td><td>{{ row.expires }}</td>
        <td>{{ row.last_used }}</td>
        <td>{% if row.active %}<form method="post" action="{{ action }}">
          <input type="hidden" name="do" value="revoke">
          <input type="hidden" name="id" value="{{ row.id }}">
          <button class="btn btn-sm btn-outline-danger" type="submit">{{ t.revoke }}</button>
        </form>{% endif %}</td></tr>
    {% endfor %}
    </tbody>
  </table>
  {% else %}
  <p>{{ t.none }}</p>
  {% endif %}
  <p><a href="/">{{ t.back }}</a></p>
</main>
</body>
</html>
"""


def _db() -> Database:
    from flask import current_app

    return webauth.accounts_database(current_app)


def token_view() -> Any:
    """GET: the user's tokens and the form. POST do=create (name, scope, days): the new token,
    shown once; POST do=revoke (id): revoke one of the user's tokens."""
    from ekinerja.api.core import state

    lang = language(request.values.get("lang") or getattr(state().settings, "locale", None))
    _ = translator(lang)
    user = webauth.current_actor()
    assert user is not None  # the session gate let a signed-in user through
    db = _db()
    token, message, kind, status = None, None, "danger", 200
    if request.method == "POST":
        try:
            if request.form.get("do") == "revoke":
                mine = {t.id for t in tokens.list_tokens(db, user)}
                wanted = int(request.form.get("id", "0") or 0)
                if wanted not in mine:
                    raise ServiceError(Message(tokens.TOKEN_NOT_FOUND, {"id": str(wanted)}))
                tokens.revoke_token(db, user, wanted)
                message, kind = _(TEXTS["revoked"]), "success"
            else:
                days = request.form.get("days", "90")
                token, _info = tokens.create_token(
                    db, user, user.username, request.form.get("name", ""),
                    request.form.get("scope", "read"), int(days) if days.isdigit() else 0)
        except ServiceError as exc:
            message, status = str(exc), 400
    states = {"active": _(TEXTS["active"]), "expired": _(TEXTS["expired"]),
              "revoked": _(TEXTS["revoked_state"])}
    rows = []
    for info in reversed(tokens.list_tokens(db, user)):
        state = info.state()
        rows.append({
            "id": info.id, "name": info.name, "prefix": info.prefix,
            "scope": _(TEXTS["write"]) if info.scope == "write" else _(TEXTS["read"]),
            "state": states[state], "active": state == "active",
            "expires": f"{info.expires_at:%Y-%m-%d}" if info.expires_at else "-",
            "last_used": f"{info.last_used_at:%Y-%m-%d %H:%M}" if info.last_used_at else "-",
        })
    html = render_template_string(PAGE, lang=lang, t={k: _(v) for k, v in TEXTS.items()},
                                  token=token, message=message, kind=kind, rows=rows,
                                  action=f"{PATH}?lang={lang}")
    return Response(html, status=status, mimetype="text/html")


def install(server: Flask) -> None:
    """Serve /token on the app's server."""
    server.add_url_rule(PATH, "ekinerja_tokens", token_view, methods=["GET", "POST"])
