"""Who may change what, over HTTP: every write callback of every page, forged as a browser would
post it to /_dash-update-component, by each of the seven roles signed in through the real
POST /login (the demo accounts, tied to real units and employees of the NTB example), on SQLite
and PostgreSQL. An allowed change writes and is audited with the account and its address; a
forbidden one is refused in words and leaves every table as it was.

The write callbacks are found in the app's callback map (every callback that writes reports on
the data revision or in a `*-message` area), so a new one cannot be left out of the matrix.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from ekinerja.layouts import ids
from sqlalchemy import select

from ekinerja import services
from ekinerja.app import AppSettings, create_app
from ekinerja.data import EXAMPLE_PLAN
from ekinerja.interchange import load
from ekinerja.model import Indicator, Objective
from ekinerja.permissions import ROLES
from ekinerja.services import accounts
from ekinerja.storage.database import Database
from ekinerja.storage.schema import Base

SYSTEM = services.system_user()
ACCOUNT_OF = {spec.role: spec.username for spec in accounts.DEMO_ACCOUNTS}  # role -> user name
ADDRESS_OF = {role: f"10.20.30.{n}" for n, role in enumerate(ROLES, start=1)}
PARENT = "VISI"
PERIOD = "2023"  # realizations are entered here
CLOSING = "2021"  # periods are closed and reopened here (so that 2023 stays open)
OWN = "RHK-052-1"  # an indicator of the demo employee's own RHK (Seksi Gizi, under DIKES)
COLLEAGUE = "RHK-054-1"  # an indicator of another employee's RHK in the same Seksi
ELSEWHERE = "IKD-BAPPEDA-1.1"  # an indicator of Bappeda, outside the demo operator's DIKES
TARGET = "sasaran"  # the account the admin changes
REFUSED = "tidak diizinkan"
_counter = itertools.count(1)


@dataclass
class Web:
    """The app on a database of the NTB example with the demo accounts, one signed-in test
    client per role (each from its own address)."""

    app: Any
    db: Database
    clients: dict[str, Any] = field(default_factory=dict)


@pytest.fixture(scope="module")
def web(module_database_url: str) -> Any:
    db = Database(module_database_url)
    db.upgrade()
    services.import_document(db, SYSTEM, load(EXAMPLE_PLAN))
    password = "kata-sandi-matriks-1"
    accounts.refresh_demo_accounts(db, password)
    accounts.create_account(db, SYSTEM, TARGET, "viewer", password)
    web = Web(create_app(AppSettings(database_url=module_database_url, warm=False)), db)
    for role, username in ACCOUNT_OF.items():
        client = web.app.server.test_client()
        client.environ_base["REMOTE_ADDR"] = ADDRESS_OF[role]
        response = client.post("/login", data={"username": username, "password": password})
        assert response.status_code == 303, response.get_data(as_text=True)[:300]
        web.clients[role] = client
    yield web
    db.dispose()


# ----------------------------------------------------------------- the writes and who may
def _weights_form(db: Database) -> dict[str, Any]:
    version, current = services.current_weights(db, None, PARENT)
    total = sum(current.values())
    typed = {child: round(100 * w / total, 2) for child, w in current.items()}
    first = next(iter(typed))
    typed[first] = 10.0 + next(_counter)  # a new weight every time
    return {
        "weight-seen.data": {"parent": PARENT, "version": version},
        "weight-input.value": [{"id": {"type": ids.WEIGHT_INPUT, "index": c}, "property": "value",
                                "value": v} for c, v in typed.items()],
        "weight-input.id": [{"id": {"type": ids.WEIGHT_INPUT, "index": c}, "property": "id",
                             "value": {"type": ids.WEIGHT_INPUT, "index": c}} for c in typed],
        "weight-reason.value": "uji matriks peran",
        "weight-total-confirm.value": ["yes"],  # the total is not 100 %
        "weight-restore-version.value": 1,
    }


def _some_version(db: Database) -> None:
    if not services.weight_versions(db, None, PARENT):
        version, current = services.current_weights(db, None, PARENT)
        first = next(iter(current))
        services.set_weights(db, SYSTEM, None, PARENT, {first: current[first] + 1},
                             seen_version=version, reason="persiapan uji")


def _realization(indicator: str) -> Callable[[Database], dict[str, Any]]:
    return lambda _db: {"entry-indicator.value": indicator, "period.value": PERIOD,
                        "entry-value.value": f"{next(_counter)},5", "entry-note.value": "uji",
                        "entry-evidence.value": "https://bukti.example/1.pdf",
                        "entry-confirm.value": ["yes"],  # a value far from its target
                        "entry-confirm-reason.value": "uji matriks peran"}


def _submitted(indicator: str) -> Callable[[Database], None]:
    """The indicator's realization waits for verification (recorded and submitted anew)."""
    return lambda db: services.record_realization(db, SYSTEM, None, indicator, PERIOD,
                                                  float(next(_counter)))


def _draft(indicator: str) -> Callable[[Database], None]:
    """The indicator's realization is a draft waiting to be submitted."""
    return lambda db: services.record_realization(db, SYSTEM, None, indicator, PERIOD,
                                                  float(next(_counter)), submit=False)


def _selected(grid: str, indicator: str) -> Callable[[Database], dict[str, Any]]:
    return lambda _db: {f"{grid}.selectedRows": [{"key": f"{indicator}@{PERIOD}"}],
                        "verify-reason.value": "bukti belum lengkap"}


def _period(_db: Database) -> dict[str, Any]:
    return {"period.value": CLOSING, "entry-reason.value": "uji matriks peran"}


def _open(db: Database) -> None:
    if services.is_period_closed(db, None, CLOSING):
        services.reopen_period(db, SYSTEM, None, CLOSING, "persiapan uji")


def _closed(db: Database) -> None:
    if not services.is_period_closed(db, None, CLOSING):
        services.close_period(db, SYSTEM, None, CLOSING)


def _new_account(_db: Database) -> dict[str, Any]:
    return {"account-new-username.value": f"baru-{next(_counter)}",
            "account-new-name.value": "Akun Baru", "account-new-role.value": "viewer"}


def _target_account(_db: Database) -> dict[str, Any]:
    return {"account-selected.value": TARGET,
            "account-edit-name.value": f"Sasaran {next(_counter)}",
            "account-edit-role.value": "viewer"}


def _enabled(db: Database) -> None:
    if accounts.get_account(db, TARGET).disabled:
        accounts.set_disabled(db, SYSTEM, TARGET, False)


STAFF = "199407242019042005"  # the demo employee (Seksi Gizi, under the demo head's DIKES)
HEAD = "196701271995011002"  # the demo head themselves


def _skp_rating(nip: str) -> Callable[[Database], dict[str, Any]]:
    return lambda _db: {"skp-employee.value": nip, "period.value": PERIOD, "skp-work.value": "",
                        "skp-behaviour.value": ("above", "as_expected")[next(_counter) % 2],
                        "skp-feedback.value": "uji matriks peran"}


def _budget(_db: Database) -> dict[str, Any]:
    return {"budget-objective.value": "SP-DIKES-KESMAS", "report-year.value": 2023,
            "budget-amount.value": f"{next(_counter)}.000.000", "budget-realization.value": ""}


def _comment(_db: Database) -> dict[str, Any]:
    return {"comment-target.value": "objective:SPD-DIKES-1",
            "comment-text.value": f"komentar uji {next(_counter)}"}


def _mention_everyone(db: Database) -> None:
    from ekinerja.services.comments import add_comment

    add_comment(db, SYSTEM, None, "objective", "SPD-DIKES-1",
                " ".join(f"@{name}" for name in ACCOUNT_OF.values()))


def _skp_cadence(_db: Database) -> dict[str, Any]:
    return {"skp-cadence.value": ("monthly", "quarterly")[next(_counter) % 2]}


def _unit_predikat(_db: Database) -> dict[str, Any]:
    return {"skp-predikat-unit.value": "DIKES", "period.value": PERIOD,
            "skp-predikat-value.value": ("baik", "istimewa")[next(_counter) % 2]}


def _skp_note(nip: str) -> Callable[[Database], dict[str, Any]]:
    return lambda _db: {"skp-employee.value": nip, "period.value": PERIOD,
                        "skp-self-note.value": f"catatan uji {next(_counter)}"}


def _nothing(_db: Database) -> dict[str, Any]:
    return {}


# the workshop panel (on /pohon-kinerja): planners and admins only, the demo head is refused
# even in their own DIKES (docs/accounts.md)
HEAD = "196701271995011002"  # the demo head, owner of SPD-DIKES-1
FRESH: dict[str, str] = {}  # what a workshop case's preparation made for its form


def _fresh_node(db: Database, *, linked: bool = False) -> None:
    code = f"RHK-UJI-{next(_counter)}"
    services.add_objective(db, SYSTEM, None, Objective(code, "RHK uji", "individual",
                                                       unit="DIKES"), parent="SPD-DIKES-1")
    if linked:
        services.add_link(db, SYSTEM, None, "SPD-DIKES-2", code)
    FRESH["node"] = code


def _fresh_indicator(db: Database) -> None:
    code = f"IND-UJI-{next(_counter)}"
    services.add_indicator(db, SYSTEM, None, Indicator(code, "SPD-DIKES-1", "Indikator uji"))
    FRESH["indicator"] = code


def _system_edit(db: Database) -> None:
    services.update_objective(db, SYSTEM, None, "SPD-DIKES-2", name=f"Sasaran {next(_counter)}")


def _node_form(code: str) -> Callable[[Database], dict[str, Any]]:
    def form(_db: Database) -> dict[str, Any]:
        n = next(_counter)
        return {"work-selected.data": code, "work-name.value": f"Sasaran uji {n}",
                "work-level.value": "agency_objective",
                "work-unit.value": "DIKES" if "DIKES" in code else "BAPPEDA",
                "work-owner.value": HEAD if "DIKES" in code else "196908061993031011",
                "work-child-kind.value": "objective", "work-child-code.value": f"RHK-BARU-{n}",
                "work-child-name.value": "RHK baru", "work-child-level.value": "individual"}
    return form


def _fresh_form(**fields: str) -> Callable[[Database], dict[str, Any]]:
    return lambda _db: {"work-selected.data": FRESH.get("node"),
                        "work-indicator.value": FRESH.get("indicator"), **fields}


def _indicator_form(_db: Database) -> dict[str, Any]:
    return {"work-indicator.value": "IKD-DIKES-1.1",
            "work-ind-name.value": f"Persentase puskesmas terakreditasi {next(_counter)}",
            "work-ind-measure.value": "%", "work-ind-polarity.value": "positive",
            "work-ind-aggregation.value": "latest", "work-iku.value": ["iku"]}


def _undo_form(db: Database) -> dict[str, Any]:
    return {"work-undo-edit.value": services.edit_history(db, None, 1)[0]["id"]}


def _targets_form(_db: Database) -> dict[str, Any]:
    return {"work-indicator.value": "IKD-DIKES-1.1",
            "work-targets.rowData": [{"year": "2022", "label": "2022",
                                      "annual": f"{next(_counter)},5"}]}


def _pk_change(_db: Database) -> dict[str, Any]:
    return {"report-unit.value": "DIKES", "report-year.value": 2022,
            "pk-freeze-kind.value": "perubahan", "pk-freeze-date.value": "2022-12-31",
            "pk-freeze-reason.value": "uji matriks peran"}


def _lke_answer(_db: Database) -> dict[str, Any]:
    return {"lke-unit.value": "DIKES", "lke-year.value": 2022, "lke-criterion.value": "1.1.1",
            "lke-answer.value": "Y", "lke-note.value": f"uji {next(_counter)}",
            "lke-evidence.value": "https://bukti.example/pedoman.pdf"}


def _lke_finding(_db: Database) -> dict[str, Any]:
    return {"lke-unit.value": "DIKES", "lke-year.value": 2022,
            "lke-finding-text.value": f"temuan {next(_counter)}",
            "lke-finding-advice.value": "rekomendasi uji"}


def _lke_follow_up(db: Database) -> dict[str, Any]:
    from ekinerja.services import lke as evaluations

    finding = evaluations.findings(db, SYSTEM, None, "DIKES", 2022)[0].id
    return {"lke-follow-finding.value": finding, "lke-follow-status.value": "in_progress",
            "lke-follow-text.value": f"tindak lanjut {next(_counter)}"}


def _a_finding(db: Database) -> None:
    from ekinerja.services import lke as evaluations

    if not evaluations.findings(db, SYSTEM, None, "DIKES", 2022):
        evaluations.add_finding(db, SYSTEM, None, "DIKES", 2022, None, "temuan", "saran")


def _pk_awal(db: Database) -> None:
    from ekinerja.services.agreements import agreement_versions, freeze_agreement

    if not agreement_versions(db, SYSTEM, None, "DIKES", 2022):
        freeze_agreement(db, SYSTEM, None, "DIKES", 2022, "awal", "2022-01-03")


def _red(indicator: str, value: float) -> Callable[[Database], None]:
    """The indicator is red in PERIOD: a value far below its target (a negative RHK: above)."""
    return lambda db: services.record_realization(db, SYSTEM, None, indicator, PERIOD, value)


def _follow_up_form(indicator: str) -> Callable[[Database], dict[str, Any]]:
    return lambda _db: {"followup-indicator.value": indicator, "period.value": PERIOD,
                        "followup-cause.value": f"penyebab {next(_counter)}",
                        "followup-action.value": "tindakan uji",
                        "followup-due.value": "2024-03-31"}


def _open_follow_up(db: Database) -> None:
    from ekinerja.services.followups import follow_ups, record_follow_up

    _red(OWN, 30.0)(db)  # RHK-052-1 is negative with a target of 3
    if not [f for f in follow_ups(db, SYSTEM, None, status="open") if f.indicator == OWN]:
        record_follow_up(db, SYSTEM, None, OWN, PERIOD, "penyebab", "tindakan", "2024-03-31")


def _close_form(db: Database) -> dict[str, Any]:
    from ekinerja.services.followups import follow_ups

    found = [f for f in follow_ups(db, SYSTEM, None, status="open") if f.indicator == OWN]
    return {"followup-close-id.value": found[-1].id,
            "followup-close-note.value": f"selesai {next(_counter)}"}


def _import_form(db: Database) -> dict[str, Any]:
    """A workbook of the plan with one indicator weight changed, and its preview's digest."""
    import base64
    import tempfile
    from pathlib import Path

    from ekinerja.interchange import save
    from ekinerja.services import import_preview

    doc = services.load_document(db)
    next(i for i in doc.indicators if i.code == "IKD-DIKES-1.1").weight = 1.0 + next(_counter)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rencana.xlsx"
        save(doc, path)
        contents = "data:application/octet-stream;base64," + base64.b64encode(
            path.read_bytes()).decode("ascii")
    shown = import_preview.preview_import(db, SYSTEM, contents, "rencana.xlsx", 50 << 20)
    return {"import-upload.contents": contents, "import-upload.filename": "rencana.xlsx",
            "import-fingerprint.data": shown.fingerprint}


def _org_unit(_db: Database) -> dict[str, Any]:
    return {"org-unit-code.value": f"UNIT-UJI-{next(_counter)}", "org-unit-name.value": "Unit uji",
            "org-unit-parent.value": "DIKES", "org-unit-kind.value": "section"}


def _org_employee(_db: Database) -> dict[str, Any]:
    return {"org-emp-nip.value": f"19990101202012{next(_counter):04d}",
            "org-emp-name.value": "Pegawai uji", "org-emp-position.value": "Analis",
            "org-emp-unit.value": "DIKES", "org-emp-supervisor.value": HEAD}


def _leaving(db: Database) -> None:
    """Someone who owns a fresh RHK and leaves, and their successor."""
    n = next(_counter)
    leaving, successor = f"19980101202012{n:04d}", f"19970101202012{n:04d}"
    services.save_employee(db, SYSTEM, None, leaving, name="Pergi", unit="DIKES",
                           supervisor=HEAD)
    services.save_employee(db, SYSTEM, None, successor, name="Pengganti", unit="DIKES")
    services.add_objective(db, SYSTEM, None, Objective(f"RHK-PERGI-{n}", "RHK", "individual",
                                                       unit="DIKES", owner=leaving),
                           parent="SPD-DIKES-1")
    FRESH.update(leaving=leaving, successor=successor)


def _removable_unit(db: Database) -> None:
    """A fresh unit nothing refers to (removed or undone by the write)."""
    FRESH["unit"] = f"UNIT-HAPUS-{next(_counter)}"
    services.save_unit(db, SYSTEM, None, FRESH["unit"], name="Unit hapus", parent="DIKES",
                       kind="section")


def _unit_removal(_db: Database) -> dict[str, Any]:
    return {"org-unit-code.value": FRESH["unit"], "org-unit-confirm.value": []}


def _removable_employee(db: Database) -> None:
    """A fresh employee without RHK, reports, records or account."""
    FRESH["employee"] = f"19960101202012{next(_counter):04d}"
    services.save_employee(db, SYSTEM, None, FRESH["employee"], name="Pegawai hapus",
                           unit="DIKES", supervisor=HEAD)


def _employee_removal(_db: Database) -> dict[str, Any]:
    return {"org-emp-nip.value": FRESH["employee"], "org-emp-confirm.value": []}


def _org_undo_form(db: Database) -> dict[str, Any]:
    return {"org-undo-edit.value": services.organisation_history(db, None, 1)[0]["id"]}


def _succession(_db: Database) -> dict[str, Any]:
    return {"org-leaving.value": FRESH["leaving"], "org-successor.value": FRESH["successor"],
            "org-handover-date.value": "2023-07-01", "org-take-position.value": ["position"]}
# the strategy map's editor (on /peta-strategi): planners and admins only
def _no_arrow(db: Database) -> None:
    if ("SS-1.1", "SS-1.2") in {(c.cause, c.effect)
                                for c in services.load_document(db, None).causal_links}:
        services.remove_causal_link(db, SYSTEM, None, "SS-1.1", "SS-1.2")


def _an_arrow(db: Database) -> None:
    if ("SS-1.1", "SS-1.2") not in {(c.cause, c.effect)
                                    for c in services.load_document(db, None).causal_links}:
        services.add_causal_link(db, SYSTEM, None, "SS-1.1", "SS-1.2")


def _arrow_form(_db: Database) -> dict[str, Any]:
    return {"map-scope.value": "", "map-arrow-cause.value": "SS-1.1",
            "map-arrow-effect.value": "SS-1.2"}


def _moved_form(_db: Database) -> dict[str, Any]:
    n = float(next(_counter))
    return {"map-scope.value": "", "map-moved.data": {"SS-1.1": {"x": n, "y": -n}}}


def _placed(db: Database) -> None:
    if not services.map_positions(db, None, "DIKES"):
        services.place_nodes(db, SYSTEM, None, "DIKES", {"SPD-DIKES-1": (1.0, 2.0)})


@dataclass(frozen=True)
class Write:
    """One change a page offers: the button that makes it, the form it sends, who may."""

    name: str
    trigger: str  # the id of the clicked button (an Input of the write callback)
    allowed: frozenset[str]
    form: Callable[[Database], dict[str, Any]]  # "id.property" -> value, as the page sends it
    prepare: Callable[[Database], None] = lambda _db: None


PLANNERS = frozenset({"admin", "planner"})
ADMINS = frozenset({"admin"})
VERIFIERS = frozenset({"admin", "planner", "head"})  # the demo head heads DIKES
EVALUATORS = frozenset({"admin", "evaluator"})
FOLLOWERS = frozenset({"admin", "planner", "operator", "employee"})  # the own RHK's follow-up
WRITES = (
    Write("bobot: save weights", ids.WEIGHT_SAVE, PLANNERS, _weights_form),
    Write("bobot: restore a version", ids.WEIGHT_RESTORE, PLANNERS, _weights_form,
          _some_version),
    Write("realisasi: own RHK", ids.ENTRY_SAVE, frozenset({"admin", "operator", "employee"}),
          _realization(OWN)),
    Write("realisasi: a colleague's RHK", ids.ENTRY_SAVE, frozenset({"admin", "operator"}),
          _realization(COLLEAGUE)),
    Write("realisasi: another agency", ids.ENTRY_SAVE, ADMINS, _realization(ELSEWHERE)),
    Write("realisasi: a draft of the own RHK", ids.ENTRY_DRAFT,
          frozenset({"admin", "operator", "employee"}), _realization(OWN)),
    Write("verifikasi: verify a colleague's RHK", ids.VERIFY_APPROVE, VERIFIERS,
          _selected(ids.VERIFY_GRID, COLLEAGUE), _submitted(COLLEAGUE)),
    Write("verifikasi: reject a colleague's RHK", ids.VERIFY_REJECT, VERIFIERS,
          _selected(ids.VERIFY_GRID, COLLEAGUE), _submitted(COLLEAGUE)),
    Write("verifikasi: verify another agency", ids.VERIFY_APPROVE, PLANNERS,
          _selected(ids.VERIFY_GRID, ELSEWHERE), _submitted(ELSEWHERE)),
    Write("verifikasi: submit a draft of the own RHK", ids.RETURNED_SUBMIT,
          frozenset({"admin", "operator", "employee"}), _selected(ids.RETURNED_GRID, OWN),
          _draft(OWN)),
    Write("verifikasi: submit a colleague's draft", ids.RETURNED_SUBMIT,
          frozenset({"admin", "operator"}), _selected(ids.RETURNED_GRID, COLLEAGUE),
          _draft(COLLEAGUE)),
    Write("realisasi: close a period", ids.ENTRY_CLOSE, PLANNERS, _period, _open),
    Write("realisasi: reopen a period", ids.ENTRY_REOPEN, PLANNERS, _period, _closed),
    Write("skp: rate an employee below", ids.SKP_SAVE, frozenset({"admin", "head"}),
          _skp_rating(STAFF)),
    Write("skp: rate oneself", ids.SKP_SAVE, ADMINS, _skp_rating(HEAD)),
    Write("skp: one's own note", ids.SKP_SELF_SAVE, frozenset({"admin", "employee"}),
          _skp_note(STAFF)),
    Write("skp: another's note", ids.SKP_SELF_SAVE, ADMINS, _skp_note(HEAD)),
    Write("skp: the cadence", ids.SKP_CADENCE_SAVE, PLANNERS, _skp_cadence),
    Write("skp: a unit's organisation predikat", ids.SKP_PREDIKAT_SAVE, PLANNERS,
          _unit_predikat),
    Write("pengguna: create an account", ids.ACCOUNT_CREATE, ADMINS, _new_account),
    Write("pengguna: change an account", ids.ACCOUNT_SAVE, ADMINS, _target_account),
    Write("pengguna: disable an account", ids.ACCOUNT_TOGGLE, ADMINS, _target_account,
          _enabled),
    Write("pengguna: reset a password", ids.ACCOUNT_RESET, ADMINS, _target_account),
    Write("pengguna: employee accounts", ids.ACCOUNT_BULK, ADMINS, _nothing),
    Write("workshop: edit an objective of DIKES", ids.WORK_SAVE, PLANNERS,
          _node_form("SPD-DIKES-1")),
    Write("workshop: edit an objective of Bappeda", ids.WORK_SAVE, PLANNERS,
          _node_form("SPD-BAPPEDA-1")),
    Write("workshop: add a child", ids.WORK_ADD, PLANNERS, _node_form("SPD-DIKES-1")),
    Write("workshop: move", ids.WORK_MOVE, PLANNERS,
          _fresh_form(**{"work-move-to.value": "SPD-DIKES-2"}), _fresh_node),
    Write("workshop: link", ids.WORK_LINK, PLANNERS,
          _fresh_form(**{"work-link-parent.value": "SPD-DIKES-2",
                         "work-link-weight.value": "2,5"}), _fresh_node),
    Write("workshop: unlink", ids.WORK_UNLINK, PLANNERS,
          _fresh_form(**{"work-unlink-parent.value": "SPD-DIKES-2"}),
          lambda db: _fresh_node(db, linked=True)),
    Write("workshop: remove", ids.WORK_REMOVE, PLANNERS, _fresh_form(), _fresh_node),
    Write("workshop: edit an indicator", ids.WORK_IND_SAVE, PLANNERS, _indicator_form),
    Write("workshop: remove an indicator", ids.WORK_IND_REMOVE, PLANNERS, _fresh_form(),
          _fresh_indicator),
    Write("workshop: undo another's edit", ids.WORK_UNDO, PLANNERS, _undo_form, _system_edit),
    Write("workshop: targets", ids.WORK_TARGETS_SAVE, PLANNERS, _targets_form),
    Write("peta: draw an arrow", ids.MAP_ARROW_ADD, PLANNERS, _arrow_form, _no_arrow),
    Write("peta: remove an arrow", ids.MAP_ARROW_REMOVE, PLANNERS, _arrow_form, _an_arrow),
    Write("peta: save positions", ids.MAP_LAYOUT_SAVE, PLANNERS, _moved_form),
    Write("peta: reset the layout", ids.MAP_LAYOUT_RESET, PLANNERS,
          lambda _db: {"map-scope.value": "DIKES"}, _placed),


    Write("impor: import a previewed workbook", ids.IMPORT_CONFIRM, PLANNERS, _import_form),
    Write("organisasi: save a unit", ids.ORG_UNIT_SAVE, PLANNERS, _org_unit),
    Write("organisasi: save an employee", ids.ORG_EMP_SAVE, PLANNERS, _org_employee),
    Write("organisasi: name a successor", ids.ORG_SUCCEED, PLANNERS, _succession, _leaving),
    Write("organisasi: remove a unit", ids.ORG_UNIT_REMOVE, PLANNERS, _unit_removal,
          _removable_unit),
    Write("organisasi: remove an employee", ids.ORG_EMP_REMOVE, PLANNERS, _employee_removal,
          _removable_employee),
    Write("organisasi: undo another's edit", ids.ORG_UNDO, PLANNERS, _org_undo_form,
          _removable_unit),
    Write("laporan: freeze a PK version", ids.PK_FREEZE, PLANNERS, _pk_change, _pk_awal),
    Write("laporan: a budget", ids.BUDGET_SAVE, PLANNERS, _budget),
    Write("comments: post on an objective", ids.COMMENT_POST,
          frozenset(ROLES) - {"viewer"}, _comment),
    Write("comments: mark one's mentions read", ids.MENTIONS_READ, frozenset(ROLES),
          lambda _db: {}, _mention_everyone),
    Write("lke: answer a criterion", ids.LKE_SAVE, EVALUATORS, _lke_answer),
    Write("lke: add a finding", ids.LKE_FINDING_ADD, EVALUATORS, _lke_finding),
    Write("lke: follow a finding up", ids.LKE_FOLLOW_SAVE, EVALUATORS, _lke_follow_up,
          _a_finding),
    Write("tindak-lanjut: the own red RHK", ids.FOLLOWUP_SAVE, FOLLOWERS,
          _follow_up_form(OWN), _red(OWN, 30.0)),
    Write("tindak-lanjut: another agency", ids.FOLLOWUP_SAVE, PLANNERS,
          _follow_up_form(ELSEWHERE), _red(ELSEWHERE, 10.0)),
    Write("tindak-lanjut: mark the own RHK's follow-up done", ids.FOLLOWUP_CLOSE, FOLLOWERS,
          _close_form, _open_follow_up),
)


# ----------------------------------------------------------------- the forged post
def writes_of(app: Any) -> dict[str, dict[str, Any]]:
    """The callbacks that write: those reporting on the data revision (other than the
    shell's poll) or in a message area, by callback key."""

    def output_ids(key: str) -> list[str]:
        return [part.rsplit(".", 1)[0] for part in key.strip(".").split("...")]

    return {key: spec for key, spec in app.callback_map.items()
            if key != f"{ids.REVISION}.data"
            and any(i == ids.REVISION or i.endswith("-message") for i in output_ids(key))}


def callback_of(app: Any, trigger: str) -> tuple[str, dict[str, Any]]:
    """The callback key and spec that a button is an Input of."""
    return next((key, spec) for key, spec in app.callback_map.items()
                if any(i["id"] == trigger for i in spec["inputs"]))


def forged(app: Any, trigger: str, form: dict[str, Any]) -> dict[str, Any]:
    """The /_dash-update-component body the browser sends when `trigger` is clicked with
    `form` filled in (an absent field is sent empty, as the page would)."""
    key, spec = callback_of(app, trigger)
    outputs = []
    for part in key.strip(".").split("..."):
        component, prop = part.rsplit(".", 1)
        outputs.append({"id": component, "property": prop})
    state: list[Any] = []
    for s in spec["state"]:
        if s["id"].startswith("{"):  # a pattern (ALL): the list of the matching components
            state.append(form.get(f'{json.loads(s["id"])["type"]}.{s["property"]}', []))
        else:
            default = "id" if s["id"] == ids.LANG else None  # the page in Indonesian
            state.append({**s, "value": form.get(f'{s["id"]}.{s["property"]}', default)})
    return {
        "output": key,
        "outputs": outputs if key.startswith("..") else outputs[0],
        "inputs": [{**i, "value": 1 if i["id"] == trigger else None} for i in spec["inputs"]],
        "changedPropIds": [f"{trigger}.n_clicks"],
        "state": state,
    }


def snapshot(db: Database) -> dict[str, list[tuple]]:
    """Every row of every table."""
    with db.read() as conn:
        return {table.name: [tuple(row) for row in conn.execute(
                    select(table).order_by(*table.primary_key.columns))]
                for table in Base.metadata.sorted_tables}


def said(response: Any) -> str:
    """The text of a callback's answer (its JSON decoded: "/" arrives as \\u002f)."""
    return json.dumps(response.get_json(), ensure_ascii=False)


def post(web: Web, role: str, write: Write, extra_state: list[dict] | None = None
         ) -> tuple[Any, dict, dict]:
    """Prepare, snapshot, post the write as `role`; (response, before, after)."""
    write.prepare(web.db)
    body = forged(web.app, write.trigger, write.form(web.db))
    body["state"] += extra_state or []
    before = snapshot(web.db)
    response = web.clients[role].post("/_dash-update-component", json=body)
    return response, before, snapshot(web.db)


# ----------------------------------------------------------------- the matrix
def test_the_matrix_covers_every_write_callback_and_every_button_of_it(web) -> None:
    found = writes_of(web.app)
    assert found, "no write callback found"
    covered = {callback_of(web.app, w.trigger)[0] for w in WRITES}
    assert covered == set(found)
    buttons = {i["id"] for spec in found.values() for i in spec["inputs"]}
    assert buttons == {w.trigger for w in WRITES}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("write", WRITES, ids=lambda w: w.name)
def test_a_forged_write_is_made_only_for_the_roles_that_may(web, write: Write, role: str
                                                            ) -> None:
    response, before, after = post(web, role, write)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    text = said(response)
    if role in write.allowed:
        assert REFUSED not in text
        assert after != before
        added = len(after["audit_log"]) - len(before["audit_log"])
        assert added >= 1
        for record in services.audit_log(web.db, limit=added):
            assert (record["username"], record["address"]) == (ACCOUNT_OF[role],
                                                                ADDRESS_OF[role])
    else:
        assert REFUSED in text
        assert after == before


# ----------------------------------------------------------------- no acting user to forge
def test_no_callback_takes_a_user_from_the_browser(web) -> None:
    named = {dependency["id"] for spec in web.app.callback_map.values()
             for dependency in spec["inputs"] + spec["state"]}
    assert not {"entry-user", "weight-user"} & named
    assert not [name for name in named if "acting" in name or name.endswith("-user")]


@pytest.mark.parametrize("role", ["viewer", "operator"])
def test_a_post_naming_a_user_is_rejected_and_writes_nothing(web, role: str) -> None:
    write = next(w for w in WRITES if w.trigger == ids.ENTRY_SAVE)
    named = [{"id": "entry-user", "property": "value", "value": ACCOUNT_OF["admin"]}]
    response, before, after = post(web, role, write, named)
    assert response.status_code != 200
    assert "Traceback" not in response.get_data(as_text=True)
    assert after == before


def test_the_accounts_list_is_refused_to_anyone_but_an_admin(web) -> None:
    key, spec = next((k, s) for k, s in web.app.callback_map.items()
                     if k.startswith(f"..{ids.ACCOUNT_LIST}."))
    body = {"output": key, "outputs": [{"id": ids.ACCOUNT_LIST, "property": "children"},
                                       {"id": ids.ACCOUNT_SELECTED, "property": "options"}],
            "inputs": [{**i, "value": "id" if i["id"] == ids.LANG else 1}
                       for i in spec["inputs"]],
            "changedPropIds": [f"{ids.REVISION}.data"], "state": []}
    for role in ROLES:
        text = said(web.clients[role].post("/_dash-update-component", json=body))
        assert (TARGET in text) is (role == "admin"), role
