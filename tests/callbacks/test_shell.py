"""Routing a URL to its page, in a language; the data revision the open pages follow."""

from __future__ import annotations

import pytest
from ekinerja.callbacks import shell
from ekinerja.callbacks.pages import PAGES
from ekinerja.layouts import ids

from ekinerja.services import User


def ids_in(tree) -> set[str]:
    found = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, (list, tuple)):
            stack.extend(node)
        elif hasattr(node, "_prop_names"):
            if getattr(node, "id", None):
                found.add(node.id)
            stack.append(getattr(node, "children", None))
    return found


@pytest.fixture
def source(document):
    """The NTB-mini plan as an app's source."""
    from ekinerja.sources import document_provider

    return document_provider(document)


VIEWER = User("tamu", "Tamu", "viewer")


def test_the_root_path_routes_to_the_home_page(source):
    assert ids.HOME_BODY in ids_in(shell.page_content(source, "/", "id", PAGES, VIEWER))


def test_the_scorecard_path_gets_the_unit_choices(source):
    assert ids.CARD_UNIT in ids_in(shell.page_content(source, "/scorecard", "id", PAGES, VIEWER))


def test_a_page_the_role_does_not_see_says_it_is_not_allowed(source):
    content = shell.page_content(source, "/pengguna", "id", PAGES, VIEWER)
    assert "Tidak diizinkan" in str(content)
    assert ids.ACCOUNT_LIST not in ids_in(content)


def test_an_admin_opens_the_accounts_page(source):
    admin = User("admin", role="admin")
    assert ids.ACCOUNT_LIST in ids_in(shell.page_content(source, "/pengguna", "id", PAGES, admin))


def test_nobody_signed_in_gets_no_page(source):
    assert ids.HOME_BODY not in ids_in(shell.page_content(source, "/", "id", PAGES, None))


def test_the_account_unit_is_named_from_the_plan(source):
    unit = source().doc.units[0]
    assert shell.account_unit_name(source(), User("o", role="operator", unit=unit.code)) == \
        unit.name


def test_an_unknown_path_gets_the_not_found_page(source):
    assert "Halaman tidak ditemukan" in str(shell.page_content(source, "/nope", "id", PAGES))


def test_a_page_left_out_of_an_apps_pages_is_not_found(source):
    leaders = tuple(p for p in PAGES if p.path != "/bobot")
    assert "Page not found" in str(shell.page_content(source, "/bobot", "en", leaders))


# ----------------------------------------------------------------- the data revision poll
@pytest.fixture
def on_database(tmp_path, document):
    """An app on a real SQLite database of the example plan, and that database."""
    from ekinerja import services
    from ekinerja.app import AppSettings, create_app
    from ekinerja.storage.database import Database

    url = f"sqlite:///{tmp_path / 'web.db'}"
    db = Database(url)
    db.upgrade()
    services.import_document(db, services.system_user(), document)
    yield create_app(AppSettings(database_url=url)), db
    db.dispose()


def test_a_poll_without_a_database_change_updates_nothing(on_database):
    from dash import no_update

    app, _db = on_database
    seen = shell.data_revision(app.server.config)
    assert shell.poll(app.server.config, seen) is no_update


def test_a_poll_after_a_recorded_realization_gives_the_new_revision(on_database):
    from ekinerja import services

    app, db = on_database
    seen = shell.data_revision(app.server.config)
    revision = services.record_realization(db, services.system_user(), None, "IK-DIK-1",
                                           "2023-Q2", 8.0)
    assert shell.poll(app.server.config, seen) == revision != seen


def test_the_served_layout_carries_the_current_revision(on_database):
    from ekinerja import services

    app, db = on_database
    services.record_realization(db, services.system_user(), None, "IK-DIK-1", "2023-Q2", 8.0)
    layout = app.layout()
    assert shell.find_component(layout, ids.REVISION).data == services.revision(db)





def test_an_app_with_its_own_provider_never_asks_a_database(document):
    from ekinerja.app import AppSettings, create_app
    from ekinerja.sources import document_provider

    app = create_app(AppSettings(database_url="sqlite:////nonexistent/dir/never.db"),
                     provider=document_provider(document))
    seen = shell.data_revision(app.server.config)
    assert str(seen).startswith("engine:")
    assert shell.data_revision(app.server.config) == seen


@pytest.mark.parametrize("output", [
    f"{ids.HOME_BODY}.children", f"{ids.MAP_GRAPH}.elements", f"{ids.MAP_PANEL}.children",
    f"{ids.TREE_GRAPH}.elements", f"{ids.CARD_GRID}.rowData", f"{ids.PERIOD}.options",
])
def test_the_leader_pages_re_render_when_the_revision_moves(document, output):
    from ekinerja.app import AppSettings, create_app
    from ekinerja.sources import document_provider

    app = create_app(AppSettings(), provider=document_provider(document))
    inputs = next(c["inputs"] for key, c in app.callback_map.items()
                  if output in key.strip(".").split("...") and "allow_duplicate" not in key)
    assert {"id": ids.REVISION, "property": "data"} in inputs
