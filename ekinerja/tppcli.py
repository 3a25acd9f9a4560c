"""The `ekinerja tpp` and `ekinerja bkn` commands: ranking and TPP for the payroll office, and
the BKN e-Kinerja workbook (docs/skp.md)."""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import click

from ekinerja.cli import FROM_DATABASE_HELP, OUTPUT_HELP, PERIOD_HELP
from ekinerja.clihelp import HelpCommand
from ekinerja.messages import N_, Message
from ekinerja.model import InvalidPlan, PlanDocument, Problem

FORMATS = ["table", "json", "xlsx"]


def _plan(file: str | None, from_database: bool, database: str | None, plan_code: str | None,
          period: str | None) -> tuple[PlanDocument, str]:
    """The plan (a file, or the database with its ratings in force) and the checked period."""
    from ekinerja import report
    from ekinerja.cli import (
        FILE_OR_DATABASE,
        _check_period,
        _document_from_database,
        _fail,
        load_valid,
    )
    from ekinerja.rollup import Engine

    if file and from_database:
        _fail([Problem("FILE", Message(FILE_OR_DATABASE).bilingual())])
    doc = load_valid(file) if file else _document_from_database(database, plan_code)
    if period is None:
        period = report.default_period(Engine(doc).verified_only())
    _check_period(doc, period)
    return doc, period


def _binary(write: Callable[[Path], None], output: str | None) -> None:
    """A workbook to `output`, or its bytes to standard output (which must be redirected)."""
    from ekinerja.cli import XLSX_NEEDS_OUTPUT, _fail

    if output is not None:
        write(Path(output))
        return
    if sys.stdout.isatty():
        _fail([Problem("--output", Message(XLSX_NEEDS_OUTPUT).bilingual())])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "out.xlsx"
        write(path)
        data = path.read_bytes()
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def _database_options(command: Callable[..., None]) -> Callable[..., None]:
    from ekinerja.cli import _database_options as options

    command = click.option("--from-database", is_flag=True, help=FROM_DATABASE_HELP)(command)
    return options(command)


@click.command("tpp", cls=HelpCommand, help=N_(
    "TPP and ranking of one period, for the payroll office (docs/skp.md).\n\nEach month of the "
    "period pays the performance share by the predikat of its SKP (else its quarter's, else its "
    "year's) and the discipline share less that month's deductions. Scores use verified "
    "realizations only. Exit 2 on any problem."))
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@click.option("--period", "-p", help=PERIOD_HELP)
@click.option("--settings", "settings_file", type=click.Path(dir_okay=False, exists=True),
              help=N_("TPP settings (JSON, docs/skp.md)."))
@click.option("--discipline", type=click.Path(dir_okay=False, exists=True),
              help=N_("discipline deductions (xlsx: nip, month, percent)."))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help=OUTPUT_HELP)
@_database_options
def tpp_command(file: str | None, period: str | None, settings_file: str | None,
                discipline: str | None, fmt: str, output: str | None, from_database: bool,
                database: str | None, plan_code: str | None) -> None:
    from ekinerja import skpreport, tpp
    from ekinerja.cli import _fail
    from ekinerja.interchange import atomic_path
    from ekinerja.rollup import Engine

    doc, period = _plan(file, from_database, database, plan_code, period)
    try:
        settings = tpp.load_settings(settings_file) if settings_file else tpp.TppSettings()
        deductions = tpp.read_deductions(discipline) if discipline else {}
    except InvalidPlan as exc:
        _fail(exc.problems)
    result = tpp.calculate(tpp.engine_evaluator(Engine(doc)), period, settings, deductions)
    if fmt == "xlsx":
        _binary(lambda path: skpreport.write_tpp_workbook(result, path), output)
        return
    text = (json.dumps(result.to_json(), ensure_ascii=False) if fmt == "json"
            else skpreport.tpp_table(result, doc.plan.name))
    if output is None:
        click.echo(text)
        return
    with atomic_path(output) as tmp:
        Path(tmp).write_text(text + "\n", encoding="utf-8")


@click.command("bkn", cls=HelpCommand, help=N_(
    "The BKN e-Kinerja workbook: NIP, period, ratings, predikat.\n\nScores use verified "
    "realizations only. Exit 2 on any problem."))
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@click.option("--period", "-p", help=PERIOD_HELP)
@click.option("--output", "-o", type=click.Path(dir_okay=False),
              help=N_("write to a file (required unless redirected)."))
@_database_options
def bkn_command(file: str | None, period: str | None, output: str | None, from_database: bool,
                database: str | None, plan_code: str | None) -> None:
    from ekinerja import skp, skpreport
    from ekinerja.rollup import Engine

    doc, period = _plan(file, from_database, database, plan_code, period)
    result = skp.evaluate(Engine(doc), period)
    _binary(lambda path: skpreport.write_bkn_workbook(result, path), output)


def register(group: click.Group) -> None:
    """Add `tpp` and `bkn` to the main `ekinerja` group."""
    group.add_command(tpp_command)
    group.add_command(bkn_command)
