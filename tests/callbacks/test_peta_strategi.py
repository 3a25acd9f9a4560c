"""The Peta Strategi callback bodies: the map of a scope, and the details panel."""

from __future__ import annotations

from ekinerja.callbacks import peta_strategi


def test_the_map_of_the_province_has_its_objectives(engine):
    elements, note = peta_strategi.render_map(engine, "2023-Q2", "", "id")
    assert "SS1" in {e["data"]["id"] for e in elements} and note == ""


def test_an_empty_scope_says_so(engine):
    elements, note = peta_strategi.render_map(engine, "2023-Q2", "NOWHERE", "en")
    assert not [e for e in elements if e.get("classes") == "objective"] and note


def test_render_details_without_a_node_shows_the_hint(engine):
    assert "Klik" in str(peta_strategi.render_details(engine, "2023-Q2", None, "id"))


def test_render_details_of_an_indicator_shows_the_hint(engine):
    assert "Klik" in str(peta_strategi.render_details(engine, "2023-Q2", "IKU-1", "id"))


def test_render_details_of_an_objective_shows_its_code(engine):
    panel = peta_strategi.render_details(engine, "2023-Q2", "SS1", "en")
    assert getattr(panel, "data-code") == "SS1"


def test_a_node_link_chooses_the_node_on_its_agencys_map(engine):
    from ekinerja.layouts import ids

    assert peta_strategi.choose(engine, None, None, "?node=SPD-KES-1") == ("SPD-KES-1",
                                                                           "DIKES")
    assert peta_strategi.choose(engine, None, None, "?node=SS1") == ("SS1", "")
    assert peta_strategi.choose(engine, None, None, "?node=NOWHERE")[0] is None
    assert peta_strategi.choose(engine, None, None, "")[0] is None
    assert peta_strategi.choose(engine, ids.MAP_SCOPE, None, "?node=SS1")[0] is None
    assert peta_strategi.choose(engine, ids.MAP_GRAPH, {"id": "SS2"}, "?node=SS1")[0] == "SS2"


def test_a_leaf_shows_its_details(engine):
    panel = peta_strategi.render_details(engine, "2023-Q2", "RHK-1", "id")
    assert getattr(panel, "data-code") == "RHK-1"


def test_the_png_names_the_map_the_period_and_the_bands(engine):
    meta = peta_strategi.png_meta(engine, "2023-Q2", "DIKES", "id")
    assert "Dinas Kesehatan" in meta["title"] and "Triwulan II 2023" in meta["subtitle"]
    assert meta["bands"][0]["label"] == "Sangat Tinggi"
    assert all(b["colour"].startswith("#") for b in meta["bands"])
    assert peta_strategi.png_meta(engine, "2023-Q2", "DIKES", "en")["arrow"] == (
        "cause → effect")


def test_clicks_choose_the_arrows_ends():
    ends = peta_strategi.arrow_ends
    assert ends({"id": "A"}, None, "node", None, None) == ("A", None)
    assert ends({"id": "B"}, None, "node", "A", None) == ("A", "B")
    assert ends({"id": "C"}, None, "node", "A", "B") == ("C", None)  # a new pair
    assert ends(None, {"id": "A->B", "source": "A", "target": "B"}, "edge", None, None) == (
        "A", "B")


def test_the_map_editor_refuses_a_viewer_in_words_and_writes_nothing(tmp_path, plan_file):
    from ekinerja.layouts import ids

    from ekinerja import services
    from ekinerja.interchange import load
    from ekinerja.services import User
    from ekinerja.storage.database import Database

    db = Database(f"sqlite:///{tmp_path / 'peta.sqlite'}")
    db.upgrade()
    services.import_document(db, services.system_user(), load(plan_file))
    before = services.revision(db)
    viewer = User("pimpinan", "Pimpinan", "viewer")
    said, revision = peta_strategi.edit_map(ids.MAP_ARROW_ADD, db, viewer, None, "", "SS2",
                                            "SS3", {}, "id")
    assert "tidak diizinkan" in str(said) and revision is not None
    assert services.revision(db) == before
    said, _revision = peta_strategi.edit_map(ids.MAP_ARROW_ADD, db, services.system_user(),
                                             None, "", "SS2", "SS3", {}, "id")
    assert "Panah digambar" in str(said)
    assert ("SS2", "SS3") in {(c.cause, c.effect)
                              for c in services.load_document(db, None).causal_links}
    db.dispose()
