"""Bad input over HTTP (issue 11, items 1, 4 and 7): what a careless user or an attacker posts to
/_dash-update-component is refused in words and writes nothing, on SQLite and PostgreSQL.

The posts are forged from the app's own callback map, as a browser sends them, by demo accounts
signed in through the real POST /login.
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest
from ekinerja.layouts import ids
from sqlalchemy import select

from ekinerja import services
from ekinerja.app import AppSettings, create_app
from ekinerja.data import EXAMPLE_PLAN
from ekinerja.interchange import load
from ekinerja.rollup import MAX_EVALUATIONS
from ekinerja.services import accounts
from ekinerja.storage.database import Database
from ekinerja.storage.schema import Base

SYSTEM = services.system_user()
PASSWORD = "kata-sandi-buruk-1"
INDICATOR = "RHK-052-1"  # of Seksi Gizi, under the demo operator's DIKES
PERIOD = "2023"


@pytest.fixture(scope="module")
def web(module_database_url: str) -> Any:
    db = Database(module_database_url)
    db.upgrade()
    services.import_document(db, SYSTEM, load(EXAMPLE_PLAN))
    accounts.refresh_demo_accounts(db, PASSWORD)
    app = create_app(AppSettings(database_url=module_database_url, warm=False))
    clients = {}
    for role in ("operator", "planner", "admin"):
        client = app.server.test_client()
        response = client.post("/login", data={"username": f"demo-{role}", "password": PASSWORD})
        assert response.status_code == 303
        clients[role] = client
    yield app, db, clients
    db.dispose()


def forged(app: Any, trigger: str | None, form: dict[str, Any], output: str | None = None
           ) -> dict[str, Any]:
    """The body the browser posts when `trigger` is clicked (or, with `output`, when the
    callback writing `output` runs) with `form` filled in."""
    key, spec = next((k, s) for k, s in app.callback_map.items()
                     if (trigger and any(i["id"] == trigger for i in s["inputs"]))
                     or (output and k.strip(".").split("...")[0] == output))
    outputs = [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]}
               for p in key.strip(".").split("...")]

    def value(item: dict[str, Any]) -> Any:
        name = f'{item["id"]}.{item["property"]}'
        if item["id"] == trigger:
            return 1
        if item["id"].startswith("{"):  # a pattern (ALL): the list of matching components
            return form.get(f'{json.loads(item["id"])["type"]}.{item["property"]}', [])
        return form.get(name, "id" if item["id"] == ids.LANG else None)

    return {
        "output": key,
        "outputs": outputs if key.startswith("..") else outputs[0],
        "inputs": [{**i, "value": value(i)} for i in spec["inputs"]],
        "changedPropIds": [f"{trigger}.n_clicks"] if trigger else [],
        "state": [{**s, "value": value(s)} for s in spec["state"]],
    }


def rows(db: Database) -> dict[str, list[tuple]]:
    """Every row of every table."""
    with db.read() as conn:
        return {t.name: [tuple(r) for r in conn.execute(select(t).order_by(*t.primary_key.columns))]
                for t in Base.metadata.sorted_tables}


def refused(web: Any, trigger: str, form: dict[str, Any], said: str) -> None:
    """Post `form` with `trigger` clicked as the demo planner: answered (200) with `said` in
    the answer, and nothing written."""
    app, db, clients = web
    before = rows(db)
    response = clients["planner"].post("/_dash-update-component",
                                       json=forged(app, trigger, form))
    assert response.status_code == 200
    assert said in json.dumps(response.get_json(), ensure_ascii=False)
    assert rows(db) == before


def save(web: Any, period: Any, value: Any = "91,5", note: Any = "catatan",
         evidence: Any = "https://bukti.example/1.pdf", confirm: bool = True
         ) -> tuple[int, str, bool]:
    """Post a realization save as the demo operator: (status, answer, whether anything was
    written)."""
    app, db, clients = web
    before = rows(db)
    body = forged(app, ids.ENTRY_SAVE, {
        f"{ids.ENTRY_INDICATOR}.value": INDICATOR, f"{ids.PERIOD}.value": period,
        f"{ids.ENTRY_VALUE}.value": value, f"{ids.ENTRY_NOTE}.value": note,
        f"{ids.ENTRY_EVIDENCE}.value": evidence,
        # confirmed as the page asks for a value far from its target, so the text rules speak
        f"{ids.ENTRY_CONFIRM}.value": ["yes"] if confirm else [],
        f"{ids.ENTRY_CONFIRM_REASON}.value": "uji" if confirm else ""})
    response = clients["operator"].post("/_dash-update-component", json=body)
    return (response.status_code, json.dumps(response.get_json(), ensure_ascii=False),
            rows(db) != before)


# ------------------------------------------------------------- 1. a bad period is refused
@pytest.mark.parametrize("period", ["2022-13", "2022-Q5", "garbage", "", None, " 2022-Q3",
                                    "2022-Q3\n", "2099", "1999-Q1", 2022, ["2022"]])
def test_a_save_naming_a_bad_period_is_refused_and_writes_nothing(web, period) -> None:
    status, said, written = save(web, period)
    assert status == 200
    assert "Ditolak" in said and "Tersimpan" not in said
    assert "periode" in said.lower()
    assert not written


@pytest.mark.parametrize("period", ["2022-13", "", None, " 2021"])
def test_closing_a_bad_period_is_refused_and_writes_nothing(web, period) -> None:
    refused(web, ids.ENTRY_CLOSE, {f"{ids.PERIOD}.value": period,
                                   f"{ids.ENTRY_REASON}.value": "uji"}, "Ditolak")


def test_a_good_period_is_saved_into_that_period(web) -> None:
    status, said, written = save(web, "2023-Q2", "77")
    assert status == 200 and "Tersimpan" in said and written
    history = services.realization_history(web[1], None, INDICATOR)
    assert history[-1]["period"] == "2023-Q2" and history[-1]["value"] == 77


# ------------------------------------------------------ 7. web inputs have the import's limits
@pytest.mark.parametrize(
    ("field", "text", "why"),
    [
        ("note", "catatan\x00rahasia", "U+0000"),
        ("note", "catatan \ud800", "U+D800"),
        ("note", "x" * 4001, "4.001"),
        ("note", "x" * (5 << 20), "5.242.880"),
        ("evidence", "https://bukti.example/" + "a" * (1 << 20), "2.000"),
        ("evidence", "https://bukti.example/\x00", "U+0000"),
        ("evidence", "https://bukti.example/\ud83d", "U+D83D"),
    ],
)
def test_a_text_breaking_the_import_rules_is_refused_and_writes_nothing(web, field, text,
                                                                        why) -> None:
    status, said, written = save(web, PERIOD, **{field: text})
    assert status == 200
    assert "Ditolak" in said and why in said
    assert not written


@pytest.mark.parametrize("value", ["٩٠", "９０", "۹۰", "9\u0660", "90\x00", "1e308"])
def test_a_value_with_other_digits_is_refused_and_writes_nothing(web, value) -> None:
    status, said, written = save(web, PERIOD, value)
    assert status == 200 and "Ditolak" in said and not written


def test_a_negative_value_is_saved_only_when_confirmed_and_the_history_says_why(web) -> None:
    status, said, written = save(web, PERIOD, "-5", confirm=False)
    assert status == 200 and not written and "negatif" in said
    status, said, written = save(web, PERIOD, "-5")
    assert status == 200 and written and "Tersimpan" in said
    log = services.audit_log(web[1], None, entity="realization", key=f"{INDICATOR}@{PERIOD}")
    assert "uji" in log[0]["reason"] and "negatif" in log[0]["reason"]


def test_the_preview_points_out_a_negative_value(web) -> None:
    app, _db, clients = web
    body = forged(app, None, {f"{ids.ENTRY_INDICATOR}.value": INDICATOR,
                              f"{ids.PERIOD}.value": PERIOD, f"{ids.ENTRY_VALUE}.value": "-5"},
                  output=f"{ids.ENTRY_PREVIEW}.children")
    response = clients["operator"].post("/_dash-update-component", json=body)
    assert response.status_code == 200
    assert "negatif" in json.dumps(response.get_json(), ensure_ascii=False)


# ------------------------------------------- 4. caches keep only the plan's periods, bounded
def test_distinct_period_strings_do_not_grow_the_kept_evaluations(web) -> None:
    app, db, clients = web
    plan = services.load_engine(db).doc.plan
    for n in range(60):
        period = [f"{1000 + n}", f"{2022 + n % 3}-Q{n % 9}", f"x{n}", f"{3000 + n}-{n % 13:02d}"][
            n % 4]
        form = {f"{ids.PERIOD}.value": period, f"{ids.ENTRY_UNIT}.value": "DIKES"}
        body = forged(app, None, form, output=f"{ids.ENTRY_TABLE}.children")
        assert clients["operator"].post("/_dash-update-component", json=body).status_code == 200
    kept = services.load_engine(db).kept_periods()
    assert len(kept) <= MAX_EVALUATIONS
    assert all(plan.start_year <= int(p[:4]) <= plan.end_year for p in kept), kept


# ------------------------------------ 8. a failure is a translated message, never a blank 500
def test_disk_full_during_a_save_says_so_with_a_reference_and_writes_nothing(
        web, module_database_url, caplog) -> None:
    if not module_database_url.startswith("sqlite"):
        pytest.skip("a full disk is simulated with SQLite's max_page_count")
    from ekinerja.callbacks.common import database_of
    from sqlalchemy import event

    app, _db, _clients = web
    engine = database_of(app).engine

    def full(connection: Any, _record: Any) -> None:  # no page beyond those there now
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        connection.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(engine, "connect", full)
    engine.dispose()
    try:
        with caplog.at_level("ERROR", logger="ekinerja.errors"):
            status, said, written = save(web, PERIOD, note="x" * 4000)
    finally:
        event.remove(engine, "connect", full)
        engine.dispose()
    assert status == 200 and not written
    assert "tidak dapat menyelesaikan" in said and "rujukan" in said
    reference = json.loads(said)["sideUpdate"][ids.APP_ERROR]["children"]
    logged = [r.getMessage() for r in caplog.records if r.name == "ekinerja.errors"]
    assert any("full" in line and json.loads(line)["request_id"] in reference
               for line in logged), logged


@pytest.mark.postgres
def test_disk_full_on_postgresql_during_a_save_says_so_and_writes_nothing(full_postgres,
                                                                         caplog) -> None:
    """The server's own "No space left on device" (a tablespace on a filled tmpfs): saves go
    on until one does not fit; that one answers in words with a reference and wrote nothing."""
    url, fill = full_postgres
    db = Database(url)
    db.upgrade()
    services.import_document(db, SYSTEM, load(EXAMPLE_PLAN))
    accounts.refresh_demo_accounts(db, PASSWORD)
    app = create_app(AppSettings(database_url=url, warm=False))
    client = app.server.test_client()
    assert client.post("/login", data={"username": "demo-operator",
                                       "password": PASSWORD}).status_code == 303
    fill()
    try:
        for attempt in range(300):
            caplog.clear()
            with caplog.at_level("ERROR", logger="ekinerja.errors"):
                status, said, written = save((app, db, {"operator": client}), PERIOD,
                                             value=f"{90 + attempt % 9},5",
                                             note=os.urandom(1500).hex()[:3990])
            assert status == 200
            if "Tersimpan" not in said:
                break
        else:
            pytest.fail("300 saves fitted on a full disk")
        assert "tidak dapat menyelesaikan" in said and "rujukan" in said
        assert not written
        assert any("No space left on device" in r.getMessage() for r in caplog.records), attempt
    finally:
        from ekinerja.callbacks.common import database_of

        db.dispose()
        database_of(app).dispose()


def test_a_version_to_restore_that_is_not_a_number_is_refused_in_words(web) -> None:
    refused(web, ids.WEIGHT_RESTORE, {
        f"{ids.WEIGHT_SEEN}.data": {"parent": "VISI", "version": 0},
        f"{ids.WEIGHT_RESTORE_VERSION}.value": "abc", f"{ids.WEIGHT_REASON}.value": "uji"},
        "Pilih versi dari daftar")


@pytest.mark.parametrize("seen", [["VISI"], "VISI", {"parent": 5}, {"parent": "VISI",
                                                                    "version": "x"}])
def test_a_malformed_weight_state_is_refused_in_words(web, seen) -> None:
    refused(web, ids.WEIGHT_SAVE, {f"{ids.WEIGHT_SEEN}.data": seen,
                                   f"{ids.WEIGHT_REASON}.value": "uji"}, "Ditolak")


@pytest.mark.parametrize("body", [
    {"output": "entry-message.children", "inputs": "rusak"},
    {"output": "tidak-ada.children", "inputs": [], "state": []},
    {"inputs": [{"id": "lang", "property": "value", "value": "en"}]},
    [1, 2, 3],
])
def test_a_malformed_callback_payload_is_answered_in_words_with_a_reference(web, body,
                                                                           caplog) -> None:
    _app, db, clients = web
    before = rows(db)
    with caplog.at_level("ERROR", logger="ekinerja.errors"):
        response = clients["operator"].post("/_dash-update-component", json=body)
    assert response.status_code in (400, 500)
    answer = response.get_json()
    reference = response.headers["X-Request-Id"]
    assert answer and reference
    if response.status_code == 500:
        assert reference in answer["error"] and answer["request_id"] == reference
        assert any(reference in r.getMessage() for r in caplog.records)
    assert rows(db) == before


def test_every_request_is_one_log_line_with_its_id_status_and_duration(web, caplog) -> None:
    _app, _db, clients = web
    with caplog.at_level("INFO", logger="ekinerja.access"):
        response = clients["operator"].get("/healthz", headers={"X-Request-Id": "uji-123"})
    assert response.headers["X-Request-Id"] == "uji-123"
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "ekinerja.access"]
    line = next(x for x in lines if x["request_id"] == "uji-123")
    assert line["path"] == "/healthz" and line["status"] == 200
    assert line["duration_ms"] >= 0 and line["user"] == "demo-operator"
