"""Sign-in on the Flask server under Dash: /login, /logout, /password, /healthz, the request
gate, session cookies, security headers and error pages (Flask and Flask-Login; no Dash).

`install(server, settings, db)` is the one call `create_app` makes. Afterwards nothing but
/login, /logout, /healthz, /assets/… and the favicon answers without a signed-in, enabled
account: pages redirect to /login?next=…, every other path (/_dash-*) answers 401.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from datetime import timedelta
from typing import Any
from urllib.parse import quote, urlsplit

from flask import (
    Flask,
    Response,
    current_app,
    g,
    jsonify,
    redirect,
    render_template_string,
    request,
    session,
    url_for,
)
from flask.sessions import SecureCookieSessionInterface
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from werkzeug.exceptions import HTTPException

from ekinerja import sso
from ekinerja.i18n import LANGUAGE_NAMES, LANGUAGES, N_, language, translator
from ekinerja.messages import Message
from ekinerja.services import ServiceError, User, accounts
from ekinerja.settings import AppSettings
from ekinerja.storage.database import Database

CROSS_SITE = N_("cross-site request refused")
SIGN_IN_REQUIRED = N_("sign-in required")
CHANGE_PASSWORD_FIRST = N_("change your password first")

log = logging.getLogger("ekinerja.webauth")

LOGIN, LOGOUT, PASSWORD, HEALTH = "/login", "/logout", "/password", "/healthz"
SSO_START, SSO_CALLBACK = "/login/sso", "/login/sso/callback"
SSO_NEXT = "ekinerja_sso_next"
PUBLIC_PATHS = frozenset({LOGIN, LOGOUT, HEALTH, "/_favicon.ico", "/favicon.ico"})
SSO_PATHS = frozenset({SSO_START, SSO_CALLBACK})  # public too, when single sign-on is on
PUBLIC_PREFIXES = ("/assets/",)
TOKEN_PREFIXES = ("/api/v1/",)  # the JSON API authenticates its own requests (Bearer tokens)
CACHEABLE_PREFIXES = ("/assets/", "/_dash-component-suites/")
SESSION_COOKIE = "ekinerja_session"
SIGNED_IN_AT = "ekinerja_signed_in_at"
LANDING = {"employee": "/kontribusi"}  # the first page of a role after signing in (else "/")
EXTENSION = "ekinerja_webauth"
#: A session's account is kept this long in a worker, and only while the database revision
#: is the one it was read at (every account change is a write, which moves the revision).
ACCOUNT_SECONDS = 30.0
ACCOUNT_CACHE_SIZE = 4096  # accounts kept per worker (least recently used go first)


class SignedIn(UserMixin):
    """The Flask-Login user of a request: an enabled account."""

    def __init__(self, account: accounts.Account):
        self.account = account

    def get_id(self) -> str:
        """Id and password token: a password change or reset ends the other sessions."""
        return f"{self.account.id}:{self.account.session_token}"

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        """Disabled accounts are not signed in."""
        return not self.account.disabled


class _Accounts:
    """The accounts of the sessions a worker served lately, each with the database revision it
    was read at: one is used again only while the revision is the same (a disabled account, a
    new role or password is a write, which moves the revision: it takes effect at once) and
    for ACCOUNT_SECONDS at most. The revision is the request's own (Database.pin_revision),
    so a request signed in this way costs one look-up of the revision, no read of the account.
    """

    def __init__(self, db: Database):
        self._db = db
        self._entries: OrderedDict[int, tuple[int, float, accounts.Account | None]] = (
            OrderedDict())
        self._lock = threading.Lock()

    def get(self, user_id: int) -> accounts.Account | None:
        """The account of an id as of the current revision (None when it is gone)."""
        revision = self._db.revision()  # first: the account read below is at least as new
        now = time.monotonic()
        with self._lock:
            entry = self._entries.get(user_id)
            if entry is not None and entry[0] == revision and now - entry[1] < ACCOUNT_SECONDS:
                self._entries.move_to_end(user_id)
                return entry[2]
        account = accounts.account_by_id(self._db, user_id)
        with self._lock:
            self._entries[user_id] = (revision, now, account)
            self._entries.move_to_end(user_id)
            while len(self._entries) > ACCOUNT_CACHE_SIZE:
                self._entries.popitem(last=False)
        return account


class _State:
    """What the views need: the accounts database and the settings."""

    def __init__(self, settings: AppSettings, db: Database):
        self.settings = settings
        self.db = db
        self.lockout = accounts.Lockout.from_settings(settings)
        self.lifetime = timedelta(hours=settings.session_hours)
        self.accounts = _Accounts(db)


def _state() -> _State:
    from flask import current_app

    return current_app.extensions[EXTENSION]


# ----------------------------------------------------------------- the signed-in account
def current_account() -> accounts.Account | None:
    """The signed-in, enabled account of this request (None when anonymous)."""
    user = current_user
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.account


def current_actor() -> User | None:
    """The acting user of service calls in this request: the signed-in account, with the
    request's address (never a value the browser sends)."""
    account = current_account()
    return None if account is None else account.actor(client_address())


def accounts_database(server: Flask) -> Database:
    """The database holding the accounts of an app's server (see `install`)."""
    return server.extensions[EXTENSION].db


def landing(account: accounts.Account, target: str) -> str:
    """Where a sign-in goes: `target`, except that an employee asked for nothing in particular
    (the home page) opens their own page (/kontribusi, see LANDING)."""
    if target == "/" and account.role in LANDING:
        return LANDING[account.role]
    return target


def client_address() -> str | None:
    """The client's address (the proxies' X-Forwarded-For only when trusted by setting)."""
    return request.remote_addr


def _load_user(user_id: str) -> SignedIn | None:
    state = _state()
    number, _, token = user_id.partition(":")
    if not number.isdigit():
        return None
    signed_in_at = session.get(SIGNED_IN_AT)
    if not isinstance(signed_in_at, int | float) or \
            time.time() - signed_in_at > state.lifetime.total_seconds():
        return None
    account = state.accounts.get(int(number))
    if account is None or account.disabled or account.session_token != token:
        return None
    return SignedIn(account)


# ----------------------------------------------------------------- sessions and secret key
class _Sessions(SecureCookieSessionInterface):
    """Signed cookie sessions whose key is loaded on first use (from the setting, else the
    database) and whose Secure flag follows the setting or the request's scheme."""

    def __init__(self, secret: str | None, db: Database, secure: bool):
        self._secret = secret
        self._db = db
        self._secure = secure

    def get_signing_serializer(self, app: Flask) -> Any:
        if not app.secret_key:
            try:
                app.secret_key = self._secret or accounts.session_secret(self._db)
            except Exception as exc:  # the database is down: no session (the gate refuses)
                log.error("kunci sesi tidak tersedia / session key unavailable: %s", exc)
                return None
        return super().get_signing_serializer(app)

    def get_cookie_secure(self, app: Flask) -> bool:
        return self._secure or is_secure_request()


def is_secure_request() -> bool:
    """Whether the browser reached us over TLS (directly, or through a proxy saying https)."""
    forwarded = request.headers.get("X-Forwarded-Proto", "").split(",")[0].strip().lower()
    return request.is_secure or forwarded == "https"


# ----------------------------------------------------------------- redirects
def safe_next(target: str | None) -> str:
    """A same-site path to go to after signing in; anything else becomes "/"."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    if any(ord(ch) < 32 or ch == "\\" for ch in target):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return "/"
    if parts.path in (LOGIN, LOGOUT):
        return "/"
    return target


def _here() -> str:
    query = request.query_string.decode("latin-1")
    return request.path + (f"?{query}" if query else "")


def _to(path: str, **params: str | None) -> str:
    """`path` with query parameters (slashes left readable: /login?next=/bobot)."""
    shown = [f"{key}={quote(value, safe='/')}" for key, value in params.items() if value]
    return path + (f"?{'&'.join(shown)}" if shown else "")


# ----------------------------------------------------------------- pages
def page_head(title: str) -> str:
    """The start of a plain Flask page of the app (up to `<body>`): the language, the title (a
    Jinja expression) and the app's favicon and stylesheets."""
    return ("""<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>""" + title + """</title>
<link rel="icon" href="/_favicon.ico">
<link rel="stylesheet" href="/assets/00-bootstrap.min.css">
<link rel="stylesheet" href="/assets/ekinerja.css">
</head>
""")


PAGE = page_head("{{ heading }} · {{ title }}") + """<body>
<header class="topbar">
  <span class="brand">{{ title }}</span>
  <span class="signin-tagline">{{ tagline }}</span>
  <a class="signin-lang" href="{{ other_lang_href }}" hreflang="{{ other_lang }}"
     lang="{{ other_lang }}">{{ other_lang_name }}</a>
</header>
<main class="signin">
  <div class="panel signin-card">
    <h1 class="page-title mb-3">{{ heading }}</h1>
    {% if message %}
    <div class="alert alert-{{ message_kind }}" role="alert">{{ message }}</div>
    {% endif %}
    {% if form == "login" %}
    <form method="post" action="{{ action }}">
      <input type="hidden" name="next" value="{{ next }}">
      <input type="hidden" name="lang" value="{{ lang }}">
      <div class="mb-3">
        <label class="form-label" for="username">{{ labels.username }}</label>
        <input class="form-control" id="username" name="username" type="text"
               autocomplete="username" autocapitalize="none" spellcheck="false" required
               autofocus value="{{ username }}">
      </div>
      <div class="mb-3">
        <label class="form-label" for="password">{{ labels.password }}</label>
        <input class="form-control" id="password" name="password" type="password"
               autocomplete="current-password" required>
      </div>
      <button class="btn btn-primary w-100" id="sign-in" type="submit">{{ labels.submit }}</button>
    </form>
    {% if sso_href %}
    <p class="muted text-center my-2">{{ labels.or }}</p>
    <a class="btn btn-outline-primary w-100" id="sign-in-sso" href="{{ sso_href }}">
      {{ labels.sso }}</a>
    {% endif %}
    {% elif form == "password" %}
    <form method="post" action="{{ action }}">
      <input type="hidden" name="next" value="{{ next }}">
      <input type="hidden" name="lang" value="{{ lang }}">
      <p class="muted">{{ labels.who }}</p>
      <div class="mb-3">
        <label class="form-label" for="current">{{ labels.current }}</label>
        <input class="form-control" id="current" name="current" type="password"
               autocomplete="current-password" required autofocus>
      </div>
      <div class="mb-3">
        <label class="form-label" for="new">{{ labels.new }}</label>
        <input class="form-control" id="new" name="new" type="password"
               autocomplete="new-password" minlength="{{ min_length }}" required>
      </div>
      <div class="mb-3">
        <label class="form-label" for="repeat">{{ labels.repeat }}</label>
        <input class="form-control" id="repeat" name="repeat" type="password"
               autocomplete="new-password" minlength="{{ min_length }}" required>
      </div>
      <button class="btn btn-primary w-100" id="save-password" type="submit">
        {{ labels.submit }}</button>
    </form>
    <p class="mt-3 mb-0"><a href="{{ logout_href }}">{{ labels.sign_out }}</a></p>
    {% elif form == "retry" %}
    <p class="mb-0"><a href="{{ action }}">{{ labels.retry }}</a></p>
    {% endif %}
  </div>
</main>
</body>
</html>
"""

TEXTS = {
    "tagline": N_("Performance management of the regional government"),
    "sign_in": N_("Sign in"),
    "username": N_("User name"),
    "password": N_("Password"),
    "wrong": N_("The user name or the password is wrong."),
    "locked": N_("Too many failed sign-ins. Try again in {minutes} minutes."),
    "change": N_("Change your password"),
    "must_change": N_("Choose your own password before you continue."),
    "current": N_("Current password"),
    "new": N_("New password (at least {n} characters)"),
    "repeat": N_("Repeat the new password"),
    "differ": N_("The two new passwords differ."),
    "save": N_("Save"),
    "sign_out": N_("Sign out"),
    "signed_in_as": N_("Signed in as {name} ({username})."),
    "error": N_("Something went wrong on the server; it has been recorded. Try again."),
    "error_title": N_("Server error"),
    "retry": N_("Back to the sign-in page"),
    "or": N_("or"),
    "sso": N_("Sign in with {name}"),
    "sso_failed": N_("Single sign-on did not succeed; try again or sign in with a password."),
    "sso_unknown": N_("No account is tied to NIP {nip}. Ask the administrator for one."),
    "sso_disabled": N_("The account tied to NIP {nip} is disabled."),
}


def _lang() -> str:
    state = _state()
    chosen = request.values.get("lang") or g.get("ekinerja_lang")
    return language(chosen or state.settings.locale)


def _page(form: str, heading_key: str, status: int = 200, *, message: str | None = None,
          message_kind: str = "danger", next_path: str = "/", who: str = "",
          username: str = "") -> Response:
    """A server-rendered page in the app's look: `form` is "login", "password" or "retry"."""
    lang = _lang()
    _ = translator(lang)
    state = _state()
    other = next(code for code in LANGUAGES if code != lang)
    submit = TEXTS["save"] if form == "password" else TEXTS["sign_in"]
    labels = {
        "username": _(TEXTS["username"]), "password": _(TEXTS["password"]),
        "submit": _(submit), "current": _(TEXTS["current"]),
        "new": _(TEXTS["new"]).format(n=state.settings.password_min_length),
        "repeat": _(TEXTS["repeat"]), "sign_out": _(TEXTS["sign_out"]),
        "retry": _(TEXTS["retry"]), "who": who, "or": _(TEXTS["or"]),
        "sso": _(TEXTS["sso"]).format(name=state.settings.oidc_label),
    }
    sso_href = _to(SSO_START, next=next_path, lang=lang) if sso.enabled(state.settings) \
        else None
    here = LOGIN if form == "retry" else request.path
    html = render_template_string(
        PAGE, lang=lang, title=state.settings.title, tagline=_(TEXTS["tagline"]),
        heading=_(TEXTS[heading_key]), form=form, message=message, message_kind=message_kind,
        labels=labels, next=next_path, min_length=state.settings.password_min_length,
        action=_to(LOGIN, next=next_path, lang=lang) if form == "retry" else here,
        other_lang=other, other_lang_name=LANGUAGE_NAMES[other],
        other_lang_href=_to(here, lang=other, next=next_path),
        logout_href=_to(LOGOUT, lang=lang), username=username, sso_href=sso_href,
    )
    return Response(html, status=status, mimetype="text/html")


def login_view() -> Any:
    """GET: the sign-in form. POST (username, password): 303 to `next` (or the password page)
    on success, 401 with the form on failure, 429 while the name or the address is locked."""
    state = _state()
    nxt = safe_next(request.values.get("next"))
    if request.method == "GET":
        account = current_account()
        if account is not None:
            return redirect(landing(account, nxt), 302)
        return _page("login", "sign_in", next_path=nxt)
    username = request.form.get("username", "")
    password = request.form.get("password", "")
    result = accounts.sign_in(state.db, username, password, client_address(), state.lockout)
    _ = translator(_lang())
    if result.outcome == "locked":
        wait = result.retry_after()
        response = _page("retry", "sign_in", 429, next_path=nxt,
                         message=_(TEXTS["locked"]).format(minutes=max(1, (wait + 59) // 60)))
        response.headers["Retry-After"] = str(wait)
        return response
    if result.outcome != "ok" or result.account is None:
        return _page("login", "sign_in", 401, next_path=nxt, username=username[:100],
                     message=_(TEXTS["wrong"]))
    _start_session(result.account)
    nxt = landing(result.account, nxt)
    if result.account.must_change_password:
        return redirect(_to(PASSWORD, next=nxt, lang=request.form.get("lang")), 303)
    return redirect(nxt, 303)


def _start_session(account: accounts.Account) -> None:
    session.clear()
    login_user(SignedIn(account))
    session.permanent = True
    session[SIGNED_IN_AT] = time.time()


def sso_start_view() -> Any:
    """Send the browser to the region's sign-on (the page to return to kept in the session)."""
    nxt = safe_next(request.args.get("next"))
    session[SSO_NEXT] = [nxt, _lang()]
    callback = url_for("ekinerja_sso_callback", _external=True)
    try:
        return sso.client_of(current_app).authorize_redirect(callback)
    except (OSError, ValueError) as exc:  # the provider does not answer, or answers nonsense
        log.warning("single sign-on unavailable: %s", exc)
        return _page("login", "sign_in", 503, next_path=nxt,
                     message=translator(_lang())(TEXTS["sso_failed"]))


def sso_callback_view() -> Any:
    """Back from the sign-on: check the code and ID token, sign in the account of its NIP."""
    from authlib.integrations.base_client import OAuthError
    from joserfc.errors import JoseError

    state = _state()
    nxt, lang = session.pop(SSO_NEXT, None) or ["/", None]
    g.ekinerja_lang = lang  # the language the sign-in page was in
    _ = translator(_lang())
    try:
        token = sso.client_of(current_app).authorize_access_token()
    except (OAuthError, JoseError, OSError, ValueError) as exc:  # refused, unreachable, forged
        log.warning("single sign-on failed: %s", exc)
        return _page("login", "sign_in", 401, next_path=nxt, message=_(TEXTS["sso_failed"]))
    nip = sso.nip_of(token, state.settings)
    result = accounts.sign_in_by_nip(state.db, nip, client_address(),
                                     create=state.settings.oidc_create_accounts)
    if result.outcome != "ok" or result.account is None:
        key = "sso_disabled" if result.outcome == "failed" else "sso_unknown"
        return _page("login", "sign_in", 403, next_path=nxt,
                     message=_(TEXTS[key]).format(nip=nip or "-"))
    _start_session(result.account)
    return redirect(landing(result.account, nxt), 303)


def logout_view() -> Any:
    """End the session (GET or POST) and go to the sign-in page."""
    state = _state()
    actor = current_actor()
    if actor is not None:
        accounts.sign_out(state.db, actor)
    logout_user()
    session.clear()
    return redirect(_to(LOGIN, lang=request.values.get("lang")),
                    303 if request.method == "POST" else 302)


def password_view() -> Any:
    """The signed-in user replaces their password (required after a one-time password)."""
    state = _state()
    account = current_account()
    assert account is not None  # the gate let a signed-in user through
    _ = translator(_lang())
    nxt = safe_next(request.values.get("next"))
    who = _(TEXTS["signed_in_as"]).format(name=account.name, username=account.username)
    notice = _(TEXTS["must_change"]) if account.must_change_password else None
    if request.method == "GET":
        return _page("password", "change", next_path=nxt, who=who, message=notice,
                     message_kind="warning")
    new, repeat = request.form.get("new", ""), request.form.get("repeat", "")
    if new != repeat:
        return _page("password", "change", 400, next_path=nxt, who=who,
                     message=_(TEXTS["differ"]))
    try:
        changed = accounts.change_own_password(
            state.db, account.actor(client_address()), request.form.get("current", ""), new,
            state.lockout, state.settings.password_min_length)
    except ServiceError as exc:
        return _page("password", "change", 400, next_path=nxt, who=who, message=str(exc))
    _start_session(changed)
    return redirect(nxt, 303)


def health_view() -> Any:
    """Anonymous health check: status, schema version, database reachable (no plan data)."""
    db = _state().db
    expected = db.head_revision()
    try:
        current = db.current_revision()
        reachable = True
    except Exception:
        current, reachable = None, False
    healthy = reachable and current == expected
    body = {"status": "ok" if healthy else "error", "database_reachable": reachable,
            "schema_version": current, "schema_expected": expected}
    return jsonify(body), 200 if healthy else 503


# ----------------------------------------------------------------- the gate
def _is_public(path: str) -> bool:
    if path in SSO_PATHS:
        return sso.enabled(_state().settings)
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def _is_api(path: str) -> bool:
    return path.startswith("/_")


def _unpin(_exc: BaseException | None) -> None:
    """After every request: the revision is read afresh again."""
    _state().db.unpin_revision()


def _refused(status: int, msgid: str) -> Response:
    """A JSON refusal of a callback request, "Indonesian / English" (no page to show it on)."""
    response = jsonify({"error": Message(msgid).bilingual()})
    response.status_code = status
    return response


def _cross_site() -> bool:
    """A state-changing request sent by another site's page (login CSRF and the like)."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return False
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site == "cross-site"
    origin = request.headers.get("Origin")
    return origin is not None and origin != "null" and urlsplit(origin).netloc != request.host


def gate() -> Any:
    """Before every request: let public paths through, refuse the rest without a session.

    The database revision is pinned for the request (read once, by the first that asks: the
    session's account, the plan's engine, the revision poll) until the request writes."""
    _state().db.pin_revision()
    if _cross_site():
        return _refused(403, CROSS_SITE)
    path = request.path
    if _is_public(path) or path.startswith(TOKEN_PREFIXES):
        return None
    account = current_account()
    if account is None:
        if _is_api(path) or request.method not in ("GET", "HEAD"):
            return _refused(401, SIGN_IN_REQUIRED)
        return redirect(_to(LOGIN, next=_here()), 302)
    if account.must_change_password and path != PASSWORD:
        if _is_api(path) or request.method not in ("GET", "HEAD"):
            return _refused(401, CHANGE_PASSWORD_FIRST)
        return redirect(_to(PASSWORD, next=_here()), 302)
    return None


# ----------------------------------------------------------------- headers and errors
def content_security_policy(script_hashes: Iterable[str] = ()) -> str:
    """The CSP of every response: scripts only from here (and Dash's own inline hashes)."""
    scripts = " ".join(["'self'", *script_hashes])
    return "; ".join([
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self' 'unsafe-inline'",  # Plotly, AG Grid and Cytoscape set inline styles
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def _headers(policy: str) -> Any:
    def add(response: Response) -> Response:
        headers = response.headers
        headers["Content-Security-Policy"] = policy
        headers["X-Content-Type-Options"] = "nosniff"
        headers["X-Frame-Options"] = "DENY"
        headers["Referrer-Policy"] = "same-origin"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if not request.path.startswith(CACHEABLE_PREFIXES) and not (
                request.path.startswith(TOKEN_PREFIXES) and "Cache-Control" in headers):
            headers["Cache-Control"] = "no-store"
        if is_secure_request():
            headers["Strict-Transport-Security"] = "max-age=31536000"
        return response

    return add


def _error(exc: Exception) -> Any:
    from ekinerja import weblog

    if isinstance(exc, HTTPException):
        return exc
    weblog.log_failure(exc, "request")  # with the request id, which the answer names too
    if _is_api(request.path):
        lang = weblog.lang_of_callback() or _lang()
        response = jsonify({"error": weblog.failure_text(lang),
                            "request_id": weblog.request_id()})
        response.status_code = 500
        return response
    return _page("retry", "error_title", 500, message=weblog.failure_text(_lang()))


# ----------------------------------------------------------------- install
def install(server: Flask, settings: AppSettings, db: Database, *,
            script_hashes: Iterable[str] = ()) -> None:
    """Put sign-in, the gate, session settings, security headers and error pages on `server`.

    `db` holds the accounts (in plan-file mode too); `script_hashes` are the CSP hashes of
    the inline scripts the app serves (Dash's `csp_hashes()`).
    """
    if settings.trusted_proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = settings.trusted_proxies
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    state = _State(settings, db)
    server.extensions[EXTENSION] = state
    server.config.update(
        SESSION_COOKIE_NAME=SESSION_COOKIE,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_REFRESH_EACH_REQUEST=False,
        PERMANENT_SESSION_LIFETIME=state.lifetime,
    )
    server.session_interface = _Sessions(settings.secret_key, db, settings.secure_cookies)
    manager = LoginManager()
    manager.session_protection = None  # addresses change behind NAT and mobile networks
    manager.user_loader(_load_user)
    manager.init_app(server)
    server.before_request_funcs.setdefault(None, []).insert(0, gate)
    server.teardown_request(_unpin)
    server.after_request(_headers(content_security_policy(script_hashes)))
    server.register_error_handler(Exception, _error)
    server.add_url_rule(LOGIN, "ekinerja_login", login_view, methods=["GET", "POST"])
    server.add_url_rule(LOGOUT, "ekinerja_logout", logout_view, methods=["GET", "POST"])
    server.add_url_rule(PASSWORD, "ekinerja_password", password_view, methods=["GET", "POST"])
    server.add_url_rule(HEALTH, "ekinerja_health", health_view, methods=["GET"])
    if sso.enabled(settings):
        sso.register(server, settings)
        server.add_url_rule(SSO_START, "ekinerja_sso_start", sso_start_view, methods=["GET"])
        server.add_url_rule(SSO_CALLBACK, "ekinerja_sso_callback", sso_callback_view,
                            methods=["GET"])
