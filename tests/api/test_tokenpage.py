"""/token over HTTP: a signed-in user makes a token (shown once), sees and revokes their own
tokens, never another's; anonymous clients are sent to sign in."""

from __future__ import annotations

import re

from ekinerja import services
from ekinerja.services import tokens


def made_token(html: str) -> str:
    found = re.search(r'id="new-token" readonly value="(ekn_[\w-]+)"', html)
    assert found, html[:2000]
    return found.group(1)


def test_anonymous_clients_are_sent_to_sign_in(api):
    response = api.client.get("/token")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert api.client.post("/token", data={"name": "x"}).status_code == 401


def test_a_user_makes_a_token_shown_once_that_acts_as_them(api, sign_in):
    sign_in(api.client, "operator1")
    page = api.client.post("/token?lang=en", data={"do": "create", "name": "laptop",
                                                  "scope": "write", "days": "30"})
    assert page.status_code == 200
    token = made_token(page.get_data(as_text=True))
    found = tokens.authenticate(api.db, token)
    assert (found.user.username, found.scope) == ("operator1", "write")
    again = api.client.get("/token?lang=en").get_data(as_text=True)
    assert token not in again and "laptop" in again and token[:8] in again
    response = api.client.get("/api/v1/units", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def test_the_page_speaks_indonesian_by_default(api, sign_in):
    sign_in(api.client, "viewer1")
    html = api.client.get("/token").get_data(as_text=True)
    assert "Token akses API" in html and "Buat token" in html
    assert '<html lang="id">' in html and "<title>Token akses API</title>" in html
    assert 'href="/assets/ekinerja.css"' in html  # the app's page head (webauth.page_head)


def test_a_user_revokes_their_own_token_but_not_anothers(api, sign_in):
    _, theirs = tokens.create_token(api.db, services.system_user(), "admin1", "other")
    _, mine = tokens.create_token(api.db, services.system_user(), "viewer1", "mine")
    sign_in(api.client, "viewer1")
    refused = api.client.post("/token", data={"do": "revoke", "id": str(theirs.id)})
    assert refused.status_code == 400
    assert tokens.list_tokens(api.db, services.system_user(), "admin1")[0].state() == "active"
    done = api.client.post("/token", data={"do": "revoke", "id": str(mine.id)})
    assert done.status_code == 200
    assert tokens.list_tokens(api.db, services.system_user(), "viewer1")[0].state() == "revoked"


def test_bad_input_is_refused_in_words(api, sign_in):
    sign_in(api.client, "viewer1")
    page = api.client.post("/token?lang=en", data={"do": "create", "name": "x", "days": "0"})
    assert page.status_code == 400 and "days" in page.get_data(as_text=True)
    assert tokens.list_tokens(api.db, services.system_user(), "viewer1") == []


def test_a_cross_site_post_is_refused(api, sign_in):
    sign_in(api.client, "viewer1")
    response = api.client.post("/token", data={"do": "create", "name": "x"},
                               headers={"Origin": "https://evil.example"})
    assert response.status_code == 403
    assert tokens.list_tokens(api.db, services.system_user(), "viewer1") == []
