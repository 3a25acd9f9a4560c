"""The page registry: one declaration per page, its URL a contract."""

from __future__ import annotations

import pytest
from ekinerja.callbacks.pages import EVERYONE, PAGES, page_for, pages_for

from ekinerja.services import ROLES, User


def test_page_paths_are_the_contract():
    assert {p.name: p.path for p in PAGES} == {
        "beranda": "/", "peta_strategi": "/peta-strategi", "pohon_kinerja": "/pohon-kinerja",
        "scorecard": "/scorecard", "kontribusi": "/kontribusi", "bobot": "/bobot",
        "realisasi": "/realisasi", "verifikasi": "/verifikasi", "skp": "/skp",
        "laporan": "/laporan", "lke": "/lke", "kualitas": "/kualitas", "impor": "/impor",
        "pengguna": "/pengguna", "tindak_lanjut": "/tindak-lanjut", "organisasi": "/organisasi"}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_a_page_has_the_layout_and_callbacks_of_its_own_modules(page):
    assert page.layout.__module__ == f"ekinerja.layouts.{page.name}"
    assert page.register.__module__ == f"ekinerja.callbacks.{page.name}"
    assert page.params is None or page.params.__module__ == f"ekinerja.callbacks.{page.name}"


def test_every_role_sees_the_plans_pages():
    assert set(ROLES) == EVERYONE
    assert all(p.roles == EVERYONE for p in PAGES if p.name not in ("pengguna", "impor"))


@pytest.mark.parametrize("role", ROLES)
def test_the_inbox_is_for_every_role_as_anyone_may_be_mentioned(role):
    names = [p.name for p in pages_for(User("u", role=role))]
    assert "verifikasi" in names


@pytest.mark.parametrize("role", ROLES)
def test_only_an_admin_sees_the_accounts_page(role):
    names = [p.name for p in pages_for(User("u", role=role))]
    assert ("pengguna" in names) is (role == "admin")
    assert "beranda" in names


@pytest.mark.parametrize("role", ROLES)
def test_only_who_changes_the_structure_sees_the_import_page(role):
    names = [p.name for p in pages_for(User("u", role=role))]
    assert ("impor" in names) is (role in ("admin", "planner"))


def test_nobody_signed_in_sees_no_page():
    assert pages_for(None) == ()


def test_page_for_ignores_a_trailing_slash():
    assert page_for("/peta-strategi/").name == "peta_strategi"


def test_page_for_an_unknown_path_is_none():
    assert page_for("/nowhere") is None


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_page_renders_from_an_in_memory_plan(page, document, text_of):
    from ekinerja.sources import document_provider

    assert text_of(page.content(document_provider(document), "en"))
