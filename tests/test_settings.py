"""Settings are declared once as data, and the README's table says the same."""

import re
from pathlib import Path

import pytest

from ekinerja.settings import AppSettings, SettingError, declared, from_environment

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


def test_numeric_settings_are_read_as_numbers():
    settings = from_environment({"EKINERJA_SESSION_HOURS": "8.5",
                                 "EKINERJA_LOCKOUT_ATTEMPTS": "3"})
    assert (settings.session_hours, settings.lockout_attempts) == (8.5, 3)


def test_a_number_setting_that_is_not_a_number_names_its_variable():
    with pytest.raises(SettingError, match=r"EKINERJA_LOCKOUT_ATTEMPTS: .*must be a number"):
        from_environment({"EKINERJA_LOCKOUT_ATTEMPTS": "lima"})


def test_a_negative_number_setting_is_refused():
    with pytest.raises(SettingError, match="must not be negative"):
        from_environment({"EKINERJA_LOCKOUT_MINUTES": "-1"})


def test_the_secret_key_is_never_shown_in_the_settings_repr():
    assert "s3cr3t" not in repr(from_environment({"EKINERJA_SECRET_KEY": "s3cr3t-key"}))
