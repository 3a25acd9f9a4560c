"""The audit log table: appended records read back newest first, filtered."""

from __future__ import annotations

from ekinerja.storage import audit


def record(key: str, entity: str = "realization") -> dict:
    return {"username": "uji", "plan_code": "P1", "entity": entity, "key": key, "action": "add"}


def test_records_come_back_newest_first(db):
    with db.write() as conn:
        audit.append(conn, [record("I1@2021"), record("I1@2022")])
    with db.read() as conn:
        assert [r["key"] for r in audit.records(conn)] == ["I1@2022", "I1@2021"]


def test_records_are_filtered_by_entity_and_key(db):
    with db.write() as conn:
        audit.append(conn, [record("I1@2021"), record("S1", "weights")])
    with db.read() as conn:
        assert [r["key"] for r in audit.records(conn, entity="weights")] == ["S1"]
        assert audit.records(conn, key="nope") == []


def test_a_record_time_is_aware_utc(db):
    with db.write() as conn:
        audit.append(conn, [record("I1@2021")])
    with db.read() as conn:
        assert audit.records(conn)[0]["at"].tzinfo is not None
