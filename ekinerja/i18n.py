"""User-interface languages: gettext catalogs (Babel), Indonesian first; numbers and periods."""

from __future__ import annotations

import gettext
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path

from babel.dates import format_date, format_time

from ekinerja.messages import N_ as N_  # re-exported: pages mark messages with i18n.N_
from ekinerja.periods import Period, is_period, parse_period

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"
LANGUAGES: tuple[str, ...] = ("id", "en")  # the first is the default
DEFAULT_LANGUAGE = LANGUAGES[0]
BABEL_LOCALES: dict[str, str] = {"id": "id_ID", "en": "en_US"}
LANGUAGE_NAMES: dict[str, str] = {"id": "Bahasa Indonesia", "en": "English"}

Translate = Callable[[str], str]

#: Domain modules (ekinerja/<name>.py) whose `N_()` messages belong in the catalogs.
DOMAIN_MESSAGE_MODULES: tuple[str, ...] = (
    "numbers", "periods", "problems", "textrules", "workbooks",
)


def language(lang: str | None) -> str:
    """A supported language code; anything else falls back to Indonesian."""
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalog of a language (NullTranslations when it has none)."""
    return gettext.translation(
        DOMAIN, localedir=str(LOCALE_DIR), languages=[language(lang)], fallback=True
    )


def translator(lang: str | None) -> Translate:
    """The `_` function of a language: msgid (English) -> the language's text."""
    return translations(language(lang)).gettext


LEVEL_NAMES: dict[str, str] = {
    "vision": N_("Vision"),
    "mission": N_("Mission"),
    "goal": N_("Goal"),
    "objective": N_("Strategic objective"),
    "agency_objective": N_("Agency objective"),
    "program_objective": N_("Program objective"),
    "activity_objective": N_("Activity objective"),
    "subactivity_objective": N_("Sub-activity objective"),
    "individual": N_("Individual (RHK)"),
}


#: The default bands (model.DEFAULT_BANDS, named in Indonesian in plan files) as msgids; a plan's
#: own band names are shown as written.
BAND_NAMES: dict[str, str] = {
    "Sangat Tinggi": N_("Very high"),
    "Tinggi": N_("High"),
    "Sedang": N_("Medium"),
    "Rendah": N_("Low"),
    "Sangat Rendah": N_("Very low"),
}


def band_label(label: str | None, lang: str | None) -> str | None:
    """A band's name in a language: the default bands translated, others as the plan names them."""
    if label is None or label not in BAND_NAMES:
        return label
    return translator(lang)(BAND_NAMES[label])


def level_label(level: str, lang: str | None) -> str:
    """An objective level's name in a language (Visi, Misi, ..., RHK)."""
    return translator(lang)(LEVEL_NAMES[level]) if level in LEVEL_NAMES else level


class LevelLabels(Mapping[str, str]):
    """The level names of one language, read from its catalog (a view of LEVEL_NAMES)."""

    def __init__(self, lang: str):
        self.lang = lang

    def __getitem__(self, level: str) -> str:
        if level not in LEVEL_NAMES:
            raise KeyError(level)
        return level_label(level, self.lang)

    def __iter__(self) -> Iterator[str]:
        return iter(LEVEL_NAMES)

    def __len__(self) -> int:
        return len(LEVEL_NAMES)


LEVEL_LABELS_ID = LevelLabels("id")  # Indonesian level names (validation messages, reports)


def fmt_number(value: float | None, lang: str | None = None, digits: int | None = 2) -> str:
    """A number in the language's format (id: 1.234,56); an en dash for no value.

    The one formatter is `ekinerja.numbers.format_number`; this is its name for the pages.
    """
    from ekinerja.numbers import format_number  # numbers imports this module

    return format_number(value, lang, digits)


def fmt_target(value: float | list[float] | None, lang: str | None = None) -> str:
    """A target: one number, or a range `low–high`."""
    if isinstance(value, (list, tuple)):
        return f"{fmt_number(value[0], lang)}–{fmt_number(value[1], lang)}"
    return fmt_number(value, lang)


def fmt_date(value: date, lang: str | None = None) -> str:
    """A date for people: `5 Maret 2024` / `March 5, 2024`."""
    return format_date(value, "long", locale=BABEL_LOCALES[language(lang)])


def fmt_datetime(value: datetime, lang: str | None = None) -> str:
    """A date and time for people: `5 Maret 2024 14.30` / `March 5, 2024 2:30 PM`."""
    locale = BABEL_LOCALES[language(lang)]
    day = format_date(value, "long", locale=locale)
    return f"{day} {format_time(value, 'short', locale=locale)}"


ROMAN_QUARTERS: tuple[str, ...] = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class PeriodName:
    """A period as a message parameter (`ekinerja.messages.Message`): written as its label in
    the reader's language ("Triwulan IV 2022" / "Q4 2022"), the code itself when not one."""

    code: str

    def text(self, lang: str | None = None) -> str:
        """The period's label in a language."""
        return period_label(self.code, lang) if is_period(self.code) else self.code

    def __str__(self) -> str:
        return self.code


def period_label(period: str | Period, lang: str | None = None) -> str:
    """A period for people: `2023`; `Triwulan IV 2023` / `Q4 2023`; `Januari 2023` / `January 2023`.

    Indonesian reports name quarters "Triwulan I" to "Triwulan IV" (Roman numerals); the
    catalog's template may use ``{number}`` (4) or ``{roman}`` (IV).
    """
    p = parse_period(period) if isinstance(period, str) else period
    _ = translator(lang)
    if p.kind == "year":
        return str(p.year)
    if p.kind == "quarter":
        return _("Q{number} {year}").format(
            number=p.number, roman=ROMAN_QUARTERS[p.number - 1], year=p.year
        )
    return format_date(date(p.year, p.number, 1), "LLLL y", locale=BABEL_LOCALES[language(lang)])


# ----------------------------------------------------------------- catalog maintenance
def source_folders() -> list[Path]:
    """The folders whose Python files hold the interface's messages, found by path (nothing is
    imported): the package, and in a checkout the layouts/ and callbacks/ folders beside it
    (an installed wheel has them inside the package)."""
    package = Path(__file__).parent
    root = package.parent
    beside = [root / name for name in ("layouts", "callbacks")]
    if (root / "pyproject.toml").exists() and all(folder.is_dir() for folder in beside):
        return [package, *beside]
    return [package]


def source_files() -> list[Path]:
    """Every Python file of the source folders, in path order."""
    return sorted(file for folder in source_folders() for file in folder.rglob("*.py"))


def extract_messages() -> list[str]:
    """Every msgid marked with `_()` or `N_()` in the sources, in first-seen order."""
    from babel.messages.extract import extract_from_file

    seen: dict[str, None] = {}
    for file in source_files():
        for _line, message, _comments, _context in extract_from_file(
            "python", str(file), keywords={"_": None, "N_": None}
        ):
            seen.setdefault(message, None)
    return list(seen)


def po_path(lang: str) -> Path:
    """The .po catalog of a language."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(lang: str):  # -> babel.messages.Catalog
    """The .po catalog of a language, parsed."""
    from babel.messages.pofile import read_po

    with po_path(lang).open("rb") as handle:
        return read_po(handle, locale=BABEL_LOCALES[lang])


def compile_catalogs() -> list[Path]:
    """Compile every language's .po into its .mo (what `pybabel compile` does)."""
    from babel.messages.mofile import write_mo

    written = []
    for lang in LANGUAGES:
        catalog = read_catalog(lang)
        target = po_path(lang).with_suffix(".mo")
        with target.open("wb") as handle:
            write_mo(handle, catalog)
        written.append(target)
    translations.cache_clear()
    return written


def update_catalogs() -> list[str]:
    """Merge the sources' messages into both .po files (like `pybabel update`) and compile.

    Existing translations are kept (English repeats the msgid); messages no longer in the
    sources are dropped. Returns the msgids that still lack an Indonesian translation: write
    them into locale/id/LC_MESSAGES/messages.po and run this again.
    """
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    messages = extract_messages()
    untranslated = []
    for lang in LANGUAGES:
        old = read_catalog(lang) if po_path(lang).exists() else None
        catalog = Catalog(locale=BABEL_LOCALES[lang], domain=DOMAIN, project="ekinerja",
                          copyright_holder="ekinerja", fuzzy=False)
        for msgid in messages:
            if lang == "id":
                kept = old.get(msgid) if old is not None else None
                text = kept.string if kept is not None else ""
                if not text:
                    untranslated.append(msgid)
            else:
                text = msgid
            catalog.add(msgid, text)
        po_path(lang).parent.mkdir(parents=True, exist_ok=True)
        with po_path(lang).open("wb") as handle:
            write_po(handle, catalog, width=100, sort_output=False)
    compile_catalogs()
    return untranslated


def main(argv: list[str] | None = None) -> int:
    """`python -m ekinerja.i18n [update]` (`make catalogs`): bring the catalogs up to date with
    the sources and compile them; exit 1, naming them, while messages lack Indonesian."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    if args not in ([], ["update"]):
        print("usage: python -m ekinerja.i18n [update]", file=sys.stderr)
        return 2
    untranslated = update_catalogs()
    for msgid in untranslated:
        print(f"belum diterjemahkan / untranslated: {msgid!r}", file=sys.stderr)
    print(f"{po_path('id')}: {len(extract_messages())} messages, {len(untranslated)} untranslated")
    return 1 if untranslated else 0


if __name__ == "__main__":
    raise SystemExit(main())
