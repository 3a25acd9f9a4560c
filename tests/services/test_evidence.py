"""Evidence files: the type from the content, the size limit, stored with the entry and its
history, downloaded by signed-in users."""

from __future__ import annotations

import base64

import pytest

from ekinerja import services
from ekinerja.services import EvidenceLimits, NotFound, PermissionDenied, ServiceError, Upload
from ekinerja.services.evidence import check_upload, decode_upload, safe_name

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


def history(db, indicator: str = "I1", period: str = "2023") -> list[dict]:
    return services.realization_history(db, "P1", indicator, period)


def test_a_pdf_is_stored_with_the_entry_and_downloaded(loaded, operator, viewer) -> None:
    services.record_realization(loaded, operator, "P1", "I1", "2023", 88.0,
                                upload=Upload("laporan Q4.pdf", PDF))
    file_id = history(loaded)[-1]["evidence_file"]
    found = services.evidence_file(loaded, viewer, "P1", file_id)
    assert (found.name, found.content_type, found.data) == ("laporan Q4.pdf",
                                                            "application/pdf", PDF)


def test_the_type_comes_from_the_content_not_the_name(loaded, operator, snapshot) -> None:
    before = snapshot(loaded)
    with pytest.raises(ServiceError, match="file type not accepted"):
        services.record_realization(loaded, operator, "P1", "I1", "2023", 88.0,
                                    upload=Upload("bukti.pdf", b"#!/bin/sh\nrm -rf /\n"))
    assert snapshot(loaded) == before


def test_a_png_named_pdf_is_stored_as_a_png() -> None:
    checked = check_upload(Upload("foto.pdf", PNG))
    assert (checked.name, checked.content_type) == ("foto.png", "image/png")


def test_a_type_left_out_of_the_setting_is_refused() -> None:
    with pytest.raises(ServiceError, match="accepted: pdf"):
        check_upload(Upload("foto.png", PNG), EvidenceLimits(types=frozenset({"pdf"})))


def test_a_file_over_the_limit_is_refused() -> None:
    with pytest.raises(ServiceError, match="too large"):
        check_upload(Upload("a.pdf", PDF + b" " * 2000), EvidenceLimits(max_bytes=1000))


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(ServiceError, match="empty"):
        check_upload(Upload("a.pdf", b""))


def test_a_correction_keeps_the_file_and_the_old_entry_keeps_its_own(loaded, operator) -> None:
    services.record_realization(loaded, operator, "P1", "I1", "2023", 88.0,
                                upload=Upload("satu.pdf", PDF))
    services.record_realization(loaded, operator, "P1", "I1", "2023", 89.0)
    services.record_realization(loaded, operator, "P1", "I1", "2023", 90.0,
                                upload=Upload("dua.png", PNG))
    files = [e["evidence_file"] for e in history(loaded)]
    assert files[0] is None and files[1] == files[2] != files[3]
    names = [services.evidence_file(loaded, operator, "P1", f).name for f in files[1:]]
    assert names == ["satu.pdf", "satu.pdf", "dua.png"]


def test_the_upload_is_audited_with_its_name_and_digest(loaded, operator) -> None:
    services.record_realization(loaded, operator, "P1", "I1", "2023", 88.0,
                                upload=Upload("satu.pdf", PDF))
    new = services.audit_log(loaded, "P1", entity="realization")[0]["new"]
    assert new["file_name"] == "satu.pdf" and len(new["file_sha256"]) == 64


def test_nobody_signed_in_downloads_nothing(loaded, operator) -> None:
    services.record_realization(loaded, operator, "P1", "I1", "2023", 88.0,
                                upload=Upload("satu.pdf", PDF))
    with pytest.raises(PermissionDenied):
        services.evidence_file(loaded, None, "P1", history(loaded)[-1]["evidence_file"])


def test_an_unknown_file_is_not_found(loaded, viewer) -> None:
    with pytest.raises(NotFound):
        services.evidence_file(loaded, viewer, "P1", 999)


def test_a_browser_upload_is_decoded() -> None:
    contents = "data:application/pdf;base64," + base64.b64encode(PDF).decode()
    assert decode_upload(contents, "a.pdf") == Upload("a.pdf", PDF)
    assert decode_upload(None, None) is None
    with pytest.raises(ServiceError, match="could not be read"):
        decode_upload("data:application/pdf;base64,@@@", "a.pdf")


def test_a_name_loses_its_folders_and_takes_the_found_extension() -> None:
    assert safe_name("C:\\Users\\ani\\..\\<laporan>.exe", "pdf") == "_laporan_.pdf"
    assert safe_name("", "png") == "bukti.png"
