"""Impor's callbacks on the NTB example in a real database (SQLite and PostgreSQL): the preview
offers the confirmation only for an importable file, removals only with the tick, a confirmation
after the plan changed shows the new preview, and a viewer is refused in words."""

from __future__ import annotations

import base64
from pathlib import Path

from dash import no_update
from ekinerja.callbacks import impor

from ekinerja import interchange, services

LIMIT = 5 << 20


def workbook(doc, tmp_path: Path, name: str = "rencana.xlsx") -> str:
    path = tmp_path / name
    interchange.save(doc, path)
    return "data:application/octet-stream;base64," + base64.b64encode(
        path.read_bytes()).decode("ascii")


def test_the_preview_offers_the_import_and_asks_for_removals(db, user_of, text_of,
                                                             tmp_path) -> None:
    doc = services.load_document(db)
    doc.indicators[0].weight += 1
    del doc.realizations[0]
    contents = workbook(doc, tmp_path)
    view, fingerprint, disabled, removals_hidden, options, ticked = impor.preview(
        db, user_of("perencana"), None, contents, "rencana.xlsx", LIMIT, "id")
    assert fingerprint and disabled is False and removals_hidden is False and ticked == []
    assert "Hapus juga 1 butir" in options[0]["label"]
    assert "1 diubah, 1 dihapus" in text_of(view)

    message, revision, again = impor.confirm(db, user_of("perencana"), None, contents,
                                             "rencana.xlsx", fingerprint, [], LIMIT, "id")
    assert "Ditolak" in text_of(message) and "Hapus juga" in text_of(message)
    assert again is None and services.load_document(db).realizations[0] != doc.realizations[0]

    message, revision, again = impor.confirm(db, user_of("perencana"), None, contents,
                                             "rencana.xlsx", fingerprint, ["remove"], LIMIT,
                                             "id")
    assert "Diimpor: 0 ditambah, 1 diubah, 1 dihapus." in text_of(message)
    assert revision == db.revision() and again is None
    assert services.load_document(db) == doc


def test_a_confirmation_after_a_change_shows_the_new_preview(db, user_of, text_of,
                                                             tmp_path) -> None:
    doc = services.load_document(db)
    doc.indicators[0].weight += 1
    contents = workbook(doc, tmp_path)
    _, fingerprint, *_ = impor.preview(db, user_of("perencana"), None, contents, "r.xlsx",
                                       LIMIT, "en")
    other = services.load_document(db)
    other.objectives[0].name = "Visi yang diubah"
    services.import_document(db, services.system_user(), other)
    message, revision, again = impor.confirm(db, user_of("perencana"), None, contents,
                                             "r.xlsx", fingerprint, [], LIMIT, "en")
    assert "The plan changed since the preview" in text_of(message)
    assert revision is no_update
    assert again is not None and again[1] != fingerprint
    assert "Visi yang diubah" in text_of(again[0])  # the name goes back: shown before confirming
    assert services.load_document(db).objectives[0].name == "Visi yang diubah"


def test_a_file_with_errors_is_not_offered_and_a_viewer_is_refused(db, user_of, text_of,
                                                                   tmp_path) -> None:
    contents = "data:application/json;base64," + base64.b64encode(b'{"format": 1}').decode()
    view, fingerprint, disabled, *_ = impor.preview(db, user_of("perencana"), None, contents,
                                                    "x.json", LIMIT, "en")
    assert fingerprint is None and disabled is True
    assert "it cannot be imported" in text_of(view) and "format" in text_of(view)
    view, fingerprint, disabled, *_ = impor.preview(db, user_of("tamu"), None, contents,
                                                    "x.json", LIMIT, "en")
    assert fingerprint is None and disabled is True and "Refused" in text_of(view)
