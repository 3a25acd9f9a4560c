"""Users, roles and the audit log."""

from __future__ import annotations

import pytest

from ekinerja import services
from ekinerja.services import NotFound, PermissionDenied, ServiceError, User


def test_ensured_user_can_be_read_back(db) -> None:
    services.ensure_user(db, "budi", "Budi", "operator", unit="DIKES")
    assert services.get_user(db, "budi") == User("budi", "Budi", "operator", "DIKES", None)


def test_ensure_user_updates_a_changed_role(db) -> None:
    services.ensure_user(db, "budi", "Budi", "operator")
    services.ensure_user(db, "budi", "Budi", "planner")
    assert services.get_user(db, "budi").role == "planner"


def test_unknown_role_is_refused(db) -> None:
    with pytest.raises(ServiceError, match="unknown role"):
        services.ensure_user(db, "budi", "Budi", "boss")


def test_only_admins_manage_users(db, planner) -> None:
    with pytest.raises(PermissionDenied):
        services.ensure_user(db, "budi", "Budi", "admin", actor=planner)


def test_unknown_user_is_not_found(db) -> None:
    with pytest.raises(NotFound):
        services.get_user(db, "hantu")
