"""User-interface languages: gettext catalogs (Babel), Indonesian first; numbers and periods."""

from __future__ import annotations

import gettext
from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from pathlib import Path

from babel.dates import format_date, format_time

from ekinerja.messages import N_ as N_  # re-exported: pages mark messages with i18n.N_
from ekinerja.periods import Period, parse_period

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
def source_files() -> list[Path]:
    """The Python files whose `_()` / `N_()` messages make up the catalogs."""
    import ekinerja.callbacks
    import ekinerja.layouts

    domain = Path(__file__).parent
    files = [domain / "app.py", Path(__file__)]
    # domain modules whose messages are shown in the interface (Message msgids)
    files += [domain / f"{name}.py" for name in DOMAIN_MESSAGE_MODULES]
    for package in (ekinerja.layouts, ekinerja.callbacks):
        files.extend(sorted(Path(package.__file__).parent.glob("*.py")))
    files.append(Path(__file__).parent / "webauth.py")  # the sign-in pages (Flask)
    return files


def extract_messages() -> list[str]:
    """Every msgid marked with `_()` or `N_()` in the web app's sources, in first-seen order."""
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


def update_catalogs(indonesian: dict[str, str] | None = None) -> list[str]:
    """Merge the sources' messages into both .po files (like `pybabel update`) and compile.

    Existing translations are kept; `indonesian` adds or replaces Indonesian ones; English
    repeats the msgid. Messages no longer in the sources are dropped. Returns the msgids that
    still lack an Indonesian translation.
    """
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    messages = extract_messages()
    indonesian = indonesian or {}
    untranslated = []
    for lang in LANGUAGES:
        old = read_catalog(lang) if po_path(lang).exists() else None
        catalog = Catalog(locale=BABEL_LOCALES[lang], domain=DOMAIN, project="ekinerja",
                          copyright_holder="ekinerja", fuzzy=False)
        for msgid in messages:
            if lang == "id":
                kept = old.get(msgid) if old is not None else None
                text = indonesian.get(msgid) or (kept.string if kept is not None else "")
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
