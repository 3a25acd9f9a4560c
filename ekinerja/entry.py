"""The `ekinerja` command's entry point.

`ekinerja score FILE.json --format json [--period P]`, the common scoring call, is answered
here without loading click and the command group (about 20 ms of a run, before the scan's
helper is forked: on both processes' paths). Every other command line, and every case this
path does not answer (a file the fast reader is not sure of, a period the plan does not
have), goes to the click command (:func:`ekinerja.cli.main`), which then says what it says
today: the output, the messages and the exit codes are the click command's.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Sequence

#: The options of `score` this path reads (each at most once) and what they give.
_OPTIONS = {"--period": "period", "-p": "period", "--format": "format"}


def main(args: Sequence[str] | None = None) -> None:
    """Run the `ekinerja` command on `args` (the process's arguments when None)."""
    args = list(sys.argv[1:] if args is None else args)
    fast = score_arguments(args)
    if fast is not None and _scored(*fast):
        return
    from ekinerja.cli import main as command

    command(args, prog_name="ekinerja")


def score_arguments(args: Sequence[str]) -> tuple[str, str | None] | None:
    """(FILE, period or None) of `score FILE --format json [--period P]` (options in any
    order, `--opt value` or `--opt=value`, FILE a .json file's path); None for any other
    command line (click reads it)."""
    if not args or args[0] != "score":
        return None
    given: dict[str, str] = {}
    k = 1
    while k < len(args):
        arg = args[k]
        name, _, attached = arg.partition("=")
        if arg in _OPTIONS and k + 1 < len(args):  # `--period 2024`
            option, value = _OPTIONS[arg], args[k + 1]
            k += 2
        elif name.startswith("--") and name in _OPTIONS and attached:  # `--period=2024`
            option, value = _OPTIONS[name], attached
            k += 1
        elif not arg.startswith("-"):
            option, value = "file", arg
            k += 1
        else:
            return None
        if option in given or value.startswith("-"):
            return None  # given twice, or what click might read otherwise
        given[option] = value
    file = given.get("file")
    if given.get("format") != "json" or file is None or not file.lower().endswith(".json"):
        return None
    return file, given.get("period")


def _scored(file: str, period: str | None) -> bool:
    """Write the score document of the plan `file` for `period` (the plan's default when
    None) as `ekinerja score` does; False, nothing written, when the click command must
    answer (the fast reader is not sure of the file, or the period is not the plan's)."""
    if "numpy" not in sys.modules:  # (as cli._one_blas_thread)
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from ekinerja import fastscore
    from ekinerja.messages import InputError
    from ekinerja.periods import default_score_period, plan_period

    try:
        engine = fastscore.engine_of_file(file, helpers=True)
        if engine is None:
            return False
        if period is None:
            period = default_score_period(engine)
        plan = engine.doc.plan
        try:
            plan_period(period, plan.start_year, plan.end_year)
        except InputError:
            return False
        evaluation = engine.evaluate(period)
        try:
            sys.stdout.flush()
            fastscore.write_score_json(evaluation, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        except OSError as exc:  # as click's main: a reader gone (`| head`) ends quietly
            if exc.errno != errno.EPIPE:
                raise
            _quiet_stdout()
            sys.exit(1)
        return True
    except KeyboardInterrupt:  # as click's main
        print("Aborted!", file=sys.stderr)
        sys.exit(1)
    finally:
        fastscore.wait_helpers()


def _quiet_stdout() -> None:
    """Standard output that writes nothing more (its reader is gone), as click leaves it."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
