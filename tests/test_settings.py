"""Settings are declared once as data, and the README's table says the same."""

import re
from pathlib import Path

from ekinerja.settings import AppSettings, declared, from_environment

README = Path(__file__).resolve().parents[1] / "README.md"


def _readme_rows() -> dict[str, tuple[str, str, str]]:
    rows = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\| `(\w+)` \| `(\w+)` \| (.+?) \| (.+) \|$", line)
        if match:
            name, env, default, help_ = match.groups()
            rows[name] = (env, default, help_)
    return rows


def _default_text(default: object) -> str:
    return "—" if default is None else f"`{default}`"


def test_every_setting_is_in_the_readme_table_with_its_variable_default_and_help():
    rows = _readme_rows()
    assert set(rows) == {name for name, *_ in declared()}
    for name, env, default, help_ in declared():
        assert rows[name] == (env, _default_text(default), help_), name


def test_settings_come_from_the_environment_and_overrides_win():
    settings = from_environment(
        {"EKINERJA_DATABASE_URL": "sqlite:///x.sqlite", "EKINERJA_DEBUG": "ya"}, locale="en"
    )
    assert settings.database_url == "sqlite:///x.sqlite"
    assert settings.debug is True
    assert settings.locale == "en"


def test_unset_variables_keep_the_declared_defaults():
    assert from_environment({}) == AppSettings()
