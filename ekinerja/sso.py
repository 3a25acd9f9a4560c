"""Single sign-on through the region's OpenID Connect provider (Authlib's Flask client).

Enabled when the settings name an issuer and a client id. `/login/sso` sends the browser to
the provider (authorization code flow, with state and nonce); `/login/sso/callback` takes the
code back, checks the ID token (signature from the provider's keys, issuer, audience, expiry,
nonce) and signs in the account tied to the NIP in the token's `oidc_nip_claim`
(`accounts.sign_in_by_nip`). No Dash here; docs/accounts.md tells the setup.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

from ekinerja.settings import AppSettings

EXTENSION = "ekinerja_sso"


def enabled(settings: AppSettings) -> bool:
    """Whether single sign-on is configured."""
    return bool(settings.oidc_issuer and settings.oidc_client_id)


def register(server: Flask, settings: AppSettings) -> Any:
    """The provider's client, registered on `server` (its metadata is fetched on first use)."""
    from authlib.integrations.flask_client import OAuth

    oauth = OAuth(server)
    issuer = (settings.oidc_issuer or "").rstrip("/")
    client = oauth.register(
        "region",
        client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret,
        server_metadata_url=f"{issuer}/.well-known/openid-configuration",
        client_kwargs={"scope": settings.oidc_scope, "timeout": 10},
    )
    server.extensions[EXTENSION] = client
    return client


def client_of(server: Flask) -> Any:
    """The registered provider client."""
    return server.extensions[EXTENSION]


def nip_of(token: dict[str, Any], settings: AppSettings) -> str:
    """The NIP the provider vouches for (from the checked ID token's claims), or ""."""
    claims = token.get("userinfo") or {}
    value = claims.get(settings.oidc_nip_claim)
    return str(value).strip() if isinstance(value, str | int) else ""
