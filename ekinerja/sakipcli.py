"""The `ekinerja lke` and `ekinerja report` commands: the LKE values and the SAKIP documents."""

from __future__ import annotations

import json

import click

from ekinerja.clihelp import HelpCommand, HelpGroup
from ekinerja.documents import KINDS
from ekinerja.messages import N_, Message
from ekinerja.model import InvalidPlan, Problem
from ekinerja.storage.cli import PLAN_IN_DATABASE

CANNOT_WRITE = N_("cannot write: {why}")
INDICATORS = N_("indicators")
DATABASE_URL = N_("database URL.")


@click.command("lke", cls=HelpCommand, help=N_(
    "LKE values (PermenPANRB 88/2021) and grade of a set of answers.\n\nFILE is "
    '{"format": "ekinerja-lke/1", "answers": {"1.1.1": "Y", "1.2.3": "B", ...}}: answers Y/T '
    "or A-E (upper case), null or absent for unanswered. Exit 2 on any problem."))
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--format", "fmt", type=click.Choice(["json", "table"]), default="table", show_default=True
)
def lke_command(file: str, fmt: str) -> None:
    from ekinerja import lke
    from ekinerja.cli import _fail
    from ekinerja.interchange import read_json_data

    try:
        data = read_json_data(file)
    except InvalidPlan as exc:
        _fail(exc.problems)
    answers, problems = lke.parse(data)
    if problems:
        _fail(problems)
    result = lke.evaluate(answers)
    if fmt == "json":
        click.echo(json.dumps(result.to_json(), ensure_ascii=False))
    else:
        click.echo(lke.table(result))


@click.command("report", cls=HelpCommand, help=N_(
    "Write a SAKIP document of a unit and year.\n\nKIND: pk (Perjanjian Kinerja: .docx, .pdf), "
    "rencana-aksi (.xlsx), lkjip (LKjIP tables: .docx, .xlsx). The plan comes from --plan-file "
    "or else from the database. The figures count verified realizations only. The region as a "
    "whole is its top (pemda) unit. With --version, a PK as frozen (version N, or the latest) "
    "instead of as the plan stands now."))
@click.argument("kind", type=click.Choice(list(KINDS)))
@click.option("--unit", "-u", "unit", required=True, help=N_("unit code."))
@click.option("--year", "-y", "year", required=True, type=int, help=N_("year (YYYY)."))
@click.option("--output", "-o", "output", required=True, type=click.Path(dir_okay=False),
              help=N_("file: .docx, .pdf (pk), .xlsx (rencana-aksi, lkjip)."))
@click.option("--plan-file", type=click.Path(dir_okay=False), default=None,
              help=N_("a plan file instead of the database."))
@click.option("--database", envvar="EKINERJA_DATABASE_URL", help=DATABASE_URL)
@click.option("--plan", "plan_code", help=PLAN_IN_DATABASE)
@click.option("--version", "version", is_flag=False, flag_value="latest", default=None,
              metavar="[N]",
              help=N_("the frozen version N (without N: the latest), from the database."))
def report_command(kind: str, unit: str, year: int, output: str, plan_file: str | None,
                   database: str | None, plan_code: str | None,
                   version: str | None) -> None:
    from ekinerja import documents
    from ekinerja.cli import _document_from_database, _fail, load_valid
    from ekinerja.documents.content import DocumentError, check_request

    problem = documents.suffix_problem(kind, output)
    if problem is not None:
        _fail([Problem("--output", problem.message)])
    if version is not None:
        _frozen_version(kind, unit, year, output, plan_file, database, plan_code, version)
        return
    budgets = analysis = None
    if plan_file:
        doc = load_valid(plan_file)
    else:
        from ekinerja.storage.cli import _errors

        with _errors():
            doc = _document_from_database(database, plan_code)
            if kind == "lkjip":
                budgets, analysis = _lkjip_records(database, plan_code, year)
    problems = check_request(doc, unit, year)
    if problems:
        _fail([Problem(f"--{p.place}", p.message) for p in problems])
    try:
        made = documents.write(kind, doc, unit, year, output, budgets=budgets,
                               analysis=analysis)
    except DocumentError as exc:
        _fail(exc.problems)
    except OSError as exc:
        _fail([Problem(output, Message(CANNOT_WRITE, {"why": exc.strerror or exc}).bilingual())])
    rows = len(getattr(made, "rows", []))
    click.echo(f"{output}: {documents.TITLES[kind]} {unit} {year}, {rows} "
               f"{Message(INDICATORS).bilingual()}", err=True)


def _frozen_version(kind: str, unit: str, year: int, output: str, plan_file: str | None,
                    database: str | None, plan_code: str | None, version: str) -> None:
    """Write a frozen PK version (N, or `latest`) from the database to `output`; exit 2 naming
    an unknown version, a kind other than pk or a plan file (which holds no versions)."""
    from pathlib import Path

    from ekinerja import documents, services
    from ekinerja.cli import _fail
    from ekinerja.interchange import atomic_path
    from ekinerja.services.agreements import agreement_version, agreement_versions
    from ekinerja.storage.cli import _errors
    from ekinerja.storage.database import Database

    if kind != "pk":
        _fail([Problem("--version", Message(N_("only for pk, not {kind}"),
                                            {"kind": kind}).bilingual())])
    if plan_file:
        _fail([Problem("--version", Message(N_("PK versions are kept in the database, not in a "
                                               "plan file")).bilingual())])
    number: int | None = None
    if version != "latest":
        try:
            number = int(version)
        except ValueError:
            number = None
        if number is None or number < 1:
            _fail([Problem("--version", Message(N_("not a version number: {version} (1, 2, …)"),
                                                {"version": repr(version)}).bilingual())])
    user = services.system_user()
    with _errors():
        db = Database(database)
        try:
            frozen = agreement_versions(db, user, plan_code, unit, year)
            known = [v.version for v in frozen]
            if number is None and not known:
                _fail([Problem("--version", Message(N_("PK {unit} {year} has no frozen version"),
                                                    {"unit": unit, "year": str(year)}
                                                    ).bilingual())])
            chosen = known[-1] if number is None else number
            if chosen not in known:
                listed = ", ".join(map(str, known)) or "–"
                _fail([Problem("--version", Message(
                    N_("PK {unit} {year} has no version {version} (there are: {listed})"),
                    {"unit": unit, "year": str(year), "version": str(chosen), "listed": listed}
                ).bilingual())])
            agreement = agreement_version(db, user, plan_code, unit, year, chosen)
        finally:
            db.dispose()
    try:
        content = documents.render_agreement(agreement, Path(output).suffix.lower())
        with atomic_path(output) as tmp:
            Path(tmp).write_bytes(content)
    except OSError as exc:
        _fail([Problem(output, Message(CANNOT_WRITE, {"why": exc.strerror or exc}).bilingual())])
    version_label = Message(N_("version")).bilingual()
    click.echo(f"{output}: {documents.TITLES[kind]} {unit} {year} {version_label} {chosen}, "
               f"{len(agreement.rows)} {Message(INDICATORS).bilingual()}", err=True)


def _lkjip_records(database: str | None, plan_code: str | None, year: int
                   ) -> tuple[dict, list]:
    """The plan's budgets (programs and activities per year) and the follow-ups of red
    indicators recorded for the year (the analysis), from the database."""
    from ekinerja.services.budgets import budgets_of
    from ekinerja.services.followups import analysis_of
    from ekinerja.storage.database import Database

    db = Database(database)
    try:
        return budgets_of(db, plan_code), analysis_of(db, plan_code, year)
    finally:
        db.dispose()


@click.group("budget", cls=HelpGroup, help=N_(
    "Budgets of programs and activities (LKjIP efficiency)."))
def budget_group() -> None:
    pass


@budget_group.command("import", help=N_(
    "Import budgets from a workbook into the database.\n\nFILE: one sheet with the columns "
    "kode (a program's or activity's objective code), tahun, anggaran and optionally "
    "realisasi. All or nothing: every problem is named with its row, exit 2."))
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--database", envvar="EKINERJA_DATABASE_URL", help=DATABASE_URL)
@click.option("--plan", "plan_code", help=PLAN_IN_DATABASE)
def budget_import(file: str, database: str | None, plan_code: str | None) -> None:
    from ekinerja import services
    from ekinerja.budgets import read_workbook
    from ekinerja.cli import _fail
    from ekinerja.services.budgets import set_budgets
    from ekinerja.storage.cli import _errors
    from ekinerja.storage.database import Database

    lines, problems = read_workbook(file)
    if problems:
        _fail(problems)
    with _errors():
        db = Database(database)
        try:
            count = set_budgets(db, services.system_user(), plan_code, lines)
        except services.ServiceError as exc:
            _fail([Problem(file, part) for part in str(exc).split("; ")])
        finally:
            db.dispose()
    click.echo(f"{file}: {count} " + Message(N_("budgets")).bilingual(), err=True)


def register(group: click.Group) -> None:
    """Add `lke`, `report` and `budget` to the main `ekinerja` group."""
    group.add_command(lke_command)
    group.add_command(report_command)
    group.add_command(budget_group)
