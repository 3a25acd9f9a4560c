"""The /lke callback bodies on the NTB example database: answers, values, findings."""

from __future__ import annotations

from ekinerja.callbacks import lke as callbacks
from ekinerja.layouts import lke as page

from ekinerja import services
from ekinerja.services import User, accounts
from ekinerja.sources import document_provider


def evaluator(db):
    accounts.refresh_demo_accounts(db, "kata-sandi-uji-1")
    return accounts.get_account(db, "demo-evaluator").actor("10.0.0.9")


def test_the_evaluator_answers_and_the_values_follow(db, user_of, text_of):
    inspector = evaluator(db)
    shown, revision = callbacks.save_answer(db, inspector, None, "DIKES", 2022, "1.1.1", "Y",
                                            "pedoman ada", "https://jdih.example/p.pdf", "id")
    assert "Jawaban kriteria 1.1.1 disimpan" in text_of(shown)
    assert revision == services.revision(db)
    engine = services.load_engine(db)
    summary, answers, findings, options = callbacks.render(db, user_of("tamu"), None, engine,
                                                           "DIKES", 2022, "id")
    assert "0,86" in text_of(summary)  # 1 of 7 criteria of 1.1 (weight 6): 6/7
    assert "predikat D" in text_of(summary) and "2022" in text_of(summary)
    assert "pedoman ada" in text_of(answers)
    assert "Belum ada temuan" in text_of(findings) and options == []


def test_a_viewer_is_refused_in_words_and_nothing_is_written(db, user_of, text_of):
    before = services.revision(db)
    shown, revision = callbacks.save_answer(db, user_of("tamu"), None, "DIKES", 2022, "1.1.1",
                                            "Y", None, None, "en")
    assert "Refused" in text_of(shown) and revision is callbacks.no_update
    assert services.revision(db) == before


def test_not_answered_clears_the_answer(db, text_of):
    inspector = evaluator(db)
    callbacks.save_answer(db, inspector, None, "DIKES", 2022, "1.1.1", "Y", None, None, "id")
    callbacks.save_answer(db, inspector, None, "DIKES", 2022, "1.1.1", page.NONE, None, None,
                          "id")
    from ekinerja.services import lke as evaluations

    assert evaluations.evaluation(db, inspector, None, "DIKES", 2022).result.total == 0


def test_choosing_a_criterion_shows_the_proposal_with_its_figure_and_fills_the_form(
        db, user_of, text_of):
    engine = services.load_engine(db)
    info, answer, note, evidence = callbacks.choose(db, user_of("tamu"), None, engine, "1.2.10",
                                                    "DIKES", 2022, "id")
    assert "Usulan: A" in text_of(info) and "pegawai memiliki RHK" in text_of(info)
    assert (answer, note, evidence) == ("A", "", "")
    info, answer, _note, _evidence = callbacks.choose(db, user_of("tamu"), None, engine,
                                                      "1.1.1", "DIKES", 2022, "id")
    assert answer == page.NONE and "Usulan" not in text_of(info)


def test_a_finding_is_added_and_followed_up(db, user_of, text_of):
    inspector = evaluator(db)
    shown, _revision = callbacks.add_finding(db, inspector, None, "DIKES", 2022, "2.2.4",
                                             "Data triwulan terlambat", "Tetapkan jadwal",
                                             "id")
    assert "Temuan #" in text_of(shown)
    engine = services.load_engine(db)
    _summary, _answers, findings, options = callbacks.render(db, user_of("tamu"), None, engine,
                                                             "DIKES", 2022, "id")
    assert "Data triwulan terlambat" in text_of(findings) and "Terbuka" in text_of(findings)
    shown, _revision = callbacks.save_follow_up(db, inspector, None, options[0]["value"],
                                                "done", "jadwal ditetapkan", "en")
    assert "saved" in text_of(shown)
    _summary, _answers, findings, _options = callbacks.render(db, user_of("tamu"), None, engine,
                                                              "DIKES", 2022, "en")
    assert "Done" in text_of(findings) and "jadwal ditetapkan" in text_of(findings)


def test_layout_params_open_on_the_region_for_an_evaluator(example_plan):
    params = callbacks.layout_params(document_provider(example_plan), "id",
                                     User("i", role="evaluator"))
    assert params["unit"] == "PEMPROV-NTB" and params["may_answer"] is True
    assert params["has_database"] is False
    viewer = callbacks.layout_params(document_provider(example_plan), "id", User("v"))
    assert viewer["may_answer"] is False
