"""create_app and its engine providers: plan file, database (SQLite), in-memory document."""

from __future__ import annotations

import json

import dash
from ekinerja.callbacks.common import engine_of
from ekinerja.callbacks.pages import PAGES

from ekinerja.app import AppSettings, create_app
from ekinerja.sources import file_provider

LEADER_PAGES = tuple(p for p in PAGES if p.name in {"beranda", "peta_strategi",
                                                       "pohon_kinerja", "scorecard"})


def test_importing_the_module_creates_no_app():
    import ekinerja.app as module

    assert not any(isinstance(v, dash.Dash) for v in vars(module).values())


def test_create_app_serves_every_file_locally(plan_copy):
    app = create_app(AppSettings(plan_file=str(plan_copy)), pages=LEADER_PAGES)
    assert app.config.serve_locally is True
    assert not app.config.external_stylesheets and not app.config.external_scripts


def test_the_bootstrap_stylesheet_is_an_asset(plan_copy):
    app = create_app(AppSettings(plan_file=str(plan_copy)), pages=LEADER_PAGES)
    with app.server.test_client().get("/assets/00-bootstrap.min.css") as response:
        assert response.status_code == 200 and b"Bootstrap" in response.data[:200]


def test_the_dagre_layout_is_served_from_the_cytoscape_package(plan_copy, accounts_url, sign_in):
    app = create_app(AppSettings(plan_file=str(plan_copy), database_url=accounts_url),
                     pages=LEADER_PAGES)
    client = app.server.test_client()
    sign_in(client)
    html = client.get("/").get_data(as_text=True)
    assert "dash_cytoscape_extra" in html and "unpkg" not in html


def test_the_layout_defaults_to_the_latest_realized_period(plan_copy, accounts_url, sign_in):
    app = create_app(AppSettings(plan_file=str(plan_copy), database_url=accounts_url),
                     pages=LEADER_PAGES)
    client = app.server.test_client()
    sign_in(client)
    layout = client.get("/_dash-layout").get_json()
    assert '"value": "2023-Q2"' in json.dumps(layout)


def test_every_page_callback_is_registered(plan_copy):
    app = create_app(AppSettings(plan_file=str(plan_copy)), pages=LEADER_PAGES)
    outputs = " ".join(app.callback_map)
    for component in ("home-body", "map-graph", "map-panel", "tree-graph", "card-grid",
                      "card-download", "page"):
        assert component in outputs


def test_an_app_on_a_database_shows_its_plan(tmp_path, plan_file):
    from ekinerja import services
    from ekinerja.interchange import load
    from ekinerja.storage.database import Database

    url = f"sqlite:///{tmp_path / 'web.db'}"
    db = Database(url)
    db.upgrade()
    services.import_document(db, services.system_user(), load(plan_file))
    app = create_app(AppSettings(database_url=url), pages=LEADER_PAGES)
    assert engine_of(app).root == "VISI"


def test_callback_timings_time_every_page_callback(plan_copy):
    from ekinerja.app import callback_timings

    timings = callback_timings(AppSettings(plan_file=str(plan_copy)), repeat=2)
    assert set(timings) == {
        "beranda.update_home", "beranda.update_early_warning", "peta_strategi.update_map",
        "peta_strategi.show_details", "pohon_kinerja.update_tree", "pohon_kinerja.search",
        "pohon_kinerja.expand", "scorecard.update_grid", "kontribusi.update_contribution",
        "realisasi.update_table", "skp.update_view", "kualitas.update_quality"}
    assert all(len(v) == 2 and min(v) > 0 for v in timings.values())


def test_warm_caches_prepares_the_home_page(plan_copy):
    from ekinerja.app import warm_caches

    provide = file_provider(plan_copy)
    warm_caches(provide)
    engine = provide()
    assert sorted(engine.kept_periods()) == ["2023-Q1", "2023-Q2"]  # the period and its trend
    assert "agency_top" in engine.structure and "objective_index" in engine.structure


def test_wsgi_builds_the_server_from_the_environment(plan_copy, monkeypatch, accounts_url,
                                                    sign_in):
    from ekinerja.app import wsgi

    monkeypatch.setenv("EKINERJA_PLAN_FILE", str(plan_copy))
    monkeypatch.setenv("EKINERJA_DATABASE_URL", accounts_url)
    monkeypatch.setenv("EKINERJA_LANG", "en")
    server = wsgi()
    client = server.test_client()
    sign_in(client)
    with client.get("/_dash-layout") as response:
        assert "Strategy map" in response.get_data(as_text=True)
