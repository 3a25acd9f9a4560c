"""Sign-in over HTTP (Flask test client against create_app) on SQLite and PostgreSQL: the gate,
/login, /logout, /password, /healthz, lockouts, cookies, security headers, error pages."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from ekinerja import services, webauth
from ekinerja.app import AppSettings, create_app
from ekinerja.interchange import load
from ekinerja.services import accounts
from ekinerja.storage.database import Database

PLAN = Path(__file__).parent / "plan.json"  # NTB-mini; its name is below
PLAN_NAME = "RPJMD Provinsi NTB"
INDICATOR, PERIOD = "IK-DIK-1", "2023-Q2"
ASSET = "/assets/00-bootstrap.min.css"


@pytest.fixture
def web(database_url: str, add_account) -> Any:
    """The app on a real database of NTB-mini, with the accounts penguji (admin), tamu
    (viewer) and mati (disabled viewer); `web.app`, `web.db`, `web.client()`."""
    db = Database(database_url)
    db.upgrade()
    services.import_document(db, services.system_user(), load(PLAN))
    add_account(db, "penguji", "admin")
    add_account(db, "tamu", "viewer")
    add_account(db, "mati", "viewer")
    accounts.set_disabled(db, services.system_user(), "mati")

    class Web:
        app = create_app(AppSettings(database_url=database_url))

        @staticmethod
        def client(address: str = "127.0.0.1") -> Any:
            return client_from(Web.app, address)

    Web.db = db  # type: ignore[attr-defined]
    yield Web
    db.dispose()


def client_from(app: Any, address: str = "127.0.0.1") -> Any:
    """A test client of an app whose requests come from `address`."""
    client = app.server.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def post_login(client: Any, username: str, password: str, path: str = "/login") -> Any:
    return client.post(path, data={"username": username, "password": password})


def save_callback(app: Any, value: float = 8.0) -> dict[str, Any]:
    """A real /_dash-update-component body: the Input Realisasi save button, as the browser
    posts it (picked user penguji, indicator IK-DIK-1, 2023-Q2)."""
    key = next(k for k in app.callback_map if "entry-message.children" in k)
    spec = app.callback_map[key]
    outputs = []
    for part in key.strip(".").split("..."):
        component, prop = part.rsplit(".", 1)
        outputs.append({"id": component, "property": prop})
    values = {"entry-user": "penguji", "entry-indicator": INDICATOR, "period": PERIOD,
              "entry-value": value, "entry-note": None, "entry-evidence": None, "lang": "id"}
    return {
        "output": key,
        "outputs": outputs,
        "inputs": [{**i, "value": 1} for i in spec["inputs"]],
        "changedPropIds": [f"{spec['inputs'][0]['id']}.{spec['inputs'][0]['property']}"],
        "state": [{**s, "value": values.get(s["id"])} for s in spec["state"]],
    }


def realizations(db: Database) -> int:
    return len(services.realization_history(db, None, INDICATOR, PERIOD))


def assert_no_plan_data(response: Any) -> None:
    body = response.get_data(as_text=True)
    assert PLAN_NAME not in body and INDICATOR not in body and PERIOD not in body


# ----------------------------------------------------------------- anonymous requests
def test_an_anonymous_home_page_redirects_to_the_login_page(web) -> None:
    response = web.client().get("/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/"


def test_an_anonymous_page_redirect_keeps_its_path_and_query(web) -> None:
    response = web.client().get("/scorecard?unit=DIKES")
    assert response.headers["Location"] == "/login?next=/scorecard%3Funit%3DDIKES"


@pytest.mark.parametrize("path", ["/_dash-layout", "/_dash-dependencies", "/_reload-hash",
                                  "/_dash-component-suites/dash/deps/react@18.min.js"])
def test_anonymous_dash_endpoints_answer_401_without_plan_data(web, path: str) -> None:
    response = web.client().get(path)
    assert response.status_code == 401
    assert_no_plan_data(response)


def test_an_anonymous_callback_post_is_refused_and_writes_nothing(web) -> None:
    before = (realizations(web.db), services.revision(web.db))
    response = web.client().post("/_dash-update-component", json=save_callback(web.app))
    assert response.status_code == 401
    assert_no_plan_data(response)
    assert (realizations(web.db), services.revision(web.db)) == before


def test_the_same_callback_post_after_signing_in_writes(web, sign_in) -> None:
    client = web.client()
    sign_in(client)
    response = client.post("/_dash-update-component", json=save_callback(web.app))
    assert response.status_code == 200
    assert realizations(web.db) == 2  # the imported entry and the new one


def test_the_health_check_answers_anonymously_without_plan_data(web) -> None:
    response = web.client().get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database_reachable": True,
                                   "schema_version": web.db.head_revision(),
                                   "schema_expected": web.db.head_revision()}
    assert_no_plan_data(response)


def test_static_assets_and_the_favicon_are_public(web) -> None:
    client = web.client()
    for path in (ASSET, "/_favicon.ico"):
        with client.get(path) as response:
            assert response.status_code == 200


def test_the_login_page_is_public(web) -> None:
    response = web.client().get("/login")
    assert response.status_code == 200
    html = response.get_data(as_text=True)  # the app's page head (webauth.page_head)
    assert html.startswith("<!DOCTYPE html>") and 'href="/assets/ekinerja.css"' in html
    assert re.search(r"<title>[^<]+ · [^<]+</title>", html), html[:500]


# ----------------------------------------------------------------- signing in
def test_the_right_password_redirects_with_303_and_opens_the_layout(web, sign_in) -> None:
    client = web.client()
    response = sign_in(client)
    assert response.headers["Location"] == "/"
    layout = client.get("/_dash-layout")
    assert layout.status_code == 200 and PERIOD in layout.get_data(as_text=True)


def test_signing_in_goes_to_the_next_page(web, account_password) -> None:
    response = web.client().post("/login?next=/bobot", data={
        "username": "penguji", "password": account_password})
    assert (response.status_code, response.headers["Location"]) == (303, "/bobot")


def test_an_employee_signing_in_lands_on_their_own_page(web, add_account, sign_in) -> None:
    add_account(web.db, "baiq", "employee", nip="198005052005012002")
    response = sign_in(web.client(), "baiq")
    assert response.headers["Location"] == "/kontribusi"


def test_an_employee_asked_for_a_page_goes_there(web, add_account, account_password) -> None:
    add_account(web.db, "baiq", "employee", nip="198005052005012002")
    response = web.client().post("/login?next=/scorecard", data={
        "username": "baiq", "password": account_password})
    assert response.headers["Location"] == "/scorecard"


def test_the_navbar_of_the_layout_names_the_signed_in_account(web, sign_in) -> None:
    client = web.client()
    sign_in(client, "tamu")
    layout = client.get("/_dash-layout").get_data(as_text=True)
    assert '"id":"account"' in layout.replace(" ", "") and "Pengamat" in layout
    assert "/pengguna" not in layout  # a viewer's navbar has no accounts page


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/x",
                                    "/\\evil.example", "javascript:alert(1)", "bobot"])
def test_a_next_outside_the_site_goes_home(web, account_password, target: str) -> None:
    response = web.client().post("/login", data={
        "username": "penguji", "password": account_password, "next": target})
    assert response.headers["Location"] == "/"


def test_a_wrong_password_answers_401_with_the_form_and_a_neutral_message(web) -> None:
    response = post_login(web.client(), "penguji", "salah-sekali")
    body = response.get_data(as_text=True)
    assert response.status_code == 401
    assert "Nama pengguna atau kata sandi salah." in body and 'name="password"' in body


def test_an_unknown_name_gets_the_same_answer_as_a_wrong_password(web) -> None:
    wrong = post_login(web.client("10.0.0.1"), "penguji", "salah-sekali")
    unknown = post_login(web.client("10.0.0.2"), "siapa", "salah-sekali")
    assert unknown.status_code == wrong.status_code == 401
    message = re.compile(r'role="alert">([^<]*)<')
    assert message.findall(unknown.get_data(as_text=True)) == message.findall(
        wrong.get_data(as_text=True))


def test_a_failed_sign_in_is_audited_with_the_name_and_address(web) -> None:
    post_login(web.client("10.1.2.3"), "penguji", "salah-sekali")
    record = services.audit_log(web.db, entity="session")[0]
    assert (record["key"], record["action"], record["address"]) == (
        "penguji", "sign_in_failed", "10.1.2.3")
    assert "salah-sekali" not in json.dumps(services.audit_log(web.db), default=str)


def test_a_sign_in_is_audited_with_the_account_and_address(web, sign_in) -> None:
    sign_in(web.client("10.1.2.3"))
    record = services.audit_log(web.db, entity="session")[0]
    assert (record["username"], record["action"], record["address"]) == (
        "penguji", "sign_in", "10.1.2.3")


def test_repeated_failures_lock_the_user_name_with_429(web, account_password) -> None:
    for i in range(5):
        assert post_login(web.client(f"10.0.1.{i}"), "penguji", "salah").status_code == 401
    response = post_login(web.client("10.0.1.99"), "penguji", account_password)
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert "Coba lagi dalam 15 menit" in response.get_data(as_text=True)


def test_repeated_failures_from_one_address_lock_it_with_429(web, account_password) -> None:
    client = web.client("10.0.2.1")
    for i in range(10):
        assert post_login(client, f"tamu{i}", "salah").status_code == 401
    assert post_login(client, "penguji", account_password).status_code == 429
    assert post_login(web.client("10.0.2.2"), "penguji", account_password).status_code == 303


def test_the_lockout_is_shared_by_every_worker_of_the_database(web, account_password) -> None:
    for i in range(5):
        post_login(web.client(f"10.0.3.{i}"), "penguji", "salah")
    other_worker = create_app(AppSettings(database_url=web.db.url))
    response = post_login(other_worker.server.test_client(), "penguji", account_password)
    assert response.status_code == 429


def test_a_disabled_account_is_refused(web, account_password) -> None:
    assert post_login(web.client(), "mati", account_password).status_code == 401


def test_disabling_a_signed_in_account_ends_its_session(web, sign_in) -> None:
    client = web.client()
    sign_in(client, "tamu")
    accounts.set_disabled(web.db, services.system_user(), "tamu")
    assert client.get("/_dash-layout").status_code == 401


def test_a_signed_in_request_reads_its_account_once_per_revision(web, sign_in,
                                                               monkeypatch) -> None:
    """The account of a session is kept in the worker while the revision holds; a write (any)
    makes the next request read it again."""
    client = web.client()
    sign_in(client, "tamu")
    reads: list[int] = []
    real = accounts.account_by_id
    monkeypatch.setattr(accounts, "account_by_id",
                        lambda db, user_id: reads.append(user_id) or real(db, user_id))
    for _ in range(3):
        assert client.get("/_dash-layout").status_code == 200
    assert len(reads) == 1
    with Database(web.db.url).write():
        pass
    assert client.get("/_dash-layout").status_code == 200
    assert len(reads) == 2


def test_disabling_an_account_in_another_worker_ends_its_kept_session_at_once(
        web, sign_in) -> None:
    client = web.client()
    sign_in(client, "tamu")
    assert client.get("/_dash-layout").status_code == 200  # its account is kept now
    other_worker = Database(web.db.url)
    accounts.set_disabled(other_worker, services.system_user(), "tamu")
    other_worker.dispose()
    assert client.get("/_dash-layout").status_code == 401


def test_a_role_changed_in_another_worker_applies_to_the_next_request(web, sign_in,
                                                                     add_account) -> None:
    add_account(web.db, "kedua", "admin")  # the last administrator keeps their role
    client = web.client()
    sign_in(client)  # penguji, an administrator: may save
    assert client.post("/_dash-update-component", json=save_callback(web.app, 8.0)
                       ).status_code == 200
    assert realizations(web.db) == 2
    other_worker = Database(web.db.url)
    accounts.update_account(other_worker, services.system_user(), "penguji", role="viewer")
    other_worker.dispose()
    client.post("/_dash-update-component", json=save_callback(web.app, 9.0))
    assert realizations(web.db) == 2  # a viewer's save is refused


def test_a_password_reset_ends_the_accounts_other_sessions(web, sign_in) -> None:
    client = web.client()
    sign_in(client, "tamu")
    accounts.set_password(web.db, services.system_user(), "tamu", "baru-sekali-1")
    assert client.get("/_dash-layout").status_code == 401


def test_a_rehash_at_another_sign_in_keeps_the_open_sessions(web, sign_in,
                                                             account_password) -> None:
    from ekinerja import passwords

    client = web.client()
    sign_in(client, "tamu")
    with web.db.connect() as conn:  # as if the hashing parameters had changed since
        conn.execute(text("UPDATE users SET password_hash = :h WHERE username = 'tamu'"),
                     {"h": passwords.hash_generated(account_password)})
    sign_in(web.client("10.0.9.9"), "tamu")
    assert client.get("/_dash-layout").status_code == 200


def test_a_session_ends_after_its_lifetime(web, sign_in, monkeypatch) -> None:
    client = web.client()
    sign_in(client)
    later = webauth.time.time() + 12 * 3600 + 1
    monkeypatch.setattr(webauth.time, "time", lambda: later)
    assert client.get("/_dash-layout").status_code == 401


def test_the_stored_password_hash_is_argon2id(web) -> None:
    with web.db.connect() as conn:
        digests = conn.execute(text("SELECT password_hash FROM users")).scalars().all()
    assert digests and all(d.startswith("$argon2id$") for d in digests)


# ----------------------------------------------------------------- signing out
def test_logging_out_ends_the_session(web, sign_in) -> None:
    client = web.client()
    sign_in(client)
    response = client.get("/logout")
    assert (response.status_code, response.headers["Location"]) == (302, "/login")
    assert client.get("/_dash-layout").status_code == 401


def test_logging_out_by_post_answers_303_and_is_audited(web, sign_in) -> None:
    client = web.client("10.4.4.4")
    sign_in(client)
    assert client.post("/logout").status_code == 303
    record = services.audit_log(web.db, entity="session")[0]
    assert (record["username"], record["action"], record["address"]) == (
        "penguji", "sign_out", "10.4.4.4")


# ----------------------------------------------------------------- one-time passwords
@pytest.fixture
def one_time(web) -> str:
    """The account "baru" whose password must be replaced at the first sign-in."""
    accounts.create_account(web.db, services.system_user(), "baru", "viewer", "sekali-pakai-1",
                            must_change_password=True)
    return "sekali-pakai-1"


def test_a_one_time_password_leads_to_the_password_page(web, one_time) -> None:
    client = web.client()
    response = post_login(client, "baru", one_time)
    assert response.headers["Location"].startswith("/password?next=/")
    assert client.get("/_dash-layout").status_code == 401
    assert client.get("/").headers["Location"] == "/password?next=/"


def test_choosing_a_new_password_opens_the_app(web, one_time) -> None:
    client = web.client()
    post_login(client, "baru", one_time)
    response = client.post("/password", data={"current": one_time, "new": "pilihan-sendiri-1",
                                               "repeat": "pilihan-sendiri-1"})
    assert (response.status_code, response.headers["Location"]) == (303, "/")
    assert client.get("/_dash-layout").status_code == 200


def test_two_different_new_passwords_change_nothing(web, one_time) -> None:
    client = web.client()
    post_login(client, "baru", one_time)
    response = client.post("/password", data={"current": one_time, "new": "pilihan-sendiri-1",
                                               "repeat": "pilihan-sendiri-2"})
    assert response.status_code == 400
    assert "Kedua kata sandi baru tidak sama." in response.get_data(as_text=True)
    assert accounts.get_account(web.db, "baru").must_change_password


def test_a_wrong_current_password_on_the_password_page_changes_nothing(web, sign_in,
                                                                       account_password) -> None:
    client = web.client()
    sign_in(client, "tamu")
    response = client.post("/password", data={"current": "salah", "new": "pilihan-sendiri-1",
                                               "repeat": "pilihan-sendiri-1"})
    assert response.status_code == 400
    assert "the current password is wrong" in response.get_data(as_text=True)
    assert post_login(web.client(), "tamu", account_password).status_code == 303


# ----------------------------------------------------------------- pages, headers, cookies
def test_the_login_page_has_labelled_inputs_and_no_inline_script(web) -> None:
    body = web.client().get("/login").get_data(as_text=True)
    assert '<label class="form-label" for="username">Nama pengguna</label>' in body
    assert '<label class="form-label" for="password">Kata sandi</label>' in body
    assert "<script" not in body and "/assets/00-bootstrap.min.css" in body


def test_the_login_page_switches_to_english(web) -> None:
    body = web.client().get("/login?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in body and ">User name</label>" in body


def test_the_login_page_offers_the_other_language(web) -> None:
    body = web.client().get("/login?next=/bobot").get_data(as_text=True)
    assert 'href="/login?lang=en&amp;next=/bobot"' in body


@pytest.mark.parametrize("path", ["/login", "/", "/_dash-layout", ASSET, "/healthz",
                                  "/logout"])
def test_every_response_carries_the_security_headers(web, path: str) -> None:
    with web.client().get(path) as response:
        headers = response.headers
    policy = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_scripts_are_allowed_only_from_here_and_by_dashs_own_hashes(web) -> None:
    policy = web.client().get("/login").headers["Content-Security-Policy"]
    scripts = next(d for d in policy.split("; ") if d.startswith("script-src "))
    assert scripts == "script-src 'self' " + " ".join(web.app.csp_hashes())
    assert "unsafe" not in scripts


def test_the_session_cookie_is_httponly_and_samesite_lax(web, sign_in) -> None:
    cookie = sign_in(web.client()).headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_the_session_cookie_is_secure_behind_a_proxy_saying_https(web, account_password) -> None:
    response = web.client().post("/login", data={"username": "penguji",
                                                 "password": account_password},
                                 headers={"X-Forwarded-Proto": "https"})
    assert "Secure" in response.headers["Set-Cookie"]
    assert "Strict-Transport-Security" in response.headers


def test_the_session_cookie_is_secure_by_setting(database_url, accounts_url, sign_in) -> None:
    app = create_app(AppSettings(plan_file=str(PLAN), database_url=accounts_url,
                                 secure_cookies=True))
    assert "Secure" in sign_in(app.server.test_client()).headers["Set-Cookie"]


def test_a_cross_site_form_post_is_refused(web, account_password) -> None:
    response = web.client().post("/login", data={"username": "penguji",
                                                 "password": account_password},
                                 headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403


def test_an_other_origin_post_is_refused(web, account_password) -> None:
    response = web.client().post("/login", data={"username": "penguji",
                                                 "password": account_password},
                                 headers={"Origin": "https://evil.example"})
    assert response.status_code == 403


def test_a_server_error_shows_no_stack_trace(accounts_url, sign_in) -> None:
    from ekinerja.sources import FileSource

    broken = {"now": False}

    class BreakingSource(FileSource):
        def __call__(self):
            if broken["now"]:
                raise RuntimeError("secret internals")
            return super().__call__()

    app = create_app(AppSettings(database_url=accounts_url), provider=BreakingSource(PLAN))
    client = app.server.test_client()
    sign_in(client)
    broken["now"] = True
    response = client.get("/_dash-layout")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Traceback" not in body and "secret internals" not in body


def test_a_server_error_on_a_page_is_a_readable_page(accounts_url, sign_in) -> None:
    app = create_app(AppSettings(plan_file=str(PLAN), database_url=accounts_url))

    @app.server.route("/boom")
    def boom():
        raise RuntimeError("secret internals")

    client = app.server.test_client()
    sign_in(client)
    response = client.get("/boom")
    body = response.get_data(as_text=True)
    assert response.status_code == 500 and "Kesalahan server" in body
    assert "secret internals" not in body


# ----------------------------------------------------------------- modes and keys
def test_plan_file_mode_asks_to_sign_in_too(accounts_url, sign_in) -> None:
    app = create_app(AppSettings(plan_file=str(PLAN), database_url=accounts_url))
    client = app.server.test_client()
    assert client.get("/_dash-layout").status_code == 401
    sign_in(client)
    assert client.get("/_dash-layout").status_code == 200


def test_the_health_check_reports_an_unreachable_database() -> None:
    app = create_app(AppSettings(plan_file=str(PLAN),
                                 database_url="postgresql+psycopg://postgres@127.0.0.1:9/none"))
    response = app.server.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database_reachable"] is False


def test_a_session_from_one_worker_is_valid_in_another(web, sign_in) -> None:
    client = web.client()
    sign_in(client)
    other_worker = create_app(AppSettings(database_url=web.db.url))
    cookie = client.get_cookie(webauth.SESSION_COOKIE)
    other = other_worker.server.test_client()
    other.set_cookie(webauth.SESSION_COOKIE, cookie.value)
    assert other.get("/_dash-layout").status_code == 200


def test_a_secret_key_setting_signs_the_sessions_instead(accounts_url, sign_in) -> None:
    key = "k" * 48
    first = create_app(AppSettings(plan_file=str(PLAN), database_url=accounts_url,
                                   secret_key=key))
    client = first.server.test_client()
    sign_in(client)
    cookie = client.get_cookie(webauth.SESSION_COOKIE).value
    same_key = create_app(AppSettings(plan_file=str(PLAN), database_url=accounts_url,
                                      secret_key=key)).server.test_client()
    stored_key = create_app(AppSettings(plan_file=str(PLAN), database_url=accounts_url)
                            ).server.test_client()
    same_key.set_cookie(webauth.SESSION_COOKIE, cookie)
    stored_key.set_cookie(webauth.SESSION_COOKIE, cookie)
    assert same_key.get("/_dash-layout").status_code == 200
    assert stored_key.get("/_dash-layout").status_code == 401


def test_the_acting_user_is_the_signed_in_account_at_its_address(web, sign_in) -> None:
    @web.app.server.route("/_test-actor")
    def actor():
        user = webauth.current_actor()
        return {"username": user.username, "role": user.role, "address": user.address}

    client = web.client("10.7.7.7")
    sign_in(client, "tamu")
    assert client.get("/_test-actor").get_json() == {
        "username": "tamu", "role": "viewer", "address": "10.7.7.7"}


def test_a_trusted_proxy_gives_the_clients_address(database_url, add_account, sign_in) -> None:
    db = Database(database_url)
    db.upgrade()
    add_account(db, "penguji")
    app = create_app(AppSettings(plan_file=str(PLAN), database_url=database_url,
                                 trusted_proxies=1))
    client = client_from(app)
    client.post("/login", data={"username": "penguji", "password": "salah"},
                headers={"X-Forwarded-For": "203.0.113.9"})
    assert services.audit_log(db, entity="session")[0]["address"] == "203.0.113.9"
    db.dispose()


def test_an_untrusted_forwarded_for_is_ignored(web) -> None:
    web.client("10.5.5.5").post("/login", data={"username": "x", "password": "y"},
                                headers={"X-Forwarded-For": "203.0.113.9"})
    assert services.audit_log(web.db, entity="session")[0]["address"] == "10.5.5.5"


@pytest.mark.parametrize(("target", "expected"), [
    ("/bobot?x=1", "/bobot?x=1"), ("/", "/"), (None, "/"), ("", "/"), ("/login", "/"),
    ("//evil.example", "/"), ("/\\evil", "/"), ("/a\nb", "/"), ("http://x/y", "/"),
])
def test_safe_next_keeps_only_paths_of_this_site(target, expected) -> None:
    assert webauth.safe_next(target) == expected
