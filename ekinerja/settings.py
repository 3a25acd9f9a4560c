"""Settings of ekinerja, declared once as data: name, environment variable, default, help."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from ekinerja.messages import N_, Message

NOT_A_NUMBER = N_("must be a number: {value}")
NEGATIVE = N_("must not be negative: {value}")


def _setting(default: Any, env: str | None, help_: str, *, secret: bool = False) -> Any:
    return field(default=default, metadata={"env": env, "help": help_}, repr=not secret)


@dataclass
class AppSettings:
    """Settings of the app and the commands; each field declares its variable and help."""

    database_url: str | None = _setting(
        None,
        "EKINERJA_DATABASE_URL",
        "Database URL (SQLAlchemy form, e.g. postgresql+psycopg://user@host/db); "
        "default: the SQLite file $XDG_DATA_HOME/ekinerja/ekinerja.sqlite",
    )
    plan_code: str | None = _setting(
        None, "EKINERJA_PLAN", "Plan code to show; default: the only plan in the database"
    )
    plan_file: str | None = _setting(
        None,
        "EKINERJA_PLAN_FILE",
        "A JSON / xlsx plan to show read-only instead of a database",
    )
    locale: str = _setting("id", "EKINERJA_LANG", "Default interface language: id or en")
    debug: bool = _setting(
        False, "EKINERJA_DEBUG", "Dash dev tools (never the interactive debugger)"
    )
    title: str = _setting("e-Kinerja", "EKINERJA_TITLE", "Title shown in the browser and navbar")
    max_request_mb: float = _setting(
        10.0, "EKINERJA_MAX_REQUEST_MB", "Largest request body accepted (MB); larger is a 413"
    )
    warm: bool = _setting(
        False, "EKINERJA_WARM", "Compute the first page's data in the background at start"
    )
    secret_key: str | None = _setting(
        None,
        "EKINERJA_SECRET_KEY",
        "Key signing the session cookies; default: generated once and kept in the database "
        "(shared by every worker)",
        secret=True,
    )
    secure_cookies: bool = _setting(
        False,
        "EKINERJA_SECURE_COOKIES",
        "Session cookie only over HTTPS (always so when the request came over TLS)",
    )
    session_hours: float = _setting(
        12.0, "EKINERJA_SESSION_HOURS", "Hours a sign-in lasts before signing in again"
    )
    lockout_attempts: int = _setting(
        5, "EKINERJA_LOCKOUT_ATTEMPTS", "Failed sign-ins of one user name that lock it"
    )
    lockout_address_attempts: int = _setting(
        10,
        "EKINERJA_LOCKOUT_ADDRESS_ATTEMPTS",
        "Failed sign-ins from one address (any user name) that lock the address",
    )
    lockout_minutes: float = _setting(
        15.0,
        "EKINERJA_LOCKOUT_MINUTES",
        "How long a lock lasts, and the window in which failures are counted",
    )
    trusted_proxies: int = _setting(
        0,
        "EKINERJA_TRUSTED_PROXIES",
        "Reverse proxies in front of the app whose X-Forwarded-For/-Proto are trusted",
    )
    password_min_length: int = _setting(
        8, "EKINERJA_PASSWORD_MIN_LENGTH", "Shortest password accepted"
    )
    evidence_max_mb: float = _setting(
        10.0, "EKINERJA_EVIDENCE_MAX_MB", "Largest evidence file accepted, in megabytes"
    )
    import_max_mb: float = _setting(
        5.0, "EKINERJA_IMPORT_MAX_MB",
        "Largest plan file (.xlsx / JSON) imported on /impor, in megabytes (it travels base64 "
        "in a request: keep it under 3/4 of EKINERJA_MAX_REQUEST_MB)",
    )
    evidence_types: str = _setting(
        "pdf,jpg,png,gif,webp,tif,doc,docx,xls,xlsx,ppt,pptx,odt,ods,odp",
        "EKINERJA_EVIDENCE_TYPES",
        "Evidence file types accepted (comma-separated), recognised from the content",
    )
    deadline_days: int = _setting(
        10, "EKINERJA_DEADLINE_DAYS",
        "Days after a period ends by which its realizations are due (then overdue)",
    )
    smtp_host: str | None = _setting(
        None, "EKINERJA_SMTP_HOST", "Mail server for `ekinerja remind`; none: no mail is sent"
    )
    smtp_port: int = _setting(25, "EKINERJA_SMTP_PORT", "Mail server port")
    smtp_user: str | None = _setting(
        None, "EKINERJA_SMTP_USER", "Mail server user name (none: no login)"
    )
    smtp_password: str | None = _setting(
        None, "EKINERJA_SMTP_PASSWORD", "Mail server password", secret=True
    )
    smtp_starttls: bool = _setting(
        False, "EKINERJA_SMTP_STARTTLS", "Switch the mail connection to TLS (STARTTLS)"
    )
    mail_from: str = _setting(
        "ekinerja@localhost", "EKINERJA_MAIL_FROM", "Sender address of reminder mails"
    )
    app_url: str | None = _setting(
        None, "EKINERJA_APP_URL", "The app's public address, for links in reminder mails"
    )

    def evidence_limits(self) -> Any:
        """The evidence file limits of these settings (services.evidence.EvidenceLimits)."""
        from ekinerja.services.evidence import EvidenceLimits

        return EvidenceLimits(int(self.evidence_max_mb * 1024 * 1024),
                              frozenset(t.strip().lower() for t in self.evidence_types.split(",")
                                        if t.strip()))
    api_rate_limit: str | None = _setting(
        "600 per minute",
        "EKINERJA_API_RATE_LIMIT",
        "Requests one API token (or address) may make, e.g. 600 per minute; empty: no limit",
    )
    api_rate_limit_storage: str = _setting(
        "memory://",
        "EKINERJA_API_RATE_LIMIT_STORAGE",
        "Where the API's rate-limit counts live: memory:// (per worker) or a shared "
        "redis://host:6379 for several workers",
    )
    tpp_settings: str | None = _setting(
        None,
        "EKINERJA_TPP_SETTINGS",
        "TPP settings (JSON, docs/skp.md) of the TPP workbook on /skp; default: base 0",
    )
    tpp_discipline: str | None = _setting(
        None,
        "EKINERJA_TPP_DISCIPLINE",
        "Discipline deductions workbook (nip, month, percent) of the TPP workbook on /skp",
    )
    oidc_issuer: str | None = _setting(
        None,
        "EKINERJA_OIDC_ISSUER",
        "The region's OpenID Connect provider (its issuer URL, discovery at "
        "/.well-known/openid-configuration); set: /login offers single sign-on",
    )
    oidc_client_id: str | None = _setting(
        None, "EKINERJA_OIDC_CLIENT_ID", "This app's client id at the OpenID Connect provider"
    )
    oidc_client_secret: str | None = _setting(
        None, "EKINERJA_OIDC_CLIENT_SECRET", "This app's client secret at the provider",
        secret=True,
    )
    oidc_nip_claim: str = _setting(
        "nip", "EKINERJA_OIDC_NIP_CLAIM",
        "The ID-token claim holding the employee's NIP (the account tied to that NIP signs in)",
    )
    oidc_scope: str = _setting(
        "openid profile", "EKINERJA_OIDC_SCOPE", "Scopes asked of the OpenID Connect provider"
    )
    oidc_create_accounts: bool = _setting(
        False,
        "EKINERJA_OIDC_CREATE_ACCOUNTS",
        "A plan employee without an account gets an `employee` account at their first single "
        "sign-on (else they are refused until an admin creates one)",
    )
    oidc_label: str = _setting(
        "SSO", "EKINERJA_OIDC_LABEL", "Name of the region's sign-on shown on the button"
    )


def declared() -> list[tuple[str, str | None, Any, str]]:
    """Every setting as (name, environment variable, default, help)."""
    return [(f.name, f.metadata["env"], f.default, f.metadata["help"]) for f in fields(AppSettings)]


class SettingError(ValueError):
    """An environment variable whose value does not fit its setting."""


def _convert(raw: str, default: Any, env: str) -> Any:
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "ya", "on"}
    if isinstance(default, int | float):
        try:
            number = type(default)(raw.strip())
        except ValueError:
            raise SettingError(f"{env}: " + Message(NOT_A_NUMBER, {"value": repr(raw)})
                               .bilingual()) from None
        if number < 0:
            raise SettingError(f"{env}: " + Message(NEGATIVE, {"value": repr(raw)}).bilingual())
        return number
    return raw or None if default is None else raw


def from_environment(environ: Mapping[str, str] | None = None, **overrides: Any) -> AppSettings:
    """Settings from environment variables, then explicit overrides (None overrides ignored)."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for name, env, default, _ in declared():
        if env and env in environ:
            values[name] = _convert(environ[env], default, env)
    values.update({k: v for k, v in overrides.items() if v is not None})
    return AppSettings(**values)
