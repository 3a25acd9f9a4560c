"""The `ekinerja` command: score, check, generate and benchmark plans; database and web commands."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from ekinerja.clihelp import HelpGroup
from ekinerja.messages import N_, Message
from ekinerja.model import InvalidPlan, PlanDocument, Problem

if TYPE_CHECKING:
    from ekinerja.rollup import Evaluation
    from ekinerja.skp import SkpResult

#: Modules that add their own commands to the group through ``register(group)``.
COMMAND_MODULES = (
    "ekinerja.storage.cli",
    "ekinerja.webcli",
    "ekinerja.sakipcli",
    "ekinerja.usercli",
    "ekinerja.remindcli",  # after usercli: it adds `user email`
    "ekinerja.tppcli",
)

FILE_OR_DATABASE = N_("FILE or --from-database, not both")
XLSX_NEEDS_OUTPUT = N_("xlsx needs --output FILE (or redirect stdout)")
PERIOD_HELP = N_("period: YYYY, YYYY-Qn or YYYY-MM.")
FROM_DATABASE_HELP = N_("read the plan from the database.")
OUTPUT_HELP = N_("write to a file (xlsx: required unless redirected).")


def _echo_problems(problems: list[Problem]) -> None:
    """Print problems to standard error, at most MAX_PROBLEMS of them, then "and N more"."""
    from ekinerja.problems import capped

    for problem in capped(problems):
        label = Message(N_("warning") if problem.severity == "warning" else N_("error"))
        click.echo(f"{label.bilingual()}: {problem}", err=True)


def _fail(problems: list[Problem], code: int = 2) -> NoReturn:
    _echo_problems(problems)
    sys.exit(code)


def load_valid(path: str | Path) -> PlanDocument:
    """Read a plan file and validate it; exit 2 with every problem on stderr when invalid."""
    from ekinerja.cascade import validate
    from ekinerja.interchange import load

    try:
        doc = load(path)
    except InvalidPlan as exc:
        _fail(exc.problems)
    errors = [p for p in validate(doc) if p.severity == "error"]
    if errors:
        _fail(errors)
    return doc


def _holders_from_database(database: str | None, plan: str, period: str) -> dict[str, str]:
    """Who held each handed-over objective in `period` (docs/organisation.md)."""
    from ekinerja import services
    from ekinerja.storage.database import Database

    db = Database(database)
    try:
        return services.holders_in_period(db, plan, period)
    finally:
        db.dispose()


def _document_from_database(database: str | None, plan: str | None) -> PlanDocument:
    """The plan from the database; a missing schema or plan is a message and an exit status."""
    from ekinerja import services
    from ekinerja.storage.database import Database, DatabaseError

    db: Database | None = None
    try:
        db = Database(database)
        return services.load_document(db, plan)
    except DatabaseError as exc:
        _fail([Problem("", str(exc))], exc.exit_code)
    except services.ServiceError as exc:
        _fail([Problem("", str(exc))], 1)
    finally:
        if db is not None:
            db.dispose()  # the command is done with it: no pooled connection left open


def _database_options(command: Callable[..., None]) -> Callable[..., None]:
    """The options `--database URL` and `--plan CODE` of a command that reads a plan."""
    command = click.option(
        "--plan", "plan_code", help=N_("plan code in the database (without FILE).")
    )(command)
    return click.option(
        "--database", envvar="EKINERJA_DATABASE_URL", help=N_("database URL (without FILE).")
    )(command)


def _check_period(doc: PlanDocument, period: str) -> None:
    from ekinerja.messages import InputError
    from ekinerja.periods import plan_period

    try:
        plan_period(period, doc.plan.start_year, doc.plan.end_year)
    except InputError as exc:
        _fail([Problem("--period", str(exc.message))])


class _Commands(HelpGroup):
    """The command group; the commands of COMMAND_MODULES are added when first asked for, so
    `ekinerja score FILE` loads neither SQLAlchemy nor Dash."""

    _loaded = False

    @property
    def commands(self) -> dict[str, click.Command]:  # type: ignore[override]
        if not _Commands._loaded:
            _Commands._loaded = True
            for name in COMMAND_MODULES:
                import_module(name).register(self)
        return self._commands

    @commands.setter
    def commands(self, value: dict[str, click.Command]) -> None:
        self._commands = value

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        """Add a command without loading the other modules' commands."""
        name = name or cmd.name
        assert name is not None
        self._commands[name] = cmd

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """A command of this module without loading the others; else any command."""
        own = self._commands.get(cmd_name)
        return own if own is not None else super().get_command(ctx, cmd_name)


@click.group(
    cls=_Commands,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=N_("ekinerja — performance management (SAKIP + Balanced Scorecard) for Indonesian "
            "regional governments."),
)
@click.version_option(package_name="ekinerja")
def main() -> None:
    pass


@main.command(help=N_("Score a plan for one period.\n\nFILE is a plan (.json or .xlsx); without "
                      "it the plan is read from the database."))
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@click.option("--period", "-p", help=PERIOD_HELP)
@click.option(
    "--format", "fmt", type=click.Choice(["json", "table"]), default="table", show_default=True
)
@click.option("--explain", "explain_code", help=N_("explain the score of this node."))
@click.option("--depth", type=int, default=None, help=N_("table: levels shown below the vision."))
@_database_options
@click.option(
    "--forecast",
    "with_forecast",
    is_flag=True,
    help=N_("add the year-end forecast from the data up to the period, early warnings and "
            "priorities."),
)
def score(
    file: str | None,
    period: str | None,
    fmt: str,
    explain_code: str | None,
    depth: int | None,
    database: str | None,
    plan_code: str | None,
    with_forecast: bool,
) -> None:
    if with_forecast and explain_code is not None:
        _fail([Problem("--forecast", Message(N_("cannot be used with --explain")).bilingual())])
    _one_blas_thread()
    engine = None
    if file and fmt == "json" and explain_code is None and not with_forecast:
        # the fast path (and its snapshot) carries scores, not names: JSON output only
        from ekinerja import fastscore

        # None: the full reader below names every problem; the helper processes it may leave
        # at work (the snapshot's writer) are waited for when the command ends
        click.get_current_context().call_on_close(fastscore.wait_helpers)
        engine = fastscore.engine_of_file(file, helpers=True)
    if engine is None:
        from ekinerja.rollup import Engine

        doc = load_valid(file) if file else _document_from_database(database, plan_code)
        engine = Engine(doc)
    if period is None:
        from ekinerja.periods import default_score_period

        period = default_score_period(engine)
    _check_period(engine.doc, period)
    evaluation = engine.evaluate(period)
    if with_forecast:
        _print_with_forecast(evaluation, fmt, depth)
        return
    if explain_code is not None:
        if explain_code not in engine.index:
            _fail([Problem("--explain", Message(N_('unknown code "{code}"'),
                                                {"code": explain_code}).bilingual())])
        explanation = evaluation.explain(explain_code)
        if fmt == "json":
            click.echo(json.dumps(explanation, ensure_ascii=False, indent=2))
        else:
            from ekinerja import report

            click.echo(report.explanation_text(explanation))
        return
    if fmt == "json":
        from ekinerja.fastscore import write_score_json

        sys.stdout.flush()
        write_score_json(evaluation, sys.stdout.buffer)  # from the arrays: no dict per node
        sys.stdout.buffer.flush()
    else:
        from ekinerja import report

        click.echo(report.score_table(evaluation, depth=depth))


def _one_blas_thread() -> None:
    """Have numpy, when first imported, start one BLAS thread rather than one per core
    (unless the user said otherwise): OpenBLAS starts its threads as it loads, about 50 ms of
    a `score` run here, and scoring multiplies no matrices."""
    if "numpy" not in sys.modules:
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def _print_with_forecast(evaluation: Evaluation, fmt: str, depth: int | None) -> None:
    """The score output followed by the forecast as of the evaluated period (JSON or table)."""
    from ekinerja import forecast, report

    result = forecast.forecast(evaluation.engine, evaluation.period)
    if fmt == "json":
        document = evaluation.to_json()
        document.update(forecast.score_json(result, evaluation))
        click.echo(json.dumps(document, ensure_ascii=False))
    else:
        click.echo(report.score_table(evaluation, depth=depth))
        click.echo()
        click.echo(report.forecast_text(result, evaluation))


@main.command("skp", help=N_(
    "SKP of one period: ratings, predikat, distribution per unit (docs/skp.md).\n\nFILE is a "
    "plan (.json or .xlsx); without it (or with --from-database) the plan, with the ratings and "
    "unit predikat in force, is read from the database. Scores use verified realizations only. "
    "A plan whose SKP cadence is set (monthly or quarterly) rates only the years and the "
    "periods of its cadence."))
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@click.option("--period", "-p", help=PERIOD_HELP)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "xlsx"]),
    default="table",
    show_default=True,
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    help=OUTPUT_HELP,
)
@click.option("--from-database", is_flag=True, help=FROM_DATABASE_HELP)
@_database_options
def skp_command(
    file: str | None,
    period: str | None,
    fmt: str,
    output: str | None,
    from_database: bool,
    database: str | None,
    plan_code: str | None,
) -> None:
    from ekinerja import report, skp, skpreport
    from ekinerja.rollup import Engine

    if file and from_database:
        _fail([Problem("FILE", Message(FILE_OR_DATABASE).bilingual())])
    if fmt == "xlsx" and output is None and sys.stdout.isatty():
        _fail([Problem("--output", Message(XLSX_NEEDS_OUTPUT).bilingual())])
    doc = load_valid(file) if file else _document_from_database(database, plan_code)
    engine = Engine(doc)
    cadence = doc.plan.settings.skp.cadence  # a database setting (None from a file)
    if period is None:
        period = report.default_period(engine.verified_only())
        period = None if period is None else skp.fitting_period(period, cadence)
    _check_period(doc, period)
    problem = skp.cadence_problem(period, cadence)  # type: ignore[arg-type]
    if problem is not None:
        _fail([Problem("--period", problem)])
    holders = _holders_from_database(database, doc.plan.code, period) if not file else None
    result = skp.evaluate(engine, period, holders=holders)  # type: ignore[arg-type]
    if fmt == "xlsx":
        _write_xlsx(result, output)
        return
    text = (
        json.dumps(result.to_json(), ensure_ascii=False)
        if fmt == "json"
        else skpreport.table(result, doc.plan.name)
    )
    if output is None:
        click.echo(text)
    else:
        from ekinerja.interchange import atomic_path

        with atomic_path(output) as tmp:
            Path(tmp).write_text(text + "\n", encoding="utf-8")


def _write_xlsx(result: SkpResult, output: str | None) -> None:
    """The SKP workbook to `output`, or its bytes to standard output when none is given."""
    import tempfile

    from ekinerja import skpreport

    if output is not None:
        skpreport.write_workbook(result, output)
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "skp.xlsx"
        skpreport.write_workbook(result, path)
        data = path.read_bytes()
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


@main.command(help=N_("Check a plan file: errors and warnings, exit 2 on errors."))
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--strict", is_flag=True, help=N_("warnings fail too."))
@click.option("--quality", is_flag=True,
              help=N_("also the cascade quality check (docs/workshop.md)."))
def check(file: str, strict: bool, quality: bool) -> None:
    from ekinerja.cascade import validate
    from ekinerja.interchange import load

    try:
        doc = load(file)
    except InvalidPlan as exc:
        _fail(exc.problems)
    problems = validate(doc)
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    _echo_problems([*errors, *warnings])
    from ekinerja.interchange import LISTS

    for name in LISTS:  # an import leaves an absent list as stored: say so, it is no error
        if not doc.holds(name):
            click.echo(Message(N_("note")).bilingual() + ": " + Message(N_(
                '"{name}" absent from the file: an import into an existing plan leaves it as '
                "stored"), {"name": name}).bilingual())
    click.echo(Message(N_("{objectives} objectives, {indicators} indicators: {errors} errors, "
                          "{warnings} warnings"), {
        "objectives": str(len(doc.objectives)), "indicators": str(len(doc.indicators)),
        "errors": str(len(errors)), "warnings": str(len(warnings))}).bilingual())
    items = _echo_quality(doc) if quality else []
    if errors or (strict and (warnings or items)):
        sys.exit(2)


def _echo_quality(doc: PlanDocument) -> list:
    """Print the cascade quality items, each with its fix, and a count per kind."""
    from ekinerja.quality import KINDS, counts
    from ekinerja.quality import quality as quality_items

    items = quality_items(doc)
    for item in items:
        click.echo(f"{Message(KINDS[item.kind]).bilingual()}: {item.message.bilingual()} "
                   f"-> {item.fix}")
    click.echo("; ".join(f"{Message(KINDS[kind]).bilingual()}: {n}"
                         for kind, n in counts(items).items()))
    return items


@main.command(help=N_("Write a valid synthetic plan (docs/scale.md sizes)."))
@click.option("--employees", type=click.IntRange(1), default=300, show_default=True)
@click.option("--agencies", type=click.IntRange(1), default=1, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    default="-",
    help=N_("file (.json / .xlsx); '-' for standard output."),
)
def generate(employees: int, agencies: int, seed: int, output: str) -> None:
    from ekinerja import generate as generator
    from ekinerja import interchange

    doc = generator.generate(employees, agencies, seed)
    if output == "-":
        click.echo(json.dumps(interchange.to_dict(doc), ensure_ascii=False))
    else:
        interchange.save(doc, output)
        click.echo(f"{output}: " + Message(N_(
            "{employees} employees, {objectives} objectives, {indicators} indicators"), {
            "employees": str(len(doc.employees)), "objectives": str(len(doc.objectives)),
            "indicators": str(len(doc.indicators))}).bilingual(), err=True)


@main.command(help=N_("Benchmark: compile, roll-up, single change, influence, memory."))
@click.option(
    "--scenario",
    "scenarios",
    multiple=True,
    type=click.Choice(["agency", "province", "national"]),
    help=N_("repeatable; default: all three."),
)
@click.option("--repeat", type=int, default=20, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option(
    "--database/--no-database",
    "with_database",
    default=True,
    show_default=True,
    help=N_("also time cold loads from SQLite and PostgreSQL (province)."),
)
@click.option(
    "--only",
    "parts",
    multiple=True,
    type=click.Choice(["engine", "score", "web", "database", "caches", "api"]),
    help=N_("repeatable; default: every part (web, database, caches and api: province only)."),
)
def bench(scenarios: tuple[str, ...], repeat: int, seed: int, with_database: bool,
          parts: tuple[str, ...]) -> None:
    from ekinerja.bench import PARTS, run

    run(list(scenarios) or ["agency", "province", "national"], repeat, seed, with_database,
        parts or PARTS)

