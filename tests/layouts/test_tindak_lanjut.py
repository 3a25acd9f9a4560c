"""The /tindak-lanjut frame: the forms only for who may record, the lists filled by callbacks."""

from __future__ import annotations

from datetime import date

from ekinerja.layouts import ids, tindak_lanjut

from ekinerja.services.followups import FollowUp


def follow_up(**changes) -> FollowUp:
    values = dict(id=7, indicator="I1", indicator_name="Cakupan", measure_unit="%",
                  objective="S1", objective_name="Sasaran", unit="DIKES", owner=None,
                  period="2023-Q2", achievement=40.0, cause="Sebab", action="Tindakan",
                  recommendation=None, due_on=date(2023, 9, 30), status="open", done_note=None,
                  author="operator", recorded_at=None, closed_by=None, closed_at=None,
                  may_close=True)
    return FollowUp(**(values | changes))


def test_the_form_is_shown_only_to_who_may_record(find_or_none):
    shown = tindak_lanjut.layout("id", can_record=True)
    hidden = tindak_lanjut.layout("id", can_record=False)
    assert find_or_none(shown, ids.FOLLOWUP_FORM) is not None
    wrapper = [c for c in hidden.children if getattr(c, "hidden", False)]
    assert wrapper and find_or_none(wrapper, ids.FOLLOWUP_SAVE) is not None
    assert find_or_none(hidden, ids.FOLLOWUP_RED) is not None


def test_an_open_follow_up_past_its_due_date_says_so(text):
    units = {"DIKES": "Dinas Kesehatan"}
    shown = text(tindak_lanjut.open_table([follow_up()], units, "en", date(2023, 10, 1)))
    assert "Dinas Kesehatan" in shown and "(overdue)" in shown and "Q2 2023" in shown
    shown = text(tindak_lanjut.open_table([follow_up()], units, "en", date(2023, 9, 30)))
    assert "(overdue)" not in shown


def test_only_the_closable_follow_ups_are_offered():
    options = tindak_lanjut.close_options([follow_up(), follow_up(id=8, may_close=False)], "id")
    assert [o["value"] for o in options] == [7]
