"""Single sign-on through an OpenID Connect provider, against a local fake provider (a real
HTTP server with discovery, authorization, token and key endpoints signing RS256 ID tokens),
on SQLite and PostgreSQL: the account tied to the NIP claim signs in, an unknown NIP and a
disabled account are refused in words, a forged token or state signs nobody in, and with
`oidc_create_accounts` a plan employee gets an employee account."""

from __future__ import annotations

import secrets
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from flask import Flask, jsonify, redirect, request
from joserfc import jwt
from joserfc.jwk import RSAKey
from sqlalchemy import select
from werkzeug.serving import make_server

from ekinerja import services
from ekinerja.app import AppSettings, create_app
from ekinerja.interchange import load
from ekinerja.services import accounts
from ekinerja.storage.database import Database
from ekinerja.storage.schema import AuditRow

PLAN = Path(__file__).parent / "plan.json"  # NTB-mini
NIP = "197001012000031001"  # Lalu Hamzanwadi, DIKES
OTHER_NIP = "198005052005012002"  # Baiq Nurhayati, DIKES-YAN
CLIENT_ID, CLIENT_SECRET = "ekinerja", "rahasia-klien"


class Provider:
    """A minimal OpenID Connect provider: it vouches for whichever NIP `next_nip` names."""

    def __init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "k1"})
        self.signing_key = self.key  # a test swaps in another key to forge a token
        self.next_nip: str | None = NIP
        self.codes: dict[str, dict[str, Any]] = {}
        app = Flask("fake-provider")
        app.add_url_rule("/.well-known/openid-configuration", "meta", self.metadata)
        app.add_url_rule("/authorize", "authorize", self.authorize)
        app.add_url_rule("/token", "token", self.token, methods=["POST"])
        app.add_url_rule("/jwks", "jwks", self.jwks)
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.issuer = f"http://127.0.0.1:{self.server.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def metadata(self) -> Any:
        return jsonify({
            "issuer": self.issuer, "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token", "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"], "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
        })

    def authorize(self) -> Any:
        assert request.args["client_id"] == CLIENT_ID
        code = secrets.token_urlsafe(8)
        self.codes[code] = {"nonce": request.args.get("nonce"), "nip": self.next_nip,
                            "redirect_uri": request.args["redirect_uri"]}
        return redirect(f'{request.args["redirect_uri"]}?'
                        + urlencode({"code": code, "state": request.args["state"]}))

    def token(self) -> Any:
        auth = request.authorization
        sent = (auth.username, auth.password) if auth else (
            request.form.get("client_id"), request.form.get("client_secret"))
        if sent != (CLIENT_ID, CLIENT_SECRET):
            return jsonify({"error": "invalid_client"}), 401
        grant = self.codes.pop(request.form.get("code", ""), None)
        if grant is None:
            return jsonify({"error": "invalid_grant"}), 400
        now = int(time.time())
        claims = {"iss": self.issuer, "sub": f"pegawai-{grant['nip']}", "aud": CLIENT_ID,
                  "iat": now, "exp": now + 300, "nonce": grant["nonce"]}
        if grant["nip"] is not None:
            claims["nip"] = grant["nip"]
        id_token = jwt.encode({"alg": "RS256", "kid": "k1"}, claims, self.signing_key)
        return jsonify({"access_token": secrets.token_urlsafe(8), "token_type": "Bearer",
                        "expires_in": 300, "id_token": id_token})

    def jwks(self) -> Any:
        return jsonify({"keys": [self.key.as_dict(private=False)]})


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    fake = Provider()
    fake.thread.start()
    yield fake
    fake.server.shutdown()


@pytest.fixture
def web(database_url: str, provider: Provider, monkeypatch: pytest.MonkeyPatch,
        add_account) -> Iterator[Any]:
    """The app with single sign-on at the fake provider; accounts: "hamzan" (employee, tied to
    NIP) and "mati" (viewer tied to OTHER_NIP, disabled)."""
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")  # the fake provider speaks http
    provider.next_nip = NIP
    provider.signing_key = provider.key
    db = Database(database_url)
    db.upgrade()
    services.import_document(db, services.system_user(), load(PLAN))
    add_account(db, "hamzan", "employee", unit="DIKES", nip=NIP)

    def app(**settings: Any) -> Any:
        return create_app(AppSettings(
            database_url=database_url, oidc_issuer=provider.issuer, oidc_client_id=CLIENT_ID,
            oidc_client_secret=CLIENT_SECRET, oidc_label="SSO NTB", **settings))

    yield app, db
    db.dispose()


def sign_on(client: Any, provider: Provider, next_path: str = "/") -> Any:
    """Click "Sign in with SSO", let the provider answer, and follow back: the app's answer."""
    start = client.get(f"/login/sso?next={next_path}")
    assert start.status_code == 302
    assert start.location.startswith(f"{provider.issuer}/authorize?")
    back = requests.get(start.location, allow_redirects=False, timeout=10)
    assert back.status_code == 302
    parts = urlsplit(back.headers["Location"])
    assert parts.path == "/login/sso/callback"
    return client.get(f"{parts.path}?{parts.query}")


def sessions(db: Database) -> list[tuple[str, str, Any]]:
    with db.read() as conn:
        log = AuditRow.__table__.c
        rows = conn.execute(select(log.username, log.action, log.new)
                            .where(log.entity.in_(["session", "account"])).order_by(log.id))
        return [tuple(r) for r in rows]


def test_the_sign_in_page_offers_the_region_sign_on(web) -> None:
    app, _db = web
    page = app().server.test_client().get("/login")
    assert 'id="sign-in-sso"' in page.text and "Masuk dengan SSO NTB" in page.text
    english = app().server.test_client().get("/login?lang=en")
    assert "Sign in with SSO NTB" in english.text


def test_without_an_issuer_there_is_no_sign_on(database_url: str) -> None:
    db = Database(database_url)
    db.upgrade()
    db.dispose()
    client = create_app(AppSettings(database_url=database_url)).server.test_client()
    assert 'id="sign-in-sso"' not in client.get("/login").text
    assert client.get("/login/sso").status_code in (302, 404)
    assert client.get("/login/sso").status_code != 200


def test_the_account_tied_to_the_nip_signs_in_and_lands_on_its_page(web, provider) -> None:
    app, db = web
    client = app().server.test_client()
    answer = sign_on(client, provider)
    assert answer.status_code == 303
    assert answer.location == "/kontribusi"  # an employee's landing page
    assert sign_on(app().server.test_client(), provider, "/skp").location == "/skp"
    assert client.get("/_dash-layout").status_code == 200  # signed in
    assert ("hamzan", "sign_in", {"via": "sso"}) in sessions(db)
    assert accounts.get_account(db, "hamzan").last_sign_in_at is not None


def test_an_unknown_nip_is_refused_in_words_and_signs_nobody_in(web, provider) -> None:
    app, db = web
    provider.next_nip = "199912312020121001"
    client = app().server.test_client()
    answer = sign_on(client, provider)
    assert answer.status_code == 403
    assert "Tidak ada akun yang terkait dengan NIP 199912312020121001" in answer.text
    assert client.get("/_dash-layout").status_code == 401
    assert sessions(db)[-1][1] == "sign_in_failed"


def test_a_token_without_the_nip_claim_is_refused(web, provider) -> None:
    app, _db = web
    provider.next_nip = None
    client = app().server.test_client()
    assert sign_on(client, provider).status_code == 403
    assert client.get("/_dash-layout").status_code == 401


def test_a_disabled_account_is_refused(web, provider, add_account) -> None:
    app, db = web
    add_account(db, "mati", "viewer", nip=OTHER_NIP)
    accounts.set_disabled(db, services.system_user(), "mati")
    provider.next_nip = OTHER_NIP
    client = app(oidc_create_accounts=True).server.test_client()
    answer = sign_on(client, provider)
    assert answer.status_code == 403 and "dinonaktifkan" in answer.text
    assert client.get("/_dash-layout").status_code == 401


def test_a_token_signed_by_another_key_signs_nobody_in(web, provider) -> None:
    app, db = web
    provider.signing_key = RSAKey.generate_key(2048, parameters={"kid": "k1"})
    client = app().server.test_client()
    answer = sign_on(client, provider)
    assert answer.status_code == 401 and "tidak berhasil" in answer.text
    assert client.get("/_dash-layout").status_code == 401
    assert not any(action == "sign_in" for _u, action, _n in sessions(db))


def test_a_callback_with_a_forged_state_signs_nobody_in(web, provider) -> None:
    app, _db = web
    client = app().server.test_client()
    start = client.get("/login/sso")
    back = requests.get(start.location, allow_redirects=False, timeout=10)
    query = parse_qs(urlsplit(back.headers["Location"]).query)
    forged = client.get(f"/login/sso/callback?code={query['code'][0]}&state=forged")
    assert forged.status_code == 401
    assert client.get("/_dash-layout").status_code == 401


def test_a_plan_employee_gets_an_account_when_the_setting_allows(web, provider) -> None:
    app, db = web
    provider.next_nip = OTHER_NIP
    refused = sign_on(app().server.test_client(), provider)
    assert refused.status_code == 403
    client = app(oidc_create_accounts=True).server.test_client()
    answer = sign_on(client, provider)
    assert answer.status_code == 303
    account = accounts.get_account(db, OTHER_NIP)
    assert (account.role, account.unit, account.nip, account.has_password) == (
        "employee", "DIKES-YAN", OTHER_NIP, False)
    assert any(action == "add" and new.get("via") == "sso"
               for _u, action, new in sessions(db) if new)
    # no password to sign in with: only the sign-on opens it
    password = client.post("/login", data={"username": OTHER_NIP, "password": ""})
    assert password.status_code in (400, 401)


def test_a_provider_that_does_not_answer_is_said_in_words(database_url: str) -> None:
    db = Database(database_url)
    db.upgrade()
    services.import_document(db, services.system_user(), load(PLAN))
    db.dispose()
    with socket.socket() as closed:  # a port nobody listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    client = create_app(AppSettings(
        database_url=database_url, oidc_issuer=f"http://127.0.0.1:{port}",
        oidc_client_id=CLIENT_ID)).server.test_client()
    answer = client.get("/login/sso")
    assert answer.status_code == 503 and "tidak berhasil" in answer.text
