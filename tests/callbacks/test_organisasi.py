"""Organisasi: the tree and a unit's employees from the compiled plan, the forms filled from
it, and each button's change through the services as the signed-in account (NTB example in
SQLite and PostgreSQL)."""

from __future__ import annotations

from ekinerja.callbacks import organisasi
from ekinerja.layouts import ids
from ekinerja.layouts import organisasi as organisasi_layout

from ekinerja import services

NEW = "199901012024011001"


def _form(**values) -> dict:
    form = dict.fromkeys(organisasi.FORM_FIELDS)
    form.update(values)
    return form


def test_the_tree_lists_every_unit_and_the_chosen_units_employees(db, text_of) -> None:
    engine = services.load_engine(db, None)
    dikes = next(u for u in engine.doc.units if u.code == "DIKES")
    tree, title, people, holdings = organisasi.unit_view(engine, db, None, "DIKES", "id")
    assert dikes.name in text_of(tree)
    assert "DIKES" in title
    staff = [e for e in engine.doc.employees if e.unit == "DIKES"]
    assert staff and all(e.nip in text_of(people) for e in staff)
    assert "Belum ada sasaran yang diserahterimakan" in text_of(holdings)


def test_a_planner_saves_an_employee_and_a_viewer_is_refused(db, user_of, text_of) -> None:
    form = _form(**{ids.ORG_EMP_NIP: NEW, ids.ORG_EMP_NAME: "Pegawai Baru",
                    ids.ORG_EMP_UNIT: "DIKES", ids.ORG_EMP_POSITION: "Analis"})
    before = services.revision(db)
    message, _revision, _shown = organisasi.act(ids.ORG_EMP_SAVE, db, None, user_of("tamu"),
                                              form, "en")
    assert "not allowed" in text_of(message) and services.revision(db) == before
    message, revision, shown = organisasi.act(ids.ORG_EMP_SAVE, db, None,
                                              user_of("perencana"), form, "en")
    assert f"Employee {NEW} saved." in text_of(message)
    assert revision == services.revision(db) and shown == "DIKES"
    record = services.audit_log(db, None, entity="employee", key=NEW)[0]
    assert (record["username"], record["address"]) == ("perencana", "10.9.8.7")


def test_a_bad_nip_is_refused_with_its_place_in_the_language(db, user_of, text_of) -> None:
    form = _form(**{ids.ORG_EMP_NIP: "12", ids.ORG_EMP_NAME: "X", ids.ORG_EMP_UNIT: "DIKES"})
    message, _revision, _ = organisasi.act(ids.ORG_EMP_SAVE, db, None, user_of("perencana"),
                                          form, "id")
    assert 'nip: NIP terdiri dari 18 angka: "12".' in text_of(message)


def test_a_hidden_form_for_who_may_not_edit() -> None:
    page = organisasi_layout.layout("id", can_edit=False)
    forms = next(c for c in page.children[2].children if getattr(c, "hidden", None) is not None)
    assert forms.hidden is True
    assert organisasi_layout.layout("id", can_edit=True).children[2].children[-1].hidden is False
