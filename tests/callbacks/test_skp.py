"""The /skp callbacks on a real database: the employee's SKP, the form offered only for who
rates, the live distribution with the ratings being chosen, saving as the signed-in user."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from ekinerja.callbacks import skp as page
from ekinerja.layouts import ids

from ekinerja import services
from ekinerja.model import UnitPredikat
from ekinerja.services import User
from ekinerja.sources import DatabaseSource
from ekinerja.storage.database import Database

KADIS, KABID, STAF1, STAF2 = (f"19800101200{k}011001" for k in range(1, 5))
KABID_USER = User("kabid", "Kabid", "head", unit="BIDANG", nip=KABID)
STAF_USER = User("staf", "Staf Satu", "employee", unit="BIDANG", nip=STAF1)


@pytest.fixture
def skp_db(empty_db: Database, make_skp_plan) -> Iterator[Database]:
    empty_db.upgrade()
    doc = make_skp_plan({STAF2: 95.0})
    doc.unit_predikat = [UnitPredikat("BIDANG", "2023", "baik")]
    services.import_document(empty_db, services.system_user(), doc)
    return empty_db


def source(db: Database) -> DatabaseSource:
    return DatabaseSource(db, "SKP")


def test_a_head_opens_on_the_first_employee_they_rate(skp_db) -> None:
    params = page.layout_params(source(skp_db), "id", KABID_USER)
    assert params["can_rate"] and params["nip"] == STAF1
    assert [e.code for e in params["employees"]][:3] == [KABID, STAF1, STAF2]


def test_an_employee_opens_on_themselves_without_a_form(skp_db, text_of) -> None:
    params = page.layout_params(source(skp_db), "id", STAF_USER)
    assert (params["nip"], params["can_rate"]) == (STAF1, False)
    from ekinerja.layouts import skp as layout

    assert "Simpan penilaian" not in text_of(layout.layout("id", **params))


def test_the_employee_sees_rhk_scores_ratings_predikat_and_feedback(skp_db, text_of) -> None:
    services.rate_employee(skp_db, KABID_USER, "SKP", STAF1, "2023", behaviour="above",
                           feedback="pertahankan", notes={"akuntabel": "tepat waktu"})
    engine = services.load_engine(skp_db, "SKP")
    summary, rhk, history = page.view(engine, skp_db, "SKP", STAF1, "2023", "id")
    text = text_of(summary)
    for shown in ("Staf Satu", "100,00", "Sesuai ekspektasi", "Di atas ekspektasi", "Baik",
                  "pertahankan", "Akuntabel", "tepat waktu"):
        assert shown in text, shown
    rhk_text = text_of(rhk)
    assert "RHK-S1" in rhk_text and "tambahan" in rhk_text and "120,00" in rhk_text
    assert "kabid" in text_of(history)


def test_the_form_is_offered_only_for_the_employees_the_user_rates(skp_db) -> None:
    services.rate_employee(skp_db, KABID_USER, "SKP", STAF2, "2023", behaviour="below",
                           work="above", reason="tugas khusus", notes={"loyal": "x"})
    hidden, _note, work, behaviour, notes, reason, _feedback = page.form_values(
        skp_db, "SKP", KABID_USER, STAF2, "2023", "id")
    assert (hidden, work, behaviour, reason) == (False, "above", "below", "tugas khusus")
    assert notes[4] == "x"  # Loyal, the fifth BerAKHLAK value
    hidden, note, *_rest = page.form_values(skp_db, "SKP", KABID_USER, KABID, "2023", "id")
    assert hidden and "bukan diri sendiri" in note
    assert page.form_values(skp_db, "SKP", STAF_USER, STAF2, "2023", "id")[0] is True


def test_the_distribution_is_live_with_the_ratings_being_chosen(skp_db, text_of) -> None:
    engine = services.load_engine(skp_db, "SKP")
    for nip in (STAF1, STAF2):
        services.rate_employee(skp_db, KABID_USER, "SKP", nip, "2023", behaviour="as_expected")
    _team, spread, _preview = page.live(engine, skp_db, "SKP", KABID_USER, STAF1, "2023", "",
                                        None, "en")
    assert "at least one Butuh Perbaikan or Kurang/Misconduct" in text_of(spread)
    team, spread, preview = page.live(engine, skp_db, "SKP", KABID_USER, STAF1, "2023",
                                      "below", "as_expected", "en")
    assert "Butuh Perbaikan" in text_of(preview)
    assert "keeps the rules" in text_of(spread)  # 1 baik, 1 butuh_perbaikan: kept
    assert services.skp_result(skp_db, "SKP", "2023").employees[STAF1].predikat == "baik"
    assert [row["nip"] for row in team.rowData] == [STAF1, STAF2]


def test_saving_rates_as_the_signed_in_user_and_refusals_are_said(skp_db, text_of) -> None:
    message, revision = page.save(skp_db, "SKP", KABID_USER, STAF2, "2023", "above",
                                  "above", [None, "cepat"], "", "", "id")
    assert "alasan wajib" in text_of(message) and revision is page.no_update
    message, revision = page.save(skp_db, "SKP", KABID_USER, STAF2, "2023", "above",
                                  "above", [None, "cepat"], "lembur bencana", "", "id")
    assert isinstance(revision, int)
    rating = services.skp_rating(skp_db, "SKP", STAF2, "2023")
    assert rating is not None and rating.author == "kabid" and rating.notes == {
        "akuntabel": "cepat"}
    message, revision = page.save(skp_db, "SKP", STAF_USER, STAF2, "2023", "", "above", [],
                                  "", "", "id")
    assert "tidak diizinkan" in text_of(message) and revision is page.no_update


def test_next_goes_round_the_employees_to_rate(skp_db) -> None:
    engine = services.load_engine(skp_db, "SKP")
    assert page.next_employee(engine, skp_db, "SKP", KABID_USER, STAF1, "2023") == STAF2
    assert page.next_employee(engine, skp_db, "SKP", KABID_USER, STAF2, "2023") == STAF1


def test_every_component_id_of_the_page_is_declared() -> None:
    assert ids.SKP_SAVE == "skp-save" and ids.SKP_MESSAGE.endswith("-message")


def _sheet(download: dict, name: str) -> list[tuple]:
    import base64
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(base64.b64decode(download["content"])))
    return list(book[name].iter_rows(values_only=True))


def test_the_page_downloads_the_bkn_and_tpp_workbooks_with_the_ratings_in_force(
    skp_db, tmp_path
) -> None:
    import json

    from ekinerja.settings import AppSettings

    services.rate_employee(skp_db, KABID_USER, "SKP", STAF2, "2023", behaviour="above")
    engine = services.load_engine(skp_db, "SKP")
    download, note = page.workbook(engine, skp_db, "SKP", AppSettings(), "2023", "bkn", "id")
    assert note == "" and download["filename"] == "ekinerja-bkn-2023.xlsx"
    row = next(r for r in _sheet(download, "ekinerja") if r[0] == STAF2)
    assert row[5:] == ("Sesuai ekspektasi", "Di atas ekspektasi", "Baik")

    (tmp_path / "tpp.json").write_text(json.dumps({"base": 2_000_000}), encoding="utf-8")
    settings = AppSettings(tpp_settings=str(tmp_path / "tpp.json"))
    download, note = page.workbook(engine, skp_db, "SKP", settings, "2023-03", "tpp", "id")
    row = next(r for r in _sheet(download, "tpp") if r[0] == STAF2)
    assert (row[5], row[-1]) == ("baik", 2_000_000)  # 60 % at 100 % + 40 %

    (tmp_path / "tpp.json").write_text('{"base": -5}', encoding="utf-8")
    download, note = page.workbook(engine, skp_db, "SKP", settings, "2023-03", "tpp", "id")
    assert download is page.no_update and "tpp.json.base" in str(note.children)


def test_the_distribution_says_when_it_shows_ratings_not_saved_yet(skp_db, text_of) -> None:
    engine = services.load_engine(skp_db, "SKP")
    services.rate_employee(skp_db, KABID_USER, "SKP", STAF1, "2023", behaviour="above")
    saved = text_of(page.live(engine, skp_db, "SKP", KABID_USER, STAF1, "2023", "", "above",
                              "en")[1])
    chosen = text_of(page.live(engine, skp_db, "SKP", KABID_USER, STAF1, "2023", "", "below",
                               "en")[1])
    assert "not saved yet" not in saved and "not saved yet" in chosen


def test_an_employee_writes_their_own_note_only_on_their_own_skp(skp_db, text_of) -> None:
    assert page.layout_params(source(skp_db), "id", STAF_USER)["can_note"]
    assert not page.layout_params(source(skp_db), "id", KABID_USER)["can_note"]
    assert page.self_form(skp_db, "SKP", STAF_USER, STAF1, "2023") == (False, "")
    assert page.self_form(skp_db, "SKP", STAF_USER, STAF2, "2023") == (True, "")
    message, revision = page.save_note(skp_db, "SKP", STAF_USER, STAF1, "2023", "sudah", "id")
    assert isinstance(revision, int)
    assert page.self_form(skp_db, "SKP", STAF_USER, STAF1, "2023") == (False, "sudah")
    engine = services.load_engine(skp_db, "SKP")
    shown = " ".join(text_of(page.view(engine, skp_db, "SKP", STAF1, "2023", "id")[0]).split())
    assert "Catatan pegawai: sudah" in shown
    message, revision = page.save_note(skp_db, "SKP", STAF_USER, STAF2, "2023", "x", "id")
    assert "tidak diizinkan" in text_of(message) and revision is page.no_update


PLANNER = User("perencana", "Perencana", "planner")


def test_the_period_choices_follow_the_cadence(skp_db) -> None:
    from ekinerja.readmodels import skp as views

    assert views.period_choices(services.load_engine(skp_db, "SKP")) == ["2023"]  # with data
    services.set_skp_cadence(skp_db, PLANNER, "SKP", "monthly")
    engine = services.load_engine(skp_db, "SKP")
    choices = views.period_choices(engine)
    assert choices[:2] == ["2023-01", "2023-02"] and choices[-1] == "2023"
    assert not [p for p in choices if "Q" in p]
    assert views.skp_period(engine, "2023-Q3") == "2023-09"
    services.set_skp_cadence(skp_db, PLANNER, "SKP", "quarterly")
    engine = services.load_engine(skp_db, "SKP")
    assert views.period_choices(engine) == ["2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4", "2023"]
    assert views.skp_period(engine, "2023-08") == "2023-Q3"


def test_only_planners_and_admins_get_the_cadence_and_predikat_controls(skp_db,
                                                                        text_of) -> None:
    from ekinerja.layouts import skp as layout

    params = page.layout_params(source(skp_db), "id", PLANNER)
    assert params["can_manage"] and [u.code for u in params["units"]][:1] == ["PEMDA"]
    text = text_of(layout.layout("id", **params))
    assert "Simpan irama" in text and "Simpan predikat" in text
    for user in (KABID_USER, STAF_USER, User("ev", "Ev", "evaluator")):
        params = page.layout_params(source(skp_db), "id", user)
        assert not params["can_manage"]
        assert "Simpan predikat" not in text_of(layout.layout("id", **params))


def test_the_predikat_panel_follows_a_saved_predikat_and_refusals_are_said(skp_db,
                                                                          text_of) -> None:
    year, value, view = page.predikat_panel(services.load_engine(skp_db, "SKP"), skp_db,
                                            "SKP", "BIDANG", "2023-Q2", "id")
    assert "2023" in text_of(year) and value == "baik"
    said, revision = page.save_predikat(skp_db, "SKP", PLANNER, "BIDANG", "2023-Q2",
                                        "istimewa", "id")
    assert "Tersimpan" in text_of(said) and isinstance(revision, int)
    _year, value, view = page.predikat_panel(services.load_engine(skp_db, "SKP"), skp_db,
                                             "SKP", "BIDANG", "2023", "id")
    assert value == "istimewa"
    shown = text_of(view)
    assert "Istimewa" in shown and "perencana" in shown and "diganti" in shown
    said, revision = page.save_predikat(skp_db, "SKP", KABID_USER, "BIDANG", "2023", "kurang",
                                        "en")
    assert "not allowed" in text_of(said) and revision is page.no_update
    said, _revision = page.save_cadence(skp_db, "SKP", STAF_USER, "monthly", "id")
    assert "tidak diizinkan" in text_of(said)
    assert services.skp_cadence(skp_db, "SKP") is None


def test_the_page_computes_only_what_it_shows_and_gives_the_whole_plans_values(skp_db) -> None:
    from ekinerja.model import SkpRating

    engine = services.load_engine(skp_db, "SKP")
    services.rate_employee(skp_db, KABID_USER, "SKP", STAF1, "2023", behaviour="above",
                           work="below", reason="Laporan terlambat")
    services.rate_employee(skp_db, KABID_USER, "SKP", STAF2, "2023", behaviour="as_expected")
    pending = SkpRating(STAF2, "2023", "below", "below")
    whole = services.skp_result(skp_db, "SKP", "2023", pending)
    shown = page.shown_result(engine, skp_db, "SKP", "2023", [KABID], pending)
    assert set(shown.employees) == {KABID, STAF1, STAF2}  # the rated ones count for units
    assert shown.units == whole.units and shown.units["BIDANG"].rated == 2
    assert all(shown.employees[nip] == whole.employees[nip] for nip in shown.employees)
    alone = page.shown_result(engine, skp_db, "SKP", "2023", [STAF1], units=False)
    assert list(alone.employees) == [STAF1] and not alone.units
    assert alone.employees[STAF1] == services.skp_result(skp_db, "SKP", "2023").employees[STAF1]


def test_the_workbooks_result_is_kept_until_a_save_moves_the_revision(skp_db) -> None:
    from ekinerja.readmodels import skp as views

    engine = services.load_engine(skp_db, "SKP")
    first = views.period_result(engine, skp_db, "SKP", "2023")
    assert views.period_result(engine, skp_db, "SKP", "2023") is first
    page.save(skp_db, "SKP", KABID_USER, STAF2, "2023", "above", "above", [None, "cepat"],
              "lembur bencana", "", "id")
    again = views.period_result(engine, skp_db, "SKP", "2023")
    assert again is not first and first.employees[STAF2].work != "above"
    assert again.employees[STAF2].work == "above"
