"""API fixtures: the app on a real database (SQLite, PostgreSQL) with the small plan, an account
of each role, and a token maker; requests go through the Flask test client."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from ekinerja import services
from ekinerja.app import AppSettings, create_app
from ekinerja.model import PlanDocument
from ekinerja.services import tokens
from ekinerja.storage.database import Database

NIP = "199001012020011001"  # Ani, owner of R1 (indicator I2) in DIKES
#: user name -> (role, ties) of the accounts every API test has
ACCOUNTS: dict[str, tuple[str, dict[str, str]]] = {
    "admin1": ("admin", {}),
    "planner1": ("planner", {}),
    "evaluator1": ("evaluator", {}),
    "head1": ("head", {"unit": "PEMDA"}),
    "operator1": ("operator", {"unit": "DIKES"}),
    "employee1": ("employee", {"nip": NIP}),
    "viewer1": ("viewer", {}),
}


@dataclass
class Api:
    """The app's test client, its database, and tokens made on demand."""

    app: Any
    db: Database
    client: Any
    made: dict[tuple[str, str], str] = field(default_factory=dict)

    def token(self, username: str, scope: str = "read") -> str:
        """A token of the account (made once per account and scope)."""
        key = (username, scope)
        if key not in self.made:
            self.made[key] = tokens.create_token(self.db, services.system_user(), username,
                                                 "test", scope)[0]
        return self.made[key]

    def get(self, path: str, username: str | None = "viewer1", **kwargs: Any) -> Any:
        headers = kwargs.pop("headers", {})
        if username is not None:
            headers["Authorization"] = f"Bearer {self.token(username)}"
        return self.client.get(path, headers=headers, **kwargs)

    def post(self, path: str, body: Any, username: str = "admin1", scope: str = "write",
             **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.token(username, scope)}"}
        return self.client.post(path, json=body, headers=headers, **kwargs)


def make_api(database_url: str, doc: PlanDocument, **settings: Any) -> Api:
    db = Database(database_url)
    db.upgrade()
    services.import_document(db, services.system_user(), doc)
    for username, (role, ties) in ACCOUNTS.items():
        services.accounts.create_account(db, services.system_user(), username, role,
                                         "kata-sandi-uji-1", **ties)
    app = create_app(AppSettings(database_url=database_url, **settings))
    return Api(app, db, app.server.test_client())


@pytest.fixture
def api(database_url: str, small_plan: PlanDocument) -> Api:
    """The app on the small plan (P1: PEMDA > DIKES; I1 of S1 in DIKES; I2 of Ani's R1)."""
    built = make_api(database_url, small_plan)
    yield built
    built.db.dispose()


@pytest.fixture
def api_with() -> Callable[..., Api]:
    """api_with(database_url, doc, **settings): an Api on another plan or settings."""
    return make_api
