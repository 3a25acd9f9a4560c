"""Command-line help in both languages, translated only when help is shown.

A command's `help=` and its options' `help=` are English msgids marked with `N_()`; the
classes here translate them while Click writes a help page, so running a command loads neither
the catalogs nor Babel (docs/decisions.md).
"""

from __future__ import annotations

import copy
import re
from gettext import gettext as click_text  # Click's own headings, as Click writes them

import click

from ekinerja.messages import N_

#: Click's own help texts, in the catalogs too (they are translated like ours).
CLICK_TEXTS: tuple[str, ...] = (
    N_("Show this message and exit."),
    N_("Show the version and exit."),
)

_SENTENCE_END = re.compile(r"(?<=\.)\s+(?![a-z])")


def _first_sentence(text: str) -> str:
    """The first sentence of a text's first paragraph, on one line, without its full stop."""
    paragraph = " ".join(text.partition("\n\n")[0].split())
    return _SENTENCE_END.split(paragraph, maxsplit=1)[0].removesuffix(".")


def _languages(msgid: str) -> tuple[str, str]:
    """A help text in Indonesian and in English (help texts are no templates: braces stay)."""
    from ekinerja.i18n import translator  # loads Babel and the catalogs: only for help

    return translator("id")(msgid), translator("en")(msgid)


def _pair(indonesian: str, english: str, between: str = " / ") -> str:
    return english if indonesian == english else f"{indonesian}{between}{english}"


def option_help(msgid: str) -> str:
    """An option's help: "Indonesian / English"."""
    return _pair(*_languages(msgid))


def command_help(msgid: str) -> str:
    """A command's help page text: the Indonesian paragraphs, then the English ones."""
    return _pair(*_languages(msgid), between="\n\n")


def short_help(msgid: str) -> str:
    """A command's line in its group's list: the first sentence in each language."""
    indonesian, english = _languages(msgid)
    return _pair(_first_sentence(indonesian), _first_sentence(english))


class HelpCommand(click.Command):
    """A command whose help and options' help are msgids, shown in Indonesian and English."""

    def get_short_help_str(self, limit: int = 45) -> str:
        """The first sentence of the help in both languages (the group's list wraps it)."""
        if self.short_help or not self.help:
            return super().get_short_help_str(limit)
        return short_help(self.help)

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The help text in both languages."""
        if not self.help:
            super().format_help_text(ctx, formatter)
            return
        shown = copy.copy(self)
        shown.help = command_help(self.help)
        click.Command.format_help_text(shown, ctx, formatter)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The options, each help in both languages (as click.Command.format_options)."""
        rows = []
        for param in self.get_params(ctx):
            if isinstance(param, click.Argument):
                continue
            if param.help:  # a copy: the option keeps its msgid
                param = copy.copy(param)
                param.help = option_help(param.help)  # type: ignore[union-attr]
            record = param.get_help_record(ctx)
            if record is not None:
                rows.append(record)
        if rows:
            with formatter.section(click_text("Options")):
                formatter.write_dl(rows)


class HelpGroup(click.Group, HelpCommand):
    """A group of HelpCommands (its subcommands and subgroups get these classes)."""

    command_class = HelpCommand


HelpGroup.group_class = HelpGroup
