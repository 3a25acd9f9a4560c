"""Follow-up of red indicators: who records it, only for red ones, done with a note, what the
head watches, Beranda's count and the LKjIP's analysis; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from ekinerja import services
from ekinerja.services import NotFound, PermissionDenied, ServiceError, User
from ekinerja.services import followups as fu


@pytest.fixture
def head_elsewhere() -> User:
    """A head of a unit outside the plan."""
    return User("kabid", "Kepala Lain", "head", unit="LAIN", nip="197001011995011002")


@pytest.fixture
def red(loaded, operator):
    """I1 red in 2023: 40 against a target of 80 (50 %, the lowest band)."""
    services.record_realization(loaded, operator, "P1", "I1", "2023", 40.0)
    return loaded


def record(db, user, indicator="I1", period="2023", **kw):
    values = {"cause": "Anggaran terlambat cair", "action": "Percepat pencairan",
              "due_on": "2024-03-31"} | kw
    return fu.record_follow_up(db, user, "P1", indicator, period, values["cause"],
                               values["action"], values["due_on"], kw.get("recommendation"))


def test_an_operator_records_the_follow_up_of_a_red_indicator(red, operator) -> None:
    found = record(red, operator, recommendation="Jadwalkan lebih awal")
    [item] = fu.follow_ups(red, operator, "P1")
    assert (item.id, item.indicator, item.period, item.status) == (found, "I1", "2023", "open")
    assert (item.cause, item.action, item.recommendation) == (
        "Anggaran terlambat cair", "Percepat pencairan", "Jadwalkan lebih awal")
    assert item.due_on == date(2024, 3, 31) and item.achievement == pytest.approx(50.0)
    assert item.unit == "DIKES" and item.may_close
    [last] = [r for r in services.audit_log(red, limit=5) if r["entity"] == "follow_up"]
    assert (last["action"], last["username"], last["key"]) == ("add", "operator", str(found))
    assert last["new"]["cause"] == "Anggaran terlambat cair"


def test_a_follow_up_of_an_indicator_that_is_not_red_is_refused_in_words(
        loaded, operator, snapshot) -> None:
    before = snapshot(loaded)  # I1: 72 against 80, 90 %: not red
    with pytest.raises(ServiceError) as refused:
        record(loaded, operator)
    assert refused.value.message is not None and refused.value.message.msgid == fu.NOT_RED
    assert "not red in 2023" in refused.value.text("en")
    assert "90%" in refused.value.text("en") and "66%" in refused.value.text("en")
    assert "tidak merah" in refused.value.text("id")
    assert snapshot(loaded) == before
    assert fu.follow_ups(loaded, operator, "P1") == []


def test_an_indicator_without_an_achievement_is_refused(loaded, operator) -> None:
    with pytest.raises(ServiceError) as refused:
        record(loaded, operator, period="2023-Q2")
    assert refused.value.message.msgid == fu.NO_ACHIEVEMENT
    assert "I1 has no achievement in Q2 2023" in refused.value.text("en")
    assert "Triwulan II 2023" in refused.value.text("id")


def test_the_owner_employee_records_their_red_rhk(loaded, employee, operator) -> None:
    # I2: 3 of a 10–12 range in 2023 (30 %): red; Ani owns R1
    record(loaded, employee, "I2")
    with pytest.raises(PermissionDenied):
        record(loaded, employee, "I1")  # not her objective (and not red either)
    assert [f.indicator for f in fu.follow_ups(loaded, operator, "P1")] == ["I2"]


@pytest.mark.parametrize("who", ["viewer", "head_dikes", "other_operator"])
def test_who_does_not_own_the_indicator_may_not_record(red, who, request, snapshot) -> None:
    user = request.getfixturevalue(who)
    before = snapshot(red)
    with pytest.raises(PermissionDenied):
        record(red, user)
    assert snapshot(red) == before


def test_a_planner_records_for_any_unit(red, planner) -> None:
    record(red, planner)
    assert len(fu.follow_ups(red, planner, "P1")) == 1


@pytest.mark.parametrize(("field", "value", "msgid"), [
    ("cause", "  ", fu.REQUIRED), ("action", None, fu.REQUIRED), ("due_on", "", fu.REQUIRED),
    ("due_on", "31-03-2024", fu.NOT_A_DATE), ("due_on", "2024-03-31x", fu.NOT_A_DATE),
])
def test_bad_input_is_refused_and_nothing_written(red, operator, field, value, msgid,
                                                  snapshot) -> None:
    before = snapshot(red)
    with pytest.raises(ServiceError) as refused:
        record(red, operator, **{field: value})
    assert refused.value.message.msgid == msgid
    assert snapshot(red) == before


def test_an_unknown_indicator_or_period_is_refused(red, operator) -> None:
    with pytest.raises(NotFound):
        record(red, operator, "NOPE")
    with pytest.raises(ServiceError):
        record(red, operator, period="2030")


def test_done_with_a_note_by_the_owner(red, operator, head_dikes) -> None:
    found = record(red, operator)
    with pytest.raises(PermissionDenied):
        fu.close_follow_up(red, head_dikes, "P1", found, "Sudah")
    with pytest.raises(ServiceError) as refused:
        fu.close_follow_up(red, operator, "P1", found, " ")
    assert refused.value.message.msgid == fu.REQUIRED
    fu.close_follow_up(red, operator, "P1", found, "Dana cair 2 Februari")
    [item] = fu.follow_ups(red, operator, "P1")
    assert (item.status, item.done_note, item.closed_by) == ("done", "Dana cair 2 Februari",
                                                             "operator")
    assert not item.may_close and item.closed_at is not None
    with pytest.raises(ServiceError) as again:
        fu.close_follow_up(red, operator, "P1", found, "lagi")
    assert again.value.message.msgid == fu.ALREADY_DONE
    with pytest.raises(NotFound):
        fu.close_follow_up(red, operator, "P1", 9999, "x")
    actions = [r["action"] for r in services.audit_log(red, limit=10)
               if r["entity"] == "follow_up"]
    assert sorted(actions) == ["add", "done"]


def test_the_head_watches_the_open_follow_ups_of_their_subtree(red, operator, employee,
                                                               head_dikes,
                                                               head_elsewhere) -> None:
    first = record(red, operator)
    record(red, employee, "I2")
    watched = fu.follow_ups(red, head_dikes, "P1", status="open", watched=True)
    assert [f.indicator for f in watched] == ["I1", "I2"]
    assert not any(f.may_close for f in watched)
    assert fu.follow_ups(red, head_elsewhere, "P1", status="open", watched=True) == []
    fu.close_follow_up(red, operator, "P1", first, "Selesai")
    assert [f.indicator for f in fu.follow_ups(red, head_dikes, "P1", status="open",
                                               watched=True)] == ["I2"]
    # the employee watches her own RHK only
    assert [f.indicator for f in fu.follow_ups(red, employee, "P1", watched=True)] == ["I2"]


def test_red_indicators_without_a_follow_up(red, operator) -> None:
    assert fu.red_without_follow_up(red, "P1", "2023") == ["I2", "I1"]  # 30 %, then 50 %
    record(red, operator)
    assert fu.red_without_follow_up(red, "P1", "2023") == ["I2"]
    listed = fu.red_indicators_of(red, operator, "P1", "2023")
    assert [(r.indicator, r.may_record, len(r.follow_ups)) for r in listed] == [
        ("I2", True, 0), ("I1", True, 1)]


def test_the_lkjip_analysis_of_a_year(red, operator) -> None:
    record(red, operator, recommendation="Jadwalkan lebih awal")
    [analysis] = fu.analysis_of(red, "P1", 2023)
    assert (analysis.indicator, analysis.cause, analysis.effort, analysis.recommendation) == (
        "I1", "Anggaran terlambat cair", "Percepat pencairan", "Jadwalkan lebih awal")
    assert fu.analysis_of(red, "P1", 2022) == []


def test_a_crash_in_the_middle_leaves_nothing(red, operator, crash) -> None:
    from ekinerja.services import audit

    before, after = crash(red, audit, "record", lambda: record(red, operator))
    assert before == after
    assert fu.follow_ups(red, operator, "P1") == []
