"""Command-line help: every command's and option's help a msgid, shown in Indonesian and English
only when help is asked for."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from ekinerja import clihelp, i18n
from ekinerja.cli import main

PLAN = Path(__file__).parent / "plan.json"


def shown(*args: str) -> str:
    """The help page of a command, its lines joined (Click wraps them)."""
    result = CliRunner().invoke(main, [*args, "--help"])
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


def commands(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[
        tuple[tuple[str, ...], click.Command]]:
    """Every command under a group, with the words that call it."""
    for name, command in sorted(group.commands.items()):
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from commands(command, (*path, name))


def test_ekinerja_help_shows_its_commands_and_options_in_both_languages():
    page = shown()
    assert "Skor rencana untuk satu periode / Score a plan for one period" in page
    assert "Perintah basis data / Database commands" in page
    assert "Tampilkan pesan ini lalu keluar / Show this message and exit." in page
    assert "manajemen kinerja SAKIP" in page and "performance management (SAKIP" in page


def test_score_help_shows_an_option_in_indonesian_then_english():
    page = shown("score")
    assert "Jelaskan skor node ini / explain the score of this node." in page
    assert page.index("Skor rencana untuk satu periode.") < page.index(
        "Score a plan for one period.")


def test_db_help_and_a_db_command_help_in_both_languages():
    assert "Perbarui skema basis data (migrasi Alembic) / Bring the database schema" in shown("db")
    assert "Daftar cuplikan / list the snapshots." in shown("db", "restore")


@pytest.mark.parametrize(("args", "indonesian", "english"), [
    (("serve",), "Alamat / host address.", "Jalankan aplikasi web (http://HOST:PORT)."),
    (("tpp",), "Periode / period: YYYY, YYYY-Qn or YYYY-MM.", "TPP and ranking of one period"),
    (("remind",), "Kirim pengingat.", "print the mails instead of sending them."),
    (("report",), "Kode unit / unit code.", "Write a SAKIP document of a unit and year."),
    (("lke",), 'FILE berisi {"format": "ekinerja-lke/1"', 'FILE is {"format": "ekinerja-lke/1"'),
    (("user", "add"), "Tambah akun.", "role: admin | planner"),
    (("user", "token", "create"), "Buat token untuk sebuah akun",
     "what the token is for (e.g. simpeg-sync)."),
    (("import",), "Impor rencana (JSON / xlsx) dalam satu transaksi.",
     "only show what changes."),
])
def test_each_command_module_shows_its_help_in_both_languages(args, indonesian, english):
    page = shown(*args)
    assert indonesian in page and english in page


def test_every_help_text_is_a_translated_msgid_shown_in_both_languages():
    to_indonesian = i18n.translator("id")
    untranslated, missing = [], []
    for path, command in commands(main):
        page = "".join(shown(*path).split())  # Click breaks lines at hyphens too
        texts = [command.help, *(getattr(p, "help", None) for p in command.params)]
        for text in filter(None, texts):
            indonesian = to_indonesian(text)
            if indonesian == text:
                untranslated.append((path, text))
            for language in (indonesian, text):
                if "".join(language.split()) not in page:
                    missing.append((path, language))
    assert untranslated == [] and missing == []


def test_every_command_translates_its_help():
    plain = [path for path, command in commands(main)
             if not isinstance(command, clihelp.HelpCommand)]
    assert plain == []


def test_showing_help_keeps_the_msgids():
    shown("score")
    explain = next(p for p in main.commands["score"].params if p.name == "explain_code")
    assert explain.help == "explain the score of this node."
    assert main.commands["score"].help.startswith("Score a plan for one period.")


@pytest.mark.parametrize(("text", "first"), [
    ("Score a plan for one period.\n\nFILE is a plan.", "Score a plan for one period"),
    ("Copy it to FILE (for a schedule, e.g. cron). Then stop.",
     "Copy it to FILE (for a schedule, e.g. cron)"),
    ("SKP satu periode (docs/skp.md).\n\nFILE adalah rencana.", "SKP satu periode (docs/skp.md)"),
    ("No full stop", "No full stop"),
])
def test_a_command_list_line_is_the_first_sentence(text, first):
    assert clihelp._first_sentence(text) == first


def test_scoring_a_file_and_building_the_commands_load_no_catalog():
    script = (
        "import sys\n"
        "from ekinerja.cli import main\n"
        "try:\n"
        f"    main(['score', {str(PLAN)!r}, '--format', 'json'])\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        "scored = {'babel', 'ekinerja.i18n'} & set(sys.modules)\n"
        "main.commands  # every command module, with its help texts\n"
        "built = {'babel', 'ekinerja.i18n'} & set(sys.modules)\n"
        "print(sorted(scored), sorted(built), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "[] []"
    assert json.loads(done.stdout)["root"]
